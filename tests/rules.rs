//! The rule catalog and the rules that touch the file system or secrets: every explain
//! example does what it says, `operators-csv` cannot reach outside the plan's folder,
//! and no output format shows a secret.

use std::path::Path;

use imsplan::check::{Checked, check_inputs, check_text, gather};
use imsplan::diagnostic::Severity;
use imsplan::load::Limits;
use imsplan::rules::{Code, RULES};

use crate::common::{imsplan, path};

fn codes(c: &Checked) -> Vec<Code> {
    c.findings.iter().map(|f| f.code).collect()
}

/// Write the CSV files an example shows in its leading comment
/// (`# exports/x.csv:` then `#   row` lines) into `dir`.
fn write_example_files(example: &str, dir: &Path) {
    let mut current: Option<(String, String)> = None;
    for line in example.lines() {
        if let Some(name) = line
            .strip_prefix("# ")
            .and_then(|l| l.strip_suffix(':'))
            .filter(|l| {
                Path::new(l)
                    .extension()
                    .is_some_and(|e| e == "csv" || e == "yaml")
            })
        {
            current = Some((name.to_owned(), String::new()));
        } else if let (Some((_, body)), Some(row)) = (current.as_mut(), line.strip_prefix("#   ")) {
            body.push_str(row);
            body.push('\n');
        } else if let Some((name, body)) = current.take() {
            let file = dir.join(name);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(file, body).unwrap();
        }
    }
}

/// The findings of an example: checked alone, or, when its leading comment shows
/// other plan files (cross-file rules such as P011), with them as one run.
fn run_example(example: &str) -> Checked {
    let dir = tempfile::tempdir().unwrap();
    write_example_files(example, dir.path());
    let checked = check_text(
        "example.yaml",
        example,
        Some(dir.path()),
        &Limits::default(),
    );
    if !example
        .lines()
        .any(|l| l.starts_with("# ") && l.ends_with(".yaml:"))
    {
        return checked;
    }
    std::fs::write(dir.path().join("example.yaml"), example).unwrap();
    let limits = Limits::default();
    let inputs = gather(&[dir.path().to_path_buf()], &limits).unwrap();
    let report = check_inputs(&inputs, &limits);
    assert!(report.files.len() > 1, "the other plans are checked too");
    Checked {
        findings: report.findings,
        ..checked
    }
}

#[test]
fn explain_examples_fail_and_pass() {
    for rule in RULES {
        let code = rule.code;
        assert!(!rule.explain.checks.is_empty(), "{code}: what it checks");
        assert!(!rule.explain.why.is_empty(), "{code}: why it matters");
        let failing = run_example(rule.explain.failing);
        assert!(
            codes(&failing).contains(&code),
            "{code}: the failing example must raise it, got {:?}",
            codes(&failing)
        );
        let fixed = run_example(rule.explain.fixed);
        assert!(
            !codes(&fixed).contains(&code),
            "{code}: the fixed example must not raise it"
        );
        let errors: Vec<_> = fixed
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| (f.code, f.message.clone()))
            .collect();
        assert!(
            errors.is_empty(),
            "{code}: fixed example has errors {errors:?}"
        );
    }
}

#[test]
fn every_code_has_a_page_or_is_a_format_rule() {
    for rule in RULES {
        let s = rule.code.as_str();
        assert_eq!(rule.url.is_empty(), s.starts_with('P'), "{s} url");
    }
}

