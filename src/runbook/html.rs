//! The runbook as one self-contained HTML page (`runbook --format html`, SPEC §11.7):
//! the summary, an SVG timeline with one swimlane per party, the steps table, then wave
//! by wave (a printed page each) the same checklists, commands, checks, cautions,
//! points of no return, notes and Adobe pages as the Markdown runbook, from the same
//! [`Body`] texts. Every plan text is escaped (`render::html`).

use std::fmt::Write as _;
use std::io::{self, Write};

use super::render::{capitalize, heading, links, no_return_steps, summary_rows};
use super::{Body, CommandBlock, Item, StepCx};
use crate::duration::{friendly, when};
use crate::model::Status;
use crate::render::html::{self, esc, inline, link};
use crate::render::markdown::md_line;
use crate::render::plan::schedule_lines;
use crate::render::timeline::{self, Bar, BarState, Lane, Timeline};
use crate::status::parties;
use crate::tasks;
use crate::view::{View, actor};

/// Write the runbook page of a view; `source` names the plan file in the header.
///
/// # Errors
/// When the writer fails.
pub fn html(view: &View<'_>, source: &str, w: &mut dyn Write) -> io::Result<()> {
    let plan = view.plan;
    let title = plan
        .title
        .as_ref()
        .map_or(plan.name.value.as_str(), |t| t.value.as_str());
    let mut b = String::new();
    let _ = writeln!(
        b,
        "<a class=\"skip\" href=\"#main\">Skip to the runbook</a>\n<header>\n<h1>Runbook: {}</h1>\n<p>Plan <code>{}</code> from <code>{}</code>, target <code>{}</code>. Tick each box as you go; when a step is done, record it with <code>{}</code>.</p>\n</header>",
        esc(title),
        esc(&plan.name.value),
        esc(source),
        plan.target(),
        esc(&format!(
            "imsplan mark {} STEP --status done --evidence URL",
            crate::shell::path_word(source)
        )),
    );
    b.push_str("<nav aria-label=\"Sections\">\n<ul>\n<li><a href=\"#summary\">Summary</a></li>\n<li><a href=\"#timeline\">Timeline</a></li>\n<li><a href=\"#steps\">Steps at a glance</a></li>\n");
    // Chapters follow the scheduled start, as in the Markdown runbook: a wave split by
    // time appears twice (each chapter has its own anchor).
    let runs = view.wave_runs();
    for (k, (wave, _)) in runs.iter().enumerate() {
        let _ = writeln!(b, "<li><a href=\"#ch-{k}\">Wave {wave}</a></li>");
    }
    b.push_str("</ul>\n</nav>\n<main id=\"main\">\n");
    summary(view, &mut b);
    timeline(view, &mut b);
    steps_table(view, &mut b);
    let effective = crate::rules::versions::effective_versions(plan, view.graph);
    for (k, (wave, steps)) in runs.iter().enumerate() {
        let _ = writeln!(
            b,
            "<section class=\"wave\" id=\"ch-{k}\" aria-labelledby=\"h-ch-{k}\">\n<h2 id=\"h-ch-{k}\">Wave {wave}</h2>"
        );
        if steps.len() > 1 {
            b.push_str("<p>These steps can run in parallel.</p>\n");
        }
        for &i in steps {
            let runs_on = effective[i].as_ref().map(|e| e.text.as_str());
            step(view, i, runs_on, &mut b);
        }
        b.push_str("</section>\n");
    }
    b.push_str("</main>\n<footer>\n<p>Written by imsplan from the plan file; the plan in git is the reference.</p>\n</footer>\n");
    w.write_all(html::page(&format!("Runbook: {title}"), &b).as_bytes())
}

