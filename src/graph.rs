//! The dependency graph of SPEC §3: explicit `after`, phase order per environment,
//! promotion between environments (upgrades: `graph/upgrades.rs`, SPEC §11.1); cycles
//! (P006) and waves (longest-path layering).
//!
//! Nodes are step indices in file order. An edge `a → b` means `b` starts after `a`
//! finishes. Every edge keeps its reason so `plan --format json` can say why a step
//! waits, and so a cycle that exists only through implicit edges can be explained
//! (`graph/cycles.rs`).

mod cycles;
mod upgrades;

use std::collections::{HashMap, VecDeque};

use crate::model::{Kind, Ordering, Plan, Role};
use crate::span::Span;
use crate::version::Version;

/// Why one step waits for another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// Named in the step's `after` (the span of that item).
    Explicit(Span),
    /// Phase order inside one environment.
    Phase,
    /// The same kind of step in an environment this one promotes from.
    Promotion,
}

impl Reason {
    /// The word used in outputs.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Explicit(_) => "explicit",
            Reason::Phase => "phase",
            Reason::Promotion => "promotion",
        }
    }

    fn rank(self) -> u8 {
        match self {
            Reason::Explicit(_) => 0,
            Reason::Phase => 1,
            Reason::Promotion => 2,
        }
    }
}

/// One dependency of a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dep {
    /// The step waited for (index in `plan.steps`).
    pub step: usize,
    /// Why.
    pub reason: Reason,
}

/// The graph of one plan.
#[derive(Debug, Clone)]
pub struct Graph {
    /// Per step, its dependencies (deduplicated, strongest reason kept, sorted by step).
    pub deps: Vec<Vec<Dep>>,
    /// Per step, the steps that wait for it.
    pub dependents: Vec<Vec<usize>>,
    /// Per step, its 1-based wave; `None` when the graph has a cycle.
    pub waves: Option<Vec<usize>>,
    /// Steps in a deterministic topological order (wave, environment, file order).
    pub order: Vec<usize>,
    /// Per step, the index of its environment (`usize::MAX` when unknown).
    pub env_of: Vec<usize>,
    /// Per environment, the environments it promotes from.
    pub sources: Vec<Vec<usize>>,
}

impl Graph {
    /// Build the graph. Unknown references (P004/P005) simply add no edge.
    #[must_use]
    pub fn build(plan: &Plan) -> Graph {
        Graph::build_limited(plan, usize::MAX).unwrap_or_else(|_| Graph::empty(plan))
    }

    /// The most edges a plan of `steps` steps may have before `check` reports P008:
    /// far above any real plan (a step rarely waits for more than a few others), but it
    /// stops a small hostile file (thousands of steps of one kind in one environment,
    /// or thousands of environments promoting from thousands) from building a
    /// quadratic edge list.
    #[must_use]
    pub fn edge_budget(steps: usize) -> usize {
        steps.saturating_mul(32).saturating_add(100_000)
    }