#[test]
fn explain_prints_documentation() {
    let out = imsplan().args(["explain", "ims002"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    for part in [
        "IMS002 restrictions-version (error)",
        "What it checks",
        "Why it matters",
        "Failing example",
        "Fixed example",
        "Source\n    https://experienceleague.adobe.com/",
    ] {
        assert!(text.contains(part), "missing {part:?} in\n{text}");
    }
    assert!(
        text.lines()
            .filter(|l| !l.contains("https://"))
            .all(|l| l.chars().count() <= 80),
        "{text}"
    );
    let out = imsplan().args(["explain", "IMS02"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("IMS002"));
}

// --- IMS015: the operators export -------------------------------------------------

const PLAN: &str = "format: 1
name: csv
environments:
  stage: {role: stage, hosting: managed, version: 7.4.1}
steps:
  - {id: users, env: stage, kind: migrate-users, operators-csv: 'CSV'}
  - {id: operators, env: stage, kind: migrate-operators}
  - {id: restrictions, env: stage, kind: enable-restrictions}
";

/// Check a plan in `dir` whose `operators-csv` is `csv`.
fn check_csv(dir: &Path, csv: &str, limits: &Limits) -> Checked {
    let text = PLAN.replace("CSV", csv);
    check_text("plan.yaml", &text, Some(dir), limits)
}

fn ims015(c: &Checked) -> Vec<String> {
    c.findings
        .iter()
        .filter(|f| f.code == Code::IMS015)
        .map(|f| f.message.clone())
        .collect()
}

/// A refusal: one IMS015 at the value in the plan, and no CSV read (no new source).
fn assert_refused(c: &Checked, words: &str) {
    let found = ims015(c);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains(words), "{found:?}");
    assert_eq!(c.sources.len(), 1, "nothing may be read");
    assert_eq!(c.findings[0].source, 0);
}

/// A folder `plan/` holding the plan, beside an `outside.csv` full of problems (so a
/// read would show up as findings).
fn layout() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let plan = tmp.path().join("plan");
    std::fs::create_dir(&plan).unwrap();
    std::fs::write(tmp.path().join("outside.csv"), "name,email\na,\nb,\n").unwrap();
    (tmp, plan)
}

#[test]
fn csv_outside_the_folder_is_refused() {
    let (_tmp, plan) = layout();
    let limits = Limits::default();
    assert_refused(&check_csv(&plan, "../outside.csv", &limits), "outside");
    assert_refused(
        &check_csv(&plan, "sub/../../outside.csv", &limits),
        "outside",
    );
    assert_refused(&check_csv(&plan, "/etc/passwd", &limits), "outside");
}

#[cfg(unix)]
#[test]
fn csv_symlink_out_of_the_folder_is_refused() {
    let (tmp, plan) = layout();
    std::os::unix::fs::symlink(tmp.path().join("outside.csv"), plan.join("link.csv")).unwrap();
    std::fs::create_dir(plan.join("exports")).unwrap();
    std::os::unix::fs::symlink(tmp.path(), plan.join("exports/up")).unwrap();
    let limits = Limits::default();
    assert_refused(&check_csv(&plan, "link.csv", &limits), "outside");
    assert_refused(
        &check_csv(&plan, "exports/up/outside.csv", &limits),
        "outside",
    );
}

#[cfg(unix)]
#[test]
fn csv_fifo_is_never_opened() {
    let (_tmp, plan) = layout();
    let fifo = plan.join("pipe.csv");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        return; // no mkfifo on this system
    }
    // Opening a FIFO without a writer would block forever: the check must not.
    assert_refused(
        &check_csv(&plan, "pipe.csv", &Limits::default()),
        "not a regular file",
    );
}

#[test]
fn csv_missing_large_or_not_utf8() {
    let (_tmp, plan) = layout();
    let limits = Limits::default();
    assert_refused(&check_csv(&plan, "nope.csv", &limits), "cannot read");
    std::fs::write(
        plan.join("latin1.csv"),
        b"name,email\nJos\xe9,j@x.example\n",
    )
    .unwrap();
    assert_refused(&check_csv(&plan, "latin1.csv", &limits), "not UTF-8");
    std::fs::write(plan.join("big.csv"), "name,email\nabc,abc@x.example\n").unwrap();
    let small = Limits {
        max_csv_bytes: 10,
        ..Limits::default()
    };
    assert_refused(
        &check_csv(&plan, "big.csv", &small),
        "over the CSV size limit",
    );
    std::fs::create_dir(plan.join("dir.csv")).unwrap();
    assert_refused(&check_csv(&plan, "dir.csv", &limits), "directory");
}

