//! `imsplan next` on a plan at several stages of progress.

use std::path::Path;

use crate::common::{imsplan, path};

/// When the walk through the plan happens: the first window of `acme-managed` is open.
const NOW: &str = "2026-12-07T20:00:00Z";

fn next_json(file: &Path, extra: &[&str]) -> serde_json::Value {
    let out = imsplan()
        .args(["next", "--format", "json", "--now", NOW])
        .arg(file)
        .args(extra)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn ids(doc: &serde_json::Value, key: &str) -> Vec<String> {
    doc[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_owned())
        .collect()
}

fn mark(file: &Path, id: &str, status: &str) {
    let out = imsplan()
        .arg("mark")
        .arg(file)
        .args([id, "--status", status])
        .args(if matches!(status, "in-progress" | "done") {
            &["--at", NOW, "--ignore-window"][..]
        } else {
            &[]
        })
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn progress_through_a_plan() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("acme.yaml");
    std::fs::copy(path("plans/acme-managed.yaml"), &file).unwrap();

    // Nothing done: only the first upgrade can start; the rest waits, on whom is said.
    let doc = next_json(&file, &[]);
    assert_eq!(ids(&doc, "ready"), ["upgrade-stage"]);
    assert_eq!(doc["ready"][0]["actor"], "adobe");
    assert!(ids(&doc, "in_progress").is_empty());
    assert_eq!(doc["blocked"].as_array().unwrap().len(), 8);
    assert_eq!(doc["closed"], 0);
    let users = &doc["blocked"][0];
    assert_eq!(users["id"], "users-stage");
    assert_eq!(users["waits_for"][0]["id"], "upgrade-stage");
    assert_eq!(users["waits_for"][0]["actor"], "adobe");

    // Upgrade done, users under way: prod's upgrade and stage's users come forward.
    mark(&file, "upgrade-stage", "done");
    mark(&file, "users-stage", "in-progress");
    let doc = next_json(&file, &[]);
    assert_eq!(ids(&doc, "ready"), ["upgrade-prod"]);
    assert_eq!(ids(&doc, "in_progress"), ["users-stage"]);
    assert_eq!(doc["closed"], 1);
    let ops = doc["blocked"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["id"] == "operators-stage")
        .unwrap();
    assert_eq!(ops["waits_for"][0]["id"], "users-stage");
    assert_eq!(ops["waits_for"][0]["status"], "in-progress");

    // `--env` limits the view.
    let doc = next_json(&file, &["--env", "stage"]);
    assert!(ids(&doc, "ready").is_empty());
    assert_eq!(doc["total"], 4);

    let out = imsplan().args(["next"]).arg(&file).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("acme-managed: 1 of 9 steps done or skipped"),
        "{text}"
    );
    assert!(text.contains("in progress (1)\n  users-stage"), "{text}");
    assert!(
        text.contains("operators-stage              waits for users-stage (in-progress, Adobe with the customer)"),
        "{text}"
    );

    // Everything closed: complete (the announcement is skipped before `users-prod`).
    mark(&file, "announce-prod", "skipped");
    for id in [
        "users-stage",
        "upgrade-prod",
        "operators-stage",
        "users-prod",
        "restrictions-stage",
        "operators-prod",
        "restrictions-prod",
    ] {
        mark(&file, id, "done");
    }
    let doc = next_json(&file, &[]);
    assert_eq!(doc["complete"], true);
    assert!(ids(&doc, "ready").is_empty() && ids(&doc, "blocked").is_empty());
    let out = imsplan().arg("next").arg(&file).output().unwrap();
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("nothing left to do")
    );
}

#[test]
fn skipped_dependencies_release_and_errors_block() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.yaml");
    std::fs::copy(path("tests/mark/commented.yaml"), &file).unwrap();
    let doc = next_json(&file, &[]);
    assert_eq!(ids(&doc, "ready"), ["users-prod"]);
    assert_eq!(ids(&doc, "in_progress"), ["operators-stage"]);
    assert_eq!(
        ids(&doc, "blocked"),
        ["restrictions-stage", "operators-prod"]
    );
    assert_eq!(doc["closed"], 2);

    let out = imsplan()
        .args(["next", "--env", "qa"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    std::fs::write(&file, "format: 2\n").unwrap();
    let out = imsplan().arg("next").arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
}
