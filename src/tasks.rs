//! The domain knowledge of the runbook as data: for each step kind × hosting, who acts
//! (DOMAIN.md §4), the concrete checklist (§3), how to verify, the cautions (§5) and the
//! points of no return. Every text is a `Cited`: it carries the page of the catalog
//! (`code::pages::CATALOG`, DOMAIN.md §7) that states it, and the runbook shows those
//! pages beside each group. Review this table against the pages it cites. Longer than
//! ~500 lines on purpose: it is one table, read and reviewed against Adobe's pages in one
//! pass, and splitting it by kind would scatter the texts several rows share.
//!
//! Templates may name placeholders in braces; `runbook::expand` fills them from the
//! plan (values already escaped for Markdown, user values as code spans). An item whose placeholder has no value
//! in this plan (no `operators-csv`, no extra allowed operators …) is left out.
//! - step: `{env}`, `{instances}`, `{to}`, `{contact}`, `{operators-csv}`, `{title}`,
//!   `{allowed}` (Adobe's default allowed operators plus the step's `allow-operators`),
//!   `{extra-allowed}` (the step's `allow-operators` only); `{ims-patch}` and
//!   `{production}` are empty, and have a value only when the upgrade goes to a `.IMS`
//!   patch or the environment is a production one (an item for those cases only); so
//!   do `{v7}` and `{v8}`, by the Campaign version the step runs on (Adobe's v7 and v8
//!   pages differ on some points);
//! - per technical operator: `{name}`, `{instance}`, `{credential}`, `{profile}`;
//! - commands (inside a code block, raw): `{instance}` (one command per instance).

use crate::code::pages::{
    BUILD_FAQ, BUILD_UPGRADE, CONFIGURING_IMS, Cited, IMS_TROUBLESHOOTING, JWT, OPERATORS,
    OVERVIEW, PLAN_FORMAT, RESTRICTIONS, RN_2023, RN_2024, USERS, V8_FAQ, V8_GUARDRAILS,
    V8_OPERATORS, V8_USERS, cite,
};
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
    /// The page that gives the command.
    pub page: &'static str,
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
    /// Who does what, in one sentence.
    pub who: Cited,
    /// The checklist, in order.
    pub checklist: &'static [Cited],
    /// Checklist items repeated for each technical operator of the step.
    pub per_operator: &'static [Cited],
    /// Checklist items after the per-operator ones.
    pub finally: &'static [Cited],
    /// Commands to run.
    pub commands: &'static [Cmd],
    /// How to verify the step worked.
    pub verify: &'static [Cited],
    /// Cautions.
    pub cautions: &'static [Cited],
    /// Points of no return (shown as banners).
    pub no_return: &'static [Cited],
}

impl Tasks {
    /// Every cited text of the row (who, items, checks, cautions, banners), in order.
    pub fn cited(&self) -> impl Iterator<Item = &Cited> + '_ {
        std::iter::once(&self.who)
            .chain(self.checklist)
            .chain(self.per_operator)
            .chain(self.finally)
            .chain(self.verify)
            .chain(self.cautions)
            .chain(self.no_return)
    }
}

const ADOBE_HOSTED: &[Hosting] = &[Hosting::Managed, Hosting::Hosted];
const HYBRID: &[Hosting] = &[Hosting::Hybrid];
const ON_PREMISE: &[Hosting] = &[Hosting::OnPremise];
const CUSTOMER_RUN: &[Hosting] = &[Hosting::Hybrid, Hosting::OnPremise];
const ALL: &[Hosting] = Hosting::ALL;

