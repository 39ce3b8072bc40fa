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
    assert!(err.contains("`no-such-rev` is not a commit"), "{err}");
    let (code, _, err) = run(root, "plans/p.yaml", "--output=x");
    assert_eq!(code, 2, "{err}");
    assert!(!root.join("x").exists());
}

/// `diff --base HEAD FILE` on a plan not committed yet: everything in it is added, not
/// an error.
#[test]
fn base_revision_without_the_file_adds_everything() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let commit = [
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@example.com",
        "commit",
    ];
    if !git(root, &["init", "-q"])
        || !git(
            root,
            &[&commit[..], &["-q", "--allow-empty", "-m", "x"]].concat(),
        )
    {
        eprintln!("git is missing: skipping the `diff --base` test");
        return;
    }
    let sub = root.join("plans");
    std::fs::create_dir(&sub).unwrap();
    std::fs::copy(path("plans/acme-managed.yaml"), sub.join("new.yaml")).unwrap();
    let out = imsplan()
        .current_dir(root)
        .env("HOME", root)
        .args(["diff", "--format", "json", "--base=HEAD", "plans/new.yaml"])
        .output()
        .unwrap();
    let (code, out, err) = (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    );
    assert_eq!(code, 0, "{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["old"], "HEAD:plans/new.yaml (not in `HEAD`)");
    assert_eq!(doc["changed"], true);
    let ids = |key: &str| -> Vec<String> {
        doc[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                s["id"]
                    .as_str()
                    .unwrap_or_else(|| s.as_str().unwrap())
                    .to_owned()
            })
            .collect()
    };
    let new = std::fs::read_to_string(path("plans/acme-managed.yaml")).unwrap();
    let steps = ids("steps_added");
    assert_eq!(steps.len(), new.matches("\n  - id: ").count(), "{out}");
    assert_eq!(ids("envs_added"), ["stage", "prod"], "{out}");
    for key in [
        "steps_removed",
        "steps_changed",
        "envs_removed",
        "envs_changed",
    ] {
        assert!(ids(key).is_empty(), "{key}: {out}");
    }
    assert_eq!(doc["plan"][0]["field"], "name");
    assert!(
        doc["plan"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["old"].is_null())
    );
    let out = imsplan()
        .current_dir(root)
        .env("HOME", root)
        .args(["diff", "--base", "HEAD", "plans/new.yaml"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("--- HEAD:plans/new.yaml (not in `HEAD`)\n+++ plans/new.yaml\n~ plan name: (none) → acme-managed\n"),
        "{text}"
    );
    assert!(!text.contains("\n- "), "nothing removed: {text}");
}

/// Issue 15 item 9: every field of the model counts. Each edit of the example plan is
/// reported (never "no semantic change"), and `--exit-code` gives 1.
#[test]
fn every_field_change_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let acme = std::fs::read_to_string(path("plans/acme-managed.yaml")).unwrap();
    let globex = std::fs::read_to_string(path("plans/globex-onprem.yaml")).unwrap();
    let hooli = std::fs::read_to_string(path("plans/hooli-hosted.yaml")).unwrap();
    // (what, base text, from, to, a word the report must contain)
    let edits: &[(&str, &str, &str, &str, &str)] = &[
        (
            "operator renamed",
            &acme,
            "name: crm-sync",
            "name: crm-sync2",
            "crm-sync2",
        ),
        (
            "operator re-profiled",
            &acme,
            "profile: campaign - acme-mkt-stage - crm",
            "profile: campaign - acme-mkt-stage - crm2",
            "crm2",
        ),
        (
            "operator removed",
            &acme,
            "      - name: crm-sync\n        instance: marketing\n        credential: oauth-server-to-server\n        profile: campaign - acme-mkt-stage - crm\n",
            "",
            "crm-sync",
        ),
        (
            "operator added",
            &acme,
            "        profile: campaign - acme-mkt-prod - messagecenter\n",
            "        profile: campaign - acme-mkt-prod - messagecenter\n      - name: crm-sync\n        instance: marketing\n        credential: oauth-server-to-server\n        profile: campaign - acme-mkt-prod - crm\n",
            "crm-sync",
        ),
        (
            "operator instance",
            &acme,
            "instance: marketing\n        credential: oauth-server-to-server\n        profile: campaign - acme-mkt-stage - crm",
            "instance: message-center\n        credential: oauth-server-to-server\n        profile: campaign - acme-mkt-stage - messagecenter",
            "operators[crm-sync].instance",
        ),
        (
            "notes",
            &acme,
            "logs off, then signs in",
            "logs off, then sign in",
            "notes",
        ),
        (
            "allow-operators",
            &globex,
            "allow-operators: [etl-batch]",
            "allow-operators: [etl-batch, other]",
            "other",
        ),
        (
            "operators-csv",
            &hooli,
            "operators-csv: exports/hooli-stage-operators.csv",
            "operators-csv: exports/../exports/hooli-stage-operators.csv",
            "operators-csv",
        ),
        // An explicit `after` naming a dependency the graph already has.
        (
            "explicit after",
            &acme,
            "    duration: 4h\n    owner: Adobe Transition Manager\n  - id: users-prod",
            "    duration: 4h\n    owner: Adobe Transition Manager\n    after: [upgrade-stage]\n  - id: users-prod",
            "after",
        ),
    ];
    for (what, base, from, to, word) in edits {
        assert!(base.contains(from), "{what}: the fixture changed");
        let old = dir.path().join("old.yaml");
        let new = dir.path().join("new.yaml");
        std::fs::create_dir_all(dir.path().join("exports")).unwrap();
        for e in std::fs::read_dir(path("plans/exports")).unwrap() {
            let e = e.unwrap().path();
            std::fs::copy(&e, dir.path().join("exports").join(e.file_name().unwrap())).unwrap();
        }
        std::fs::write(&old, base).unwrap();
        std::fs::write(&new, base.replacen(from, to, 1)).unwrap();
        let (o, n) = (old.to_string_lossy(), new.to_string_lossy());
        let out = imsplan()
            .args(["diff", "--exit-code", &o, &n])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{what}: {text}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!text.contains("no semantic change"), "{what}: {text}");
        assert!(text.contains(word), "{what}: {text}");
    }
}

