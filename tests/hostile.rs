//! Hostile inputs (issue 8): every file in `tests/hostile/`, plus inputs made at test
//! time (huge, deep, special files), must end with exit 1 or 2, at least one
//! diagnostic, no panic, within seconds. Also: each resource limit is P008, and a panic
//! that escapes anyway is exit 3 with a short message.

// Test inputs are built with `push_str(&format!(…))`: clearer than `write!` here.
#![allow(clippy::format_push_string)]

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::common::{imsplan, path};

const TIMEOUT: Duration = Duration::from_secs(10);

/// Run `imsplan ARGS` and check the hostile-input contract; returns (code, stdout, stderr).
fn survives(args: &[&str]) -> (i32, String, String) {
    let out = imsplan()
        .args(args)
        .env_remove("RUST_BACKTRACE")
        .timeout(TIMEOUT)
        .output()
        .expect("imsplan runs");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let code = out.status.code().unwrap_or(-1); // -1: killed by the timeout
    assert!(
        code == 1 || code == 2,
        "{args:?}: exit {code}, want 1 or 2\nstdout: {stdout}\nstderr: {stderr}"
    );
    assert!(
        !stderr.contains("panicked") && !stderr.contains("internal error"),
        "{args:?}: panic\n{stderr}"
    );
    let diagnostics = stdout.lines().filter(|l| l.contains(": error[")).count();
    assert!(
        diagnostics > 0 || (code == 2 && !stderr.trim().is_empty()) || stderr.contains("error"),
        "{args:?}: no diagnostic\nstdout: {stdout}\nstderr: {stderr}"
    );
    (code, stdout, stderr)
}

/// `validate --format short FILE` and `plan FILE` both survive; returns validate's stdout.
fn hostile(file: &Path) -> String {
    let f = file.to_str().expect("utf-8 path");
    let (_, stdout, _) = survives(&["validate", "--format", "short", f]);
    survives(&["plan", f]);
    stdout
}

fn corpus() -> Vec<PathBuf> {
    crate::common::yaml_files("tests/hostile")
}

#[test]
fn every_committed_hostile_file_fails_cleanly() {
    let files = corpus();
    assert!(files.len() >= 15, "corpus shrank: {files:?}");
    for f in files {
        hostile(&f);
    }
}

/// The code each committed file must raise (the corpus says what it tests).
#[test]
fn hostile_files_raise_the_expected_code() {
    for (file, code) in [
        ("empty.yaml", "P002"),
        ("only-comments.yaml", "P002"),
        ("binary.yaml", "P001"),
        ("latin1.yaml", "P001"),
        ("utf16-bom.yaml", "P001"),
        ("tabs.yaml", "P001"),
        ("unclosed-flow.yaml", "P001"),
        ("unterminated-quote.yaml", "P001"),
        ("two-documents.yaml", "P001"),
        ("alias-bomb.yaml", "P008"),
        ("top-scalar.yaml", "P002"),
        ("top-list.yaml", "P002"),
        ("merge-scalar.yaml", "P001"),
        ("format-overflow.yaml", "P007"),
        ("nul-bytes.yaml", "P001"),
    ] {
        let out = hostile(&path("tests/hostile").join(file));
        assert!(
            out.contains(&format!("error[{code}]")),
            "{file}: want {code}, got\n{out}"
        );
    }
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).expect("write");
    p
}

#[test]
fn deep_nesting_is_p008() {
    let dir = tempfile::tempdir().expect("tempdir");
    let flow = write(
        dir.path(),
        "flow.yaml",
        &format!("a: {}{}\n", "[".repeat(10_000), "]".repeat(10_000)),
    );
    let block: String = (1..10_000).fold(String::from("x:\n"), |mut s, i| {
        s.push_str(&" ".repeat(i));
        s.push_str("- \n");
        s
    });
    let block = write(dir.path(), "block.yaml", &block);
    for f in [flow, block] {
        let out = hostile(&f);
        assert!(
            out.contains("error[P008]") && out.contains("nesting depth"),
            "{out}"
        );
    }
}

#[test]
fn a_20_mb_string_is_handled() {
    let dir = tempfile::tempdir().expect("tempdir");
    let big = format!(
        "format: 1\nname: big\nx-big: \"{}\"\n",
        "a".repeat(20_000_000)
    );
    let f = write(dir.path(), "big.yaml", &big);
    let out = hostile(&f);
    assert!(out.contains("error[P002]"), "{out}");
    // The same file over a smaller size limit: P008 naming the limit.
    let (_, out, _) = survives(&[
        "--max-file-size",
        "1000000",
        "validate",
        "--format",
        "short",
        f.to_str().expect("utf-8"),
    ]);
    assert!(
        out.contains("error[P008]") && out.contains("file-size limit"),
        "{out}"
    );
}

