//! The plan as the rest of the tool sees it: every field of SPEC §2, typed, with the
//! byte span of each value a rule may point at.
//!
//! The structs are filled by `load/` (which owns all YAML handling) and describe the
//! JSON Schema through `schemars`: the doc comments on the fields are the schema's
//! descriptions, so they are written for the person editing a plan.

use std::fmt;

use schemars::JsonSchema;

use crate::span::{Sp, Span};

mod calendar;
mod dropped;
pub use calendar::{Calendar, Freeze, Hours};
pub use dropped::Dropped;

/// An Adobe Campaign IMS migration plan (format 1).
#[derive(Debug, Clone, JsonSchema)]
#[schemars(
    rename_all = "kebab-case",
    deny_unknown_fields,
    title = "imsplan plan",
    extend("patternProperties" = { "^x-": {} })
)]
pub struct Plan {
    /// Version of the plan format. Must be the integer `1`.
    #[schemars(with = "FormatSchema")]
    pub format: Span,
    /// Id of the plan: lower-case letters, digits, `.`, `_` and `-`, starting with a letter or digit.
    #[schemars(with = "IdSchema")]
    pub name: Sp<String>,
    /// Human title of the plan, shown at the top of the runbook.
    #[schemars(with = "Option<String>")]
    pub title: Option<Sp<String>>,
    /// Where the programme ends: `ims` (native login replaced by Adobe IMS, the default) or `v8` (every environment on Campaign v8).
    #[schemars(with = "Option<Target>")]
    pub target: Option<Sp<Target>>,
    /// How end-user and technical-operator migrations are ordered: `strict` (users, then operators; the default) or `parallel-migrations` (both right after the upgrade; Adobe allows it).
    #[schemars(with = "Option<Ordering>")]
    pub ordering: Option<Sp<Ordering>>,
    /// Earliest start of the programme (RFC 3339, e.g. `2026-12-07T08:00:00Z`). Enables the schedule: dates, slack and the critical path.
    #[schemars(with = "Option<TimestampSchema>")]
    pub start: Option<Sp<jiff::Timestamp>>,
    /// IANA time zone of the programme, e.g. `Europe/Paris` (default `UTC`). Every time a person reads is shown in it, JSON times carry its offset, and calendars (working days, hours, holidays, freezes) are read in it.
    #[schemars(with = "Option<TimeZoneSchema>")]
    pub timezone: Option<Sp<String>>,
    /// The resolved time zone (`UTC` unless `timezone` is set).
    #[schemars(skip)]
    pub zone: jiff::tz::TimeZone,
    /// When steps may start: working days, working hours, holidays and change freezes, read in the plan's `timezone`. Environments may set their own `calendar`; each key they set replaces the plan's.
    pub calendar: Option<Calendar>,
    /// The programme must finish by this time: RFC 3339, or a day (`2027-03-31`) meaning the end of that day in the plan's `timezone`. A schedule that finishes later gets IMS020.
    #[schemars(with = "Option<DeadlineSchema>")]
    pub deadline: Option<Sp<jiff::Timestamp>>,
    /// The Campaign environments, by id, in promotion order (development, stage, production).
    #[schemars(
        with = "std::collections::BTreeMap<String, Environment>",
        extend("propertyNames" = { "pattern": "^[a-z0-9][a-z0-9._-]*$" })
    )]
    pub environments: Vec<Environment>,
    /// The steps of the migration. Order matters only inside a wave.
    pub steps: Vec<Step>,
    /// Environment index by id, so `env` is a constant-time look-up.
    #[schemars(skip)]
    pub(crate) env_index: std::collections::HashMap<String, usize>,
    /// What loading dropped because it was broken (empty when the plan loaded without
    /// errors); the rules skip what it would have fed.
    #[schemars(skip)]
    pub dropped: Dropped,
}

impl Plan {
    /// The plan's target, `ims` unless set.
    #[must_use]
    pub fn target(&self) -> Target {
        self.target.as_ref().map_or(Target::Ims, |t| t.value)
    }

    /// The plan's ordering, `strict` unless set.
    #[must_use]
    pub fn ordering(&self) -> Ordering {
        self.ordering.as_ref().map_or(Ordering::Strict, |o| o.value)
    }

    /// The environment with this id.
    #[must_use]
    pub fn env(&self, id: &str) -> Option<(usize, &Environment)> {
        crate::work::add(1);
        let &i = self.env_index.get(id)?;
        Some((i, &self.environments[i]))
    }

    /// Index the environments by id (environment ids are unique: a repeated one is a
    /// duplicate YAML key, rejected by the loader).
    pub(crate) fn index_environments(&mut self) {
        self.env_index = self
            .environments
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.value.clone(), i))
            .collect();
    }
}

