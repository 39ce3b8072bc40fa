//! The CI integrations: the man page (drift test), shell completions, the pre-commit
//! hook and the YAML examples of `docs/ci.md`.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::common::{imsplan, path};

#[test]
fn man_page_is_current() {
    let page = imsplan::commands::man::man_page().expect("renders");
    let file = path("docs/man/imsplan.1");
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::create_dir_all(path("docs/man")).expect("docs/man");
        std::fs::write(&file, &page).expect("write docs/man/imsplan.1");
        return;
    }
    let current = std::fs::read(&file).unwrap_or_default();
    assert!(
        current == page,
        "docs/man/imsplan.1 is stale: regenerate it with `UPDATE_DOCS=1 cargo test man_page`"
    );
    let text = String::from_utf8_lossy(&page);
    assert!(text.contains(".TH imsplan 1"), "{text}");
    assert!(text.contains("validate"));
    let out = imsplan().arg("man").output().expect("runs");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(out.stdout, page, "`imsplan man` prints the same page");
}

#[test]
fn completions_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = imsplan()
            .args(["completions", shell])
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let text = String::from_utf8_lossy(&out.stdout);
        for word in ["imsplan", "validate", "completions", "deny-warnings"] {
            assert!(text.contains(word), "{shell}: no `{word}`");
        }
        assert!(out.stderr.is_empty(), "{shell}");
    }
    let out = imsplan()
        .args(["completions", "tcsh"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn bash_completion_is_valid_bash() {
    let Ok(status) = std::process::Command::new("bash").arg("--version").output() else {
        return; // no bash here
    };
    assert!(status.status.success());
    let out = imsplan()
        .args(["completions", "bash"])
        .output()
        .expect("runs");
    let dir = tempfile::tempdir().expect("tempdir");
    let script = dir.path().join("imsplan.bash");
    std::fs::write(&script, &out.stdout).expect("write");
    let check = std::process::Command::new("bash")
        .arg("-n")
        .arg(&script)
        .output()
        .expect("bash -n");
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
}

#[test]
fn pre_commit_hook() {
    let text = std::fs::read_to_string(path(".pre-commit-hooks.yaml")).expect("hooks file");
    let hooks: Vec<BTreeMap<String, Value>> = serde_saphyr::from_str(&text).expect("yaml");
    let hook = hooks
        .iter()
        .find(|h| h["id"] == "imsplan")
        .expect("imsplan hook");
    assert_eq!(hook["language"], "rust");
    assert_eq!(hook["entry"], "imsplan validate");
    let files = hook["files"].as_str().expect("files");
    assert_eq!(files, r"^plans/.*\.ya?ml$");
    // The entry, as pre-commit runs it on the staged plans, passes on the examples.
    let mut cmd = imsplan();
    cmd.arg("validate");
    for plan in crate::common::example_plans() {
        cmd.arg(crate::common::rel(&plan));
    }
    cmd.assert().code(0);
}

/// Every YAML block of `docs/ci.md` parses, and the workflow has the pieces it promises.
#[test]
fn ci_examples_are_yaml() {
    let text = std::fs::read_to_string(path("docs/ci.md")).expect("docs/ci.md");
    let blocks: Vec<&str> = text
        .split("```yaml\n")
        .skip(1)
        .map(|b| b.split("```").next().unwrap_or(""))
        .collect();
    assert_eq!(blocks.len(), 5);
    for block in &blocks {
        let _: Value = serde_saphyr::from_str(block).unwrap_or_else(|e| panic!("{e}\n{block}"));
    }
    // The Action: one line, then a full workflow (`tests/action.rs` lints it).
    assert!(blocks[0].trim().starts_with("- uses: imsplan/imsplan@"));
    assert!(blocks[1].contains("sarif-file: imsplan.sarif"));
    let blocks = &blocks[2..];
    let workflow = blocks[0];
    for needed in [
        "github/codeql-action/upload-sarif",
        "--format sarif",
        "--format github",
        "$GITHUB_STEP_SUMMARY",
        "security-events: write",
    ] {
        assert!(workflow.contains(needed), "workflow lacks {needed}");
    }
    assert!(blocks[1].contains("junit: imsplan-junit.xml"));
    assert!(blocks[1].contains("--format junit"));
}
