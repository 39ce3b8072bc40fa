//! What fails a `validate` run, the one meaning the exit code and every format share:
//! an error-level finding always, a warning only under `--deny-warnings`.

use super::plural;
use crate::check::Report;
use crate::diagnostic::Severity;

/// Which findings fail a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Policy {
    /// `--deny-warnings`: warnings fail the run too.
    pub deny_warnings: bool,
}

impl Policy {
    /// True when a finding of this severity fails the run.
    #[must_use]
    pub fn fails(self, severity: Severity) -> bool {
        match severity {
            Severity::Error => true,
            Severity::Warning => self.deny_warnings,
            Severity::Info => false,
        }
    }

    /// True when the report fails the run (exit code 1).
    #[must_use]
    pub fn failed(self, report: &Report) -> bool {
        report.count(Severity::Error) > 0
            || (self.deny_warnings && report.count(Severity::Warning) > 0)
    }

    /// The flag that made warnings fail, when there are warnings and they do
    /// (`--deny-warnings`), for summary lines: `(warnings fail: --deny-warnings)`.
    #[must_use]
    pub fn warnings_fail_by(self, report: &Report) -> Option<&'static str> {
        (self.deny_warnings && report.count(Severity::Warning) > 0).then_some("--deny-warnings")
    }

    /// One line for stderr when the run fails only because of its warnings: the
    /// machine formats show findings, not why they fail the run.
    #[must_use]
    pub fn failed_on_warnings_only(self, report: &Report) -> Option<String> {
        let warnings = report.count(Severity::Warning);
        (self.deny_warnings && warnings > 0 && report.count(Severity::Error) == 0).then(|| {
            let verb = if warnings == 1 { "fails" } else { "fail" };
            format!(
                "{} {verb} the run: `--deny-warnings` is set",
                plural(warnings, "warning")
            )
        })
    }
}
