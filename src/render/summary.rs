//! `--summary FILE`: a Markdown summary appended to a file (GitHub's job summary).

use std::fs::OpenOptions;
use std::io::{self, Write};
use std::path::Path;

use super::plural;
use crate::check::Report;
use crate::diagnostic::Severity;

/// Append the summary of a report to `path`.
///
/// # Errors
/// When the file cannot be opened or written.
pub fn append(path: &Path, report: &Report) -> io::Result<()> {
    let mut text = String::new();
    render(report, &mut text);
    let mut f = OpenOptions::new().create(true).append(true).open(path)?;
    f.write_all(text.as_bytes())
}

/// Escape text for a Markdown table cell.
#[must_use]
pub fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '\n' | '\r' => out.push(' '),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            _ => out.push(c),
        }
    }
    out
}

/// The summary as Markdown.
pub fn render(report: &Report, out: &mut String) {
    use std::fmt::Write as _;
    let errors = report.count(Severity::Error);
    let warnings = report.count(Severity::Warning);
    let _ = writeln!(out, "## imsplan validate\n");
    let _ = writeln!(
        out,
        "{} checked: {}, {}.\n",
        plural(report.files.len(), "file"),
        plural(errors, "error"),
        plural(warnings, "warning")
    );
    if report.findings.is_empty() {
        return;
    }
    let _ = writeln!(out, "| severity | code | location | message |");
    let _ = writeln!(out, "|---|---|---|---|");
    for f in &report.findings {
        let src = &report.sources[f.source];
        let p = src.position(f.span.start());
        let _ = writeln!(
            out,
            "| {} | [{}]({}) | `{}:{}:{}` | {} |",
            f.severity,
            f.code,
            f.code.rule().url,
            cell(&src.path).replace('`', "'"),
            p.line,
            p.column,
            cell(&f.message)
        );
    }
    out.push('\n');
}