#[test]
fn csv_content_points_into_the_csv() {
    let (_tmp, plan) = layout();
    std::fs::create_dir(plan.join("exports")).unwrap();
    std::fs::write(
        plan.join("exports/ops.csv"),
        " Name ,E-mail,EMAIL ,Type\nann,x,ann@x.example,\nbob,,,native\ncid,,ANN@x.example ,ims\nsoap,,,technical\neve,,eve@x.example,robot\n",
    )
    .unwrap();
    let c = check_csv(&plan, "exports/ops.csv", &Limits::default());
    let found = ims015(&c);
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(found[0].contains("`bob` has no email"), "{found:?}");
    assert!(found[1].contains("`cid` shares the email"), "{found:?}");
    assert!(found[2].contains("type `robot`"), "{found:?}");
    assert_eq!(c.sources.len(), 2);
    let csv = &c.sources[1];
    assert!(csv.path.ends_with("exports/ops.csv"), "{}", csv.path);
    let lines: Vec<usize> = c
        .findings
        .iter()
        .filter(|f| f.code == Code::IMS015)
        .map(|f| {
            assert_eq!(f.source, 1);
            csv.position(f.span.start()).line
        })
        .collect();
    assert_eq!(lines, [3, 4, 6]);
    let dup = c
        .findings
        .iter()
        .find(|f| f.message.contains("shares"))
        .unwrap();
    assert_eq!(
        csv.position(dup.labels[0].span.start()).line,
        2,
        "first row labelled"
    );
}

#[test]
fn csv_without_email_column() {
    let (_tmp, plan) = layout();
    std::fs::write(plan.join("ops.csv"), "name,mail\nann,ann@x.example\n").unwrap();
    let found = ims015(&check_csv(&plan, "ops.csv", &Limits::default()));
    assert_eq!(found, ["the operators export has no `email` column"]);
}

// --- IMS012: no output shows a secret -----------------------------------------------

#[test]
fn no_output_shows_a_secret() {
    // (fixture, fragments of the secret past its first four characters)
    let cases = [
        (
            "tests/cases/ims012_client_secret.yaml",
            vec!["AbCdEfGh", "QrStUvWx"],
        ),
        (
            "tests/cases/ims012_secret_in_comment.yaml",
            vec!["hbGciOi", "eyJzdWIi", "c2lnbmF0"],
        ),
        (
            "tests/cases/ims012_private_key_block.yaml",
            vec!["BEGIN PRIVATE", "MIIEvQ", "VJTUt9", "END PRIVATE"],
        ),
        (
            "tests/cases/ims012_password_unknown_key.yaml",
            vec!["hunter2", "er2-h"],
        ),
        // P002 quotes the bad value: the secret in it must be scrubbed there too.
        (
            "tests/cases/ims012_secret_in_a_bad_value.yaml",
            vec!["AbCdEfGh", "QrStUvWx"],
        ),
        // IMS016 quotes the profile: the secret in it must be scrubbed there too.
        (
            "tests/cases/ims012_secret_quoted_by_a_rule.yaml",
            vec!["AbCdEfGh", "QrStUvWx"],
        ),
    ];
    for (file, fragments) in cases {
        let text = std::fs::read_to_string(path(file)).unwrap();
        for f in &fragments {
            assert!(text.contains(f), "{file} holds {f}");
        }
        for format in ["human", "short", "json"] {
            let out = imsplan()
                .args(["validate", "--format", format, file])
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(1), "{file} {format}");
            let all = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(all.contains("IMS012"), "{file} {format}: {all}");
            for f in &fragments {
                assert!(!all.contains(f), "{file} {format} shows `{f}`:\n{all}");
            }
        }
    }
}

