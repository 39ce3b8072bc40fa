//! `imsplan plan` and `imsplan runbook`: snapshots for every example plan, hostile
//! user text rendered inertly, the schedule's JSON shape, and atomic `-o`.

use crate::common::{example_plans, imsplan, rel};
use crate::hostile_text;

fn run(args: &[&str]) -> (String, String, i32) {
    let out = imsplan().args(args).output().expect("runs");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn example_plans_snapshots() {
    for plan in example_plans() {
        let file = rel(&plan);
        let stem = plan.file_stem().unwrap().to_string_lossy().into_owned();
        let mut outputs = Vec::new();
        for format in ["text", "json", "markdown"] {
            let (out, err, code) = run(&["plan", &file, "--format", format]);
            assert_eq!(code, 0, "plan {file} {format}: {err}");
            outputs.push((format!("plan_{format}__{stem}"), out));
        }
        let (out, err, code) = run(&["runbook", &file]);
        assert_eq!(code, 0, "runbook {file}: {err}");
        check_markdown(&out);
        outputs.push((format!("runbook__{stem}"), out));
        insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false }, {
            for (name, out) in outputs {
                insta::assert_snapshot!(name, out);
            }
        });
    }
}

/// Outside code blocks: no raw HTML tag, every table row has its table's cell count.
fn check_markdown(md: &str) {
    let text = hostile_text::outside_fences(md);
    let mut width = None;
    for line in text.lines() {
        for tag in ["<script", "<img", "<b>", "<i>", "</"] {
            assert!(!line.contains(tag), "raw HTML {tag} in: {line}");
        }
        if line.starts_with('|') {
            let cells = line.replace("\\|", "").matches('|').count();
            let w = *width.get_or_insert(cells);
            assert_eq!(cells, w, "table broken at: {line}");
        } else {
            width = None;
        }
    }
}

#[test]
fn hostile_text_is_inert() {
    let dir = tempfile::tempdir().unwrap();
    let plan = hostile_text::plan(dir.path());
    let file = plan.to_string_lossy().into_owned();
    let (md, err, code) = run(&["runbook", &file]);
    assert_eq!(code, 0, "{err}");
    check_markdown(&md);
    let outside = hostile_text::outside_fences(&md);
    // Newlines in titles cannot start a heading; notes stay in their block.
    assert!(
        !outside
            .lines()
            .any(|l| l.starts_with("# injected") || l.starts_with("## injected"))
    );
    assert!(
        !outside.contains("not a heading"),
        "notes escaped their block"
    );
    assert!(
        md.contains("<script>alert('notes')</script>"),
        "notes shown as written, inside a block"
    );
    assert!(outside.contains("&lt;script&gt;"));
    // Evidence that is not a plain URL is not a link.
    assert!(!outside.replace("\\]", "").contains("](javascript"));
    assert!(!outside.contains("<javascript"));
    // Mermaid charts hold one node per step and nothing raw.
    hostile_text::check_mermaid(&hostile_text::fenced_block(&md, "mermaid"), 4);
    let (plan_md, _, code) = run(&["plan", &file, "--format", "markdown"]);
    assert_eq!(code, 0);
    check_markdown(&plan_md);
}

#[test]
fn runbook_and_plan_share_the_steps_table() {
    let (plan_md, _, _) = run(&["plan", "plans/acme-managed.yaml", "--format", "markdown"]);
    let (runbook, _, _) = run(&["runbook", "plans/acme-managed.yaml"]);
    let table: Vec<&str> = plan_md.lines().filter(|l| l.starts_with('|')).collect();
    assert!(table.len() > 2);
    assert!(
        runbook.contains(&table.join("\n")),
        "the runbook holds the plan's table"
    );
}

#[test]
fn runbook_env_filter() {
    let (md, _, code) = run(&["runbook", "plans/acme-managed.yaml", "--env", "prod"]);
    assert_eq!(code, 0);
    assert!(md.contains("### `users-prod`"));
    assert!(!md.contains("### `users-stage`"));
    let (_, err, code) = run(&["runbook", "plans/acme-managed.yaml", "--env", "nope"]);
    assert_eq!(code, 2);
    assert!(err.contains("--env nope"), "{err}");
}

