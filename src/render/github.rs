//! `--format github`: GitHub Actions workflow commands (`::error file=…::message`), one
//! per finding, which GitHub shows as annotations on the lines of a pull request.

use std::io::{self, Write};

use super::{Emitter, Style};
use crate::check::Report;
use crate::diagnostic::Severity;
use crate::terminal::escape;

/// Workflow commands.
pub struct Github;

/// Escape the data of a workflow command (after `::`): `%`, CR and LF.
#[must_use]
pub fn escape_data(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            _ => out.push(c),
        }
    }
    out
}

/// Escape a property value of a workflow command: as data, plus `:` and `,`.
#[must_use]
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// The command word of a severity.
#[must_use]
pub fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

impl Emitter for Github {
    fn emit(&self, report: &Report, w: &mut dyn Write, _style: Style) -> io::Result<()> {
        for f in &report.findings {
            let src = &report.sources[f.source];
            let (start, end) = src.range(f.span);
            let mut message = escape(&f.message).into_owned();
            if let Some(help) = &f.help {
                message.push_str("\nhelp: ");
                message.push_str(&escape(help));
            }
            writeln!(
                w,
                "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                command(f.severity),
                escape_property(&escape(&src.path)),
                start.line,
                start.column,
                end.line,
                end.column,
                escape_property(f.code.as_str()),
                escape_data(&message)
            )?;
        }
        Ok(())
    }
}
