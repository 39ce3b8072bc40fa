//! Recovery from schema errors (issue 19, item 5): a broken part is reported once and
//! dropped, the rules run on the rest so one run shows every problem, no rule reports
//! what the broken part would have fed, and no command acts on the recovered plan.

use std::path::Path;

use imsplan::check::{self, Checked};
use imsplan::diagnostic::Severity;
use imsplan::load::Limits;
use imsplan::rules::Code;
use proptest::prelude::*;

use crate::common::{example_plans, imsplan, path, yaml_files};

fn check_str(text: &str) -> Checked {
    check::check_text(
        "plans/recover.yaml",
        text,
        Some(Path::new("plans")),
        &Limits::default(),
    )
}

/// The codes `validate` reports for a fixture, sorted.
fn codes_of(fixture: &str) -> Vec<String> {
    let text = std::fs::read_to_string(path(fixture)).unwrap();
    let checked = check::check_text(
        fixture,
        &text,
        Some(&path("tests/cases")),
        &Limits::default(),
    );
    let mut codes: Vec<String> = checked
        .findings
        .iter()
        .map(|f| f.code.to_string())
        .collect();
    codes.sort();
    codes
}

/// The example: `allow-operators` on a managed environment (P002) no longer
/// hides the operator rules.
#[test]
fn one_schema_error_hides_no_rule() {
    assert_eq!(
        codes_of("tests/cases/p002_recover_allow_operators_on_managed.yaml"),
        ["IMS005", "IMS016", "IMS016", "IMS016", "IMS017", "P002"]
    );
}

/// A step whose `env` is broken is one finding: the steps `after` it get no P005, its
/// environment no P009, and no rule reports the migration it would have been.
#[test]
fn a_broken_step_is_one_finding() {
    assert_eq!(
        codes_of("tests/cases/p002_recover_broken_step_env.yaml"),
        ["P002"]
    );
}

/// A broken environment is one finding (no P004 for its steps, no P005 for the
/// environment promoting from it, no IMS004); the other environment is still checked.
#[test]
fn a_broken_environment_is_one_finding() {
    assert_eq!(
        codes_of("tests/cases/p002_recover_broken_environment.yaml"),
        ["IMS005", "P002"]
    );
}

/// A broken technical operator is dropped alone: the next one is still checked.
#[test]
fn a_broken_operator_is_dropped_alone() {
    assert_eq!(
        codes_of("tests/cases/p002_recover_broken_operator.yaml"),
        ["IMS005", "P002"]
    );
}

/// A step dropped for its `kind` is not "unknown" to the steps after it, and its
/// environment is not reported as empty or missing that step.
#[test]
fn no_cascade_from_a_dropped_step() {
    let text = "format: 1
name: t
environments:
  stage: {role: stage, hosting: on-premise, version: 7.4.1}
  prod: {role: production, hosting: on-premise, version: 7.4.1}
steps:
  - {id: users-stage, env: stage, kind: migrate-user}
  - {id: operators-stage, env: stage, kind: migrate-operators, after: [users-stage]}
  - {id: restrictions-stage, env: stage, kind: enable-restrictions, status: done}
  - {id: users-prod, env: prod, kind: migrate-users}
  - {id: operators-prod, env: prod, kind: migrate-operators}
";
    let checked = check_str(text);
    let codes: Vec<Code> = checked.findings.iter().map(|f| f.code).collect();
    // P002 for the kind; IMS010 for prod's missing restrictions step is true (prod is
    // whole); nothing about `stage` or `users-stage`.
    assert_eq!(codes, [Code::IMS010, Code::P002], "{:#?}", checked.findings);
    assert!(checked.findings[0].message.contains("`prod`"));
    assert!(checked.plan.is_none(), "a recovered plan is not handed on");
}

/// Broken structure leaves nothing to recover: no rule runs.
#[test]
fn broken_structure_gives_no_plan() {
    for text in [
        "- a\n- b\n",
        "format: 1\nname: t\nenvironments:\n  stage: {role: stage, hosting: managed, version: 7.4.1}\nsteps: {a: 1}\n",
        "format: 1\nname: t\nenvironments: [stage]\nsteps: []\n",
        "format: 2\nname: t\nenvironments: {}\nsteps: []\n",
        "format: 1\nname: t\nsteps: [\n",
    ] {
        let checked = check_str(text);
        assert!(checked.plan.is_none(), "{text}");
        assert!(
            checked
                .findings
                .iter()
                .all(|f| matches!(f.code, Code::P001 | Code::P002 | Code::P007)),
            "{text}: {:#?}",
            checked.findings
        );
    }
}

