//! Helpers shared by the test modules.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The project root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A path under the project root.
pub fn path(rel: &str) -> PathBuf {
    root().join(rel)
}

/// The `imsplan` binary, run from the project root with colour off.
pub fn imsplan() -> Command {
    let mut cmd = Command::cargo_bin("imsplan").expect("binary built");
    cmd.current_dir(root())
        .env("NO_COLOR", "1")
        .env_remove("COLUMNS");
    cmd
}

/// The `*.yaml` and `*.yml` files directly in a folder under the root, sorted.
pub fn yaml_files(rel: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(path(rel))
        .unwrap_or_else(|e| panic!("{rel}: {e}"))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect();
    v.sort();
    v
}

/// Every example plan in `plans/`.
pub fn example_plans() -> Vec<PathBuf> {
    yaml_files("plans")
}

/// Path relative to the root, with `/`.
pub fn rel(p: &Path) -> String {
    p.strip_prefix(root())
        .unwrap_or(p)
        .to_string_lossy()
        .replace('\\', "/")
}