#[test]
fn a_huge_after_list_is_handled() {
    let dir = tempfile::tempdir().expect("tempdir");
    let items: Vec<String> = (0..50_000).map(|i| format!("x{i}")).collect();
    let text = format!(
        "format: 1\nname: p\nenvironments:\n  e: {{role: stage, hosting: managed, version: 7.4.1}}\n\
         steps:\n  - id: a\n    env: e\n    kind: custom\n    title: t\n    after: [{}]\n",
        items.join(", ")
    );
    let out = hostile(&write(dir.path(), "after.yaml", &text));
    assert!(out.contains("error[P005]"), "{out}");
}

#[test]
fn a_quadratic_graph_is_p008() {
    // 2,000 upgrades and 2,000 user migrations in one environment would be 4 million
    // phase edges: the edge budget stops it.
    let dir = tempfile::tempdir().expect("tempdir");
    let mut text = String::from(
        "format: 1\nname: p\nenvironments:\n  e: {role: stage, hosting: managed, version: 7.4.1}\nsteps:\n",
    );
    for i in 0..2_000 {
        text.push_str(&format!(
            "  - {{id: u{i}, env: e, kind: upgrade, to: 7.4.2}}\n"
        ));
        text.push_str(&format!("  - {{id: m{i}, env: e, kind: migrate-users}}\n"));
    }
    let out = hostile(&write(dir.path(), "edges.yaml", &text));
    assert!(
        out.contains("error[P008]") && out.contains("edges"),
        "{out}"
    );
    // 2,000 production environments promoting (by default) from 2,000 stage ones.
    let mut text = String::from("format: 1\nname: p\nenvironments:\n");
    for i in 0..2_000 {
        text.push_str(&format!(
            "  s{i}: {{role: stage, hosting: managed, version: 7.4.1}}\n"
        ));
        text.push_str(&format!(
            "  p{i}: {{role: production, hosting: managed, version: 7.4.1}}\n"
        ));
    }
    text.push_str("steps:\n  - {id: a, env: s0, kind: migrate-users}\n");
    let out = hostile(&write(dir.path(), "promotion.yaml", &text));
    assert!(
        out.contains("error[P008]") && out.contains("edges"),
        "{out}"
    );
}

#[test]
fn each_limit_flag_gives_p008() {
    let plan = "plans/acme-managed.yaml";
    for (flag, value, words) in [
        ("--max-file-size", "100", "file-size limit"),
        ("--max-depth", "2", "nesting depth over 2"),
    ] {
        let (code, out, _) = survives(&[flag, value, "validate", "--format", "short", plan]);
        assert_eq!(code, 1);
        assert!(
            out.contains("error[P008]") && out.contains(words),
            "{flag}: {out}"
        );
    }
    // Nodes and alias expansion: the budget scales with the file, so a small bomb
    // stops early, and so does a bomb padded to a larger file.
    let dir = tempfile::tempdir().expect("tempdir");
    let bomb = std::fs::read_to_string(path("tests/hostile/alias-bomb.yaml")).expect("bomb");
    let padded = format!("{bomb}# {}\n", "p".repeat(1_000_000));
    let f = write(dir.path(), "padded-bomb.yaml", &padded);
    let (_, out, _) = survives(&["validate", "--format", "short", f.to_str().expect("utf-8")]);
    assert!(out.contains("error[P008]"), "{out}");
    // Files per run: a usage error (exit 2) that names the flag.
    let (code, _, err) = survives(&["--max-files", "2", "validate", "plans"]);
    assert_eq!(code, 2);
    assert!(err.contains("--max-files"), "{err}");
}

#[test]
fn directory_named_like_a_plan() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path().join("x.yaml");
    std::fs::create_dir(&d).expect("mkdir");
    let d = d.to_str().expect("utf-8");
    let (code, _, err) = survives(&["validate", d]);
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = survives(&["plan", d]);
    assert_eq!(code, 2, "{err}");
}

