//! `--summary FILE`: a Markdown summary appended to a file (GitHub's job summary):
//! counts, then a table of findings whose locations link to the lines.
//!
//! User text (paths, messages) is escaped so it cannot break the table, start Markdown
//! formatting or inject HTML; names in backticks are shown as `<code>`.

use std::fs::OpenOptions;
use std::io::{self, Write};
use std::path::Path;

use super::plural;
use super::verdict::Policy;
use crate::check::Report;
use crate::diagnostic::Severity;

/// Append the summary of a report to `path`. Links to lines are relative file paths
/// (`plans/x.yaml#L3`), prefixed with `link_base` when given (for example
/// `https://github.com/OWNER/REPO/blob/SHA/`). The verdict follows `policy`: ❌ when
/// the run fails (and why, when warnings fail it).
///
/// # Errors
/// When the file cannot be opened or written.
pub fn append(
    path: &Path,
    report: &Report,
    policy: Policy,
    link_base: Option<&str>,
) -> io::Result<()> {
    let mut text = String::new();
    render(report, policy, link_base, &mut text);
    let mut f = OpenOptions::new().create(true).append(true).open(path)?;
    f.write_all(text.as_bytes())
}

/// Escape text for a Markdown table cell: `|`, line breaks and HTML (used by other
/// Markdown outputs, which add their own escaping on top).
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

/// Escape plain text for a Markdown table cell so that nothing in it has a meaning:
/// `|`, HTML and Markdown punctuation are neutralised, line breaks become spaces.
#[must_use]
pub fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '|' => out.push_str("&#124;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\n' | '\r' | '\t' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '(' | ')' | '#' | '!' | '~' | '$' | '@' | '{'
            | '}' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// A message for a table cell: the parts between backticks become `<code>` (when the
/// backticks pair up), everything is escaped with [`plain`].
#[must_use]
pub fn message(text: &str) -> String {
    let parts: Vec<&str> = text.split('`').collect();
    if parts.len().is_multiple_of(2) {
        return plain(text);
    }
    let mut out = String::new();
    for (i, part) in parts.iter().enumerate() {
        if i % 2 == 1 {
            out.push_str("<code>");
            out.push_str(&plain(part));
            out.push_str("</code>");
        } else {
            out.push_str(&plain(part));
        }
    }
    out
}

/// A path for a link target: percent-encoded except unreserved characters and `/`.
#[must_use]
pub fn link_path(path: &str) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(path.len());
    for b in path.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// The summary as Markdown.
pub fn render(report: &Report, policy: Policy, link_base: Option<&str>, out: &mut String) {
    use std::fmt::Write as _;
    let errors = report.count(Severity::Error);
    let warnings = report.count(Severity::Warning);
    let infos = report.count(Severity::Info);
    let _ = writeln!(out, "## imsplan validate\n");
    let verdict = if policy.failed(report) {
        "❌"
    } else if warnings > 0 {
        "⚠️"
    } else {
        "✅"
    };
    let _ = write!(
        out,
        "{verdict} {} checked: {}, {}",
        plural(report.files.len(), "file"),
        plural(errors, "error"),
        plural(warnings, "warning")
    );
    if infos > 0 {
        let _ = write!(out, ", {}", plural(infos, "note"));
    }
    if let Some(flag) = policy.warnings_fail_by(report) {
        let _ = write!(out, " (warnings fail: `{flag}`)");
    }
    out.push_str(".\n\n");
    if report.findings.is_empty() {
        return;
    }
    let _ = writeln!(out, "| severity | code | location | message |");
    let _ = writeln!(out, "|---|---|---|---|");
    let base = link_base.unwrap_or("");
    for f in &report.findings {
        let src = &report.sources[f.source];
        let p = src.position(f.span.start());
        let code = match super::sarif::help_uri(f.code.rule()) {
            Some(uri) => format!("[{}]({})", f.code, link_path_url(&uri)),
            None => f.code.to_string(),
        };
        let _ = writeln!(
            out,
            "| {} | {code} | [{}:{}:{}]({base}{}#L{}) | {} |",
            f.severity,
            plain(&src.path),
            p.line,
            p.column,
            link_path(&src.path),
            p.line,
            message(&f.message)
        );
    }
    out.push('\n');
}

/// A URL from the catalog, kept as it is but for characters that would end the link.
fn link_path_url(url: &str) -> String {
    url.replace(' ', "%20")
        .replace('(', "%28")
        .replace(')', "%29")
        .replace('|', "%7C")
}
