//! Findings as LSP diagnostics: the plan is checked by `check::check_text`, the very
//! function `validate` runs on each file, so codes, messages, severities and spans are
//! the same; only positions change unit (LSP lines are 0-based, columns UTF-16).

use std::path::Path;

use lsp_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location,
    NumberOrString, Uri,
};

use super::text::Lines;
use super::uri;
use crate::check::{self, Checked};
use crate::diagnostic::{Finding, Severity};
use crate::graph::Graph;
use crate::load::Limits;
use crate::model::Plan;
use crate::source::Source;

/// The result of checking one version of an open plan.
#[derive(Debug)]
pub struct Analysis {
    /// The document's version this is for.
    pub version: i32,
    /// Diagnostics per document: the plan first, then each operators CSV with findings.
    pub by_uri: Vec<(Uri, Vec<Diagnostic>)>,
    /// The plan, when it loaded without errors.
    pub plan: Option<Plan>,
    /// Its graph.
    pub graph: Option<Graph>,
}

/// Check the text of a plan whose file is `path` (CSVs are read next to it).
#[must_use]
pub fn analyse(doc: &Uri, path: &str, version: i32, text: &str, limits: &Limits) -> Analysis {
    let dir = Path::new(path).parent();
    let checked = check::check_text(path, text, dir, limits);
    convert(doc, version, checked)
}

fn convert(doc: &Uri, version: i32, checked: Checked) -> Analysis {
    let Checked {
        sources,
        findings,
        plan,
        graph,
        ..
    } = checked;
    let uris: Vec<Uri> = sources
        .iter()
        .enumerate()
        .map(|(i, s)| {
            if i == 0 {
                doc.clone()
            } else {
                uri::from_path(&s.path).unwrap_or_else(|| doc.clone())
            }
        })
        .collect();
    let lines: Vec<Lines> = sources.iter().map(|s| Lines::new(&s.text)).collect();
    let mut by_uri: Vec<(Uri, Vec<Diagnostic>)> =
        uris.iter().map(|u| (u.clone(), Vec::new())).collect();
    for f in &findings {
        let Some(source) = sources.get(f.source) else {
            continue;
        };
        let d = diagnostic(f, source, &lines[f.source], &uris[f.source]);
        by_uri[f.source].1.push(d);
    }
    // A CSV source without findings (none is added today) is not published.
    let mut i = 0;
    by_uri.retain(|(_, d)| {
        i += 1;
        i == 1 || !d.is_empty()
    });
    Analysis {
        version,
        by_uri,
        plan,
        graph,
    }
}

/// One finding as an LSP diagnostic. The help line and the "did you mean" replacement
/// travel in `data` (`help`, `fix`) for code actions; labels become related information.
#[must_use]
pub fn diagnostic(f: &Finding, source: &Source, lines: &Lines, uri: &Uri) -> Diagnostic {
    let text = &source.text;
    let range = lines.range(text, f.span);
    let url = f.code.rule().url;
    let mut related: Vec<DiagnosticRelatedInformation> = f
        .labels
        .iter()
        .map(|l| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), lines.range(text, l.span)),
            message: l.message.clone(),
        })
        .collect();
    if let Some(help) = &f.help {
        related.push(DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), range),
            message: format!("help: {help}"),
        });
    }
    let fix = f.help.as_deref().and_then(suggestion);
    Diagnostic {
        range,
        severity: Some(match f.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Info => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(f.code.as_str().to_owned())),
        code_description: url
            .parse()
            .ok()
            .filter(|_| !url.is_empty())
            .map(|href| CodeDescription { href }),
        source: Some("imsplan".to_owned()),
        message: f.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: Some(serde_json::json!({ "help": f.help, "fix": fix })),
    }
}

/// The replacement a help line proposes: the name in "did you mean `x`?", the one form
/// every rule and the loader use for a likely typo.
#[must_use]
pub fn suggestion(help: &str) -> Option<String> {
    let rest = &help[help.find("did you mean `")? + "did you mean `".len()..];
    let end = rest.find("`?")?;
    let name = &rest[..end];
    (!name.is_empty() && !name.contains('`')).then(|| name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::suggestion;

    #[test]
    fn suggestion_reads_the_help_line() {
        assert_eq!(
            suggestion("did you mean `stage`? environments are: `stage`").as_deref(),
            Some("stage")
        );
        assert_eq!(suggestion("`after` lists ids of steps in this plan"), None);
    }
}
