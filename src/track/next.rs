//! `imsplan next`: where a plan stands. Steps ready to start (every dependency done or
//! skipped, the step itself `todo`), steps in progress, and for each blocked step the
//! dependencies it still waits for. At a given time (`next --now`), a ready step whose
//! window is not open yet waits for it, and steps behind time are overdue.

use crate::graph::Graph;
use crate::model::{Plan, Status};

/// Why an open step is behind time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overdue {
    /// In progress and past its `started` plus `duration` (this time).
    Running(jiff::Timestamp),
    /// Past a deadline (its own, its environment's or the plan's).
    Deadline(jiff::Timestamp),
}

/// The state of a plan's progress, in output order (wave, environment, file order).
#[derive(Debug, Default)]
pub struct Progress {
    /// `todo` steps whose dependencies are all done or skipped.
    pub ready: Vec<usize>,
    /// `in-progress` steps.
    pub in_progress: Vec<usize>,
    /// `todo` steps with open dependencies, and those dependencies.
    pub blocked: Vec<(usize, Vec<usize>)>,
    /// The time the windows were read at (`next --now`), when given.
    pub now: Option<jiff::Timestamp>,
    /// `todo` steps whose dependencies are done but whose window is not open at `now`
    /// (a `not-before`, the calendar, Adobe's upgrade days), with when it opens.
    pub waiting: Vec<(usize, jiff::Timestamp)>,
    /// Open steps behind time at `now`, with what is overdue: an `in-progress` step past
    /// its `started` plus `duration`, or a step past a deadline.
    pub overdue: Vec<(usize, Overdue)>,
    /// Done or skipped steps (of the selected environments).
    pub closed: usize,
    /// Steps of the selected environments.
    pub total: usize,
}

impl Progress {
    /// The progress of a plan, limited to some environments when `envs` is not empty.
    #[must_use]
    pub fn of(plan: &Plan, graph: &Graph, envs: &[String]) -> Progress {
        let mut p = Progress::default();
        for &i in &graph.order {
            let step = &plan.steps[i];
            if !envs.is_empty() && !envs.contains(&step.env.value) {
                continue;
            }
            p.total += 1;
            match step.status() {
                Status::Done | Status::Skipped => p.closed += 1,
                Status::InProgress => p.in_progress.push(i),
                Status::Todo => {
                    let open: Vec<usize> = graph.deps[i]
                        .iter()
                        .map(|d| d.step)
                        .filter(|&d| !plan.steps[d].status().is_closed())
                        .collect();
                    if open.is_empty() {
                        p.ready.push(i);
                    } else {
                        p.blocked.push((i, open));
                    }
                }
            }
        }
        p
    }

    /// The progress at `now` (SPEC §11.5): a ready step whose window is not open yet
    /// moves to `waiting`, with the moment it opens; steps behind time are `overdue`.
    #[must_use]
    pub fn at(plan: &Plan, graph: &Graph, envs: &[String], now: jiff::Timestamp) -> Progress {
        let mut p = Progress::of(plan, graph, envs);
        p.now = Some(now);
        let placed = crate::schedule::place(
            plan,
            graph,
            crate::schedule::Options {
                start: plan.start.as_ref().map(|s| s.value),
                now: Some(now),
                baseline: false,
            },
        );
        let opens = |i: usize| placed.get(i).and_then(Option::as_ref).map(|p| p.start);
        let (ready, waiting): (Vec<usize>, Vec<usize>) = p
            .ready
            .iter()
            .partition(|&&i| opens(i).is_none_or(|t| t <= now));
        p.ready = ready;
        p.waiting = waiting
            .into_iter()
            .filter_map(|i| opens(i).map(|t| (i, t)))
            .collect();
        let due = |i: usize| {
            let s = &plan.steps[i];
            let env = plan
                .environments
                .get(graph.env_of[i])
                .and_then(|e| e.deadline.as_ref());
            [s.deadline.as_deref(), env, plan.deadline.as_ref()]
                .into_iter()
                .flatten()
                .map(|d| d.value)
                .min()
        };
        for &i in &graph.order {
            let step = &plan.steps[i];
            if !envs.is_empty() && !envs.contains(&step.env.value) {
                continue;
            }
            if step.status().is_closed() {
                continue;
            }
            if step.status() == Status::InProgress
                && let Some(started) = &step.started
                && let Some(d) = &step.duration
                && let Ok(end) = started.value.checked_add(d.value)
                && end < now
            {
                p.overdue.push((i, Overdue::Running(end)));
            } else if let Some(d) = due(i)
                && d < now
            {
                p.overdue.push((i, Overdue::Deadline(d)));
            }
        }
        p
    }

    /// When step `i`'s window opens, if it is ready (every dependency closed) but its
    /// window is not open at `now`, as `next --now` says it.
    #[must_use]
    pub fn window_opens(
        plan: &Plan,
        graph: &Graph,
        i: usize,
        now: jiff::Timestamp,
    ) -> Option<jiff::Timestamp> {
        Progress::at(plan, graph, &[], now)
            .waiting
            .into_iter()
            .find_map(|(j, opens)| (j == i).then_some(opens))
    }

    /// True when every selected step is done or skipped.
    #[must_use]
    pub fn complete(&self) -> bool {
        self.closed == self.total
    }
}
