//! The effective version of each step (SPEC §3, §11.1): the version it runs on after the
//! upgrades of its environment before it, and where that version was written. The
//! version rules (`versions.rs`), the outputs and the editor hover read it.

use crate::graph::Graph;
use crate::model::{Kind, Plan, Step};
use crate::span::Span;
use crate::version::Version;

/// Where a step's effective version comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The environment's `version` (index of the environment).
    Env(usize),
    /// The `to` of this upgrade step (index of the step).
    Upgrade(usize),
}

/// The version a step runs on, and where that version was written.
#[derive(Debug, Clone)]
pub struct Effective {
    /// The version.
    pub version: Version,
    /// Its text as written (`8.10` stays `8.10`).
    pub text: String,
    /// Where it comes from.
    pub origin: Origin,
    /// The span of the value that set it (`version` or `to`).
    pub span: Span,
}

/// The effective version of every step (SPEC §3, §11.1): the `to` of the latest upgrade
/// of the same environment among its ancestors in the graph, else the environment's
/// `version`. For an
/// upgrade step it is the version the upgrade starts from. `None` for a step whose
/// environment is unknown, and, when the graph has a cycle (no "before" exists), for the
/// steps of environments that have an upgrade.
#[must_use]
pub fn effective_versions(plan: &Plan, graph: &Graph) -> Vec<Option<Effective>> {
    let n = plan.steps.len();
    if !graph.is_acyclic() {
        let mut upgraded = vec![false; plan.environments.len()];
        for (i, s) in plan.steps.iter().enumerate() {
            if let Some(u) = upgraded.get_mut(graph.env_of[i]) {
                *u |= is_upgrade(s);
            }
        }
        return (0..n)
            .map(|s| {
                let env = graph.env_of[s];
                let e = plan.environments.get(env).filter(|_| !upgraded[env])?;
                Some(Effective {
                    version: Version::parse(&e.version.value)?,
                    text: e.version.value.clone(),
                    origin: Origin::Env(env),
                    span: e.version.span,
                })
            })
            .collect();
    }
    // The latest upgrade of the step's environment among its ancestors (§11.1).
    let last = graph.upgrade_before(plan);
    (0..n)
        .map(|s| {
            let env = graph.env_of[s];
            let e = plan.environments.get(env)?;
            let (text, span, origin) = match last[s] {
                Some(u) => {
                    let to = plan.steps[u].to.as_ref()?;
                    (to.value.clone(), to.span, Origin::Upgrade(u))
                }
                None => (e.version.value.clone(), e.version.span, Origin::Env(env)),
            };
            Some(Effective {
                version: Version::parse(&text)?,
                text,
                origin,
                span,
            })
        })
        .collect()
}

/// What each step runs on, as outputs show it (`plan`, `graph`, `next`): the effective
/// version, and for an upgrade `from → to`; `?` when unknown (a cycle, an unknown
/// environment).
#[must_use]
pub fn runs_on(plan: &Plan, graph: &Graph) -> Vec<String> {
    effective_versions(plan, graph)
        .into_iter()
        .zip(&plan.steps)
        .map(|(e, s)| {
            let from = e.map_or_else(|| "?".to_owned(), |e| e.text);
            match s.to.as_ref().filter(|_| s.kind.value == Kind::Upgrade) {
                Some(to) => format!("{from} → {}", to.value),
                None => from,
            }
        })
        .collect()
}

fn is_upgrade(s: &Step) -> bool {
    s.kind.value == Kind::Upgrade && s.to.is_some()
}