// Upgrades.
const RECOMMENDED: Cited = cite(
    OVERVIEW,
    "Check the target: Adobe recommends 7.4.1 for the IMS migration, and the restrictions need 7.4.1 or later",
);
const IMS_PATCH: Cited = cite(
    RN_2023,
    "{ims-patch}A `.IMS` patch applies only to an environment where no other patch has been applied: check that with {contact} first",
);
const UPGRADE_DAYS: Cited = cite(
    BUILD_FAQ,
    "Upgrade days: Monday to Thursday, Fridays only for non-production instances; production is not changed on holidays",
);
const EXPORT_WORK: Cited = cite(
    BUILD_FAQ,
    "Before the upgrade, export as packages any critical work on the non-production instances (development, stage)",
);
const CONTACT_PERSON: Cited = cite(
    BUILD_FAQ,
    "{production}Give Adobe a point of contact who is reachable during and right after the production upgrade",
);
const FREEZE: Cited = cite(
    BUILD_FAQ,
    "Tell the users: during the upgrade nobody may create or deploy a campaign, query, workflow or delivery",
);
const JDK_XML: Cited = cite(
    RN_2024,
    "For 7.4.1 or later, on the servers you run: at least JDK 11 and, on RPM Linux installs, the XML libraries (no longer included in Campaign)",
);
const MID_SOURCING: Cited = cite(
    BUILD_UPGRADE,
    "With mid-sourcing: have Adobe Customer Care coordinate the mid-sourcing server's upgrade, which must always run the same version as the marketing servers or a more recent one",
);
const CONSOLE: Cited = cite(
    BUILD_FAQ,
    "Update the client console on every workstation: it must be on the same build as the server (after the upgrade it offers the update)",
);
const RETEST: Cited = cite(
    BUILD_FAQ,
    "Within 24 to 48 hours, run Adobe's post-upgrade checklist: console login, a test delivery, the critical workflows, Message Center and the integrations",
);
const VERIFY_BUILD: Cited = cite(
    BUILD_FAQ,
    "Help > About in the client console shows version {to} and the expected build, for the console and for the server",
);
const SHUTDOWN: Cited = cite(
    BUILD_FAQ,
    "The server is shut down during the upgrade: nobody can use the instance, Message Center sends no emails, workflows and deliveries stop; stopped processes resume after the restart.",
);
const ROLLBACK: Cited = cite(
    BUILD_FAQ,
    "Rollback: Adobe's plan is to restore the latest available backup (kept 7 days in Adobe data centers, 14 days on AWS); it takes about 4 hours on average, depending on the database size.",
);

// End users.
const PROFILES_FIRST: Cited = cite(
    USERS,
    "Before you start, ask {contact} to migrate your operator groups and named rights to product profiles in the Admin Console",
);
const IMS_USERS_ONLY: Cited = cite(
    USERS,
    "{v7}After the upgrade, create only IMS users: native users can still be created, but Adobe recommends IMS users only",
);
const V8_UPGRADE_FIRST: Cited = cite(
    V8_USERS,
    "{v8}Adobe upgrades the environment to 8.5.2 first; migrate before 8.6, from which native login is no longer allowed",
);
const EMAILS: Cited = cite(
    USERS,
    "Give every native operator a unique email: Administration > Access Management > Operators, the **Contact points** section of each operator",
);
const EMAILS_BULK: Cited = cite(
    V8_USERS,
    "In bulk: a workflow extracts the native operators to CSV (Query, Data extraction (file)), you add an email column, and a second workflow loads it back (Data loading (file), Update data on `Operators (xtk)`)",
);
const EMAILS_CSV: Cited = cite(
    USERS,
    "Use the operators export {operators-csv} (imsplan checked that every native operator in it has a unique email)",
);
const VERIFY_USERS: Cited = cite(
    USERS,
    "In the operators list, add the columns Authentication Type and Account Disabled: every end user you moved uses IMS; Adobe's allowed operators (`admin`, `aemserver`, …) and the technical operators not yet replaced still show native authentication",
);
const VERIFY_SIGN_IN: Cited = cite(
    USERS,
    "A few users of different operator groups sign in with their Adobe ID and keep the rights they had",
);
const ADMIN_PROFILE: Cited = cite(
    USERS,
    "A product profile whose name contains \"admin\" gives Control Panel access: keep such names for real administrators.",
);
const NO_SIGN_OFF: Cited = cite(
    USERS,
    "After the sign-off, no operator may be created with a login and password any more: sign off only once every user signs in with an Adobe ID and has the rights they need.",
);

