//! The human report: miette's graphical diagnostics with source snippets, then a
//! summary line.

use std::io::{self, Write};

use miette::{GraphicalReportHandler, GraphicalTheme};

use super::{Emitter, Style, plural};
use crate::check::Report;
use crate::diagnostic::{Finding, Miette, Severity};
use crate::source::Source;

/// Graphical report.
pub struct Human;

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
        for f in &report.findings {
            let text = render_finding(f, &report.sources[f.source], style);
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
