//! No data lost (issue 15, SPEC §11.9): output never replaces an input or a plan;
//! concurrent `mark`s lose no update; writes go through symlinks and keep mode and
//! owner; stale temporary files are cleaned.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::common::{imsplan, path};

fn run(args: &[&std::ffi::OsStr]) -> (i32, String, String) {
    let out = imsplan().args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

macro_rules! run {
    ($($a:expr),* $(,)?) => { run(&[$(::std::ffi::OsStr::new($a)),*]) };
}

/// A copy of an example plan (and its exports) in a fresh folder.
fn example(dir: &Path, name: &str) -> PathBuf {
    let src = path("plans").join(name);
    let dst = dir.join(name);
    std::fs::copy(&src, &dst).unwrap();
    std::fs::create_dir_all(dir.join("exports")).unwrap();
    for e in std::fs::read_dir(path("plans/exports")).unwrap() {
        let e = e.unwrap().path();
        std::fs::copy(&e, dir.join("exports").join(e.file_name().unwrap())).unwrap();
    }
    dst
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap()
}

// ---- item 5: output never replaces an input or a plan ----

#[test]
fn runbook_output_never_replaces_its_input_or_a_plan() {
    let dir = tempfile::tempdir().unwrap();
    let plan = example(dir.path(), "hooli-hosted.yaml");
    let other = example(dir.path(), "acme-managed.yaml");
    let csv = dir.path().join("exports/hooli-stage-operators.csv");
    let link = dir.path().join("link.yaml");
    std::os::unix::fs::symlink(&plan, &link).unwrap();
    let plan_text = read(&plan);
    let other_text = read(&other);
    let csv_text = read(&csv);
    let dotted = dir.path().join("exports/../hooli-hosted.yaml");
    for out in [&plan, &link, &dotted, &other, &csv] {
        let (code, stdout, err) = run!("runbook", &plan, "-o", out);
        assert_eq!(code, 2, "-o {}: {stdout}{err}", out.display());
        assert!(
            err.contains("input") || err.contains("plan"),
            "-o {}: {err}",
            out.display()
        );
        assert!(err.contains("help:"), "{err}");
    }
    assert_eq!(read(&plan), plan_text);
    assert_eq!(read(&other), other_text);
    assert_eq!(read(&csv), csv_text);
    assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
    // An existing file that is not a plan is replaced as before.
    let md = dir.path().join("runbook.md");
    std::fs::write(&md, "# old runbook\n").unwrap();
    let (code, _, err) = run!("runbook", &plan, "-o", &md);
    assert_eq!(code, 0, "{err}");
    assert!(read(&md).contains("hooli"));
}

#[test]
fn init_force_never_replaces_a_plan() {
    let dir = tempfile::tempdir().unwrap();
    let plan = example(dir.path(), "acme-managed.yaml");
    let before = read(&plan);
    let (code, _, err) = run!("init", "--force", "-o", &plan);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("plan"), "{err}");
    assert_eq!(read(&plan), before);
    // A plan that no longer validates (a typo in a key) is still a plan.
    let broken = dir.path().join("broken.yaml");
    std::fs::write(&broken, before.replace("kind:", "knid:")).unwrap();
    let (code, _, err) = run!("init", "--force", "-o", &broken);
    assert_eq!(code, 2, "{err}");
    // Anything else is replaced with `--force`.
    let notes = dir.path().join("notes.yaml");
    std::fs::write(&notes, "todo: [a, b]\n").unwrap();
    let (code, _, err) = run!("init", "--force", "-o", &notes);
    assert_eq!(code, 0, "{err}");
    assert!(read(&notes).contains("format: 1"));
}

#[test]
fn summary_never_appends_to_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let plan = example(dir.path(), "acme-managed.yaml");
    let before = read(&plan);
    let (code, _, err) = run!("validate", &plan, "--summary", &plan);
    assert_eq!(code, 2, "{err}");
    assert_eq!(read(&plan), before);
}

// ---- item 6: concurrent marks ----

/// A plan of `n` custom steps in one environment.
fn many_steps(n: usize) -> String {
    let mut s = String::from(
        "format: 1\nname: many\nenvironments:\n  stage: {role: stage, hosting: managed, version: 7.4.1}\nsteps:\n",
    );
    for i in 0..n {
        let _ = write!(
            s,
            "  - id: s{i}\n    env: stage\n    kind: custom\n    title: step {i}\n"
        );
    }
    s
}

