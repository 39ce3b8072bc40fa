//! `imsplan diff`: the semantic change between two versions of a plan. Steps are
//! matched by id, then unmatched ones by kind and environment (a rename; custom steps
//! also need the same title). For each matched step: wave, dependencies and every field
//! (`fields.rs`: the model is destructured there, so a new field must be compared).
//! Environments and plan-level settings are compared too, and every change that touches
//! production or a point of no return gets a risk note.

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;

mod fields;

use crate::graph::Graph;
use crate::model::{Kind, Plan, Role, Step};

/// One plan version with its graph.
pub struct Side<'a> {
    /// The plan.
    pub plan: &'a Plan,
    /// Its graph (acyclic: the plan validated).
    pub graph: &'a Graph,
}

/// A field that changed: name, old value, new value (`None` = absent).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FieldChange {
    /// The field (`owner`, `duration`, `version`, `operators[NAME].profile` …).
    pub field: String,
    /// Old value.
    pub old: Option<String>,
    /// New value.
    pub new: Option<String>,
}

/// A step present in only one version.
#[derive(Debug, Clone, Serialize)]
pub struct StepRef {
    /// Its id.
    pub id: String,
    /// Its environment.
    pub env: String,
    /// Its kind.
    pub kind: &'static str,
    /// Its wave.
    pub wave: usize,
}

/// A step present in both versions (possibly renamed) that changed.
#[derive(Debug, Clone, Serialize)]
pub struct StepChange {
    /// The id in the new version.
    pub id: String,
    /// The id in the old version, when renamed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub renamed_from: Option<String>,
    /// Its environment (new version).
    pub env: String,
    /// Its kind (new version).
    pub kind: &'static str,
    /// Old and new wave, when it moved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wave: Option<WaveMove>,
    /// Dependencies gained (new ids).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub deps_added: Vec<String>,
    /// Dependencies lost (new ids where the step still exists, else old ids).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub deps_removed: Vec<String>,
    /// Fields that changed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldChange>,
}

/// A step that moved to another wave.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct WaveMove {
    /// Wave in the old version.
    pub old: usize,
    /// Wave in the new version.
    pub new: usize,
}

/// An environment present in both versions that changed.
#[derive(Debug, Clone, Serialize)]
pub struct EnvChange {
    /// Its id.
    pub id: String,
    /// Fields that changed.
    pub fields: Vec<FieldChange>,
}

/// Everything that changed.
#[derive(Debug, Clone, Serialize, Default)]
pub struct PlanDiff {
    /// Plan-level fields (`name`, `target`, `ordering`, `start`, `title`).
    pub plan: Vec<FieldChange>,
    /// Environments only in the new version.
    pub envs_added: Vec<String>,
    /// Environments only in the old version.
    pub envs_removed: Vec<String>,
    /// Environments that changed.
    pub envs_changed: Vec<EnvChange>,
    /// Steps only in the new version.
    pub steps_added: Vec<StepRef>,
    /// Steps only in the old version.
    pub steps_removed: Vec<StepRef>,
    /// Steps that changed (renamed, moved, re-wired, re-owned …).
    pub steps_changed: Vec<StepChange>,
    /// Why a reviewer should look twice.
    pub risks: Vec<String>,
}

impl PlanDiff {
    /// True when nothing changed.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.plan.is_empty()
            && self.envs_added.is_empty()
            && self.envs_removed.is_empty()
            && self.envs_changed.is_empty()
            && self.steps_added.is_empty()
            && self.steps_removed.is_empty()
            && self.steps_changed.is_empty()
    }
}

fn wave(side: &Side<'_>, i: usize) -> usize {
    side.graph.waves.as_ref().map_or(0, |w| w[i])
}

fn step_ref(side: &Side<'_>, i: usize) -> StepRef {
    let s = &side.plan.steps[i];
    StepRef {
        id: s.id.value.clone(),
        env: s.env.value.clone(),
        kind: s.kind.value.as_str(),
        wave: wave(side, i),
    }
}

/// The id a step of the old version has in the new one (its own when it is gone).
fn name_old_of<'a>(
    a: &'a Plan,
    b: &'a Plan,
    new_of: &'a HashMap<usize, usize>,
) -> impl Fn(&str) -> String + 'a {
    let index: HashMap<&str, usize> = a
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.value.as_str(), i))
        .collect();
    move |id: &str| {
        index
            .get(id)
            .and_then(|i| new_of.get(i))
            .map_or_else(|| id.to_owned(), |&j| b.steps[j].id.value.clone())
    }
}

