//! Every output of the tool is written here, one file per format behind one trait.
//! The rest of the library computes; only `render/` (and the binary) writes.

pub mod catalog;
pub mod diff;
pub mod github;
pub mod graph;
pub mod html;
pub mod human;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod next;
pub mod plan;
pub mod sarif;
pub mod short;
pub mod sources;
pub mod status;
pub mod status_html;
pub mod status_json;
pub mod summary;
pub mod timeline;
pub mod verdict;

use std::io::{self, Write};

use crate::check::Report;

/// How text output should look.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// Use colour.
    pub color: bool,
    /// Width for wrapping the human report.
    pub width: usize,
}

impl Default for Style {
    fn default() -> Self {
        Style {
            color: false,
            width: 80,
        }
    }
}

/// One output format of findings.
pub trait Emitter {
    /// Write the report.
    ///
    /// # Errors
    /// When the writer fails.
    fn emit(&self, report: &Report, w: &mut dyn Write, style: Style) -> io::Result<()>;
}

/// Output formats of findings (`validate --format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckFormat {
    /// Graphical report with source snippets.
    Human,
    /// `path:line:col: severity[CODE]: message`, one per line.
    Short,
    /// JSON document (SPEC §5).
    Json,
    /// SARIF 2.1.0 for code scanning.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// `JUnit` XML.
    Junit,
}

/// The emitter of a `validate` format; `policy` says which findings fail the run
/// (the formats that tell failure from findings follow it).
#[must_use]
pub fn emitter(format: CheckFormat, policy: verdict::Policy) -> Box<dyn Emitter> {
    match format {
        CheckFormat::Human => Box::new(human::HumanWith(policy)),
        CheckFormat::Short => Box::new(short::Short),
        CheckFormat::Json => Box::new(json::Json),
        CheckFormat::Sarif => Box::new(sarif::Sarif),
        CheckFormat::Github => Box::new(github::Github),
        CheckFormat::Junit => Box::new(junit::Junit { policy }),
    }
}

/// `1 error`, `2 warnings`.
#[must_use]
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// `error: message` on one line (red when colour is on).
///
/// # Errors
/// When the writer fails.
pub fn error_line(w: &mut dyn Write, message: &str, style: Style) -> io::Result<()> {
    if style.color {
        let red = anstyle::Style::new()
            .bold()
            .fg_color(Some(anstyle::AnsiColor::Red.into()));
        writeln!(w, "{red}error{red:#}: {}", crate::terminal::escape(message))
    } else {
        writeln!(w, "error: {}", crate::terminal::escape(message))
    }
}
