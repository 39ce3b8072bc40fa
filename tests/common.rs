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

/// A plan file in a fresh temporary directory (removed when dropped), for tests that
/// run commands on a plan or edit it.
pub struct PlanFile {
    _dir: tempfile::TempDir,
    /// The file.
    pub path: PathBuf,
}

impl PlanFile {
    /// `text` written as `plan.yaml`.
    pub fn new(text: &str) -> PlanFile {
        PlanFile::named("plan.yaml", text)
    }

    /// `text` written as `name`.
    pub fn named(name: &str, text: &str) -> PlanFile {
        let dir = tempfile::tempdir().expect("temporary directory");
        let path = dir.path().join(name);
        std::fs::write(&path, text).expect("plan written");
        PlanFile { _dir: dir, path }
    }

    /// A copy of the fixture `rel` (under the project root), to edit freely.
    pub fn copy(rel: &str) -> PlanFile {
        let text = std::fs::read_to_string(path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
        let name = Path::new(rel).file_name().map_or_else(
            || "plan.yaml".to_owned(),
            |n| n.to_string_lossy().into_owned(),
        );
        PlanFile::named(&name, &text)
    }

    /// The path as a string argument.
    pub fn arg(&self) -> &str {
        self.path.to_str().expect("a UTF-8 temporary path")
    }

    /// The file's text now.
    pub fn text(&self) -> String {
        std::fs::read_to_string(&self.path).expect("plan readable")
    }
}
