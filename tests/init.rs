//! `imsplan init`: every hosting × target × route gives a plan that validates (clean
//! upgrading first; only IMS013 migrating first) and fits
//! the schema; `-o` writes atomically and never overwrites without `--force`.

use crate::common::{imsplan, path};

const HOSTINGS: &[&str] = &["managed", "hosted", "hybrid", "on-premise"];
const TARGETS: &[&str] = &["ims", "v8"];
const ROUTES: &[&str] = &["upgrade-first", "migrate-first"];

fn validator() -> jsonschema::Validator {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path("schemas/plan.schema.json")).unwrap())
            .unwrap();
    jsonschema::validator_for(&schema).expect("valid schema")
}

#[test]
fn every_starter_plan_validates_clean_and_fits_the_schema() {
    let dir = tempfile::tempdir().unwrap();
    let validator = validator();
    for hosting in HOSTINGS {
        for (target, route) in TARGETS
            .iter()
            .flat_map(|t| ROUTES.iter().map(move |r| (*t, *r)))
        {
            let out = imsplan()
                .args([
                    "init",
                    "--hosting",
                    hosting,
                    "--target",
                    target,
                    "--route",
                    route,
                ])
                .output()
                .unwrap();
            assert!(out.status.success());
            let text = String::from_utf8(out.stdout).unwrap();
            assert!(text.starts_with("# yaml-language-server: $schema="));
            assert!(text.contains("FILL IN"));
            assert!(text.contains(&format!("hosting: {hosting}")));
            assert!(text.contains(&format!("target: {target}")));
            assert_eq!(text.contains("kind: move-to-v8"), target == "v8");
            assert_eq!(
                text.contains("allow-operators"),
                matches!(*hosting, "hybrid" | "on-premise")
            );
            // Instances come with their roles; a managed or hosted Message Center
            // profile names the marketing instance.
            assert!(text.contains("my-mc-stage: message-center"));
            assert_eq!(
                text.contains("profile: campaign - my-mkt-stage - messagecenter"),
                matches!(*hosting, "managed" | "hosted")
            );
            let file = dir.path().join(format!("{hosting}-{target}-{route}.yaml"));
            std::fs::write(&file, &text).unwrap();
            let out = imsplan()
                .args(["validate", "--format", "json"])
                .arg(&file)
                .output()
                .unwrap();
            let mut doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            // Every `FILL IN` left is an IMS021 warning (tests/rules.rs checks each
            // one); apart from them the starter plan is clean.
            let all = doc["diagnostics"].as_array().unwrap().clone();
            assert!(
                all.iter().any(|d| d["code"] == "IMS021"),
                "{hosting} {target}"
            );
            doc["diagnostics"] = all.into_iter().filter(|d| d["code"] != "IMS021").collect();
            if route == "upgrade-first" {
                assert_eq!(
                    doc["diagnostics"],
                    serde_json::json!([]),
                    "{hosting} {target} must validate clean"
                );
            } else {
                // Migrating on 7.3.5: only the IMS013 reminder, once per environment.
                let codes: Vec<&str> = doc["diagnostics"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|d| d["code"].as_str().unwrap())
                    .collect();
                assert_eq!(codes, ["IMS013", "IMS013"], "{hosting} {target} {route}");
                migrate_first_order(&file);
            }
            assert!(out.status.success());
            let opts = serde_saphyr::options! { strict_booleans: true };
            let json: serde_json::Value =
                serde_saphyr::from_str_with_options(&text, opts).expect("yaml");
            let errors: Vec<String> = validator
                .iter_errors(&json)
                .map(|e| format!("{e} at {}", e.instance_path()))
                .collect();
            assert!(errors.is_empty(), "{hosting} {target}: {errors:?}");
            // Every environment holds the core steps for the target.
            let plan =
                imsplan::check::check_text("x", &text, None, &imsplan::load::Limits::default())
                    .plan
                    .unwrap();
            for env in &plan.environments {
                let kinds: Vec<&str> = plan
                    .steps
                    .iter()
                    .filter(|s| s.env.value == env.id.value)
                    .map(|s| s.kind.value.as_str())
                    .collect();
                let mut core = vec!["migrate-users", "migrate-operators", "enable-restrictions"];
                if target == "v8" {
                    core.push("move-to-v8");
                }
                for k in core {
                    assert!(
                        kinds.contains(&k),
                        "{hosting} {target} {}: {k}",
                        env.id.value
                    );
                }
            }
        }
    }
}

#[test]
fn output_file_is_written_once_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("Acme Plan.yaml");
    let out = imsplan().args(["init", "-o"]).arg(&file).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty());
    let first = std::fs::read_to_string(&file).unwrap();
    assert!(
        first.contains("name: acme-plan "),
        "the name comes from the file"
    );

    std::fs::write(&file, "mine\n").unwrap();
    let out = imsplan()
        .args(["init", "--hosting", "hybrid", "-o"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine\n");

    let out = imsplan()
        .args(["init", "--hosting", "hybrid", "--force", "-o"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("hosting: hybrid")
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary file left"
    );

    let out = imsplan()
        .args(["init", "-o"])
        .arg(dir.path().join("no/such/dir/p.yaml"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = imsplan()
        .args(["init", "--hosting", "cloud"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// The `migrate-first` starter orders, per environment, users → operators → upgrade →
/// restrictions.
fn migrate_first_order(file: &std::path::Path) {
    let out = imsplan()
        .args(["plan", "--format", "json"])
        .arg(file)
        .output()
        .unwrap();
    let plan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let wave = |id: &str| {
        plan["steps"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == id)
            .unwrap()["wave"]
            .as_u64()
            .unwrap()
    };
    for env in ["stage", "prod"] {
        let ids = ["users", "operators", "upgrade", "restrictions"].map(|k| format!("{k}-{env}"));
        for pair in ids.windows(2) {
            assert!(wave(&pair[0]) < wave(&pair[1]), "{pair:?}");
        }
    }
}