#[test]
fn concurrent_marks_lose_no_update() {
    const STEPS: usize = 20;
    const ROUNDS: usize = 6;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("many.yaml");
    std::fs::write(&file, many_steps(STEPS)).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("imsplan");
    for round in 0..ROUNDS {
        let children: Vec<(usize, std::process::Child)> = (0..STEPS)
            .map(|i| {
                let child = std::process::Command::new(&bin)
                    .arg("mark")
                    .arg(&file)
                    .arg(format!("s{i}"))
                    .args(["--evidence", &format!("r{round}-s{i}")])
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap();
                (i, child)
            })
            .collect();
        let mut ok = Vec::new();
        for (i, child) in children {
            let out = child.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "round {round}, step s{i}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            ok.push(i);
        }
        let text = read(&file);
        for i in ok {
            assert!(
                text.contains(&format!("evidence: r{round}-s{i}\n")),
                "round {round}: the mark of s{i} is lost:\n{text}"
            );
        }
    }
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "{leftovers:?}");
}

// ---- item 7: writes edit the real file ----

fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o7777
}

fn set_mode(p: &Path, m: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap();
}

#[test]
fn mark_writes_through_a_symlink() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("real")).unwrap();
    let real = example(&dir.path().join("real"), "acme-managed.yaml");
    let link = dir.path().join("plan.yaml");
    std::os::unix::fs::symlink("real/acme-managed.yaml", &link).unwrap();
    let (code, _, err) = run!("mark", &link, "upgrade-stage", "--evidence", "T-1");
    assert_eq!(code, 0, "{err}");
    assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
    assert!(read(&real).contains("evidence: T-1"));
    // Two links deep.
    let link2 = dir.path().join("plan2.yaml");
    std::os::unix::fs::symlink(&link, &link2).unwrap();
    let (code, _, err) = run!("mark", &link2, "upgrade-stage", "--evidence", "T-2");
    assert_eq!(code, 0, "{err}");
    assert!(read(&real).contains("evidence: T-2"));
    assert!(link2.symlink_metadata().unwrap().file_type().is_symlink());
}

#[test]
fn runbook_and_init_write_through_a_symlink() {
    let dir = tempfile::tempdir().unwrap();
    let plan = example(dir.path(), "acme-managed.yaml");
    let real = dir.path().join("real.md");
    std::fs::write(&real, "old\n").unwrap();
    set_mode(&real, 0o640);
    let link = dir.path().join("runbook.md");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let (code, _, err) = run!("runbook", &plan, "-o", &link);
    assert_eq!(code, 0, "{err}");
    assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
    assert!(read(&real).contains("acme"));
    assert_eq!(mode(&real), 0o640);
    let starter = dir.path().join("starter.txt");
    std::fs::write(&starter, "x\n").unwrap();
    let link = dir.path().join("new-plan.yaml");
    std::os::unix::fs::symlink(&starter, &link).unwrap();
    let (code, _, err) = run!("init", "--force", "-o", &link);
    assert_eq!(code, 0, "{err}");
    assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
    assert!(read(&starter).contains("format: 1"));
}

#[test]
fn mark_keeps_the_mode_and_refuses_a_read_only_plan() {
    let dir = tempfile::tempdir().unwrap();
    let plan = example(dir.path(), "acme-managed.yaml");
    for m in [0o600, 0o664, 0o640] {
        set_mode(&plan, m);
        let (code, _, err) = run!(
            "mark",
            &plan,
            "upgrade-stage",
            "--evidence",
            &format!("{m:o}")
        );
        assert_eq!(code, 0, "{err}");
        assert_eq!(mode(&plan), m, "mode {m:o} changed");
    }
    set_mode(&plan, 0o444);
    let before = read(&plan);
    let (code, _, err) = run!("mark", &plan, "upgrade-stage", "--evidence", "ro");
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("read-only"), "{err}");
    assert!(err.contains("help:"), "{err}");
    assert_eq!(read(&plan), before);
    assert_eq!(mode(&plan), 0o444);
    let out = dir.path().join("runbook.md");
    std::fs::write(&out, "old\n").unwrap();
    set_mode(&out, 0o444);
    let (code, _, err) = run!("runbook", &plan, "-o", &out);
    assert_eq!(code, 2, "{err}");
    assert_eq!(read(&out), "old\n");
}