/// One Campaign environment (a set of instances at one version).
#[derive(Debug, Clone, JsonSchema)]
#[schemars(
    rename_all = "kebab-case",
    deny_unknown_fields,
    extend("patternProperties" = { "^x-": {} })
)]
pub struct Environment {
    /// The environment's id (its key under `environments`).
    #[schemars(skip)]
    pub id: Sp<String>,
    /// What the environment is for: `development`, `stage` or `production`.
    #[schemars(with = "Role")]
    pub role: Sp<Role>,
    /// Who runs it: `managed` (Adobe Managed Services), `hosted` (other Adobe hosting), `hybrid` or `on-premise`.
    #[schemars(with = "Hosting")]
    pub hosting: Sp<Hosting>,
    /// Campaign version running today, e.g. `7.3.5`, `7.3.3.IMS` or `8.6.1`.
    #[schemars(with = "VersionSchema")]
    pub version: Sp<String>,
    /// Build number running today, e.g. `9368`. Must match `version` when given.
    #[schemars(with = "Option<BuildSchema>")]
    pub build: Option<Sp<String>>,
    /// The Campaign instances of this environment: a list of names (`[acme-mkt-stage, acme-mc-stage]`), or a map from name to role, `marketing` or `message-center` (`{acme-mkt-stage: marketing, acme-mc-stage: message-center}`). When given, product profiles must name one of them; with roles, a managed or hosted Message Center profile must name a marketing instance.
    #[schemars(with = "Option<InstancesSchema>")]
    pub instances: Option<Vec<Sp<String>>>,
    /// The role of each instance, in the order of `instances`, when they are given as a map.
    #[schemars(skip)]
    pub instance_roles: Option<Vec<Sp<Instance>>>,
    /// Environments this one promotes from: each phase runs there first. Omitted: production follows every stage, stage every development. `[]`: none.
    #[schemars(with = "Option<Vec<IdSchema>>")]
    pub after: Option<Vec<Sp<String>>>,
    /// This environment's own working calendar; each key set here replaces the plan's `calendar` key of the same name.
    pub calendar: Option<Calendar>,
    /// Every step of this environment must finish by this time: RFC 3339, or a day (`2027-03-31`) meaning the end of that day in the plan's `timezone`; IMS020 otherwise.
    #[schemars(with = "Option<DeadlineSchema>")]
    pub deadline: Option<Sp<jiff::Timestamp>>,
}

impl Environment {
    /// The role of a listed instance (names compared ignoring case); `None` when the
    /// instance is not listed or `instances` is a list (roles unknown).
    #[must_use]
    pub fn instance_role(&self, name: &str) -> Option<Instance> {
        let names = self.instances.as_ref()?;
        let roles = self.instance_roles.as_ref()?;
        names
            .iter()
            .zip(roles)
            .find(|(n, _)| n.value.eq_ignore_ascii_case(name))
            .map(|(_, r)| r.value)
    }

