//! The human report: miette's graphical diagnostics with source snippets, then a
//! summary line.

use std::io::{self, Write};

use std::borrow::Cow;
use std::sync::Arc;

use miette::{GraphicalReportHandler, GraphicalTheme, NamedSource};

use super::verdict::Policy;
use super::{Emitter, Style, plural};
use crate::check::Report;
use crate::diagnostic::{Finding, Miette, Severity};
use crate::rules::Code;
use crate::source::Source;
use crate::terminal::{escape, same_width};

/// Graphical report; only error-level findings fail (the report of a command that
/// validates before its own work).
pub struct Human;

/// The graphical report of a `validate` run, whose summary line says when warnings
/// fail it.
pub struct HumanWith(pub Policy);

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

/// `path:line:col: severity[CODE]: message` (escaped for the terminal).
fn one_line(w: &mut dyn Write, f: &Finding, source: &Source) -> io::Result<()> {
    let at = source.position(f.span.start());
    writeln!(
        w,
        "{}:{}:{}: {}[{}]: {}",
        escape(&source.path),
        at.line,
        at.column,
        f.severity,
        f.code,
        escape(&f.message)
    )
}

/// A source as miette draws it: path and text with control characters made visible
/// (same byte offsets); shares the text when there are none.
#[must_use]
pub fn drawable(source: &Source) -> NamedSource<Arc<str>> {
    let path = escape(&source.path);
    match same_width(&source.text) {
        Cow::Borrowed(_) if matches!(path, Cow::Borrowed(_)) => source.named.clone(),
        text => NamedSource::new(path, Arc::<str>::from(text.as_ref())),
    }
}

/// Render one finding as miette does; `code` is [`drawable`] of `source`.
#[must_use]
pub fn render_finding(
    finding: &Finding,
    source: &Source,
    code: &NamedSource<Arc<str>>,
    style: Style,
) -> String {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false);
    let mut out = String::new();
    let diag = Miette {
        finding,
        source,
        code,
    };
    if handler.render_report(&mut out, &diag).is_err() {
        out = format!(
            "{}[{}]: {}\n",
            finding.severity,
            finding.code,
            escape(&finding.message)
        );
    }
    out
}

impl Emitter for Human {
    fn emit(&self, report: &Report, w: &mut dyn Write, style: Style) -> io::Result<()> {
        HumanWith(Policy::default()).emit(report, w, style)
    }
}

impl Emitter for HumanWith {
    fn emit(&self, report: &Report, w: &mut dyn Write, style: Style) -> io::Result<()> {
        let mut budget = MAX_SNIPPET_BYTES;
        let mut drawn: Vec<Option<NamedSource<Arc<str>>>> = vec![None; report.sources.len()];
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
                    writeln!(w, "  help: {}", escape(help))?;
                }
                writeln!(w)?;
                continue;
            }
            let code = drawn[f.source].get_or_insert_with(|| drawable(source));
            let text = render_finding(f, source, code, style);
            writeln!(w, "{}", text.trim_end())?;
            writeln!(w)?;
        }
        writeln!(w, "{}", summary_line(report, self.0))
    }
}

/// `2 errors, 1 warning in 3 files` or `3 files checked, no problems`; when warnings
/// fail the run, the flag that made them: `0 errors, 2 warnings in 1 file (warnings
/// fail: --deny-warnings)`.
#[must_use]
pub fn summary_line(report: &Report, policy: Policy) -> String {
    let files = plural(report.files.len(), "file");
    let errors = report.count(Severity::Error);
    let warnings = report.count(Severity::Warning);
    if errors == 0 && warnings == 0 {
        return format!("{files} checked, no problems");
    }
    let mut line = format!(
        "{}, {} in {files}",
        plural(errors, "error"),
        plural(warnings, "warning")
    );
    if let Some(flag) = policy.warnings_fail_by(report) {
        line = format!("{line} (warnings fail: {flag})");
    }
    line
}
