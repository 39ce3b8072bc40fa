//! `--format sarif`: SARIF 2.1.0 for code scanning (one run, every rule of the
//! registry, one result per finding), written with `serde_json`.
//!
//! Columns are UTF-16 code units (SARIF's default, declared as `columnKind`); the
//! fingerprint of a result hashes its code, path, message and the text of its line, so
//! it survives edits elsewhere in the file and is the same from run to run.

use std::collections::HashMap;
use std::io::{self, Write};

use serde_json::{Value, json};

use super::{Emitter, Style};
use crate::check::Report;
use crate::diagnostic::{Finding, Severity};
use crate::rules::{Code, RULES, Rule};
use crate::source::Source;
use crate::span::Span;

/// The SARIF document.
pub struct Sarif;

/// Where the SARIF 2.1.0 schema lives (the `$schema` of the document).
pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The key of our fingerprint in `partialFingerprints`.
pub const FINGERPRINT_KEY: &str = "imsplan/v1";

impl Emitter for Sarif {
    fn emit(&self, report: &Report, w: &mut dyn Write, _style: Style) -> io::Result<()> {
        let doc = document(report);
        serde_json::to_writer_pretty(&mut *w, &doc)?;
        writeln!(w)
    }
}

/// The whole SARIF log of a report.
#[must_use]
pub fn document(report: &Report) -> Value {
    let mut seen: HashMap<u64, usize> = HashMap::new();
    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|f| result(report, f, &mut seen))
        .collect();
    let artifacts: Vec<Value> = report
        .files
        .iter()
        .map(|f| json!({ "location": { "uri": artifact_uri(&f.path) } }))
        .collect();
    json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": driver() },
            "invocations": [{ "executionSuccessful": !report.nothing_checked() }],
            "columnKind": "utf16CodeUnits",
            "artifacts": artifacts,
            "results": results,
        }],
    })
}

fn driver() -> Value {
    let mut driver = json!({
        "name": "imsplan",
        "version": env!("CARGO_PKG_VERSION"),
        "semanticVersion": env!("CARGO_PKG_VERSION"),
        "rules": RULES.iter().map(rule).collect::<Vec<_>>(),
    });
    if let Some(home) = home() {
        driver["informationUri"] = home.into();
    }
    driver
}

/// The project's public address (`repository` in Cargo.toml), when it has one: no link
/// points at an address that does not exist.
fn home() -> Option<&'static str> {
    let home = env!("CARGO_PKG_REPOSITORY");
    (!home.is_empty()).then_some(home)
}

/// Where a rule is documented: its Adobe page, else its entry in `docs/rules.md` at the
/// project's public address, else Adobe's IMS migration overview (the page a plan
/// follows). Every rule has one: SARIF consumers link it.
#[must_use]
pub fn help_uri(rule: &Rule) -> String {
    if !rule.url.is_empty() {
        return rule.url.to_owned();
    }
    match home() {
        Some(home) => format!(
            "{home}/blob/main/docs/rules.md#{}",
            rule.code.as_str().to_lowercase()
        ),
        None => crate::code::pages::OVERVIEW.to_owned(),
    }
}

fn rule(rule: &Rule) -> Value {
    let full = if rule.explain.checks.is_empty() {
        rule.summary
    } else {
        rule.explain.checks
    };
    let mut help = format!("{}.", capitalize(rule.summary));
    if !rule.explain.why.is_empty() {
        help.push_str("\n\n");
        help.push_str(rule.explain.why);
    }
    let mut out = json!({
        "id": rule.code.as_str(),
        "name": rule.name,
        "shortDescription": { "text": rule.summary },
        "fullDescription": { "text": full },
        "help": { "text": help },
        "defaultConfiguration": { "level": level(rule.severity) },
    });
    out["helpUri"] = help_uri(rule).into();
    out
}

