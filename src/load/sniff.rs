//! Wrong-file detection: when a file fails to load as a plan, what it looks like instead
//! (a runbook, `plan --format json` output, `SARIF`, `JUnit`, the JSON Schema, a calendar, a
//! graph…) and which command reads or writes it, so the user gets one finding that says
//! so instead of a YAML error or a page of schema errors.
//!
//! Only files that already failed to load are looked at, and a file with a top-level
//! plan key (`format`, `environments`, `steps` in YAML; `format` in JSON, since
//! `plan --format json` repeats the others) is always a plan with mistakes, never
//! something else.

use crate::span::Span;

/// What a file that is not a plan looks like.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sniffed {
    /// What it looks like, e.g. "a runbook written by `imsplan runbook`".
    pub what: String,
    /// Where the tell-tale sign is.
    pub at: Span,
}

impl Sniffed {
    /// The finding's message.
    #[must_use]
    pub fn message(&self) -> String {
        format!("not a plan: this looks like {}", self.what)
    }

    /// The finding's help line.
    #[must_use]
    pub fn help(&self) -> &'static str {
        "`validate`, `plan`, `runbook` and the other commands take a plan file (YAML that starts with `format: 1`; `imsplan init` writes one): check the path"
    }
}

/// Keys only a plan has at its top level.
const PLAN_KEYS: &[&str] = &["format", "environments", "steps"];

/// What `text` looks like when it is not a plan; `ext` is the file's extension.
#[must_use]
pub fn sniff(text: &str, ext: Option<&str>) -> Option<Sniffed> {
    let body = text.trim_start_matches('\u{feff}');
    let lead = text.len() - body.trim_start().len();
    let trimmed = &text[lead..];
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        return json(text);
    }
    if text.lines().any(|l| {
        PLAN_KEYS
            .iter()
            .any(|k| l.strip_prefix(k).is_some_and(|r| r.starts_with(':')))
    }) {
        return None;
    }
    let first = trimmed.lines().next().unwrap_or("").trim_end();
    let at = Span::new(lead, lead + first.len());
    let lower = first.to_ascii_lowercase();
    let found = |what: &str| {
        Some(Sniffed {
            what: what.to_owned(),
            at,
        })
    };
    let has_line = |prefix: &str| text.lines().any(|l| l.starts_with(prefix));
    if first.starts_with("# Runbook:") {
        return found("a runbook written by `imsplan runbook`");
    }
    if first == "# Migration status" {
        return found("a status page written by `imsplan status --format markdown`");
    }
    if first.starts_with("# ") && has_line("| wave |") {
        return found("an execution plan written by `imsplan plan --format markdown`");
    }
    if lower.starts_with("<?xml") || lower.starts_with("<testsuites") {
        return if text.contains("<testsuite") {
            found("a JUnit report written by `imsplan validate --format junit`")
        } else {
            found("an XML file")
        };
    }
    if lower.starts_with("<!doctype html") || lower.starts_with("<html") {
        return found(
            "an HTML page (`imsplan runbook --format html` and `imsplan status --format html` write these)",
        );
    }
    if first == "BEGIN:VCALENDAR" {
        return found("a calendar written by `imsplan calendar`");
    }
    if first.starts_with("digraph ") {
        return found("a Graphviz graph written by `imsplan graph --format dot`");
    }
    if ["flowchart ", "graph ", "gantt"]
        .iter()
        .any(|p| first.starts_with(p))
    {
        return found("a Mermaid diagram written by `imsplan graph`");
    }
    if first.starts_with("::error ") || first.starts_with("::warning ") {
        return found("GitHub workflow commands written by `imsplan validate --format github`");
    }
    if (first.starts_with("# ") && (has_line("## ") || has_line("| ") || has_line("- [ ]")))
        || matches!(ext, Some("md" | "markdown"))
    {
        return found("a Markdown document");
    }
    match ext {
        Some("html" | "htm") => found("an HTML page"),
        Some("xml") => found("an XML file"),
        Some("ics") => found("a calendar file"),
        Some("sarif") => found("a SARIF report written by `imsplan validate --format sarif`"),
        _ => None,
    }
}

