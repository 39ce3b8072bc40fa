//! The schedule of SPEC §3, §10 and §11.4–§11.5: earliest start and finish of every
//! step, slack, slack to deadlines and the critical path, computed from the plan's
//! `start`, each step's `duration`, `not-before` and actuals (`started`, `finished`),
//! the working calendars and the dependency graph.
//!
//! A step wants to start at max(start, not-before, finish of every dependency, and
//! `now` for steps not started yet when forecasting); the working calendar of its
//! environment (`workcal`) then places it at the first moment that fits. `done` and
//! `skipped` steps count 0 (or occupy [started, finished] when recorded); an
//! `in-progress` step counts its full duration (from `started` when recorded).
//!
//! Slack is the latest start minus the start. The backward pass runs from the
//! programme's finish and places each step as late as its working calendar allows: the
//! latest allowed start (working day, hours, no holiday or freeze in its span, Adobe's
//! upgrade days) that still finishes before its dependents' latest starts. A step
//! whose recorded history pins it (done, or started) keeps the elapsed latest start.
//! The same pass from the deadlines gives each step's latest finish for its deadline.
//!
//! The critical path is one chain: it begins at the step with the latest finish and
//! steps back, each time to the dependency with the latest finish (ties: the step
//! first in output order). Without windows or calendars that dependency finishes
//! exactly when the step starts (SPEC §3: the zero-slack chain); when the step waited
//! for its `not-before`, the calendar or `now`, the wait is part of the chain and the
//! chain goes on through the dependency it waited after. Its length is the real span
//! from the programme's start (or the chain's first start, when earlier) to its finish,
//! waits included.

use jiff::{SignedDuration, Timestamp};

use crate::graph::Graph;
use crate::model::{Plan, Status, Step};
use crate::workcal::{Calendars, Why};

/// When one step runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Times {
    /// Start.
    pub start: Timestamp,
    /// Finish.
    pub finish: Timestamp,
    /// How much the step can slip without moving the programme's finish.
    pub slack: SignedDuration,
    /// The latest finish the deadlines allow (its own, its environment's, the plan's,
    /// and those of the steps after it), when any deadline applies.
    pub due: Option<Timestamp>,
    /// How much later the step could start and still meet every deadline, its
    /// calendar respected; when it finishes after its latest finish `due`, minus by how
    /// much.
    pub due_slack: Option<SignedDuration>,
}

impl Times {
    /// Zero slack: the step is on a critical chain.
    #[must_use]
    pub fn critical(&self) -> bool {
        self.slack == SignedDuration::ZERO
    }

    /// Slack to the deadline: how much later the step could start and still meet every
    /// deadline (its calendar respected); negative (by how much) when it finishes too
    /// late.
    #[must_use]
    pub fn deadline_slack(&self) -> Option<SignedDuration> {
        self.due_slack
    }
}

/// A step the calendar moved from where it wanted to start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moved {
    /// Where it wanted to start.
    pub from: Timestamp,
    /// Why it could not (the first reason met).
    pub why: Why,
    /// The step wanted to start at its own `not-before` (not later, because of a
    /// dependency or `now`).
    pub at_not_before: bool,
}

/// How to compute a schedule.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// The programme's start (the plan's `start` unless given).
    pub start: Option<Timestamp>,
    /// Steps not started yet start no earlier than this (a forecast).
    pub now: Option<Timestamp>,
    /// Ignore progress: every step counts its full duration and actuals are ignored
    /// (the baseline).
    pub baseline: bool,
}

/// One step placed in time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    /// Start.
    pub start: Timestamp,
    /// Finish.
    pub finish: Timestamp,
    /// Set when the calendar moved the step.
    pub moved: Option<Moved>,
    /// The scheduler chose the time under the step's working calendar (not recorded
    /// history, not a closed step).
    pub fitted: bool,
}

/// The schedule of a plan with a `start` and no cycle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    /// Per step (file order), its times.
    pub times: Vec<Times>,
    /// Per step (file order), why the calendar moved it, if it did.
    pub moved: Vec<Option<Moved>>,
    /// The critical path, first step first.
    pub critical_path: Vec<usize>,
    /// Steps counted as 0 because they have no `duration`, in output order.
    pub no_duration: Vec<usize>,
    /// The programme's start (the plan's `start`).
    pub start: Timestamp,
    /// The programme's finish (the latest finish).
    pub finish: Timestamp,
    /// The time the forecast was made from, when it is one.
    pub now: Option<Timestamp>,
}

impl Schedule {
    /// Compute the schedule; `None` when the plan has no `start` or the graph a cycle.
    #[must_use]
    pub fn compute(plan: &Plan, graph: &Graph) -> Option<Schedule> {
        Schedule::with(plan, graph, Options::default())
    }