#[test]
fn secret_in_broken_yaml_is_masked_too() {
    let text = "format: 1\nname: x\nenvironments:\n  stage:\n\trole: stage\n    password: hunter2-secret\n";
    let c = check_text("broken.yaml", text, None, &Limits::default());
    assert!(codes(&c).contains(&Code::IMS012), "{:?}", codes(&c));
    assert!(!c.sources[0].text.contains("hunter2"));
}

// --- Effective versions (SPEC §3) ---------------------------------------------------

#[test]
fn effective_version_follows_the_graph() {
    let text = "format: 1
name: eff
environments:
  stage: {role: stage, hosting: on-premise, version: 7.3.5}
  prod: {role: production, hosting: on-premise, version: 7.3.3.IMS}
steps:
  - {id: before, env: stage, kind: custom, title: Back up}
  - {id: upgrade, env: stage, kind: upgrade, to: 7.4.2, after: [before]}
  - {id: smoke, env: stage, kind: custom, title: Smoke test, after: [upgrade]}
  - {id: later, env: stage, kind: custom, title: Later, after: [smoke]}
  - {id: users, env: stage, kind: migrate-users}
  - {id: operators, env: stage, kind: migrate-operators}
  - {id: restrictions, env: stage, kind: enable-restrictions}
  - {id: users-prod, env: prod, kind: migrate-users}
  - {id: operators-prod, env: prod, kind: migrate-operators}
";
    let c = check_text("eff.yaml", text, None, &Limits::default());
    let (plan, graph) = (c.plan.as_ref().unwrap(), c.graph.as_ref().unwrap());
    let eff = imsplan::rules::versions::effective_versions(plan, graph);
    let got: Vec<(&str, String)> = plan
        .steps
        .iter()
        .zip(&eff)
        .map(|(s, e)| (s.id.value.as_str(), e.as_ref().unwrap().text.clone()))
        .collect();
    let want = [
        ("before", "7.3.5"),
        ("upgrade", "7.3.5"),
        ("smoke", "7.4.2"),
        ("later", "7.4.2"),
        ("users", "7.4.2"),
        ("operators", "7.4.2"),
        ("restrictions", "7.4.2"),
        // Promotion from stage does not carry stage's upgrade to production.
        ("users-prod", "7.3.3.IMS"),
        ("operators-prod", "7.3.3.IMS"),
    ];
    let want: Vec<(&str, String)> = want.iter().map(|(a, b)| (*a, (*b).to_owned())).collect();
    assert_eq!(got, want);
    // prod's migrations are fine on the patch; only the missing restrictions warn.
    let found: Vec<Code> = codes(&c);
    assert!(!found.contains(&Code::IMS001), "{found:?}");
    assert!(
        found.contains(&Code::IMS013) && found.contains(&Code::IMS010),
        "{found:?}"
    );
}

#[test]
fn effective_version_on_a_cycle() {
    let text = "format: 1
name: cyc
environments:
  stage: {role: stage, hosting: managed, version: 7.3.4}
steps:
  - {id: users, env: stage, kind: migrate-users, after: [restrictions]}
  - {id: operators, env: stage, kind: migrate-operators}
  - {id: restrictions, env: stage, kind: enable-restrictions}
";
    // Without an upgrade in the environment, its version is every step's version.
    let c = check_text("cyc.yaml", text, None, &Limits::default());
    let found = codes(&c);
    assert!(found.contains(&Code::P006), "{found:?}");
    assert!(found.contains(&Code::IMS001), "{found:?}");
    // With an upgrade inside the cycle there is no "before": nothing is guessed.
    let text = text.replace(
        "steps:\n",
        "steps:\n  - {id: up, env: stage, kind: upgrade, to: 7.4.1}\n",
    );
    let c = check_text("cyc.yaml", &text, None, &Limits::default());
    let found = codes(&c);
    assert!(found.contains(&Code::P006), "{found:?}");
    assert!(!found.contains(&Code::IMS001), "{found:?}");
    assert!(!found.contains(&Code::IMS002), "{found:?}");
}

