//! `imsplan diff`: snapshots of every `tests/diff/<name>.old.yaml` → `<name>.new.yaml`
//! pair in each format, exit codes, and `--base` in a temporary git repository.

use std::path::Path;
use std::process::Command;

use crate::common::{imsplan, path};

const PAIRS: &[&str] = &["environments", "same", "steps", "target", "waves"];

fn diff(args: &[&str]) -> (i32, String, String) {
    let out = imsplan().arg("diff").args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn pairs_in_every_format() {
    let mut names: Vec<String> = std::fs::read_dir(path("tests/diff"))
        .unwrap()
        .filter_map(Result::ok)
        .filter_map(|e| {
            e.file_name()
                .to_string_lossy()
                .strip_suffix(".old.yaml")
                .map(str::to_owned)
        })
        .collect();
    names.sort();
    assert_eq!(names, PAIRS, "every pair is listed (and covered below)");
    for name in PAIRS {
        let old = format!("tests/diff/{name}.old.yaml");
        let new = format!("tests/diff/{name}.new.yaml");
        for format in ["text", "markdown", "json"] {
            let (code, out, err) = diff(&[&old, &new, "--format", format]);
            assert_eq!(code, 0, "{name} {format}: {err}");
            insta::with_settings!({ snapshot_path => "diff/snapshots", prepend_module_to_snapshot => false }, {
                insta::assert_snapshot!(format!("{name}.{format}"), out);
            });
        }
    }
}

#[test]
fn every_change_type_is_reported() {
    let json = |name: &str| -> serde_json::Value {
        let (_, out, _) = diff(&[
            &format!("tests/diff/{name}.old.yaml"),
            &format!("tests/diff/{name}.new.yaml"),
            "--format",
            "json",
        ]);
        serde_json::from_str(&out).unwrap()
    };
    let steps = json("steps");
    assert_eq!(steps["steps_added"][0]["id"], "training");
    assert_eq!(steps["steps_removed"][0]["id"], "comms");
    let changed = steps["steps_changed"].as_array().unwrap();
    let find = |id: &str| changed.iter().find(|c| c["id"] == id).unwrap().clone();
    assert_eq!(find("stage-users")["renamed_from"], "users-stage");
    assert_eq!(find("operators-stage")["fields"][0]["field"], "owner");
    assert_eq!(find("restrictions-stage")["fields"][0]["field"], "duration");
    assert_eq!(find("upgrade-stage")["fields"][0]["new"], "done");

    let waves = json("waves");
    let changed = waves["steps_changed"].as_array().unwrap();
    let backup = changed.iter().find(|c| c["id"] == "backup").unwrap();
    assert_eq!(backup["wave"], serde_json::json!({"old": 1, "new": 3}));
    assert_eq!(
        backup["deps_added"],
        serde_json::json!(["restrictions-stage"])
    );
    let ops = changed
        .iter()
        .find(|c| c["id"] == "operators-stage")
        .unwrap();
    assert_eq!(ops["deps_removed"], serde_json::json!(["users-stage"]));
    assert!(
        waves["risks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r.as_str().unwrap().contains("point of no return"))
    );

    let envs = json("environments");
    assert_eq!(envs["envs_added"], serde_json::json!(["dev"]));
    assert_eq!(envs["envs_removed"], serde_json::json!(["qa"]));
    let fields: Vec<&str> = envs["envs_changed"][0]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["hosting", "version"]);

    assert_eq!(json("same")["changed"], false);
}

#[test]
fn exit_code_flag_and_invalid_plans() {
    let (code, _, _) = diff(&[
        "tests/diff/steps.old.yaml",
        "tests/diff/steps.new.yaml",
        "--exit-code",
    ]);
    assert_eq!(code, 1);
    let (code, _, _) = diff(&[
        "tests/diff/same.old.yaml",
        "tests/diff/same.new.yaml",
        "--exit-code",
    ]);
    assert_eq!(code, 0);
    let (code, out, _) = diff(&[
        "tests/diff/steps.old.yaml",
        "tests/cases/p003_duplicate_id.yaml",
    ]);
    assert_eq!(code, 1);
    assert!(out.is_empty());
    let (code, _, _) = diff(&["tests/diff/steps.old.yaml", "tests/diff/nope.yaml"]);
    assert_eq!(code, 2);
    let (code, _, _) = diff(&["tests/diff/steps.old.yaml"]);
    assert_eq!(code, 2, "NEW or --base is required");
}

fn git(dir: &Path, args: &[&str]) -> bool {
    Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn base_revision_from_git() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    if !git(root, &["init", "-q"]) {
        eprintln!("git is missing: skipping the `diff --base` test");
        return;
    }
    let sub = root.join("plans");
    std::fs::create_dir(&sub).unwrap();
    let file = sub.join("p.yaml");
    std::fs::copy(path("tests/diff/steps.old.yaml"), &file).unwrap();
    assert!(git(root, &["add", "."]));
    assert!(git(
        root,
        &[
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "commit",
            "-qm",
            "old"
        ]
    ));
    std::fs::copy(path("tests/diff/steps.new.yaml"), &file).unwrap();

    let run = |cwd: &Path, file: &str, rev: &str| {
        let out = imsplan()
            .current_dir(cwd)
            .env("HOME", root)
            .args(["diff", "--format", "json", &format!("--base={rev}"), file])
            .output()
            .unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    // From the repository root and from inside the sub-folder.
    for (cwd, rel) in [
        (root.to_path_buf(), "plans/p.yaml"),
        (sub.clone(), "p.yaml"),
    ] {
        let (code, out, err) = run(&cwd, rel, "HEAD");
        assert_eq!(code, 0, "{err}");
        let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(doc["old"], format!("HEAD:{rel}"));
        assert_eq!(doc["steps_added"][0]["id"], "training");
    }
    let (code, _, err) = run(root, "plans/p.yaml", "no-such-rev");
    assert_eq!(code, 2);
    assert!(err.contains("git:"), "{err}");
    let (code, _, err) = run(root, "plans/p.yaml", "--output=x");
    assert_eq!(code, 2, "{err}");
    assert!(!root.join("x").exists());
}
