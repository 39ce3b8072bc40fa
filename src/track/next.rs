//! `imsplan next`: where a plan stands. Steps ready to start (every dependency done or
//! skipped, the step itself `todo`), steps in progress, and for each blocked step the
//! dependencies it still waits for.

use crate::graph::Graph;
use crate::model::{Plan, Status};

/// The state of a plan's progress, in output order (wave, environment, file order).
#[derive(Debug, Default)]
pub struct Progress {
    /// `todo` steps whose dependencies are all done or skipped.
    pub ready: Vec<usize>,
    /// `in-progress` steps.
    pub in_progress: Vec<usize>,
    /// `todo` steps with open dependencies, and those dependencies.
    pub blocked: Vec<(usize, Vec<usize>)>,
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

    /// True when every selected step is done or skipped.
    #[must_use]
    pub fn complete(&self) -> bool {
        self.closed == self.total
    }
}
