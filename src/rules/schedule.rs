//! IMS014: a step's `not-before` is earlier than its dependencies can finish, so the
//! window it names would be missed.
//!
//! Dependency finishes come from `schedule::earliest`: with the plan's `start` every
//! step has an absolute time; without it, only steps downstream of some `not-before`
//! do (a lower bound: the unanchored steps before them can only make things later).
//! Steps already `done` or `skipped` are left alone: their window is history.

use crate::diagnostic::Finding;
use crate::graph::Graph;
use crate::model::Plan;
use crate::rules::Code;
use crate::schedule::earliest;

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
                    nb.value,
                    finish,
                    crate::duration::friendly(late)
                ),
            )
            .primary("this window would be missed")
            .label(
                plan.steps[dep].id.span,
                format!("`{}` finishes at {finish} at the earliest", plan.steps[dep].id.value),
            )
            .defined_at(nb.defined)
            .help(format!(
                "move `not-before` to {finish} or later, or start, shorten or drop the steps before `{}`",
                step.id.value
            )),
        );
    }
    out
}