#[test]
fn mark_keeps_the_owner() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    let plan = example(dir.path(), "acme-managed.yaml");
    let me = std::fs::metadata(&plan).unwrap();
    // As root, give the file to someone else; otherwise the file is ours and the
    // owner must simply stay ours.
    let (uid, gid) = if me.uid() == 0 {
        (65534, 65534)
    } else {
        (me.uid(), me.gid())
    };
    std::os::unix::fs::chown(&plan, Some(uid), Some(gid)).unwrap();
    set_mode(&plan, 0o664);
    let (code, _, err) = run!("mark", &plan, "upgrade-stage", "--evidence", "owner");
    assert_eq!(code, 0, "{err}");
    let after = std::fs::metadata(&plan).unwrap();
    assert_eq!((after.uid(), after.gid()), (uid, gid));
    assert_eq!(mode(&plan), 0o664);
    assert!(read(&plan).contains("evidence: owner"));
}

#[test]
fn stale_temporary_files_are_cleaned() {
    let dir = tempfile::tempdir().unwrap();
    let plan = example(dir.path(), "acme-managed.yaml");
    // Left by a `kill -9` (old and new name patterns), and a look-alike of another file.
    let stale = [
        dir.path().join(".acme-managed.yaml.imsplan-99999.tmp"),
        dir.path().join(".acme-managed.yaml.imsplan-99998-3.tmp"),
    ];
    let other = dir.path().join(".other.yaml.imsplan-99999.tmp");
    for p in stale.iter().chain([&other]) {
        std::fs::write(p, "half a plan").unwrap();
    }
    let (code, _, err) = run!("mark", &plan, "upgrade-stage", "--evidence", "T-9");
    assert_eq!(code, 0, "{err}");
    for p in &stale {
        assert!(!p.exists(), "{} is left", p.display());
    }
    assert!(
        other.exists(),
        "a temporary file of another plan was removed"
    );
}

#[test]
fn a_killed_mark_leaves_the_plan_whole_and_the_next_one_cleans_up() {
    // Kill `mark` at random moments: the plan is always either the old or the new text,
    // and the next `mark` leaves no temporary file behind.
    let dir = tempfile::tempdir().unwrap();
    let plan = example(dir.path(), "acme-managed.yaml");
    let bin = assert_cmd::cargo::cargo_bin("imsplan");
    for i in 0..12u64 {
        let before = read(&plan);
        let mut child = std::process::Command::new(&bin)
            .arg("mark")
            .arg(&plan)
            .args(["upgrade-stage", "--evidence", &format!("K-{i}")])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(i * 3));
        let _ = child.kill();
        let _ = child.wait();
        let after = read(&plan);
        assert!(
            after == before || after.contains(&format!("evidence: K-{i}\n")),
            "a half-written plan after kill -9"
        );
    }
    let (code, _, err) = run!("mark", &plan, "upgrade-stage", "--evidence", "final");
    assert_eq!(code, 0, "{err}");
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".imsplan-"))
        .collect();
    assert!(names.is_empty(), "{names:?}");
}
// ---- item 8: mark changes nothing else; JSON stays JSON; lone CR ----

#[test]
fn keep_chomped_last_notes_keep_their_blank_lines() {
    let dir = tempfile::tempdir().unwrap();
    let base = many_steps(2);
    for tail in ["", "# a comment\n"] {
        let text = base.replace(
            "    title: step 0\n",
            "    title: step 0\n    notes: |+\n      keep these\n\n\n",
        ) + tail;
        let text = text.replace(
            "    title: step 1\n",
            "    title: step 1\n    notes: |+\n      last\n\n\n",
        );
        let file = dir.path().join("keep.yaml");
        std::fs::write(&file, &text).unwrap();
        for id in ["s0", "s1"] {
            let (code, _, err) = run!("mark", &file, id, "--status", "in-progress");
            assert_eq!(code, 0, "{err}");
        }
        let (code, out, err) = run!("plan", &file, "--format", "json");
        assert_eq!(code, 0, "{err}");
        let after = read(&file);
        assert_eq!(after.matches("status: in-progress").count(), 2, "{after}");
        // The notes are still the same strings: parse both versions and compare.
        let notes = |t: &str| -> Vec<String> {
            let v: serde_json::Value = serde_saphyr::from_str(t).unwrap();
            v["steps"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s["notes"].as_str().unwrap().to_owned())
                .collect()
        };
        assert_eq!(notes(&after), notes(&text), "{after}");
        assert_eq!(notes(&after), vec!["keep these\n\n\n", "last\n\n\n"]);
        drop(out);
    }
}

