//! The computed plan view every output shows: the steps selected by `--env` in wave
//! order, the schedule, and who acts on each step. Built once per command; `render/`
//! and `runbook/` read it.

use crate::duration::friendly;
use crate::graph::Graph;
use crate::model::Plan;
use crate::schedule::Schedule;
use crate::tasks::{self, Actor};

/// What the plan outputs show: the plan, its graph, and the steps selected by `--env`.
pub struct View<'a> {
    /// The plan.
    pub plan: &'a Plan,
    /// Its graph.
    pub graph: &'a Graph,
    /// Selected steps, in output order (wave, environment, file order).
    pub steps: Vec<usize>,
    /// Waves of the selected steps (empty waves dropped).
    pub waves: Vec<(usize, Vec<usize>)>,
    /// The schedule of the whole plan (when it has a `start`).
    pub schedule: Option<Schedule>,
    /// Per step, the Campaign version it runs on (`rules::versions::runs_on`).
    pub runs_on: Vec<String>,
}

impl<'a> View<'a> {
    /// The view of a plan, limited to some environments when `envs` is not empty.
    #[must_use]
    pub fn new(plan: &'a Plan, graph: &'a Graph, envs: &[String]) -> Self {
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
        let steps = waves.iter().flat_map(|(_, s)| s.iter().copied()).collect();
        View {
            plan,
            graph,
            steps,
            waves,
            schedule: Schedule::compute(plan, graph),
            runs_on: crate::rules::versions::runs_on(plan, graph),
        }
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