// ---- every single-field mutation of a plan is reported (issue 15 item 9) ----

mod fields {
    use imsplan::check::check_text;
    use imsplan::graph::Graph;
    use imsplan::load::Limits;
    use imsplan::model::{
        Calendar, Credential, Hosting, Hours, Instance, Kind, Operator, Ordering, Plan, Role,
        Status, Target, Weekday,
    };
    use imsplan::span::{Sp, Span};
    use imsplan::track::diff::{Side, diff};
    use proptest::prelude::*;

    use crate::common::example_plans;

    /// A place in a plan one mutation changes.
    #[derive(Debug, Clone, Copy)]
    enum Site {
        Plan(usize),
        Env(usize, usize),
        Step(usize, usize),
        Operator(usize, usize, usize),
        AddOperator(usize),
    }

    const PLAN_FIELDS: usize = 8;
    const ENV_FIELDS: usize = 8;
    const STEP_FIELDS: usize = 17;
    const OPERATOR_FIELDS: usize = 5;

    fn sites(plan: &Plan) -> Vec<Site> {
        let mut v: Vec<Site> = (0..PLAN_FIELDS).map(Site::Plan).collect();
        for e in 0..plan.environments.len() {
            v.extend((0..ENV_FIELDS).map(|f| Site::Env(e, f)));
        }
        for (s, step) in plan.steps.iter().enumerate() {
            v.extend((0..STEP_FIELDS).map(|f| Site::Step(s, f)));
            v.push(Site::AddOperator(s));
            for o in 0..step.operators.as_ref().map_or(0, Vec::len) {
                v.extend((0..OPERATOR_FIELDS).map(|f| Site::Operator(s, o, f)));
            }
        }
        v
    }

    fn sp<T>(v: T) -> Sp<T> {
        Sp::new(v, Span::default())
    }

    /// Another value of a keyword list than `now`.
    fn other<T: Copy + PartialEq>(all: &[T], now: T, pick: usize) -> T {
        let rest: Vec<T> = all.iter().copied().filter(|v| *v != now).collect();
        rest[pick % rest.len()]
    }

    /// A text that differs from `now`.
    fn differ(now: Option<&Sp<String>>, word: &str) -> Sp<String> {
        let base = now.map_or(String::new(), |s| s.value.clone());
        sp(format!("{base}{word}"))
    }

