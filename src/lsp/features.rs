//! Hover and go to definition. Hover: a rule code shows its explain text; a step id its
//! kind, environment, dependencies and window; an environment id its role, hosting and
//! version; elsewhere, the explain text of the findings under the cursor. Definition:
//! from an `after` item or an `env` value to the step or environment it names.

use std::fmt::Write as _;

use lsp_types::{
    GotoDefinitionResponse, Hover, HoverContents, Location, MarkupContent, MarkupKind, Position,
    Uri,
};

use super::Doc;
use super::text::{Lines, word_at};
use crate::code::Code;
use crate::graph::{Graph, Reason};
use crate::model::{Plan, Step};
use crate::rules::Rule;
use crate::rules::versions::{Origin, effective_versions};
use crate::span::Span;

/// What a position in the plan names.
enum Target<'p> {
    Step(usize, &'p Step),
    Env(usize),
}

fn contains(span: Span, offset: usize) -> bool {
    span.start() <= offset && offset <= span.end() && !span.is_empty()
}

/// The step or environment named at a byte offset: a reference (`after`, `env`) or a
/// definition (a step's `id`, an environment's key).
fn target_at(plan: &Plan, offset: usize) -> Option<(Span, Target<'_>)> {
    let step = |id: &str| {
        plan.steps
            .iter()
            .enumerate()
            .find(|(_, s)| s.id.value == id)
            .map(|(i, s)| Target::Step(i, s))
    };
    let env = |id: &str| plan.env(id).map(|(i, _)| Target::Env(i));
    for s in &plan.steps {
        if contains(s.id.span, offset) {
            return Some((s.id.span, step(&s.id.value)?));
        }
        if contains(s.env.span, offset) {
            return Some((s.env.span, env(&s.env.value)?));
        }
        for a in s.after() {
            if contains(a.span, offset) {
                return Some((a.span, step(&a.value)?));
            }
        }
    }
    for e in &plan.environments {
        if contains(e.id.span, offset) {
            return Some((e.id.span, env(&e.id.value)?));
        }
        for a in e.after.iter().flatten() {
            if contains(a.span, offset) {
                return Some((a.span, env(&a.value)?));
            }
        }
    }
    None
}

/// Go to definition: the step an `after` item names, the environment an `env` value or
/// an environment's `after` item names.
pub(super) fn definition(doc: &Doc, uri: &Uri, pos: Position) -> Option<GotoDefinitionResponse> {
    let (_, Some(plan), _) = doc.model.as_ref()? else {
        return None;
    };
    let lines = Lines::new(&doc.text);
    let offset = lines.offset(&doc.text, pos);
    let (_, target) = target_at(plan, offset)?;
    let span = match target {
        Target::Step(_, s) => s.id.span,
        Target::Env(i) => plan.environments[i].id.span,
    };
    Some(GotoDefinitionResponse::Scalar(Location::new(
        uri.clone(),
        lines.range(&doc.text, span),
    )))
}

/// Hover on a rule code written in the text (`# IMS019 accepted`): its explain text.
/// Needs no plan, so it answers at once even while a large plan is being checked.
pub(super) fn code_hover(text: &str, pos: Position) -> Option<Hover> {
    let lines = Lines::new(text);
    let w = word_at(text, lines.offset(text, pos))?;
    let word = &text[w.start()..w.end()];
    let looks_like_code = word.starts_with(['P', 'p', 'I', 'i']) && word.len() <= 6;
    let code = looks_like_code.then(|| Code::parse(word)).flatten()?;
    Some(markdown(explain(code.rule()), Some(lines.range(text, w))))
}

fn markdown(value: String, range: Option<lsp_types::Range>) -> Hover {
    Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value,
        }),
        range,
    }
}