    /// The instances with this role (empty when roles are unknown).
    #[must_use]
    pub fn instances_with(&self, role: Instance) -> Vec<&str> {
        match (&self.instances, &self.instance_roles) {
            (Some(names), Some(roles)) => names
                .iter()
                .zip(roles)
                .filter(|(_, r)| r.value == role)
                .map(|(n, _)| n.value.as_str())
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// One step of the migration.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(
    rename_all = "kebab-case",
    deny_unknown_fields,
    extend(
        "patternProperties" = { "^x-": {} },
        "allOf" = [
            {
                "if": { "properties": { "kind": { "const": "upgrade" } }, "required": ["kind"] },
                "then": { "required": ["to"] }
            },
            {
                "if": { "properties": { "kind": { "const": "custom" } }, "required": ["kind"] },
                "then": { "required": ["title"] }
            }
        ]
    )
)]
pub struct Step {
    /// Unique id of the step.
    #[schemars(with = "IdSchema")]
    pub id: Sp<String>,
    /// Id of the environment the step acts on.
    #[schemars(with = "IdSchema")]
    pub env: Sp<String>,
    /// What the step does: `upgrade`, `migrate-users`, `migrate-operators`, `enable-restrictions`, `move-to-v8` or `custom`.
    #[schemars(with = "Kind")]
    pub kind: Sp<Kind>,
    /// Short human title (the runbook shows it); required on `custom` steps, which are known by it.
    #[schemars(with = "Option<String>")]
    pub title: Option<Sp<String>>,
    /// `upgrade` only: the Campaign version to upgrade to, e.g. `7.4.1`.
    #[schemars(with = "Option<VersionSchema>")]
    pub to: Option<Sp<String>>,
    /// How long the step takes: `90m`, `2h`, `1h30m`, `2d`, or ISO 8601 (`PT2H`).
    #[schemars(with = "Option<DurationSchema>")]
    pub duration: Option<Sp<jiff::SignedDuration>>,
    /// The step may not start before this time (RFC 3339), e.g. an agreed maintenance window.
    #[schemars(with = "Option<TimestampSchema>")]
    pub not_before: Option<Sp<jiff::Timestamp>>,
    /// The step must finish by this time: RFC 3339, or a day (`2027-03-31`) meaning the end of that day in the plan's `timezone`; IMS020 otherwise.
    #[schemars(with = "Option<DeadlineSchema>")]
    pub deadline: Option<Box<Sp<jiff::Timestamp>>>,
    /// When the step actually started (RFC 3339); `imsplan mark --status in-progress` writes it.
    #[schemars(with = "Option<TimestampSchema>")]
    pub started: Option<Box<Sp<jiff::Timestamp>>>,
    /// When the step actually finished (RFC 3339); `imsplan mark --status done` writes it.
    #[schemars(with = "Option<TimestampSchema>")]
    pub finished: Option<Box<Sp<jiff::Timestamp>>>,
    /// Who is responsible (free text).
    #[schemars(with = "Option<String>")]
    pub owner: Option<Sp<String>>,
    /// Progress: `todo` (default), `in-progress`, `done` or `skipped`.
    #[schemars(with = "Option<Status>")]
    pub status: Option<Sp<Status>>,
    /// Link or reference proving the step was done (ticket, sign-off mail).
    #[schemars(with = "Option<String>")]
    pub evidence: Option<Box<Sp<String>>>,
    /// `migrate-users` only: CSV export of the operators (`name`, `email`, optional `type`), relative to the plan file.
    #[schemars(with = "Option<String>")]
    pub operators_csv: Option<Box<Sp<String>>>,
    /// `migrate-operators` only: the technical operators to replace with Developer Console technical accounts.
    pub operators: Option<Vec<Operator>>,
    /// `enable-restrictions` on `hybrid`/`on-premise` only: native operators still allowed besides Adobe's defaults.
    #[schemars(with = "Option<Vec<String>>")]
    pub allow_operators: Option<Vec<Sp<String>>>,
    /// Steps that must finish before this one starts (step ids).
    #[schemars(with = "Option<Vec<IdSchema>>")]
    pub after: Option<Vec<Sp<String>>>,
    /// Free text (Markdown) shown in the runbook.
    #[schemars(with = "Option<String>")]
    pub notes: Option<Sp<String>>,
    /// Span of the step's mapping (its first key), for findings about the whole step.
    #[schemars(skip)]
    pub at: Span,
}

impl Step {
    /// The step's status, `todo` unless set.
    #[must_use]
    pub fn status(&self) -> Status {
        self.status.as_ref().map_or(Status::Todo, |s| s.value)
    }

    /// The dependencies named in `after`.
    pub fn after(&self) -> impl Iterator<Item = &Sp<String>> {
        self.after.iter().flatten()
    }
}

/// A technical operator that external systems use for API calls.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Operator {
    /// The operator's name in Campaign.
    #[schemars(with = "String")]
    pub name: Sp<String>,
    /// Which instance it calls: `marketing` or `message-center`.
    #[schemars(with = "Instance")]
    pub instance: Sp<Instance>,
    /// The replacement credential: `oauth-server-to-server` (use this) or `jwt` (deprecated, broken since 2026-03-01).
    #[schemars(with = "Credential")]
    pub credential: Sp<Credential>,
    /// Admin Console product profile, `campaign - <instance> - <group>` (Message Center: group `messagecenter`).
    #[schemars(with = "Option<String>")]
    pub profile: Option<Sp<String>>,
}

macro_rules! keyword_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, JsonSchema)]
        pub enum $name {
            $($(#[$vmeta])* #[schemars(rename = $text)] $variant),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The keyword as written in a plan.
            #[must_use]
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Parse the keyword as written in a plan.
            #[must_use]
            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some($name::$variant),)+ _ => None }
            }

            /// Every keyword, for messages and did-you-mean.
            #[must_use]
            pub fn keywords() -> Vec<&'static str> {
                Self::ALL.iter().map(|v| v.as_str()).collect()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

