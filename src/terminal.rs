//! Text for a terminal: no control character from a plan, a CSV or a path reaches it
//! raw (SPEC §11.9). [`escape`] writes them visibly (`\u{1b}`); [`Escaping`] does it for
//! a whole output stream; [`same_width`] blanks them in source snippets without moving
//! any byte offset.

use std::borrow::Cow;
use std::io::{self, Write};

/// True for the characters a terminal may act on: C0 controls other than line feed and
/// tab, DEL, C1 controls (U+0080–U+009F, e.g. the one-character CSI U+009B), the bidi
/// overrides and isolates that reorder what is shown, and the non-characters U+FFFE/FFFF.
#[must_use]
pub fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FFFE}' | '\u{FFFF}')
}

/// `s` with every [`is_unsafe`] character written as `\u{…}` (ESC becomes `\u{1b}`).
#[must_use]
pub fn escape(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_unsafe(c) {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `s` with every [`is_unsafe`] character replaced by a visible one of the same UTF-8
/// length (`?`, `¿` or `�`): byte offsets, line starts and character columns stay valid.
#[must_use]
pub fn same_width(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| match (is_unsafe(c), c.len_utf8()) {
                (false, _) => c,
                (true, 1) => '?',
                (true, 2) => '\u{BF}',
                (true, _) => '\u{FFFD}',
            })
            .collect(),
    )
}

/// A writer that escapes (see [`escape`]) everything written through it. For outputs
/// that add no colour of their own: plan, next, diff, runbook.
pub struct Escaping<W: Write> {
    inner: W,
    /// The start of a character split across two writes.
    pending: Vec<u8>,
}

impl<W: Write> Escaping<W> {
    /// Wrap a writer.
    pub fn new(inner: W) -> Self {
        Escaping {
            inner,
            pending: Vec::new(),
        }
    }
}

impl<W: Write> Write for Escaping<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let joined;
        let bytes = if self.pending.is_empty() {
            buf
        } else {
            self.pending.extend_from_slice(buf);
            joined = std::mem::take(&mut self.pending);
            &joined[..]
        };
        let mut rest = bytes;
        while !rest.is_empty() {
            match std::str::from_utf8(rest) {
                Ok(s) => {
                    self.inner.write_all(escape(s).as_bytes())?;
                    rest = &[];
                }
                Err(e) => {
                    let (good, bad) = rest.split_at(e.valid_up_to());
                    // Valid up to here by construction.
                    let s = std::str::from_utf8(good).unwrap_or_default();
                    self.inner.write_all(escape(s).as_bytes())?;
                    match e.error_len() {
                        // An incomplete character at the end: keep it for the next write.
                        None => {
                            self.pending.extend_from_slice(bad);
                            rest = &[];
                        }
                        Some(n) => {
                            self.inner.write_all("\u{FFFD}".as_bytes())?;
                            rest = &bad[n..];
                        }
                    }
                }
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.pending.is_empty() {
            self.pending.clear();
            self.inner.write_all("\u{FFFD}".as_bytes())?;
        }
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::{Escaping, escape, same_width};

    #[test]
    fn escapes_every_control_but_newline_and_tab() {
        assert_eq!(escape("plain\ttext\n"), "plain\ttext\n");
        assert_eq!(
            escape("\u{1b}]0;title\u{7}\u{1b}[2J\u{9b}31m\r\u{7f}\u{202e}"),
            "\\u{1b}]0;title\\u{7}\\u{1b}[2J\\u{9b}31m\\u{d}\\u{7f}\\u{202e}"
        );
    }

    #[test]
    fn same_width_keeps_offsets() {
        let s = "a\u{1b}b\u{9b}c\u{202e}d\te";
        let t = same_width(s);
        assert_eq!(t.len(), s.len());
        assert_eq!(t.chars().count(), s.chars().count());
        assert_eq!(t, "a?b\u{bf}c\u{fffd}d\te");
    }

    #[test]
    fn the_writer_escapes_across_split_writes() {
        let mut out = Vec::new();
        {
            let mut w = Escaping::new(&mut out);
            let csi = "x\u{9b}y".as_bytes();
            w.write_all(&csi[..2]).unwrap();
            w.write_all(&csi[2..]).unwrap();
            w.write_all(b"\x1b[2J\n").unwrap();
            w.flush().unwrap();
        }
        assert_eq!(String::from_utf8(out).unwrap(), "x\\u{9b}y\\u{1b}[2J\n");
    }
}
