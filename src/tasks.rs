//! The domain knowledge of the runbook as data: for each step kind × hosting, who acts
//! (DOMAIN.md §4), the concrete checklist (§3), how to verify, the cautions (§5), the
//! points of no return and the Adobe pages (§7). Review this table against DOMAIN.md.
//!
//! Templates may name placeholders in braces; `runbook::expand` fills them from the
//! plan (values already escaped for Markdown, user values as code spans). An item whose placeholder has no value
//! in this plan (no `operators-csv`, no extra allowed operators …) is left out.
//! - step: `{env}`, `{instances}`, `{to}`, `{contact}`, `{operators-csv}`, `{title}`,
//!   `{allowed}` (Adobe's default allowed operators plus the step's `allow-operators`),
//!   `{extra-allowed}` (the step's `allow-operators` only);
//! - per technical operator: `{name}`, `{instance}`, `{credential}`, `{profile}`;
//! - commands (inside a code block, raw): `{instance}` (one command per instance).

use crate::code::pages;
use crate::model::{Hosting, Kind};

/// Who acts on a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    /// Adobe does it.
    Adobe,
    /// The customer does it.
    Customer,
    /// Adobe and the customer each have a part.
    Both,
}

impl Actor {
    /// The word used in `plan` outputs.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Actor::Adobe => "adobe",
            Actor::Customer => "customer",
            Actor::Both => "adobe+customer",
        }
    }

    /// The words used in the runbook.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Actor::Adobe => "Adobe",
            Actor::Customer => "the customer",
            Actor::Both => "Adobe and the customer",
        }
    }
}

/// A shell command shown in a code block.
#[derive(Debug, Clone, Copy)]
pub struct Cmd {
    /// What it is for (Markdown, before the block).
    pub title: &'static str,
    /// The command, with `<placeholders>` for values the tool never knows.
    pub text: &'static str,
    /// Only from this Campaign version (the step's effective version).
    pub min_version: Option<&'static str>,
    /// Repeat the command for each of the environment's instances.
    pub per_instance: bool,
}

/// What the runbook says for one kind on some hostings.
#[derive(Debug, Clone, Copy)]
pub struct Tasks {
    /// The step kind.
    pub kind: Kind,
    /// The hostings this row covers.
    pub hostings: &'static [Hosting],
    /// Who acts.
    pub actor: Actor,
    /// Who does what, in one sentence (empty: nothing to add to the actor).
    pub who: &'static str,
    /// The checklist, in order.
    pub checklist: &'static [&'static str],
    /// Checklist items repeated for each technical operator of the step.
    pub per_operator: &'static [&'static str],
    /// Checklist items after the per-operator ones.
    pub finally: &'static [&'static str],
    /// Commands to run.
    pub commands: &'static [Cmd],
    /// How to verify the step worked.
    pub verify: &'static [&'static str],
    /// Cautions.
    pub cautions: &'static [&'static str],
    /// Points of no return (shown as banners).
    pub no_return: &'static [&'static str],
    /// The Adobe pages the step relies on.
    pub pages: &'static [&'static str],
}

const ADOBE_HOSTED: &[Hosting] = &[Hosting::Managed, Hosting::Hosted];
const HYBRID: &[Hosting] = &[Hosting::Hybrid];
const ON_PREMISE: &[Hosting] = &[Hosting::OnPremise];
const CUSTOMER_RUN: &[Hosting] = &[Hosting::Hybrid, Hosting::OnPremise];
const ALL: &[Hosting] = Hosting::ALL;

const SAME_BUILD: &str =
    "The client console must be on the server's version, ideally the same build.";
const RETEST: &str = "Re-test Message Center, the key workflows and the integrations";
const CONSOLE: &str = "Install the client console of the same build on every workstation (7.3 and later consoles use WebView2)";
const VERIFY_BUILD: &str =
    "Help > About in the client console shows version {to} and the expected build";