// Technical operators.
const CUSTOM_GROUP: Cited = cite(
    OPERATORS,
    "If an integration calls the marketing instance through a custom operator group, create that group's product profile in the Admin Console",
);
const PROJECT: Cited = cite(
    OPERATORS,
    "In the Adobe Developer Console, create or reuse a project and add the **Adobe Campaign** API with an **OAuth Server-to-Server** credential",
);
const JWT_SWITCH: Cited = cite(
    JWT,
    "A project that still holds a Service Account (JWT) credential: add an OAuth Server-to-Server credential to the same project, switch the integrations, then delete the JWT credential (Adobe's zero-downtime migration)",
);
const PICK_PROFILES: Cited = cite(
    OPERATORS,
    "Select the product profiles: for Message Center calls the profile ending with `messagecenter`; for marketing calls the profile of the instance and operator group",
);
const IO_API: Cited = cite(
    OPERATORS,
    "Add the **I/O Management API** to the project (it reuses the OAuth Server-to-Server credential); the project shows both APIs and the OAuth Server-to-Server credential",
);
const TEST_CALL: Cited = cite(
    OPERATORS,
    "Validate before changing any integration: get an access token and make a test SOAP call (commands below)",
);
const INTEGRATIONS: Cited = cite(
    OPERATORS,
    "Update every third-party API integration that calls Campaign to use the new technical account: an `Authorization: Bearer <token>` header and an empty session token (WSDL fetches need the header too)",
);
const PER_OPERATOR: Cited = cite(
    OPERATORS,
    "Replace {name} ({instance}): credential {credential}, product profile {profile}; switch every integration that signs in as {name} to the new technical account",
);
const FIND_OPERATOR: Cited = cite(
    OPERATORS,
    "Find each new technical operator in Campaign by its **Technical Account Email** (Developer Console: the project's OAuth Server-to-Server credential, Credential details); it exists only after its first API call",
);
const RIGHTS: Cited = cite(
    OPERATORS,
    "Optional, marketing instances only: give each new technical operator the folder permissions and named rights its old operator had outside its operator groups",
);
const DELETE_OLD: Cited = cite(
    OPERATORS,
    "Once every third-party system uses its technical account, delete the old technical operators (Administration > Access Management > Operators)",
);
const VERIFY_TOKEN: Cited = cite(
    OPERATORS,
    "The token request answers with an access token and the test SOAP call succeeds",
);
const VERIFY_OPERATOR: Cited = cite(
    OPERATORS,
    "Each new technical operator shows in the operators list under its Technical Account Email",
);
const VERIFY_NO_OLD: Cited = cite(
    OPERATORS,
    "No integration still signs in with an old technical operator",
);
const JWT_END: Cited = cite(
    JWT,
    "Service Account (JWT) credentials reached end of life on 2025-06-30 and \"will not work after current certificates expire or March 1, 2026, whichever is earlier\": use OAuth Server-to-Server only.",
);
const DELETE_BEFORE_RESTRICTIONS: Cited = cite(
    RESTRICTIONS,
    "Delete the old technical operators before the restrictions are turned on: afterwards operators with native authentication can no longer be deleted from the client console.",
);
const NO_SECRET: Cited = cite(
    PLAN_FORMAT,
    "Never write a client secret into the plan, this runbook or a ticket, and never send it to anyone: keep it in your vault.",
);
const NO_OLD_OPERATORS: Cited = cite(
    OPERATORS,
    "Delete an old technical operator only once nothing signs in with it: whatever still does stops working.",
);

// Restrictions.
const MIGRATIONS_DONE: Cited = cite(
    RESTRICTIONS,
    "Check that the end-user and technical-operator migrations of {env} are done and the old technical operators deleted: once the restrictions are on, native operators can no longer be deleted",
);
const VERIFY_CONSOLE_REFUSED: Cited = cite(
    RESTRICTIONS,
    "In the client console, operators with native authentication can no longer be created, edited or deleted",
);
const VERIFY_NATIVE_REFUSED: Cited = cite(
    RESTRICTIONS,
    "A sign-in or API call with a native operator outside the allowed list is refused; the allowed operators still connect",
);
const VERIFY_INTEGRATIONS: Cited = cite(
    OPERATORS,
    "Every integration still works with its technical account",
);
const NO_RESTRICTIONS: Cited = cite(
    RESTRICTIONS,
    "The restrictions block new native user creation, native user login and API access for native operators: operators with native authentication can no longer be created, edited, updated or deleted from the client console, nor merged, duplicated, edited as XML or have their name, password, label or email changed or their password reset.",
);

