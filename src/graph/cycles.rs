//! P006: the cycles of a graph that cannot be layered, one finding per strongly
//! connected component, explained step by step with the reason of each edge.

use std::collections::{HashMap, VecDeque};

use petgraph::graph::{DiGraph, NodeIndex};

use super::{Graph, Reason};
use crate::code::Code;
use crate::diagnostic::Finding;
use crate::model::Plan;

/// Steps of a cycle named in a P006 message, and edges labelled, at most.
pub const MAX_CYCLE_SHOWN: usize = 10;

impl Graph {
    /// P006: one finding per strongly connected component that holds a cycle.
    #[must_use]
    pub fn cycles(&self, plan: &Plan, source: usize) -> Vec<Finding> {
        if self.is_acyclic() {
            return Vec::new();
        }
        let mut g: DiGraph<usize, ()> = DiGraph::with_capacity(self.deps.len(), 0);
        let nodes: Vec<NodeIndex> = (0..self.deps.len()).map(|i| g.add_node(i)).collect();
        for (b, ds) in self.deps.iter().enumerate() {
            for d in ds {
                g.add_edge(nodes[d.step], nodes[b], ());
            }
        }
        let mut comps: Vec<Vec<usize>> = petgraph::algo::tarjan_scc(&g)
            .into_iter()
            .map(|c| {
                let mut v: Vec<usize> = c.into_iter().map(|x| g[x]).collect();
                v.sort_unstable();
                v
            })
            .filter(|c| c.len() > 1 || self.deps[c[0]].iter().any(|d| d.step == c[0]))
            .collect();
        comps.sort();
        // One root cause, one finding: a cycle made only of promotion edges comes from
        // the environments' `after` and repeats for every kind of step they share, so
        // it is reported once per set of environments.
        let mut seen_env_cycles: Vec<Vec<usize>> = Vec::new();
        let mut out = Vec::new();
        for comp in &comps {
            let (finding, env_cycle) = self.cycle_finding(plan, source, comp);
            if let Some(envs) = env_cycle {
                if seen_env_cycles.contains(&envs) {
                    continue;
                }
                seen_env_cycles.push(envs);
            }
            out.push(finding);
        }
        out
    }

    /// The P006 finding of one component, and, when the cycle is made only of
    /// promotion edges, the sorted environments it runs through.
    fn cycle_finding(
        &self,
        plan: &Plan,
        source: usize,
        comp: &[usize],
    ) -> (Finding, Option<Vec<usize>>) {
        let start = comp[0];
        let path = self.cycle_path(start, comp);
        let id = |i: usize| plan.steps[i].id.value.as_str();
        let mut text: Vec<&str> = path.iter().map(|&i| id(i)).collect();
        text.push(id(start));
        let mut edges: Vec<(usize, usize, Reason)> = Vec::new();
        for (k, &a) in path.iter().enumerate() {
            let b = path.get(k + 1).copied().unwrap_or(start);
            let reason = self.deps[b]
                .iter()
                .find(|d| d.step == a)
                .map_or(Reason::Phase, |d| d.reason);
            edges.push((a, b, reason));
        }
        let closing = edges
            .iter()
            .rev()
            .find_map(|(_, _, r)| match r {
                Reason::Explicit(span) => Some(*span),
                _ => None,
            })
            .unwrap_or(plan.steps[start].kind.span);
        let env_cycle = edges
            .iter()
            .all(|(_, _, r)| *r == Reason::Promotion)
            .then(|| {
                let mut envs: Vec<usize> = path.iter().map(|&i| self.env_of[i]).collect();
                envs.sort_unstable();
                envs.dedup();
                envs
            });
        let help = match &env_cycle {
            Some(envs) => format!(
                "the environments {} promote from each other through `after` (or the default promotion order); remove one direction",
                crate::suggest::code_list(
                    envs.iter()
                        .filter_map(|&e| plan.environments.get(e))
                        .map(|e| &e.id.value)
                )
            ),
            None => "remove one of these dependencies; implicit ones come from phase order and from environment promotion (`after` on environments)".to_owned(),
        };
        // A long cycle is shown as a window: its first and last steps, and labels on
        // those edges and the closing one (a 50,000-step cycle must not print 50,000).
        let n = edges.len();
        let shown = |k: usize| n <= MAX_CYCLE_SHOWN || k < MAX_CYCLE_SHOWN - 2 || k + 2 >= n;
        let message = if text.len() > MAX_CYCLE_SHOWN + 1 {
            let head = text[..MAX_CYCLE_SHOWN - 2].join(" → ");
            let tail = text[text.len() - 3..].join(" → ");
            let more = text.len() - MAX_CYCLE_SHOWN - 1;
            format!("the steps form a cycle of {n} steps: `{head} → … {more} more … → {tail}`")
        } else {
            format!("the steps form a cycle: `{}`", text.join(" → "))
        };
        let mut f = Finding::new(Code::P006, source, closing, message).help(help);
        for (k, (a, b, reason)) in edges.into_iter().enumerate() {
            if !shown(k) && !matches!(reason, Reason::Explicit(s) if s == closing) {
                continue;
            }
            let (span, how) = match reason {
                Reason::Explicit(span) => (span, "`after`".to_owned()),
                Reason::Phase => (plan.steps[b].kind.span, "phase order".to_owned()),
                Reason::Promotion => (
                    plan.steps[b].kind.span,
                    format!("promotion from `{}`", plan.steps[a].env.value),
                ),
            };
            f = f.label(span, format!("`{}` runs after `{}` ({how})", id(b), id(a)));
        }
        (f, env_cycle)
    }

    /// Shortest path from `start` back to itself inside one component (BFS).
    fn cycle_path(&self, start: usize, comp: &[usize]) -> Vec<usize> {
        let inside = |i: usize| comp.binary_search(&i).is_ok();
        let mut prev: HashMap<usize, usize> = HashMap::new();
        let mut queue = VecDeque::from([start]);
        while let Some(a) = queue.pop_front() {
            crate::work::add(1 + self.dependents[a].len());
            for &b in &self.dependents[a] {
                if b == start {
                    let mut path = vec![a];
                    let mut cur = a;
                    while cur != start {
                        cur = prev[&cur];
                        path.push(cur);
                    }
                    path.reverse();
                    return path;
                }
                if inside(b) && !prev.contains_key(&b) {
                    prev.insert(b, a);
                    queue.push_back(b);
                }
            }
        }
        vec![start]
    }
}