fn summary(view: &View<'_>, b: &mut String) {
    let plan = view.plan;
    b.push_str("<section id=\"summary\" aria-labelledby=\"h-summary\">\n<h2 id=\"h-summary\">Summary</h2>\n<div class=\"scroll\">\n<table>\n<thead><tr><th scope=\"col\">environment</th><th scope=\"col\">role</th><th scope=\"col\">hosting</th><th scope=\"col\">version now → target</th><th scope=\"col\">who acts</th><th scope=\"col\">Adobe contact</th></tr></thead>\n<tbody>\n");
    for row in summary_rows(view) {
        b.push_str("<tr>");
        for (k, cell) in row.iter().enumerate() {
            let tag = if k == 0 { "th scope=\"row\"" } else { "td" };
            let close = if k == 0 { "th" } else { "td" };
            let _ = write!(b, "<{tag}>{}</{close}>", inline(cell));
        }
        b.push_str("</tr>\n");
    }
    b.push_str("</tbody>\n</table>\n</div>\n<ul>\n");
    let closed = view
        .steps
        .iter()
        .filter(|&&i| plan.steps[i].status().is_closed())
        .count();
    let _ = writeln!(
        b,
        "<li>progress: {closed} of {} steps done or skipped</li>",
        view.steps.len()
    );
    for line in schedule_lines(view) {
        let _ = writeln!(b, "<li>{}</li>", inline(&md_line(&line)));
    }
    let no_return: Vec<String> = no_return_steps(view)
        .into_iter()
        .map(|i| {
            let id = esc(&plan.steps[i].id.value);
            format!("<a href=\"#step-{id}\"><code>{id}</code></a>")
        })
        .collect();
    if !no_return.is_empty() {
        let _ = writeln!(
            b,
            "<li>points of no return (read the banner before you start): {}</li>",
            no_return.join(", ")
        );
    }
    b.push_str("</ul>\n</section>\n");
}

/// The state a step's bar shows.
pub(crate) fn state(status: Status) -> BarState {
    match status {
        Status::Todo => BarState::Todo,
        Status::InProgress => BarState::InProgress,
        Status::Done => BarState::Done,
        Status::Skipped => BarState::Skipped,
    }
}

fn timeline(view: &View<'_>, b: &mut String) {
    let plan = view.plan;
    let no_return = no_return_steps(view);
    let mut lanes: Vec<Lane> = Vec::new();
    let sched = view.schedule.as_ref();
    let wave_of = |i: usize| view.graph.waves.as_ref().map_or(1, |w| w[i]);
    for &i in &view.steps {
        let s = &plan.steps[i];
        // Without a schedule, a bar per wave: 1000 units each.
        let (from, to, when_text) = if let Some(sc) = sched {
            let t = sc.times[i];
            (
                t.start.as_second(),
                t.finish.as_second(),
                format!(
                    "{} → {}",
                    when(t.start, &plan.zone),
                    when(t.finish, &plan.zone)
                ),
            )
        } else {
            let w = i64::try_from(wave_of(i)).unwrap_or(1);
            (
                (w - 1) * 1000,
                w * 1000 - 200,
                format!("wave {}", wave_of(i)),
            )
        };
        let critical = sched.is_some_and(|sc| sc.times[i].critical());
        let bar = Bar {
            label: s.id.value.clone(),
            detail: format!(
                "{} ({}, {}): {when_text}, {}{}{}",
                s.id.value,
                s.kind.value.as_str(),
                s.env.value,
                s.status(),
                if critical { ", critical" } else { "" },
                if no_return.contains(&i) {
                    ", point of no return"
                } else {
                    ""
                }
            ),
            from,
            to,
            state: state(s.status()),
            critical,
            no_return: no_return.contains(&i),
        };
        for party in parties(plan, i) {
            match lanes.iter_mut().find(|l| l.label == party) {
                Some(l) => l.bars.push(bar.clone()),
                None => lanes.push(Lane {
                    label: party,
                    bars: vec![bar.clone()],
                }),
            }
        }
    }
    // Adobe's lanes first, then the customer teams in order of their first step.
    lanes.sort_by_key(|l| match l.label.as_str() {
        "Adobe" => 0,
        "Adobe Customer Care" => 1,
        _ => 2,
    });
    let (lo, hi, ticks, heading) = if let Some(sc) = sched {
        let (lo, hi) = (sc.start.as_second(), sc.finish.as_second());
        let hi = hi.max(lo + 3600);
        (lo, hi, timeline::time_ticks(lo, hi), "Timeline (UTC)")
    } else {
        let n = i64::try_from(view.waves.len().max(1)).unwrap_or(1);
        (
            0,
            n * 1000,
            view.waves
                .iter()
                .map(|(w, _)| {
                    let at = i64::try_from(*w).unwrap_or(1);
                    ((at - 1) * 1000, format!("wave {w}"))
                })
                .collect(),
            "Timeline by wave (the plan has no start)",
        )
    };
    let t = Timeline {
        lo,
        hi,
        ticks,
        lanes,
        markers: Vec::new(),
    };
    let _ = writeln!(
        b,
        "<section id=\"timeline\" aria-labelledby=\"h-timeline\">\n<h2 id=\"h-timeline\">{heading}</h2>\n<figure>\n<div class=\"scroll\">"
    );
    b.push_str(&timeline::svg(
        &t,
        "tl",
        "Timeline: one swimlane per party",
        "Bars at the scheduled times of the steps, one lane per party. The steps table below gives the same facts as text.",
    ));
    b.push_str("</div>\n<figcaption>\n<ul class=\"legend\">\n<li>Lanes: Adobe, Adobe Customer Care, and each customer team by step owner</li>\n<li><span class=\"crit\">Red outline</span>: critical path (zero slack)</li>\n<li>✓ done · ▶ in progress · – skipped · no mark: to do</li>\n<li><span class=\"crit\">⚑ ◆</span> point of no return</li>\n</ul>\n</figcaption>\n</figure>\n</section>\n");
}