    /// Compute the schedule with options (a forecast from `now`, the baseline).
    #[must_use]
    pub fn with(plan: &Plan, graph: &Graph, options: Options) -> Option<Schedule> {
        let start = options.start.or(plan.start.as_ref().map(|s| s.value))?;
        if !graph.is_acyclic() {
            return None;
        }
        let placed = place(
            plan,
            graph,
            Options {
                start: Some(start),
                ..options
            },
        );
        let n = plan.steps.len();
        let mut es = Vec::with_capacity(n);
        let mut ef = Vec::with_capacity(n);
        let mut moved = Vec::with_capacity(n);
        let mut fitted = Vec::with_capacity(n);
        for p in placed {
            let p = p.unwrap_or(Placed {
                start,
                finish: start,
                moved: None,
                fitted: false,
            });
            es.push(p.start);
            ef.push(p.finish);
            fitted.push(p.fitted);
            moved.push(p.moved);
        }
        let finish = ef.iter().copied().max().unwrap_or(start);
        let span = |i: usize| ef[i].duration_since(es[i]).max(SignedDuration::ZERO);
        let calendars = Calendars::of(plan);
        // The latest start of step `i` for it to finish by `lf`, where its calendar
        // allows a start (history keeps the elapsed value).
        let latest = |i: usize, lf: Timestamp| {
            let bound = lf.checked_sub(span(i)).unwrap_or(lf);
            calendars
                .for_step(plan, i, graph.env_of[i])
                .filter(|_| fitted[i])
                .and_then(|rules| rules.latest(bound, span(i)))
                .unwrap_or(bound)
        };
        // Backward pass in reverse topological order: LF = min LS of dependents.
        let mut late_start = vec![finish; n];
        let mut due: Vec<Option<Timestamp>> = vec![None; n];
        // The latest start each step's deadlines allow (once per step, not per edge).
        let mut due_start: Vec<Option<Timestamp>> = vec![None; n];
        for &i in graph.order.iter().rev() {
            let lf = graph.dependents[i]
                .iter()
                .map(|&d| late_start[d])
                .min()
                .unwrap_or(finish);
            late_start[i] = latest(i, lf);
            due[i] = graph.dependents[i]
                .iter()
                .filter_map(|&d| due_start[d])
                .chain(own_deadlines(plan, graph, i))
                .min();
            due_start[i] = due[i].map(|t| latest(i, t));
        }
        let times: Vec<Times> = (0..n)
            .map(|i| Times {
                start: es[i],
                finish: ef[i],
                slack: late_start[i]
                    .duration_since(es[i])
                    .max(SignedDuration::ZERO),
                due: due[i],
                // Late: by how much it finishes after; in time: how much later the
                // calendar lets it start.
                due_slack: due[i].zip(due_start[i]).map(|(d, latest_start)| {
                    if ef[i] > d {
                        d.duration_since(ef[i])
                    } else {
                        latest_start.duration_since(es[i]).max(SignedDuration::ZERO)
                    }
                }),
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
            moved,
            critical_path,
            no_duration,
            start,
            finish,
            now: options.now,
        })
    }

    /// The critical path's length: the real span from the programme's start (or the
    /// chain's first start, when earlier: recorded history) to its finish, waits
    /// included.
    #[must_use]
    pub fn critical_duration(&self) -> SignedDuration {
        let Some(&first) = self.critical_path.first() else {
            return SignedDuration::ZERO;
        };
        let from = self.start.min(self.times[first].start);
        self.finish.duration_since(from).max(SignedDuration::ZERO)
    }

    /// True when every step has a duration.
    #[must_use]
    pub fn complete(&self) -> bool {
        self.no_duration.is_empty()
    }

    /// The finish of the steps of environment `env` (by index), if it has any.
    #[must_use]
    pub fn env_finish(&self, graph: &Graph, env: usize) -> Option<Timestamp> {
        (0..self.times.len())
            .filter(|&i| graph.env_of[i] == env)
            .map(|i| self.times[i].finish)
            .max()
    }
}

/// The deadlines that apply to step `i` itself: its own, its environment's, the plan's.
fn own_deadlines(plan: &Plan, graph: &Graph, i: usize) -> impl Iterator<Item = Timestamp> {
    let step = plan.steps[i].deadline.as_ref().map(|d| d.value);
    let env = plan
        .environments
        .get(graph.env_of[i])
        .and_then(|e| e.deadline.as_ref())
        .map(|d| d.value);
    let whole = plan.deadline.as_ref().map(|d| d.value);
    [step, env, whole].into_iter().flatten()
}

