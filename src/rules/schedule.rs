//! The rules about time. IMS014: a step's `not-before` is earlier than its
//! dependencies can finish, so the window it names would be missed. IMS019: a
//! `not-before` outside the allowed time, moved by the calendar. IMS020: a deadline
//! the schedule misses.
//!
//! Dependency finishes come from `schedule::earliest`: with the plan's `start` every
//! step has an absolute time; without it, only steps downstream of some `not-before`
//! do (a lower bound: the unanchored steps before them can only make things later).
//! Steps already `done` or `skipped` are left alone: their window is history.

use crate::diagnostic::Finding;
use crate::graph::Graph;
use crate::model::Plan;
use crate::rules::Code;
use crate::schedule::{Options, earliest, place};
use crate::span::Sp;

/// Run IMS014 on an acyclic graph.
#[must_use]
pub fn check(plan: &Plan, graph: &Graph, source: usize) -> Vec<Finding> {
    if !graph.is_acyclic() {
        return Vec::new();
    }
    let times = earliest(plan, graph, plan.start.as_ref().map(|s| s.value));
    let mut out = Vec::new();
    for &i in &graph.order {
        let step = &plan.steps[i];
        let Some(nb) = &step.not_before else {
            continue;
        };
        if step.status().is_closed() {
            continue;
        }
        // The dependency that finishes last (first in output order on a tie).
        let latest = graph.deps[i]
            .iter()
            .filter_map(|d| times[d.step].map(|(_, f)| (d.step, f)))
            .fold(
                None::<(usize, jiff::Timestamp)>,
                |best, (d, f)| match best {
                    Some((_, bf)) if bf >= f => best,
                    _ => Some((d, f)),
                },
            );
        let Some((dep, finish)) = latest else {
            continue;
        };
        if finish <= nb.value {
            continue;
        }
        let late = finish.duration_since(nb.value);
        out.push(
            Finding::new(
                Code::IMS014,
                source,
                nb.span,
                format!(
                    "`{}` may not start before {}, but its dependencies finish at {} at the earliest, {} later",
                    step.id.value,
                    at(plan, nb.value),
                    at(plan, finish),
                    crate::duration::friendly(late)
                ),
            )
            .primary("this window would be missed")
            .label(
                plan.steps[dep].id.span,
                format!(
                    "`{}` finishes at {} at the earliest",
                    plan.steps[dep].id.value,
                    at(plan, finish)
                ),
            )
            .defined_at(nb.defined)
            .help(format!(
                "move `not-before` to {} or later, or start, shorten or drop the steps before `{}`",
                at(plan, finish),
                step.id.value
            )),
        );
    }
    out
}

/// A time as messages show it: RFC 3339 in the plan's zone.
fn at(plan: &Plan, t: jiff::Timestamp) -> String {
    crate::duration::stamp(t, &plan.zone)
}

/// IMS019: a `not-before` falls outside the allowed time (calendar, holidays, freezes,
/// Adobe's upgrade days) and the schedule moved the step. Done and skipped steps are
/// history and stay silent.
#[must_use]
pub fn window_moved(plan: &Plan, graph: &Graph, source: usize) -> Vec<Finding> {
    if !graph.is_acyclic() {
        return Vec::new();
    }
    let placed = place(
        plan,
        graph,
        Options {
            start: plan.start.as_ref().map(|s| s.value),
            ..Options::default()
        },
    );
    let mut out = Vec::new();
    for &i in &graph.order {
        let step = &plan.steps[i];
        let (Some(nb), Some(p)) = (&step.not_before, &placed[i]) else {
            continue;
        };
        if step.status().is_closed() {
            continue;
        }
        let Some(m) = p.moved.as_ref().filter(|m| m.at_not_before) else {
            continue;
        };
        out.push(
            Finding::new(
                Code::IMS019,
                source,
                nb.span,
                format!(
                    "`{}` cannot start at its `not-before` {}: {}; the schedule moves it to {}",
                    step.id.value,
                    at(plan, m.from),
                    m.why,
                    at(plan, p.start)
                ),
            )
            .primary(format!("moved to {}", at(plan, p.start)))
            .defined_at(nb.defined)
            .help(format!(
                "set `not-before` to an allowed time such as {}, or change the calendar",
                at(plan, p.start)
            )),
        );
    }
    out
}

/// IMS020: the schedule finishes a step, an environment or the plan after its
/// `deadline`. Only steps still to do count: history is not advice.
#[must_use]
pub fn deadline_missed(plan: &Plan, graph: &Graph, source: usize) -> Vec<Finding> {
    if !graph.is_acyclic() {
        return Vec::new();
    }
    let placed = earliest(plan, graph, plan.start.as_ref().map(|s| s.value));
    let open_finish = |i: usize| {
        placed[i]
            .filter(|_| !plan.steps[i].status().is_closed())
            .map(|(_, f)| f)
    };
    let mut out = Vec::new();
    for &i in &graph.order {
        let step = &plan.steps[i];
        if let (Some(d), Some(f)) = (&step.deadline, open_finish(i)) {
            let what = format!("`{}`", step.id.value);
            out.extend(missed(plan, source, &what, d, (i, f), false));
        }
    }
    // The last open step of a group, first in output order on a tie.
    let last = |keep: &dyn Fn(usize) -> bool| {
        graph
            .order
            .iter()
            .copied()
            .filter(|&i| keep(i))
            .filter_map(|i| open_finish(i).map(|f| (i, f)))
            .fold(
                None::<(usize, jiff::Timestamp)>,
                |best, (i, f)| match best {
                    Some((_, bf)) if bf >= f => best,
                    _ => Some((i, f)),
                },
            )
    };
    for (e, env) in plan.environments.iter().enumerate() {
        if let Some(d) = &env.deadline
            && let Some(latest) = last(&|i| graph.env_of[i] == e)
        {
            let what = format!("environment `{}`", env.id.value);
            out.extend(missed(plan, source, &what, d, latest, true));
        }
    }
    if let Some(d) = &plan.deadline
        && let Some(latest) = last(&|_| true)
    {
        out.extend(missed(plan, source, "the plan", d, latest, true));
    }
    out
}

/// The IMS020 finding for `what` (a step, an environment, the plan) whose deadline `d`
/// is missed by step `i` finishing at `f`, if it is; `label_last` points at that step.
fn missed(
    plan: &Plan,
    source: usize,
    what: &str,
    d: &Sp<jiff::Timestamp>,
    (i, f): (usize, jiff::Timestamp),
    label_last: bool,
) -> Option<Finding> {
    if f <= d.value {
        return None;
    }
    let mut finding = Finding::new(
        Code::IMS020,
        source,
        d.span,
        format!(
            "{what} finishes at {} at the earliest, {} after its deadline {}",
            at(plan, f),
            crate::duration::friendly(f.duration_since(d.value)),
            at(plan, d.value)
        ),
    )
    .primary("this deadline is missed");
    if label_last {
        finding = finding.label(
            plan.steps[i].id.span,
            format!("`{}` finishes last", plan.steps[i].id.value),
        );
    }
    Some(
        finding.defined_at(d.defined).help(
            "start earlier, shorten or parallelise the steps before it, or move the deadline",
        ),
    )
}
