//! Byte spans into a source file, and `Sp<T>`: a value with the span it came from.
//!
//! Spans are byte offsets (what miette and slicing want); line and column are derived
//! only when a finding is rendered (`LineIndex`), so every output agrees on them.

/// A byte range in one source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Span {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl Span {
    /// A span from byte offsets (clamped to `u32`; files are capped far below that).
    #[must_use]
    pub fn new(start: usize, end: usize) -> Self {
        let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Span {
            start: clamp(start),
            end: clamp(end.max(start)),
        }
    }

    /// An empty span at one offset.
    #[must_use]
    pub fn at(offset: usize) -> Self {
        Span::new(offset, offset)
    }

    /// Start as `usize`.
    #[must_use]
    pub fn start(self) -> usize {
        self.start as usize
    }

    /// End as `usize`.
    #[must_use]
    pub fn end(self) -> usize {
        self.end as usize
    }

    /// Length in bytes.
    #[must_use]
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    /// True for a zero-length span.
    #[must_use]
    pub fn is_empty(self) -> bool {
        self.end == self.start
    }
}

/// A value and where it is in the file: `span` where it is used, `defined` where it was
/// written when it arrived through an alias or a `<<` merge.
#[derive(Debug, Clone, PartialEq)]
pub struct Sp<T> {
    /// The value.
    pub value: T,
    /// Where the value is used.
    pub span: Span,
    /// Where the value was written, when that differs (anchor or merge).
    pub defined: Option<Span>,
}

impl<T> Sp<T> {
    /// A value at a span, written where it is used.
    pub fn new(value: T, span: Span) -> Self {
        Sp {
            value,
            span,
            defined: None,
        }
    }

    /// The same spans around another value.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Sp<U> {
        Sp {
            value: f(self.value),
            span: self.span,
            defined: self.defined,
        }
    }

    /// The same spans around a new value.
    pub fn with<U>(&self, value: U) -> Sp<U> {
        Sp {
            value,
            span: self.span,
            defined: self.defined,
        }
    }
}

impl Sp<String> {
    /// The text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.value
    }
}

/// Line starts of a text, to turn byte offsets into 1-based line and column.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<u32>,
    /// Per line, true when it is all ASCII (its columns are byte offsets, so a file with
    /// thousands of findings on one long line stays linear).
    ascii: Vec<bool>,
}

/// A 1-based line and column (columns count Unicode scalar values) plus the byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// 0-based byte offset.
    pub byte: usize,
}

impl LineIndex {
    /// Index a text.
    #[must_use]
    pub fn new(text: &str) -> Self {
        // A line ends at LF, or at a CR not followed by LF (YAML reads a lone CR as a
        // line break too). One `memchr` pass; offsets as `u32` like `Span` (a 19 MB
        // plan has a million lines: 4 MB of starts instead of 8, sized exactly).
        let bytes = text.as_bytes();
        let offset = |i: usize| u32::try_from(i).unwrap_or(u32::MAX);
        let breaks = memchr::memchr2_iter(b'\n', b'\r', bytes)
            .filter(|&i| bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n'));
        let mut starts = Vec::with_capacity(memchr::memchr_iter(b'\n', bytes).count() + 1);
        starts.push(0);
        starts.extend(breaks.map(|i| offset(i + 1)));
        let ascii = starts
            .iter()
            .enumerate()
            .map(|(i, &s)| {
                // Clamped: offsets past 4 GiB saturate (as in `Span`), never panic.
                let start = (s as usize).min(text.len());
                let end = starts
                    .get(i + 1)
                    .map_or(text.len(), |&e| e as usize)
                    .clamp(start, text.len());
                bytes[start..end].is_ascii()
            })
            .collect();
        LineIndex { starts, ascii }
    }

    /// Line and column of a byte offset (clamped to the text and to a char boundary).
    #[must_use]
    pub fn position(&self, text: &str, byte: usize) -> Position {
        let mut byte = byte.min(text.len());
        while !text.is_char_boundary(byte) {
            byte -= 1;
        }
        let line = self.starts.partition_point(|&s| s as usize <= byte).max(1);
        let start = (self.starts[line - 1] as usize).min(byte);
        let column = if self.ascii.get(line - 1).copied().unwrap_or(false) {
            byte - start + 1
        } else {
            text[start..byte].chars().count() + 1
        };
        Position { line, column, byte }
    }

    /// True when 1-based `line` is all ASCII (a character column is then a byte
    /// count, and a UTF-16 one too).
    #[must_use]
    pub fn is_ascii_line(&self, line: usize) -> bool {
        self.ascii
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(false)
    }

    /// Byte offset of a 1-based line and character column (clamped).
    #[must_use]
    pub fn offset(&self, text: &str, line: usize, column: usize) -> usize {
        let Some(&start) = self.starts.get(line.saturating_sub(1)) else {
            return text.len();
        };
        let start = (start as usize).min(text.len());
        let end = self
            .starts
            .get(line)
            .map_or(text.len(), |&e| e as usize)
            .clamp(start, text.len());
        text[start..end]
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(end, |(i, _)| start + i)
    }
}

#[cfg(test)]
mod tests {
    use super::LineIndex;

    #[test]
    fn lines_end_at_lf_crlf_and_lone_cr_and_columns_count_characters() {
        let text = "a: 1\r\nb: 2\rcé: 3\nd";
        let lines = LineIndex::new(text);
        let at = |byte: usize| {
            let p = lines.position(text, byte);
            (p.line, p.column)
        };
        assert_eq!(at(0), (1, 1));
        assert_eq!(at(6), (2, 1)); // after CRLF
        assert_eq!(at(11), (3, 1)); // after a lone CR
        assert_eq!(at(15), (3, 4)); // `é` is one column, two bytes
        assert_eq!(at(text.len()), (4, 2));
        assert!(!lines.is_ascii_line(3) && lines.is_ascii_line(2));
        assert_eq!(lines.offset(text, 3, 4), 15);
        assert_eq!(lines.offset(text, 9, 1), text.len());
    }
}
