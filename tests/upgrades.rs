//! Every path Adobe allows (issue 12, SPEC §11.1–§11.3): late and repeated upgrades,
//! effective versions along the graph in every output, v8 environments, instance
//! roles, and "history is not advice".

use imsplan::check::{Checked, check_text};
use imsplan::code::Code;
use imsplan::diagnostic::Severity;
use imsplan::load::Limits;

use crate::common::{PlanFile, imsplan};

/// The worked example of SPEC §11.1: stage and prod on 7.3.5; per environment users →
/// operators → upgrade 7.4.1 (after the operators) → restrictions.
const WORKED: &str = "format: 1
name: late-upgrade
environments:
  stage: {role: stage, hosting: managed, version: 7.3.5}
  prod: {role: production, hosting: managed, version: 7.3.5}
steps:
  - {id: users-stage, env: stage, kind: migrate-users}
  - {id: operators-stage, env: stage, kind: migrate-operators}
  - {id: upgrade-stage, env: stage, kind: upgrade, to: 7.4.1, after: [operators-stage]}
  - {id: restrictions-stage, env: stage, kind: enable-restrictions}
  - {id: users-prod, env: prod, kind: migrate-users}
  - {id: operators-prod, env: prod, kind: migrate-operators}
  - {id: upgrade-prod, env: prod, kind: upgrade, to: 7.4.1, after: [operators-prod]}
  - {id: restrictions-prod, env: prod, kind: enable-restrictions}
";

fn check(text: &str) -> Checked {
    check_text("plan.yaml", text, None, &Limits::default())
}

fn codes(c: &Checked) -> Vec<Code> {
    c.findings.iter().map(|f| f.code).collect()
}

fn errors(c: &Checked) -> Vec<(Code, String)> {
    c.findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| (f.code, f.message.clone()))
        .collect()
}

