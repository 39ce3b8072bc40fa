//! One finding type for every rule, and its miette face.
//!
//! A `Finding` holds a rule code, a severity, a lower-case message, a help line, the
//! source it points into and byte spans. Rendering (human, short, json, …) lives in
//! `render/`; this module only adapts a finding to `miette::Diagnostic` so the human
//! report is miette's graphical one.

use std::fmt;

use miette::{Diagnostic, LabeledSpan, SourceCode};

use crate::code::Code;
pub use crate::code::Severity;
use crate::source::Source;
use crate::span::Span;
use crate::terminal::escape;

/// A secondary place of a finding.
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What it is.
    pub message: String,
}

/// One problem found in one source.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// The rule.
    pub code: Code,
    /// Severity (a rule's default, or lower for its milder form).
    pub severity: Severity,
    /// Lower-case message, names in backticks, no trailing period.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
    /// Index of the source in the report's sources.
    pub source: usize,
    /// The primary place.
    pub span: Span,
    /// Text for the primary label (defaults to nothing).
    pub primary_label: Option<String>,
    /// Other places.
    pub labels: Vec<Label>,
}

impl Finding {
    /// A finding with the rule's default severity.
    #[must_use]
    pub fn new(code: Code, source: usize, span: Span, message: impl Into<String>) -> Self {
        Finding {
            code,
            severity: code.severity(),
            message: message.into(),
            help: None,
            source,
            span,
            primary_label: None,
            labels: Vec::new(),
        }
    }

    /// Set the help line.
    #[must_use]
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Set the primary label text.
    #[must_use]
    pub fn primary(mut self, text: impl Into<String>) -> Self {
        self.primary_label = Some(text.into());
        self
    }

    /// Add a secondary label.
    #[must_use]
    pub fn label(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    /// Add a label where a value was defined, when it came through an anchor or merge.
    #[must_use]
    pub fn defined_at(self, defined: Option<Span>) -> Self {
        match defined {
            Some(span) => self.label(span, "value defined here (anchor or merge)"),
            None => self,
        }
    }

    /// Override the severity.
    #[must_use]
    pub fn severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }
}

/// A finding with its source, as a miette diagnostic for a terminal: every text is
/// escaped (`terminal::escape`), and the snippet is drawn from `code`.
pub struct Miette<'a> {
    /// The finding.
    pub finding: &'a Finding,
    /// Its source (already masked for secrets).
    pub source: &'a Source,
    /// The source as drawn: its text with control characters made visible, same offsets
    /// (see [`crate::terminal::same_width`]).
    pub code: &'a miette::NamedSource<std::sync::Arc<str>>,
}

impl fmt::Debug for Miette<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Miette")
            .field("finding", self.finding)
            .finish_non_exhaustive()
    }
}

impl fmt::Display for Miette<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&escape(&self.finding.message))
    }
}

impl std::error::Error for Miette<'_> {}

impl Diagnostic for Miette<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.finding.code.as_str()))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.finding.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.finding
            .help
            .as_ref()
            .map(|h| Box::new(escape(h)) as Box<dyn fmt::Display>)
    }

    fn url<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let url = self.finding.code.url();
        (!url.is_empty()).then(|| Box::new(url) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.code)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let len = self.source.text.len();
        let clamp = move |span: Span| {
            let start = span.start().min(len);
            (start, span.end().min(len) - start)
        };
        let f = self.finding;
        // A label on exactly the primary span becomes the primary label's text, so
        // miette does not draw two arrows at one place.
        let merged = f
            .primary_label
            .is_none()
            .then(|| f.labels.iter().position(|l| l.span == f.span))
            .flatten();
        let primary_text = f
            .primary_label
            .as_deref()
            .or_else(|| merged.map(|i| f.labels[i].message.as_str()))
            .map(|t| escape(t).into_owned());
        let primary = LabeledSpan::new_primary_with_span(primary_text, clamp(f.span));
        let rest = f
            .labels
            .iter()
            .enumerate()
            .filter(move |(i, _)| Some(*i) != merged)
            .map(move |(_, l)| {
                LabeledSpan::new_with_span(Some(escape(&l.message).into_owned()), clamp(l.span))
            });
        Some(Box::new(std::iter::once(primary).chain(rest)))
    }
}
