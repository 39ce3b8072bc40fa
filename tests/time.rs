//! Time as a migration lead lives it (issue 16, SPEC §11.4–§11.6): time zones, working
//! calendars, Adobe's upgrade days, deadlines, forecasts from actuals, calendar export.

use jiff::Timestamp;
use jiff::civil::Weekday;
use jiff::tz::TimeZone;
use serde_json::Value;

use crate::common::{PlanFile, imsplan, path};

/// The "done when" plan: Paris, Mon–Fri 08:00–18:00, a Christmas freeze, a managed
/// production upgrade whose `not-before` is a Friday, a deadline.
const PARIS: &str = "tests/cases/ims019_friday_production_upgrade.yaml";

fn run(args: &[&str]) -> (i32, String, String) {
    let out = imsplan().args(args).output().expect("imsplan runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn plan_json(file: &str, extra: &[&str]) -> Value {
    let mut args = vec!["plan", "--format", "json", file];
    args.extend_from_slice(extra);
    let (code, out, err) = run(&args);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).expect("json")
}

fn step<'a>(doc: &'a Value, id: &str) -> &'a Value {
    doc["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == id)
        .unwrap_or_else(|| panic!("no step {id}"))
}

fn time(v: &Value) -> Timestamp {
    v.as_str().unwrap().parse().unwrap()
}

fn paris() -> TimeZone {
    TimeZone::get("Europe/Paris").unwrap()
}