    /// What a mutation may use: a non-empty word, a choice among values, a duration.
    struct With<'a> {
        word: &'a str,
        pick: usize,
        hours: jiff::SignedDuration,
    }

    /// Change the field at `site`.
    fn mutate(plan: &mut Plan, site: Site, word: &str, pick: usize, seed: i64) {
        let with = With {
            word,
            pick,
            hours: jiff::SignedDuration::from_hours(seed.rem_euclid(500) + 1),
        };
        match site {
            Site::Plan(field) => mutate_plan(plan, field, &with),
            Site::Env(env, field) => mutate_env(plan, env, field, &with),
            Site::Step(step, field) => mutate_step(plan, step, field, &with),
            Site::Operator(step, op, field) => {
                let ops = plan.steps[step].operators.as_mut().unwrap();
                mutate_operator(ops, op, field, &with);
            }
            Site::AddOperator(step) => {
                let op = Operator {
                    name: sp(format!("{word}-op")),
                    instance: sp(Instance::ALL[pick % Instance::ALL.len()]),
                    credential: sp(Credential::ALL[pick % Credential::ALL.len()]),
                    profile: None,
                };
                plan.steps[step]
                    .operators
                    .get_or_insert_with(Vec::new)
                    .push(op);
            }
        }
    }

    fn later(t: Option<&Sp<jiff::Timestamp>>, by: jiff::SignedDuration) -> Sp<jiff::Timestamp> {
        let t = t.map_or(jiff::Timestamp::UNIX_EPOCH, |t| t.value);
        sp(t.checked_add(by).unwrap())
    }

    fn mutate_plan(plan: &mut Plan, field: usize, w: &With<'_>) {
        match field {
            0 => plan.name = differ(Some(&plan.name), w.word),
            1 => plan.title = Some(differ(plan.title.as_ref(), w.word)),
            2 => plan.target = Some(sp(other(Target::ALL, plan.target(), w.pick))),
            3 => plan.ordering = Some(sp(other(Ordering::ALL, plan.ordering(), w.pick))),
            4 => plan.start = Some(later(plan.start.as_ref(), w.hours)),
            5 => plan.timezone = Some(differ(plan.timezone.as_ref(), w.word)),
            6 => plan.deadline = Some(later(plan.deadline.as_ref(), w.hours)),
            _ => mutate_calendar(plan.calendar.get_or_insert_with(Calendar::default), w),
        }
    }

    fn mutate_env(plan: &mut Plan, index: usize, field: usize, w: &With<'_>) {
        let env_ids: Vec<String> = plan
            .environments
            .iter()
            .map(|e| e.id.value.clone())
            .collect();
        let env = &mut plan.environments[index];
        match field {
            0 => env.role = sp(other(Role::ALL, env.role.value, w.pick)),
            1 => env.hosting = sp(other(Hosting::ALL, env.hosting.value, w.pick)),
            2 => env.version = differ(Some(&env.version), ".9"),
            3 => env.build = Some(differ(env.build.as_ref(), "9")),
            6 => env.deadline = Some(later(env.deadline.as_ref(), w.hours)),
            7 => mutate_calendar(env.calendar.get_or_insert_with(Calendar::default), w),
            4 => {
                let mut names = env.instances.clone().unwrap_or_default();
                names.push(sp(format!("{}-i", w.word)));
                env.instance_roles = None;
                env.instances = Some(names);
            }
            _ => {
                let mut after = env.after.clone().unwrap_or_default();
                if after.is_empty() {
                    after.push(sp(env_ids[w.pick % env_ids.len()].clone()));
                } else {
                    after.pop();
                }
                env.after = Some(after);
            }
        }
    }

    fn mutate_step(plan: &mut Plan, index: usize, field: usize, w: &With<'_>) {
        let step_ids: Vec<String> = plan.steps.iter().map(|s| s.id.value.clone()).collect();
        let env_ids: Vec<String> = plan
            .environments
            .iter()
            .map(|e| e.id.value.clone())
            .collect();
        let step = &mut plan.steps[index];
        match field {
            0 => step.id = differ(Some(&step.id), w.word),
            1 => {
                let others: Vec<&String> =
                    env_ids.iter().filter(|e| **e != step.env.value).collect();
                step.env = match others.get(w.pick % others.len().max(1)) {
                    Some(e) => sp((*e).clone()),
                    None => differ(Some(&step.env), w.word),
                };
            }
            2 => step.kind = sp(other(Kind::ALL, step.kind.value, w.pick)),
            3 => step.title = Some(differ(step.title.as_ref(), w.word)),
            4 => step.to = Some(differ(step.to.as_ref(), ".1")),
            5 => {
                let d = step
                    .duration
                    .as_ref()
                    .map_or(jiff::SignedDuration::ZERO, |d| d.value);
                step.duration = Some(sp(d + w.hours));
            }
            6 => step.not_before = Some(later(step.not_before.as_ref(), w.hours)),
            7 => step.owner = Some(differ(step.owner.as_ref(), w.word)),
            14 => step.deadline = Some(Box::new(later(step.deadline.as_deref(), w.hours))),
            15 => step.started = Some(Box::new(later(step.started.as_deref(), w.hours))),
            16 => step.finished = Some(Box::new(later(step.finished.as_deref(), w.hours))),
            8 => step.status = Some(sp(other(Status::ALL, step.status(), w.pick))),
            9 => step.evidence = Some(Box::new(differ(step.evidence.as_deref(), w.word))),
            10 => {
                step.operators_csv = Some(Box::new(differ(step.operators_csv.as_deref(), w.word)));
            }
            11 => {
                let mut allow = step.allow_operators.clone().unwrap_or_default();
                allow.push(sp(w.word.to_owned()));
                step.allow_operators = Some(allow);
            }
            12 => {
                let mut after = step.after.clone().unwrap_or_default();
                let candidates: Vec<&String> = step_ids
                    .iter()
                    .filter(|x| **x != step.id.value && !after.iter().any(|a| a.value == **x))
                    .collect();
                match candidates.get(w.pick % candidates.len().max(1)) {
                    Some(x) if after.is_empty() || w.pick.is_multiple_of(2) => {
                        after.push(sp((*x).clone()));
                    }
                    _ if !after.is_empty() => {
                        after.remove(w.pick % after.len());
                    }
                    _ => after.push(sp(format!("{}-missing", w.word))),
                }
                step.after = Some(after);
            }
            _ => step.notes = Some(differ(step.notes.as_ref(), w.word)),
        }
    }

    /// Add a holiday, or a working day, or change the working hours.
    fn mutate_calendar(cal: &mut Calendar, w: &With<'_>) {
        match w.pick % 3 {
            0 => {
                let day = jiff::civil::date(2030, 1, 1)
                    .checked_add(jiff::Span::new().days(w.hours.as_hours()))
                    .unwrap();
                cal.holidays.get_or_insert_with(Vec::new).push(sp(day));
            }
            1 => {
                let days = cal.working_days.get_or_insert_with(Vec::new);
                if days.pop().is_none() {
                    days.push(sp(Weekday::ALL[w.pick % Weekday::ALL.len()]));
                }
            }
            _ => {
                let now = cal.working_hours.as_ref().map(|h| h.value);
                let from = jiff::civil::time(7, 0, 0, 0);
                let hours = Hours { from, to: None };
                let other = Hours {
                    from: jiff::civil::time(9, 0, 0, 0),
                    to: None,
                };
                cal.working_hours = Some(sp(if now == Some(hours) { other } else { hours }));
            }
        }
    }

    fn mutate_operator(ops: &mut Vec<Operator>, index: usize, field: usize, w: &With<'_>) {
        let op = &mut ops[index];
        match field {
            0 => op.name = differ(Some(&op.name), w.word),
            1 => op.instance = sp(other(Instance::ALL, op.instance.value, w.pick)),
            2 => op.credential = sp(other(Credential::ALL, op.credential.value, w.pick)),
            3 => op.profile = Some(differ(op.profile.as_ref(), w.word)),
            _ => {
                ops.remove(index);
            }
        }
    }

    fn plans() -> Vec<Plan> {
        example_plans()
            .iter()
            .map(|p| {
                let text = std::fs::read_to_string(p).unwrap();
                check_text("p.yaml", &text, p.parent(), &Limits::default())
                    .plan
                    .expect("example plans load")
            })
            .collect()
    }

    /// Mutate one field and check that `diff` reports a change. A mutation that makes
    /// the graph cyclic is skipped: `diff` only ever sees valid plans.
    fn reported(plan: &Plan, site: Site, word: &str, pick: usize, seed: i64) -> Result<(), String> {
        let mut new = plan.clone();
        mutate(&mut new, site, word, pick, seed);
        let (g_old, g_new) = (Graph::build(plan), Graph::build(&new));
        if !g_new.is_acyclic() {
            return Ok(());
        }
        let d = diff(
            &Side {
                plan,
                graph: &g_old,
            },
            &Side {
                plan: &new,
                graph: &g_new,
            },
        );
        if d.is_empty() {
            Err(format!(
                "{site:?} ({word:?}, {pick}, {seed}): no change reported"
            ))
        } else {
            Ok(())
        }
    }

    #[test]
    fn every_site_of_every_example_plan_is_reported() {
        for plan in plans() {
            for site in sites(&plan) {
                for pick in 0..3 {
                    reported(&plan, site, "x", pick, 1).unwrap();
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        #[test]
        fn any_single_field_mutation_is_reported(
            which in 0usize..16,
            site in 0usize..10_000,
            word in "[a-z0-9][a-z0-9 ._-]{0,11}",
            pick in 0usize..8,
            seed in any::<i64>(),
        ) {
            let plans = plans();
            let plan = &plans[which % plans.len()];
            let sites = sites(plan);
            let site = sites[site % sites.len()];
            let result = reported(plan, site, &word, pick, seed);
            prop_assert!(result.is_ok(), "{:?}", result);
        }
    }
}
