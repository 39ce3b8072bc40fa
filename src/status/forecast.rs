//! The forecast of `status` (open work cannot lie in the past), the verdict against
//! the target, and the next step of an environment. See the module text of `status`.

use jiff::{SignedDuration, Timestamp};

use super::{Next, NextState, RISK_MARGIN, Verdict};
use crate::graph::Graph;
use crate::model::{Plan, Status};
use crate::schedule::{Options, effective_duration, place};

/// The forecast window of every step at `now` (see the module text); empty on a cycle.
#[must_use]
pub fn forecast(plan: &Plan, graph: &Graph, now: Timestamp) -> Vec<(Timestamp, Timestamp)> {
    if !graph.is_acyclic() {
        return Vec::new();
    }
    let placed = place(
        plan,
        graph,
        Options {
            start: plan.start.as_ref().map(|s| s.value),
            now: Some(now),
            baseline: false,
        },
    );
    placed
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let step = &plan.steps[i];
            let (es, ef) = p.as_ref().map_or_else(
                || {
                    (
                        now,
                        now.checked_add(effective_duration(step)).unwrap_or(now),
                    )
                },
                |p| (p.start, p.finish),
            );
            // Work under way ends no earlier than now.
            if step.status() == Status::InProgress {
                (es, ef.max(now))
            } else {
                (es, ef)
            }
        })
        .collect()
}

pub(super) fn verdict(
    done: bool,
    forecast: Option<Timestamp>,
    to_deadline: Option<SignedDuration>,
    baseline: Option<Timestamp>,
    behind: bool,
    now: Timestamp,
) -> Verdict {
    if done {
        return Verdict::Done;
    }
    let Some(forecast) = forecast else {
        return Verdict::Unknown;
    };
    if let Some(slack) = to_deadline {
        if slack.is_negative() {
            return Verdict::Late;
        }
        let remaining = forecast.duration_since(now).max(SignedDuration::ZERO);
        let fifth = SignedDuration::from_secs(remaining.as_secs() / 5);
        return if slack < RISK_MARGIN || slack < fifth {
            Verdict::AtRisk
        } else {
            Verdict::OnTrack
        };
    }
    match baseline {
        Some(b) if forecast > b => Verdict::Late,
        Some(_) if behind => Verdict::AtRisk,
        Some(_) => Verdict::OnTrack,
        None => Verdict::Unknown,
    }
}

/// The next step of an environment: the first in progress, else the ready step that
/// starts first, else the first blocked step with what it waits for.
pub(super) fn next(
    plan: &Plan,
    graph: &Graph,
    steps: &[usize],
    windows: &[(Timestamp, Timestamp)],
    now: Timestamp,
) -> Option<Next> {
    let window = |i: usize| windows.get(i).copied().unwrap_or((now, now));
    let open_deps = |i: usize| -> Vec<usize> {
        graph.deps[i]
            .iter()
            .map(|d| d.step)
            .filter(|&d| !plan.steps[d].status().is_closed())
            .collect()
    };
    if let Some(&i) = steps
        .iter()
        .find(|&&i| plan.steps[i].status() == Status::InProgress)
    {
        let (start, finish) = window(i);
        return Some(Next {
            step: i,
            state: NextState::InProgress,
            start,
            finish,
            waits_on: Vec::new(),
        });
    }
    let todo = steps
        .iter()
        .copied()
        .filter(|&i| plan.steps[i].status() == Status::Todo);
    let ready = todo
        .clone()
        .filter(|&i| open_deps(i).is_empty())
        .min_by_key(|&i| window(i).0);
    if let Some(i) = ready {
        let (start, finish) = window(i);
        return Some(Next {
            step: i,
            // Its `not-before` or the plan's `start` is still ahead.
            state: if start > now {
                NextState::Window
            } else {
                NextState::Ready
            },
            start,
            finish,
            waits_on: Vec::new(),
        });
    }
    todo.clone().next().map(|i| {
        let (start, finish) = window(i);
        let mut waits = open_deps(i);
        let rank = |s: usize| graph.order.iter().position(|&o| o == s);
        waits.sort_by_key(|&s| rank(s));
        Next {
            step: i,
            state: NextState::Blocked,
            start,
            finish,
            waits_on: waits,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(t: &str) -> Timestamp {
        t.parse().unwrap()
    }

    #[test]
    fn deadline_verdicts() {
        let now = at("2026-01-05T08:00:00Z");
        let finish = at("2026-01-10T00:00:00Z");
        let f = Some(finish);
        let v = |d: &str| {
            let slack = at(d).duration_since(finish);
            verdict(false, f, Some(slack), None, false, now)
        };
        assert_eq!(v("2026-01-09T00:00:00Z"), Verdict::Late);
        assert_eq!(v("2026-01-10T12:00:00Z"), Verdict::AtRisk);
        assert_eq!(v("2026-01-20T00:00:00Z"), Verdict::OnTrack);
        assert_eq!(verdict(false, f, None, None, false, now), Verdict::Unknown);
    }
}