const NO_SIGN_OFF: &str = "After the sign-off no native operator may be created: only sign off once every user has signed in with an Adobe ID and has the rights they need.";
const NO_RESTRICTIONS: &str = "With the restrictions on, native operators can no longer be created, edited, merged, duplicated or renamed, nor have their passwords reset.";
const ADMIN_PROFILE: &str = "A product profile whose name contains `admin` gives Control Panel access: keep such names for real administrators.";
const EMAILS: &str = "Give every native operator a unique email (Operators > Contact points). In bulk: export the operators to CSV with a workflow, add the emails, re-import with \"update\" on Operators";
const EMAILS_CSV: &str = "Use the operators export {operators-csv} (imsplan checked that every native operator in it has a unique email)";
const VERIFY_USERS: &str = "In the operators list, add the columns Authentication Type and Account Disabled: every active operator uses Adobe ID";
const MIGRATIONS_DONE: &str =
    "Check that the end-user and technical-operator migrations of {env} are done and signed off";

/// Every row. A kind × hosting pair not listed falls back to the `custom` row.
pub static TASKS: &[Tasks] = &[
    Tasks {
        kind: Kind::Upgrade,
        hostings: ADOBE_HOSTED,
        actor: Actor::Adobe,
        who: "Adobe upgrades the build; the customer agrees the window and re-tests.",
        checklist: &[
            "Ask {contact} to upgrade {instances} to {to} (7.4.1 is the version Adobe recommends for the whole migration) and agree the window",
            CONSOLE,
            RETEST,
        ],
        per_operator: &[],
        finally: &[],
        commands: &[],
        verify: &[VERIFY_BUILD],
        cautions: &[SAME_BUILD],
        no_return: &[],
        pages: &[pages::OVERVIEW],
    },
    Tasks {
        kind: Kind::Upgrade,
        hostings: HYBRID,
        actor: Actor::Adobe,
        who: "Adobe upgrades the build on request; the customer prepares the servers it runs and re-tests.",
        checklist: &[
            "Ask {contact} to upgrade {instances} to {to} and agree the window",
            "For 7.4.1 or later: provide JDK 11 and, on RPM installs, the XML libraries on the servers you run",
            "Make sure every mid-sourcing server runs the same build or a newer one",
            CONSOLE,
            RETEST,
        ],
        per_operator: &[],
        finally: &[],
        commands: &[],
        verify: &[VERIFY_BUILD],
        cautions: &[SAME_BUILD],
        no_return: &[],
        pages: &[pages::OVERVIEW],
    },
    Tasks {
        kind: Kind::Upgrade,
        hostings: ON_PREMISE,
        actor: Actor::Customer,
        who: "The customer upgrades its own servers.",
        checklist: &[
            "Plan a window of 2 hours or more and tell the users",
            "Export your packages",
            "Back up the database and `serverConf.xml`",
            "For 7.4.1 or later: install JDK 11 and, on RPM installs, the XML libraries",
            "Stop the Campaign services",
            "Install build {to} on every server of {instances}",
            "Run the post-upgrade once, on the web server (command below)",
            "Resolve the conflicts the post-upgrade reports",
            "Restart the Campaign services",
            "Publish the client console setup",
            CONSOLE,
            "Make sure every mid-sourcing server runs the same build or a newer one",
            "Re-test Message Center",
        ],
        per_operator: &[],
        finally: &[],
        commands: &[Cmd {
            title: "Post-upgrade, once, on the web server:",
            text: "nlserver config -postupgrade -allinstances",
            min_version: None,
            per_instance: false,
        }],
        verify: &[VERIFY_BUILD, "The post-upgrade log holds no `>>>` error"],
        cautions: &[
            "No rollback is documented: the database and `serverConf.xml` backups are the only way back.",
            SAME_BUILD,
        ],
        no_return: &[],
        pages: &[pages::OVERVIEW],
    },
    Tasks {
        kind: Kind::MigrateUsers,
        hostings: ADOBE_HOSTED,
        actor: Actor::Both,
        who: "Adobe runs the automated migration; the customer adds the emails beforehand and signs off afterwards.",
        checklist: &[
            "Check with {contact} that Adobe has turned the operator groups and named rights into product profiles",
            EMAILS,
            EMAILS_CSV,
            "Confirm to {contact} that every native operator has a unique email",
            "Agree the 1-hour migration window with Adobe",
            "Tell the users: no service downtime, but during the window they are logged off and sign in again with an Adobe ID",
            "During the window: Adobe runs the automated migration",
            "After the window: check the operators (below) and sign off to Adobe",
        ],
        per_operator: &[],
        finally: &[],
        commands: &[],
        verify: &[
            VERIFY_USERS,
            "A few users of different groups sign in with their Adobe ID and see what they saw before",
        ],
        cautions: &[
            ADMIN_PROFILE,
            "Users who already sign in with an Adobe ID still need their product profiles migrated.",
        ],
        no_return: &[NO_SIGN_OFF],
        pages: &[pages::USERS],
    },
    Tasks {
        kind: Kind::MigrateUsers,
        hostings: CUSTOMER_RUN,
        actor: Actor::Customer,
        who: "The customer configures IMS and moves its users.",
        checklist: &[
            "Note the Experience Cloud organization name and ID",
            "Install the \"Integration with the Adobe Experience Cloud\" package",
            "Ask Adobe Customer Care for the IMS client id and client secret (keep the secret in your vault, never in the plan or this runbook)",
            "Configure the Adobe Experience Cloud external account: IMS client id and secret, an https callback URL, the organization ID and an association mask such as `Campaign - <tenant> - (.*)`",
            "Restart the Campaign server",
            EMAILS,
            EMAILS_CSV,
            "Make sure every operator group exists in Campaign, then create the users and the product profiles in the Admin Console",
            "Turn on \"Connect with an Adobe ID\" in each client console connection",
            "Sign off the migration with the business owners",
        ],
        per_operator: &[],
        finally: &[],
        commands: &[],
        verify: &[
            VERIFY_USERS,
            "A few users of different groups sign in with their Adobe ID and see what they saw before",
        ],
        cautions: &[
            ADMIN_PROFILE,
            "If the Adobe ID login fails, check: a single `Adobe_Marketing_Cloud` external account; the product context `dma_campaign_classic` (not `dma_campaign`); the production IMS URL (stage uses production IMS too); an association mask that matches the profiles (\"Login does not have any right matching the expression\"); an https callback; a restarted server; a cleared WebView2 cache in the console.",
        ],
        no_return: &[NO_SIGN_OFF],
        pages: &[pages::USERS],
    },
    Tasks {
        kind: Kind::MigrateOperators,
        hostings: ADOBE_HOSTED,
        actor: Actor::Customer,
        who: "The customer creates the technical accounts and switches the integrations; Adobe registers the credential on the instances.",
        checklist: &[
            "In the Adobe Developer Console, create or reuse a project and add the **Adobe Campaign** API with an **OAuth Server-to-Server** credential (never JWT)",
            "Check that Adobe created the product profile `campaign - <instance> - messagecenter` for Message Center calls; for marketing calls pick the profile of the instance and group",
            "Add the **I/O Management API** to the project (it reuses the credential) and check that both APIs show",
            "Ask {contact} to register the credential on {instances}",
            "Get a token and make a test SOAP call (commands below)",
        ],
        per_operator: &[
            "Replace {name} ({instance}): credential {credential}, product profile {profile}; switch every integration that uses it to the new credential (WSDL fetches need the header too)",
        ],
        finally: &[
            "Optional, marketing instances: copy the folder rights and named rights of each old operator to its new one (the new operator exists only after its first API call)",
            "When nothing uses an old technical operator any more, delete it (point of no return, below)",
        ],
        commands: &[TOKEN, SOAP],
        verify: &[
            "The token request answers with an access token and the test SOAP call succeeds",
            "The new technical operator shows in Campaign (only after its first API call)",
            "No integration still signs in with an old technical operator",
        ],
        cautions: &[
            "JWT (service account) credentials are deprecated: none can be created since 2024-06-03, and the forced conversion from 2026-03-01 breaks what is left.",
            "A technical account shows in Campaign only after its first API call.",
            "Never write the client secret into the plan, this runbook or a ticket.",
        ],
        no_return: &[
            "Deleting the old technical operators cannot be undone: delete them only when nothing uses them.",
        ],
        pages: &[pages::OPERATORS, pages::JWT],
    },
    Tasks {
        kind: Kind::MigrateOperators,
        hostings: CUSTOMER_RUN,
        actor: Actor::Customer,
        who: "The customer creates the technical accounts, registers them on its instances and switches the integrations.",
        checklist: &[
            "In the Adobe Developer Console, create or reuse a project and add the **Adobe Campaign** API with an **OAuth Server-to-Server** credential (never JWT)",
            "Create the product profile `campaign - <instance> - messagecenter` for Message Center calls; for marketing calls pick the profile of the instance and group",
            "Add the **I/O Management API** to the project (it reuses the credential) and check that both APIs show",
            "On 7.4.1 or later, register the credential on every instance with `setimsoauth` (command below; needs a Developer Console System Administrator)",
            "Get a token and make a test SOAP call (commands below)",
        ],
        per_operator: &[
            "Replace {name} ({instance}): credential {credential}, product profile {profile}; switch every integration that uses it to the new credential (WSDL fetches need the header too)",
        ],
        finally: &[
            "Optional, marketing instances: copy the folder rights and named rights of each old operator to its new one (the new operator exists only after its first API call)",
            "When nothing uses an old technical operator any more, delete it (point of no return, below)",
        ],
        commands: &[
            Cmd {
                title: "Register the credential (7.4.1 and later), on each instance; type the values at run time, never store the secret:",
                text: "nlserver config -instance:{instance} -setimsoauth:<org-id>/<client-id>/<tech-account-id>/<client-secret>",
                min_version: Some("7.4.1"),
                per_instance: true,
            },
            TOKEN,
            SOAP,
        ],
        verify: &[
            "The token request answers with an access token and the test SOAP call succeeds",
            "The new technical operator shows in Campaign (only after its first API call)",
            "No integration still signs in with an old technical operator",
        ],
        cautions: &[
            "JWT (service account) credentials are deprecated: none can be created since 2024-06-03, and the forced conversion from 2026-03-01 breaks what is left.",
            "A technical account shows in Campaign only after its first API call.",
            "Never write the client secret into the plan, this runbook, a ticket or a shell history file.",
        ],
        no_return: &[
            "Deleting the old technical operators cannot be undone: delete them only when nothing uses them.",
        ],
        pages: &[pages::OPERATORS, pages::JWT],
    },
    Tasks {
        kind: Kind::EnableRestrictions,
        hostings: ADOBE_HOSTED,
        actor: Actor::Adobe,
        who: "Adobe turns the restrictions on when the customer asks; the customer confirms completion.",
        checklist: &[
            MIGRATIONS_DONE,
            "Ask {contact} to turn on the UI and API restrictions of native authentication on {instances}",
            "Once Adobe confirms, tell Adobe the migration is complete so it can mark it complete",
        ],
        per_operator: &[],
        finally: &[],
        commands: &[],
        verify: &[
            "Creating or editing a native operator in the client console is refused",
            "Every integration still works with its technical account",
        ],
        cautions: &[],
        no_return: &[NO_RESTRICTIONS],
        pages: &[pages::RESTRICTIONS],
    },
    Tasks {
        kind: Kind::EnableRestrictions,
        hostings: CUSTOMER_RUN,
        actor: Actor::Customer,
        who: "The customer sets the restrictions in `serverConf.xml`.",
        checklist: &[
            MIGRATIONS_DONE,
            "Back up `serverConf.xml`",
            "In `serverConf.xml`, under `<shared><imsConfig>`, set `nonIMSOperatorMgmtInClientConsoleRestricted=\"true\"` (UI restriction)",
            "In the same place, set `<nonIMSAuthnAPI disableAPI=\"true\">` (API restriction)",
            "Keep the allowed native operators: {allowed}",
            "Add an `allowOperator` entry for each extra operator of this plan: {extra-allowed}",
            "Restart the Campaign services",
        ],
        per_operator: &[],
        finally: &[],
        commands: &[],
        verify: &[
            "Creating or editing a native operator in the client console is refused",
            "An API login with a native operator outside the allowed list is refused; the allowed operators still sign in",
            "Every integration still works with its technical account",
        ],
        cautions: &["Remove none of Adobe's default allowed operators: Campaign uses them itself."],
        no_return: &[NO_RESTRICTIONS],
        pages: &[pages::RESTRICTIONS],
    },
    Tasks {
        kind: Kind::MoveToV8,
        hostings: ALL,
        actor: Actor::Both,
        who: "Adobe moves the environment to Campaign v8 with the customer.",
        checklist: &[
            "Check that the end users and the technical operators of {env} are on IMS: native login is not allowed on v8",
            "Agree the move and its window with {contact}",
            "Check that every integration uses an OAuth Server-to-Server technical account (from 8.5.1 technical operators must use IMS)",
            "After the move, re-test the Adobe ID sign-in, Message Center and every integration",
        ],
        per_operator: &[],
        finally: &[],
        commands: &[],
        verify: &[
            "Users sign in with their Adobe ID; integrations call v8 with their technical accounts",
        ],
        cautions: &[
            "Campaign v8 runs only as an Adobe-managed cloud service.",
            "From 8.6 IMS is mandatory and no native operator can be created.",
        ],
        no_return: &[],
        pages: &[pages::V8_USERS, pages::V8_OPERATORS],
    },
    Tasks {
        kind: Kind::Custom,
        hostings: ALL,
        actor: Actor::Customer,
        who: "",
        checklist: &["{title}"],
        per_operator: &[],
        finally: &[],
        commands: &[],
        verify: &[],
        cautions: &[],
        no_return: &[],
        pages: &[pages::OVERVIEW],
    },
];

