//! Reading the plan's text around a step: lines and their indentation, line breaks
//! (LF, CRLF, lone CR), block scalar headers and extents, and flow mappings (where one
//! closes, a key written as null).

use crate::span::Span;

/// How the old value was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Old {
    Absent,
    Plain,
    Single,
    Double,
    /// A block scalar whose content is indented this much.
    Block(usize),
}

pub(super) fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

pub(super) fn line_end(text: &str, from: usize) -> usize {
    let end = text[from..].find('\n').map_or(text.len(), |i| from + i);
    if end > from && text.as_bytes()[end - 1] == b'\r' {
        end - 1
    } else {
        end
    }
}

pub(super) fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// The line break a file uses: CRLF, a lone CR, or LF.
pub(super) fn newline_of(text: &str) -> &'static str {
    match text.find(['\r', '\n']) {
        Some(i) if text[i..].starts_with("\r\n") => "\r\n",
        Some(i) if text.as_bytes()[i] == b'\r' => "\r",
        _ => "\n",
    }
}

pub(super) fn has_lone_cr(text: &str) -> bool {
    text.match_indices('\r')
        .any(|(i, _)| text.as_bytes().get(i + 1) != Some(&b'\n'))
}

/// The text with every lone CR turned into LF (same length: offsets still hold).
pub(super) fn lone_cr_to_lf(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() != Some(&'\n') {
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

/// A block scalar header (`|`, `>-`, `|+2` …) at the end of a key line: its chomping
/// says whether trailing blank lines belong to the value (`+`).
pub(super) fn block_header(line: &str) -> Option<bool> {
    let (_, value) = line.split_once(": ")?;
    let word = value.split(" #").next().unwrap_or("").trim();
    let rest = word.strip_prefix(['|', '>'])?;
    rest.chars()
        .all(|c| c == '-' || c == '+' || c.is_ascii_digit())
        .then(|| rest.contains('+'))
}

/// Where a key inserted after the step's last line goes: after `last`, or, when the
/// step ends inside a keep-chomped block scalar (`|+`), after the blank lines that
/// follow it, which are part of that value.
pub(super) fn after_keep_block(
    text: &str,
    lines: &[(usize, usize)],
    step_indent: usize,
    last: usize,
) -> usize {
    // The block scalar open at the end of the step: (header indent, keep).
    let mut open: Option<(usize, bool)> = None;
    for (n, &(s, e)) in lines.iter().enumerate() {
        let line = &text[s..e];
        let ind = if n == 0 { step_indent } else { indent_of(line) };
        if let Some((h, _)) = open {
            if ind > h {
                continue;
            }
            open = None;
        }
        if let Some(keep) = block_header(line) {
            open = Some((ind, keep));
        }
    }
    if open.is_none_or(|(_, keep)| !keep) {
        return last;
    }
    let mut at = last;
    let mut pos = text[last..].find('\n').map(|i| last + i + 1);
    while let Some(start) = pos.filter(|&p| p < text.len()) {
        let end = line_end(text, start);
        if !text[start..end].trim().is_empty() {
            break;
        }
        at = end;
        pos = text[start..].find('\n').map(|i| start + i + 1);
    }
    at
}

/// In the flow mapping whose first key is at `at`: the span after `key:` when its value
/// is null (`key: null`, `"key": ~`, `key:` before `,` or `}`), which the loader reads
/// as absent.
pub(super) fn flow_null_value(text: &str, at: usize, key: &str) -> Option<Span> {
    let close = flow_close(text, at);
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut prev = b'{';
    let mut entry = Some(at);
    let mut i = at;
    while i < close {
        if let Some(start) = entry.take() {
            let rest = &text[start..close];
            let skipped = rest.len() - rest.trim_start().len();
            let k = start + skipped;
            let body = &text[k..close];
            let name_len = [format!("\"{key}\""), format!("'{key}'"), key.to_owned()]
                .into_iter()
                .find(|n| body.starts_with(n.as_str()))
                .map(|n| n.len());
            if let Some(n) = name_len {
                let after = &text[k + n..close];
                if let Some(v) = after.trim_start_matches([' ', '\t']).strip_prefix(':') {
                    let from = close - v.len();
                    let end = v.find([',', '}']).map_or(close, |j| from + j);
                    let value = text[from..end].trim();
                    if matches!(value, "" | "~" | "null" | "Null" | "NULL") {
                        return Some(Span::new(from, from + text[from..end].trim_end().len()));
                    }
                }
            }
        }
        match bytes[i] {
            // A quote opens a quoted scalar only where a value or key can start.
            b'"' | b'\'' if matches!(prev, b' ' | b'\t' | b'\n' | b'{' | b'[' | b',' | b':') => {
                i = skip_quoted(bytes, i);
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth = depth.saturating_sub(1),
            b',' if depth == 0 => entry = Some(i + 1),
            _ => {}
        }
        prev = bytes.get(i).copied().unwrap_or(b' ');
        i += 1;
    }
    None
}

/// The index of the closing quote of the quoted scalar that opens at `i`.
pub(super) fn skip_quoted(bytes: &[u8], i: usize) -> usize {
    let q = bytes[i];
    let mut j = i + 1;
    while j < bytes.len() {
        if q == b'"' && bytes[j] == b'\\' {
            j += 1;
        } else if bytes[j] == q {
            if q == b'\'' && bytes.get(j + 1) == Some(&b'\'') {
                j += 1;
            } else {
                return j;
            }
        }
        j += 1;
    }
    bytes.len()
}

/// The closing `}` of the flow mapping that holds `at` (or the text's end).
pub(super) fn flow_close(text: &str, at: usize) -> usize {
    let bytes = text.as_bytes();
    let mut depth = 1usize;
    let mut i = at;
    let mut prev = b'{';
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'\'' | b'"' if matches!(prev, b' ' | b'\t' | b'\n' | b'{' | b'[' | b',' | b':') => {
                i += 1;
                while i < bytes.len() {
                    if b == b'"' && bytes[i] == b'\\' {
                        i += 1;
                    } else if bytes[i] == b {
                        if b == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                            i += 1;
                        } else {
                            break;
                        }
                    }
                    i += 1;
                }
            }
            b'#' if matches!(prev, b' ' | b'\t' | b'\n') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
        prev = bytes.get(i).copied().unwrap_or(b' ');
        i += 1;
    }
    text.len()
}

/// The whole extent of a value and how it is written: a block scalar's span starts at
/// its content, so the header (`|`, `>-` …) is found before it and the end is the last
/// content line.
pub(super) fn value_extent(text: &str, span: Span) -> (Span, Old) {
    let start = span.start().min(text.len());
    let before = text[..start].trim_end_matches([' ', '\n', '\r']);
    let header = before.rfind([' ', ':', '\n']).map_or(0, |i| i + 1);
    let word = &before[header..];
    let is_block = word.starts_with(['|', '>'])
        && word[1..]
            .chars()
            .all(|c| c == '-' || c == '+' || c.is_ascii_digit());
    if is_block && !word.is_empty() {
        let content_line = line_start(text, start);
        let indent = indent_of(&text[content_line..line_end(text, content_line)]);
        let mut end = before.len();
        let mut pos = Some(
            text[header..]
                .find('\n')
                .map_or(text.len(), |i| header + i + 1),
        );
        while let Some(s) = pos.filter(|&p| p < text.len()) {
            let e = line_end(text, s);
            let line = &text[s..e];
            if line.trim().is_empty() {
            } else if indent_of(line) >= indent {
                end = e;
            } else {
                break;
            }
            pos = text[s..].find('\n').map(|i| s + i + 1);
        }
        return (Span::new(header, end), Old::Block(indent));
    }
    let old = match text.as_bytes().get(start) {
        Some(b'\'') => Old::Single,
        Some(b'"') => Old::Double,
        _ => Old::Plain,
    };
    (span, old)
}
