//! Positions between the tool's byte offsets and LSP's (line, UTF-16 column), and
//! text edits sent by the client. Every conversion clamps: no position can panic.

use lsp_types::{Position, Range, TextDocumentContentChangeEvent};

use crate::span::Span;

/// Line starts of a text, for byte ↔ LSP position conversions.
#[derive(Debug, Clone)]
pub struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    /// Index a text.
    #[must_use]
    pub fn new(text: &str) -> Self {
        // `match_indices` of a char is a memchr: fast on a 10,000-step plan.
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines { starts }
    }

    /// The LSP position of a byte offset (clamped to the text and a char boundary).
    #[must_use]
    pub fn position(&self, text: &str, byte: usize) -> Position {
        let mut byte = byte.min(text.len());
        while !text.is_char_boundary(byte) {
            byte -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= byte).max(1) - 1;
        let start = self.starts[line];
        let column: usize = text[start..byte].chars().map(char::len_utf16).sum();
        Position::new(to_u32(line), to_u32(column))
    }

    /// The LSP range of a span.
    #[must_use]
    pub fn range(&self, text: &str, span: Span) -> Range {
        Range::new(
            self.position(text, span.start()),
            self.position(text, span.end()),
        )
    }

    /// The byte offset of an LSP position: a line past the end is the end of the text, a
    /// column past the end of its line is the end of that line (before its line break),
    /// a column inside a surrogate pair is the start of that character.
    #[must_use]
    pub fn offset(&self, text: &str, pos: Position) -> usize {
        let Some(&start) = self.starts.get(pos.line as usize) else {
            return text.len();
        };
        let end = self
            .starts
            .get(pos.line as usize + 1)
            .map_or(text.len(), |&e| e - 1);
        let line = text[start..end]
            .strip_suffix('\r')
            .unwrap_or(&text[start..end]);
        let want = pos.character as usize;
        let mut units = 0;
        for (i, c) in line.char_indices() {
            if units + c.len_utf16() > want {
                return start + i;
            }
            units += c.len_utf16();
        }
        start + line.len()
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Apply one change from `didChange` to a text (a change without a range replaces it).
pub fn apply(text: &mut String, change: TextDocumentContentChangeEvent) {
    match change.range {
        None => *text = change.text,
        Some(range) => {
            let lines = Lines::new(text);
            let a = lines.offset(text, range.start);
            let b = lines.offset(text, range.end);
            let (a, b) = (a.min(b), a.max(b));
            text.replace_range(a..b, &change.text);
        }
    }
}

/// The word around a byte offset: letters, digits, `.`, `_` and `-` (ids, keywords and
/// rule codes), as its span, when there is one.
#[must_use]
pub fn word_at(text: &str, offset: usize) -> Option<Span> {
    let offset = offset.min(text.len());
    let is_word = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-');
    let bytes = text.as_bytes();
    let mut a = offset;
    while a > 0 && is_word(bytes[a - 1]) {
        a -= 1;
    }
    let mut b = offset;
    while b < bytes.len() && is_word(bytes[b]) {
        b += 1;
    }
    (b > a).then(|| Span::new(a, b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_columns_round_trip() {
        let text = "a: é😀x\nb\n";
        let lines = Lines::new(text);
        let x = text.find('x').unwrap_or(0);
        let p = lines.position(text, x);
        assert_eq!((p.line, p.character), (0, 6));
        assert_eq!(lines.offset(text, p), x);
        // Inside the surrogate pair: the start of the emoji.
        let emoji = text.find('😀').unwrap_or(0);
        assert_eq!(lines.offset(text, Position::new(0, 5)), emoji);
        assert_eq!(lines.offset(text, Position::new(9, 0)), text.len());
        assert_eq!(lines.offset(text, Position::new(1, 99)), text.len() - 1);
    }

    #[test]
    fn edits_apply_and_clamp() {
        let mut text = String::from("ab\ncd\n");
        apply(
            &mut text,
            TextDocumentContentChangeEvent {
                range: Some(Range::new(Position::new(1, 1), Position::new(0, 1))),
                range_length: None,
                text: "X".into(),
            },
        );
        assert_eq!(text, "aXd\n");
    }
}