const TOKEN: Cmd = Cmd {
    title: "Get an access token (client credentials; the secret comes from your vault):",
    text: "curl -X POST 'https://ims-na1.adobelogin.com/ims/token/v3' \\\n  -d 'grant_type=client_credentials' \\\n  -d 'client_id=<client-id>' \\\n  -d 'client_secret=<client-secret>' \\\n  -d 'scope=<scopes listed in the Developer Console>'",
    min_version: None,
    per_instance: false,
};

const SOAP: Cmd = Cmd {
    title: "Test SOAP call with the token and an empty session token:",
    text: "curl -X POST 'https://<campaign-server>/nl/jsp/soaprouter.jsp' \\\n  -H 'Authorization: Bearer <token>' \\\n  -H 'Content-Type: text/xml; charset=utf-8' \\\n  -H 'SOAPAction: <namespace>#<method>' \\\n  --data @request.xml   # a SOAP envelope whose sessiontoken is empty",
    min_version: None,
    per_instance: false,
};

/// Adobe's default allowed native operators with restrictions on (DOMAIN.md §3 D).
pub const DEFAULT_ALLOWED: &[&str] = &[
    "admin",
    "aemserver",
    "campaign-loginmonitor",
    "internal|monitoring",
];

/// The row for a kind on a hosting.
#[must_use]
pub fn row(kind: Kind, hosting: Hosting) -> &'static Tasks {
    TASKS
        .iter()
        .find(|t| t.kind == kind && t.hostings.contains(&hosting))
        .or_else(|| TASKS.iter().find(|t| t.kind == Kind::Custom))
        .unwrap_or(&TASKS[0])
}

