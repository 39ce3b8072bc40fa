//! The computed plan view every output shows: the steps selected by `--env` in wave
//! order and by scheduled start, the schedule (a forecast from `now` with its baseline
//! when asked), and who acts on each step. Built once per command; `render/`
//! and `runbook/` read it.

use crate::duration::friendly;
use crate::graph::Graph;
use crate::model::Plan;
use crate::schedule::{Options, Schedule};
use crate::tasks::{self, Actor};

/// What the plan outputs show: the plan, its graph, and the steps selected by `--env`.
pub struct View<'a> {
    /// The plan.
    pub plan: &'a Plan,
    /// Its graph.
    pub graph: &'a Graph,
    /// Selected steps, in output order (wave, environment, file order).
    pub steps: Vec<usize>,
    /// Selected steps by scheduled start (ties keep output order); output order
    /// without a schedule. `plan` and the runbook list steps this way.
    pub by_start: Vec<usize>,
    /// Waves of the selected steps (empty waves dropped).
    pub waves: Vec<(usize, Vec<usize>)>,
    /// The schedule of the whole plan (when it has a `start`): a forecast from `now`
    /// when `now` is set.
    pub schedule: Option<Schedule>,
    /// The baseline (progress ignored) when the schedule is a forecast.
    pub baseline: Option<Schedule>,
    /// Per step, the Campaign version it runs on (`rules::versions::runs_on`).
    pub runs_on: Vec<String>,
    /// The environments `--env` selected (empty: the whole plan).
    pub envs: Vec<String>,
}

impl<'a> View<'a> {
    /// The view of a plan, limited to some environments when `envs` is not empty.
    #[must_use]
    pub fn new(plan: &'a Plan, graph: &'a Graph, envs: &[String]) -> Self {
        View::at(plan, graph, envs, None)
    }

    /// The view of a plan forecast from `now` (SPEC §11.5): steps not started yet
    /// start no earlier than `now`, actuals are used, and the baseline is kept for the
    /// slip.
    #[must_use]
    pub fn at(
        plan: &'a Plan,
        graph: &'a Graph,
        envs: &[String],
        now: Option<jiff::Timestamp>,
    ) -> Self {
        let keep = |i: usize| envs.is_empty() || envs.iter().any(|e| *e == plan.steps[i].env.value);
        let waves: Vec<(usize, Vec<usize>)> = graph
            .wave_lists()
            .into_iter()
            .enumerate()
            .map(|(w, steps)| {
                (
                    w + 1,
                    steps.into_iter().filter(|&i| keep(i)).collect::<Vec<_>>(),
                )
            })
            .filter(|(_, s)| !s.is_empty())
            .collect();
        let steps: Vec<usize> = waves.iter().flat_map(|(_, s)| s.iter().copied()).collect();
        let schedule = Schedule::with(
            plan,
            graph,
            Options {
                now,
                ..Options::default()
            },
        );
        let baseline = now.and_then(|_| {
            Schedule::with(
                plan,
                graph,
                Options {
                    baseline: true,
                    ..Options::default()
                },
            )
        });
        let mut by_start = steps.clone();
        if let Some(s) = &schedule {
            // Stable: steps starting together keep wave, environment and file order.
            by_start.sort_by_key(|&i| s.times[i].start);
        }
        View {
            plan,
            graph,
            steps,
            by_start,
            waves,
            schedule,
            baseline,
            runs_on: crate::rules::versions::runs_on(plan, graph),
            envs: envs.to_vec(),
        }
    }

    /// The scheduled span of the selected steps: first start, last finish (the
    /// programme's when nothing is filtered out).
    #[must_use]
    pub fn span(&self) -> Option<(jiff::Timestamp, jiff::Timestamp)> {
        let s = self.schedule.as_ref()?;
        if self.envs.is_empty() {
            return Some((s.start, s.finish));
        }
        let start = self.steps.iter().map(|&i| s.times[i].start).min()?;
        let finish = self.steps.iter().map(|&i| s.times[i].finish).max()?;
        Some((start, finish))
    }

