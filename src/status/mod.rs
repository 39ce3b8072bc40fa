//! `imsplan status`: where each environment of a plan stands at a given moment (SPEC
//! §11.7): the phase reached, the share of core steps done, the next step with its
//! window, who acts and what it waits on, and the forecast finish against the target
//! (on track, at risk, late). The library computes; `render/status.rs` writes.
//!
//! **Forecast.** A forward pass over the graph like the schedule's (SPEC §3), except
//! that open work cannot happen in the past: a `todo` step starts no earlier than
//! `now`, an `in-progress` step finishes no earlier than `now`; `done` and `skipped`
//! steps count 0 as in the schedule. It needs no `start`: without one, open steps are
//! anchored at `now`.
//!
//! **Target and verdict.** The target of an environment is its deadline when the plan
//! has one ([`Deadlines`]), else the baseline finish of the schedule (the plan as dated
//! from its `start`, without `now`). `late`: the forecast finishes after the target.
//! `at-risk`: not late, but with a deadline less than [`RISK_MARGIN`] (or a fifth of
//! the remaining time) of slack is left, or without one an open step should already
//! have started by the baseline. `on-track` otherwise; `done` when every step is done
//! or skipped; `unknown` without a target (no `start`, no deadline) or on a cycle.

use jiff::{SignedDuration, Timestamp};

use crate::graph::Graph;
use crate::model::{Hosting, Kind, Plan, Status, Target};
use crate::schedule::{Options, Schedule};

mod forecast;

use crate::tasks::{self, Actor};
pub use forecast::forecast;
use forecast::{next, verdict};

/// One plan file of a `status` run.
#[derive(Debug)]
pub struct Entry {
    /// The file as shown to people.
    pub file: String,
    /// The plan, its graph and its status; `None` when the file has errors.
    pub loaded: Option<(Plan, Graph, PlanStatus)>,
    /// Error-level findings of the file.
    pub errors: usize,
}

/// The parties that act on a step, as the timelines' swimlanes name them: `Adobe`
/// (through the Transition Manager, on managed hosting), `Adobe Customer Care` (other
/// hostings), and the customer team that owns the step (`Customer (no owner)` when
/// the step names none). A step Adobe and the customer share has both.
#[must_use]
pub fn parties(plan: &Plan, i: usize) -> Vec<String> {
    let s = &plan.steps[i];
    let team = s
        .owner
        .as_ref()
        .map(|o| o.value.trim())
        .filter(|o| !o.is_empty())
        .map_or_else(|| "Customer (no owner)".to_owned(), str::to_owned);
    let Some((_, env)) = plan.env(&s.env.value) else {
        return vec![team];
    };
    let adobe = if env.hosting.value == Hosting::Managed {
        "Adobe".to_owned()
    } else {
        "Adobe Customer Care".to_owned()
    };
    match tasks::row(s.kind.value, env.hosting.value).actor {
        Actor::Adobe => vec![adobe],
        Actor::Customer => vec![team],
        Actor::Both => vec![adobe, team],
    }
}

/// Less slack than this to a deadline is a risk.
pub const RISK_MARGIN: SignedDuration = SignedDuration::from_hours(24);

/// The verdict of an environment or a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verdict {
    /// Every step is done or skipped.
    Done,
    /// No target to compare with (no `start`, no deadline).
    Unknown,
    /// The forecast meets the target with room to spare.
    OnTrack,
    /// The forecast meets the target, barely, or work is already behind the baseline.
    AtRisk,
    /// The forecast finishes after the target.
    Late,
}

impl Verdict {
    /// The word in every format.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Done => "done",
            Verdict::Unknown => "unknown",
            Verdict::OnTrack => "on-track",
            Verdict::AtRisk => "at-risk",
            Verdict::Late => "late",
        }
    }

    /// The words for people.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Done => "done",
            Verdict::Unknown => "no target",
            Verdict::OnTrack => "on track",
            Verdict::AtRisk => "at risk",
            Verdict::Late => "late",
        }
    }
}

