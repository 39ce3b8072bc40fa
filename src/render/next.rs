//! `imsplan next`: what can start now, what is under way, and what each blocked step
//! waits for (and on whom), as text or JSON.

use std::io::{self, Write};

use serde::Serialize;

use crate::graph::Graph;
use crate::model::Plan;
use crate::track::next::{Overdue, Progress};
use crate::view::actor;

/// Who acts, in words: `Adobe`, `customer`, `Adobe with the customer`.
#[must_use]
pub fn actor_words(actor: &str) -> &'static str {
    match actor {
        "adobe" => "Adobe",
        "adobe+customer" => "Adobe with the customer",
        _ => "customer",
    }
}

#[derive(Serialize)]
struct StepOut<'a> {
    id: &'a str,
    env: &'a str,
    kind: &'static str,
    title: Option<&'a str>,
    wave: usize,
    status: &'static str,
    actor: &'static str,
    /// The effective version (SPEC §11.1); for an upgrade, `from → to`.
    runs_on: String,
    owner: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    waits_for: Option<Vec<StepOut<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    opens: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    overdue: Option<String>,
}

#[derive(Serialize)]
struct NextOut<'a> {
    plan: &'a str,
    complete: bool,
    closed: usize,
    total: usize,
    ready: Vec<StepOut<'a>>,
    in_progress: Vec<StepOut<'a>>,
    blocked: Vec<StepOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    now: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    waiting: Option<Vec<StepOut<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    overdue: Option<Vec<StepOut<'a>>>,
}

/// What is overdue, in words.
fn overdue_text(plan: &Plan, o: Overdue) -> String {
    match o {
        Overdue::Running(t) => format!(
            "should have finished at {}",
            crate::duration::when(t, &plan.zone)
        ),
        Overdue::Deadline(t) => format!("deadline {} passed", crate::duration::when(t, &plan.zone)),
    }
}

fn step_out<'a>(plan: &'a Plan, graph: &Graph, runs_on: &[String], i: usize) -> StepOut<'a> {
    let s = &plan.steps[i];
    StepOut {
        id: &s.id.value,
        env: &s.env.value,
        kind: s.kind.value.as_str(),
        title: s.title.as_ref().map(|t| t.value.as_str()),
        wave: graph.waves.as_ref().map_or(0, |w| w[i]),
        status: s.status().as_str(),
        actor: actor(plan, i),
        runs_on: runs_on[i].clone(),
        owner: s.owner.as_ref().map(|o| o.value.as_str()),
        waits_for: None,
        opens: None,
        overdue: None,
    }
}

/// `--format json`.
///
/// # Errors
/// When the writer fails.
pub fn json(plan: &Plan, graph: &Graph, p: &Progress, w: &mut dyn Write) -> io::Result<()> {
    let on = crate::rules::versions::runs_on(plan, graph);
    let step_out = |plan, graph, i| step_out(plan, graph, &on, i);
    let doc = NextOut {
        plan: &plan.name.value,
        complete: p.complete(),
        closed: p.closed,
        total: p.total,
        ready: p.ready.iter().map(|&i| step_out(plan, graph, i)).collect(),
        in_progress: p
            .in_progress
            .iter()
            .map(|&i| step_out(plan, graph, i))
            .collect(),
        blocked: p
            .blocked
            .iter()
            .map(|(i, open)| StepOut {
                waits_for: Some(open.iter().map(|&d| step_out(plan, graph, d)).collect()),
                ..step_out(plan, graph, *i)
            })
            .collect(),
        now: p.now.map(|t| crate::duration::stamp(t, &plan.zone)),
        waiting: p.now.map(|_| {
            p.waiting
                .iter()
                .map(|&(i, t)| StepOut {
                    opens: Some(crate::duration::stamp(t, &plan.zone)),
                    ..step_out(plan, graph, i)
                })
                .collect()
        }),
        overdue: p.now.map(|_| {
            p.overdue
                .iter()
                .map(|&(i, o)| StepOut {
                    overdue: Some(overdue_text(plan, o)),
                    ..step_out(plan, graph, i)
                })
                .collect()
        }),
    };
    serde_json::to_writer_pretty(&mut *w, &doc)?;
    writeln!(w)
}

fn line(plan: &Plan, runs_on: &[String], i: usize, w: &mut dyn Write) -> io::Result<()> {
    let s = &plan.steps[i];
    let who = actor_words(actor(plan, i));
    let owner = s
        .owner
        .as_ref()
        .map_or(String::new(), |o| format!(", owner {}", o.value));
    writeln!(
        w,
        "  {:<28} {:<12} {:<20} {:<16} {who}{owner}",
        s.id.value,
        s.env.value,
        s.kind.value.as_str(),
        runs_on[i]
    )
}

/// `--format text`.
///
/// # Errors
/// When the writer fails.
pub fn text(plan: &Plan, graph: &Graph, p: &Progress, w: &mut dyn Write) -> io::Result<()> {
    let on = crate::rules::versions::runs_on(plan, graph);
    writeln!(
        w,
        "{}: {} of {} steps done or skipped",
        plan.name.value, p.closed, p.total
    )?;
    if p.complete() {
        return writeln!(w, "\nnothing left to do: every step is done or skipped");
    }
    match p.now {
        Some(now) => writeln!(
            w,
            "\nready to start at {} ({})",
            crate::duration::when(now, &plan.zone),
            p.ready.len()
        )?,
        None => writeln!(w, "\nready to start ({})", p.ready.len())?,
    }
    if p.ready.is_empty() {
        writeln!(w, "  none right now")?;
    }
    for &i in &p.ready {
        line(plan, &on, i, w)?;
    }
    if !p.overdue.is_empty() {
        writeln!(w, "\noverdue ({})", p.overdue.len())?;
        for &(i, o) in &p.overdue {
            writeln!(
                w,
                "  {:<28} {}",
                plan.steps[i].id.value,
                overdue_text(plan, o)
            )?;
        }
    }
    if !p.waiting.is_empty() {
        writeln!(w, "\nwaiting for their window ({})", p.waiting.len())?;
        for &(i, t) in &p.waiting {
            writeln!(
                w,
                "  {:<28} opens {}",
                plan.steps[i].id.value,
                crate::duration::when(t, &plan.zone)
            )?;
        }
    }
    if !p.in_progress.is_empty() {
        writeln!(w, "\nin progress ({})", p.in_progress.len())?;
        for &i in &p.in_progress {
            line(plan, &on, i, w)?;
        }
    }
    if !p.blocked.is_empty() {
        writeln!(w, "\nblocked ({})", p.blocked.len())?;
        for (i, open) in &p.blocked {
            let s = &plan.steps[*i];
            let waits: Vec<String> = open
                .iter()
                .map(|&d| {
                    format!(
                        "{} ({}, {})",
                        plan.steps[d].id.value,
                        plan.steps[d].status(),
                        actor_words(actor(plan, d))
                    )
                })
                .collect();
            writeln!(w, "  {:<28} waits for {}", s.id.value, waits.join(", "))?;
        }
    }
    Ok(())
}