/// The explicit `after` list as a set of new ids: a change is reported even when the
/// graph already had the edge (an implicit phase or promotion dependency).
fn explicit_after(a: &Step, b: &Step, rename: &impl Fn(&str) -> String) -> Option<FieldChange> {
    let set = |s: &Step, f: &dyn Fn(&str) -> String| -> Option<BTreeSet<String>> {
        s.after
            .as_ref()
            .map(|l| l.iter().map(|x| f(&x.value)).collect())
    };
    let (old, new) = (set(a, rename), set(b, &|x: &str| x.to_owned()));
    let show =
        |v: Option<BTreeSet<String>>| v.map(|s| s.into_iter().collect::<Vec<_>>().join(", "));
    fields::change("after", show(old), show(new))
}

/// The explicit `after` edit of a step is already visible as graph dependencies gained
/// and lost.
fn explained(
    added: &[String],
    removed: &[String],
    a: &Step,
    b: &Step,
    rename: &impl Fn(&str) -> String,
) -> bool {
    let old: BTreeSet<String> = a.after().map(|x| rename(&x.value)).collect();
    let new: BTreeSet<String> = b.after().map(|x| x.value.clone()).collect();
    new.difference(&old).all(|x| added.contains(x))
        && old.difference(&new).all(|x| removed.contains(x))
}

/// Match steps: by id, then renames (same kind and environment; custom steps also the
/// same title). Returns pairs (old index, new index) in new-file order.
fn match_steps(old: &Plan, new: &Plan) -> Vec<(usize, usize)> {
    let old_ids: HashMap<&str, usize> = old
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.value.as_str(), i))
        .collect();
    let new_ids: BTreeSet<&str> = new.steps.iter().map(|s| s.id.value.as_str()).collect();
    let mut used = vec![false; old.steps.len()];
    let mut pairs: Vec<Option<usize>> = new
        .steps
        .iter()
        .map(|s| {
            let i = old_ids.get(s.id.value.as_str()).copied();
            if let Some(i) = i {
                used[i] = true;
            }
            i
        })
        .collect();
    for (j, s) in new.steps.iter().enumerate() {
        if pairs[j].is_some() {
            continue;
        }
        let found = old.steps.iter().enumerate().position(|(i, o)| {
            !used[i]
                && !new_ids.contains(o.id.value.as_str())
                && o.kind.value == s.kind.value
                && o.env.value == s.env.value
                && (s.kind.value != Kind::Custom
                    || fields::text(&o.title) == fields::text(&s.title))
        });
        if let Some(i) = found {
            used[i] = true;
            pairs[j] = Some(i);
        }
    }
    pairs
        .into_iter()
        .enumerate()
        .filter_map(|(j, i)| i.map(|i| (i, j)))
        .collect()
}

/// Compare two versions of a plan.
#[must_use]
pub fn diff(old: &Side<'_>, new: &Side<'_>) -> PlanDiff {
    let (a, b) = (old.plan, new.plan);
    let mut d = PlanDiff {
        plan: fields::plan(a, b),
        ..PlanDiff::default()
    };
    envs(a, b, &mut d);
    let pairs = match_steps(a, b);
    let new_of: HashMap<usize, usize> = pairs.iter().copied().collect();
    let mut old_seen = vec![false; a.steps.len()];
    let mut new_seen = vec![false; b.steps.len()];
    for &(i, j) in &pairs {
        old_seen[i] = true;
        new_seen[j] = true;
    }
    // Dependencies named by new ids where the step survives.
    let name_old = |i: usize| -> String {
        new_of.get(&i).map_or_else(
            || a.steps[i].id.value.clone(),
            |&j| b.steps[j].id.value.clone(),
        )
    };
    for &j in &new.graph.order {
        if !new_seen[j] {
            d.steps_added.push(step_ref(new, j));
        }
    }
    for &i in &old.graph.order {
        if !old_seen[i] {
            d.steps_removed.push(step_ref(old, i));
        }
    }
    let rename = name_old_of(a, b, &new_of);
    let mut changed: Vec<(usize, StepChange)> = Vec::new();
    for &(i, j) in &pairs {
        let (sa, sb) = (&a.steps[i], &b.steps[j]);
        let deps_old: BTreeSet<String> =
            old.graph.deps[i].iter().map(|x| name_old(x.step)).collect();
        let deps_new: BTreeSet<String> = new.graph.deps[j]
            .iter()
            .map(|x| b.steps[x.step].id.value.clone())
            .collect();
        let (wa, wb) = (wave(old, i), wave(new, j));
        let mut c = StepChange {
            id: sb.id.value.clone(),
            renamed_from: (sa.id.value != sb.id.value).then(|| sa.id.value.clone()),
            env: sb.env.value.clone(),
            kind: sb.kind.value.as_str(),
            wave: (wa != wb).then_some(WaveMove { old: wa, new: wb }),
            deps_added: deps_new.difference(&deps_old).cloned().collect(),
            deps_removed: deps_old.difference(&deps_new).cloned().collect(),
            fields: fields::step(sa, sb, &b.zone),
        };
        // An `after` edit the dependency lines do not already show.
        if let Some(f) = explicit_after(sa, sb, &rename)
            .filter(|_| !explained(&c.deps_added, &c.deps_removed, sa, sb, &rename))
        {
            c.fields.push(f);
        }
        if c.renamed_from.is_some()
            || c.wave.is_some()
            || !c.deps_added.is_empty()
            || !c.deps_removed.is_empty()
            || !c.fields.is_empty()
        {
            let rank = new.graph.order.iter().position(|&x| x == j).unwrap_or(j);
            changed.push((rank, c));
        }
    }
    changed.sort_by_key(|(r, _)| *r);
    d.steps_changed = changed.into_iter().map(|(_, c)| c).collect();
    d.risks = risks(&d, a, b);
    d
}