fn steps_table(view: &View<'_>, b: &mut String) {
    let plan = view.plan;
    let sched = view.schedule.as_ref();
    b.push_str("<section id=\"steps\" aria-labelledby=\"h-steps\">\n<h2 id=\"h-steps\">Steps at a glance</h2>\n<div class=\"scroll\">\n<table>\n<thead><tr><th scope=\"col\">wave</th><th scope=\"col\">step</th><th scope=\"col\">env</th><th scope=\"col\">kind</th><th scope=\"col\">actor</th><th scope=\"col\">owner</th><th scope=\"col\">duration</th>");
    if sched.is_some() {
        b.push_str("<th scope=\"col\">start</th><th scope=\"col\">finish</th><th scope=\"col\">critical</th>");
    }
    b.push_str("<th scope=\"col\">status</th><th scope=\"col\">after</th></tr></thead>\n<tbody>\n");
    for (wave, steps) in &view.waves {
        for &i in steps {
            let s = &plan.steps[i];
            let id = esc(&s.id.value);
            let _ = write!(
                b,
                "<tr><td>{wave}</td><th scope=\"row\"><a href=\"#step-{id}\"><code>{id}</code></a></th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>",
                esc(&s.env.value),
                s.kind.value.as_str(),
                actor(plan, i),
                s.owner.as_ref().map_or(String::new(), |o| esc(&o.value)),
                duration(view, i)
            );
            if let Some(sc) = sched {
                let t = sc.times[i];
                let _ = write!(
                    b,
                    "<td>{}</td><td>{}</td><td>{}</td>",
                    when(t.start, &plan.zone),
                    when(t.finish, &plan.zone),
                    if t.critical() {
                        "<span class=\"crit\">yes</span>"
                    } else {
                        ""
                    }
                );
            }
            let deps: Vec<String> = view.graph.deps[i]
                .iter()
                .map(|d| {
                    format!(
                        "{} ({})",
                        esc(&plan.steps[d.step].id.value),
                        d.reason.as_str()
                    )
                })
                .collect();
            let status = s.status();
            let _ = writeln!(
                b,
                "<td><span class=\"state state-{status}\">{}{status}</span></td><td>{}</td></tr>",
                state(status).symbol(),
                if deps.is_empty() {
                    "-".to_owned()
                } else {
                    deps.join(", ")
                }
            );
        }
    }
    b.push_str("</tbody>\n</table>\n</div>\n</section>\n");
}

fn duration(view: &View<'_>, i: usize) -> String {
    view.plan.steps[i]
        .duration
        .as_ref()
        .map_or("no duration".to_owned(), |d| friendly(d.value))
}

