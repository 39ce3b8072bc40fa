//! Property tests (issue 8, issue 3): random mutations of the example plans never make
//! a command panic, and a clean result never hides an error; the graph of a random
//! DAG-shaped plan has correct waves, and an injected cycle is P006.
//!
//! Commands run in-process (`check::check_text` and the renderers), so the cases are
//! cheap. To cover another command, write `fn run_x(text: &str)` and add one line to
//! `mutation_tests!` at the bottom of the first section.

// Test inputs are built with `push_str(&format!(…))`: clearer than `write!` here.
#![allow(clippy::format_push_string)]

use std::path::Path;

use imsplan::check::{self, Checked, Report};
use imsplan::diagnostic::Severity;
use imsplan::load::Limits;
use imsplan::render::CheckFormat;
use imsplan::render::verdict::Policy;
use imsplan::render::{self, Style};
use imsplan::rules::Code;
use proptest::prelude::*;

use crate::common::example_plans;

/// Cases per command: enough to find shallow bugs, small enough for CI.
const CASES: u32 = 64;

/// YAML punctuation and other troublemakers inserted by the mutations.
const PUNCT: &[&str] = &[
    "[",
    "]",
    "{",
    "}",
    ":",
    ": ",
    "- ",
    "-",
    ",",
    "?",
    "&a ",
    "*a",
    "<<: ",
    "<<: *a",
    "\t",
    "\"",
    "'",
    "\n",
    "\n  ",
    "#",
    "---\n",
    "...\n",
    "!tag ",
    "!!str ",
    "|",
    ">",
    "%YAML 1.2\n",
    "\0",
    "\u{feff}",
    "é",
    "~",
    "null",
    "99999999999999999999999",
];

#[derive(Debug, Clone)]
enum Mutation {
    Flip(usize, u8),
    Truncate(usize),
    Insert(usize, usize),
    Delete(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Flip(i, b)),
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), 0..PUNCT.len()).prop_map(|(i, p)| Mutation::Insert(i, p)),
        (any::<usize>(), 1usize..40).prop_map(|(i, n)| Mutation::Delete(i, n)),
    ]
}

fn apply(mut bytes: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for m in mutations {
        let len = bytes.len().max(1);
        match *m {
            Mutation::Flip(i, b) => {
                if let Some(x) = bytes.get_mut(i % len) {
                    *x ^= b | 1;
                }
            }
            Mutation::Truncate(i) => bytes.truncate(i % len),
            Mutation::Insert(i, p) => {
                let at = (i % len).min(bytes.len());
                bytes.splice(at..at, PUNCT[p].bytes());
            }
            Mutation::Delete(i, n) => {
                let at = (i % len).min(bytes.len());
                let end = (at + n).min(bytes.len());
                bytes.drain(at..end);
            }
        }
    }
    bytes
}

/// Load as `check_file` does: decode (P001 on bad UTF-8), then check the text.
fn check_bytes(bytes: Vec<u8>) -> Checked {
    let limits = Limits::default();
    match imsplan::load::decode(bytes, 0) {
        Ok(text) => check::check_text(
            "plans/mutated.yaml",
            &text,
            Some(Path::new("plans")),
            &limits,
        ),
        Err(f) => Checked {
            sources: vec![imsplan::source::Source::new("plans/mutated.yaml", "")],
            findings: vec![*f],
            plan: None,
            graph: None,
            unread: false,
        },
    }
}

/// A clean result never hides an error: the JSON output's `valid` and `error_count`
/// agree with the findings (exit 0 exactly when there is no error-level finding).
fn assert_consistent(report: &Report) {
    let errors = report.count(Severity::Error);
    let mut out = Vec::new();
    render::emitter(CheckFormat::Json, Policy::default())
        .emit(report, &mut out, Style::default())
        .expect("render json");
    let json: serde_json::Value = serde_json::from_slice(&out).expect("json output parses");
    assert_eq!(
        json["valid"],
        serde_json::Value::Bool(errors == 0),
        "{json}"
    );
    assert_eq!(json["error_count"], serde_json::json!(errors), "{json}");
}

/// `imsplan validate`: check, then every output format.
fn run_validate(bytes: Vec<u8>) {
    let (report, _, _) = check::single(check_bytes(bytes));
    assert_consistent(&report);
    for format in [
        CheckFormat::Human,
        CheckFormat::Short,
        CheckFormat::Json,
        CheckFormat::Sarif,
        CheckFormat::Github,
        CheckFormat::Junit,
    ] {
        let mut out = Vec::new();
        render::emitter(format, Policy::default())
            .emit(&report, &mut out, Style::default())
            .expect("render");
    }
}

