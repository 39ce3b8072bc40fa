//! `path:line:col: severity[CODE]: message`, one finding per line.

use std::io::{self, Write};

use anstyle::AnsiColor;

use super::{Emitter, Style};
use crate::check::Report;
use crate::diagnostic::Severity;
use crate::terminal::escape;

/// One line per finding.
pub struct Short;

impl Emitter for Short {
    fn emit(&self, report: &Report, w: &mut dyn Write, style: Style) -> io::Result<()> {
        for f in &report.findings {
            let src = &report.sources[f.source];
            let p = src.position(f.span.start());
            let color = match f.severity {
                Severity::Error => AnsiColor::Red,
                Severity::Warning => AnsiColor::Yellow,
                Severity::Info => AnsiColor::Cyan,
            };
            let paint = if style.color {
                anstyle::Style::new().bold().fg_color(Some(color.into()))
            } else {
                anstyle::Style::new()
            };
            writeln!(
                w,
                "{}:{}:{}: {paint}{}[{}]{paint:#}: {}",
                escape(&src.path),
                p.line,
                p.column,
                f.severity,
                f.code,
                escape(&f.message.replace(['\r', '\n'], " "))
            )?;
        }
        Ok(())
    }
}
