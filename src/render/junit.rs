//! `--format junit`: `JUnit` XML for CI test reports (GitLab, Jenkins, …). One
//! `<testsuite>` per file, one `<testcase>` per rule of the registry (every rule is
//! checked on every file). Failure means what the exit code means: a rule fails, with
//! one `<failure>` listing each of its failing findings, when it has an error, or a
//! warning under `--deny-warnings`; its other findings (warnings otherwise, notes) are
//! the case's `<system-out>`, so the report and the exit code always agree.

use std::io::{self, Write};

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use super::verdict::Policy;
use super::{Emitter, Style};
use crate::check::Report;
use crate::diagnostic::Finding;
use crate::rules::RULES;

/// `JUnit` XML.
pub struct Junit {
    /// Which findings fail the run, and so their rule's test case.
    pub policy: Policy,
}

/// Text safe for XML 1.0: characters XML cannot hold become U+FFFD.
#[must_use]
pub fn xml_safe(text: &str) -> String {
    text.chars()
        .map(|c| {
            let allowed = matches!(c, '\t' | '\n' | '\r')
                || (c >= ' ' && !matches!(c, '\u{FFFE}' | '\u{FFFF}'));
            if allowed { c } else { '\u{FFFD}' }
        })
        .collect()
}

/// An attribute value on one line (attribute newlines do not survive parsing).
fn one_line(text: &str) -> String {
    xml_safe(&text.replace(['\r', '\n', '\t'], " "))
}

fn line(report: &Report, f: &Finding) -> String {
    let src = &report.sources[f.source];
    let p = src.position(f.span.start());
    let mut out = format!(
        "{}:{}:{}: {}[{}]: {}",
        src.path, p.line, p.column, f.severity, f.code, f.message
    );
    if let Some(help) = &f.help {
        out.push_str("\n  help: ");
        out.push_str(help);
    }
    out
}

impl Emitter for Junit {
    fn emit(&self, report: &Report, w: &mut dyn Write, _style: Style) -> io::Result<()> {
        let failing = |f: &Finding| self.policy.fails(f.severity);
        // Findings of each file, in report order.
        let mut per_file: Vec<Vec<&Finding>> = vec![Vec::new(); report.files.len()];
        for f in &report.findings {
            per_file[report.file_of(f)].push(f);
        }
        let failures_of = |findings: &[&Finding]| {
            RULES
                .iter()
                .filter(|r| findings.iter().any(|f| failing(f) && f.code == r.code))
                .count()
        };
        let total_failures: usize = per_file.iter().map(|f| failures_of(f)).sum();
        let tests = (RULES.len() * report.files.len()).to_string();
        let listing = |findings: &[&&Finding]| {
            xml_safe(
                &findings
                    .iter()
                    .map(|f| line(report, f))
                    .collect::<Vec<_>>()
                    .join("\n"),
            )
        };

        let mut xml = Writer::new_with_indent(&mut *w, b' ', 2);
        xml.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        xml.create_element("testsuites")
            .with_attribute(("name", "imsplan validate"))
            .with_attribute(("tests", tests.as_str()))
            .with_attribute(("failures", total_failures.to_string().as_str()))
            .with_attribute(("errors", "0"))
            .write_inner_content(|xml| {
                for (file, findings) in report.files.iter().zip(&per_file) {
                    let path = xml_safe(&file.path);
                    xml.create_element("testsuite")
                        .with_attribute(("name", path.as_str()))
                        .with_attribute(("tests", RULES.len().to_string().as_str()))
                        .with_attribute(("failures", failures_of(findings).to_string().as_str()))
                        .with_attribute(("errors", "0"))
                        .with_attribute(("skipped", "0"))
                        .with_attribute(("time", "0"))
                        .write_inner_content(|xml| {
                            for rule in RULES {
                                let (fails, passes): (Vec<&&Finding>, Vec<&&Finding>) = findings
                                    .iter()
                                    .filter(|f| f.code == rule.code)
                                    .partition(|f| failing(f));
                                let name = format!("{} {}", rule.code.as_str(), rule.name);
                                let case = xml
                                    .create_element("testcase")
                                    .with_attribute(("name", name.as_str()))
                                    .with_attribute(("classname", path.as_str()))
                                    .with_attribute(("file", path.as_str()))
                                    .with_attribute(("time", "0"));
                                if fails.is_empty() && passes.is_empty() {
                                    case.write_empty()?;
                                    continue;
                                }
                                case.write_inner_content(|xml| {
                                    if let Some(first) = fails.first() {
                                        let first = one_line(&first.message);
                                        let message = if fails.len() > 1 {
                                            format!("{first} (and {} more)", fails.len() - 1)
                                        } else {
                                            first
                                        };
                                        xml.create_element("failure")
                                            .with_attribute(("type", rule.code.as_str()))
                                            .with_attribute(("message", message.as_str()))
                                            .write_text_content(BytesText::new(&listing(&fails)))?;
                                    }
                                    if !passes.is_empty() {
                                        xml.create_element("system-out").write_text_content(
                                            BytesText::new(&listing(&passes)),
                                        )?;
                                    }
                                    Ok(())
                                })?;
                            }
                            Ok(())
                        })?;
                }
                Ok(())
            })?;
        drop(xml);
        writeln!(w)
    }
}
