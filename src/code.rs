//! The code registry: every code the tool can emit, with its name, default severity
//! and the Adobe page it rests on. A leaf: it imports nothing from the crate.
//!
//! Codes are stable and never reused (SPEC §8). `P0xx` are structural checks (raised by
//! `load`, `graph` and `rules/structure.rs`); `IMS0xx` are Adobe's migration rules. Every
//! layer that raises or shows a finding names its code from here; the explain texts and
//! the checks live in `rules/`.

use std::fmt;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Informational.
    Info,
    /// Worth fixing; does not fail a run unless `--deny-warnings`.
    Warning,
    /// Fails the run.
    Error,
}

impl Severity {
    /// The word used in every output format.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

macro_rules! codes {
    ($($code:ident $name:literal $severity:ident $page:ident),+ $(,)?) => {
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

            /// Kebab-case name (`restrictions-version`).
            #[must_use]
            pub fn name(self) -> &'static str {
                match self { $(Code::$code => $name),+ }
            }

            /// Default severity.
            #[must_use]
            pub fn severity(self) -> Severity {
                match self { $(Code::$code => Severity::$severity),+ }
            }

            /// The Adobe page the rule rests on (empty for format rules).
            #[must_use]
            pub fn url(self) -> &'static str {
                match self { $(Code::$code => pages::$page),+ }
            }
        }
    };
}

codes!(
    P001 "yaml-syntax" Error FORMAT,
    P002 "schema" Error FORMAT,
    P003 "duplicate-step-id" Error FORMAT,
    P004 "unknown-environment" Error FORMAT,
    P005 "unknown-dependency" Error FORMAT,
    P006 "cycle" Error FORMAT,
    P007 "format-version" Error FORMAT,
    P008 "resource-limit" Error FORMAT,
    P009 "empty-environment" Warning FORMAT,
    P010 "duplicate-kind" Error FORMAT,
    IMS001 "incompatible-version" Error OVERVIEW,
    IMS002 "restrictions-version" Error RESTRICTIONS,
    IMS003 "restrictions-before-migrations" Error RESTRICTIONS,
    IMS004 "production-without-stage" Warning OVERVIEW,
    IMS005 "jwt-credential" Error JWT,
    IMS006 "downgrade" Error OVERVIEW,
    IMS007 "upgrade-target-incompatible" Error OVERVIEW,
    IMS008 "version-build" Error OVERVIEW,
    IMS009 "v8-before-migrations" Error V8_USERS,
    IMS010 "missing-core-step" Warning OVERVIEW,
    IMS011 "status-order" Error OVERVIEW,
    IMS012 "secret" Error OPERATORS,
    IMS013 "users-below-741" Warning USERS,
    IMS014 "window-missed" Warning OVERVIEW,
    IMS015 "operators-export" Error USERS,
    IMS016 "product-profile" Error OPERATORS,
    IMS017 "admin-profile" Warning USERS,
    IMS018 "v8-self-hosted" Error V8_OPERATORS,
);

impl Code {
    /// Parse a code, ignoring case.
    #[must_use]
    pub fn parse(text: &str) -> Option<Code> {
        Code::ALL
            .iter()
            .copied()
            .find(|c| c.as_str().eq_ignore_ascii_case(text.trim()))
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
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
    /// The plan format reference (this project's docs).
    pub const FORMAT: &str = "";
}
