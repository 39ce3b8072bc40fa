//! `imsplan init`: a commented starter plan for one hosting, target and route that
//! validates. Stage then production, the steps Adobe's procedure needs for that hosting
//! (upgrade to 7.4.1, users, technical operators, restrictions, and `move-to-v8` with
//! target `v8`; with the `migrate-first` route the migrations run on 7.3.5 before the
//! upgrade), instances with their roles, and `FILL IN` comments on every value the user
//! must set.

use std::fmt::Write as _;

use crate::model::{Hosting, Target};

/// The file name of the schema `init -o` writes beside a plan (the output of
/// `imsplan schema`), when no `schemas/plan.schema.json` is found above the plan.
pub const SCHEMA_FILE: &str = "plan.schema.json";

/// The schema of a repository laid out like this one, relative to its root.
pub const REPO_SCHEMA: &str = "schemas/plan.schema.json";

/// Who to name as owner of a step for a hosting, and a line saying what happens.
fn upgrade_owner(h: Hosting) -> (&'static str, &'static str) {
    match h {
        Hosting::Managed => (
            "Adobe Transition Manager",
            "Adobe upgrades the build on a date you pick with your Transition Manager (Monday to Thursday; Friday for non-production only)",
        ),
        Hosting::Hosted => (
            "Adobe Customer Care",
            "Adobe upgrades the build on a date you pick with Customer Care (Monday to Thursday; Friday for non-production only)",
        ),
        Hosting::Hybrid => (
            "Adobe (on request)",
            "request the build upgrade from Adobe (Customer Care schedules it); on the servers you run, 7.4.1 needs JDK 11 and, on RPM installs, the XML libraries",
        ),
        Hosting::OnPremise => (
            "Campaign admin team",
            "you upgrade: back up the databases and serverConf.xml, install, run `nlserver config -postupgrade -allinstances` once on the web server",
        ),
    }
}

fn users_line(h: Hosting) -> &'static str {
    if h.adobe_hosted() {
        "give every native operator a unique email; Adobe migrates them in an agreed 1-hour window, you sign off"
    } else {
        "configure IMS (external account, association mask), add emails, create users and profiles in the Admin Console"
    }
}

fn restrictions_line(h: Hosting) -> (&'static str, &'static str) {
    let ask = "Adobe turns the UI and API restrictions on when you ask";
    if h == Hosting::Managed {
        ("Adobe Transition Manager", ask)
    } else if h == Hosting::Hosted {
        ("Adobe Customer Care", ask)
    } else {
        (
            "Campaign admin team",
            "enable the UI and API restrictions in the <imsConfig> section of the instance configuration file",
        )
    }
}

/// Where the build upgrade goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// Upgrade to 7.4.1 first, then migrate (Adobe's recommendation).
    UpgradeFirst,
    /// Migrate on 7.3.5, then upgrade to 7.4.1, then the restrictions.
    MigrateFirst,
}

/// The starter plan. `name` is the plan's id (checked by the caller). `schema` is the
/// path of the plan schema relative to the plan (a file that exists, for the editor
/// modeline); without one the plan says how to get it.
#[must_use]
pub fn template(
    hosting: Hosting,
    target: Target,
    route: Route,
    name: &str,
    schema: Option<&str>,
) -> String {
    let h = hosting.as_str();
    let t = target.as_str();
    let mut s = String::new();
    if let Some(schema) = schema {
        let _ = writeln!(s, "# yaml-language-server: $schema={schema}");
    } else {
        let _ = writeln!(
            s,
            "# Editor checks: save `imsplan schema` as {SCHEMA_FILE} beside this file and make"
        );
        let _ = writeln!(
            s,
            "# the first line `# yaml-language-server: $schema={SCHEMA_FILE}` (`init -o` does both)."
        );
    }
    let _ = writeln!(s, "#");
    let _ = writeln!(
        s,
        "# Starter plan: Adobe Campaign ({h}) moving to Adobe IMS{}.",
        if target == Target::V8 {
            ", then to Campaign v8"
        } else {
            ""
        }
    );
    let _ = writeln!(
        s,
        "# Replace every value marked FILL IN, then run `imsplan validate` and `imsplan plan`."
    );
    let _ = writeln!(
        s,
        "# Stage proves each phase first; production repeats it (see `after: [stage]`)."
    );
    if route == Route::MigrateFirst {
        let _ = writeln!(
            s,
            "# Route: migrate on 7.3.5 (IMS-compatible), then upgrade to 7.4.1, then restrictions,"
        );
        let _ = writeln!(
            s,
            "# which exist only from 7.4.1. imsplan warns (IMS013) on end users still to move below"
        );
        let _ = writeln!(
            s,
            "# 7.4.1: Adobe's end-user procedure assumes 7.4.1; agree the route with Adobe."
        );
    }
    let _ = writeln!(s, "format: 1");
    let _ = writeln!(
        s,
        "name: {name:<29}# FILL IN: id of the plan (a-z, 0-9, `.`, `_`, `-`)"
    );
    let _ = writeln!(s, "title: Move to Adobe IMS           # FILL IN");
    let _ = writeln!(s, "target: {t}");
    let _ = writeln!(
        s,
        "# start: 2027-01-11T08:00:00Z      # optional: earliest start; enables the schedule"
    );
    let _ = writeln!(s, "\nenvironments:");
    for (env, role) in [("stage", "stage"), ("prod", "production")] {
        let _ = writeln!(s, "  {env}:");
        let _ = writeln!(s, "    role: {role}");
        let _ = writeln!(s, "    hosting: {h}");
        let _ = writeln!(
            s,
            "    version: 7.3.5                 # FILL IN: the Campaign version running today (Help > About)"
        );
        let _ = writeln!(
            s,
            "    instances:                       # FILL IN: instance names and their roles"
        );
        let _ = writeln!(s, "      my-mkt-{env}: marketing");
        let _ = writeln!(s, "      my-mc-{env}: message-center");
        if env == "prod" {
            let _ = writeln!(s, "    after: [stage]");
        }
    }
    let _ = writeln!(s, "\nsteps:");
    for env in ["stage", "prod"] {
        steps(&mut s, hosting, target, route, env);
    }
    s
}