/// The plan and graph a command that uses a plan would render: `None` when the check
/// found errors (the command prints the diagnostics and exits 1).
fn clean_plan(bytes: Vec<u8>) -> Option<(imsplan::model::Plan, imsplan::graph::Graph)> {
    let (report, plan, graph) = check::single(check_bytes(bytes));
    assert_consistent(&report);
    let (Some(plan), Some(graph)) = (plan, graph) else {
        assert!(report.count(Severity::Error) > 0, "no plan and no error");
        return None;
    };
    (report.count(Severity::Error) == 0).then_some((plan, graph))
}

/// `imsplan plan`: output only when there is no error, in every format.
fn run_plan(bytes: Vec<u8>) {
    let Some((plan, graph)) = clean_plan(bytes) else {
        return;
    };
    let view = imsplan::view::View::new(&plan, &graph, &[]);
    let mut out = Vec::new();
    render::plan::text(&view, &mut out).expect("text");
    render::plan::json(&view, &mut out).expect("json");
    render::plan::markdown(&view, &mut out).expect("markdown");
}

/// `imsplan runbook`.
fn run_runbook(bytes: Vec<u8>) {
    let Some((plan, graph)) = clean_plan(bytes) else {
        return;
    };
    let view = imsplan::view::View::new(&plan, &graph, &[]);
    let mut out = Vec::new();
    imsplan::runbook::markdown(&view, "plans/mutated.yaml", &mut out).expect("runbook");
}

/// `imsplan graph`, both formats.
fn run_graph(bytes: Vec<u8>) {
    let Some((plan, graph)) = clean_plan(bytes) else {
        return;
    };
    let view = imsplan::view::View::new(&plan, &graph, &[]);
    let mut out = Vec::new();
    render::graph::mermaid(&view, &mut out).expect("mermaid");
    render::graph::dot(&view, &mut out).expect("dot");
}

/// `imsplan next`, both formats.
fn run_next(bytes: Vec<u8>) {
    let Some((plan, graph)) = clean_plan(bytes) else {
        return;
    };
    let progress = imsplan::track::next::Progress::of(&plan, &graph, &[]);
    let mut out = Vec::new();
    render::next::text(&plan, &graph, &progress, &mut out).expect("text");
    render::next::json(&plan, &graph, &progress, &mut out).expect("json");
}

fn examples() -> Vec<Vec<u8>> {
    example_plans()
        .iter()
        .map(|p| std::fs::read(p).expect("example plan"))
        .collect()
}

macro_rules! mutation_tests {
    ($($name:ident => $run:ident;)+) => {$(
        proptest! {
            #![proptest_config(ProptestConfig { cases: CASES, ..ProptestConfig::default() })]
            #[test]
            fn $name(which in any::<usize>(), mutations in prop::collection::vec(mutation(), 1..8)) {
                let plans = examples();
                let base = plans[which % plans.len()].clone();
                $run(apply(base, &mutations));
            }
        }
    )+};
}

mutation_tests! {
    validate_never_panics_on_mutated_plans => run_validate;
    plan_never_panics_on_mutated_plans => run_plan;
    runbook_never_panics_on_mutated_plans => run_runbook;
    graph_never_panics_on_mutated_plans => run_graph;
    next_never_panics_on_mutated_plans => run_next;
}

#[test]
fn unmutated_examples_are_clean() {
    for bytes in examples() {
        let checked = check_bytes(bytes.clone());
        assert!(!checked.has_errors(), "{:?}", checked.findings);
        run_validate(bytes.clone());
        run_plan(bytes.clone());
        run_runbook(bytes.clone());
        run_graph(bytes.clone());
        run_next(bytes);
    }
}

// ---------------------------------------------------------------------------------
// Graph invariants (issue 3).

const KINDS: &[&str] = &[
    "upgrade",
    "migrate-users",
    "migrate-operators",
    "enable-restrictions",
    "move-to-v8",
    "custom",
];
const ROLES: &[&str] = &["development", "stage", "production"];

/// A random plan whose edges all go forward in file order: steps sorted by phase then
/// role (so phase and promotion edges go forward), explicit `after` only to earlier
/// steps. `cycle` adds `a after b` and `b after a` for two steps.
#[derive(Debug, Clone)]
struct Shape {
    roles: Vec<usize>,
    steps: Vec<(usize, usize, usize)>, // (env, kind, sort key for custom)
    after: Vec<Vec<usize>>,            // raw picks, reduced modulo the index
    parallel: bool,
}

