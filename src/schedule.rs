//! The schedule of SPEC §3 and §10: earliest start and finish of every step, slack and
//! the critical path, computed from the plan's `start`, each step's `duration` and
//! `not-before`, and the dependency graph.
//!
//! ES(s) = max(start, not-before(s), EF of every dependency); EF = ES + duration, where
//! `done` and `skipped` steps and steps without a duration count 0 (an `in-progress`
//! step counts its full duration). Slack is the latest start (backward pass from the
//! programme's finish) minus the earliest start. The critical path is one chain: it
//! begins at the step with the latest finish and steps back, each time to the
//! dependency whose finish equals the current step's start; ties go to the step first
//! in output order.

use jiff::{SignedDuration, Timestamp};

use crate::graph::Graph;
use crate::model::{Plan, Step};

/// When one step runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Times {
    /// Earliest start.
    pub start: Timestamp,
    /// Earliest finish.
    pub finish: Timestamp,
    /// How much the step can slip without moving the programme's finish.
    pub slack: SignedDuration,
}

impl Times {
    /// Zero slack: the step is on a critical chain.
    #[must_use]
    pub fn critical(&self) -> bool {
        self.slack == SignedDuration::ZERO
    }
}

/// The schedule of a plan with a `start` and no cycle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    /// Per step (file order), its times.
    pub times: Vec<Times>,
    /// The critical path, first step first.
    pub critical_path: Vec<usize>,
    /// Steps counted as 0 because they have no `duration`, in output order.
    pub no_duration: Vec<usize>,
    /// The programme's start (the plan's `start`).
    pub start: Timestamp,
    /// The programme's finish (the latest finish).
    pub finish: Timestamp,
}

impl Schedule {
    /// Compute the schedule; `None` when the plan has no `start` or the graph a cycle.
    #[must_use]
    pub fn compute(plan: &Plan, graph: &Graph) -> Option<Schedule> {
        let start = plan.start.as_ref()?.value;
        if !graph.is_acyclic() {
            return None;
        }
        let early = earliest(plan, graph, Some(start));
        let (es, ef): (Vec<Timestamp>, Vec<Timestamp>) =
            early.iter().map(|t| t.unwrap_or((start, start))).unzip();
        let finish = ef.iter().copied().max().unwrap_or(start);
        // Backward pass in reverse topological order: LF = min LS of dependents.
        let n = plan.steps.len();
        let mut late_start = vec![finish; n];
        for &i in graph.order.iter().rev() {
            let lf = graph.dependents[i]
                .iter()
                .map(|&d| late_start[d])
                .min()
                .unwrap_or(finish);
            late_start[i] = lf
                .checked_sub(effective_duration(&plan.steps[i]))
                .unwrap_or(lf);
        }
        let times: Vec<Times> = (0..n)
            .map(|i| Times {
                start: es[i],
                finish: ef[i],
                slack: late_start[i]
                    .duration_since(es[i])
                    .max(SignedDuration::ZERO),
            })
            .collect();
        let critical_path = critical_path(graph, &times);
        let no_duration = graph
            .order
            .iter()
            .copied()
            .filter(|&i| plan.steps[i].duration.is_none())
            .collect();
        Some(Schedule {
            times,
            critical_path,
            no_duration,
            start,
            finish,
        })
    }

    /// The critical path's length: from its first start to its last finish.
    #[must_use]
    pub fn critical_duration(&self) -> SignedDuration {
        match (self.critical_path.first(), self.critical_path.last()) {
            (Some(&a), Some(&b)) => self.times[b].finish.duration_since(self.times[a].start),
            _ => SignedDuration::ZERO,
        }
    }

    /// True when every step has a duration.
    #[must_use]
    pub fn complete(&self) -> bool {
        self.no_duration.is_empty()
    }
}

/// The duration a step counts for: 0 when done, skipped or without a duration.
#[must_use]
pub fn effective_duration(step: &Step) -> SignedDuration {
    if step.status().is_closed() {
        return SignedDuration::ZERO;
    }
    step.duration
        .as_ref()
        .map_or(SignedDuration::ZERO, |d| d.value.max(SignedDuration::ZERO))
}

