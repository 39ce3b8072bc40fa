//! Command-line behaviour of `validate`, `plan` and `schema`: exit codes (SPEC §4),
//! where output goes, and the plan's waves (SPEC §3).

use predicates::prelude::*;

use crate::common::{example_plans, imsplan, rel};

fn temp_plan(text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("plan.yaml");
    std::fs::write(&file, text).unwrap();
    (dir, file)
}

const BROKEN: &str = "format: 1\nname: broken\nenvironments:\n  stage: {role: stage, hosting: managed, version: 7.4.1}\nsteps:\n  - {id: a, env: stag, kind: custom, title: t}\n";

#[test]
fn clean_plans_exit_0() {
    imsplan()
        .args(["validate", "plans/"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("no problems"));
}

#[test]
fn default_path_is_plans() {
    imsplan().arg("validate").assert().code(0);
}

#[test]
fn findings_exit_1() {
    let (_d, file) = temp_plan(BROKEN);
    imsplan()
        .arg("validate")
        .arg(&file)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("P004"))
        .stderr(predicate::str::contains("did you mean `stage`?"));
}

#[test]
fn missing_path_exits_2() {
    imsplan()
        .args(["validate", "no/such/plans"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no/such/plans"));
}

#[test]
fn directory_without_plans_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "x").unwrap();
    imsplan()
        .arg("validate")
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no `*.yaml` or `*.yml` file"));
}

#[test]
fn unknown_flag_exits_2() {
    imsplan()
        .args(["validate", "--frobnicate"])
        .assert()
        .code(2);
    imsplan().arg("frobnicate").assert().code(2);
}

#[test]
fn plan_of_a_directory_exits_2() {
    imsplan().args(["plan", "plans"]).assert().code(2);
}

#[test]
fn plan_with_errors_prints_diagnostics_and_no_plan() {
    let (_d, file) = temp_plan(BROKEN);
    for format in ["text", "json", "markdown"] {
        imsplan()
            .args(["plan", "--format", format])
            .arg(&file)
            .assert()
            .code(1)
            .stdout(predicate::str::is_empty())
            .stderr(predicate::str::contains("P004"));
    }
}

#[test]
fn json_validate_output_is_on_stdout_with_the_contract_keys() {
    let (_d, file) = temp_plan(BROKEN);
    let out = imsplan()
        .args(["validate", "--format", "json"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["format_version"], "1");
    assert_eq!(doc["valid"], false);
    assert_eq!(doc["error_count"], 1);
    // One typo, one finding: the environment the step meant is not also reported
    // as empty (P009).
    assert_eq!(doc["warning_count"], 0);
    assert_eq!(doc["files"][0]["valid"], false);
    let diags = doc["diagnostics"].as_array().unwrap();
    let d = diags.iter().find(|d| d["code"] == "P004").unwrap();
    assert_eq!(d["code"], "P004");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["range"]["start"]["line"], 6);
    assert_eq!(d["range"]["start"]["column"], 18);
    assert_eq!(d["range"]["start"]["byte"], BROKEN.find("stag,").unwrap());
    assert_eq!(d["range"]["end"]["byte"], BROKEN.find("stag,").unwrap() + 4);
    assert!(d["help"].as_str().unwrap().contains("stage"));
    assert!(d["labels"].is_array());
}

/// Waves in `plan --format json` follow SPEC §3 for every example.
#[test]
fn plan_json_waves_are_longest_path_layers() {
    for plan in example_plans() {
        let out = imsplan()
            .args(["plan", "--format", "json", &rel(&plan)])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", rel(&plan));
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let steps = doc["steps"].as_array().unwrap();
        let wave_of = |id: &str| {
            steps.iter().find(|s| s["id"] == id).unwrap()["wave"]
                .as_u64()
                .unwrap()
        };
        for s in steps {
            let deps = s["after"].as_array().unwrap();
            let expected = 1 + deps
                .iter()
                .map(|d| wave_of(d["id"].as_str().unwrap()))
                .max()
                .unwrap_or(0);
            assert_eq!(s["wave"].as_u64().unwrap(), expected, "{}", s["id"]);
            for d in deps {
                assert!(
                    ["explicit", "phase", "promotion"].contains(&d["reason"].as_str().unwrap())
                );
            }
        }
        let waves = doc["waves"].as_array().unwrap();
        let listed: usize = waves.iter().map(|w| w.as_array().unwrap().len()).sum();
        assert_eq!(listed, steps.len());
        for (i, w) in waves.iter().enumerate() {
            for id in w.as_array().unwrap() {
                assert_eq!(wave_of(id.as_str().unwrap()), i as u64 + 1);
            }
        }
    }
}

#[test]
fn managed_example_orders_stage_before_production() {
    let out = imsplan()
        .args(["plan", "--format", "json", "plans/acme-managed.yaml"])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let waves: Vec<Vec<&str>> = doc["waves"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            w.as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap())
                .collect()
        })
        .collect();
    assert_eq!(waves[0], ["upgrade-stage"]);
    assert_eq!(waves[1], ["users-stage", "upgrade-prod"]);
    let users_prod = doc["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "users-prod")
        .unwrap();
    let after: Vec<(&str, &str)> = users_prod["after"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["id"].as_str().unwrap(), d["reason"].as_str().unwrap()))
        .collect();
    assert_eq!(
        after,
        [
            ("users-stage", "promotion"),
            ("upgrade-prod", "phase"),
            ("announce-prod", "explicit")
        ]
    );
}

#[test]
fn plan_env_filter_keeps_only_that_environment() {
    let out = imsplan()
        .args([
            "plan",
            "--format",
            "json",
            "--env",
            "stage",
            "plans/acme-managed.yaml",
        ])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        doc["steps"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["env"] == "stage")
    );
    imsplan()
        .args(["plan", "--env", "nope", "plans/acme-managed.yaml"])
        .assert()
        .code(2);
}

#[test]
fn bom_and_crlf_plans_load() {
    let text = std::fs::read_to_string("plans/acme-managed.yaml").unwrap();
    let crlf = format!("\u{feff}{}", text.replace('\n', "\r\n"));
    let (_d, file) = temp_plan(&crlf);
    imsplan().arg("validate").arg(&file).assert().code(0);
}

#[test]
fn anchors_and_merges_report_both_places() {
    let text = "format: 1\nname: a\nx-base: &base {role: stage, hosting: managed, version: 7.4.1}\nx-env: &e stagee\nenvironments:\n  stage:\n    <<: *base\nsteps:\n  - {id: a, env: *e, kind: custom, title: t}\n";
    let (_d, file) = temp_plan(text);
    let out = imsplan()
        .args(["validate", "--format", "json"])
        .arg(&file)
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let diags = doc["diagnostics"].as_array().unwrap();
    let d = diags.iter().find(|d| d["code"] == "P004").unwrap();
    assert_eq!(d["range"]["start"]["line"], 9);
    assert_eq!(d["labels"][0]["range"]["start"]["line"], 4);
}
