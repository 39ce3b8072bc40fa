//! A file the tool read: its display path, its text (secrets masked) and line index.

use std::sync::{Arc, OnceLock};

use miette::NamedSource;

use crate::span::{LineIndex, Position, Span};

/// One source a finding can point into (a plan or an operators CSV).
#[derive(Debug, Clone)]
pub struct Source {
    /// The path as shown to the user (as given on the command line, `/` separated).
    pub path: String,
    /// The text, with every detected secret masked (same byte length).
    pub text: Arc<str>,
    /// Line starts, indexed the first time a position is asked for (most clean files
    /// never are).
    lines: OnceLock<LineIndex>,
    /// The text as miette wants it.
    pub named: NamedSource<Arc<str>>,
    /// True when the file is not a plan (binary, `/proc` data, control characters): its
    /// text is kept for line and column numbers but never shown.
    pub opaque: bool,
}

impl Source {
    /// A source from a path and its text.
    #[must_use]
    pub fn new(path: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        let path = path.into();
        let text: Arc<str> = text.into();
        let lines = OnceLock::new();
        let named = NamedSource::new(path.clone(), snippet_text(&text));
        Source {
            path,
            text,
            lines,
            named,
            opaque: false,
        }
    }

    /// A source whose text must never be shown (see [`Source::opaque`]).
    #[must_use]
    pub fn opaque(path: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        Source {
            opaque: true,
            ..Source::new(path, text)
        }
    }

    /// The line index of the text.
    #[must_use]
    pub fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(&self.text))
    }

    /// Line and column of a byte offset.
    #[must_use]
    pub fn position(&self, byte: usize) -> Position {
        self.lines().position(&self.text, byte)
    }

    /// Start and end positions of a span.
    #[must_use]
    pub fn range(&self, span: Span) -> (Position, Position) {
        (self.position(span.start()), self.position(span.end()))
    }
}

/// The text miette draws snippets from: a lone CR (a line break to YAML) becomes LF, so
/// snippets show lines as the line index counts them (same length: spans still hold).
fn snippet_text(text: &Arc<str>) -> Arc<str> {
    let bytes = text.as_bytes();
    let lone = |i: usize| bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n');
    // `str::contains` is a fast byte search: most files have no CR at all.
    if !text.contains('\r') || !text.match_indices('\r').any(|(i, _)| lone(i)) {
        return Arc::clone(text);
    }
    let fixed: String = text
        .char_indices()
        .map(|(i, c)| if c == '\r' && lone(i) { '\n' } else { c })
        .collect();
    fixed.into()
}