/// Forward pass: per step, its earliest (start, finish), from `start` (when given),
/// `not-before` values and dependencies. A step with no anchor at all (no `start`, no
/// `not-before` of its own or upstream) has no absolute time: `None`. Empty on a cycle.
#[must_use]
pub fn earliest(
    plan: &Plan,
    graph: &Graph,
    start: Option<Timestamp>,
) -> Vec<Option<(Timestamp, Timestamp)>> {
    if !graph.is_acyclic() {
        return Vec::new();
    }
    let mut out: Vec<Option<(Timestamp, Timestamp)>> = vec![None; plan.steps.len()];
    for &i in &graph.order {
        let step = &plan.steps[i];
        let es = graph.deps[i]
            .iter()
            .filter_map(|d| out[d.step].map(|(_, f)| f))
            .chain(start)
            .chain(step.not_before.as_ref().map(|n| n.value))
            .max();
        out[i] = es.map(|es| {
            // Past the calendar's end (only a chain of centuries of steps gets there):
            // the last date, never a silent zero.
            let ef = es
                .checked_add(effective_duration(step))
                .unwrap_or(Timestamp::MAX);
            (es, ef)
        });
    }
    out
}

/// The one chain of SPEC §10, first step first.
fn critical_path(graph: &Graph, times: &[Times]) -> Vec<usize> {
    let mut ranks = vec![usize::MAX; times.len()];
    for (r, &i) in graph.order.iter().enumerate() {
        ranks[i] = r;
    }
    let rank = |i: usize| ranks[i];
    let Some(mut cur) = graph.order.iter().copied().max_by(|&a, &b| {
        times[a]
            .finish
            .cmp(&times[b].finish)
            .then(rank(b).cmp(&rank(a)))
    }) else {
        return Vec::new();
    };
    let mut path = vec![cur];
    while let Some(prev) = graph.deps[cur]
        .iter()
        .map(|d| d.step)
        .filter(|&d| times[d].finish == times[cur].start)
        .min_by_key(|&d| rank(d))
    {
        path.push(prev);
        cur = prev;
    }
    path.reverse();
    path
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{Limits, load_text};

    fn load(steps: &str) -> (Plan, Graph) {
        let text = format!(
            "format: 1\nname: t\nstart: 2026-01-05T08:00:00Z\nenvironments:\n  \
             a:\n    role: stage\n    hosting: on-premise\n    version: 7.4.1\n  \
             b:\n    role: development\n    hosting: on-premise\n    version: 7.4.1\nsteps:\n{steps}"
        );
        let loaded = load_text("t.yaml", &text, 0, &Limits::default());
        let plan = loaded.plan.expect("plan loads");
        let graph = Graph::build(&plan);
        (plan, graph)
    }

    fn id(plan: &Plan, sched: &Schedule, name: &str) -> Times {
        let i = plan.steps.iter().position(|s| s.id.value == name).unwrap();
        sched.times[i]
    }

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn path(plan: &Plan, sched: &Schedule) -> Vec<String> {
        sched
            .critical_path
            .iter()
            .map(|&i| plan.steps[i].id.value.clone())
            .collect()
    }

    #[test]
    fn parallel_branches() {
        let (plan, graph) = load(
            "  - {id: x, env: a, kind: custom, duration: 2h}\n  \
             - {id: y, env: b, kind: custom, duration: 5h}\n  \
             - {id: z, env: a, kind: custom, duration: 1h, after: [x, y]}\n",
        );
        let s = Schedule::compute(&plan, &graph).unwrap();
        assert_eq!(id(&plan, &s, "x").start, ts("2026-01-05T08:00:00Z"));
        assert_eq!(id(&plan, &s, "y").start, ts("2026-01-05T08:00:00Z"));
        assert_eq!(id(&plan, &s, "z").start, ts("2026-01-05T13:00:00Z"));
        assert_eq!(id(&plan, &s, "z").finish, ts("2026-01-05T14:00:00Z"));
        assert_eq!(id(&plan, &s, "x").slack, SignedDuration::from_hours(3));
        assert!(!id(&plan, &s, "x").critical());
        assert!(id(&plan, &s, "y").critical());
        assert_eq!(path(&plan, &s), ["y", "z"]);
        assert_eq!(s.critical_duration(), SignedDuration::from_hours(6));
        assert!(s.complete());
    }

    #[test]
    fn not_before_pushes_a_step() {
        let (plan, graph) = load(
            "  - {id: x, env: a, kind: custom, duration: 1h}\n  \
             - {id: y, env: a, kind: custom, duration: 2h, after: [x], not-before: '2026-01-05T20:00:00Z'}\n",
        );
        let s = Schedule::compute(&plan, &graph).unwrap();
        assert_eq!(id(&plan, &s, "y").start, ts("2026-01-05T20:00:00Z"));
        assert_eq!(s.finish, ts("2026-01-05T22:00:00Z"));
        // x may slip until y's window opens; the chain stops at the window.
        assert_eq!(id(&plan, &s, "x").slack, SignedDuration::from_hours(11));
        assert_eq!(path(&plan, &s), ["y"]);
        assert_eq!(s.critical_duration(), SignedDuration::from_hours(2));
    }

    #[test]
    fn done_step_in_the_middle_counts_zero() {
        let (plan, graph) = load(
            "  - {id: x, env: a, kind: custom, duration: 1h, status: done}\n  \
             - {id: y, env: a, kind: custom, duration: 3h, status: done, after: [x]}\n  \
             - {id: z, env: a, kind: custom, duration: 2h, status: in-progress, after: [y]}\n  \
             - {id: w, env: a, kind: custom, after: [z]}\n",
        );
        let s = Schedule::compute(&plan, &graph).unwrap();
        assert_eq!(id(&plan, &s, "y").start, ts("2026-01-05T08:00:00Z"));
        assert_eq!(id(&plan, &s, "y").finish, ts("2026-01-05T08:00:00Z"));
        assert_eq!(id(&plan, &s, "z").finish, ts("2026-01-05T10:00:00Z"));
        assert_eq!(id(&plan, &s, "w").start, ts("2026-01-05T10:00:00Z"));
        // w (no duration) finishes with z; the tie goes to z, first in output order.
        assert_eq!(path(&plan, &s), ["x", "y", "z"]);
        assert!(id(&plan, &s, "w").critical());
        let missing: Vec<&str> = s
            .no_duration
            .iter()
            .map(|&i| plan.steps[i].id.value.as_str())
            .collect();
        assert_eq!(missing, ["w"]);
        assert!(!s.complete());
    }

    #[test]
    fn critical_path_on_a_diamond() {
        // top → (left 2h | right 5h) → bottom: the chain runs through the longer side.
        let (plan, graph) = load(
            "  - {id: top, env: a, kind: custom, duration: 1h}\n  \
             - {id: left, env: a, kind: custom, duration: 2h, after: [top]}\n  \
             - {id: right, env: a, kind: custom, duration: 5h, after: [top]}\n  \
             - {id: bottom, env: a, kind: custom, duration: 1h, after: [left, right]}\n",
        );
        let s = Schedule::compute(&plan, &graph).unwrap();
        assert_eq!(path(&plan, &s), ["top", "right", "bottom"]);
        assert_eq!(id(&plan, &s, "left").slack, SignedDuration::from_hours(3));
        assert!(id(&plan, &s, "right").critical());
        assert_eq!(s.critical_duration(), SignedDuration::from_hours(7));
    }

    #[test]
    fn ties_go_to_output_order() {
        let (plan, graph) = load(
            "  - {id: p, env: a, kind: custom, duration: 2h}\n  \
             - {id: q, env: a, kind: custom, duration: 2h}\n  \
             - {id: r, env: a, kind: custom, duration: 1h, after: [q, p]}\n  \
             - {id: s, env: a, kind: custom, duration: 3h}\n",
        );
        let s = Schedule::compute(&plan, &graph).unwrap();
        // r and s both finish at 11:00; s is earlier in output order (wave 1).
        assert_eq!(path(&plan, &s), ["s"]);
        let (plan, graph) = load(
            "  - {id: p, env: a, kind: custom, duration: 2h}\n  \
             - {id: q, env: a, kind: custom, duration: 2h}\n  \
             - {id: r, env: a, kind: custom, duration: 1h, after: [q, p]}\n",
        );
        let s = Schedule::compute(&plan, &graph).unwrap();
        assert_eq!(path(&plan, &s), ["p", "r"]);
    }

    #[test]
    fn no_start_no_schedule_but_anchored_times() {
        let text = "format: 1\nname: t\nenvironments:\n  a:\n    role: stage\n    hosting: managed\n    version: 7.4.1\nsteps:\n  \
                    - {id: x, env: a, kind: custom, duration: 2h}\n  \
                    - {id: y, env: a, kind: custom, duration: 1h, after: [x], not-before: '2026-01-05T08:00:00Z'}\n  \
                    - {id: z, env: a, kind: custom, after: [y]}\n";
        let plan = load_text("t.yaml", text, 0, &Limits::default())
            .plan
            .unwrap();
        let graph = Graph::build(&plan);
        assert!(Schedule::compute(&plan, &graph).is_none());
        let e = earliest(&plan, &graph, None);
        assert_eq!(e[0], None);
        assert_eq!(
            e[2],
            Some((ts("2026-01-05T09:00:00Z"), ts("2026-01-05T09:00:00Z")))
        );
    }
}