#[test]
fn paris_plan_schedules_inside_working_time_with_offsets() {
    let doc = plan_json(PARIS, &[]);
    assert_eq!(doc["timezone"], "Europe/Paris");
    for s in doc["steps"].as_array().unwrap() {
        let text = s["start"].as_str().unwrap();
        // RFC 3339 with the zone's offset (winter: +01:00).
        assert!(text.ends_with("+01:00"), "{text}");
        let local = time(&s["start"]).to_zoned(paris());
        assert!(
            !matches!(local.weekday(), Weekday::Saturday | Weekday::Sunday),
            "{} starts on a weekend: {text}",
            s["id"]
        );
        assert!(
            (8..18).contains(&local.hour()),
            "{} starts outside 08-18: {text}",
            s["id"]
        );
    }
    // The Friday `not-before` of the production upgrade moves to Monday 08:00.
    let up = step(&doc, "upgrade-prod");
    assert_eq!(up["start"], "2026-12-14T08:00:00+01:00");
    assert!(
        up["moved"]["reason"]
            .as_str()
            .unwrap()
            .contains("Monday to Thursday")
    );
    // The deadline outcome.
    let d = &doc["schedule"]["deadline"];
    assert_eq!(d["met"], true);
    assert_eq!(d["at"], "2027-03-31T18:00:00+02:00");
    assert!(step(&doc, "restrictions-prod")["deadline_slack"].is_string());
    // The critical path spans the real schedule, waits included: the production upgrade
    // waited for its window after the stage upgrade, and the chain goes on through it.
    let chain: Vec<&str> = doc["critical_path"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert_eq!(
        chain,
        [
            "upgrade-stage",
            "upgrade-prod",
            "users-prod",
            "operators-prod",
            "restrictions-prod"
        ]
    );
    assert_eq!(
        step(&doc, "upgrade-stage")["start"],
        doc["schedule"]["start"]
    );
    let start = time(&doc["schedule"]["start"]);
    let finish = time(&doc["schedule"]["finish"]);
    let span = jiff::SignedDuration::from_secs(finish.as_second() - start.as_second());
    assert_eq!(
        doc["critical_path"]["duration"],
        format!("PT{}H", span.as_hours())
    );
}

#[test]
fn paris_plan_text_and_warning() {
    let (code, out, err) = run(&["plan", PARIS]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("Mon 2026-12-14 08:00 +01:00 → Mon 2026-12-14 12:00 +01:00"),
        "{out}"
    );
    assert!(
        out.contains("before the deadline (Wed 2027-03-31 18:00 +02:00)"),
        "{out}"
    );
    assert!(err.contains("IMS019"), "{err}");
    let (_, out, _) = run(&["validate", "--format", "short", PARIS]);
    assert!(
        out.contains("warning[IMS019]") && out.contains("2026-12-14T08:00:00+01:00"),
        "{out}"
    );
}

#[test]
fn late_plan_says_by_how_much() {
    let file = "tests/cases/ims020_deadline_missed.yaml";
    let (_, out, _) = run(&["plan", file]);
    assert!(out.contains("late by 6d 16h (deadline"), "{out}");
    let doc = plan_json(file, &[]);
    assert_eq!(doc["schedule"]["deadline"]["met"], false);
    assert_eq!(doc["schedule"]["deadline"]["slack"], "-PT160H");
    let (_, md, _) = run(&["runbook", file]);
    assert!(md.contains("late by 6d 16h"), "{md}");
}

#[test]
fn working_hours_across_the_change_to_summer_time() {
    let file = PlanFile::new(
        "format: 1
name: dst
timezone: Europe/Paris
start: 2027-03-26T17:00:00+01:00
calendar:
  working-days: [mon, tue, wed, thu, fri]
  working-hours: \"08:00-18:00\"
environments:
  stage: {role: stage, hosting: on-premise, version: 7.4.1}
steps:
  - {id: users, env: stage, kind: migrate-users, duration: 2h}
  - {id: operators, env: stage, kind: migrate-operators, duration: 1h}
  - {id: restrictions, env: stage, kind: enable-restrictions, duration: 1h}
",
    );
    let doc = plan_json(file.arg(), &[]);
    // Friday 17:00 (winter time) → 19:00: operators waits for Monday 08:00 summer time.
    assert_eq!(step(&doc, "users")["start"], "2027-03-26T17:00:00+01:00");
    assert_eq!(step(&doc, "users")["finish"], "2027-03-26T19:00:00+01:00");
    assert_eq!(
        step(&doc, "operators")["start"],
        "2027-03-29T08:00:00+02:00"
    );
    assert_eq!(
        step(&doc, "restrictions")["finish"],
        "2027-03-29T10:00:00+02:00"
    );
}

#[test]
fn plans_without_time_settings_keep_utc() {
    let doc = plan_json(path("plans/acme-managed.yaml").to_str().unwrap(), &[]);
    assert!(doc.get("timezone").is_none());
    assert!(doc["schedule"].get("deadline").is_none());
    assert_eq!(doc["schedule"]["start"], "2026-12-07T08:00:00Z");
}

#[test]
fn bad_time_settings_are_p002() {
    let file = PlanFile::new(
        "format: 1
name: bad
timezone: Europe/Pariss
calendar:
  working-days: [mon, tue, wed, thu, fry]
  working-hours: \"18:00-08:00\"
  holidays: [2026-13-01]
  freezes:
    - {from: 2027-01-04, to: 2026-12-19}
environments:
  stage: {role: stage, hosting: on-premise, version: 7.4.1}
steps:
  - {id: users, env: stage, kind: migrate-users, deadline: soon}
  - {id: operators, env: stage, kind: migrate-operators}
  - {id: restrictions, env: stage, kind: enable-restrictions}
",
    );
    let (code, out, _) = run(&["validate", "--format", "short", file.arg()]);
    assert_eq!(code, 1);
    for want in [
        "`Europe/Pariss` is not a known time zone",
        "`fry` is not a valid `working-days`",
        "`18:00-08:00` is not a range of working hours",
        "`2026-13-01` is not a date",
        "the freeze ends on 2026-12-19 before it begins on 2027-01-04",
        "`soon` is not a date and time",
    ] {
        assert!(out.contains(want), "missing {want:?} in\n{out}");
    }
    assert!(out.lines().all(|l| l.contains("error[P002]")), "{out}");
}

#[test]
fn mark_at_writes_started_and_finished_and_nothing_else() {
    let paris = PlanFile::copy(PARIS);
    let file = paris.arg();
    let before = paris.text();
    let (code, out, err) = run(&[
        "mark",
        file,
        "upgrade-stage",
        "--status",
        "in-progress",
        "--at",
        "2026-11-30T08:10",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("started 2026-11-30T08:10:00+01:00"), "{out}");
    let (code, _, err) = run(&[
        "mark",
        file,
        "upgrade-stage",
        "--status",
        "done",
        "--at",
        "2026-11-30T12:30:00Z",
    ]);
    assert_eq!(code, 0, "{err}");
    let after = paris.text();
    let want = before.replace(
        "  - {id: upgrade-stage, env: stage, kind: upgrade, to: 7.4.1, duration: 4h}",
        "  - {id: upgrade-stage, env: stage, kind: upgrade, to: 7.4.1, duration: 4h, status: done, started: \"2026-11-30T08:10:00+01:00\", finished: \"2026-11-30T13:30:00+01:00\"}",
    );
    assert_ne!(want, before);
    assert_eq!(after, want);
    // `--at` needs a status that records a time.
    let (code, _, err) = run(&[
        "mark",
        file,
        "users-stage",
        "--status",
        "skipped",
        "--at",
        "2026-11-30T08:10",
    ]);
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = run(&[
        "mark",
        file,
        "users-stage",
        "--status",
        "done",
        "--at",
        "yesterday",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("is not a time"), "{err}");
}

#[test]
fn forecast_from_actuals_and_now() {
    let paris = PlanFile::copy(PARIS);
    let file = paris.arg();
    // The stage upgrade ran late: started Tuesday, done Wednesday noon.
    for (status, at) in [
        ("in-progress", "2026-12-01T09:00"),
        ("done", "2026-12-02T12:00"),
    ] {
        let (code, _, err) = run(&[
            "mark",
            file,
            "upgrade-stage",
            "--status",
            status,
            "--at",
            at,
        ]);
        assert_eq!(code, 0, "{err}");
    }
    let doc = plan_json(file, &["--now", "2026-12-02T12:00:00+01:00"]);
    let up = step(&doc, "upgrade-stage");
    assert_eq!(up["start"], "2026-12-01T09:00:00+01:00");
    assert_eq!(up["finish"], "2026-12-02T12:00:00+01:00");
    // The rest starts no earlier than now; the stage steps slip against the baseline.
    let users = step(&doc, "users-stage");
    assert_eq!(users["start"], "2026-12-02T12:00:00+01:00");
    assert_eq!(users["baseline_start"], "2026-11-30T12:00:00+01:00");
    let f = &doc["schedule"]["forecast"];
    assert_eq!(f["now"], "2026-12-02T12:00:00+01:00");
    assert!(f["slip"].is_string());
    let (_, text, _) = run(&["plan", file, "--now", "2026-12-02T12:00:00+01:00"]);
    assert!(
        text.contains("forecast from Wed 2026-12-02 12:00 +01:00"),
        "{text}"
    );
    let (_, md, _) = run(&["runbook", file, "--now", "2026-12-02T12:00:00+01:00"]);
    assert!(
        md.contains("forecast from Wed 2026-12-02 12:00 +01:00"),
        "{md}"
    );
}

#[test]
fn next_lists_only_open_windows_and_flags_overdue() {
    let paris = PlanFile::copy(PARIS);
    let file = paris.arg();
    // Sunday night: nothing is open yet; the upgrade opens Monday 08:00.
    let (code, out, err) = run(&["next", file, "--now", "2026-11-29T22:00"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("none right now"), "{out}");
    assert!(
        out.contains("upgrade-stage                opens Mon 2026-11-30 08:00 +01:00"),
        "{out}"
    );
    // Monday 09:00: open.
    let (_, out, _) = run(&[
        "next",
        "--format",
        "json",
        file,
        "--now",
        "2026-11-30T09:00",
    ]);
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["ready"][0]["id"], "upgrade-stage");
    assert_eq!(doc["waiting"].as_array().unwrap().len(), 0);
    // Started at 08:00 for 4h; at 14:00 it is overdue.
    run(&[
        "mark",
        file,
        "upgrade-stage",
        "--status",
        "in-progress",
        "--at",
        "2026-11-30T08:00",
    ]);
    let (_, out, _) = run(&[
        "next",
        "--format",
        "json",
        file,
        "--now",
        "2026-11-30T14:00",
    ]);
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["overdue"][0]["id"], "upgrade-stage");
    assert!(
        doc["overdue"][0]["overdue"]
            .as_str()
            .unwrap()
            .contains("Mon 2026-11-30 12:00 +01:00")
    );
    // Stage done: the production upgrade waits for Monday 14 December (its Friday
    // window moves: Adobe does not upgrade production on a Friday).
    run(&[
        "mark",
        file,
        "upgrade-stage",
        "--status",
        "done",
        "--at",
        "2026-11-30T12:00",
    ]);
    let (_, out, _) = run(&[
        "next",
        "--format",
        "json",
        file,
        "--now",
        "2026-12-11T10:00",
    ]);
    let doc: Value = serde_json::from_str(&out).unwrap();
    let waiting = &doc["waiting"][0];
    assert_eq!(waiting["id"], "upgrade-prod");
    assert_eq!(waiting["opens"], "2026-12-14T08:00:00+01:00");
}

#[test]
fn a_deadline_may_be_a_day() {
    let file = PlanFile::new(
        "format: 1
name: day
timezone: Europe/Paris
start: 2027-03-29T08:00:00+02:00
deadline: 2027-03-31
environments:
  stage: {role: stage, hosting: on-premise, version: 7.4.1, deadline: \"2027-03-30\"}
steps:
  - {id: users, env: stage, kind: migrate-users, duration: 2h, deadline: 2027-03-29}
  - {id: operators, env: stage, kind: migrate-operators, duration: 1h}
  - {id: restrictions, env: stage, kind: enable-restrictions, duration: 1h}
",
    );
    let (code, _, err) = run(&["validate", file.arg()]);
    assert_eq!(code, 0, "{err}");
    // The end of that day in the plan's zone: the next day's midnight, Paris time.
    let doc = plan_json(file.arg(), &[]);
    assert_eq!(
        doc["schedule"]["deadline"]["at"],
        "2027-04-01T00:00:00+02:00"
    );
    assert_eq!(step(&doc, "users")["deadline"], "2027-03-30T00:00:00+02:00");
    // The environment's day (quoted) binds the steps before it too.
    assert_eq!(
        step(&doc, "restrictions")["finish"],
        "2027-03-29T12:00:00+02:00"
    );
    assert_eq!(
        step(&doc, "restrictions")["deadline"],
        "2027-03-31T00:00:00+02:00"
    );
    assert_eq!(step(&doc, "restrictions")["deadline_slack"], "PT36H");
    // The schema accepts a day and a date and time, and nothing else.
    let schema: Value =
        serde_json::from_slice(&imsplan().arg("schema").output().unwrap().stdout).unwrap();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    let plan = |deadline: &str| {
        serde_json::json!({
            "format": 1, "name": "day", "deadline": deadline,
            "environments": {"stage": {"role": "stage", "hosting": "on-premise", "version": "7.4.1"}},
            "steps": [{"id": "users", "env": "stage", "kind": "migrate-users"}]
        })
    };
    assert!(validator.is_valid(&plan("2027-03-31")));
    assert!(validator.is_valid(&plan("2027-03-31T18:00:00+02:00")));
    assert!(!validator.is_valid(&plan("soon")));
}

#[test]
fn mark_refuses_a_step_before_its_window_opens() {
    let paris = PlanFile::copy(PARIS);
    let file = paris.arg();
    let mark = |args: &[&str]| {
        let mut all = vec!["mark", file];
        all.extend_from_slice(args);
        run(&all)
    };
    let (code, _, err) = mark(&[
        "upgrade-stage",
        "--status",
        "done",
        "--at",
        "2026-11-30T12:00",
    ]);
    assert_eq!(code, 0, "{err}");
    let before = paris.text();
    // The production upgrade may not start before Friday 11 December 09:00 (and Adobe
    // moves it to Monday 14 December): on the 10th its window is not open.
    for status in ["in-progress", "done"] {
        let (code, _, err) = mark(&[
            "upgrade-prod",
            "--status",
            status,
            "--at",
            "2026-12-10T09:00",
        ]);
        assert_eq!(code, 2, "{err}");
        assert!(
            err.contains("may not start before 2026-12-11T09:00:00+01:00")
                && err.contains("its window opens Mon 2026-12-14 08:00 +01:00"),
            "{err}"
        );
        assert!(err.contains("--ignore-window"), "{err}");
        assert_eq!(paris.text(), before, "nothing written");
    }
    // Forced, it records what really happened.
    let (code, _, err) = mark(&[
        "upgrade-prod",
        "--status",
        "in-progress",
        "--at",
        "2026-12-10T09:00",
        "--ignore-window",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(paris.text().contains("2026-12-10T09:00:00+01:00"));
    // Once the window is open, no flag is needed.
    let fresh = PlanFile::copy(PARIS);
    for (step, at) in [
        ("upgrade-stage", "2026-11-30T12:00"),
        ("upgrade-prod", "2026-12-14T09:00"),
    ] {
        let (code, _, err) = run(&["mark", fresh.arg(), step, "--status", "done", "--at", at]);
        assert_eq!(code, 0, "{err}");
    }
}

#[test]
fn diff_shows_times_in_the_plan_zone() {
    let old = PlanFile::copy(PARIS);
    let new = PlanFile::named(
        "new.yaml",
        &old.text().replace(
            "not-before: 2026-12-11T09:00:00+01:00",
            "not-before: 2026-12-10T09:00:00Z",
        ),
    );
    let (code, out, err) = run(&["diff", old.arg(), new.arg()]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("2026-12-11T09:00:00+01:00 → 2026-12-10T10:00:00+01:00"),
        "{out}"
    );
    assert!(!out.contains("08:00:00Z"), "{out}");
}