    /// Build the graph with at most `max_edges` edges (counted before de-duplication).
    ///
    /// # Errors
    /// The number of edges reached when the budget ran out.
    #[allow(clippy::too_many_lines)] // the edge rules of SPEC §3 and §11.1, in order
    pub fn build_limited(plan: &Plan, max_edges: usize) -> Result<Graph, usize> {
        let n = plan.steps.len();
        let mut edges = 0usize;
        let mut count = |k: usize| -> Result<(), usize> {
            edges = edges.saturating_add(k);
            crate::work::add(k);
            if edges > max_edges {
                Err(edges)
            } else {
                Ok(())
            }
        };
        let mut ids: HashMap<&str, usize> = HashMap::with_capacity(n);
        for (i, s) in plan.steps.iter().enumerate() {
            ids.entry(s.id.value.as_str()).or_insert(i);
        }
        let env_index: HashMap<&str, usize> = plan
            .environments
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.value.as_str(), i))
            .collect();
        let env_of: Vec<usize> = plan
            .steps
            .iter()
            .map(|s| {
                env_index
                    .get(s.env.value.as_str())
                    .copied()
                    .unwrap_or(usize::MAX)
            })
            .collect();
        let sources = promotion_sources(plan, &env_index, max_edges)?;

        let mut deps: Vec<Vec<Dep>> = vec![Vec::new(); n];
        // Explicit edges.
        for (i, s) in plan.steps.iter().enumerate() {
            for item in s.after() {
                count(1)?;
                if let Some(&d) = ids.get(item.value.as_str()) {
                    deps[i].push(Dep {
                        step: d,
                        reason: Reason::Explicit(item.span),
                    });
                }
            }
        }
        // Steps by (environment, kind).
        let mut by_env_kind: HashMap<(usize, Kind), Vec<usize>> = HashMap::new();
        for (i, s) in plan.steps.iter().enumerate() {
            if env_of[i] != usize::MAX && s.kind.value != Kind::Custom {
                by_env_kind
                    .entry((env_of[i], s.kind.value))
                    .or_default()
                    .push(i);
            }
        }
        // Phase edges among the non-upgrade steps: each phase depends on the nearest
        // lower phase present (upgrades get theirs below, SPEC §11.1).
        let parallel = plan.ordering() == Ordering::ParallelMigrations;
        let phase_of = |k: Kind| -> u8 {
            let p = k.phase().unwrap_or(0);
            if parallel && k == Kind::MigrateOperators {
                2
            } else {
                p
            }
        };
        for env in 0..plan.environments.len() {
            let mut phases: Vec<(u8, Vec<usize>)> = Vec::new();
            for kind in Kind::ALL
                .iter()
                .copied()
                .filter(|k| !matches!(k, Kind::Custom | Kind::Upgrade))
            {
                if let Some(steps) = by_env_kind.get(&(env, kind)) {
                    let p = phase_of(kind);
                    match phases.iter_mut().find(|(q, _)| *q == p) {
                        Some((_, v)) => v.extend(steps),
                        None => phases.push((p, steps.clone())),
                    }
                }
            }
            phases.sort_by_key(|(p, _)| *p);
            for pair in phases.windows(2) {
                count(pair[0].1.len().saturating_mul(pair[1].1.len()))?;
                for &b in &pair[1].1 {
                    for &a in &pair[0].1 {
                        deps[b].push(Dep {
                            step: a,
                            reason: Reason::Phase,
                        });
                    }
                }
            }
        }
        // Promotion edges: literal, same kind, from each source environment; an
        // upgrade waits for the source's upgrades to the same version.
        let targets: Vec<Option<Version>> = plan
            .steps
            .iter()
            .map(|s| {
                s.to.as_ref()
                    .filter(|_| s.kind.value == Kind::Upgrade)
                    .and_then(|t| Version::parse(&t.value))
            })
            .collect();
        for (i, s) in plan.steps.iter().enumerate() {
            if env_of[i] == usize::MAX || s.kind.value == Kind::Custom {
                continue;
            }
            for &src in &sources[env_of[i]] {
                count(1)?;
                if let Some(steps) = by_env_kind.get(&(src, s.kind.value)) {
                    count(steps.len())?;
                    for &a in steps {
                        if s.kind.value == Kind::Upgrade && targets[a] != targets[i] {
                            continue;
                        }
                        deps[i].push(Dep {
                            step: a,
                            reason: Reason::Promotion,
                        });
                    }
                }
            }
        }
        upgrades::upgrade_edges(plan, &by_env_kind, &targets, &mut deps, &mut count)?;
        for d in &mut deps {
            d.sort_by_key(|x| (x.step, x.reason.rank()));
            d.dedup_by_key(|x| x.step);
        }
        let mut dependents = vec![Vec::new(); n];
        for (b, ds) in deps.iter().enumerate() {
            for d in ds {
                dependents[d.step].push(b);
            }
        }
        let mut g = Graph {
            deps,
            dependents,
            waves: None,
            order: Vec::new(),
            env_of,
            sources,
        };
        g.layer();
        Ok(g)
    }

    /// A graph without edges (for a plan whose edges are over the budget).
    fn empty(plan: &Plan) -> Graph {
        let n = plan.steps.len();
        let mut g = Graph {
            deps: vec![Vec::new(); n],
            dependents: vec![Vec::new(); n],
            waves: None,
            order: Vec::new(),
            env_of: vec![usize::MAX; n],
            sources: vec![Vec::new(); plan.environments.len()],
        };
        g.layer();
        g
    }

    /// Longest-path layering by Kahn's algorithm; leaves `waves` `None` on a cycle.
    fn layer(&mut self) {
        let n = self.deps.len();
        let mut indegree: Vec<usize> = self.deps.iter().map(Vec::len).collect();
        let mut wave = vec![1usize; n];
        let mut queue: VecDeque<usize> = (0..n).filter(|&i| indegree[i] == 0).collect();
        let mut seen = 0;
        while let Some(a) = queue.pop_front() {
            seen += 1;
            crate::work::add(1 + self.dependents[a].len());
            for &b in &self.dependents[a] {
                wave[b] = wave[b].max(wave[a] + 1);
                indegree[b] -= 1;
                if indegree[b] == 0 {
                    queue.push_back(b);
                }
            }
        }
        if seen == n {
            let mut order: Vec<usize> = (0..n).collect();
            order.sort_by_key(|&i| (wave[i], self.env_of[i], i));
            self.order = order;
            self.waves = Some(wave);
        } else {
            self.order = (0..n).collect();
        }
    }

    /// The waves as lists of step indices, in output order.
    #[must_use]
    pub fn wave_lists(&self) -> Vec<Vec<usize>> {
        let Some(waves) = &self.waves else {
            return Vec::new();
        };
        let mut out: Vec<Vec<usize>> = Vec::new();
        for &i in &self.order {
            let w = waves[i];
            if out.len() < w {
                out.resize_with(w, Vec::new);
            }
            out[w - 1].push(i);
        }
        out
    }

    /// True when the graph has no cycle.
    #[must_use]
    pub fn is_acyclic(&self) -> bool {
        self.waves.is_some()
    }
}

/// Per environment, the environments it promotes from (SPEC §3): its `after`, or by
/// default production ← every stage, stage ← every development. Linear in the result,
/// which counts against the edge budget (thousands of production environments
/// promoting from thousands of stage ones would be a quadratic list).
fn promotion_sources(
    plan: &Plan,
    env_index: &HashMap<&str, usize>,
    max_edges: usize,
) -> Result<Vec<Vec<usize>>, usize> {
    let by_role = |role: Role| -> Vec<usize> {
        plan.environments
            .iter()
            .enumerate()
            .filter(|(_, o)| o.role.value == role)
            .map(|(i, _)| i)
            .collect()
    };
    let (stages, developments) = (by_role(Role::Stage), by_role(Role::Development));
    let mut total = 0usize;
    let mut out = Vec::with_capacity(plan.environments.len());
    for e in &plan.environments {
        let sources: Vec<usize> = if let Some(list) = &e.after {
            list.iter()
                .filter_map(|a| env_index.get(a.value.as_str()).copied())
                .collect()
        } else {
            match e.role.value {
                Role::Production => stages.clone(),
                Role::Stage => developments.clone(),
                Role::Development => Vec::new(),
            }
        };
        total = total.saturating_add(sources.len());
        crate::work::add(1 + sources.len());
        if total > max_edges {
            return Err(total);
        }
        out.push(sources);
    }
    Ok(out)
}
