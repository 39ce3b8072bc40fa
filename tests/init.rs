//! `imsplan init`: every hosting × target × route gives a plan that validates (clean
//! upgrading first; only IMS013 migrating first) and fits
//! the schema; `-o` writes atomically and never overwrites without `--force`; the editor
//! modeline points at a schema file that exists; the suggested command is shell-quoted.

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
            // On stdout the plan has no modeline (its place is unknown), and says how to
            // get one; no address that does not exist.
            assert!(!text.contains("$schema=http"), "{text}");
            assert!(text.contains("`imsplan schema`"), "{text}");
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
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["Acme Plan.yaml", "plan.schema.json"],
        "the plan and its schema, no temporary file left"
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

/// The file the editor modeline of a plan points at, resolved from the plan's folder.
fn modeline_target(plan: &std::path::Path) -> std::path::PathBuf {
    let text = std::fs::read_to_string(plan).unwrap();
    let first = text.lines().next().unwrap();
    let rel = first
        .strip_prefix("# yaml-language-server: $schema=")
        .unwrap_or_else(|| panic!("the plan starts with a modeline: {first}"));
    assert!(!rel.contains("://"), "a local file, not an address: {rel}");
    plan.parent().unwrap().join(rel)
}

/// The plan at `plan` fits the schema in `schema`.
fn fits(plan: &std::path::Path, schema: &std::path::Path) {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(schema).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("a valid schema");
    let opts = serde_saphyr::options! { strict_booleans: true };
    let json: serde_json::Value =
        serde_saphyr::from_str_with_options(&std::fs::read_to_string(plan).unwrap(), opts).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&json)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
}

fn init_at(plan: &std::path::Path, extra: &[&str]) -> String {
    let out = imsplan()
        .args(["init"])
        .args(extra)
        .arg("-o")
        .arg(plan)
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(out.status.success(), "{err}");
    err
}

/// Outside a repository with `schemas/`: `init -o` writes `plan.schema.json` (the output
/// of `imsplan schema`) beside the plan, and the modeline points at it; an existing one
/// is kept.
#[test]
fn modeline_points_at_the_schema_written_beside_the_plan() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("acme.yaml");
    let err = init_at(&plan, &[]);
    let schema = modeline_target(&plan);
    assert_eq!(schema, dir.path().join("plan.schema.json"));
    let schema_out = imsplan().arg("schema").output().unwrap().stdout;
    assert_eq!(
        std::fs::read(&schema).unwrap(),
        schema_out,
        "the schema of `imsplan schema`"
    );
    assert!(err.contains("plan.schema.json"), "{err}");
    fits(&plan, &schema);

    // A second plan in the folder shares the file; one that differs is left alone.
    let other = dir.path().join("globex.yaml");
    init_at(&other, &["--hosting", "on-premise"]);
    assert_eq!(modeline_target(&other), schema);
    fits(&other, &schema);
    std::fs::write(&schema, "{}\n").unwrap();
    let err = init_at(&dir.path().join("third.yaml"), &[]);
    assert_eq!(std::fs::read_to_string(&schema).unwrap(), "{}\n");
    assert!(err.contains("imsplan schema >"), "{err}");
}

/// In a repository laid out like this one, the modeline points at its
/// `schemas/plan.schema.json`, relative to the plan, and nothing else is written.
#[test]
fn modeline_points_at_the_repository_schema() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    std::fs::create_dir_all(dir.path().join("schemas")).unwrap();
    std::fs::create_dir_all(dir.path().join("plans/emea")).unwrap();
    std::fs::copy(
        path("schemas/plan.schema.json"),
        dir.path().join("schemas/plan.schema.json"),
    )
    .unwrap();
    let plan = dir.path().join("plans/emea/acme.yaml");
    init_at(&plan, &["--target", "v8"]);
    let text = std::fs::read_to_string(&plan).unwrap();
    assert!(
        text.starts_with("# yaml-language-server: $schema=../../schemas/plan.schema.json\n"),
        "{text}"
    );
    let schema = modeline_target(&plan);
    assert!(schema.is_file());
    fits(&plan, &schema);
    assert!(!dir.path().join("plans/emea/plan.schema.json").exists());

    // This repository's own `plans/` resolves the same way.
    let here = path("plans/acme-managed.yaml");
    assert!(modeline_target(&here).is_file());
}

/// The command `init` suggests is shell-quoted: pasted into a shell, it runs.
#[test]
fn suggested_command_is_shell_quoted() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["Contoso Plan.yaml", "it's.yaml", "./-dash.yaml"] {
        let out = imsplan()
            .current_dir(dir.path())
            .args(["init", "-o", name])
            .output()
            .unwrap();
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(out.status.success(), "{name}: {err}");
        let command = err
            .split("then run `")
            .nth(1)
            .and_then(|s| s.split('`').next())
            .unwrap_or_else(|| panic!("a suggested command: {err}"));
        assert!(command.starts_with("imsplan validate "), "{command}");
        let bin = assert_cmd::cargo::cargo_bin("imsplan");
        let path_var = format!(
            "{}:{}",
            bin.parent().unwrap().display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let run = std::process::Command::new("sh")
            .arg("-c")
            .arg(command)
            .current_dir(dir.path())
            .env("PATH", path_var)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        assert_eq!(
            run.status.code(),
            Some(0),
            "{name}: `{command}`: {}",
            String::from_utf8_lossy(&run.stderr)
        );
    }
}

/// The commands the runbook and `status` suggest quote the plan's path too.
#[test]
fn runbook_and_status_quote_the_path_they_suggest() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        path("plans/acme-managed.yaml"),
        dir.path().join("Acme Plan.yaml"),
    )
    .unwrap();
    std::fs::write(dir.path().join("Bad Plan.yaml"), "format: 1\nname: bad\n").unwrap();
    let run = |args: &[&str]| {
        let out = imsplan()
            .current_dir(dir.path())
            .args(args)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let md = run(&["runbook", "Acme Plan.yaml"]);
    assert!(
        md.contains("`imsplan mark 'Acme Plan.yaml' STEP --status done --evidence URL`"),
        "{md}"
    );
    let html = run(&["runbook", "--format", "html", "Acme Plan.yaml"]);
    assert!(
        html.contains("imsplan mark &#39;Acme Plan.yaml&#39; STEP")
            || html.contains("imsplan mark &#x27;Acme Plan.yaml&#x27; STEP")
            || html.contains("imsplan mark 'Acme Plan.yaml' STEP"),
        "the HTML runbook quotes the path"
    );
    let status = run(&["status", "Bad Plan.yaml"]);
    assert!(
        status.contains("(run `imsplan validate 'Bad Plan.yaml'`)"),
        "{status}"
    );
}