#[test]
fn schedule_json_and_missing_durations() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("p.yaml");
    std::fs::write(
        &plan,
        "format: 1\nname: p\nstart: 2026-12-07T08:00:00+01:00\nenvironments:\n  stage:\n    role: stage\n    hosting: managed\n    version: 7.4.1\nsteps:\n  \
         - {id: a, env: stage, kind: custom, duration: 26h, title: t}\n  \
         - {id: b, env: stage, kind: custom, after: [a], title: t}\n  \
         - {id: c, env: stage, kind: custom, duration: 1h, title: t}\n  \
         - {id: d, env: stage, kind: custom, duration: 1h, after: [b], title: t}\n",
    )
    .unwrap();
    let file = plan.to_string_lossy().into_owned();
    let (json, err, code) = run(&["plan", &file, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        doc["critical_path"]["steps"],
        serde_json::json!(["a", "b", "d"])
    );
    assert_eq!(doc["critical_path"]["duration"], "PT27H");
    let b = &doc["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "b")
        .unwrap();
    assert!(b["duration"].is_null());
    assert_eq!(b["start"], "2026-12-08T09:00:00Z");
    assert_eq!(b["finish"], "2026-12-08T09:00:00Z");
    assert_eq!(b["critical"], true);
    let c = &doc["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "c")
        .unwrap();
    assert_eq!(c["slack"], "PT26H");
    assert_eq!(c["critical"], false);
    assert_eq!(doc["schedule"]["complete"], false);
    let (text, _, _) = run(&["plan", &file]);
    assert!(text.contains("no duration"), "{text}");
    assert!(
        text.contains("schedule incomplete: 1 step without a duration"),
        "{text}"
    );
    let (md, _, _) = run(&["runbook", &file]);
    assert!(md.contains("schedule incomplete"), "{md}");
}

#[test]
fn output_file_is_written_atomically() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("runbook.md");
    std::fs::write(&out, "old").unwrap();
    let target = out.to_string_lossy().into_owned();
    let (_, err, code) = run(&["runbook", "plans/acme-managed.yaml", "-o", &target]);
    assert_eq!(code, 0, "{err}");
    let (stdout, _, _) = run(&["runbook", "plans/acme-managed.yaml"]);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), stdout);
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "no temporary file left: {names:?}");
}

#[test]
fn output_to_a_full_disk_fails_cleanly() {
    if !std::path::Path::new("/dev/full").exists() {
        eprintln!("skipped: no /dev/full on this system");
        return;
    }
    let (stdout, err, code) = run(&["runbook", "plans/acme-managed.yaml", "-o", "/dev/full"]);
    assert_eq!(code, 2, "{err}");
    assert!(stdout.is_empty());
    assert!(
        err.contains("cannot write the runbook to `/dev/full`"),
        "{err}"
    );
    assert!(
        std::fs::metadata("/dev/full")
            .unwrap()
            .file_type()
            .is_char_device_like()
    );
}

#[test]
fn output_into_a_missing_folder_fails_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("missing-dir").join("x.md");
    let (_, err, code) = run(&[
        "runbook",
        "plans/acme-managed.yaml",
        "-o",
        &target.to_string_lossy(),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("cannot write the runbook"), "{err}");
    assert!(!target.exists());
    assert!(!dir.path().join("missing-dir").exists());
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "no partial file"
    );
}

#[test]
fn output_over_a_directory_leaves_it_intact() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("taken");
    std::fs::create_dir(&target).unwrap();
    std::fs::write(target.join("keep.txt"), "keep").unwrap();
    let (_, err, code) = run(&[
        "runbook",
        "plans/acme-managed.yaml",
        "-o",
        &target.to_string_lossy(),
    ]);
    assert_eq!(code, 2, "{err}");
    assert_eq!(
        std::fs::read_to_string(target.join("keep.txt")).unwrap(),
        "keep"
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no partial file"
    );
}

trait CharDevice {
    fn is_char_device_like(&self) -> bool;
}

impl CharDevice for std::fs::FileType {
    #[cfg(unix)]
    fn is_char_device_like(&self) -> bool {
        use std::os::unix::fs::FileTypeExt;
        self.is_char_device()
    }
    #[cfg(not(unix))]
    fn is_char_device_like(&self) -> bool {
        true
    }
}
