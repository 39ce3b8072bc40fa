//! Where a command may write (SPEC §11.9): never over one of its own inputs (the plan,
//! an operators CSV it names), and never over an existing file that parses as a plan,
//! whatever the path says (`./`, `..`, a symlink, a hard link).

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::IgnoredAny;

use crate::fsutil::{display_path, resolve, same_path};
use crate::model::Plan;

/// Why an output path is refused: a message and a help line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// What is wrong (lower case, names in backticks).
    pub message: String,
    /// What to do.
    pub help: String,
}

/// The files a command reads for one plan: the plan and every operators CSV it names.
#[must_use]
pub fn plan_inputs(file: &Path, plan: &Plan) -> Vec<PathBuf> {
    let dir = file.parent().unwrap_or_else(|| Path::new(""));
    let mut inputs = vec![file.to_path_buf()];
    inputs.extend(
        plan.steps
            .iter()
            .filter_map(|s| s.operators_csv.as_ref())
            .map(|csv| dir.join(&csv.value)),
    );
    inputs
}

/// The top-level keys that make a document a plan.
#[derive(Deserialize)]
struct Top {
    format: Option<IgnoredAny>,
    environments: Option<IgnoredAny>,
    steps: Option<IgnoredAny>,
}

/// The text is a plan: a mapping with `format` and `environments` or `steps` (valid or
/// not), or, when it does not parse at all, a text with such top-level lines.
#[must_use]
pub fn looks_like_plan(text: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if let Ok(top) = serde_saphyr::from_str::<Top>(text) {
        return top.format.is_some() && (top.environments.is_some() || top.steps.is_some());
    }
    let starts = |key: &str| text.split(['\n', '\r']).any(|l| l.starts_with(key));
    starts("format:") && (starts("environments:") || starts("steps:"))
}

/// Check that `out` may be written by a command that reads `inputs`; `max_bytes`
/// bounds what is read of an existing file to tell whether it is a plan.
///
/// # Errors
/// The refusal, when `out` is an input or an existing plan.
pub fn check(out: &Path, inputs: &[PathBuf], max_bytes: u64) -> Result<(), Refusal> {
    let shown = display_path(out);
    if let Some(input) = inputs.iter().find(|i| same_path(out, i)) {
        let what = if display_path(input) == shown {
            String::new()
        } else {
            format!(" (`{}`)", display_path(input))
        };
        return Err(Refusal {
            message: format!(
                "`{shown}` is an input of this command{what}; it is never overwritten"
            ),
            help: "write the output to another file, e.g. `-o runbook.md`".to_owned(),
        });
    }
    let Ok(real) = resolve(out) else {
        return Ok(());
    };
    let Ok(meta) = std::fs::metadata(&real) else {
        return Ok(());
    };
    if !meta.is_file() || meta.len() > max_bytes {
        return Ok(());
    }
    let Ok(bytes) = std::fs::read(&real) else {
        return Ok(());
    };
    if looks_like_plan(&String::from_utf8_lossy(&bytes)) {
        return Err(Refusal {
            message: format!("`{shown}` is a plan; output never replaces a plan"),
            help: "write to another file; to start over from this plan, move or delete it first"
                .to_owned(),
        });
    }
    Ok(())
}