/// What the next step of an environment is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextState {
    /// It is under way.
    InProgress,
    /// Every dependency is done and its window is open: it can start now.
    Ready,
    /// Every dependency is done, but its `not-before` (or the plan's `start`) is still
    /// ahead.
    Window,
    /// It waits for other steps.
    Blocked,
}

impl NextState {
    /// The word in every format.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            NextState::InProgress => "in-progress",
            NextState::Ready => "ready",
            NextState::Window => "waiting-for-window",
            NextState::Blocked => "blocked",
        }
    }
}

/// The next step of an environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Next {
    /// The step (index in the plan).
    pub step: usize,
    /// What it is doing.
    pub state: NextState,
    /// Its forecast window.
    pub start: Timestamp,
    /// Forecast end of the window.
    pub finish: Timestamp,
    /// The open steps it waits for (in output order).
    pub waits_on: Vec<usize>,
}

/// The deadlines that apply: the plan's, and per environment its own (SPEC §11.4).
/// Step deadlines count through the schedule's `due` (the latest finish every
/// deadline after a step allows).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Deadlines {
    /// The plan's deadline.
    pub plan: Option<Timestamp>,
    /// Per environment (plan order), its own deadline.
    pub envs: Vec<Option<Timestamp>>,
}

impl Deadlines {
    /// The deadlines a plan sets.
    #[must_use]
    pub fn of(plan: &Plan) -> Deadlines {
        Deadlines {
            plan: plan.deadline.as_ref().map(|d| d.value),
            envs: plan
                .environments
                .iter()
                .map(|e| e.deadline.as_ref().map(|d| d.value))
                .collect(),
        }
    }

    /// The deadline of one environment: its own, else the plan's.
    #[must_use]
    pub fn env(&self, e: usize) -> Option<Timestamp> {
        self.envs.get(e).copied().flatten().or(self.plan)
    }
}

/// Where one environment stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvStatus {
    /// The environment (index in the plan).
    pub env: usize,
    /// The highest phase (SPEC §3, 1–5) with a step done or skipped; 0 when none.
    pub phase: u8,
    /// The kind of that phase.
    pub phase_kind: Option<Kind>,
    /// The highest phase with a step in progress.
    pub phase_in_progress: Option<Kind>,
    /// Core steps (SPEC §3) of the environment done or skipped.
    pub core_done: usize,
    /// Core steps of the environment.
    pub core_total: usize,
    /// Steps done or skipped.
    pub steps_done: usize,
    /// Steps.
    pub steps_total: usize,
    /// The next step, when one is open.
    pub next: Option<Next>,
    /// Forecast finish of the environment's last step.
    pub forecast: Option<Timestamp>,
    /// Baseline finish (the schedule from `start`, without `now`).
    pub baseline: Option<Timestamp>,
    /// The deadline that applies.
    pub deadline: Option<Timestamp>,
    /// The verdict.
    pub verdict: Verdict,
}

impl EnvStatus {
    /// Core steps done, in percent (rounded down); `None` without core steps.
    #[must_use]
    pub fn core_percent(&self) -> Option<usize> {
        (self.core_total > 0).then(|| self.core_done * 100 / self.core_total)
    }

    /// How far the forecast is past the target (deadline, else baseline).
    #[must_use]
    pub fn slip(&self) -> Option<SignedDuration> {
        let target = self.deadline.or(self.baseline)?;
        Some(self.forecast?.duration_since(target))
    }
}

/// Where one plan stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanStatus {
    /// Per environment with steps, in plan order.
    pub envs: Vec<EnvStatus>,
    /// Forecast finish of the whole plan.
    pub forecast: Option<Timestamp>,
    /// Baseline finish of the whole plan.
    pub baseline: Option<Timestamp>,
    /// The plan's deadline.
    pub deadline: Option<Timestamp>,
    /// The verdict of the plan (the worst of its environments and its own deadline).
    pub verdict: Verdict,
    /// Forecast window of every step (plan order); empty on a cycle.
    pub windows: Vec<(Timestamp, Timestamp)>,
}

/// True for the core steps of SPEC §3.
fn is_core(kind: Kind, target: Target) -> bool {
    match kind {
        Kind::MigrateUsers | Kind::MigrateOperators | Kind::EnableRestrictions => true,
        Kind::MoveToV8 => target == Target::V8,
        Kind::Upgrade | Kind::Custom => false,
    }
}