fn upgrade(s: &mut String, hosting: Hosting, route: Route, env: &str) {
    let (up_owner, up_line) = upgrade_owner(hosting);
    let _ = writeln!(s, "  - id: upgrade-{env}");
    let _ = writeln!(s, "    env: {env}");
    let _ = writeln!(s, "    kind: upgrade");
    let _ = writeln!(
        s,
        "    to: 7.4.1                        # recommended; restrictions need 7.4.1 or later"
    );
    if route == Route::MigrateFirst {
        let _ = writeln!(
            s,
            "    after: [operators-{env}]         # after both migrations, before the restrictions"
        );
    }
    let _ = writeln!(s, "    duration: 4h");
    let _ = writeln!(s, "    owner: {up_owner}");
    let _ = writeln!(s, "    # {up_line}");
}

fn steps(s: &mut String, hosting: Hosting, target: Target, route: Route, env: &str) {
    let _ = writeln!(
        s,
        "  # {env}: {}",
        if env == "stage" {
            "every phase is proven here first"
        } else {
            "repeats each phase after stage"
        }
    );
    if route == Route::UpgradeFirst {
        upgrade(s, hosting, route, env);
    }
    let _ = writeln!(s, "  - id: users-{env}");
    let _ = writeln!(s, "    env: {env}");
    let _ = writeln!(s, "    kind: migrate-users");
    let _ = writeln!(s, "    duration: 1h");
    let _ = writeln!(s, "    owner: Campaign admin team       # FILL IN");
    let _ = writeln!(s, "    # {}", users_line(hosting));
    let _ = writeln!(
        s,
        "    # operators-csv: exports/{env}-operators.csv   # optional: name,email export to check"
    );
    let _ = writeln!(s, "  - id: operators-{env}");
    let _ = writeln!(s, "    env: {env}");
    let _ = writeln!(s, "    kind: migrate-operators");
    let _ = writeln!(s, "    duration: 1d");
    let _ = writeln!(s, "    owner: Integration team          # FILL IN");
    let _ = writeln!(
        s,
        "    # update every third-party integration to its new technical account (OAuth Server-to-Server)"
    );
    let _ = writeln!(
        s,
        "    # one entry per technical operator; never write a client secret here"
    );
    let _ = writeln!(s, "    operators:");
    let _ = writeln!(
        s,
        "      - name: mc-soap                # FILL IN: the operator's name in Campaign"
    );
    let _ = writeln!(s, "        instance: message-center");
    let _ = writeln!(s, "        credential: oauth-server-to-server");
    // Managed/hosted: Adobe's profile of the marketing instance associated with the
    // Message Center; on-premise/hybrid: the profile the customer creates.
    if hosting.adobe_hosted() {
        let _ = writeln!(
            s,
            "        profile: campaign - my-mkt-{env} - messagecenter   # Adobe creates it for the marketing instance"
        );
    } else {
        let _ = writeln!(
            s,
            "        profile: campaign - my-mc-{env} - messagecenter    # you create it in the Admin Console"
        );
    }
    if route == Route::MigrateFirst {
        upgrade(s, hosting, route, env);
    }
    let (r_owner, r_line) = restrictions_line(hosting);
    let _ = writeln!(s, "  - id: restrictions-{env}");
    let _ = writeln!(s, "    env: {env}");
    let _ = writeln!(s, "    kind: enable-restrictions");
    let _ = writeln!(s, "    duration: 2h");
    let _ = writeln!(s, "    owner: {r_owner}");
    let _ = writeln!(s, "    # {r_line}");
    if !hosting.adobe_hosted() {
        let _ = writeln!(
            s,
            "    # allow-operators: [etl-batch]   # optional: native operators still allowed"
        );
    }
    if target == Target::V8 {
        let _ = writeln!(s, "  - id: v8-{env}");
        let _ = writeln!(s, "    env: {env}");
        let _ = writeln!(s, "    kind: move-to-v8");
        let _ = writeln!(
            s,
            "    duration: 2d                     # FILL IN: agreed with Adobe"
        );
        let _ = writeln!(s, "    owner: Adobe with Campaign admin team");
        let _ = writeln!(
            s,
            "    # Campaign v8 runs only as an Adobe-managed service; Adobe moves the instance with you"
        );
    }
}

/// A plan id from a file name (`Acme Plan.yaml` → `acme-plan`), if one can be made.
#[must_use]
pub fn name_from(stem: &str) -> Option<String> {
    let id: String = stem
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| if c.is_whitespace() { '-' } else { c })
        .collect();
    crate::load::is_id(&id).then_some(id)
}