/// A plan that did not exist before (`diff --base REV FILE` with FILE not in REV):
/// every plan field it sets, every environment and every step is added.
#[must_use]
pub fn added(new: &Side<'_>) -> PlanDiff {
    let mut empty = new.plan.clone();
    empty.title = None;
    empty.target = None;
    empty.ordering = None;
    empty.start = None;
    empty.timezone = None;
    empty.calendar = None;
    empty.deadline = None;
    empty.environments.clear();
    empty.steps.clear();
    empty.env_index.clear();
    let graph = Graph::build(&empty);
    let mut d = diff(
        &Side {
            plan: &empty,
            graph: &graph,
        },
        new,
    );
    // No old value at all, not even a default.
    for f in &mut d.plan {
        f.old = None;
    }
    d.plan.insert(
        0,
        FieldChange {
            field: "name".to_owned(),
            old: None,
            new: Some(new.plan.name.value.clone()),
        },
    );
    d
}

fn envs(a: &Plan, b: &Plan, d: &mut PlanDiff) {
    for e in &b.environments {
        let Some((_, old)) = a.env(&e.id.value) else {
            d.envs_added.push(e.id.value.clone());
            continue;
        };
        let fields = fields::environment(old, e, &b.zone);
        if !fields.is_empty() {
            d.envs_changed.push(EnvChange {
                id: e.id.value.clone(),
                fields,
            });
        }
    }
    for e in &a.environments {
        if b.env(&e.id.value).is_none() {
            d.envs_removed.push(e.id.value.clone());
        }
    }
}

/// The point of no return a kind of step holds, if any (DOMAIN.md §3).
#[must_use]
pub fn point_of_no_return(kind: Kind) -> Option<&'static str> {
    match kind {
        Kind::MigrateUsers => {
            Some("after the sign-off of the user migration no native operator can be created")
        }
        Kind::MigrateOperators => Some("deleting the old technical operators cannot be undone"),
        Kind::EnableRestrictions => {
            Some("once restrictions are on, native operators can no longer be created or edited")
        }
        _ => None,
    }
}

fn production(plan: &Plan, env: &str) -> bool {
    plan.env(env)
        .is_some_and(|(_, e)| e.role.value == Role::Production)
}

fn risks(d: &PlanDiff, a: &Plan, b: &Plan) -> Vec<String> {
    let mut out = Vec::new();
    // `crosses`: the change reaches the point of no return itself (the step appears,
    // goes, changes status, kind or environment, loses a guard or moves earlier).
    let mut note = |id: &str, env: &str, kind: &str, what: &str, crosses: bool, plan: &Plan| {
        let mut parts = Vec::new();
        if production(plan, env) {
            parts.push(format!("touches production environment `{env}`"));
        }
        if let Some(p) = Kind::parse(kind)
            .and_then(point_of_no_return)
            .filter(|_| crosses)
        {
            parts.push(format!("point of no return: {p}"));
        }
        if !parts.is_empty() {
            out.push(format!("`{id}` ({what}) {}", parts.join("; ")));
        }
    };
    for s in &d.steps_added {
        note(&s.id, &s.env, s.kind, "added", true, b);
    }
    for s in &d.steps_removed {
        note(&s.id, &s.env, s.kind, "removed", true, a);
    }
    for s in &d.steps_changed {
        let crosses = !s.deps_removed.is_empty()
            || s.wave.is_some_and(|w| w.new < w.old)
            || s.fields
                .iter()
                .any(|f| matches!(f.field.as_str(), "status" | "kind" | "env"));
        note(&s.id, &s.env, s.kind, "changed", crosses, b);
    }
    for e in &d.envs_added {
        if production(b, e) {
            out.push(format!("production environment `{e}` added"));
        }
    }
    for e in &d.envs_removed {
        if production(a, e) {
            out.push(format!("production environment `{e}` removed"));
        }
    }
    for e in &d.envs_changed {
        if production(a, &e.id) || production(b, &e.id) {
            let f: Vec<&str> = e.fields.iter().map(|f| f.field.as_str()).collect();
            out.push(format!(
                "production environment `{}` changed ({})",
                e.id,
                f.join(", ")
            ));
        }
    }
    out
}
