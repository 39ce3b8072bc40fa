//! The rules: the checks that run on a loaded plan, and each code's summary and
//! explain text (`catalog.rs`).
//!
//! The codes themselves, with their names, severities and pages, are the leaf
//! `crate::code` (re-exported here), so the layers below the rules can raise findings
//! without knowing the rules. `docs/rules.md`, `imsplan rules` and `imsplan explain` are
//! generated from `RULES`.

mod effective;
pub mod export;
mod export_read;
pub mod operators;
pub mod phases;
pub mod placeholders;
pub mod schedule;
pub mod structure;
pub mod versions;

use crate::code::Severity;
pub use crate::code::{Code, pages};

/// The explain text of a rule (`imsplan explain CODE`).
#[derive(Debug, Clone, Copy)]
pub struct Explain {
    /// What it checks.
    pub checks: &'static str,
    /// Why it matters.
    pub why: &'static str,
    /// A small plan that triggers the rule.
    pub failing: &'static str,
    /// The same plan, fixed.
    pub fixed: &'static str,
    /// The facts `checks` and `why` rest on, each with the page of the catalog that
    /// states it (`pages::CATALOG`).
    pub sources: &'static [pages::Cited],
}

/// One rule of the catalog.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// The stable code.
    pub code: Code,
    /// Kebab-case name.
    pub name: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// One-line summary.
    pub summary: &'static str,
    /// Adobe page the rule rests on (empty for format rules).
    pub url: &'static str,
    /// The explain text.
    pub explain: Explain,
}

impl Code {
    /// The registry entry of this code.
    #[must_use]
    pub fn rule(self) -> &'static Rule {
        &RULES[self as usize]
    }
}

// `RULES` has one entry per code, in `Code::ALL` order: checked when compiling, so a
// code without an explain text does not build.
const _: () = {
    assert!(RULES.len() == Code::ALL.len(), "one catalog entry per code");
    let mut i = 0;
    while i < RULES.len() {
        assert!(
            RULES[i].code as usize == i,
            "catalog entries in `Code::ALL` order"
        );
        i += 1;
    }
};

mod catalog;
pub use catalog::RULES;

/// What a rule sees: the plan, its graph, where it lives, and the sources list (rules
/// that read another file, such as the operators CSV, add it there).
pub struct RuleCx<'a> {
    /// The plan.
    pub plan: &'a crate::model::Plan,
    /// Its graph.
    pub graph: &'a crate::graph::Graph,
    /// Index of the plan's source.
    pub source: usize,
    /// The plan file's folder.
    pub dir: &'a std::path::Path,
    /// Limits of this run.
    pub limits: &'a crate::load::Limits,
    /// Sources of this file (0 is the plan).
    pub sources: &'a mut Vec<crate::source::Source>,
}

/// Run every rule on a plan, whole or recovered from load errors: then each rule skips
/// what the dropped parts (`plan.dropped`) would have fed, so a broken part is reported
/// once (by its P002), never again by the rules.
pub fn check_all(cx: &mut RuleCx<'_>) -> Vec<crate::diagnostic::Finding> {
    let mut out = structure::check(cx.plan, cx.source);
    out.extend(cx.graph.cycles(cx.plan, cx.source));
    // The schedule is computed from every step, time and calendar: without one of
    // them, its dates are not the plan's.
    if !cx.plan.dropped.schedule {
        out.extend(schedule::check(cx.plan, cx.graph, cx.source));
        out.extend(schedule::window_moved(cx.plan, cx.graph, cx.source));
        out.extend(schedule::deadline_missed(cx.plan, cx.graph, cx.source));
    }
    out.extend(versions::check(cx));
    out.extend(phases::check(cx));
    out.extend(operators::check(cx));
    out.extend(export::check(cx));
    out.extend(placeholders::check(cx));
    out
}

#[cfg(test)]
mod tests {
    use super::RULES;

    /// The catalog repeats each code's name, severity and page beside its prose; they
    /// must say what the registry says.
    #[test]
    fn catalog_agrees_with_the_code_registry() {
        for r in RULES {
            assert_eq!(r.name, r.code.name(), "{}: name", r.code);
            assert_eq!(r.severity, r.code.severity(), "{}: severity", r.code);
            assert_eq!(r.url, r.code.url(), "{}: url", r.code);
        }
    }
}