/// Hover on a step or environment id, else the findings under the cursor.
pub(super) fn hover(doc: &Doc, pos: Position) -> Option<Hover> {
    let lines = Lines::new(&doc.text);
    let offset = lines.offset(&doc.text, pos);
    if let Some((Some(plan), graph)) = doc.model.as_ref().map(|(_, p, g)| (p, g))
        && let Some((span, target)) = target_at(plan, offset)
    {
        let text = match target {
            Target::Step(i, s) => step_text(plan, graph.as_ref(), i, s),
            Target::Env(i) => env_text(plan, i),
        };
        return Some(markdown(text, Some(lines.range(&doc.text, span))));
    }
    Some(markdown(findings_at(doc, pos)?, None))
}

/// The explain text of the rules whose findings cover a position.
fn findings_at(doc: &Doc, pos: Position) -> Option<String> {
    let analysis = doc.analysis.as_ref().filter(|a| a.version == doc.version)?;
    let (_, diags) = analysis.by_uri.first()?;
    let mut codes: Vec<Code> = diags
        .iter()
        .filter(|d| d.range.start <= pos && pos <= d.range.end)
        .filter_map(|d| match &d.code {
            Some(lsp_types::NumberOrString::String(c)) => Code::parse(c),
            _ => None,
        })
        .collect();
    codes.dedup();
    (!codes.is_empty()).then(|| {
        codes
            .iter()
            .map(|c| explain(c.rule()))
            .collect::<Vec<_>>()
            .join("\n\n---\n\n")
    })
}

/// A rule's explain text (`imsplan explain CODE`) as Markdown.
#[must_use]
pub fn explain(r: &Rule) -> String {
    let mut s = format!(
        "**{}** `{}` ({})\n\n{}\n\n**What it checks.** {}\n\n**Why it matters.** {}\n",
        r.code.as_str(),
        r.name,
        r.severity,
        r.summary,
        r.explain.checks.trim(),
        r.explain.why.trim()
    );
    if !r.url.is_empty() {
        let _ = write!(s, "\nAdobe's page: <{}>\n", r.url);
    }
    let _ = write!(
        s,
        "\nFailing example:\n```yaml\n{}```\nFixed:\n```yaml\n{}```\n",
        r.explain.failing, r.explain.fixed
    );
    s
}

fn step_text(plan: &Plan, graph: Option<&Graph>, i: usize, s: &Step) -> String {
    let mut out = format!("**step `{}`**: `{}`", s.id.value, s.kind.value);
    if let Some(t) = &s.title {
        let _ = write!(out, ", {}", t.value);
    }
    out.push_str("\n\n");
    match plan.env(&s.env.value) {
        Some((_, e)) => {
            let _ = writeln!(
                out,
                "- environment: `{}` ({}, {}, version {})",
                e.id.value, e.role.value, e.hosting.value, e.version.value
            );
        }
        None => {
            let _ = writeln!(out, "- environment: `{}` (not defined)", s.env.value);
        }
    }
    let id = |j: usize| plan.steps.get(j).map_or("?", |s| s.id.value.as_str());
    // The version the step runs on after the upgrades before it (what the rules judge).
    if let Some(g) = graph
        && let Some(Some(e)) = effective_versions(plan, g).get(i)
    {
        let from = match e.origin {
            Origin::Upgrade(u) => format!(" (after `{}`)", id(u)),
            Origin::Env(_) => String::new(),
        };
        let _ = writeln!(out, "- runs on: {}{from}", e.text);
    }
    if let Some(to) = &s.to {
        let _ = writeln!(out, "- upgrade to: {}", to.value);
    }
    match graph.and_then(|g| g.deps.get(i)) {
        Some(deps) if !deps.is_empty() => {
            let list: Vec<String> = deps
                .iter()
                .map(|d| {
                    let why = match d.reason {
                        Reason::Explicit(_) => "after",
                        Reason::Phase => "phase order",
                        Reason::Promotion => "promotion",
                    };
                    format!("`{}` ({why})", id(d.step))
                })
                .collect();
            let _ = writeln!(out, "- runs after: {}", list.join(", "));
        }
        Some(_) => out.push_str("- runs after: nothing (can start first)\n"),
        None => {
            let named: Vec<String> = s.after().map(|a| format!("`{}`", a.value)).collect();
            if !named.is_empty() {
                let _ = writeln!(out, "- after: {}", named.join(", "));
            }
        }
    }
    if let Some(dependents) = graph.and_then(|g| g.dependents.get(i))
        && !dependents.is_empty()
    {
        let list: Vec<String> = dependents.iter().map(|&j| format!("`{}`", id(j))).collect();
        let _ = writeln!(out, "- before: {}", list.join(", "));
    }
    if let Some(wave) = graph.and_then(|g| g.waves.as_ref()).and_then(|w| w.get(i)) {
        let _ = writeln!(out, "- wave: {wave}");
    }
    window(&mut out, plan, graph, i, s);
    let _ = writeln!(out, "- status: {}", s.status());
    if let Some(o) = &s.owner {
        let _ = writeln!(out, "- owner: {}", o.value);
    }
    out
}