// --- Message style (STYLE.md): lower case, no trailing period -----------------------

#[test]
fn messages_and_helps_follow_the_style() {
    for file in crate::common::yaml_files("tests/cases") {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        let c = check_text("case.yaml", &text, file.parent(), &Limits::default());
        for f in &c.findings {
            for (what, s) in [("message", Some(&f.message)), ("help", f.help.as_ref())] {
                let s = s.unwrap_or_else(|| panic!("{}: {} has no help", file.display(), f.code));
                let first = s.chars().next().unwrap_or(' ');
                assert!(
                    first.is_lowercase() || first.is_ascii_digit() || first == '`',
                    "{}: {} {what} starts upper case: {s}",
                    file.display(),
                    f.code
                );
                assert!(
                    !s.ends_with('.'),
                    "{}: {what} ends with a period: {s}",
                    file.display()
                );
            }
        }
    }
}

#[test]
fn explain_examples_are_exact() {
    // One story per rule: the failing example raises exactly its code (every finding
    // is that code) and the fixed example is clean (no finding at all).
    let mut bad = Vec::new();
    for rule in RULES {
        let code = rule.code;
        let failing = run_example(rule.explain.failing);
        let others: Vec<_> = failing
            .findings
            .iter()
            .filter(|f| f.code != code)
            .map(|f| (f.code, f.message.clone()))
            .collect();
        if !codes(&failing).contains(&code) || !others.is_empty() {
            bad.push(format!("{code} failing: {:?}", codes(&failing)));
        }
        let fixed = run_example(rule.explain.fixed);
        if !fixed.findings.is_empty() {
            bad.push(format!(
                "{code} fixed: {:?}",
                fixed
                    .findings
                    .iter()
                    .map(|f| (f.code, f.message.clone()))
                    .collect::<Vec<_>>()
            ));
        }
    }
    assert!(bad.is_empty(), "{bad:#?}");
}

// --- explain: codes and names ------------------------------------------------------

#[test]
fn explain_takes_a_rule_name_ignoring_case() {
    for word in ["users-below-741", "USERS-Below-741", "ims013"] {
        let out = imsplan().args(["explain", word]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{word}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.starts_with("IMS013 users-below-741"), "{word}: {text}");
    }
}