/// The duration a step counts for: 0 when done, skipped or without a duration.
#[must_use]
pub fn effective_duration(step: &Step) -> SignedDuration {
    if step.status().is_closed() {
        return SignedDuration::ZERO;
    }
    full_duration(step)
}

/// The step's `duration`, 0 when it has none.
fn full_duration(step: &Step) -> SignedDuration {
    step.duration
        .as_ref()
        .map_or(SignedDuration::ZERO, |d| d.value.max(SignedDuration::ZERO))
}

/// True when some step records an actual (`started` or `finished`).
#[must_use]
pub fn has_actuals(plan: &Plan) -> bool {
    plan.steps
        .iter()
        .any(|s| s.started.is_some() || s.finished.is_some())
}

/// Forward pass: per step, where it runs, from `start` (when given), `not-before`
/// values, actuals, the calendars and dependencies. A step with no anchor at all (no
/// `start`, no `not-before`, no actual of its own or upstream) has no absolute time:
/// `None`. Empty on a cycle.
#[must_use]
pub fn place(plan: &Plan, graph: &Graph, options: Options) -> Vec<Option<Placed>> {
    if !graph.is_acyclic() {
        return Vec::new();
    }
    let calendars = Calendars::of(plan);
    let mut out: Vec<Option<Placed>> = vec![None; plan.steps.len()];
    for &i in &graph.order {
        let step = &plan.steps[i];
        let status = if options.baseline {
            Status::Todo
        } else {
            step.status()
        };
        let deps = graph.deps[i]
            .iter()
            .filter_map(|d| out[d.step].as_ref().map(|p| p.finish))
            .max();
        let actual = |t: &Option<Box<crate::span::Sp<Timestamp>>>| {
            t.as_deref().filter(|_| !options.baseline).map(|t| t.value)
        };
        // Recorded history: where the step really ran.
        if status.is_closed()
            && let Some(f) = actual(&step.finished)
        {
            let s = actual(&step.started).map_or(f, |s| s.min(f));
            out[i] = Some(Placed {
                start: s,
                finish: f,
                moved: None,
                fitted: false,
            });
            continue;
        }
        if status == Status::InProgress
            && let Some(s) = actual(&step.started)
        {
            let f = s.checked_add(full_duration(step)).unwrap_or(Timestamp::MAX);
            out[i] = Some(Placed {
                start: s,
                finish: f,
                moved: None,
                fitted: false,
            });
            continue;
        }
        let not_before = step.not_before.as_ref().map(|n| n.value);
        let now = options.now.filter(|_| status == Status::Todo);
        let Some(want) = deps
            .into_iter()
            .chain(options.start)
            .chain(not_before)
            .chain(now)
            .max()
        else {
            continue;
        };
        let duration = if status.is_closed() {
            SignedDuration::ZERO
        } else {
            full_duration(step)
        };
        // History without actuals keeps its place; the rest goes where the calendar allows.
        let fitted = !status.is_closed();
        let (start, why) = match calendars.for_step(plan, i, graph.env_of[i]) {
            Some(rules) if fitted => rules.fit(want, duration),
            _ => (want, None),
        };
        let moved = why.map(|why| Moved {
            from: want,
            why,
            at_not_before: not_before == Some(want),
        });
        // Past the calendar's end (only a chain of centuries of steps gets there): the
        // last date, never a silent zero.
        let finish = start.checked_add(duration).unwrap_or(Timestamp::MAX);
        out[i] = Some(Placed {
            start,
            finish,
            moved,
            fitted,
        });
    }
    out
}

/// Forward pass as (start, finish) pairs, for rules that only need the times.
#[must_use]
pub fn earliest(
    plan: &Plan,
    graph: &Graph,
    start: Option<Timestamp>,
) -> Vec<Option<(Timestamp, Timestamp)>> {
    place(
        plan,
        graph,
        Options {
            start,
            ..Options::default()
        },
    )
    .into_iter()
    .map(|p| p.map(|p| (p.start, p.finish)))
    .collect()
}

/// The one chain of SPEC §10 and §11.4, first step first: from the latest finish back
/// through the dependency each step waited for last (the one with the latest finish),
/// waits for windows, calendars and `now` included.
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
    while let Some(prev) = graph.deps[cur].iter().map(|d| d.step).max_by(|&a, &b| {
        times[a]
            .finish
            .cmp(&times[b].finish)
            .then(rank(b).cmp(&rank(a)))
    }) {
        path.push(prev);
        cur = prev;
    }
    path.reverse();
    path
}

#[cfg(test)]
mod tests;