fn capitalize(text: &str) -> String {
    let mut c = text.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// The SARIF level of a severity.
#[must_use]
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn result(report: &Report, f: &Finding, seen: &mut HashMap<u64, usize>) -> Value {
    let src = &report.sources[f.source];
    let mut text = f.message.clone();
    if let Some(help) = &f.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    // Identical findings on identical lines stay apart by their occurrence number.
    let hash = fingerprint(f.code, &src.path, &f.message, line_text(src, f.span));
    let n = seen.entry(hash).or_insert(0);
    *n += 1;
    let related: Vec<Value> = f
        .labels
        .iter()
        .enumerate()
        .map(|(i, l)| {
            json!({
                "id": i,
                "physicalLocation": physical(src, l.span),
                "message": { "text": non_empty(&l.message) },
            })
        })
        .collect();
    let mut out = json!({
        "ruleId": f.code.as_str(),
        "ruleIndex": f.code as usize,
        "level": level(f.severity),
        "message": { "text": non_empty(&text) },
        "locations": [{ "physicalLocation": physical(src, f.span) }],
        "partialFingerprints": { FINGERPRINT_KEY: format!("{hash:016x}:{n}") },
    });
    if !related.is_empty() {
        out["relatedLocations"] = Value::Array(related);
    }
    out
}

fn non_empty(text: &str) -> &str {
    if text.trim().is_empty() { "-" } else { text }
}

fn physical(src: &Source, span: Span) -> Value {
    let (start_line, start_column) = utf16_position(src, span.start());
    let (end_line, end_column) = utf16_position(src, span.end());
    json!({
        "artifactLocation": { "uri": artifact_uri(&src.path) },
        "region": {
            "startLine": start_line,
            "startColumn": start_column,
            "endLine": end_line,
            "endColumn": end_column,
        },
    })
}

/// 1-based line and UTF-16 column of a byte offset.
#[must_use]
pub fn utf16_position(src: &Source, byte: usize) -> (usize, usize) {
    let p = src.position(byte);
    // An ASCII line: the character column already is the UTF-16 one, found without
    // scanning the line (a long line with many findings stays linear).
    if src.lines().is_ascii_line(p.line) {
        return (p.line, p.column);
    }
    let start = src.lines().offset(&src.text, p.line, 1).min(p.byte);
    let column = src
        .text
        .get(start..p.byte)
        .map_or(0, |s| s.encode_utf16().count())
        + 1;
    (p.line, column)
}

/// The text of the line a span starts on, without surrounding blanks.
fn line_text(src: &Source, span: Span) -> &str {
    let p = src.position(span.start());
    let start = src.lines().offset(&src.text, p.line, 1);
    let rest = src.text.get(start..).unwrap_or("");
    // At most the line's first 256 bytes: enough to tell lines apart, and a long line
    // with many findings is not hashed whole for each.
    let mut end = rest.len().min(256);
    while !rest.is_char_boundary(end) {
        end -= 1;
    }
    rest[..end].split('\n').next().unwrap_or("").trim()
}

/// A stable 64-bit FNV-1a hash of a finding's code, path, message and line text.
#[must_use]
pub fn fingerprint(code: Code, path: &str, message: &str, line: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in [code.as_str(), path, message, line] {
        for b in part.bytes().chain(std::iter::once(0)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// The URI of a display path: an absolute path inside the working directory becomes
/// relative to it (code scanning resolves relative URIs against the checkout).
fn artifact_uri(path: &str) -> String {
    let relative = std::env::current_dir().ok().and_then(|cwd| {
        std::path::Path::new(path)
            .strip_prefix(cwd)
            .ok()
            .map(|rest| rest.to_string_lossy().into_owned())
    });
    uri(relative.as_deref().unwrap_or(path))
}

/// A display path as a URI reference: relative paths stay relative (`/` separated,
/// percent-encoded); absolute ones become `file://` URIs.
#[must_use]
pub fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let absolute = path.starts_with('/');
    let drive = path.as_bytes().get(1) == Some(&b':');
    let encoded = encode(&path);
    if absolute {
        format!("file://{encoded}")
    } else if drive {
        format!("file:///{encoded}")
    } else {
        encoded
    }
}

fn encode(path: &str) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(path.len());
    for (i, b) in path.bytes().enumerate() {
        let keep = b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/')
            || (b == b':' && i == 1);
        if keep {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}