/// `imsplan ARGS FILE`: (exit code, stdout).
fn run(args: &[&str], file: &PlanFile) -> (i32, String) {
    let out = imsplan().args(args).arg(&file.path).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn worked_example_validates_and_orders_each_environment() {
    let c = check(WORKED);
    assert!(errors(&c).is_empty(), "{:?}", errors(&c));
    let file = PlanFile::new(WORKED);
    assert_eq!(run(&["validate"], &file).0, 0);
    let (code, out) = run(&["plan", "--format", "json"], &file);
    assert_eq!(code, 0);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let step = |id: &str| -> serde_json::Value {
        doc["steps"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == id)
            .unwrap_or_else(|| panic!("{id}"))
            .clone()
    };
    let wave = |id: &str| step(id)["wave"].as_u64().unwrap();
    for env in ["stage", "prod"] {
        let order = ["users", "operators", "upgrade", "restrictions"].map(|k| format!("{k}-{env}"));
        for pair in order.windows(2) {
            assert!(
                wave(&pair[0]) < wave(&pair[1]),
                "{} before {}",
                pair[0],
                pair[1]
            );
        }
    }
    for kind in ["users", "operators", "upgrade", "restrictions"] {
        assert!(wave(&format!("{kind}-stage")) < wave(&format!("{kind}-prod")));
    }
    // Effective versions: the old build up to the upgrade, the new one after it.
    for env in ["stage", "prod"] {
        assert_eq!(step(&format!("users-{env}"))["runs_on"], "7.3.5");
        assert_eq!(step(&format!("operators-{env}"))["runs_on"], "7.3.5");
        assert_eq!(step(&format!("upgrade-{env}"))["runs_on"], "7.3.5 → 7.4.1");
        assert_eq!(step(&format!("restrictions-{env}"))["runs_on"], "7.4.1");
    }
    // Prod's upgrade pairs with stage's upgrade to the same version.
    let after: Vec<(String, String)> = step("upgrade-prod")["after"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["id"].as_str().unwrap().to_owned(),
                d["reason"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert!(after.contains(&("upgrade-stage".into(), "promotion".into())));
    assert!(after.contains(&("operators-prod".into(), "explicit".into())));
}

#[test]
fn every_output_shows_the_effective_version() {
    let file = PlanFile::new(WORKED);
    let (_, text) = run(&["plan"], &file);
    let line = |out: &str, id: &str| -> String {
        out.lines()
            .find(|l| l.contains(id))
            .unwrap_or_else(|| panic!("{id} in {out}"))
            .to_owned()
    };
    assert!(line(&text, "users-stage").contains("7.3.5"));
    assert!(line(&text, "restrictions-stage").contains("7.4.1"));
    assert!(line(&text, "upgrade-stage").contains("7.3.5 → 7.4.1"));
    let (_, md) = run(&["plan", "--format", "markdown"], &file);
    assert!(md.contains("| runs on |"));
    assert!(line(&md, "`restrictions-prod`").contains("| 7.4.1 |"));
    let (_, mermaid) = run(&["graph"], &file);
    assert!(line(&mermaid, "operators-stage<br/>").contains("7.3.5"));
    assert!(line(&mermaid, "restrictions-stage<br/>").contains("7.4.1"));
    let (_, dot) = run(&["graph", "--format", "dot"], &file);
    assert!(line(&dot, "label=\"restrictions-prod").contains("7.4.1"));
    let (_, next) = run(&["next"], &file);
    assert!(line(&next, "users-stage").contains("7.3.5"));
    let (_, next_json) = run(&["next", "--format", "json"], &file);
    let doc: serde_json::Value = serde_json::from_str(&next_json).unwrap();
    assert_eq!(doc["ready"][0]["runs_on"], "7.3.5");
    let (_, runbook) = run(&["runbook"], &file);
    let restrictions = runbook
        .split("\n### ")
        .find(|s| s.starts_with("`restrictions-stage`"))
        .unwrap();
    assert!(
        restrictions.contains("(stage, managed, 7.4.1)"),
        "{restrictions}"
    );
    let users = runbook
        .split("\n### ")
        .find(|s| s.starts_with("`users-stage`"))
        .unwrap();
    assert!(users.contains("(stage, managed, 7.3.5)"), "{users}");
}

#[test]
fn two_ascending_upgrades_are_one_path() {
    let text = "format: 1
name: two
environments:
  stage: {role: stage, hosting: on-premise, version: 7.3.3}
steps:
  - {id: up-735, env: stage, kind: upgrade, to: 7.3.5}
  - {id: users, env: stage, kind: migrate-users}
  - {id: operators, env: stage, kind: migrate-operators}
  - {id: up-741, env: stage, kind: upgrade, to: 7.4.1, after: [operators]}
  - {id: restrictions, env: stage, kind: enable-restrictions}
";
    let c = check(text);
    assert!(errors(&c).is_empty(), "{:?}", errors(&c));
    assert!(!codes(&c).contains(&Code::P010));
    let plan = c.plan.as_ref().unwrap();
    let g = c.graph.as_ref().unwrap();
    let on = imsplan::rules::versions::runs_on(plan, g);
    assert_eq!(
        on,
        ["7.3.3 → 7.3.5", "7.3.5", "7.3.5", "7.3.5 → 7.4.1", "7.4.1"]
    );
    // Two upgrades not otherwise ordered are chained by ascending `to`.
    let chained = "format: 1
name: two
environments:
  stage: {role: stage, hosting: on-premise, version: 7.3.3}
steps:
  - {id: up-742, env: stage, kind: upgrade, to: 7.4.2}
  - {id: up-741, env: stage, kind: upgrade, to: 7.4.1}
  - {id: users, env: stage, kind: migrate-users}
  - {id: operators, env: stage, kind: migrate-operators}
  - {id: restrictions, env: stage, kind: enable-restrictions}
";
    let c = check(chained);
    assert!(errors(&c).is_empty(), "{:?}", errors(&c));
    let g = c.graph.as_ref().unwrap();
    assert!(g.deps[0].iter().any(|d| d.step == 1), "7.4.1 before 7.4.2");
    let on = imsplan::rules::versions::runs_on(c.plan.as_ref().unwrap(), g);
    assert_eq!(on[0], "7.4.1 → 7.4.2");
    assert_eq!(on[2], "7.4.2");
}

#[test]
fn a_descending_pair_is_ims006_at_the_later_to() {
    let text = "format: 1
name: down
environments:
  stage: {role: stage, hosting: on-premise, version: 7.3.3}
steps:
  - {id: up-741, env: stage, kind: upgrade, to: 7.4.1}
  - {id: users, env: stage, kind: migrate-users}
  - {id: operators, env: stage, kind: migrate-operators}
  - {id: up-735, env: stage, kind: upgrade, to: 7.3.5, after: [operators]}
  - {id: restrictions, env: stage, kind: enable-restrictions}
";
    let c = check(text);
    let f: Vec<_> = c
        .findings
        .iter()
        .filter(|f| f.code == Code::IMS006)
        .collect();
    assert_eq!(f.len(), 1, "{:?}", codes(&c));
    assert_eq!(f[0].severity, Severity::Error);
    let at = text.rfind("7.3.5, after").unwrap();
    assert_eq!(f[0].span.start(), at);
    assert!(f[0].message.contains("`7.4.1`"), "{}", f[0].message);
    assert!(f[0].labels.iter().any(|l| l.message.contains("up-741")));
}

#[test]
fn a_restriction_before_a_migration_is_still_p006() {
    let text = "format: 1
name: cycle
environments:
  stage: {role: stage, hosting: managed, version: 7.3.5}
steps:
  - {id: users, env: stage, kind: migrate-users, after: [restrictions]}
  - {id: operators, env: stage, kind: migrate-operators}
  - {id: upgrade, env: stage, kind: upgrade, to: 7.4.1, after: [operators]}
  - {id: restrictions, env: stage, kind: enable-restrictions}
";
    let c = check(text);
    let p006: Vec<_> = c.findings.iter().filter(|f| f.code == Code::P006).collect();
    assert_eq!(p006.len(), 1, "{:?}", codes(&c));
    assert!(
        p006[0]
            .message
            .contains("`users → operators → restrictions → users`"),
        "{}",
        p006[0].message
    );
    // The primary location is the explicit `after` item that closes the cycle.
    assert_eq!(p006[0].span.start(), text.find("restrictions]").unwrap());
    assert!(!codes(&c).contains(&Code::IMS011));
}

#[test]
fn a_late_upgrade_never_makes_a_cycle() {
    // The upgrade waits for the restrictions: no implicit edge points back at them.
    let text = "format: 1
name: late
environments:
  stage: {role: stage, hosting: managed, version: 7.4.1}
steps:
  - {id: users, env: stage, kind: migrate-users}
  - {id: operators, env: stage, kind: migrate-operators}
  - {id: restrictions, env: stage, kind: enable-restrictions}
  - {id: upgrade, env: stage, kind: upgrade, to: 7.4.4, after: [restrictions]}
";
    let c = check(text);
    assert!(c.graph.as_ref().unwrap().is_acyclic());
    assert!(errors(&c).is_empty(), "{:?}", errors(&c));
}

#[test]
fn v8_ranges() {
    let plan = |version: &str, users: &str| {
        format!(
            "format: 1
name: v8
environments:
  stage: {{role: stage, hosting: managed, version: {version}}}
steps:
  - {{id: users, env: stage, kind: migrate-users{users}}}
  - {{id: operators, env: stage, kind: migrate-operators}}
  - {{id: restrictions, env: stage, kind: enable-restrictions}}
"
        )
    };
    // 8.5.2 with both migrations: clean.
    let c = check(&plan("8.5.2", ""));
    assert!(c.findings.is_empty(), "{:?}", codes(&c));
    // 8.6 with `migrate-users` to do: error, "migrate before the move to 8.6".
    let c = check(&plan("8.6", ""));
    let f: Vec<_> = c
        .findings
        .iter()
        .filter(|f| f.code == Code::IMS001)
        .collect();
    assert_eq!(f.len(), 1, "{:?}", codes(&c));
    assert_eq!(f[0].severity, Severity::Error);
    assert!(
        f[0].help
            .as_deref()
            .unwrap()
            .contains("migrate before the move to 8.6")
    );
    // Already done on 8.6: history, no advice.
    let c = check(&plan("8.6.1", ", status: done"));
    assert!(c.findings.is_empty(), "{:?}", codes(&c));
    // Below 8.5.2: ask Adobe for 8.5.2 first.
    let c = check(&plan("8.5.1", ""));
    let f: Vec<_> = c
        .findings
        .iter()
        .filter(|f| f.code == Code::IMS001)
        .collect();
    assert_eq!(f.len(), 1, "{:?}", codes(&c));
    assert!(f[0].help.as_deref().unwrap().contains("8.5.2 first"));
    // Technical operators need 8.5.
    let c = check(&plan("8.4.0", ", status: done"));
    assert!(
        c.findings
            .iter()
            .any(|f| f.code == Code::IMS001 && f.message.contains("`migrate-operators`")),
        "{:?}",
        codes(&c)
    );
}

#[test]
fn message_center_profile_names_the_marketing_instance() {
    let plan = |hosting: &str, instances: &str, profile: &str| {
        format!(
            "format: 1
name: mc
environments:
  stage:
    role: stage
    hosting: {hosting}
    version: 7.4.1
    instances: {instances}
steps:
  - {{id: users, env: stage, kind: migrate-users}}
  - id: operators
    env: stage
    kind: migrate-operators
    operators:
      - {{name: mc-soap, instance: message-center, credential: oauth-server-to-server, profile: {profile}}}
  - {{id: restrictions, env: stage, kind: enable-restrictions}}
"
        )
    };
    let roles = "{acme-mkt-stage: marketing, acme-mc-stage: message-center}";
    let mc = "campaign - acme-mc-stage - messagecenter";
    let mkt = "campaign - acme-mkt-stage - messagecenter";
    for hosting in ["managed", "hosted"] {
        let c = check(&plan(hosting, roles, mc));
        let f: Vec<_> = c
            .findings
            .iter()
            .filter(|f| f.code == Code::IMS016)
            .collect();
        assert_eq!(f.len(), 1, "{hosting}: {:?}", codes(&c));
        assert!(
            f[0].help.as_deref().unwrap().contains(&format!("`{mkt}`")),
            "{:?}",
            f[0].help
        );
        assert!(check(&plan(hosting, roles, mkt)).findings.is_empty());
        // The list form stays valid: roles unknown, any listed instance.
        let list = "[acme-mkt-stage, acme-mc-stage]";
        assert!(check(&plan(hosting, list, mc)).findings.is_empty());
    }
    for hosting in ["hybrid", "on-premise"] {
        assert!(check(&plan(hosting, roles, mc)).findings.is_empty());
        assert!(check(&plan(hosting, roles, mkt)).findings.is_empty());
    }
    // A role that is not one is P002, with a did-you-mean.
    let c = check(&plan(
        "managed",
        "{acme-mkt-stage: marketing, acme-mc-stage: message-centre}",
        mkt,
    ));
    let p002: Vec<_> = c.findings.iter().filter(|f| f.code == Code::P002).collect();
    assert_eq!(p002.len(), 1);
    assert!(
        p002[0]
            .help
            .as_deref()
            .unwrap()
            .contains("`message-center`")
    );
}

#[test]
fn history_is_not_advice() {
    // A migration already done on 7.3.5 gets no "upgrade first" advice (IMS013)…
    let done = "format: 1
name: history
environments:
  stage: {role: stage, hosting: managed, version: 7.3.5}
steps:
  - {id: users, env: stage, kind: migrate-users, status: done}
  - {id: operators, env: stage, kind: migrate-operators}
  - {id: upgrade, env: stage, kind: upgrade, to: 7.4.1, after: [operators]}
  - {id: restrictions, env: stage, kind: enable-restrictions}
";
    assert!(check(done).findings.is_empty(), "{:?}", codes(&check(done)));
    // …the same step still to do gets it…
    let todo = done.replace(", status: done}", "}");
    let c = check(&todo);
    assert_eq!(codes(&c), [Code::IMS013]);
    // (its help names the later upgrade rather than asking for a new one)
    assert!(
        c.findings[0]
            .help
            .as_deref()
            .unwrap()
            .starts_with("`upgrade` upgrades `stage` after this step"),
        "{:?}",
        c.findings[0].help
    );
    // …and the truth of the plan still counts: done after an open step is IMS011.
    let wrong = done.replace(
        "kind: enable-restrictions}",
        "kind: enable-restrictions, status: done}",
    );
    assert!(codes(&check(&wrong)).contains(&Code::IMS011));
    // IMS014 is silent on a closed step (its window is history).
    let window = "format: 1
name: window
start: 2026-12-07T08:00:00Z
environments:
  stage: {role: stage, hosting: managed, version: 7.4.1}
steps:
  - {id: users, env: stage, kind: migrate-users, duration: 1d, status: done}
  - {id: operators, env: stage, kind: migrate-operators, status: done, not-before: 2026-12-07T09:00:00Z}
  - {id: restrictions, env: stage, kind: enable-restrictions}
";
    assert!(
        !codes(&check(window)).contains(&Code::IMS014),
        "{:?}",
        codes(&check(window))
    );
}

#[test]
fn diff_shows_a_changed_instance_role() {
    let old = "format: 1
name: roles
environments:
  stage: {role: stage, hosting: managed, version: 7.4.1, instances: {acme-mkt: marketing, acme-mc: message-center}}
steps:
  - {id: users, env: stage, kind: migrate-users}
  - {id: operators, env: stage, kind: migrate-operators}
  - {id: restrictions, env: stage, kind: enable-restrictions}
";
    let new = old.replace("acme-mc: message-center", "acme-mc: marketing");
    let (a, b) = (PlanFile::new(old), PlanFile::named("new.yaml", &new));
    let out = imsplan()
        .arg("diff")
        .arg(&a.path)
        .arg(&b.path)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("acme-mc: message-center → acme-mkt: marketing, acme-mc: marketing"),
        "{text}"
    );
}
