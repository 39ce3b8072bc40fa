//! The runbook as Markdown: title, summary table, the steps table shared with `plan
//! --format markdown`, the Mermaid flowchart and Gantt, then wave by wave each step's
//! actor, checklist, commands, checks, cautions, points of no return, notes, status and
//! evidence. Each group names the Adobe pages its items cite, beside its heading.
//!
//! User text never reaches the output raw: inline text goes through `md`/`code`,
//! notes sit in a fenced block longer than any backtick run they hold, Mermaid labels
//! are entity-escaped by `render::graph`.

use std::io::{self, Write};

use super::{Body, CommandBlock, Item, StepCx};
use crate::code::pages;
use crate::duration::{friendly, when};
use crate::model::{Kind, Status};
use crate::render::graph;
use crate::render::markdown::{code, md, md_line, steps_table};
use crate::render::plan::schedule_lines;
use crate::tasks::{self, Actor};
use crate::view::{View, actor_of};

/// Write the runbook of a view; `source` names the plan file in the header.
///
/// # Errors
/// When the writer fails.
pub fn markdown(view: &View<'_>, source: &str, w: &mut dyn Write) -> io::Result<()> {
    let plan = view.plan;
    let title = plan
        .title
        .as_ref()
        .map_or(plan.name.value.as_str(), |t| t.value.as_str());
    writeln!(w, "# Runbook: {}\n", md(title))?;
    writeln!(
        w,
        "Plan {} from {}, target `{}`. Tick each box as you go; when a step is done, record it with {}.\n",
        code(&plan.name.value),
        code(source),
        plan.target(),
        code(&format!(
            "imsplan mark {} STEP --status done --evidence URL",
            crate::shell::path_word(source)
        )),
    )?;
    summary(view, w)?;
    writeln!(w, "\n## Steps at a glance\n")?;
    steps_table(view, w)?;
    writeln!(w, "\n## Dependency graph\n")?;
    writeln!(
        w,
        "Thick arrows: explicit `after`; plain: phase order; dashed: promotion from another environment.\n"
    )?;
    writeln!(w, "```mermaid")?;
    graph::mermaid(view, w)?;
    writeln!(w, "```")?;
    if view.schedule.is_some() {
        let zone = plan.timezone.as_ref().map_or("UTC", |t| t.value.as_str());
        writeln!(w, "\n## Timeline ({})\n", md(zone))?;
        writeln!(w, "```mermaid")?;
        graph::gantt(view, w)?;
        writeln!(w, "```")?;
    }
    // The version each step runs on, as the rules compute it (SPEC §3).
    let effective = crate::rules::versions::effective_versions(plan, view.graph);
    // Chapters follow the scheduled start; a wave split by time appears twice.
    for (wave, steps) in view.wave_runs() {
        writeln!(w, "\n## Wave {wave}")?;
        if steps.len() > 1 {
            writeln!(w, "\nThese steps can run in parallel.")?;
        }
        for i in steps {
            let runs_on = effective[i].as_ref().map(|e| e.text.as_str());
            step(view, i, runs_on, w)?;
        }
    }
    Ok(())
}

/// The summary table's rows (Markdown cells): environment, role, hosting, version now
/// → target, who acts, Adobe contact.
pub(crate) fn summary_rows(view: &View<'_>) -> Vec<[String; 6]> {
    let plan = view.plan;
    let mut rows = Vec::new();
    for (e, steps) in view.by_env() {
        let env = &plan.environments[e];
        let mut versions = vec![md(&env.version.value)];
        for &i in &steps {
            let s = &plan.steps[i];
            match (s.kind.value, &s.to) {
                (Kind::Upgrade, Some(to)) => versions.push(md(&to.value)),
                (Kind::MoveToV8, _) => versions.push("v8".to_owned()),
                _ => {}
            }
        }
        if versions.len() == 1 {
            versions.push("no change".to_owned());
        }
        let who: Vec<String> = [Actor::Adobe, Actor::Both, Actor::Customer]
            .into_iter()
            .filter_map(|a| {
                let mut kinds: Vec<&str> = Vec::new();
                for &i in steps.iter().filter(|&&i| actor_of(plan, i) == a) {
                    let kind = plan.steps[i].kind.value.as_str();
                    if !kinds.contains(&kind) {
                        kinds.push(kind);
                    }
                }
                (!kinds.is_empty()).then(|| format!("{}: {}", a.label(), kinds.join(", ")))
            })
            .collect();
        rows.push([
            code(&env.id.value),
            env.role.value.to_string(),
            env.hosting.value.to_string(),
            versions.join(" → "),
            who.join("; "),
            tasks::contact(env.hosting.value).to_owned(),
        ]);
    }
    rows
}