    /// The critical path of the selected steps, one chain as SPEC §10 draws it but
    /// among them only: begin at the selected step with the latest finish (ties: first
    /// in output order), step back to a selected dependency whose finish is this
    /// step's start (ties: first in output order), stop when there is none. Without a
    /// filter, the schedule's own path.
    #[must_use]
    pub fn critical_path(&self) -> Vec<usize> {
        let Some(s) = &self.schedule else {
            return Vec::new();
        };
        if self.envs.is_empty() {
            return s.critical_path.clone();
        }
        let mut rank = vec![usize::MAX; self.plan.steps.len()];
        for (r, &i) in self.steps.iter().enumerate() {
            rank[i] = r;
        }
        let Some(mut at) = self.steps.iter().copied().reduce(|a, b| {
            if s.times[b].finish > s.times[a].finish {
                b
            } else {
                a
            }
        }) else {
            return Vec::new();
        };
        let mut path = vec![at];
        while let Some(d) = self.graph.deps[at]
            .iter()
            .map(|d| d.step)
            .filter(|&d| rank[d] != usize::MAX && s.times[d].finish == s.times[at].start)
            .min_by_key(|&d| rank[d])
        {
            if path.contains(&d) {
                break;
            }
            path.push(d);
            at = d;
        }
        path.reverse();
        path
    }

    /// `` of `stage`, `prod` `` when `--env` filters the plan, else empty: the words
    /// after "schedule" and "critical path" in headlines.
    #[must_use]
    pub fn scope(&self) -> String {
        if self.envs.is_empty() {
            return String::new();
        }
        let names: Vec<String> = self.envs.iter().map(|e| format!("`{e}`")).collect();
        format!(" of {}", names.join(", "))
    }

    /// Environments that hold a selected step, in file order, each with its selected
    /// steps in output order (one pass over the steps).
    #[must_use]
    pub fn by_env(&self) -> Vec<(usize, Vec<usize>)> {
        let mut groups: Vec<Vec<usize>> = vec![Vec::new(); self.plan.environments.len()];
        for &i in &self.steps {
            if let Some(g) = groups.get_mut(self.graph.env_of[i]) {
                g.push(i);
            }
        }
        groups
            .into_iter()
            .enumerate()
            .filter(|(_, steps)| !steps.is_empty())
            .collect()
    }

    /// The steps by scheduled start, in runs of one wave: a new run begins where the
    /// wave changes (so a wave may appear more than once).
    #[must_use]
    pub fn wave_runs(&self) -> Vec<(usize, Vec<usize>)> {
        let mut runs: Vec<(usize, Vec<usize>)> = Vec::new();
        for &i in &self.by_start {
            let w = self.wave(i);
            match runs.last_mut() {
                Some((last, v)) if *last == w => v.push(i),
                _ => runs.push((w, vec![i])),
            }
        }
        runs
    }

    /// The wave of a step (0 when the graph has a cycle).
    #[must_use]
    pub fn wave(&self, i: usize) -> usize {
        self.graph.waves.as_ref().map_or(0, |w| w[i])
    }

    /// What a step waits for, as `id (reason), …`, or `-`.
    #[must_use]
    pub fn deps_text(&self, i: usize) -> String {
        let plan = self.plan;
        let d: Vec<String> = self.graph.deps[i]
            .iter()
            .map(|d| format!("{} ({})", plan.steps[d.step].id.value, d.reason.as_str()))
            .collect();
        if d.is_empty() {
            "-".into()
        } else {
            d.join(", ")
        }
    }

    /// A step's duration for people, or `no duration`.
    #[must_use]
    pub fn duration_text(&self, i: usize) -> String {
        self.plan.steps[i]
            .duration
            .as_ref()
            .map_or("no duration".to_owned(), |d| friendly(d.value))
    }
}

/// Who acts on a step (DOMAIN.md §4), from the runbook's task table.
#[must_use]
pub fn actor(plan: &Plan, step: usize) -> &'static str {
    actor_of(plan, step).as_str()
}

/// Who acts on a step, as the runbook's `Actor`.
#[must_use]
pub fn actor_of(plan: &Plan, step: usize) -> Actor {
    let s = &plan.steps[step];
    plan.env(&s.env.value).map_or(Actor::Customer, |(_, env)| {
        tasks::row(s.kind.value, env.hosting.value).actor
    })
}
