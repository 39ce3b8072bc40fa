//! The human report: miette's graphical diagnostics with source snippets, then a
//! summary line.

use std::io::{self, Write};

use miette::{GraphicalReportHandler, GraphicalTheme};

use super::{Emitter, Style, plural};
use crate::check::Report;
use crate::diagnostic::{Finding, Miette, Severity};
use crate::rules::Code;
use crate::source::Source;

/// Graphical report.
pub struct Human;

/// Findings drawn with a source snippet; the rest get one line each.
pub const MAX_GRAPHICAL: usize = 200;

/// Source bytes drawn in snippets at most (one long line drawn many times is slow).
const MAX_SNIPPET_BYTES: usize = 1 << 20;

/// Length of the line holding `at`.
fn line_len(text: &str, at: usize) -> usize {
    let at = at.min(text.len());
    let bytes = text.as_bytes();
    let start = bytes[..at]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let end = bytes[at..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(text.len(), |i| at + i);
    end - start
}

/// Longest line drawn in the snippet of a file that does not parse (P001): a file that
/// is not YAML at all (a credentials file, minified data) shows its location only.
const MAX_P001_LINE: usize = 240;

/// False when a finding's source text must not be shown: a file that is not a plan
/// (binary, control characters), or a long line of a file that does not parse.
fn snippet_allowed(f: &Finding, source: &Source) -> bool {
    let long = || line_len(&source.text, f.span.start()) > MAX_P001_LINE;
    !(source.opaque || (f.code == Code::P001 && long()))
}

/// `path:line:col: severity[CODE]: message`.
fn one_line(w: &mut dyn Write, f: &Finding, source: &Source) -> io::Result<()> {
    let at = source.position(f.span.start());
    writeln!(
        w,
        "{}:{}:{}: {}[{}]: {}",
        source.path, at.line, at.column, f.severity, f.code, f.message
    )
}

/// Render one finding as miette does.
#[must_use]
pub fn render_finding(finding: &Finding, source: &Source, style: Style) -> String {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false);
    let mut out = String::new();
    let diag = Miette { finding, source };
    if handler.render_report(&mut out, &diag).is_err() {
        out = format!(
            "{}[{}]: {}\n",
            finding.severity, finding.code, finding.message
        );
    }
    out
}

impl Emitter for Human {
    fn emit(&self, report: &Report, w: &mut dyn Write, style: Style) -> io::Result<()> {
        let mut budget = MAX_SNIPPET_BYTES;
        for (i, f) in report.findings.iter().enumerate() {
            let source = &report.sources[f.source];
            if budget > 0 {
                budget = budget.saturating_sub(line_len(&source.text, f.span.start()));
            }
            if i >= MAX_GRAPHICAL || budget == 0 {
                // Past this many, one line each: snippets of a hostile file (thousands of
                // findings on one long line) would otherwise take minutes to draw.
                one_line(w, f, source)?;
                continue;
            }
            if !snippet_allowed(f, source) {
                one_line(w, f, source)?;
                if let Some(help) = &f.help {
                    writeln!(w, "  help: {help}")?;
                }
                writeln!(w)?;
                continue;
            }
            let text = render_finding(f, source, style);
            writeln!(w, "{}", text.trim_end())?;
            writeln!(w)?;
        }
        writeln!(w, "{}", summary_line(report))
    }
}

/// `2 errors, 1 warning in 3 files` or `3 files checked, no problems`.
#[must_use]
pub fn summary_line(report: &Report) -> String {
    let files = plural(report.files.len(), "file");
    let errors = report.count(Severity::Error);
    let warnings = report.count(Severity::Warning);
    if errors == 0 && warnings == 0 {
        format!("{files} checked, no problems")
    } else {
        format!(
            "{}, {} in {files}",
            plural(errors, "error"),
            plural(warnings, "warning")
        )
    }
}