#[cfg(unix)]
#[test]
fn symlink_loop() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = dir.path().join("a.yaml");
    let b = dir.path().join("b.yaml");
    std::os::unix::fs::symlink(&b, &a).expect("symlink");
    std::os::unix::fs::symlink(&a, &b).expect("symlink");
    // A directory that links to itself must not make the walk loop either.
    std::os::unix::fs::symlink(dir.path(), dir.path().join("again")).expect("symlink");
    hostile(&a);
    let (_, out, _) = survives(&[
        "validate",
        "--format",
        "short",
        dir.path().to_str().expect("utf-8"),
    ]);
    assert!(
        out.contains("a.yaml") && out.contains("error[P001]"),
        "{out}"
    );
}

#[cfg(unix)]
#[test]
fn unreadable_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let f = write(dir.path(), "secret.yaml", "format: 1\nname: [unclosed\n");
    std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    let out = hostile(&f);
    if std::fs::read(&f).is_ok() {
        // Root reads through chmod 000: only the weaker property holds (it fails
        // cleanly on the content instead).
        eprintln!("unreadable_file: running as root, permissions do not apply");
        assert!(out.contains("error[P001]"), "{out}");
    } else {
        assert!(
            out.contains("cannot read") && out.contains("permission denied"),
            "{out}"
        );
    }
}

#[cfg(unix)]
#[test]
fn fifo_does_not_hang() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fifo = dir.path().join("pipe.yaml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    if !made {
        eprintln!("fifo_does_not_hang: skipped, `mkfifo` is not available");
        return;
    }
    let out = hostile(&fifo);
    assert!(out.contains("not a regular file"), "{out}");
    // Found by the directory walk too.
    let (_, out, _) = survives(&[
        "validate",
        "--format",
        "short",
        dir.path().to_str().expect("utf-8"),
    ]);
    assert!(out.contains("not a regular file"), "{out}");
}

#[test]
fn a_panic_is_exit_3_with_a_short_message() {
    let out = imsplan()
        .args(["validate", "plans"])
        .env("IMSPLAN_TEST_PANIC", "1")
        .env_remove("RUST_BACKTRACE")
        .timeout(TIMEOUT)
        .output()
        .expect("imsplan runs");
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("internal error") && err.contains("please report"),
        "{err}"
    );
    assert!(
        !err.contains("stack backtrace") && !err.contains("panicked"),
        "{err}"
    );
    assert!(err.lines().count() <= 2, "{err}");
}

#[test]
fn findings_per_file_are_capped() {
    // Issue 15 item 10: 5,000 empty steps gave several findings each, unbounded.
    let dir = tempfile::tempdir().expect("tempdir");
    let steps = vec!["{}"; 5_000].join(",");
    let f = write(
        dir.path(),
        "empty-steps.yaml",
        &format!("format: 1\nname: x\nenvironments: {{}}\nsteps: [{steps}]\n"),
    );
    let f = f.to_str().expect("utf-8");
    for (args, max) in [
        (vec!["validate", "--format", "short", f], 1_000),
        (
            vec!["--max-findings", "10", "validate", "--format", "short", f],
            10,
        ),
    ] {
        let (code, out, _) = survives(&args);
        assert_eq!(code, 1);
        let lines: Vec<&str> = out.lines().filter(|l| l.contains(": error[")).collect();
        assert_eq!(lines.len(), max + 1, "{args:?}");
        let last = lines.last().expect("a summary");
        assert!(
            last.contains("error[P008]")
                && last.contains("more findings in this file are not shown"),
            "{last}"
        );
        assert!(out.len() < 400 * (max + 1), "{} bytes of output", out.len());
    }
}

#[test]
fn sarif_is_linear_on_one_long_line() {
    // Issue 15 item 10: SARIF located each finding by scanning its line from the start,
    // quadratic on one long line (80,000 `{}` steps: 10 s here, against 2 s for the
    // short format). Compared with the short format on the same file, not timed alone.
    let dir = tempfile::tempdir().expect("tempdir");
    let steps = vec!["{}"; 80_000].join(",");
    let f = write(
        dir.path(),
        "long-line.yaml",
        &format!("format: 1\nname: x\nenvironments: {{}}\nsteps: [{steps}]\n"),
    );
    let f = f.to_str().expect("utf-8");
    let time = |format: &str| {
        let t = std::time::Instant::now();
        let out = imsplan()
            .args(["validate", "--format", format, f])
            .timeout(Duration::from_secs(60))
            .output()
            .expect("imsplan runs");
        let elapsed = t.elapsed();
        assert_eq!(out.status.code(), Some(1), "{format}");
        assert!(
            out.stdout.len() < 2_000_000,
            "{} bytes of {format}",
            out.stdout.len()
        );
        elapsed
    };
    let short = time("short");
    let sarif = time("sarif");
    assert!(
        sarif < short * 3 + Duration::from_secs(1),
        "sarif took {sarif:?}, short {short:?}"
    );
}

