//! Upgrades in the graph (SPEC §11.1): their implicit edges, placed after the graph of
//! explicit, promotion and non-upgrade phase edges is built, and the latest upgrade
//! each step runs after (its effective version).

use std::collections::HashMap;

use super::{Dep, Graph, Reason};
use crate::model::{Kind, Plan};
use crate::version::Version;

impl Graph {
    /// Per step, the latest upgrade of its own environment among its ancestors (by
    /// position in the topological order), the upgrade whose `to` the step runs on
    /// (SPEC §11.1); `None` when it has none, or when the graph has a cycle. Exact: a
    /// path may leave the environment and come back.
    #[must_use]
    pub fn upgrade_before(&self, plan: &Plan) -> Vec<Option<usize>> {
        let n = self.deps.len();
        let mut out = vec![None; n];
        if !self.is_acyclic() {
            return out;
        }
        let mut pos = vec![0usize; n];
        for (k, &i) in self.order.iter().enumerate() {
            pos[i] = k;
        }
        // Per step: (environment, latest upgrade of it) among the step and its
        // ancestors, sorted by environment; only environments with upgrades appear.
        let mut carried: Vec<Vec<(usize, usize)>> = vec![Vec::new(); n];
        for &s in &self.order {
            let mut map: Vec<(usize, usize)> = Vec::new();
            for d in &self.deps[s] {
                crate::work::add(1 + carried[d.step].len());
                for &(env, u) in &carried[d.step] {
                    match map.binary_search_by_key(&env, |x| x.0) {
                        Ok(k) if pos[u] > pos[map[k].1] => map[k].1 = u,
                        Ok(_) => {}
                        Err(k) => map.insert(k, (env, u)),
                    }
                }
            }
            let env = self.env_of[s];
            if let Ok(k) = map.binary_search_by_key(&env, |x| x.0) {
                out[s] = Some(map[k].1);
            }
            let step = &plan.steps[s];
            if step.kind.value == Kind::Upgrade && step.to.is_some() && env != usize::MAX {
                match map.binary_search_by_key(&env, |x| x.0) {
                    Ok(k) => map[k].1 = s,
                    Err(k) => map.insert(k, (env, s)),
                }
            }
            carried[s] = map;
        }
        out
    }
}

/// The implicit edges of upgrades (SPEC §11.1), added to the graph of explicit,
/// promotion and non-upgrade phase edges: an upgrade runs before every core step of its
/// environment that is not one of its ancestors, and the upgrades of one environment
/// that are not otherwise ordered are chained by ascending `to` (ties: file order).
///
/// Upgrades are placed one at a time in ascending `to`, each looking at the ancestors
/// it has in the graph built so far. When the spec's rule (ancestors in the graph
/// without any upgrade edge) gives an acyclic graph, this is the same graph: an edge
/// is left out only when its core step already reaches the upgrade, where the spec's
/// edge would close a cycle. So no cycle ever comes from an upgrade's implicit edges.
pub(super) fn upgrade_edges(
    plan: &Plan,
    by_env_kind: &HashMap<(usize, Kind), Vec<usize>>,
    targets: &[Option<Version>],
    deps: &mut [Vec<Dep>],
    count: &mut impl FnMut(usize) -> Result<(), usize>,
) -> Result<(), usize> {
    const CORE: [Kind; 4] = [
        Kind::MigrateUsers,
        Kind::MigrateOperators,
        Kind::EnableRestrictions,
        Kind::MoveToV8,
    ];
    let mut seen = vec![usize::MAX; deps.len()];
    let mut mark = 0usize;
    for env in 0..plan.environments.len() {
        let Some(upgrades) = by_env_kind.get(&(env, Kind::Upgrade)) else {
            continue;
        };
        let mut upgrades = upgrades.clone();
        upgrades.sort_by(|&a, &b| targets[a].cmp(&targets[b]).then(a.cmp(&b)));
        let core: Vec<usize> = CORE
            .iter()
            .filter_map(|k| by_env_kind.get(&(env, *k)))
            .flatten()
            .copied()
            .collect();
        for &u in &upgrades {
            mark += 1;
            ancestors(u, deps, &mut seen, mark, count)?;
            count(core.len())?;
            for &c in &core {
                if seen[c] != mark {
                    deps[c].push(Dep {
                        step: u,
                        reason: Reason::Phase,
                    });
                }
            }
        }
        for pair in upgrades.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            mark += 1;
            ancestors(b, deps, &mut seen, mark, count)?;
            if seen[a] == mark {
                continue;
            }
            mark += 1;
            ancestors(a, deps, &mut seen, mark, count)?;
            if seen[b] == mark {
                continue;
            }
            deps[b].push(Dep {
                step: a,
                reason: Reason::Phase,
            });
        }
    }
    Ok(())
}

/// Mark every ancestor of `start` with `mark` in `seen` (a backward walk over `deps`,
/// counted against the edge budget).
fn ancestors(
    start: usize,
    deps: &[Vec<Dep>],
    seen: &mut [usize],
    mark: usize,
    count: &mut impl FnMut(usize) -> Result<(), usize>,
) -> Result<(), usize> {
    let mut stack = vec![start];
    while let Some(a) = stack.pop() {
        count(1 + deps[a].len())?;
        for d in &deps[a] {
            if seen[d.step] != mark {
                seen[d.step] = mark;
                stack.push(d.step);
            }
        }
    }
    Ok(())
}