keyword_enum!(
    /// Where the programme ends.
    Target { Ims = "ims", V8 = "v8" }
);
keyword_enum!(
    /// How the two migrations are ordered.
    Ordering { Strict = "strict", ParallelMigrations = "parallel-migrations" }
);
keyword_enum!(
    /// What an environment is for.
    Role { Development = "development", Stage = "stage", Production = "production" }
);
keyword_enum!(
    /// Who runs an environment.
    Hosting { Managed = "managed", Hosted = "hosted", Hybrid = "hybrid", OnPremise = "on-premise" }
);
keyword_enum!(
    /// What a step does.
    Kind {
        Upgrade = "upgrade",
        MigrateUsers = "migrate-users",
        MigrateOperators = "migrate-operators",
        EnableRestrictions = "enable-restrictions",
        MoveToV8 = "move-to-v8",
        Custom = "custom",
    }
);
keyword_enum!(
    /// Progress of a step.
    Status { Todo = "todo", InProgress = "in-progress", Done = "done", Skipped = "skipped" }
);
keyword_enum!(
    /// A day of the week.
    Weekday { Mon = "mon", Tue = "tue", Wed = "wed", Thu = "thu", Fri = "fri", Sat = "sat", Sun = "sun" }
);
keyword_enum!(
    /// Which kind of instance a technical operator calls.
    Instance { Marketing = "marketing", MessageCenter = "message-center" }
);
keyword_enum!(
    /// The credential of a technical account.
    Credential { OauthServerToServer = "oauth-server-to-server", Jwt = "jwt" }
);

impl Hosting {
    /// Adobe runs the instance (Managed Services or other Adobe hosting).
    #[must_use]
    pub fn adobe_hosted(self) -> bool {
        matches!(self, Hosting::Managed | Hosting::Hosted)
    }
}

impl Kind {
    /// The phase of a built-in kind (SPEC §3), `None` for `custom`.
    #[must_use]
    pub fn phase(self) -> Option<u8> {
        match self {
            Kind::Upgrade => Some(1),
            Kind::MigrateUsers => Some(2),
            Kind::MigrateOperators => Some(3),
            Kind::EnableRestrictions => Some(4),
            Kind::MoveToV8 => Some(5),
            Kind::Custom => None,
        }
    }
}

impl Status {
    /// Done or skipped: the step no longer holds anything up.
    #[must_use]
    pub fn is_closed(self) -> bool {
        matches!(self, Status::Done | Status::Skipped)
    }
}

// Schema-only helper types: they describe a field's JSON shape where the Rust type
// (a span, a parsed date) has no schema of its own.

/// The plan format version.
#[derive(JsonSchema)]
#[schemars(extend("const" = 1))]
#[allow(dead_code)]
struct FormatSchema(u8);

/// An id: lower-case letters, digits, `.`, `_` and `-`, starting with a letter or digit.
#[derive(JsonSchema)]
#[schemars(extend("pattern" = "^[a-z0-9][a-z0-9._-]*$"))]
#[allow(dead_code)]
struct IdSchema(String);

/// A Campaign instance name: letters, digits, `_` and `-`, starting with a letter or digit, at most 64 characters (`acme-mkt-prod`).
#[derive(JsonSchema)]
#[schemars(extend("pattern" = "^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"))]
#[allow(dead_code)]
struct InstanceSchema(String);

/// Instance names, or a map from instance name to its role.
#[derive(JsonSchema)]
#[schemars(untagged)]
#[allow(dead_code)]
enum InstancesSchema {
    /// Instance names (roles unknown).
    List(Vec<InstanceSchema>),
    /// Instance name → `marketing` or `message-center`.
    Roles(
        #[schemars(extend("propertyNames" = { "pattern": "^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$" }))]
        std::collections::BTreeMap<String, Instance>,
    ),
}

/// A Campaign version: `MAJOR.MINOR.PATCH` with an optional `.IMS` suffix (`7.3.3.IMS`), or a number such as `8.6`.
#[derive(JsonSchema)]
#[schemars(extend("type" = ["string", "number"], "pattern" = "^[0-9]+\\.[0-9]+(\\.[0-9]+)?(\\.IMS)?$"))]
#[allow(dead_code)]
struct VersionSchema(String);

/// A Campaign build number, e.g. `9368`.
#[derive(JsonSchema)]
#[schemars(extend("type" = ["string", "integer"], "pattern" = "^[0-9]+$", "minimum" = 0))]
#[allow(dead_code)]
struct BuildSchema(String);

/// A duration: `90m`, `2h`, `1h30m`, `2d`, or ISO 8601 such as `PT2H`.
#[derive(JsonSchema)]
#[allow(dead_code)]
struct DurationSchema(String);

/// A date and time in RFC 3339, e.g. `2026-12-07T08:00:00Z`.
#[derive(JsonSchema)]
#[schemars(extend("format" = "date-time"))]
#[allow(dead_code)]
struct TimestampSchema(String);

/// A deadline: a date and time in RFC 3339 (`2027-03-31T18:00:00+02:00`), or a day
/// (`2027-03-31`) meaning the end of that day in the plan's `timezone`.
#[derive(JsonSchema)]
#[schemars(extend("anyOf" = [{"format": "date-time"}, {"format": "date"}]))]
#[allow(dead_code)]
struct DeadlineSchema(String);

/// An IANA time zone name, e.g. `Europe/Paris`, `America/New_York` or `UTC`.
#[derive(JsonSchema)]
#[allow(dead_code)]
struct TimeZoneSchema(String);
