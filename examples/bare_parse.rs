//! Benchmark floor: a bare serde-saphyr parse of a plan into plain serde structs (no
//! spans, no findings, no rules), so `bench/run.sh` can compare `imsplan validate` with
//! the least work any YAML-reading tool must do.
//!
//! Usage: `cargo run --release --example bare_parse -- FILE…` (exit 1 if a file fails).

use std::collections::BTreeMap;

use serde::Deserialize;

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
#[allow(dead_code)]
struct Plan {
    format: u32,
    name: String,
    title: Option<String>,
    target: Option<String>,
    ordering: Option<String>,
    start: Option<String>,
    environments: BTreeMap<String, Environment>,
    steps: Vec<Step>,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
#[allow(dead_code)]
struct Environment {
    role: String,
    hosting: String,
    version: String,
    build: Option<u64>,
    instances: Option<Vec<String>>,
    after: Option<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
#[allow(dead_code)]
struct Step {
    id: String,
    env: String,
    kind: String,
    title: Option<String>,
    to: Option<String>,
    duration: Option<String>,
    not_before: Option<String>,
    owner: Option<String>,
    status: Option<String>,
    evidence: Option<String>,
    operators_csv: Option<String>,
    operators: Option<Vec<Operator>>,
    allow_operators: Option<Vec<String>>,
    after: Option<Vec<String>>,
    notes: Option<String>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Operator {
    name: String,
    instance: String,
    credential: String,
    profile: Option<String>,
}

fn main() -> std::process::ExitCode {
    let mut failed = false;
    for path in std::env::args().skip(1) {
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("{path}: {e}");
                failed = true;
                continue;
            }
        };
        // No budget: the floor does the parse only (imsplan scales its budget instead).
        let options = serde_saphyr::options! { budget: None };
        match serde_saphyr::from_str_with_options::<Plan>(&text, options) {
            Ok(plan) => println!("{path}: {} steps", plan.steps.len()),
            Err(e) => {
                eprintln!("{path}: {e}");
                failed = true;
            }
        }
    }
    if failed {
        std::process::ExitCode::FAILURE
    } else {
        std::process::ExitCode::SUCCESS
    }
}