#[test]
fn explain_suggests_only_close_codes_and_names() {
    let hint = |word: &str| {
        let out = imsplan().args(["explain", word]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{word}");
        String::from_utf8(out.stderr).unwrap()
    };
    let typo = hint("users-below-714");
    assert!(
        typo.contains("did you mean `IMS013` (users-below-741)?"),
        "{typo}"
    );
    assert!(!typo.contains("IMS001"), "{typo}");
    let short = hint("IMS02");
    assert!(
        short.contains("`IMS002`") && !short.contains("`IMS005`"),
        "{short}"
    );
    assert!(short.matches("`IMS").count() <= 5, "{short}");
    let far = hint("hello");
    assert!(!far.contains("`IMS") && !far.contains("`P0"), "{far}");
    assert!(far.contains("`imsplan rules`"), "{far}");
}

// --- P011: two plans of one name in a run --------------------------------------------

const NAMED: &str = "format: 1
name: NAME
environments:
  stage: {role: stage, hosting: on-premise, version: 7.4.1}
steps:
  - {id: users, env: stage, kind: migrate-users}
  - {id: operators, env: stage, kind: migrate-operators}
  - {id: restrictions, env: stage, kind: enable-restrictions}
";

#[test]
fn two_plans_of_one_name_are_reported_once_on_the_second() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("old")).unwrap();
    std::fs::write(dir.path().join("acme.yaml"), NAMED.replace("NAME", "acme")).unwrap();
    std::fs::write(
        dir.path().join("old/acme.yaml"),
        NAMED.replace("NAME", "acme"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("other.yaml"),
        NAMED.replace("NAME", "other"),
    )
    .unwrap();
    let out = imsplan()
        .args(["validate", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let found: Vec<&serde_json::Value> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "P011")
        .collect();
    assert_eq!(found.len(), 1, "{doc}");
    let f = found[0];
    assert!(
        f["file"].as_str().unwrap().ends_with("old/acme.yaml"),
        "{f}"
    );
    assert_eq!(f["range"]["start"]["line"], 2, "{f}");
    let message = f["message"].as_str().unwrap();
    assert!(
        message.contains("acme.yaml") && message.contains("(line 2)"),
        "{message}"
    );
    // Each plan alone is fine.
    for file in ["acme.yaml", "old/acme.yaml"] {
        let alone = imsplan()
            .args(["validate", "--format", "short"])
            .arg(dir.path().join(file))
            .output()
            .unwrap();
        assert_eq!(alone.status.code(), Some(0), "{file}");
    }
}

// --- the wrong file ------------------------------------------------------------------

/// Feeding an imsplan output, a schema or a document to `validate` gives one finding
/// that says what the file looks like, not a YAML error or a page of schema errors.
#[test]
fn a_file_that_is_not_a_plan_gets_one_finding_saying_what_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let plan = path("plans/acme-managed.yaml");
    let write = |name: &str, args: &[&str], with_plan: bool| {
        let mut cmd = imsplan();
        cmd.args(args);
        if with_plan {
            cmd.arg(&plan);
        }
        let out = cmd.output().unwrap();
        std::fs::write(dir.path().join(name), out.stdout).unwrap();
    };
    write("runbook.md", &["runbook"], true);
    write("plan.json", &["plan", "--format", "json"], true);
    write("plan.md", &["plan", "--format", "markdown"], true);
    write("report.sarif", &["validate", "--format", "sarif"], true);
    write("report.xml", &["validate", "--format", "junit"], true);
    write("report.json", &["validate", "--format", "json"], true);
    write("plan.schema.json", &["schema"], false);
    write("graph.mmd", &["graph"], true);
    write("page.html", &["runbook", "--format", "html"], true);
    let cases = [
        (
            "runbook.md",
            "P001",
            "a runbook written by `imsplan runbook`",
        ),
        ("plan.json", "P002", "`imsplan plan --format json`"),
        ("plan.md", "P001", "`imsplan plan --format markdown`"),
        ("report.sarif", "P002", "SARIF"),
        ("report.xml", "P002", "JUnit"),
        ("report.json", "P002", "`imsplan validate --format json`"),
        ("plan.schema.json", "P002", "JSON Schema"),
        ("graph.mmd", "P001", "Mermaid"),
        ("page.html", "P001", "HTML page"),
    ];
    for (name, code, words) in cases {
        let out = imsplan()
            .args(["validate", "--format", "json"])
            .arg(dir.path().join(name))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{name}");
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let found = doc["diagnostics"].as_array().unwrap();
        assert_eq!(found.len(), 1, "{name}: {doc}");
        assert_eq!(found[0]["code"], code, "{name}");
        let message = found[0]["message"].as_str().unwrap();
        assert!(
            message.starts_with("not a plan: this looks like"),
            "{message}"
        );
        assert!(message.contains(words), "{name}: {message}");
        assert!(found[0]["help"].as_str().unwrap().contains("plan file"));
    }
}