/// A JSON document: which imsplan output or schema it is, by its keys.
fn json(text: &str) -> Option<Sniffed> {
    let value: serde_json::Value =
        serde_json::from_str(text.trim_start_matches('\u{feff}')).ok()?;
    let (obj, list) = match &value {
        serde_json::Value::Object(o) => (Some(o), false),
        serde_json::Value::Array(a) => (a.first().and_then(|v| v.as_object()), true),
        _ => (None, false),
    };
    let obj = obj?;
    // A JSON plan has `format`; `plan --format json` output has `environments` and
    // `steps` too.
    if !list && obj.contains_key("format") {
        return None;
    }
    let has = |k: &str| obj.contains_key(k);
    let str_of = |k: &str| obj.get(k).and_then(|v| v.as_str()).unwrap_or("");
    let (what, key) = if list && has("code") && has("severity") {
        (
            "the rule catalog written by `imsplan rules --format json`",
            "code",
        )
    } else if str_of("$schema").contains("sarif") || (has("runs") && str_of("version") == "2.1.0") {
        (
            "a SARIF report written by `imsplan validate --format sarif`",
            "$schema",
        )
    } else if str_of("$schema").contains("json-schema.org") {
        (
            "a JSON Schema (`imsplan schema` writes the plan's; editors read it through the `# yaml-language-server: $schema=…` line of a plan)",
            "$schema",
        )
    } else if has("format_version") && has("diagnostics") {
        (
            "findings written by `imsplan validate --format json`",
            "format_version",
        )
    } else if has("format_version") && has("plans") {
        (
            "a status report written by `imsplan status --format json`",
            "format_version",
        )
    } else if has("waves") || has("critical_path") {
        (
            "an execution plan written by `imsplan plan --format json`",
            if has("waves") {
                "waves"
            } else {
                "critical_path"
            },
        )
    } else if has("old") && has("new") && has("changed") {
        (
            "a comparison written by `imsplan diff --format json`",
            "changed",
        )
    } else if has("plan") && has("ready") {
        (
            "the next steps written by `imsplan next --format json`",
            "ready",
        )
    } else if has("code") && has("severity") && has("summary") {
        (
            "a rule's text written by `imsplan explain --format json`",
            "code",
        )
    } else {
        return None;
    };
    let quoted = format!("\"{key}\"");
    let at = text
        .find(&quoted)
        .map_or(Span::new(0, 1), |i| Span::new(i, i + quoted.len()));
    Some(Sniffed {
        what: what.to_owned(),
        at,
    })
}

#[cfg(test)]
mod tests {
    use super::sniff;

    #[test]
    fn plans_with_mistakes_are_never_something_else() {
        assert_eq!(sniff("# Runbook: x\nformat: 1\nsteps: [\n", None), None);
        assert_eq!(sniff("{\"format\": 2, \"waves\": []}", None), None);
        assert_eq!(sniff("# a comment\nname: x\n", Some("yaml")), None);
    }

    #[test]
    fn outputs_are_recognised() {
        let cases = [
            ("# Runbook: ACME\n\n## Summary\n", "imsplan runbook"),
            (
                "{\n  \"name\": \"a\",\n  \"waves\": []\n}",
                "plan --format json",
            ),
            (
                "{\"$schema\": \"https://json-schema.org/draft/2020-12/schema\"}",
                "JSON Schema",
            ),
            (
                "{\"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\", \"runs\": []}",
                "SARIF",
            ),
            (
                "<?xml version=\"1.0\"?>\n<testsuites>\n<testsuite>",
                "JUnit",
            ),
            ("BEGIN:VCALENDAR\nVERSION:2.0\n", "imsplan calendar"),
            ("flowchart LR\n  a --> b\n", "Mermaid"),
            (
                "{\"format_version\": \"1\", \"diagnostics\": []}",
                "validate --format json",
            ),
        ];
        for (text, words) in cases {
            let s = sniff(text, None).unwrap_or_else(|| panic!("{text}"));
            assert!(s.message().contains(words), "{text}: {}", s.message());
            assert!(s.at.end() <= text.len());
        }
        assert!(sniff("some: yaml\n", Some("md")).is_some());
    }
}