/// Every row. A kind × hosting pair not listed falls back to the `custom` row.
pub static TASKS: &[Tasks] = &[
    Tasks {
        kind: Kind::Upgrade,
        hostings: ADOBE_HOSTED,
        actor: Actor::Adobe,
        who: cite(
            BUILD_UPGRADE,
            "Adobe's hosting team performs the upgrade; the customer agrees the date and tests.",
        ),
        checklist: &[
            cite(
                BUILD_FAQ,
                "Ask {contact} to upgrade {instances} to {to} and pick a date in the range Adobe offers",
            ),
            UPGRADE_DAYS,
            RECOMMENDED,
            IMS_PATCH,
            EXPORT_WORK,
            CONTACT_PERSON,
            FREEZE,
            CONSOLE,
            RETEST,
        ],
        per_operator: &[],
        finally: &[],
        commands: &[],
        verify: &[VERIFY_BUILD],
        cautions: &[SHUTDOWN, ROLLBACK],
        no_return: &[],
    },
    Tasks {
        kind: Kind::Upgrade,
        hostings: HYBRID,
        actor: Actor::Adobe,
        who: cite(
            BUILD_UPGRADE,
            "Adobe upgrades the build when the customer requests it; the customer prepares the servers it runs and tests.",
        ),
        checklist: &[
            cite(
                BUILD_UPGRADE,
                "Request the build upgrade of {instances} to {to} from Adobe's Technical Operations team ({contact} schedules the build dates) and agree the window",
            ),
            RECOMMENDED,
            IMS_PATCH,
            JDK_XML,
            EXPORT_WORK,
            MID_SOURCING,
            CONTACT_PERSON,
            FREEZE,
            CONSOLE,
            RETEST,
        ],
        per_operator: &[],
        finally: &[],
        commands: &[],
        verify: &[VERIFY_BUILD],
        cautions: &[SHUTDOWN, ROLLBACK],
        no_return: &[],
    },
    Tasks {
        kind: Kind::Upgrade,
        hostings: ON_PREMISE,
        actor: Actor::Customer,
        who: cite(
            BUILD_UPGRADE,
            "The customer's Campaign administrator performs the upgrade on its own servers.",
        ),
        checklist: &[
            cite(
                BUILD_UPGRADE,
                "Reserve at least 2 hours for the upgrade and share the contact details of Adobe and your staff",
            ),
            RECOMMENDED,
            IMS_PATCH,
            MID_SOURCING,
            cite(BUILD_UPGRADE, "Export any development work as packages"),
            cite(
                BUILD_UPGRADE,
                "Back up the databases of every instance in full and keep the latest server configuration file (`serverConf.xml`)",
            ),
            JDK_XML,
            cite(
                BUILD_UPGRADE,
                "Stop the Campaign services and check with `nlserver pdump` that no task is left",
            ),
            cite(
                BUILD_UPGRADE,
                "Install build {to} on every server of {instances}",
            ),
            cite(
                BUILD_UPGRADE,
                "Run the post-upgrade once, on the web application server only (command below)",
            ),
            cite(
                BUILD_UPGRADE,
                "Resolve the conflicts the post-upgrade reports (Administration > Configuration > Package management > Edit conflicts)",
            ),
            cite(BUILD_UPGRADE, "Restart the Campaign services"),
            cite(
                BUILD_UPGRADE,
                "Publish the client console setup on the application server: the client console must be on the same build as the server, and consoles offer the update at their next connection",
            ),
            cite(
                BUILD_UPGRADE,
                "With Message Center: upgrade the Message Center server too, run its post-upgrade, re-publish the Message Center templates and check that its emails arrive",
            ),
            RETEST,
        ],
        per_operator: &[],
        finally: &[],
        commands: &[Cmd {
            title: "Post-upgrade, once, on the web application server:",
            text: "nlserver config -postupgrade -allinstances",
            min_version: None,
            per_instance: false,
            page: BUILD_UPGRADE,
        }],
        verify: &[
            VERIFY_BUILD,
            cite(
                BUILD_UPGRADE,
                "The post-upgrade summary and log hold no `>>>` error, and every `>>` warning is resolved",
            ),
        ],
        cautions: &[cite(
            BUILD_FAQ,
            "Rollback: Adobe's plan is to restore the latest available backup, about 4 hours on average depending on the database size; on your servers that is the full database backup taken before the upgrade.",
        )],
        no_return: &[],
    },
    Tasks {
        kind: Kind::MigrateUsers,
        hostings: ADOBE_HOSTED,
        actor: Actor::Both,
        who: cite(
            USERS,
            "Adobe runs the automated migration; the customer adds the emails beforehand and signs off afterwards.",
        ),
        checklist: &[
            PROFILES_FIRST,
            V8_UPGRADE_FIRST,
            IMS_USERS_ONLY,
            EMAILS,
            EMAILS_BULK,
            EMAILS_CSV,
            cite(
                USERS,
                "Confirm to {contact} that every native operator has a unique email",
            ),
            cite(
                USERS,
                "Agree with Adobe the date of the 1-hour migration window (no downtime of any service)",
            ),
            cite(
                USERS,
                "Tell the users: during the window everyone logs off, then signs in again with their Adobe ID",
            ),
            cite(
                USERS,
                "During the window: Adobe runs the automated migration of the users and product profiles",
            ),
            cite(
                USERS,
                "After the window: check the operators (below) and sign off to {contact}",
            ),
        ],
        per_operator: &[],
        finally: &[],
        commands: &[],
        verify: &[VERIFY_USERS, VERIFY_SIGN_IN],
        cautions: &[
            ADMIN_PROFILE,
            cite(
                USERS,
                "Users who already sign in with an Adobe ID still need their product profiles migrated: plan it with {contact}.",
            ),
        ],
        no_return: &[NO_SIGN_OFF],
    },
    Tasks {
        kind: Kind::MigrateUsers,
        hostings: CUSTOMER_RUN,
        actor: Actor::Customer,
        who: cite(USERS, "The customer configures IMS and moves its users."),
        checklist: &[
            IMS_USERS_ONLY,
            cite(
                CONFIGURING_IMS,
                "Note the Adobe Experience Cloud organization name and ID, and add the users in the Experience Cloud",
            ),
            cite(
                CONFIGURING_IMS,
                "Install the latest client console and the built-in \"Integration with the Adobe Experience Cloud\" package",
            ),
            cite(
                CONFIGURING_IMS,
                "Configure the Adobe Experience Cloud external account: the IMS connection id and secret that Adobe Customer Care provides (keep the secret in your vault, never in the plan or this runbook), an https callback server, the organization ID and an association mask such as `Campaign - <tenant> - (.*)`",
            ),
            cite(
                IMS_TROUBLESHOOTING,
                "Restart the Campaign server after any change to the external account",
            ),
            EMAILS,
            EMAILS_BULK,
            EMAILS_CSV,
            cite(
                IMS_TROUBLESHOOTING,
                "Create the users and product profiles in the Adobe Admin Console: a profile's name is the association mask followed by the name of an operator group that exists in Campaign",
            ),
            cite(
                USERS,
                "Turn on \"Connect with an Adobe ID\" in each client console connection",
            ),
        ],
        per_operator: &[],
        finally: &[],
        commands: &[],
        verify: &[VERIFY_USERS, VERIFY_SIGN_IN],
        cautions: &[
            ADMIN_PROFILE,
            cite(
                IMS_TROUBLESHOOTING,
                "If the Adobe ID login fails, check: a single external account `Adobe_Marketing_Cloud`; the product context, `dma_campaign_classic` where the external account shows a Product Context field, else `dma_campaign`, the same in Campaign and the Experience Cloud; one production IMS server URL for stage and production; scopes that are a subset of those IMS provisions; the client id IMS provisioned; an https callback URL on the allowlist, linked to its own instance; an association mask that matches the operator groups (\"Login does not have any right matching the expression\"); a restarted server; a cleared WebView2 cache in the console.",
            ),
        ],
        no_return: &[cite(
            USERS,
            "Once the users are moved, create no operator with a login and password any more (Adobe recommends IMS users only after the upgrade): check that every user signs in with an Adobe ID and has the rights they need.",
        )],
    },
    Tasks {
        kind: Kind::MigrateOperators,
        hostings: ADOBE_HOSTED,
        actor: Actor::Customer,
        who: cite(
            OPERATORS,
            "The customer creates the technical accounts in the Adobe Developer Console and switches every integration to them.",
        ),
        checklist: &[
            cite(
                OPERATORS,
                "{v7}Check in the Admin Console that the product profile `campaign - <marketing instance> - messagecenter` exists for Message Center calls: Adobe creates it, for the marketing instance associated with the Message Center, during the upgrade or provisioning; if it is missing, ask {contact} before you start",
            ),
            cite(
                V8_OPERATORS,
                "{v8}Check in the Admin Console that the product profile for Message Center calls exists, `campaign - <your campaign instance> - messagecenter` on Adobe's v8 page: Adobe creates it during the upgrade to 8.5 or provisioning; if it is missing, ask {contact} before you start",
            ),
            CUSTOM_GROUP,
            PROJECT,
            JWT_SWITCH,
            PICK_PROFILES,
            IO_API,
            TEST_CALL,
            INTEGRATIONS,
        ],
        per_operator: &[PER_OPERATOR],
        finally: &[FIND_OPERATOR, RIGHTS, DELETE_OLD],
        commands: &[TOKEN, SOAP],
        verify: &[VERIFY_TOKEN, VERIFY_OPERATOR, VERIFY_NO_OLD],
        cautions: &[JWT_END, DELETE_BEFORE_RESTRICTIONS, NO_SECRET],
        no_return: &[NO_OLD_OPERATORS],
    },
    Tasks {
        kind: Kind::MigrateOperators,
        hostings: CUSTOMER_RUN,
        actor: Actor::Customer,
        who: cite(
            OPERATORS,
            "The customer creates the technical accounts and their product profiles and switches every integration to them.",
        ),
        checklist: &[
            cite(
                OPERATORS,
                "Create the product profile `campaign - <your campaign instance> - messagecenter` in the Admin Console for Message Center calls",
            ),
            CUSTOM_GROUP,
            PROJECT,
            JWT_SWITCH,
            PICK_PROFILES,
            IO_API,
            TEST_CALL,
            INTEGRATIONS,
        ],
        per_operator: &[PER_OPERATOR],
        finally: &[FIND_OPERATOR, RIGHTS, DELETE_OLD],
        commands: &[TOKEN, SOAP],
        verify: &[VERIFY_TOKEN, VERIFY_OPERATOR, VERIFY_NO_OLD],
        cautions: &[JWT_END, DELETE_BEFORE_RESTRICTIONS, NO_SECRET],
        no_return: &[NO_OLD_OPERATORS],
    },
    Tasks {
        kind: Kind::EnableRestrictions,
        hostings: ADOBE_HOSTED,
        actor: Actor::Adobe,
        who: cite(
            RESTRICTIONS,
            "Adobe enables the restrictions when the customer asks; Adobe then marks the migration complete.",
        ),
        checklist: &[
            MIGRATIONS_DONE,
            cite(
                RESTRICTIONS,
                "{v7}Ask {contact} to enable the UI and API restrictions of native authentication on {instances}",
            ),
            cite(
                USERS,
                "{v7}Confirm to {contact} that the migration is complete: Adobe then marks it complete",
            ),
            cite(
                V8_USERS,
                "{v8}Confirm to {contact} that the migration is complete: Adobe then marks it complete and blocks new native user creation and native user login",
            ),
        ],
        per_operator: &[],
        finally: &[],
        commands: &[],
        verify: &[
            VERIFY_CONSOLE_REFUSED,
            VERIFY_NATIVE_REFUSED,
            VERIFY_INTEGRATIONS,
        ],
        cautions: &[],
        no_return: &[NO_RESTRICTIONS],
    },
    Tasks {
        kind: Kind::EnableRestrictions,
        hostings: CUSTOMER_RUN,
        actor: Actor::Customer,
        who: cite(
            RESTRICTIONS,
            "The customer enables the restrictions in the instance configuration file.",
        ),
        checklist: &[
            MIGRATIONS_DONE,
            cite(
                RESTRICTIONS,
                "UI restriction: in the `<imsConfig>` section of the instance configuration file (`<serverConf><shared><imsConfig>`), set the element `<nonIMSOperatorMgmtInClientConsole nonIMSOperatorMgmtInClientConsoleRestricted=\"true\"/>`",
            ),
            cite(
                RESTRICTIONS,
                "API restriction: in the same section, set `<nonIMSAuthnAPI disableAPI=\"true\">`",
            ),
            cite(
                RESTRICTIONS,
                "Keep the `allowOperator` elements inside `<nonIMSAuthnAPI>`: {allowed}",
            ),
            cite(
                RESTRICTIONS,
                "Add an `allowOperator` element for each extra operator of this plan: {extra-allowed}",
            ),
        ],
        per_operator: &[],
        finally: &[],
        commands: &[],
        verify: &[
            VERIFY_CONSOLE_REFUSED,
            VERIFY_NATIVE_REFUSED,
            VERIFY_INTEGRATIONS,
        ],
        cautions: &[cite(
            RESTRICTIONS,
            "Adobe's default allowed operators are enabled by default and must not be modified: Campaign needs them.",
        )],
        no_return: &[NO_RESTRICTIONS],
    },
    Tasks {
        kind: Kind::MoveToV8,
        hostings: ALL,
        actor: Actor::Both,
        who: cite(
            V8_FAQ,
            "Adobe moves the environment to Campaign v8, a Managed Cloud Service, with the customer.",
        ),
        checklist: &[
            cite(
                V8_FAQ,
                "Agree the move and its window with {contact}: Campaign v8 is only available as a Managed Cloud Service, fully hosted by Adobe",
            ),
            cite(
                V8_USERS,
                "Check that the end users of {env} sign in with their Adobe ID: from 8.6 native login is no longer allowed (the v8 end-user procedure also applies to v7 managed services customers moving to v8)",
            ),
            cite(
                V8_OPERATORS,
                "Check that every integration uses an OAuth Server-to-Server technical account: technical operators can use IMS from 8.5, and it is mandatory from 8.6",
            ),
        ],
        per_operator: &[],
        finally: &[],
        commands: &[],
        verify: &[
            cite(V8_USERS, "Users sign in to v8 with their Adobe ID"),
            cite(
                V8_OPERATORS,
                "Every integration calls v8 with its technical account",
            ),
        ],
        cautions: &[
            cite(
                V8_GUARDRAILS,
                "Campaign v8 is not available for on-premise or hybrid deployments: it is only released as an Adobe Managed Cloud Service.",
            ),
            cite(
                V8_USERS,
                "From 8.6 all operators connect with Adobe IMS only: native login is no longer allowed.",
            ),
        ],
        no_return: &[],
    },
    Tasks {
        kind: Kind::Custom,
        hostings: ALL,
        actor: Actor::Customer,
        who: cite(
            PLAN_FORMAT,
            "The plan's own step: its owner carries it out.",
        ),
        checklist: &[cite(PLAN_FORMAT, "{title}")],
        per_operator: &[],
        finally: &[],
        commands: &[],
        verify: &[],
        cautions: &[],
        no_return: &[],
    },
];

