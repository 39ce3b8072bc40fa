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
    P011 "duplicate-plan-name" Error FORMAT,
    IMS001 "incompatible-version" Error OVERVIEW,
    IMS002 "restrictions-version" Error RESTRICTIONS,
    IMS003 "restrictions-before-migrations" Error RESTRICTIONS,
    IMS004 "production-without-stage" Warning OVERVIEW,
    IMS005 "jwt-credential" Error JWT,
    IMS006 "downgrade" Error BUILD_FAQ,
    IMS007 "upgrade-target-incompatible" Error OVERVIEW,
    IMS008 "version-build" Error RN_2023,
    IMS009 "v8-before-migrations" Error V8_USERS,
    IMS010 "missing-core-step" Warning OVERVIEW,
    IMS011 "status-order" Error OVERVIEW,
    IMS012 "secret" Error OPERATORS,
    IMS013 "users-below-741" Warning USERS,
    IMS014 "window-missed" Warning USERS,
    IMS015 "operators-export" Error USERS,
    IMS016 "product-profile" Error OPERATORS,
    IMS017 "admin-profile" Warning USERS,
    IMS018 "v8-self-hosted" Error V8_FAQ,
    IMS019 "window-moved" Warning BUILD_FAQ,
    IMS020 "deadline-missed" Warning OVERVIEW,
    IMS021 "placeholder-left" Warning OPERATORS,
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

    /// A code or a rule name, ignoring case (`IMS013`, `users-below-741`).
    #[must_use]
    pub fn lookup(text: &str) -> Option<Code> {
        let text = text.trim();
        Code::parse(text).or_else(|| {
            Code::ALL
                .iter()
                .copied()
                .find(|c| c.name().eq_ignore_ascii_case(text))
        })
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The catalog of pages a runbook item or an explain claim may cite (DOMAIN.md §7).
///
/// Each constant is a page's address; `CATALOG` lists them with a title and the file of
/// Adobe's public doc sources that holds the text (`AdobeDocs/campaign-classic.en`,
/// `AdobeDocs/campaign.en`), so a review is a look-up: open the file, find the words.
/// A test fails when a task or a rule cites an address that is not in `CATALOG`.
pub mod pages {
    /// One page of the catalog.
    #[derive(Debug, Clone, Copy)]
    pub struct Page {
        /// The address, as cited.
        pub url: &'static str,
        /// A short title, shown as the link text in the runbook.
        pub title: &'static str,
        /// Where the text lives: `repository:path` of Adobe's doc sources, or this
        /// project's own file.
        pub source: &'static str,
    }

    /// The IMS migration overview (compatible versions, stage first, restrictions last).
    pub const OVERVIEW: &str =
        "https://experienceleague.adobe.com/en/docs/campaign-classic/using/technotes/ims/ac-ims";
    /// End users (v7).
    pub const USERS: &str = "https://experienceleague.adobe.com/en/docs/campaign-classic/using/technotes/ims/migrate-users-to-ims";
    /// Technical operators (v7).
    pub const OPERATORS: &str = "https://experienceleague.adobe.com/en/docs/campaign-classic/using/technotes/ims/ims-migration";
    /// Restrictions (v7, from 7.4.1).
    pub const RESTRICTIONS: &str = "https://experienceleague.adobe.com/en/docs/campaign-classic/using/technotes/ims/impact-ims-migration";
    /// v8 end users.
    pub const V8_USERS: &str = "https://experienceleague.adobe.com/en/docs/campaign/technotes-ac/tn-new/migrate-users-to-ims";
    /// v8 technical operators.
    pub const V8_OPERATORS: &str =
        "https://experienceleague.adobe.com/en/docs/campaign/technotes-ac/tn-new/ims-migration";
    /// JWT to OAuth Server-to-Server (Adobe Developer Console).
    pub const JWT: &str = "https://developer.adobe.com/developer-console/docs/guides/authentication/ServerToServerAuthentication/migration";
    /// Build upgrade FAQ: upgrade days, shutdown, rollback, console build, point of contact.
    pub const BUILD_FAQ: &str = "https://experienceleague.adobe.com/en/docs/campaign-classic/using/getting-started/faq/faq-build-upgrade";
    /// Performing a build upgrade: the on-premise procedure, Message Center, mid-sourcing.
    pub const BUILD_UPGRADE: &str = "https://experienceleague.adobe.com/en/docs/campaign-classic/using/monitoring-campaign-classic/updating-adobe-campaign/build-upgrade";
    /// Create your Adobe technical account (`setimsoauth`: Campaign's own Adobe integrations).
    pub const OAUTH_ACCOUNT: &str = "https://experienceleague.adobe.com/en/docs/campaign-classic/using/integrating-with-adobe-experience-cloud/oauth-technical-account";
    /// Configuring IMS (on-premise and hybrid: package, external account, mask).
    pub const CONFIGURING_IMS: &str = "https://experienceleague.adobe.com/en/docs/campaign-classic/using/installing-campaign-classic/connect-to-campaign/connecting-via-an-adobe-id/configuring-ims";
    /// IMS troubleshooting (product context, scopes, client id, callback).
    pub const IMS_TROUBLESHOOTING: &str = "https://experienceleague.adobe.com/en/docs/campaign-classic/using/installing-campaign-classic/connect-to-campaign/connecting-via-an-adobe-id/ims-troubleshooting";
    /// v7 release notes 2023: 7.3.2 to 7.3.5, the `.IMS` patches.
    pub const RN_2023: &str = "https://experienceleague.adobe.com/en/docs/campaign-classic/using/release-notes/previous-releases/release-2023";
    /// v7 release notes 2024: 7.4.1 (JDK 11, XML libraries, restrictions).
    pub const RN_2024: &str = "https://experienceleague.adobe.com/en/docs/campaign-classic/using/release-notes/previous-releases/release-2024";
    /// v7 release notes 2025: 7.4.2.
    pub const RN_2025: &str = "https://experienceleague.adobe.com/en/docs/campaign-classic/using/release-notes/previous-releases/release-2025";
    /// v7 latest release notes: 7.4.3 and 7.4.4.
    pub const RN_LATEST: &str = "https://experienceleague.adobe.com/en/docs/campaign-classic/using/release-notes/latest-release";
    /// v8 release notes 2023: 8.5.1 (technical operators "must now use" IMS).
    pub const V8_RN_2023: &str = "https://experienceleague.adobe.com/en/docs/campaign/campaign-v8/releases/previous-rn/release-notes-2023";
    /// Campaign v8 FAQ (v8 only as a Managed Cloud Service).
    pub const V8_FAQ: &str =
        "https://experienceleague.adobe.com/en/docs/campaign/campaign-v8/new/campaign-faq";
    /// Campaign v8 guardrails (not available on-premise or hybrid).
    pub const V8_GUARDRAILS: &str =
        "https://experienceleague.adobe.com/en/docs/campaign/campaign-v8/releases/ac-guardrails";
    /// The plan format reference (this project's docs): what format rules rest on.
    pub const FORMAT: &str = "";
    /// The plan format as a citable page of this project.
    pub const PLAN_FORMAT: &str = "docs/plan-format.md";

    /// Every page that may be cited, in the order the runbook and `explain` list them.
    pub const CATALOG: &[Page] = &[
        Page {
            url: OVERVIEW,
            title: "Migrate to IMS (v7)",
            source: "AdobeDocs/campaign-classic.en:help/technotes/using/ac-ims.md",
        },
        Page {
            url: USERS,
            title: "Migrate users to IMS (v7)",
            source: "AdobeDocs/campaign-classic.en:help/technotes/using/migrate-users-to-ims.md",
        },
        Page {
            url: OPERATORS,
            title: "Migrate technical operators (v7)",
            source: "AdobeDocs/campaign-classic.en:help/technotes/using/ims-migration.md",
        },
        Page {
            url: RESTRICTIONS,
            title: "Interface impact after IMS migration (v7)",
            source: "AdobeDocs/campaign-classic.en:help/technotes/using/impact-ims-migration.md",
        },
        Page {
            url: V8_USERS,
            title: "Migrate users to IMS (v8)",
            source: "AdobeDocs/campaign.en:help/technotes/upgrades/migrate-users-to-ims.md",
        },
        Page {
            url: V8_OPERATORS,
            title: "Migrate technical operators (v8)",
            source: "AdobeDocs/campaign.en:help/technotes/upgrades/ims-migration.md",
        },
        Page {
            url: JWT,
            title: "JWT to OAuth Server-to-Server",
            source: "Adobe Developer Console guide: ServerToServerAuthentication/migration",
        },
        Page {
            url: BUILD_FAQ,
            title: "Build upgrade FAQ",
            source: "AdobeDocs/campaign-classic.en:help/platform/using/faq-build-upgrade.md",
        },
        Page {
            url: BUILD_UPGRADE,
            title: "Perform a build upgrade",
            source: "AdobeDocs/campaign-classic.en:help/production/using/build-upgrade.md",
        },
        Page {
            url: OAUTH_ACCOUNT,
            title: "Create your Adobe technical account",
            source: "AdobeDocs/campaign-classic.en:help/integrations/using/oauth-technical-account.md",
        },
        Page {
            url: CONFIGURING_IMS,
            title: "Configure Adobe IMS",
            source: "AdobeDocs/campaign-classic.en:help/integrations/using/configuring-ims.md",
        },
        Page {
            url: IMS_TROUBLESHOOTING,
            title: "IMS troubleshooting",
            source: "AdobeDocs/campaign-classic.en:help/integrations/using/ims-troubleshooting.md",
        },
        Page {
            url: RN_2023,
            title: "Release notes 2023 (v7)",
            source: "AdobeDocs/campaign-classic.en:help/rn/using/release-2023.md",
        },
        Page {
            url: RN_2024,
            title: "Release notes 2024 (v7)",
            source: "AdobeDocs/campaign-classic.en:help/rn/using/release-2024.md",
        },
        Page {
            url: RN_2025,
            title: "Release notes 2025 (v7)",
            source: "AdobeDocs/campaign-classic.en:help/rn/using/release-2025.md",
        },
        Page {
            url: RN_LATEST,
            title: "Latest release notes (v7)",
            source: "AdobeDocs/campaign-classic.en:help/rn/using/latest-release.md",
        },
        Page {
            url: V8_RN_2023,
            title: "Release notes 2023 (v8)",
            source: "AdobeDocs/campaign.en:help/v8/start/release-notes-2023.md",
        },
        Page {
            url: V8_FAQ,
            title: "Campaign v8 FAQ",
            source: "AdobeDocs/campaign.en:help/v8/start/campaign-faq.md",
        },
        Page {
            url: V8_GUARDRAILS,
            title: "Campaign v8 guardrails",
            source: "AdobeDocs/campaign.en:help/v8/start/ac-guardrails.md",
        },
        Page {
            url: PLAN_FORMAT,
            title: "imsplan plan format",
            source: "docs/plan-format.md (this project)",
        },
    ];

    /// The catalog entry of an address, if it is one.
    #[must_use]
    pub fn page(url: &str) -> Option<&'static Page> {
        CATALOG.iter().find(|p| p.url == url)
    }

    /// One fact and the page that states it: a runbook item or an explain claim.
    #[derive(Debug, Clone, Copy)]
    pub struct Cited {
        /// The text (a runbook item template, or a claim of an explain text).
        pub text: &'static str,
        /// The catalog address of the page that states it.
        pub page: &'static str,
    }

    /// A fact with its page.
    #[must_use]
    pub const fn cite(page: &'static str, text: &'static str) -> Cited {
        Cited { text, page }
    }
}
