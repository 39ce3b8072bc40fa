//! Structural rules: P003 duplicate step ids, P004 unknown environments, P005 unknown
//! dependencies, P009 empty environments, P010 two steps of one kind in an environment (`upgrade`
//! and `custom` may repeat).

use std::collections::{HashMap, HashSet};

use crate::diagnostic::Finding;
use crate::model::{Kind, Plan};
use crate::rules::Code;
use crate::suggest::{MAX_HINTS, did_you_mean};

/// Did-you-mean hints, at most `MAX_HINTS` per plan so a file full of typos stays linear.
struct Hints(usize);

impl Hints {
    /// The likely intended name, while the hint budget lasts.
    fn suggest<'a>(
        &mut self,
        word: &str,
        candidates: impl IntoIterator<Item = &'a str>,
    ) -> Option<&'a str> {
        self.0 += 1;
        if self.0 > MAX_HINTS {
            return None;
        }
        did_you_mean(word, candidates)
    }

    /// `did you mean `x`? ` (or nothing) for the start of a help line.
    fn hint<'a>(&mut self, word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
        self.suggest(word, candidates)
            .map_or(String::new(), |s| format!("did you mean `{s}`? "))
    }
}

/// Run the structural rules.
#[must_use]
pub fn check(plan: &Plan, source: usize) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut hints = Hints(0);
    // A set, not `plan.env`, so the passes stay linear in the number of steps.
    let envs: HashSet<&str> = plan
        .environments
        .iter()
        .map(|e| e.id.value.as_str())
        .collect();
    let first = duplicate_ids(plan, source, &mut out);
    let meant = unknown_environments(plan, source, &envs, &mut hints, &mut out);
    unknown_dependencies(plan, source, &first, &envs, &mut hints, &mut out);
    kinds_and_empty(plan, source, &meant, &mut out);
    out
}

/// P003: duplicate step ids. Returns the first index of every id.
fn duplicate_ids<'a>(
    plan: &'a Plan,
    source: usize,
    out: &mut Vec<Finding>,
) -> HashMap<&'a str, usize> {
    let mut first: HashMap<&str, usize> = HashMap::with_capacity(plan.steps.len());
    for (i, s) in plan.steps.iter().enumerate() {
        crate::work::add(1);
        if let Some(&j) = first.get(s.id.value.as_str()) {
            out.push(
                Finding::new(
                    Code::P003,
                    source,
                    s.id.span,
                    format!("two steps have the id `{}`", s.id.value),
                )
                .primary("second use")
                .label(plan.steps[j].id.span, "first used here")
                .help("give each step its own id"),
            );
        } else {
            first.insert(s.id.value.as_str(), i);
        }
    }
    first
}

/// P004: a step names an unknown environment. Returns the environments the typos most
/// likely meant: one typo is one finding, so those do not also get P009.
fn unknown_environments<'a>(
    plan: &'a Plan,
    source: usize,
    envs: &HashSet<&str>,
    hints: &mut Hints,
    out: &mut Vec<Finding>,
) -> HashSet<&'a str> {
    let mut meant = HashSet::new();
    for s in &plan.steps {
        crate::work::add(1);
        // An environment dropped while loading has its own finding.
        if !envs.contains(s.env.value.as_str()) && !plan.dropped.environment(&s.env.value) {
            let suggestion = hints.suggest(
                &s.env.value,
                plan.environments.iter().map(|e| e.id.value.as_str()),
            );
            let h = suggestion.map_or(String::new(), |m| format!("did you mean `{m}`? "));
            meant.extend(suggestion);
            out.push(
                Finding::new(
                    Code::P004,
                    source,
                    s.env.span,
                    format!(
                        "step `{}` names the environment `{}`, which does not exist",
                        s.id.value, s.env.value
                    ),
                )
                .help(format!(
                    "{h}environments are: {}",
                    list(plan.environments.iter().map(|e| e.id.value.as_str()))
                ))
                .defined_at(s.env.defined),
            );
        }
    }
    meant
}

/// P005: unknown step in a step's `after`, unknown environment in an environment's.
fn unknown_dependencies(
    plan: &Plan,
    source: usize,
    first: &HashMap<&str, usize>,
    envs: &HashSet<&str>,
    hints: &mut Hints,
    out: &mut Vec<Finding>,
) {
    for s in &plan.steps {
        for item in s.after() {
            crate::work::add(1);
            if !first.contains_key(item.value.as_str()) && !plan.dropped.step(&item.value) {
                let h = hints.hint(&item.value, plan.steps.iter().map(|s| s.id.value.as_str()));
                out.push(
                    Finding::new(
                        Code::P005,
                        source,
                        item.span,
                        format!(
                            "step `{}` runs after `{}`, which is not a step of this plan",
                            s.id.value, item.value
                        ),
                    )
                    .help(format!("{h}`after` lists ids of steps in this plan"))
                    .defined_at(item.defined),
                );
            }
        }
    }
    for e in &plan.environments {
        for item in e.after.iter().flatten() {
            crate::work::add(1);
            if !envs.contains(item.value.as_str()) && !plan.dropped.environment(&item.value) {
                let h = hints.hint(
                    &item.value,
                    plan.environments.iter().map(|e| e.id.value.as_str()),
                );
                out.push(
                    Finding::new(
                        Code::P005,
                        source,
                        item.span,
                        format!(
                            "environment `{}` promotes from `{}`, which is not an environment of this plan",
                            e.id.value, item.value
                        ),
                    )
                    .help(format!(
                        "{h}environments are: {}",
                        list(plan.environments.iter().map(|e| e.id.value.as_str()))
                    ))
                    .defined_at(item.defined),
                );
            }
        }
    }
}

/// P009: environments without steps; P010: two steps of one built-in kind other than
/// `upgrade`.
fn kinds_and_empty(plan: &Plan, source: usize, meant: &HashSet<&str>, out: &mut Vec<Finding>) {
    let mut kinds: HashMap<(&str, Kind), usize> = HashMap::new();
    let mut used: HashMap<&str, usize> = HashMap::new();
    for (i, s) in plan.steps.iter().enumerate() {
        *used.entry(s.env.value.as_str()).or_default() += 1;
        // An environment may hold several upgrades (SPEC §11.1).
        if matches!(s.kind.value, Kind::Custom | Kind::Upgrade) {
            continue;
        }
        if let Some(&j) = kinds.get(&(s.env.value.as_str(), s.kind.value)) {
            out.push(
                Finding::new(
                    Code::P010,
                    source,
                    s.kind.span,
                    format!(
                        "environment `{}` has a second `{}` step, `{}`",
                        s.env.value, s.kind.value, s.id.value
                    ),
                )
                .label(plan.steps[j].kind.span, format!("first `{}` step", s.kind.value))
                .help("keep one step of each kind per environment; use a `custom` step for extra work"),
            );
        } else {
            kinds.insert((s.env.value.as_str(), s.kind.value), i);
        }
    }
    for e in &plan.environments {
        // An environment that lost a step while loading may not be empty.
        if !used.contains_key(e.id.value.as_str())
            && !meant.contains(e.id.value.as_str())
            && !plan.dropped.touches(&e.id.value)
        {
            out.push(
                Finding::new(
                    Code::P009,
                    source,
                    e.id.span,
                    format!("environment `{}` has no steps", e.id.value),
                )
                .help(
                    "add its steps, or remove the environment if it is not part of the migration",
                ),
            );
        }
    }
}

fn list<'a>(items: impl Iterator<Item = &'a str>) -> String {
    let v = crate::suggest::code_list(items);
    if v.is_empty() { "none".into() } else { v }
}
