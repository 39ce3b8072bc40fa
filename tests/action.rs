//! The GitHub Action (`action.yml`) without GitHub: its own shell steps run against the
//! bundled plans with fake `GITHUB_OUTPUT`, `GITHUB_STEP_SUMMARY` and `GITHUB_PATH`
//! files (the install step excepted: the binary under test stands in for it), and
//! `actionlint` checks the action (as a reusable workflow, and used from a workflow) and
//! the example workflow of `docs/ci.md`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{Value, json};

use crate::common::path;

fn action() -> Value {
    let text = std::fs::read_to_string(path("action.yml")).expect("action.yml");
    serde_saphyr::from_str(&text).expect("action.yml is YAML")
}

/// What one run of the Action's steps left behind.
struct Run {
    /// The outputs of each step, by step id.
    outputs: BTreeMap<String, BTreeMap<String, String>>,
    /// The validate step's exit code, stdout and stderr.
    validate: Output,
    summary: String,
    github_path: String,
}

impl Run {
    fn output(&self, step: &str, name: &str) -> &str {
        self.outputs
            .get(step)
            .and_then(|o| o.get(name))
            .map_or("", String::as_str)
    }

    fn code(&self) -> Option<i32> {
        self.validate.status.code()
    }

    fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.validate.stdout).into_owned()
    }
}

/// Replace `${{ inputs.X }}` and `${{ steps.ID.outputs.X }}` in a step's `env` value.
fn expand(value: &str, inputs: &BTreeMap<String, String>, run: &Run) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(i) = rest.find("${{") {
        out.push_str(&rest[..i]);
        let end = rest[i..].find("}}").expect("closed expression") + i;
        let expr = rest[i + 3..end].trim();
        let parts: Vec<&str> = expr.split('.').collect();
        match parts.as_slice() {
            ["inputs", name] => out.push_str(&inputs[*name]),
            ["steps", id, "outputs", name] => out.push_str(run.output(id, name)),
            _ => panic!("the test does not know the expression `{expr}`"),
        }
        rest = &rest[end + 2..];
    }
    out.push_str(rest);
    out
}

