//! The rule registry: every code the tool can emit, with its severity, summary and
//! explain text, and the checks that run on a loaded plan.
//!
//! Codes are stable and never reused (SPEC §8). `P0xx` are structural checks (the
//! loader and `structure.rs`, `graph.rs`); `IMS0xx` are Adobe's migration rules.
//! `docs/rules.md`, `imsplan rules` and `imsplan explain` are generated from `RULES`.

pub mod export;
pub mod operators;
pub mod phases;
pub mod schedule;
pub mod structure;
pub mod versions;

use crate::diagnostic::Severity;

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

macro_rules! codes {
    ($($code:ident),+ $(,)?) => {
        /// A rule code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code { $($code),+ }

        impl Code {
            /// Every code, in catalog order.
            pub const ALL: &'static [Code] = &[$(Code::$code),+];

            /// The code as printed (`IMS002`).
            #[must_use]
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$code => stringify!($code)),+ }
            }
        }
    };
}

codes!(
    P001, P002, P003, P004, P005, P006, P007, P008, P009, P010, IMS001, IMS002, IMS003, IMS004,
    IMS005, IMS006, IMS007, IMS008, IMS009, IMS010, IMS011, IMS012, IMS013, IMS014, IMS015, IMS016,
    IMS017, IMS018, IMS019, IMS020,
);

impl Code {
    /// The registry entry of this code.
    #[must_use]
    pub fn rule(self) -> &'static Rule {
        &RULES[self as usize]
    }

    /// Parse a code, ignoring case.
    #[must_use]
    pub fn parse(text: &str) -> Option<Code> {
        Code::ALL
            .iter()
            .copied()
            .find(|c| c.as_str().eq_ignore_ascii_case(text.trim()))
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Adobe Experience League pages (DOMAIN.md §7).
pub mod pages {
    /// The IMS migration overview.
    pub const OVERVIEW: &str =
        "https://experienceleague.adobe.com/en/docs/campaign-classic/using/technotes/ims/ac-ims";
    /// End users.
    pub const USERS: &str = "https://experienceleague.adobe.com/en/docs/campaign-classic/using/technotes/ims/migrate-users-to-ims";
    /// Technical operators.
    pub const OPERATORS: &str = "https://experienceleague.adobe.com/en/docs/campaign-classic/using/technotes/ims/ims-migration";
    /// Restrictions.
    pub const RESTRICTIONS: &str = "https://experienceleague.adobe.com/en/docs/campaign-classic/using/technotes/ims/impact-ims-migration";
    /// v8 end users.
    pub const V8_USERS: &str = "https://experienceleague.adobe.com/en/docs/campaign/technotes-ac/tn-new/migrate-users-to-ims";
    /// v8 technical operators.
    pub const V8_OPERATORS: &str =
        "https://experienceleague.adobe.com/en/docs/campaign/technotes-ac/tn-new/ims-migration";
    /// JWT to OAuth Server-to-Server.
    pub const JWT: &str = "https://developer.adobe.com/developer-console/docs/guides/authentication/ServerToServerAuthentication/migration";
    /// Adobe's build-upgrade FAQ (upgrade days for managed and hosted instances).
    pub const BUILD_UPGRADE_FAQ: &str =
        "https://helpx.adobe.com/campaign/kb/build-upgrade-faq.html";
    /// The plan format reference (this project's docs).
    pub const FORMAT: &str = "";
}

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

/// Run every rule on a plan that loaded without errors.
pub fn check_all(cx: &mut RuleCx<'_>) -> Vec<crate::diagnostic::Finding> {
    let mut out = structure::check(cx.plan, cx.source);
    out.extend(cx.graph.cycles(cx.plan, cx.source));
    out.extend(schedule::check(cx.plan, cx.graph, cx.source));
    out.extend(schedule::window_moved(cx.plan, cx.graph, cx.source));
    out.extend(schedule::deadline_missed(cx.plan, cx.graph, cx.source));
    out.extend(versions::check(cx));
    out.extend(phases::check(cx));
    out.extend(operators::check(cx));
    out.extend(export::check(cx));
    out
}