/// Who to ask at Adobe for an environment's hosting.
#[must_use]
pub fn contact(hosting: Hosting) -> &'static str {
    match hosting {
        Hosting::Managed => "your Adobe Transition Manager (ATM)",
        Hosting::Hosted | Hosting::Hybrid | Hosting::OnPremise => "Adobe Customer Care",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_and_hosting_has_exactly_one_row() {
        for &kind in Kind::ALL {
            for &hosting in Hosting::ALL {
                let n = TASKS
                    .iter()
                    .filter(|t| t.kind == kind && t.hostings.contains(&hosting))
                    .count();
                assert_eq!(n, 1, "{kind} on {hosting}");
            }
        }
    }

    #[test]
    fn who_acts_follows_domain_section_4() {
        use Hosting::{Hosted, Hybrid, Managed, OnPremise};
        let a = |k, h| row(k, h).actor;
        assert_eq!(a(Kind::Upgrade, Managed), Actor::Adobe);
        assert_eq!(a(Kind::Upgrade, Hybrid), Actor::Adobe);
        assert_eq!(a(Kind::Upgrade, OnPremise), Actor::Customer);
        assert_eq!(a(Kind::MigrateUsers, Hosted), Actor::Both);
        assert_eq!(a(Kind::MigrateUsers, Hybrid), Actor::Customer);
        assert_eq!(a(Kind::MigrateOperators, Managed), Actor::Customer);
        assert_eq!(a(Kind::EnableRestrictions, Managed), Actor::Adobe);
        assert_eq!(a(Kind::EnableRestrictions, OnPremise), Actor::Customer);
        assert_eq!(a(Kind::MoveToV8, OnPremise), Actor::Both);
    }

    #[test]
    fn no_template_holds_a_secret_shape() {
        for t in TASKS {
            for text in t.checklist.iter().chain(t.commands.iter().map(|c| &c.text)) {
                assert!(!text.contains("p8e-"), "{text}");
                assert!(!text.contains("eyJ"), "{text}");
            }
        }
    }
}