/// The selected steps that carry a point of no return, in output order.
pub(crate) fn no_return_steps(view: &View<'_>) -> Vec<usize> {
    let plan = view.plan;
    view.steps
        .iter()
        .copied()
        .filter(|&i| {
            plan.env(&plan.steps[i].env.value).is_some_and(|(_, env)| {
                !tasks::row(plan.steps[i].kind.value, env.hosting.value)
                    .no_return
                    .is_empty()
            })
        })
        .collect()
}

fn summary(view: &View<'_>, w: &mut dyn Write) -> io::Result<()> {
    let plan = view.plan;
    writeln!(w, "## Summary\n")?;
    writeln!(
        w,
        "| environment | role | hosting | version now → target | who acts | Adobe contact |"
    )?;
    writeln!(w, "|---|---|---|---|---|---|")?;
    for row in summary_rows(view) {
        writeln!(w, "| {} |", row.join(" | "))?;
    }
    writeln!(w)?;
    let closed = view
        .steps
        .iter()
        .filter(|&&i| plan.steps[i].status().is_closed())
        .count();
    writeln!(
        w,
        "- progress: {closed} of {} steps done or skipped",
        view.steps.len()
    )?;
    for line in schedule_lines(view) {
        writeln!(w, "- {}", md_line(&line))?;
    }
    let no_return: Vec<String> = no_return_steps(view)
        .into_iter()
        .map(|i| code(&plan.steps[i].id.value))
        .collect();
    if !no_return.is_empty() {
        writeln!(
            w,
            "- points of no return (read the banner before you start): {}",
            no_return.join(", ")
        )?;
    }
    Ok(())
}

pub(crate) fn heading(cx: &StepCx<'_>) -> String {
    if let Some(t) = &cx.step.title {
        return md(&t.value);
    }
    let env = code(&cx.env.id.value);
    match cx.step.kind.value {
        Kind::Upgrade => format!(
            "Upgrade {env} to {}",
            cx.step.to.as_ref().map_or(String::new(), |t| md(&t.value))
        ),
        Kind::MigrateUsers => format!("Move the end users of {env} to Adobe IMS"),
        Kind::MigrateOperators => format!("Replace the technical operators of {env}"),
        Kind::EnableRestrictions => {
            format!("Turn on the native-authentication restrictions on {env}")
        }
        Kind::MoveToV8 => format!("Move {env} to Campaign v8"),
        Kind::Custom => md(&cx.step.id.value),
    }
}

/// A fenced code block that no line of `text` can close.
fn fenced(w: &mut dyn Write, lang: &str, text: &str) -> io::Result<()> {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat((longest + 1).max(3));
    writeln!(w, "{fence}{lang}")?;
    for line in text.lines() {
        writeln!(w, "{line}")?;
    }
    writeln!(w, "{fence}")
}

/// Evidence as a link when it is a plain http(s) URL, else escaped text.
fn evidence(text: &str) -> String {
    let plain = (text.starts_with("https://") || text.starts_with("http://"))
        && text
            .chars()
            .all(|c| c.is_ascii_graphic() && !matches!(c, '<' | '>' | '`' | '"' | '\\' | '|'));
    if plain { format!("<{text}>") } else { md(text) }
}