/// Every command that acts on a plan refuses a recovered one, as it refuses any plan
/// with errors: exit 1, nothing on stdout but `status`'s verdict, the file unchanged.
#[test]
fn commands_refuse_a_recovered_plan() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("plan.yaml");
    let text = std::fs::read_to_string(path(
        "tests/cases/p002_recover_allow_operators_on_managed.yaml",
    ))
    .unwrap();
    std::fs::write(&file, &text).unwrap();
    let f = file.to_str().unwrap();
    for args in [
        vec!["plan", f],
        vec!["runbook", f],
        vec!["next", f],
        vec!["graph", f],
        vec!["calendar", f],
        vec!["mark", f, "users-stage", "--status", "done"],
        vec!["diff", f, f],
    ] {
        let out = imsplan().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("IMS005") && err.contains("P002"),
            "{args:?}: {err}"
        );
    }
    let out = imsplan()
        .args(["status", "--format", "json", f])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["plans"][0]["valid"], false);
    assert_eq!(doc["plans"][0]["error_count"], 5);
    assert!(doc["plans"][0]["forecast"].is_null());
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
    let out = imsplan().args(["validate", f]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
}

/// The `key: value` lines of a plan: (byte range of the line, byte range of the value).
fn values(text: &str) -> Vec<(std::ops::Range<usize>, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches('\n');
        let key_start = body.len() - body.trim_start().len();
        let rest = body[key_start..]
            .strip_prefix("- ")
            .unwrap_or(&body[key_start..]);
        if let Some((key, value)) = rest.split_once(": ")
            && !key.is_empty()
            && key.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
            && !value.trim().is_empty()
            && !value.starts_with(['|', '>', '#'])
        {
            let start = at + body.len() - value.len();
            out.push((at..at + line.len(), start..at + body.len()));
        }
        at += line.len();
    }
    out
}

/// The bundled plans and the rule fixtures that load: plans with and without findings.
fn bases() -> &'static [String] {
    static BASES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    BASES.get_or_init(|| {
        let mut files = example_plans();
        files.extend(yaml_files("tests/cases"));
        files
            .iter()
            .map(|p| std::fs::read_to_string(p).unwrap())
            .filter(|text| {
                check_str(text)
                    .findings
                    .iter()
                    .all(|f| !matches!(f.code, Code::P001 | Code::P002 | Code::P007 | Code::P008))
            })
            .collect()
    })
}

const GARBAGE: &[&str] = &["[oops]", "{oops: 1}", "Not Valid!", "\"\""];

/// Findings as (code, message), without those of loading.
fn rule_findings(checked: &Checked) -> Vec<(Code, String)> {
    checked
        .findings
        .iter()
        .filter(|f| !matches!(f.code, Code::P001 | Code::P002 | Code::P007 | Code::P008))
        // A cycle is named by one of its loops, which may change when a step goes.
        .map(|f| {
            (
                f.code,
                if f.code == Code::P006 {
                    String::new()
                } else {
                    f.message.clone()
                },
            )
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Breaking or removing one value of a plan adds load findings only: a rule never reports
    /// what the dropped part would have fed (it may report less), nothing panics, and
    /// the recovered plan is not handed on.
    #[test]
    fn a_broken_value_adds_no_rule_finding(which in any::<usize>(), at in any::<usize>(), garbage in 0..=GARBAGE.len()) {
        let plans = bases();
        let text = plans[which % plans.len()].clone();
        let spots = values(&text);
        let (line, value) = spots[at % spots.len()].clone();
        let mut broken = text.clone();
        match GARBAGE.get(garbage) {
            Some(g) => broken.replace_range(value, g),
            // Or remove the key (not a list item's first key: that would join two items).
            None if !text[line.clone()].contains("- ") => broken.replace_range(line, ""),
            None => broken.replace_range(value, GARBAGE[0]),
        }
        let before = check_str(&text);
        let after = check_str(&broken);
        let load_error = after
            .findings
            .iter()
            .any(|f| matches!(f.code, Code::P001 | Code::P002 | Code::P007) && f.severity == Severity::Error);
        if load_error {
            prop_assert!(after.plan.is_none());
            let was = rule_findings(&before);
            for f in rule_findings(&after) {
                prop_assert!(was.contains(&f), "new rule finding {f:?} in\n{broken}");
            }
        }
    }
}
