//! Writing a value as YAML (or JSON) text: plain when safe, else double-quoted, or
//! a literal block scalar for text over several lines.

use std::fmt::Write as _;

pub(super) fn has_control(s: &str) -> bool {
    s.chars().any(char::is_control)
}

pub(super) fn needs_quotes(s: &str, flow: bool) -> bool {
    let Some(first) = s.chars().next() else {
        return true;
    };
    let reserved = [
        "true", "false", "null", "~", "yes", "no", "on", "off", "y", "n",
    ];
    "-?:,[]{}#&*!|>'\"%@`".contains(first)
        || first.is_ascii_digit()
        || first == '.'
        || first == '+'
        || s.starts_with(char::is_whitespace)
        || s.ends_with(char::is_whitespace)
        || s.ends_with(':')
        || s.contains(": ")
        || s.contains(" #")
        || has_control(s)
        || (flow && s.contains([',', '[', ']', '{', '}']))
        || reserved.iter().any(|r| s.eq_ignore_ascii_case(r))
}

pub(super) fn double(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A literal block scalar (`|` or `|-`); falls back to double quotes when the
/// text cannot be written as one (leading space, control characters, `\r`).
pub(super) fn block(s: &str, indent: usize, newline: &str) -> String {
    let body = s.trim_end_matches('\n');
    let trailing = s.len() - body.len();
    // `|+` would also keep the blank lines that follow in the file: quote instead.
    let bad = body.starts_with([' ', '\t'])
        || body.is_empty()
        || trailing > 1
        || s.chars().any(|c| c.is_control() && c != '\n' && c != '\t');
    if bad {
        return double(s);
    }
    let chomp = if trailing == 0 { "-" } else { "" };
    let pad = " ".repeat(indent);
    let mut out = format!("|{chomp}");
    for line in body.split('\n') {
        out.push_str(newline);
        if !line.is_empty() {
            out.push_str(&pad);
            out.push_str(line);
        }
    }
    out
}