/// The status of a plan at `now`.
#[must_use]
pub fn of(plan: &Plan, graph: &Graph, now: Timestamp) -> PlanStatus {
    let deadlines = Deadlines::of(plan);
    let windows = forecast(plan, graph, now);
    // The plan as drawn up (progress ignored): the target without a deadline.
    let baseline = Schedule::with(
        plan,
        graph,
        Options {
            baseline: true,
            ..Options::default()
        },
    );
    // The forecast with every deadline's `due` (needs a `start`).
    let dated = Schedule::with(
        plan,
        graph,
        Options {
            now: Some(now),
            ..Options::default()
        },
    );
    let to_deadline = |steps: &[usize], deadline: Option<Timestamp>| {
        let from_due = dated.as_ref().and_then(|d| {
            steps
                .iter()
                .filter_map(|&i| {
                    let due = d.times[i].due?;
                    Some(due.duration_since(windows.get(i)?.1))
                })
                .min()
        });
        from_due.or_else(|| {
            let finish = steps
                .iter()
                .filter_map(|&i| windows.get(i).map(|w| w.1))
                .max()?;
            Some(deadline?.duration_since(finish))
        })
    };
    let mut envs = Vec::new();
    for (e, _) in plan.environments.iter().enumerate() {
        let steps: Vec<usize> = graph
            .order
            .iter()
            .copied()
            .filter(|&i| graph.env_of[i] == e)
            .collect();
        if steps.is_empty() {
            continue;
        }
        let mut st = counts(plan, e, &steps, deadlines.env(e));
        st.next = next(plan, graph, &steps, &windows, now);
        st.forecast = steps
            .iter()
            .filter_map(|&i| windows.get(i).map(|w| w.1))
            .max();
        st.baseline = baseline
            .as_ref()
            .and_then(|b| steps.iter().map(|&i| b.times[i].finish).max());
        let behind = baseline.as_ref().is_some_and(|b| {
            steps
                .iter()
                .any(|&i| plan.steps[i].status() == Status::Todo && b.times[i].start < now)
        });
        st.verdict = verdict(
            st.steps_done == st.steps_total,
            st.forecast,
            to_deadline(&steps, st.deadline),
            st.baseline,
            behind,
            now,
        );
        envs.push(st);
    }
    let forecast_all = windows.iter().map(|w| w.1).max();
    let baseline_all = baseline.as_ref().map(|b| b.finish);
    let all_done = plan.steps.iter().all(|s| s.status().is_closed());
    let all: Vec<usize> = graph.order.clone();
    let own = verdict(
        all_done,
        forecast_all,
        to_deadline(&all, deadlines.plan),
        baseline_all,
        false,
        now,
    );
    let worst = envs.iter().map(|e| e.verdict).chain([own]).max();
    PlanStatus {
        envs,
        forecast: forecast_all,
        baseline: baseline_all,
        deadline: deadlines.plan,
        verdict: if all_done {
            Verdict::Done
        } else {
            worst.unwrap_or(Verdict::Unknown)
        },
        windows,
    }
}

