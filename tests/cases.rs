//! Fixtures beside their expected output: every `tests/cases/<code>_<what>.yaml` is
//! validated and its human report (no colour, width 80) and JSON are snapshotted.
//! A fixture named `<code>_<what>` must raise `<code>`; one named `<code>_ok_<what>`
//! is a near miss and must not.

use std::path::Path;

use crate::common::{imsplan, rel, yaml_files};

fn run(file: &Path, format: &str) -> (String, String, i32) {
    let out = imsplan()
        .args(["validate", "--format", format])
        .arg(rel(file))
        .output()
        .expect("runs");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn fixtures() {
    let mut seen = 0;
    for file in yaml_files("tests/cases") {
        seen += 1;
        let stem = file.file_stem().unwrap().to_string_lossy().into_owned();
        let code = stem.split('_').next().unwrap().to_uppercase();
        let near_miss = stem.split('_').nth(1) == Some("ok");
        let (json, _, status) = run(&file, "json");
        let doc: serde_json::Value = serde_json::from_str(&json).expect("json output");
        let codes: Vec<&str> = doc["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap())
            .collect();
        if near_miss {
            assert!(
                !codes.contains(&code.as_str()),
                "{stem}: {code} must not fire, got {codes:?}"
            );
        } else {
            assert!(
                codes.contains(&code.as_str()),
                "{stem}: {code} must fire, got {codes:?}"
            );
            let errors = doc["error_count"].as_u64().unwrap();
            assert_eq!(status, i32::from(errors > 0), "{stem}: exit code");
        }
        let (_, human, _) = run(&file, "human");
        insta::with_settings!({ snapshot_path => "cases/snapshots", prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!(format!("{stem}.human"), human);
            insta::assert_json_snapshot!(format!("{stem}.json"), doc);
        });
    }
    assert!(seen > 0, "no fixtures found");
}

/// A typo of a required key is one finding at the typo, with the suggestion, and no
/// "missing key" finding for the key it meant.
#[test]
fn typo_of_a_required_key_is_one_finding() {
    let (json, _, status) = run(
        Path::new("tests/cases/p002_typo_of_required_key.yaml"),
        "json",
    );
    assert_eq!(status, 1);
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    let found = doc["diagnostics"].as_array().unwrap();
    assert_eq!(found.len(), 2, "{json}");
    assert!(!json.contains("missing key"), "{json}");
    assert_eq!(found[0]["range"]["start"]["line"], 5, "{json}");
    assert!(json.contains("did you mean `environments`?"), "{json}");
    assert!(json.contains("did you mean `kind`?"), "{json}");
}