fn shape() -> impl Strategy<Value = Shape> {
    (1usize..5, 1usize..30).prop_flat_map(|(envs, steps)| {
        (
            prop::collection::vec(0..ROLES.len(), envs),
            prop::collection::vec((0..envs, 0..KINDS.len(), 0usize..6), steps),
            prop::collection::vec(prop::collection::vec(any::<usize>(), 0..3), steps),
            any::<bool>(),
        )
            .prop_map(|(roles, steps, after, parallel)| Shape {
                roles,
                steps,
                after,
                parallel,
            })
    })
}

fn render_shape(shape: &Shape, cycle: Option<(usize, usize)>) -> String {
    let mut steps = shape.steps.clone();
    let phase = |k: usize, key: usize| if KINDS[k] == "custom" { key } else { k + 1 };
    steps.sort_by_key(|&(e, k, key)| (phase(k, key), shape.roles[e]));
    let mut y = String::from("format: 1\nname: prop\n");
    if shape.parallel {
        y.push_str("ordering: parallel-migrations\n");
    }
    y.push_str("environments:\n");
    for (i, r) in shape.roles.iter().enumerate() {
        y.push_str(&format!(
            "  e{i}:\n    role: {}\n    hosting: managed\n    version: 7.4.1\n",
            ROLES[*r]
        ));
    }
    y.push_str("steps:\n");
    for (i, &(e, k, _)) in steps.iter().enumerate() {
        y.push_str(&format!(
            "  - id: s{i}\n    env: e{e}\n    kind: {}\n",
            KINDS[k]
        ));
        if KINDS[k] == "custom" {
            y.push_str("    title: t\n");
        }
        if KINDS[k] == "upgrade" {
            y.push_str("    to: 7.4.2\n");
        }
        let mut after: Vec<usize> = if i == 0 {
            Vec::new()
        } else {
            shape.after[i].iter().map(|a| a % i).collect()
        };
        if let Some((a, b)) = cycle {
            if i == a {
                after.push(b);
            }
            if i == b {
                after.push(a);
            }
        }
        if !after.is_empty() {
            let ids: Vec<String> = after.iter().map(|a| format!("s{a}")).collect();
            y.push_str(&format!("    after: [{}]\n", ids.join(", ")));
        }
    }
    y
}

fn check_str(text: &str) -> Checked {
    check::check_text("prop.yaml", text, None, &Limits::default())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, ..ProptestConfig::default() })]

    #[test]
    fn waves_are_longest_path_layers(shape in shape()) {
        let text = render_shape(&shape, None);
        let checked = check_str(&text);
        let graph = checked.graph.as_ref().unwrap_or_else(|| panic!("{:?}\n{text}", checked.findings));
        prop_assert!(!checked.findings.iter().any(|f| f.code == Code::P006), "{text}");
        let waves = graph.waves.as_ref().expect("acyclic");
        for (i, deps) in graph.deps.iter().enumerate() {
            let mut want = 1;
            for d in deps {
                prop_assert!(waves[d.step] < waves[i], "edge s{} → s{i} does not go up\n{text}", d.step);
                want = want.max(waves[d.step] + 1);
            }
            prop_assert_eq!(waves[i], want, "wave of s{}\n{}", i, text);
        }
        // The order is topological and grouped by wave.
        let mut seen = vec![false; waves.len()];
        for &i in &graph.order {
            for d in &graph.deps[i] {
                prop_assert!(seen[d.step], "s{i} listed before s{}", d.step);
            }
            seen[i] = true;
        }
    }

    #[test]
    fn an_injected_cycle_is_p006(shape in shape(), a in any::<usize>(), b in any::<usize>()) {
        let n = shape.steps.len();
        prop_assume!(n >= 2);
        let (a, b) = (a % n, b % n);
        prop_assume!(a != b);
        let text = render_shape(&shape, Some((a, b)));
        let checked = check_str(&text);
        let graph = checked.graph.as_ref().unwrap_or_else(|| panic!("{:?}\n{text}", checked.findings));
        prop_assert!(graph.waves.is_none(), "{text}");
        prop_assert!(checked.findings.iter().any(|f| f.code == Code::P006), "{text}");
    }
}

