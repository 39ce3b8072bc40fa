//! `imsplan rules` and `imsplan explain CODE`, as text or JSON, and the Markdown of
//! `docs/rules.md`: all from the registry.

use std::fmt::Write as _;
use std::io::{self, Write};

use serde::Serialize;

use crate::rules::{Code, RULES, Rule, pages};

/// Output formats of `rules` and `explain`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Text.
    Text,
    /// JSON.
    Json,
}

#[derive(Serialize)]
struct RuleOut {
    code: &'static str,
    name: &'static str,
    severity: &'static str,
    summary: &'static str,
    url: Option<&'static str>,
}

#[derive(Serialize)]
struct SourceOut {
    claim: &'static str,
    page: &'static str,
}

#[derive(Serialize)]
struct ExplainOut {
    #[serde(flatten)]
    rule: RuleOut,
    what_it_checks: &'static str,
    why_it_matters: &'static str,
    failing_example: &'static str,
    fixed_example: &'static str,
    sources: Vec<SourceOut>,
}

fn rule_out(r: &Rule) -> RuleOut {
    RuleOut {
        code: r.code.as_str(),
        name: r.name,
        severity: r.severity.as_str(),
        summary: r.summary,
        url: (!r.url.is_empty()).then_some(r.url),
    }
}

/// `imsplan rules`.
///
/// # Errors
/// When the writer fails.
pub fn rules(format: Format, w: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Json => {
            let all: Vec<RuleOut> = RULES.iter().map(rule_out).collect();
            serde_json::to_writer_pretty(&mut *w, &all)?;
            writeln!(w)
        }
        Format::Text => {
            for r in RULES {
                writeln!(
                    w,
                    "{:<7} {:<8} {:<32} {}",
                    r.code.as_str(),
                    r.severity.as_str(),
                    r.name,
                    r.summary
                )?;
            }
            Ok(())
        }
    }
}

/// `imsplan explain CODE`: the explain text of one rule.
///
/// # Errors
/// When the writer fails.
pub fn explain(code: Code, format: Format, out: &mut dyn Write) -> io::Result<()> {
    let r = code.rule();
    match format {
        Format::Json => {
            let e = ExplainOut {
                rule: rule_out(r),
                what_it_checks: r.explain.checks,
                why_it_matters: r.explain.why,
                failing_example: r.explain.failing,
                fixed_example: r.explain.fixed,
                sources: r
                    .explain
                    .sources
                    .iter()
                    .map(|c| SourceOut {
                        claim: c.text,
                        page: c.page,
                    })
                    .collect(),
            };
            serde_json::to_writer_pretty(&mut *out, &e)?;
            writeln!(out)?;
        }
        Format::Text => out.write_all(explain_text(r).as_bytes())?,
    }
    Ok(())
}

/// The explain text of a rule, as printed by `imsplan explain`: a title, the prose
/// wrapped at 80 columns, the two examples verbatim, the Adobe page and the page of
/// each claim.
#[must_use]
pub fn explain_text(r: &Rule) -> String {
    let mut s = format!(
        "{} {} ({})\n{}",
        r.code,
        r.name,
        r.severity,
        wrap(r.summary, 0)
    );
    let sections = [
        ("What it checks", wrap(r.explain.checks, 4)),
        ("Why it matters", wrap(r.explain.why, 4)),
        ("Failing example", verbatim(r.explain.failing)),
        ("Fixed example", verbatim(r.explain.fixed)),
    ];
    for (title, body) in sections {
        let _ = write!(s, "\n{title}\n{body}");
    }
    if !r.url.is_empty() {
        let _ = write!(s, "\nSource\n    {}\n", r.url);
    }
    s.push_str("\nWhat it rests on\n");
    for c in r.explain.sources {
        // The claim wrapped under its bullet, then the page on its own line.
        let claim = wrap(c.text, 6);
        let _ = writeln!(s, "    - {}      {}", claim.trim_start(), page_ref(c.page));
    }
    s
}

/// A cited page as shown: its address, or the project file it names.
fn page_ref(url: &str) -> String {
    match pages::page(url) {
        Some(p) if !p.url.starts_with("https://") => format!("{} (this project)", p.url),
        _ => url.to_owned(),
    }
}

/// Prose re-flowed to 80 columns with an indent (paragraphs kept).
fn wrap(text: &str, indent: usize) -> String {
    let pad = " ".repeat(indent);
    let mut out = String::new();
    for para in text.trim().split("\n\n") {
        let mut line = String::new();
        for word in para.split_whitespace() {
            if !line.is_empty() && pad.len() + line.len() + 1 + word.chars().count() > 80 {
                let _ = writeln!(out, "{pad}{line}");
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        if !line.is_empty() {
            let _ = writeln!(out, "{pad}{line}");
        }
    }
    out
}

/// An example plan, indented, lines kept as they are.
fn verbatim(text: &str) -> String {
    text.lines()
        .map(|l| {
            if l.is_empty() {
                "\n".to_owned()
            } else {
                format!("    {l}\n")
            }
        })
        .collect()
}

/// `docs/rules.md`, generated from the registry.
#[must_use]
pub fn rules_markdown() -> String {
    let mut s = String::from(
        "# Rules\n\n<!-- generated by `cargo test` from src/rules/catalog.rs (tests/docs.rs); do not edit -->\n\n| code | name | severity | summary |\n|---|---|---|---|\n",
    );
    for r in RULES {
        let _ = writeln!(
            s,
            "| [{}](#{}) | `{}` | {} | {} |",
            r.code,
            r.code.as_str().to_lowercase(),
            r.name,
            r.severity,
            r.summary.replace('|', "\\|")
        );
    }
    let _ = write!(
        s,
        "\n## Campaign v8 environments\n\n{}",
        crate::rules::versions::V8_DECISIONS
    );
    for r in RULES {
        let _ = write!(
            s,
            "\n## {}\n\n`{}` · {}\n\n{}\n\n### What it checks\n\n{}\n\n### Why it matters\n\n{}\n\n### Failing example\n\n```yaml\n{}```\n\n### Fixed example\n\n```yaml\n{}```\n",
            r.code,
            r.name,
            r.severity,
            r.summary,
            r.explain.checks.trim(),
            r.explain.why.trim(),
            r.explain.failing,
            r.explain.fixed,
        );
        if !r.url.is_empty() {
            let _ = write!(s, "\nSource: <{}>\n", r.url);
        }
        let _ = write!(s, "\n### What it rests on\n\n");
        for c in r.explain.sources {
            let page = match pages::page(c.page) {
                Some(p) if p.url.starts_with("https://") => format!("[{}]({})", p.title, p.url),
                _ => format!("[{}](plan-format.md)", c.page),
            };
            let _ = writeln!(s, "- {}: {page}", c.text);
        }
    }
    s
}
