//! `imsplan plan`: `--env` filters the schedule and the critical path too, text and
//! Markdown show each step's title and owner, and text columns fit their content.

use serde_json::Value;

use crate::common::imsplan;

fn plan(args: &[&str]) -> String {
    let out = imsplan().arg("plan").args(args).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// With `--env stage`, the headline span and the critical path are stage's, in text
/// and JSON; without it, the whole plan's (production's path in the example).
#[test]
fn env_filter_restricts_schedule_and_critical_path() {
    let file = "plans/acme-managed.yaml";
    let whole = plan(&[file]);
    let whole_path = whole
        .lines()
        .find(|l| l.starts_with("critical path ("))
        .unwrap();
    assert!(whole_path.ends_with("→ restrictions-prod"), "{whole}");
    let text = plan(&["--env", "stage", file]);
    let path = text
        .lines()
        .find(|l| l.starts_with("critical path"))
        .unwrap();
    assert!(path.starts_with("critical path of `stage` ("), "{path}");
    assert!(!path.contains("prod"), "{path}");
    assert!(
        path.ends_with("upgrade-stage → users-stage → operators-stage → restrictions-stage"),
        "{path}"
    );
    assert!(text.contains("\nschedule of `stage`: "), "{text}");

    let doc: Value =
        serde_json::from_str(&plan(&["--env", "stage", "--format", "json", file])).unwrap();
    let steps = doc["steps"].as_array().unwrap();
    assert!(steps.iter().all(|s| s["env"] == "stage"));
    let critical: Vec<&str> = doc["critical_path"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert_eq!(
        critical,
        [
            "upgrade-stage",
            "users-stage",
            "operators-stage",
            "restrictions-stage"
        ]
    );
    let last = steps
        .iter()
        .map(|s| s["finish"].as_str().unwrap())
        .max()
        .unwrap();
    assert_eq!(doc["schedule"]["finish"], last);
    let first = steps
        .iter()
        .map(|s| s["start"].as_str().unwrap())
        .min()
        .unwrap();
    assert_eq!(doc["schedule"]["start"], first);
    // stage runs from Monday 20:00 to Wednesday 03:00: 1d 7h.
    assert_eq!(doc["critical_path"]["duration"], "PT31H");

    let md = plan(&["--env", "stage", "--format", "markdown", file]);
    assert!(md.contains("critical path of `stage` ("), "{md}");

    // The deadline stays the whole plan's, and says so under `--env`.
    let file = "tests/cases/ims019_friday_production_upgrade.yaml";
    let text = plan(&["--env", "stage", file]);
    assert!(
        text.lines()
            .any(|l| l.starts_with("the whole plan finishes ") && l.contains("deadline")),
        "{text}"
    );
    let text = plan(&[file]);
    assert!(text.lines().any(|l| l.starts_with("finishes ")), "{text}");
}

const WIDE: &str = "format: 1
name: wide
start: 2026-12-07T08:00:00Z
environments:
  a-very-long-stage-environment-name:
    role: stage
    hosting: managed
    version: 7.4.1
  p:
    role: production
    hosting: managed
    version: 7.4.1
steps:
  - id: users-of-a-very-long-stage-environment-name
    env: a-very-long-stage-environment-name
    kind: migrate-users
    duration: 1h
    owner: Équipe « admin » 日本
  - id: ops
    env: a-very-long-stage-environment-name
    kind: migrate-operators
    duration: 1h
  - id: r
    env: a-very-long-stage-environment-name
    kind: enable-restrictions
  - id: u
    env: p
    kind: migrate-users
  - id: o
    env: p
    kind: migrate-operators
  - id: rp
    env: p
    kind: enable-restrictions
  - id: note
    env: p
    kind: custom
    title: Tell everyone
    after: [rp]
";

/// Long ids and environment names widen their columns instead of pushing the rest
/// of the row out of line; the title and owner are shown.
#[test]
fn text_columns_fit_long_ids() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("wide.yaml");
    std::fs::write(&file, WIDE).unwrap();
    let text = plan(&[&file.to_string_lossy()]);
    let rows: Vec<&str> = text
        .lines()
        .filter(|l| {
            (l.starts_with("  ") && !l.starts_with("      "))
                || (l.starts_with("* ") && !l.starts_with("* critical"))
        })
        .collect();
    assert_eq!(rows.len(), 7, "{text}");
    // The kind column starts at the same place on every row.
    let kind_at = |row: &str| {
        ["migrate-", "enable-", "custom"]
            .iter()
            .filter_map(|k| row.find(k))
            .min()
            .unwrap()
    };
    let first = kind_at(rows[0]);
    for row in &rows {
        assert_eq!(kind_at(row), first, "{row}\n{text}");
        assert!(!row.ends_with(' '), "{row:?}");
    }
    assert!(text.contains("\n      Tell everyone\n"), "{text}");
    assert!(
        text.contains("\n      owner: Équipe « admin » 日本\n"),
        "{text}"
    );
    insta::assert_snapshot!("plan_text_wide", text);
}
