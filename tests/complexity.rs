//! Complexity guard (issue 8): the work the checks do (graph edges and visits, rule
//! look-ups, did-you-mean comparisons, environment scans; counted by `imsplan::work`)
//! grows linearly with plan size. Nothing is timed, so the test is stable on any
//! machine; a quadratic pass (a per-step scan of all steps or environments) makes the
//! work per step grow with the plan and fails it.

// Test inputs are built with `push_str(&format!(…))`: clearer than `write!` here.
#![allow(clippy::format_push_string)]

use imsplan::check;
use imsplan::load::Limits;
use imsplan::rules::Code;

/// A plan of `envs` environments × 5 steps, in programmes of development → stage →
/// production, with explicit edges, and mistakes that make every rule family work:
/// unknown `after` items (did-you-mean), unknown environments, duplicate ids, and one
/// explicit cycle.
fn plan(envs: usize) -> String {
    let roles = ["development", "stage", "production"];
    let id = |i: usize| format!("{}-{i}", &roles[i % 3][..4]);
    let mut y = String::from("format: 1\nname: scale\nenvironments:\n");
    for i in 0..envs {
        y.push_str(&format!(
            "  {}:\n    role: {}\n    hosting: managed\n    version: 7.3.5\n",
            id(i),
            roles[i % 3]
        ));
        if i % 3 == 0 {
            y.push_str("    after: []\n");
        } else {
            y.push_str(&format!("    after: [{}]\n", id(i - 1)));
        }
    }
    y.push_str("steps:\n");
    for i in 0..envs {
        let e = id(i);
        let kinds = [
            ("upgrade", "    to: 7.4.1\n".to_owned()),
            ("migrate-users", format!("    after: [upgrade-{e}]\n")),
            ("migrate-operators", String::new()),
            ("enable-restrictions", String::new()),
        ];
        for (kind, extra) in kinds {
            y.push_str(&format!(
                "  - id: {kind}-{e}\n    env: {e}\n    kind: {kind}\n{extra}"
            ));
        }
        // Custom step: an explicit chain, a typo every 5th environment, an unknown
        // environment every 25th, a duplicate id every 50th.
        let step_id = if i % 50 == 49 {
            format!("upgrade-{e}")
        } else {
            format!("announce-{e}")
        };
        let env = if i % 25 == 24 {
            format!("{e}-typo")
        } else {
            e.clone()
        };
        let mut after = vec![format!("enable-restrictions-{e}")];
        if i % 3 != 0 {
            after.push(format!("announce-{}", id(i - 1)));
        }
        if i % 5 == 4 {
            after.push(format!("anounce-{e}"));
        }
        y.push_str(&format!(
            "  - id: {step_id}\n    env: {env}\n    kind: custom\n    title: t\n    after: [{}]\n",
            after.join(", ")
        ));
    }
    // One cycle: the first custom step also waits for the last one of its programme.
    y.push_str(&format!(
        "  - id: loop-a\n    env: {0}\n    kind: custom\n    title: t\n    after: [loop-b]\n  - id: loop-b\n    env: {0}\n    kind: custom\n    title: t\n    after: [loop-a]\n",
        id(0)
    ));
    y
}

/// Work counted for checking a plan of `envs` environments, and its step count.
fn work(envs: usize) -> (u64, usize) {
    let text = plan(envs);
    imsplan::work::take();
    let checked = check::check_text("scale.yaml", &text, None, &Limits::default());
    let work = imsplan::work::take();
    let plan = checked.plan.as_ref().expect("the plan loads");
    // The plan really exercises the rules the guard is about.
    for code in [Code::P003, Code::P004, Code::P005, Code::P006] {
        assert!(
            checked.findings.iter().any(|f| f.code == code),
            "{code} missing at {envs} environments"
        );
    }
    (work, plan.steps.len())
}

#[test]
fn work_grows_linearly_with_plan_size() {
    // From 400 environments on, the 64 did-you-mean hints (`MAX_HINTS`) are all used,
    // so their bounded cost is the same share of every size.
    let sizes = [400, 800, 1_600];
    let per_step: Vec<f64> = sizes
        .iter()
        .map(|&envs| {
            let (w, steps) = work(envs);
            assert!(w > 0, "nothing counted");
            #[allow(clippy::cast_precision_loss)]
            let r = w as f64 / steps as f64;
            r
        })
        .collect();
    let first = per_step[0];
    for (envs, r) in sizes.iter().zip(&per_step) {
        assert!(
            *r <= first * 1.25,
            "work per step grows with size: {per_step:?} for {sizes:?} environments (at {envs})"
        );
    }
}