#[test]
fn a_raised_depth_limit_does_not_overflow_the_stack() {
    // Issue 15 item 15: `--max-depth 2000` on 5,000 nested mappings aborted (exit 134).
    let dir = tempfile::tempdir().expect("tempdir");
    let deep: String = (0..5_000).fold(String::new(), |mut s, i| {
        s.push_str(&" ".repeat(i));
        s.push_str("k:\n");
        s
    });
    let f = write(dir.path(), "deep.yaml", &deep);
    let f = f.to_str().expect("utf-8");
    let (code, out, _) = survives(&["--max-depth", "2000", "validate", "--format", "short", f]);
    assert_eq!(code, 1);
    assert!(
        out.contains("error[P008]") && out.contains("nesting depth over 2000"),
        "{out}"
    );
}

#[test]
fn a_tree_nested_2000_deep_is_walked() {
    // Issue 15 item 13: a canonicalize per level made this walk quadratic (99 s); the
    // plan at the bottom is found well within the timeout.
    let dir = tempfile::tempdir().expect("tempdir");
    let mut d = dir.path().to_path_buf();
    for _ in 0..2_000 {
        d.push("a");
    }
    std::fs::create_dir_all(&d).expect("deep dirs");
    write(&d, "p.yaml", "format: 1\n");
    let root = dir.path().to_str().expect("utf-8");
    let (code, out, _) = survives(&["validate", "--format", "short", root]);
    assert_eq!(code, 1);
    assert!(out.contains("/a/a/a/") && out.contains("p.yaml"), "{out}");
}

#[test]
fn an_absurd_depth_limit_is_a_usage_error() {
    // `--max-depth 1000000000` asked for a stack the system cannot give; the thread
    // was not made and the file was checked on a smaller stack, silently.
    let out = imsplan()
        .args(["--max-depth", "1000000000", "validate", "plans"])
        .timeout(TIMEOUT)
        .output()
        .expect("imsplan runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("--max-depth") && stderr.contains("largest accepted depth is 10000"),
        "{stderr}"
    );
    // The largest accepted value works, and a deep file still stops with P008.
    let dir = tempfile::tempdir().expect("tempdir");
    let f = write(dir.path(), "deep.yaml", &"[".repeat(20_000));
    let f = f.to_str().expect("utf-8");
    let (code, out, _) = survives(&["--max-depth", "10000", "validate", "--format", "short", f]);
    assert_eq!(code, 1);
    assert!(out.contains("error[P008]"), "{out}");
}

/// Issue 15 item 14, at full size: 60 MB of honest `x-k: [1, 1, …]` took 31 s and
/// 2.1 GB. Run by `.ci/run` (`--ignored`, under a time limit: `timeout` ends a run
/// that takes minutes); the
/// work-counting guard of the same behaviour is `complexity::extension_values_keep_no_tree`.
#[test]
#[ignore = "60 MB input: run by .ci/run with --ignored"]
fn a_60_mb_extension_value_is_cheap() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut text = std::fs::read_to_string(path("plans/acme-managed.yaml")).expect("plan");
    text.push_str("x-k: [");
    text.push_str(&"1,".repeat(30_000_000));
    text.push_str("1]\n");
    let f = write(dir.path(), "big.yaml", &text);
    let f = f.to_str().expect("utf-8");
    // Peak memory from GNU time when it is installed (`%M`, KiB), else only the exit.
    let time = Path::new("/usr/bin/time");
    let mut cmd = if time.exists() {
        let mut c = std::process::Command::new(time);
        c.args(["-f", "%M", env!("CARGO_BIN_EXE_imsplan")]);
        c
    } else {
        std::process::Command::new(env!("CARGO_BIN_EXE_imsplan"))
    };
    let out = cmd
        .args(["validate", "--format", "short", f])
        .output()
        .expect("imsplan runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    if let Some(kib) = stderr
        .lines()
        .last()
        .and_then(|l| l.trim().parse::<u64>().ok())
    {
        // The text is 60 MB; the tree it used to build was 2.1 GB.
        assert!(kib < 400 * 1024, "peak {kib} KiB");
    }
}