const TOKEN: Cmd = Cmd {
    title: "Get an access token (client credentials; the secret comes from your vault):",
    text: "curl -X POST 'https://ims-na1.adobelogin.com/ims/token/v3' \\\n  -d 'grant_type=client_credentials' \\\n  -d 'client_id=<client-id>' \\\n  -d 'client_secret=<client-secret>' \\\n  -d 'scope=<scopes listed in the Developer Console>'",
    min_version: None,
    per_instance: false,
    page: OPERATORS,
};

const SOAP: Cmd = Cmd {
    title: "Test SOAP call with the token and an empty session token:",
    text: "curl -X POST 'https://<campaign-server>/nl/jsp/soaprouter.jsp' \\\n  -H 'Authorization: Bearer <token>' \\\n  -H 'Content-Type: text/xml; charset=utf-8' \\\n  -H 'SOAPAction: <namespace>#<method>' \\\n  --data @request.xml   # a SOAP envelope whose sessiontoken is empty",
    min_version: None,
    per_instance: false,
    page: OPERATORS,
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
    use crate::code::pages;

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
            for text in t
                .cited()
                .map(|c| c.text)
                .chain(t.commands.iter().map(|c| c.text))
            {
                assert!(!text.contains("p8e-"), "{text}");
                assert!(!text.contains("eyJ"), "{text}");
            }
        }
    }

    #[test]
    fn every_text_cites_a_page_of_the_catalog() {
        for t in TASKS {
            let what = format!("{} on {:?}", t.kind, t.hostings);
            assert!(!t.checklist.is_empty(), "{what}: no checklist");
            for c in t.cited() {
                assert!(!c.text.trim().is_empty(), "{what}: an empty text");
                assert!(
                    pages::page(c.page).is_some(),
                    "{what}: `{}` cites `{}`, not a page of the catalog",
                    c.text,
                    c.page
                );
            }
            for c in t.commands {
                assert!(
                    pages::page(c.page).is_some(),
                    "{what}: command `{}`",
                    c.text
                );
            }
            // Adobe's steps rest on Adobe's pages; only `custom` rests on the plan itself.
            if t.kind != Kind::Custom {
                assert!(
                    t.cited()
                        .all(|c| c.page != PLAN_FORMAT || c.text.contains("secret")),
                    "{what}: a built-in step must cite Adobe"
                );
            }
        }
    }
}