/// The step's window: `not-before`, duration, and the scheduled start and finish when
/// the plan has a `start`.
fn window(out: &mut String, plan: &Plan, graph: Option<&Graph>, i: usize, s: &Step) {
    let when = |t| crate::duration::when(t, &plan.zone);
    if let Some(nb) = &s.not_before {
        let _ = writeln!(out, "- not before: {}", when(nb.value));
    }
    if let Some(d) = &s.duration {
        let _ = writeln!(out, "- duration: {}", crate::duration::friendly(d.value));
    }
    let times = graph
        .and_then(|g| crate::schedule::Schedule::compute(plan, g))
        .and_then(|sch| sch.times.get(i).copied());
    match times {
        Some(t) => {
            let _ = writeln!(
                out,
                "- window: {} → {} (slack {})",
                when(t.start),
                when(t.finish),
                crate::duration::friendly(t.slack)
            );
        }
        None if plan.start.is_none() => {
            out.push_str("- window: no schedule (the plan has no `start`)\n");
        }
        None => {}
    }
}

fn env_text(plan: &Plan, i: usize) -> String {
    let e = &plan.environments[i];
    let mut out = format!(
        "**environment `{}`**: {}, {}, version {}\n\n",
        e.id.value, e.role.value, e.hosting.value, e.version.value
    );
    let steps: Vec<String> = plan
        .steps
        .iter()
        .filter(|s| s.env.value == e.id.value)
        .map(|s| format!("`{}` ({})", s.id.value, s.kind.value))
        .collect();
    if let Some(after) = &e.after {
        let list: Vec<String> = after.iter().map(|a| format!("`{}`", a.value)).collect();
        let _ = writeln!(
            out,
            "- promotes from: {}",
            if list.is_empty() {
                "nothing".into()
            } else {
                list.join(", ")
            }
        );
    }
    let _ = writeln!(
        out,
        "- steps: {}",
        if steps.is_empty() {
            "none".into()
        } else {
            steps.join(", ")
        }
    );
    out
}

#[cfg(test)]
mod tests {
    use super::step_text;

    /// The hover of a step says the version it runs on after the upgrades before it, not
    /// only the environment's declared one.
    #[test]
    fn step_hover_shows_the_effective_version() {
        let text = "format: 1\nname: a\nenvironments:\n  stage: {role: stage, hosting: managed, version: 7.3.5}\nsteps:\n  - {id: up, env: stage, kind: upgrade, to: 7.4.1}\n  - {id: users, env: stage, kind: migrate-users}\n";
        let c = crate::check::check_text("a.yaml", text, None, &crate::load::Limits::default());
        let (plan, graph) = (c.plan.unwrap(), c.graph.unwrap());
        let users = step_text(&plan, Some(&graph), 1, &plan.steps[1]);
        assert!(users.contains("- runs on: 7.4.1 (after `up`)"), "{users}");
        let up = step_text(&plan, Some(&graph), 0, &plan.steps[0]);
        assert!(up.contains("- runs on: 7.3.5\n"), "{up}");
    }
}
