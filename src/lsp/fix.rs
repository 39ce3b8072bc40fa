//! Code actions: a quick fix for every finding whose help says "did you mean `x`?",
//! replacing the misspelt key or value (inside its quotes, if it has any).

use std::collections::HashMap;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, Range, TextEdit, Uri, WorkspaceEdit,
};

use super::Doc;
use super::text::Lines;

fn overlaps(a: Range, b: Range) -> bool {
    a.start <= b.end && b.start <= a.end
}

/// The quick fixes for the findings that overlap a range.
pub(super) fn actions(doc: &Doc, uri: &Uri, range: Range) -> Vec<CodeActionOrCommand> {
    let Some(analysis) = doc.analysis.as_ref().filter(|a| a.version == doc.version) else {
        return Vec::new();
    };
    let Some((_, diags)) = analysis.by_uri.iter().find(|(u, _)| u == uri) else {
        return Vec::new();
    };
    let lines = Lines::new(&doc.text);
    let mut out = Vec::new();
    for d in diags.iter().filter(|d| overlaps(d.range, range)) {
        let Some(fix) = d
            .data
            .as_ref()
            .and_then(|v| v.get("fix"))
            .and_then(|v| v.as_str())
        else {
            continue;
        };
        let a = lines.offset(&doc.text, d.range.start);
        let b = lines.offset(&doc.text, d.range.end);
        let Some(written) = doc.text.get(a..b) else {
            continue;
        };
        // Inside quotes; never through an alias (`*x`), whose value is written elsewhere.
        let quoted = written.len() >= 2
            && (written.starts_with('"') && written.ends_with('"')
                || written.starts_with('\'') && written.ends_with('\''));
        let (a, b, word) = if quoted {
            (a + 1, b - 1, &written[1..written.len() - 1])
        } else {
            (a, b, written)
        };
        if word.is_empty()
            || word.starts_with(['*', '&', '!'])
            || word.contains('\n')
            || word == fix
        {
            continue;
        }
        let edit = TextEdit::new(
            Range::new(lines.position(&doc.text, a), lines.position(&doc.text, b)),
            fix.to_owned(),
        );
        out.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: format!("replace `{word}` with `{fix}`"),
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![d.clone()]),
            edit: Some(WorkspaceEdit {
                changes: Some(HashMap::from([(uri.clone(), vec![edit])])),
                ..WorkspaceEdit::default()
            }),
            is_preferred: Some(true),
            ..CodeAction::default()
        }));
    }
    out
}
