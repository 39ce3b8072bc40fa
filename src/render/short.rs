//! `path:line:col: severity[CODE]: message`, one finding per line.

use std::io::{self, Write};

use super::{Emitter, Style};
use crate::check::Report;

/// One line per finding.
pub struct Short;

impl Emitter for Short {
    fn emit(&self, report: &Report, w: &mut dyn Write, _style: Style) -> io::Result<()> {
        for f in &report.findings {
            let src = &report.sources[f.source];
            let p = src.position(f.span.start());
            writeln!(
                w,
                "{}:{}:{}: {}[{}]: {}",
                src.path,
                p.line,
                p.column,
                f.severity,
                f.code,
                f.message.replace('\n', " ")
            )?;
        }
        Ok(())
    }
}