fn step(view: &View<'_>, i: usize, runs_on: Option<&str>, b: &mut String) {
    let plan = view.plan;
    let s = &plan.steps[i];
    let Some((_, env)) = plan.env(&s.env.value) else {
        return;
    };
    let cx = StepCx {
        plan,
        step: s,
        env,
        runs_on,
    };
    let row = tasks::row(s.kind.value, env.hosting.value);
    let status = s.status();
    let id = esc(&s.id.value);
    let _ = writeln!(
        b,
        "<article class=\"step\" id=\"step-{id}\" aria-labelledby=\"h-step-{i}\">\n<h3 id=\"h-step-{i}\"><code>{id}</code>: {}</h3>\n<dl class=\"facts\">",
        inline(&heading(&cx))
    );
    let _ = writeln!(
        b,
        "<dt>Who acts</dt><dd>{}. {} <span class=\"source\">(source: {})</span></dd>",
        esc(&capitalize(row.actor.label())),
        inline(row.who.text),
        inline(&links([row.who.page]))
    );
    if let Some(o) = &s.owner {
        let _ = writeln!(b, "<dt>Owner</dt><dd>{}</dd>", esc(&o.value));
    }
    let _ = writeln!(
        b,
        "<dt>Environment</dt><dd><code>{}</code> ({}, {}, {})</dd>",
        esc(&env.id.value),
        env.role.value,
        env.hosting.value,
        esc(cx.effective_version())
    );
    let _ = writeln!(
        b,
        "<dt>Status</dt><dd><span class=\"state state-{status}\">{}{status}</span></dd>",
        state(status).symbol()
    );
    let dur = duration(view, i);
    match view.schedule.as_ref().map(|sc| sc.times[i]) {
        Some(t) => {
            let _ = writeln!(
                b,
                "<dt>When</dt><dd>{} → {} ({dur}){}</dd>",
                when(t.start, &plan.zone),
                when(t.finish, &plan.zone),
                if t.critical() {
                    ", <span class=\"crit\">critical</span>: any delay moves the end date"
                        .to_owned()
                } else {
                    format!(", slack {}", friendly(t.slack))
                }
            );
        }
        None => {
            let _ = writeln!(b, "<dt>Duration</dt><dd>{dur}</dd>");
        }
    }
    if let Some(nb) = &s.not_before {
        let _ = writeln!(
            b,
            "<dt>Not before</dt><dd>{}</dd>",
            when(nb.value, &plan.zone)
        );
    }
    let deps: Vec<String> = view.graph.deps[i]
        .iter()
        .map(|d| {
            let dep = &plan.steps[d.step];
            let did = esc(&dep.id.value);
            format!(
                "<a href=\"#step-{did}\"><code>{did}</code></a> ({}, {})",
                d.reason.as_str(),
                dep.status()
            )
        })
        .collect();
    if !deps.is_empty() {
        let _ = writeln!(b, "<dt>Waits for</dt><dd>{}</dd>", deps.join(", "));
    }
    if let Some(e) = &s.evidence {
        let _ = writeln!(b, "<dt>Evidence</dt><dd>{}</dd>", link(&e.value));
    }
    b.push_str("</dl>\n");
    body(&cx, i, status, b);
    b.push_str("</article>\n");
}

/// The sources of a group of items, as the Markdown runbook words them.
fn sources(items: &[Item]) -> String {
    format!(
        " <span class=\"source\">(source: {})</span>",
        inline(&links(items.iter().map(|(_, p)| *p)))
    )
}

fn checklist(title: &str, items: &[Item], key: &str, i: usize, done: bool, b: &mut String) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(
        b,
        "<h4>{title}{}</h4>\n<ul class=\"checklist\">",
        sources(items)
    );
    for (n, (item, _)) in items.iter().enumerate() {
        let _ = writeln!(
            b,
            "<li><input type=\"checkbox\" id=\"{key}-{i}-{n}\"{}><label for=\"{key}-{i}-{n}\">{}</label></li>",
            if done { " checked" } else { "" },
            inline(item)
        );
    }
    b.push_str("</ul>\n");
}

fn body(cx: &StepCx<'_>, i: usize, status: Status, b: &mut String) {
    let body = Body::of(cx);
    let done = status == Status::Done;
    checklist("Checklist", &body.checklist, "ck", i, done, b);
    if !body.commands.is_empty() {
        let _ = writeln!(
            b,
            "<h4>Commands <span class=\"source\">(source: {})</span></h4>",
            inline(&links(body.command_pages.iter().copied()))
        );
    }
    for block in &body.commands {
        match block {
            CommandBlock::NotOnThisVersion(text) => {
                let _ = writeln!(b, "<p>{}</p>", inline(text));
            }
            CommandBlock::Run { title, text } => {
                let _ = writeln!(
                    b,
                    "<p>{}</p>\n<pre><code>{}</code></pre>",
                    inline(title),
                    esc(text)
                );
            }
        }
    }
    checklist("Verify", &body.verify, "vf", i, done, b);
    if !body.cautions.is_empty() {
        let _ = writeln!(b, "<h4>Cautions{}</h4>\n<ul>", sources(&body.cautions));
        for (c, _) in &body.cautions {
            let _ = writeln!(b, "<li>{}</li>", inline(c));
        }
        b.push_str("</ul>\n");
    }
    for (text, page) in &body.no_return {
        let _ = writeln!(
            b,
            "<div class=\"noreturn\" role=\"note\" aria-label=\"Point of no return\"><p><strong>⚑ Point of no return.</strong> {} <span class=\"source\">(source: {})</span></p></div>",
            inline(text),
            inline(&links([*page]))
        );
    }
    if let Some(notes) = &cx.step.notes {
        let _ = writeln!(
            b,
            "<h4>Notes <span class=\"muted\">(from the plan, shown as written)</span></h4>\n<pre class=\"notes\">{}</pre>",
            esc(&notes.value)
        );
    }
}