fn yaml_to_json(text: &str, pretty: bool) -> String {
    let v: serde_json::Value = serde_saphyr::from_str(text).unwrap();
    if pretty {
        serde_json::to_string_pretty(&v).unwrap()
    } else {
        serde_json::to_string(&v).unwrap()
    }
}

#[test]
fn json_plans_stay_json() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = read(&path("plans/acme-managed.yaml"));
    for pretty in [true, false] {
        let file = dir.path().join("plan.json");
        let json =
            yaml_to_json(&yaml, pretty).replacen("\"owner\":", "\"notes\": null, \"owner\":", 1);
        std::fs::write(&file, &json).unwrap();
        let edits: [&[&str]; 4] = [
            &["upgrade-stage", "--status", "done", "--evidence", "CHG-1"],
            &[
                "users-stage",
                "--status",
                "in-progress",
                "--note",
                "two\nlines \"q\" \\ é",
            ],
            &["upgrade-stage", "--note", "set through null"],
            &["users-stage", "--evidence", "yes"],
        ];
        for args in edits {
            let mut all: Vec<&std::ffi::OsStr> = vec!["mark".as_ref(), file.as_os_str()];
            all.extend(args.iter().map(std::ffi::OsStr::new));
            // Marked now, windows open or not.
            if args.contains(&"--status") {
                all.push("--ignore-window".as_ref());
            }
            let (code, _, err) = run(&all);
            assert_eq!(code, 0, "{args:?}: {err}");
            let text = read(&file);
            let v: serde_json::Value = serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("not JSON after {args:?}: {e}\n{text}"));
            let step = |id: &str| {
                v["steps"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|s| s["id"] == id)
                    .unwrap()
                    .clone()
            };
            let s = step(args[0]);
            for pair in args[1..].chunks(2) {
                let key = match pair[0] {
                    "--status" => "status",
                    "--evidence" => "evidence",
                    _ => "notes",
                };
                assert_eq!(s[key], pair[1], "{args:?}\n{text}");
            }
        }
    }
}

#[test]
fn lone_cr_plans_validate_and_mark_alike() {
    let dir = tempfile::tempdir().unwrap();
    let lf = read(&path("plans/acme-managed.yaml"));
    let cr = lf.replace('\n', "\r");
    let file = dir.path().join("cr.yaml");
    std::fs::write(&file, &cr).unwrap();
    let (code, _, err) = run!("validate", &file);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run!(
        "mark",
        &file,
        "upgrade-stage",
        "--status",
        "done",
        "--note",
        "a\nb",
        "--ignore-window"
    );
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run!("mark", &file, "users-stage", "--evidence", "E-1");
    assert_eq!(code, 0, "{err}");
    let after = read(&file);
    assert!(!after.contains('\n'), "line ends changed");
    let lf_after = after.replace('\r', "\n");
    let v: serde_json::Value = serde_saphyr::from_str(&lf_after).unwrap();
    let steps = v["steps"].as_array().unwrap();
    assert_eq!(steps[0]["status"], "done");
    assert_eq!(steps[0]["notes"], "a\nb");
    assert!(steps.iter().any(|s| s["evidence"] == "E-1"));
    // Findings point at the same line and column as in the LF version.
    let bad_lf = lf.replacen("kind: migrate-users", "kind: migrate-userz", 1);
    let lf_file = dir.path().join("lf.yaml");
    std::fs::write(&lf_file, &bad_lf).unwrap();
    std::fs::write(&file, bad_lf.replace('\n', "\r")).unwrap();
    let (_, lf_out, _) = run!("validate", "--format", "short", &lf_file);
    let (_, cr_out, _) = run!("validate", "--format", "short", &file);
    assert_eq!(cr_out.replace("cr.yaml", "lf.yaml"), lf_out);
}