fn step(view: &View<'_>, i: usize, runs_on: Option<&str>, w: &mut dyn Write) -> io::Result<()> {
    let plan = view.plan;
    let s = &plan.steps[i];
    let Some((_, env)) = plan.env(&s.env.value) else {
        return Ok(());
    };
    let cx = StepCx {
        plan,
        step: s,
        env,
        runs_on,
    };
    let row = tasks::row(s.kind.value, env.hosting.value);
    let status = s.status();
    writeln!(w, "\n### {}: {}\n", code(&s.id.value), heading(&cx))?;
    writeln!(
        w,
        "- **Who acts:** {}. {} (source: {})",
        capitalize(row.actor.label()),
        row.who.text,
        links([row.who.page])
    )?;
    if let Some(o) = &s.owner {
        writeln!(w, "- **Owner:** {}", md(&o.value))?;
    }
    writeln!(
        w,
        "- **Environment:** {} ({}, {}, {})",
        code(&env.id.value),
        env.role.value,
        env.hosting.value,
        md(cx.effective_version())
    )?;
    writeln!(w, "- **Status:** {status}")?;
    let dur = s
        .duration
        .as_ref()
        .map_or("no duration".to_owned(), |d| friendly(d.value));
    match view.schedule.as_ref().map(|sc| sc.times[i]) {
        Some(t) => writeln!(
            w,
            "- **When:** {} → {} ({dur}){}",
            when(t.start, &plan.zone),
            when(t.finish, &plan.zone),
            if t.critical() {
                ", **critical**: any delay moves the end date".to_owned()
            } else {
                format!(", slack {}", friendly(t.slack))
            }
        )?,
        None => writeln!(w, "- **Duration:** {dur}")?,
    }
    if let Some(nb) = &s.not_before {
        writeln!(w, "- **Not before:** {}", when(nb.value, &plan.zone))?;
    }
    let deps: Vec<String> = view.graph.deps[i]
        .iter()
        .map(|d| {
            let dep = &plan.steps[d.step];
            format!(
                "{} ({}, {})",
                code(&dep.id.value),
                d.reason.as_str(),
                dep.status()
            )
        })
        .collect();
    if !deps.is_empty() {
        writeln!(w, "- **Waits for:** {}", deps.join(", "))?;
    }
    if let Some(e) = &s.evidence {
        writeln!(w, "- **Evidence:** {}", evidence(&e.value))?;
    }

    body(&cx, status, w)
}

/// Markdown links to the catalog pages of `urls`, each once, in the order given.
pub(crate) fn links<'a>(urls: impl IntoIterator<Item = &'a str>) -> String {
    let mut seen: Vec<&str> = Vec::new();
    for url in urls {
        if !seen.contains(&url) {
            seen.push(url);
        }
    }
    seen.iter()
        .map(|url| match pages::page(url) {
            Some(p) if p.url.starts_with("https://") => format!("[{}]({})", p.title, p.url),
            Some(p) => p.title.to_owned(),
            None => md(url),
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// A group: its heading with the pages its items cite, then its items.
fn group(w: &mut dyn Write, title: &str, bullet: &str, items: &[Item]) -> io::Result<()> {
    if items.is_empty() {
        return Ok(());
    }
    writeln!(
        w,
        "\n**{title}** (source: {})\n",
        links(items.iter().map(|(_, p)| *p))
    )?;
    for (item, _) in items {
        writeln!(w, "- {bullet}{item}")?;
    }
    Ok(())
}

/// The step's checklist, commands, checks, cautions, banners and notes, each group
/// with its sources.
fn body(cx: &StepCx<'_>, status: Status, w: &mut dyn Write) -> io::Result<()> {
    let s = cx.step;
    let body = Body::of(cx);
    let tick = if status == Status::Done {
        "[x] "
    } else {
        "[ ] "
    };
    group(w, "Checklist", tick, &body.checklist)?;
    if !body.commands.is_empty() {
        writeln!(
            w,
            "\n**Commands** (source: {})",
            links(body.command_pages.iter().copied())
        )?;
    }
    for block in &body.commands {
        match block {
            CommandBlock::NotOnThisVersion(text) => writeln!(w, "\n{text}")?,
            CommandBlock::Run { title, text } => {
                writeln!(w, "\n{title}\n")?;
                fenced(w, "sh", text)?;
            }
        }
    }
    group(w, "Verify", tick, &body.verify)?;
    group(w, "Cautions", "", &body.cautions)?;
    for (text, page) in &body.no_return {
        writeln!(
            w,
            "\n> [!CAUTION]\n> **Point of no return.** {text} (source: {})",
            links([*page])
        )?;
    }
    if let Some(notes) = &s.notes {
        writeln!(w, "\n**Notes** (from the plan, shown as written)\n")?;
        fenced(w, "text", &notes.value)?;
    }
    Ok(())
}

pub(crate) fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
}
