//! The JSON report of SPEC §5. The shape is a contract: keys may be added, never
//! removed or renamed.

use std::io::{self, Write};

use serde::Serialize;

use super::{Emitter, Style};
use crate::check::Report;
use crate::diagnostic::Severity;
use crate::source::Source;
use crate::span::{Position, Span};

/// The JSON document.
pub struct Json;

#[derive(Serialize)]
struct Doc<'a> {
    format_version: &'static str,
    valid: bool,
    error_count: usize,
    warning_count: usize,
    info_count: usize,
    files: Vec<FileOut<'a>>,
    diagnostics: Vec<DiagOut<'a>>,
}

#[derive(Serialize)]
struct FileOut<'a> {
    path: &'a str,
    valid: bool,
}

#[derive(Serialize)]
struct DiagOut<'a> {
    code: &'static str,
    severity: &'static str,
    message: &'a str,
    help: Option<&'a str>,
    url: Option<&'static str>,
    file: &'a str,
    range: RangeOut,
    labels: Vec<LabelOut<'a>>,
}

#[derive(Serialize)]
struct LabelOut<'a> {
    message: &'a str,
    range: RangeOut,
}

/// A range as JSON: start and end, each with line, column and byte.
#[derive(Serialize)]
pub struct RangeOut {
    start: PosOut,
    end: PosOut,
}

#[derive(Serialize)]
struct PosOut {
    line: usize,
    column: usize,
    byte: usize,
}

impl From<Position> for PosOut {
    fn from(p: Position) -> Self {
        PosOut {
            line: p.line,
            column: p.column,
            byte: p.byte,
        }
    }
}

/// The JSON range of a span.
#[must_use]
pub fn range(source: &Source, span: Span) -> RangeOut {
    let (s, e) = source.range(span);
    RangeOut {
        start: s.into(),
        end: e.into(),
    }
}

impl Emitter for Json {
    fn emit(&self, report: &Report, w: &mut dyn Write, _style: Style) -> io::Result<()> {
        let errors = report.count(Severity::Error);
        let doc = Doc {
            format_version: "1",
            valid: errors == 0,
            error_count: errors,
            warning_count: report.count(Severity::Warning),
            info_count: report.count(Severity::Info),
            files: report
                .files
                .iter()
                .enumerate()
                .map(|(i, f)| FileOut {
                    path: &f.path,
                    valid: report.file_valid(i),
                })
                .collect(),
            diagnostics: report
                .findings
                .iter()
                .map(|f| {
                    let src = &report.sources[f.source];
                    let url = f.code.rule().url;
                    DiagOut {
                        code: f.code.as_str(),
                        severity: f.severity.as_str(),
                        message: &f.message,
                        help: f.help.as_deref(),
                        url: (!url.is_empty()).then_some(url),
                        file: &src.path,
                        range: range(src, f.span),
                        labels: f
                            .labels
                            .iter()
                            .map(|l| LabelOut {
                                message: &l.message,
                                range: range(src, l.span),
                            })
                            .collect(),
                    }
                })
                .collect(),
        };
        serde_json::to_writer_pretty(&mut *w, &doc)?;
        writeln!(w)
    }
}