#[test]
fn the_guard_can_fail() {
    // A deliberately quadratic pass, counted the same way, is caught by the same
    // comparison: scanning every environment for every step.
    let quadratic = |envs: usize| {
        let text = plan(envs);
        let checked = check::check_text("scale.yaml", &text, None, &Limits::default());
        let plan = checked.plan.expect("loads");
        imsplan::work::take();
        for s in &plan.steps {
            for e in &plan.environments {
                imsplan::work::add(1);
                if e.id.value == s.env.value {
                    break;
                }
            }
        }
        #[allow(clippy::cast_precision_loss)]
        let r = imsplan::work::take() as f64 / plan.steps.len() as f64;
        r
    };
    assert!(quadratic(800) > quadratic(200) * 1.25);
}

/// A plan of `steps` migrate-users steps, each naming `exports/ops.csv` when `csv`.
fn csv_plan(steps: usize, csv: bool) -> String {
    let mut y = String::from(
        "format: 1\nname: csv\nenvironments:\n  stage:\n    role: stage\n    hosting: managed\n    version: 7.4.1\nsteps:\n",
    );
    for i in 0..steps {
        y.push_str(&format!(
            "  - id: users-{i}\n    env: stage\n    kind: migrate-users\n"
        ));
        if csv {
            // Spelled two ways: the cache is by canonical path, not by text.
            let p = if i % 2 == 0 {
                "exports/ops.csv"
            } else {
                "./exports/../exports/ops.csv"
            };
            y.push_str(&format!("    operators-csv: {p}\n"));
        }
    }
    y
}

#[test]
fn each_operators_csv_is_read_once() {
    // Issue 15 item 12: 200 steps naming one export read it 200 times. The bytes read
    // are counted as work: naming it from every step must add about one read.
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join("exports")).expect("exports");
    let mut csv = String::from("name,email,type\n");
    for i in 0..4_000 {
        csv.push_str(&format!("op{i},op{i}@example.com,native\n"));
    }
    // One row without an email: its finding must be reported once, not per step.
    csv.push_str("nomail,,native\n");
    std::fs::write(dir.path().join("exports/ops.csv"), &csv).expect("csv");
    let run = |csv: bool| {
        let text = csv_plan(200, csv);
        imsplan::work::take();
        let checked = check::check_text("p.yaml", &text, Some(dir.path()), &Limits::default());
        (imsplan::work::take(), checked)
    };
    let (without, _) = run(false);
    let (with, checked) = run(true);
    let extra = with.saturating_sub(without);
    assert!(
        extra >= csv.len() as u64 && extra < 2 * csv.len() as u64,
        "naming one {} byte export from 200 steps added {extra} units of work",
        csv.len()
    );
    let in_csv = checked
        .findings
        .iter()
        .filter(|f| f.code == Code::IMS015 && f.source != 0)
        .count();
    assert_eq!(in_csv, 1, "{:#?}", checked.findings);
    assert_eq!(checked.sources.len(), 2, "the export is one source");
}

/// Work counted for checking `text` (nodes kept in a YAML tree count as work).
fn work_of(text: &str) -> (u64, check::Checked) {
    imsplan::work::take();
    let checked = check::check_text("ext.yaml", text, None, &Limits::default());
    (imsplan::work::take(), checked)
}

#[test]
fn extension_values_keep_no_tree() {
    // Issue 15 item 14: 60 MB of `x-k: [1, 1, …]` took 31 s and 2.1 GB, every item
    // kept as a located node. `x-` values are the user's own data: they are walked for
    // secrets while parsing and kept as nothing, at the top level, in an environment and
    // in a step alike.
    let items = vec!["1"; 50_000].join(", ");
    let plain = plan(3);
    let with = plain
        .replacen(
            "environments:\n",
            &format!("x-top: [{items}]\nenvironments:\n"),
            1,
        )
        .replacen(
            "    hosting: managed\n",
            &format!("    hosting: managed\n    x-env: {{a: [{items}]}}\n"),
            1,
        )
        .replacen(
            "    kind: upgrade\n",
            &format!("    kind: upgrade\n    x-step:\n      - [{items}]\n"),
            1,
        );
    assert_eq!(with.matches(&items).count(), 3);
    let ((plain, a), (with, b)) = (work_of(&plain), work_of(&with));
    assert_eq!(a.findings.len(), b.findings.len(), "{:?}", b.findings);
    assert!(b.plan.is_some(), "{:?}", b.findings);
    assert!(
        with < plain + 100,
        "x- values were kept: work {with} with them, {plain} without"
    );
    // The guard can fail: the same items under a key that is not an extension are
    // kept (and reported as an unknown key), and counted.
    let kept = self::plan(3).replacen(
        "environments:\n",
        &format!("y-top: [{items}]\nenvironments:\n"),
        1,
    );
    let (kept, _) = work_of(&kept);
    assert!(kept >= 50_000, "{kept} vs {plain}");
}
