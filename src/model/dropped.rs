//! What loading dropped from a plan with schema errors (`Dropped`), so the rules run on
//! the rest and skip what a dropped part would have fed: one broken part, one finding.

use std::collections::HashSet;

/// The parts of a plan dropped because they were broken (each already has its P002).
/// Empty for a plan that loaded without errors.
#[derive(Debug, Clone, Default)]
pub struct Dropped {
    /// Ids (as written) of the steps dropped: an `after` naming one is not "unknown".
    pub steps: HashSet<String>,
    /// A step was dropped whose id could not be read: any `after` may name it.
    pub unnamed_step: bool,
    /// Ids (as written) of the environments dropped: a step on one is not "unknown".
    pub environments: HashSet<String>,
    /// Environments that lost a step or a promotion source: what they hold, the
    /// versions their steps run on and where they promote from are not known whole.
    pub touched: HashSet<String>,
    /// Every environment counts as touched (a dropped step whose `env` could not be
    /// read, or a broken plan-wide `target` or `ordering`).
    pub every_environment: bool,
    /// Something the schedule is computed from was dropped (a step, an environment, a
    /// time, a duration, a calendar): the schedule rules skip the plan.
    pub schedule: bool,
}

impl Dropped {
    /// True when nothing was dropped.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
            && !self.unnamed_step
            && self.environments.is_empty()
            && self.touched.is_empty()
            && !self.every_environment
            && !self.schedule
    }

    /// May `id` name a dropped step?
    #[must_use]
    pub fn step(&self, id: &str) -> bool {
        self.unnamed_step || self.steps.contains(id)
    }

    /// Was the environment `id` dropped?
    #[must_use]
    pub fn environment(&self, id: &str) -> bool {
        self.environments.contains(id)
    }

    /// Was any environment dropped?
    #[must_use]
    pub fn any_environment(&self) -> bool {
        !self.environments.is_empty()
    }

    /// Is the environment `id` known only in part (dropped, or touched by a drop)?
    #[must_use]
    pub fn touches(&self, id: &str) -> bool {
        self.every_environment || self.touched.contains(id) || self.environments.contains(id)
    }

    /// Record a dropped step: its id and environment as written, when readable.
    pub fn drop_step(&mut self, id: Option<&str>, env: Option<&str>) {
        match id {
            Some(id) => {
                self.steps.insert(id.to_owned());
            }
            None => self.unnamed_step = true,
        }
        match env {
            Some(env) => {
                self.touched.insert(env.to_owned());
            }
            None => self.every_environment = true,
        }
        self.schedule = true;
    }

    /// Record a dropped environment (its id as written).
    pub fn drop_environment(&mut self, id: &str) {
        self.environments.insert(id.to_owned());
        self.schedule = true;
    }

    /// Merge what another part of the conversion dropped.
    pub fn extend(&mut self, other: Dropped) {
        self.steps.extend(other.steps);
        self.unnamed_step |= other.unnamed_step;
        self.environments.extend(other.environments);
        self.touched.extend(other.touched);
        self.every_environment |= other.every_environment;
        self.schedule |= other.schedule;
    }
}