fn parse_outputs(text: &str) -> BTreeMap<String, String> {
    text.lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

/// Run every `run:` step of the Action but the install, as a composite action would,
/// in `cwd`, with these inputs (the rest take their defaults).
fn run_action(cwd: &Path, given: &[(&str, &str)]) -> Run {
    let action = action();
    let mut inputs: BTreeMap<String, String> = action["inputs"]
        .as_object()
        .expect("inputs")
        .iter()
        .map(|(k, v)| (k.clone(), v["default"].as_str().unwrap_or("").to_owned()))
        .collect();
    for (k, v) in given {
        assert!(inputs.contains_key(*k), "the Action has no input `{k}`");
        inputs.insert((*k).to_owned(), (*v).to_owned());
    }
    let tmp = tempfile::tempdir().expect("temp dir");
    let summary = tmp.path().join("summary.md");
    let github_path = tmp.path().join("path");
    std::fs::write(&summary, "").expect("summary");
    std::fs::write(&github_path, "").expect("path file");
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_imsplan"));
    let search = format!(
        "{}:{}",
        bin.parent().expect("bin dir").display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut run = Run {
        outputs: BTreeMap::new(),
        validate: Command::new("true").output().expect("true runs"),
        summary: String::new(),
        github_path: String::new(),
    };
    for step in action["runs"]["steps"].as_array().expect("steps") {
        let Some(script) = step["run"].as_str() else {
            continue; // `uses:` steps (the cache) are GitHub's.
        };
        let id = step["id"].as_str().expect("every run step has an id");
        if id == "install" {
            continue;
        }
        assert_eq!(step["shell"], "bash", "step `{id}`");
        let output = tmp.path().join(format!("output-{id}"));
        std::fs::write(&output, "").expect("output file");
        let mut cmd = Command::new("bash");
        // GitHub's command line for `shell: bash`.
        cmd.args(["--noprofile", "--norc", "-eo", "pipefail", "-c", script])
            .current_dir(cwd)
            .env("PATH", &search)
            .env("HOME", tmp.path())
            .env("GITHUB_ACTION_PATH", crate::common::root())
            .env("GITHUB_OUTPUT", &output)
            .env("GITHUB_STEP_SUMMARY", &summary)
            .env("GITHUB_PATH", &github_path)
            .env("RUNNER_OS", "Linux")
            .env("RUNNER_ARCH", "X64")
            .env("NO_COLOR", "1");
        if let Some(env) = step["env"].as_object() {
            for (k, v) in env {
                cmd.env(k, expand(v.as_str().expect("env value"), &inputs, &run));
            }
        }
        let out = cmd.output().expect("bash runs");
        let written = std::fs::read_to_string(&output).expect("outputs");
        run.outputs.insert(id.to_owned(), parse_outputs(&written));
        if id == "validate" {
            run.validate = out;
        } else {
            assert!(
                out.status.success(),
                "step `{id}` failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
    run.summary = std::fs::read_to_string(&summary).expect("summary");
    run.github_path = std::fs::read_to_string(&github_path).expect("path file");
    run
}

#[test]
fn steps_pass_on_the_bundled_plans() {
    let run = run_action(&crate::common::root(), &[]);
    assert_eq!(run.code(), Some(0), "{}", run.stdout());
    assert_eq!(run.output("validate", "errors"), "0");
    assert_eq!(run.output("validate", "warnings"), "0");
    assert!(run.output("key", "key").starts_with("imsplan-Linux-X64-"));
    assert!(
        run.github_path.trim_end().ends_with(".imsplan-action/bin"),
        "{}",
        run.github_path
    );
    assert!(
        run.summary.contains("## imsplan validate"),
        "{}",
        run.summary
    );
    assert!(
        run.summary.contains("0 errors, 0 warnings"),
        "{}",
        run.summary
    );
}

#[test]
fn steps_fail_on_a_broken_plan_with_annotations_summary_and_sarif() {
    let dir = tempfile::tempdir().expect("temp dir");
    let plans = dir.path().join("plans");
    std::fs::create_dir_all(&plans).expect("plans");
    let good = std::fs::read_to_string(path("plans/acme-managed.yaml")).expect("plan");
    let broken = good.replacen("env: stage\n", "env: stagee\n", 1);
    std::fs::write(plans.join("acme.yaml"), broken).expect("write");
    let sarif = dir.path().join("out/imsplan.sarif");
    std::fs::create_dir_all(sarif.parent().expect("dir")).expect("out");
    let run = run_action(
        dir.path(),
        &[
            ("paths", "plans\n"),
            ("sarif-file", &sarif.to_string_lossy()),
        ],
    );
    assert_eq!(run.code(), Some(1), "{}", run.stdout());
    let annotations = run.stdout().matches("::error ").count();
    assert!(annotations > 0, "{}", run.stdout());
    assert_eq!(run.output("validate", "errors"), annotations.to_string());
    let warnings = run.stdout().matches("::warning ").count();
    assert_eq!(run.output("validate", "warnings"), warnings.to_string());
    assert!(
        run.stdout()
            .contains("::error file=plans/acme.yaml,line=30,col=10"),
        "{}",
        run.stdout()
    );
    assert!(run.summary.contains("P004"), "{}", run.summary);
    let sarif: Value =
        serde_json::from_str(&std::fs::read_to_string(&sarif).expect("sarif written"))
            .expect("sarif is JSON");
    assert_eq!(sarif["version"], "2.1.0");
    assert_eq!(sarif["runs"][0]["results"][0]["ruleId"], "P004");
}

#[test]
fn deny_warnings_fails_on_a_warning() {
    let plan = "tests/cases/ims004_production_without_stage.yaml";
    let allowed = run_action(&crate::common::root(), &[("paths", plan)]);
    assert_eq!(allowed.code(), Some(0), "{}", allowed.stdout());
    assert_eq!(allowed.output("validate", "warnings"), "1");
    assert!(
        allowed.stdout().contains("::warning "),
        "{}",
        allowed.stdout()
    );
    let denied = run_action(
        &crate::common::root(),
        &[("paths", plan), ("deny-warnings", "true")],
    );
    assert_eq!(denied.code(), Some(1), "{}", denied.stdout());
    let wrong = run_action(
        &crate::common::root(),
        &[("paths", plan), ("deny-warnings", "sometimes")],
    );
    assert_eq!(wrong.code(), Some(2));
    assert!(
        wrong
            .stdout()
            .contains("deny-warnings must be true or false")
    );
}

#[test]
fn no_expression_in_a_script() {
    // Inputs reach scripts through `env:` only: no `${{ }}` inside `run:` (injection).
    for step in action()["runs"]["steps"].as_array().expect("steps") {
        if let Some(script) = step["run"].as_str() {
            assert!(!script.contains("${{"), "{script}");
        }
    }
}

/// The example workflow of `docs/ci.md` that uses the Action.
fn example_workflow() -> String {
    let text = std::fs::read_to_string(path("docs/ci.md")).expect("docs/ci.md");
    text.split("```yaml\n")
        .skip(1)
        .map(|b| b.split("```").next().unwrap_or(""))
        .find(|b| b.contains("uses: imsplan/imsplan@") && b.contains("jobs:"))
        .expect("docs/ci.md has an example workflow using the Action")
        .to_owned()
}

/// True when `actionlint` runs; in CI its absence is a failure (`.ci/run` installs it).
fn actionlint_available() -> bool {
    let ok = Command::new("actionlint")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ok || std::env::var_os("CI").is_none(),
        "actionlint is not installed: `.ci/run` installs it"
    );
    ok
}

#[test]
fn actionlint_passes() {
    if !actionlint_available() {
        eprintln!("SKIPPED actionlint_passes: actionlint is not installed (.ci/run installs it)");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let workflows = dir.path().join(".github/workflows");
    std::fs::create_dir_all(&workflows).expect("workflows");
    std::fs::create_dir_all(dir.path().join(".git")).expect(".git");
    // 1. The example workflow of docs/ci.md.
    std::fs::write(workflows.join("example.yml"), example_workflow()).expect("write");
    // 2. The Action used from a workflow: actionlint reads the local action's metadata
    //    and checks the inputs given against it.
    std::fs::copy(path("action.yml"), dir.path().join("action.yml")).expect("copy");
    std::fs::write(
        workflows.join("local.yml"),
        "on: [push]\njobs:\n  plans:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v5\n      - id: imsplan\n        uses: ./\n        with:\n          paths: plans\n          deny-warnings: true\n          sarif-file: imsplan.sarif\n      - run: echo \"$ERRORS errors\"\n        env:\n          ERRORS: ${{ steps.imsplan.outputs.errors }}\n",
    )
    .expect("write");
    // 3. The Action's steps as a reusable workflow, so that its expressions and shell
    //    scripts are checked like any workflow's.
    let action = action();
    let inputs: serde_json::Map<String, Value> = action["inputs"]
        .as_object()
        .expect("inputs")
        .iter()
        .map(|(k, v)| {
            (
                k.clone(),
                json!({"description": v["description"], "type": "string", "required": false, "default": v["default"]}),
            )
        })
        .collect();
    let workflow = json!({
        "name": "action.yml as a workflow",
        "on": {"workflow_call": {"inputs": inputs}},
        "jobs": {"action": {"runs-on": "ubuntu-latest", "steps": action["runs"]["steps"]}},
    });
    std::fs::write(
        workflows.join("action.yml"),
        serde_json::to_string_pretty(&workflow).expect("json"),
    )
    .expect("write");
    let out = Command::new("actionlint")
        .arg("-no-color")
        .current_dir(dir.path())
        .output()
        .expect("actionlint runs");
    assert!(
        out.status.success(),
        "actionlint:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