// ---------------------------------------------------------------------------------
// Upgrades anywhere (issue 12, SPEC §11.1): an upgrade placed among the migrations by
// `after` gets implicit edges only to the core steps that are not its ancestors, so it
// never makes a cycle.

const TARGETS: &[&str] = &["7.4.2", "7.4.3", "7.4.4"];

/// A plan whose explicit, promotion and non-upgrade phase edges all go forward in file
/// order (so that graph is acyclic), with upgrades at random places among the other
/// steps: the upgrades to one target share a random sort key, so promotion between
/// them goes forward too. Explicit `after` only names earlier steps.
fn render_upgrades(shape: &Shape, keys: &[usize; 3]) -> String {
    let key = |k: usize, custom: usize| match KINDS[k] {
        "custom" => custom * 2 + 1,
        "upgrade" => keys[custom % TARGETS.len()],
        _ => k * 4,
    };
    let mut steps = shape.steps.clone();
    steps.sort_by_key(|&(e, k, c)| (key(k, c), shape.roles[e]));
    let mut y = String::from("format: 1\nname: prop\n");
    if shape.parallel {
        y.push_str("ordering: parallel-migrations\n");
    }
    y.push_str("environments:\n");
    for (i, r) in shape.roles.iter().enumerate() {
        y.push_str(&format!(
            "  e{i}:\n    role: {}\n    hosting: managed\n    version: 7.4.1\n",
            ROLES[*r]
        ));
    }
    y.push_str("steps:\n");
    for (i, &(e, k, c)) in steps.iter().enumerate() {
        y.push_str(&format!(
            "  - id: s{i}\n    env: e{e}\n    kind: {}\n",
            KINDS[k]
        ));
        if KINDS[k] == "custom" {
            y.push_str("    title: t\n");
        }
        if KINDS[k] == "upgrade" {
            y.push_str(&format!("    to: {}\n", TARGETS[c % TARGETS.len()]));
        }
        let after: Vec<usize> = if i == 0 {
            Vec::new()
        } else {
            shape.after[i].iter().map(|a| a % i).collect()
        };
        if !after.is_empty() {
            let ids: Vec<String> = after.iter().map(|a| format!("s{a}")).collect();
            y.push_str(&format!("    after: [{}]\n", ids.join(", ")));
        }
    }
    y
}

/// Every step that `start` waits for, directly or not.
fn ancestors_of(graph: &imsplan::graph::Graph, start: usize) -> Vec<bool> {
    let mut seen = vec![false; graph.deps.len()];
    let mut stack = vec![start];
    while let Some(a) = stack.pop() {
        for d in &graph.deps[a] {
            if !seen[d.step] {
                seen[d.step] = true;
                stack.push(d.step);
            }
        }
    }
    seen
}

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, ..ProptestConfig::default() })]

    #[test]
    fn upgrades_anywhere_keep_the_graph_acyclic(shape in shape(), keys in prop::array::uniform3(0usize..24)) {
        let text = render_upgrades(&shape, &keys);
        let checked = check_str(&text);
        let graph = checked.graph.as_ref().unwrap_or_else(|| panic!("{:?}\n{text}", checked.findings));
        prop_assert!(!checked.findings.iter().any(|f| f.code == Code::P006), "{text}");
        let waves = graph.waves.as_ref().expect("acyclic");
        // Waves respect every edge, the upgrades' implicit ones included.
        for (i, deps) in graph.deps.iter().enumerate() {
            let mut want = 1;
            for d in deps {
                prop_assert!(waves[d.step] < waves[i], "edge s{} → s{i} does not go up\n{text}", d.step);
                want = want.max(waves[d.step] + 1);
            }
            prop_assert_eq!(waves[i], want, "wave of s{}\n{}", i, text);
        }
        // Every core step of an environment runs before or after each of its upgrades.
        let plan = checked.plan.as_ref().unwrap();
        let core = |k: &str| matches!(k, "migrate-users" | "migrate-operators" | "enable-restrictions" | "move-to-v8");
        for (u, s) in plan.steps.iter().enumerate() {
            if s.kind.value.as_str() != "upgrade" {
                continue;
            }
            let before_u = ancestors_of(graph, u);
            for (c, t) in plan.steps.iter().enumerate() {
                if t.env.value == s.env.value && core(t.kind.value.as_str()) {
                    let after_u = ancestors_of(graph, c)[u];
                    prop_assert!(before_u[c] || after_u, "s{c} and upgrade s{u} are not ordered\n{text}");
                }
            }
        }
    }
}