/// A broken plan stays a broken plan: its own findings, not a guess.
#[test]
fn a_broken_plan_is_not_taken_for_another_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("plan.md");
    std::fs::write(&file, "# Runbook: not really\nformat: 1\nname: [\n").unwrap();
    let out = imsplan()
        .args(["validate", "--format", "short"])
        .arg(&file)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains("not a plan"), "{text}");
    let json = dir.path().join("plan.json");
    std::fs::write(&json, "{\"format\": 1, \"name\": \"a\", \"waves\": []}").unwrap();
    let out = imsplan()
        .args(["validate", "--format", "short"])
        .arg(&json)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        !text.contains("not a plan") && text.contains("P002"),
        "{text}"
    );
}

// --- IMS021: every placeholder `init` leaves -------------------------------------------

#[test]
fn every_fill_in_of_every_starter_plan_is_reported() {
    use imsplan::model::{Hosting, Target};
    use imsplan::track::init::{Route, template};
    for &hosting in Hosting::ALL {
        for &target in Target::ALL {
            for (route, schema) in [
                (Route::UpgradeFirst, None),
                (Route::MigrateFirst, Some("plan.schema.json")),
            ] {
                let text = template(hosting, target, route, "starter", schema);
                let marked: Vec<usize> = text
                    .lines()
                    .enumerate()
                    .filter(|(_, l)| l.contains("# FILL IN") && !l.trim_start().starts_with('#'))
                    .map(|(i, _)| i + 1)
                    .collect();
                assert!(!marked.is_empty());
                let c = check_text("starter.yaml", &text, None, &Limits::default());
                let found: Vec<usize> = c
                    .findings
                    .iter()
                    .filter(|f| f.code == Code::IMS021)
                    .map(|f| c.sources[0].position(f.span.start()).line)
                    .collect();
                assert_eq!(found, marked, "{hosting:?} {target:?} {route:?}");
                assert!(
                    c.findings
                        .iter()
                        .all(|f| f.code == Code::IMS021 || f.severity != Severity::Error),
                    "{hosting:?} {target:?} {route:?}: a starter plan has no errors"
                );
            }
        }
    }
}

// --- versions: one story -----------------------------------------------------------------

fn version_findings(version: &str) -> Vec<(Code, String, Option<String>)> {
    let text = NAMED
        .replace("NAME", "v")
        .replace("version: 7.4.1", &format!("version: {version}"));
    let c = check_text("v.yaml", &text, None, &Limits::default());
    c.findings
        .iter()
        .map(|f| (f.code, f.message.clone(), f.help.clone()))
        .collect()
}

#[test]
fn too_old_versions_get_the_same_treatment() {
    let old = version_findings("6.11");
    let older = version_findings("7.2.0");
    let codes = |v: &[(Code, String, Option<String>)]| v.iter().map(|f| f.0).collect::<Vec<_>>();
    assert_eq!(codes(&old), codes(&older));
    assert_eq!(
        codes(&old),
        [Code::IMS001, Code::IMS001, Code::IMS002],
        "{old:?}"
    );
    for (_, message, _) in old.iter().chain(&older).take(2) {
        assert!(
            message.contains("predates IMS support") && message.contains("7.4.1"),
            "{message}"
        );
    }
}

#[test]
fn a_version_newer_than_known_is_one_warning() {
    for version in ["9.0.0", "7.5.0"] {
        let found = version_findings(version);
        assert_eq!(found.len(), 1, "{version}: {found:?}");
        assert_eq!(found[0].0, Code::IMS008);
        assert!(
            found[0]
                .1
                .contains("newer than any Campaign version imsplan knows"),
            "{found:?}"
        );
    }
}

#[test]
fn a_misspelt_version_gets_the_exact_fix() {
    for (text, fixed) in [
        ("7.3.2.ims", "7.3.2.IMS"),
        ("V8.6.1", "8.6.1"),
        ("'7.3.3 IMS'", "7.3.3.IMS"),
    ] {
        let found = version_findings(text);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        assert_eq!(found[0].0, Code::P002);
        let help = found[0].2.clone().unwrap();
        assert!(
            help.contains(&format!("`version: {fixed}`")),
            "{text}: {help}"
        );
    }
}
