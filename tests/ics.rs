//! `imsplan calendar` (SPEC §11.6): the `.ics` output read back by an independent
//! iCalendar parser, Python's `icalendar` package (from the Python package index) (`.ci/run` installs it).

use serde_json::Value;

use crate::common::{PlanFile, imsplan, path};

/// Parse `file` with Python's `icalendar`; its events as JSON.
fn read_ics(file: &std::path::Path) -> Vec<Value> {
    let out = std::process::Command::new("python3")
        .arg(path("tests/ics/read.py"))
        .arg(file)
        .output()
        .expect("python3 runs (CI installs the `icalendar` package)");
    assert!(
        out.status.success(),
        "the Python `icalendar` parser refused the file (pip install icalendar):\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice::<Value>(&out.stdout)
        .expect("json")
        .as_array()
        .unwrap()
        .clone()
}

fn utc(v: &Value) -> String {
    let t: jiff::Timestamp = v.as_str().unwrap().parse().unwrap();
    t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn check_plan(plan: &str, extra: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let ics = dir.path().join("out.ics");
    let out = imsplan()
        .args(["calendar", plan, "-o"])
        .arg(&ics)
        .args(extra)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let events = read_ics(&ics);
    let json = imsplan()
        .args(["plan", "--format", "json", plan])
        .args(extra)
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&json.stdout).unwrap();
    let name = doc["name"].as_str().unwrap();
    let scheduled: Vec<&Value> = doc["steps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| !s["duration"].is_null())
        .collect();
    assert_eq!(
        events.len(),
        scheduled.len(),
        "one event per step with a duration"
    );
    for s in scheduled {
        let uid = format!("{name}/{}", s["id"].as_str().unwrap());
        let ev = events
            .iter()
            .find(|e| e["uid"] == uid.as_str())
            .unwrap_or_else(|| panic!("no event {uid}"));
        assert_eq!(ev["start"], utc(&s["start"]), "{uid} start");
        assert_eq!(ev["end"], utc(&s["finish"]), "{uid} end");
        // With a `timezone`: local times in that zone, and the file's own VTIMEZONE
        // gives the same instants; without one: UTC.
        match doc["timezone"].as_str() {
            Some(zone) => {
                assert_eq!(ev["tzid"], zone, "{uid} TZID");
                assert_eq!(ev["start_own"], utc(&s["start"]), "{uid} start (VTIMEZONE)");
                assert_eq!(ev["end_own"], utc(&s["finish"]), "{uid} end (VTIMEZONE)");
            }
            None => assert!(ev["tzid"].is_null(), "{uid} in UTC"),
        }
        assert!(
            ev["summary"]
                .as_str()
                .unwrap()
                .starts_with(s["id"].as_str().unwrap())
        );
        assert!(
            ev["description"].as_str().unwrap().contains("Who acts:"),
            "{uid}"
        );
        let want = match s["status"].as_str().unwrap() {
            "done" => Value::from("CONFIRMED"),
            "skipped" => Value::from("CANCELLED"),
            _ => Value::Null,
        };
        assert_eq!(ev["status"], want, "{uid} status");
    }
}

#[test]
fn ics_imports_into_an_independent_parser() {
    for plan in [
        "tests/cases/ims019_friday_production_upgrade.yaml",
        "tests/cases/ims020_ok_in_time_and_done.yaml",
        "plans/acme-managed.yaml",
        "plans/globex-onprem.yaml",
    ] {
        check_plan(path(plan).to_str().unwrap(), &[]);
    }
}

#[test]
fn local_times_across_a_change_of_offset() {
    // Paris, a week from winter into summer time (28 March 2027): the VTIMEZONE must
    // carry both offsets for the events on each side to read right.
    let plan = PlanFile::new(
        "format: 1
name: dst
timezone: Europe/Paris
start: 2027-03-25T09:00:00+01:00
environments:
  stage: {role: stage, hosting: on-premise, version: 7.4.1}
steps:
  - {id: users, env: stage, kind: migrate-users, duration: 2h}
  - {id: operators, env: stage, kind: migrate-operators, duration: 4d}
  - {id: restrictions, env: stage, kind: enable-restrictions, duration: 1h}
",
    );
    check_plan(plan.arg(), &[]);
    let out = imsplan().args(["calendar", plan.arg()]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("DTSTART;TZID=Europe/Paris:20270325T090000")
            && text.contains("DTEND;TZID=Europe/Paris:20270329T120000"),
        "{text}"
    );
    assert!(
        text.contains("TZOFFSETFROM:+0100") && text.contains("TZOFFSETTO:+0200"),
        "{text}"
    );
}

#[test]
fn done_and_skipped_steps_have_their_status() {
    let paris = PlanFile::copy("tests/cases/ims019_friday_production_upgrade.yaml");
    let f = paris.arg();
    for args in [
        &[
            "upgrade-stage",
            "--status",
            "done",
            "--at",
            "2026-11-30T12:00",
        ][..],
        &["users-stage", "--status", "skipped"][..],
    ] {
        let out = imsplan().arg("mark").arg(f).args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    check_plan(f, &["--now", "2026-11-30T12:00"]);
    let out = imsplan()
        .args(["calendar", f, "--now", "2026-11-30T12:00"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("STATUS:CONFIRMED") && text.contains("STATUS:CANCELLED"),
        "{text}"
    );
}

#[test]
fn ics_is_stable_and_filters_environments() {
    let plan = path("tests/cases/ims019_friday_production_upgrade.yaml");
    let run = |extra: &[&str]| {
        let out = imsplan()
            .arg("calendar")
            .arg(&plan)
            .args(extra)
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    let a = run(&[]);
    assert_eq!(
        a,
        run(&[]),
        "same output on every run (stable UID and DTSTAMP)"
    );
    assert!(a.contains("UID:paris/upgrade-prod"));
    let prod = run(&["--env", "prod"]);
    assert!(prod.contains("UID:paris/upgrade-prod") && !prod.contains("UID:paris/upgrade-stage"));
    // A plan without a schedule is a usage error.
    let out = imsplan()
        .arg("calendar")
        .arg(path("plans/initech-hybrid-v8.yaml"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