/// An environment's counts and phase (the rest of its status left empty).
fn counts(plan: &Plan, e: usize, steps: &[usize], deadline: Option<Timestamp>) -> EnvStatus {
    let target = plan.target();
    let mut st = EnvStatus {
        env: e,
        phase: 0,
        phase_kind: None,
        phase_in_progress: None,
        core_done: 0,
        core_total: 0,
        steps_done: 0,
        steps_total: steps.len(),
        next: None,
        forecast: None,
        baseline: None,
        deadline,
        verdict: Verdict::Unknown,
    };
    for &i in steps {
        let s = &plan.steps[i];
        let kind = s.kind.value;
        let closed = s.status().is_closed();
        if closed {
            st.steps_done += 1;
        }
        if is_core(kind, target) {
            st.core_total += 1;
            st.core_done += usize::from(closed);
        }
        if let Some(p) = kind.phase() {
            if closed && p > st.phase {
                st.phase = p;
                st.phase_kind = Some(kind);
            }
            if s.status() == Status::InProgress
                && st
                    .phase_in_progress
                    .and_then(Kind::phase)
                    .is_none_or(|q| p > q)
            {
                st.phase_in_progress = Some(kind);
            }
        }
    }
    st
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{Limits, load_text};

    fn load(steps: &str) -> (Plan, Graph) {
        let text = format!(
            "format: 1\nname: t\nstart: 2026-01-05T08:00:00Z\nenvironments:\n  \
             a:\n    role: stage\n    hosting: on-premise\n    version: 7.4.1\nsteps:\n{steps}"
        );
        let loaded = load_text("t.yaml", &text, 0, &Limits::default());
        let plan = loaded.plan.expect("plan loads");
        let graph = Graph::build(&plan);
        (plan, graph)
    }

    fn at(t: &str) -> Timestamp {
        t.parse().unwrap()
    }

    const STEPS: &str = "  - {id: u, env: a, kind: migrate-users, duration: 2h, status: done}\n  \
        - {id: o, env: a, kind: migrate-operators, duration: 4h, status: in-progress}\n  \
        - {id: r, env: a, kind: enable-restrictions, duration: 1h}\n";

    #[test]
    fn before_the_baseline_is_on_track() {
        let (plan, graph) = load(STEPS);
        let st = of(&plan, &graph, at("2026-01-05T09:00:00Z"));
        let env = &st.envs[0];
        assert_eq!((env.core_done, env.core_total), (1, 3));
        assert_eq!(env.core_percent(), Some(33));
        assert_eq!(env.phase_kind, Some(Kind::MigrateUsers));
        assert_eq!(env.phase_in_progress, Some(Kind::MigrateOperators));
        let next = env.next.as_ref().unwrap();
        assert_eq!((next.step, next.state), (1, NextState::InProgress));
        assert_eq!(env.forecast, Some(at("2026-01-05T13:00:00Z")));
        // The baseline counts the done step's 2 hours too.
        assert_eq!(env.baseline, Some(at("2026-01-05T15:00:00Z")));
        assert_eq!(env.verdict, Verdict::OnTrack);
    }

    #[test]
    fn work_pushed_past_the_baseline_is_late() {
        let (plan, graph) = load(STEPS);
        let st = of(&plan, &graph, at("2026-01-06T08:00:00Z"));
        let env = &st.envs[0];
        // The operators step runs until at least now; restrictions follow.
        assert_eq!(env.forecast, Some(at("2026-01-06T09:00:00Z")));
        assert_eq!(env.verdict, Verdict::Late);
        assert_eq!(env.slip(), Some(SignedDuration::from_hours(18)));
        assert_eq!(st.verdict, Verdict::Late);
    }

    #[test]
    fn blocked_and_done() {
        let (plan, graph) = load(
            "  - {id: u, env: a, kind: migrate-users, duration: 2h}\n  \
             - {id: o, env: a, kind: migrate-operators, duration: 4h, not-before: 2026-02-01T00:00:00Z}\n",
        );
        let st = of(&plan, &graph, at("2026-01-05T08:00:00Z"));
        let next = st.envs[0].next.as_ref().unwrap();
        assert_eq!((next.step, next.state), (0, NextState::Ready));
        let (plan, graph) = load(
            "  - {id: u, env: a, kind: migrate-users, duration: 2h, status: done}\n  \
             - {id: o, env: a, kind: migrate-operators, duration: 4h, not-before: 2026-02-01T00:00:00Z}\n",
        );
        let st = of(&plan, &graph, at("2026-01-05T08:00:00Z"));
        let next = st.envs[0].next.as_ref().unwrap();
        assert_eq!((next.step, next.state), (1, NextState::Window));
        let (plan, graph) = load(
            "  - {id: u, env: a, kind: migrate-users, status: done}\n  \
             - {id: o, env: a, kind: migrate-operators, status: skipped}\n",
        );
        let st = of(&plan, &graph, at("2026-01-05T08:00:00Z"));
        assert_eq!(st.envs[0].verdict, Verdict::Done);
        assert!(st.envs[0].next.is_none());
        assert_eq!(st.verdict, Verdict::Done);
    }
}
