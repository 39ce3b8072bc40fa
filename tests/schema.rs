//! The committed schema equals `imsplan schema`, and every example plan validates
//! against it.

use crate::common::{example_plans, imsplan, path};

#[test]
fn committed_schema_is_current() {
    let out = imsplan().arg("schema").output().unwrap();
    assert!(out.status.success());
    let committed = std::fs::read_to_string(path("schemas/plan.schema.json")).unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        committed,
        "schemas/plan.schema.json is stale: run `cargo run -- schema > schemas/plan.schema.json`"
    );
}

/// YAML → JSON as a schema validator sees it (strict booleans, as the loader reads).
fn yaml_to_json(text: &str) -> serde_json::Value {
    let opts = serde_saphyr::options! { strict_booleans: true };
    serde_saphyr::from_str_with_options::<serde_json::Value>(text, opts).expect("yaml")
}

#[test]
fn example_plans_match_the_schema() {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path("schemas/plan.schema.json")).unwrap())
            .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("valid schema");
    let plans = example_plans();
    assert!(plans.len() >= 3);
    for p in plans {
        let doc = yaml_to_json(&std::fs::read_to_string(&p).unwrap());
        let errors: Vec<String> = validator
            .iter_errors(&doc)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", p.display());
    }
}
