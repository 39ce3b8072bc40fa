//! The catalog itself: one entry per code, in code order (`Code::ALL`; checked when
//! compiling, see `rules/mod.rs`).
//!
//! Each explain text says what the rule checks and why it matters (from Adobe's
//! documentation, DOMAIN.md), with a small failing plan and the same plan fixed.
//! `tests/rules.rs` runs every example through the checker.
//!
//! One file, longer than ~500 lines on purpose: it is prose and YAML data, not logic, and
//! it is reviewed and edited as one catalog (a pass over every claim against Adobe's pages
//! is a read of this file top to bottom). Each entry repeats its code's name, severity and
//! page from `crate::code` so it reads whole; a unit test keeps the two in agreement.

use super::pages::{
    self, BUILD_FAQ, CONFIGURING_IMS, JWT, OPERATORS, OVERVIEW, PLAN_FORMAT, RESTRICTIONS, RN_2023,
    RN_2024, RN_2025, RN_LATEST, USERS, V8_FAQ, V8_GUARDRAILS, V8_OPERATORS, V8_RN_2023, V8_USERS,
    cite,
};
use super::{Code, Explain, Rule};
use crate::diagnostic::Severity;

/// Every rule, in `Code::ALL` order.
pub static RULES: &[Rule] = &[
    Rule {
        code: Code::P001,
        name: "yaml-syntax",
        severity: Severity::Error,
        summary: "the YAML is not well formed (syntax, tabs, duplicate keys, several documents, unknown tags)",
        url: pages::FORMAT,
        explain: Explain {
            checks: r"The file must be well-formed YAML: consistent indentation with spaces (no tabs), no key twice in one mapping, one document per file (no second `---`), and no tags such as `!secret`.",
            why: r"A YAML parser that silently keeps the last of two duplicate keys, or ignores an unknown tag, would check a different plan from the one people read. imsplan refuses the file instead and points at the exact place where parsing stopped, so the reviewer and the tool see the same plan.",
            failing: r"format: 1
name: acme
environments:
  stage:
    role: stage
    hosting: managed
    version: 7.3.5
    version: 7.4.1
steps:
  - {id: users, env: stage, kind: migrate-users}
  - {id: operators, env: stage, kind: migrate-operators}
  - {id: restrictions, env: stage, kind: enable-restrictions}
",
            fixed: r"format: 1
name: acme
environments:
  stage:
    role: stage
    hosting: managed
    version: 7.4.1
steps:
  - {id: users, env: stage, kind: migrate-users}
  - {id: operators, env: stage, kind: migrate-operators}
  - {id: restrictions, env: stage, kind: enable-restrictions}
",
            sources: &[cite(
                PLAN_FORMAT,
                "a plan is one YAML document; duplicate keys, tabs and tags are refused",
            )],
        },
    },
    Rule {
        code: Code::P002,
        name: "schema",
        severity: Severity::Error,
        summary: "a value does not fit the plan format (unknown key, wrong type, missing field, bad value)",
        url: pages::FORMAT,
        explain: Explain {
            checks: r#"Every key and value must fit the plan format (`docs/plan-format.md`, `schemas/plan.schema.json`): no unknown keys (with a "did you mean" hint; keys starting with `x-` are free), values of the right type, required fields present (`format`, `name`, `environments`, `steps`; `role`, `hosting`, `version` per environment; `id`, `env`, `kind` per step), keywords from their lists, valid ids, versions (`7.4.1`, `7.3.3.IMS`, `8.6`), durations and dates, and fields only on the step kinds they belong to (`to` only on `upgrade`)."#,
            why: r"A typo such as `onwer:` or `hosting: cloud` would otherwise be ignored and the plan would say something other than what its author meant. Versions must be exact: `7.4` could be 7.4.1 (restrictions allowed) or 7.4.0, and the rules that follow depend on it.",
            failing: r"format: 1
name: acme
environments:
  stage: {role: stage, hosting: managed, version: 7.4.1}
steps:
  - id: users
    env: stage
    kind: migrate-users
    onwer: Campaign admin team
  - {id: operators, env: stage, kind: migrate-operators}
  - {id: restrictions, env: stage, kind: enable-restrictions}
",
            fixed: r"format: 1
name: acme
environments:
  stage: {role: stage, hosting: managed, version: 7.4.1}
steps:
  - id: users
    env: stage
    kind: migrate-users
    owner: Campaign admin team
  - {id: operators, env: stage, kind: migrate-operators}
  - {id: restrictions, env: stage, kind: enable-restrictions}
",
            sources: &[cite(
                PLAN_FORMAT,
                "the keys, types and values of the plan format",
            )],
        },
    },
    Rule {
        code: Code::P003,
        name: "duplicate-step-id",
        severity: Severity::Error,
        summary: "two steps share an id",
        url: pages::FORMAT,
        explain: Explain {
            checks: r"Each step id is used once. Both places are shown. (An environment id written twice is a duplicate YAML key, P001.)",
            why: r"Steps are referred to by id in `after`, in `imsplan mark` and in the runbook; with two steps of one id, a dependency or a status change would silently land on the wrong one.",
            failing: r"format: 1
name: acme
environments:
  stage: {role: stage, hosting: managed, version: 7.4.1}
steps:
  - {id: users, env: stage, kind: migrate-users}
  - {id: users, env: stage, kind: migrate-operators}
  - {id: restrictions, env: stage, kind: enable-restrictions}
",
            fixed: r"format: 1
name: acme
environments:
  stage: {role: stage, hosting: managed, version: 7.4.1}
steps:
  - {id: users, env: stage, kind: migrate-users}
  - {id: operators, env: stage, kind: migrate-operators}
  - {id: restrictions, env: stage, kind: enable-restrictions}
",
            sources: &[cite(PLAN_FORMAT, "step ids are unique")],
        },
    },
    Rule {
        code: Code::P004,
        name: "unknown-environment",
        severity: Severity::Error,
        summary: "a step names an environment that does not exist",
        url: pages::FORMAT,
        explain: Explain {
            checks: r#"A step's `env` names an environment defined under `environments` (with a "did you mean" hint)."#,
            why: r"Which environment a step acts on decides who acts (Adobe or the customer), its version, and its place in the order; a step on an unknown environment cannot be planned.",
            failing: r"format: 1
name: acme
environments:
  stage: {role: stage, hosting: managed, version: 7.4.1}
steps:
  - {id: users, env: stage, kind: migrate-users}
  - {id: operators, env: stage, kind: migrate-operators}
  - {id: restrictions, env: stage, kind: enable-restrictions}
  - {id: check-console, env: stgae, kind: custom, title: Check the console}
",
            fixed: r"format: 1
name: acme
environments:
  stage: {role: stage, hosting: managed, version: 7.4.1}
steps:
  - {id: users, env: stage, kind: migrate-users}
  - {id: operators, env: stage, kind: migrate-operators}
  - {id: restrictions, env: stage, kind: enable-restrictions}
  - {id: check-console, env: stage, kind: custom, title: Check the console}
",
            sources: &[cite(PLAN_FORMAT, "a step names an environment of the plan")],
        },
    },
    Rule {
        code: Code::P005,
        name: "unknown-dependency",
        severity: Severity::Error,
        summary: "an `after` names a step or environment that does not exist",
        url: pages::FORMAT,
        explain: Explain {
            checks: r#"Every id in a step's `after` is a step of the plan, and every id in an environment's `after` is an environment of the plan (with a "did you mean" hint)."#,
            why: r"A dependency on a step that does not exist orders nothing: the step would run too early and the plan would look safer than it is.",
            failing: r"format: 1
name: acme
environments:
  stage: {role: stage, hosting: managed, version: 7.4.1}
steps:
  - {id: users, env: stage, kind: migrate-users}
  - {id: operators, env: stage, kind: migrate-operators}
  - {id: restrictions, env: stage, kind: enable-restrictions}
  - {id: announce, env: stage, kind: custom, title: Announce, after: [user]}
",
            fixed: r"format: 1
name: acme
environments:
  stage: {role: stage, hosting: managed, version: 7.4.1}
steps:
  - {id: users, env: stage, kind: migrate-users}
  - {id: operators, env: stage, kind: migrate-operators}
  - {id: restrictions, env: stage, kind: enable-restrictions}
  - {id: announce, env: stage, kind: custom, title: Announce, after: [users]}
",
            sources: &[cite(
                PLAN_FORMAT,
                "`after` names steps or environments of the plan",
            )],
        },
    },
    Rule {
        code: Code::P006,
        name: "cycle",
        severity: Severity::Error,
        summary: "the dependency graph has a cycle (explicit or implicit edges)",
        url: pages::FORMAT,
        explain: Explain {
            checks: r"The dependency graph has no cycle. It counts every edge: explicit `after`, phase order inside an environment (users → operators → restrictions → v8, and each upgrade before every one of these steps that is not already before it, so an upgrade placed late by `after` makes no cycle) and promotion between environments. The message shows the path, such as `a → b → a`, with a label on each edge.",
            why: r"A cycle leaves no step to start with: the plan has no order, no waves and no schedule. Cycles through implicit edges are easy to miss, for example a custom step that must run after the restrictions but that the users migration waits for.",
            failing: r"format: 1
name: acme
environments:
  stage: {role: stage, hosting: managed, version: 7.4.1}
steps:
  - {id: users, env: stage, kind: migrate-users, after: [briefing]}
  - {id: operators, env: stage, kind: migrate-operators}
  - {id: restrictions, env: stage, kind: enable-restrictions}
  - {id: briefing, env: stage, kind: custom, title: Brief users, after: [restrictions]}
",
            fixed: r"format: 1
name: acme
environments:
  stage: {role: stage, hosting: managed, version: 7.4.1}
steps:
  - {id: users, env: stage, kind: migrate-users, after: [briefing]}
  - {id: operators, env: stage, kind: migrate-operators}
  - {id: restrictions, env: stage, kind: enable-restrictions}
  - {id: briefing, env: stage, kind: custom, title: Brief users}
",
            sources: &[cite(
                PLAN_FORMAT,
                "the dependency graph: explicit, phase and promotion edges",
            )],
        },
    },
    Rule {
        code: Code::P007,
        name: "format-version",
        severity: Severity::Error,
        summary: "`format` is not 1",
        url: pages::FORMAT,
        explain: Explain {
            checks: r#"`format` is the YAML integer `1`. `2`, `"1"` and `1.0` are refused."#,
            why: r"The format version says which rules a plan was written for; a later format may mean something different for the same keys, so imsplan checks only the format it knows.",
            failing: r"format: 2
name: acme
environments:
  stage: {role: stage, hosting: managed, version: 7.4.1}
steps:
  - {id: users, env: stage, kind: migrate-users}
  - {id: operators, env: stage, kind: migrate-operators}
  - {id: restrictions, env: stage, kind: enable-restrictions}
",
            fixed: r"format: 1
name: acme
environments:
  stage: {role: stage, hosting: managed, version: 7.4.1}
steps:
  - {id: users, env: stage, kind: migrate-users}
  - {id: operators, env: stage, kind: migrate-operators}
  - {id: restrictions, env: stage, kind: enable-restrictions}
",
            sources: &[cite(PLAN_FORMAT, "`format` is the integer 1")],
        },
    },
    Rule {
        code: Code::P008,
        name: "resource-limit",
        severity: Severity::Error,
        summary: "a resource limit is hit (file size, nesting depth, alias expansion, nodes)",
        url: pages::FORMAT,
        explain: Explain {
            checks: r"The file stays within the resource limits: file size (64 MiB), nesting depth (64), YAML nodes and alias expansion (a budget proportional to the file size), and 16 MiB per operators CSV. Each limit can be raised with a flag (`docs/limits.md`).",
            why: r"Plans come from pull requests, so imsplan must never hang or run out of memory on a hostile or broken file (an alias bomb, a file nested thousands deep). Real plans are a few kilobytes and never come near the limits.",
            failing: r"format: 1
name: acme
x-deep: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]
environments:
  stage: {role: stage, hosting: managed, version: 7.4.1}
steps:
  - {id: users, env: stage, kind: migrate-users}
  - {id: operators, env: stage, kind: migrate-operators}
  - {id: restrictions, env: stage, kind: enable-restrictions}
",
            fixed: r"format: 1
name: acme
x-deep: [[1, 2], [3]]
environments:
  stage: {role: stage, hosting: managed, version: 7.4.1}
steps:
  - {id: users, env: stage, kind: migrate-users}
  - {id: operators, env: stage, kind: migrate-operators}
  - {id: restrictions, env: stage, kind: enable-restrictions}
",
            sources: &[cite(PLAN_FORMAT, "the resource limits (docs/limits.md)")],
        },
    },
    Rule {
        code: Code::P009,
        name: "empty-environment",
        severity: Severity::Warning,
        summary: "an environment has no steps",
        url: pages::FORMAT,
        explain: Explain {
            checks: r"Every environment has at least one step. An environment that a misspelt step `env` most likely meant is not reported: that typo is P004.",
            why: r"An environment without steps is usually a forgotten one: nothing in the plan moves it to IMS. If it really is out of scope, leave it out of the plan.",
            failing: r"format: 1
name: acme
environments:
  stage: {role: stage, hosting: managed, version: 7.4.1}
  dev: {role: development, hosting: managed, version: 7.4.1}
steps:
  - {id: users, env: stage, kind: migrate-users}
  - {id: operators, env: stage, kind: migrate-operators}
  - {id: restrictions, env: stage, kind: enable-restrictions}
",
            fixed: r"format: 1
name: acme
environments:
  stage: {role: stage, hosting: managed, version: 7.4.1}
steps:
  - {id: users, env: stage, kind: migrate-users}
  - {id: operators, env: stage, kind: migrate-operators}
  - {id: restrictions, env: stage, kind: enable-restrictions}
",
            sources: &[cite(PLAN_FORMAT, "every environment has steps")],
        },
    },
    Rule {
        code: Code::P010,
        name: "duplicate-kind",
        severity: Severity::Error,
        summary: "an environment has two steps of the same built-in kind",
        url: pages::FORMAT,
        explain: Explain {
            checks: r"An environment has at most one step of each of `migrate-users`, `migrate-operators`, `enable-restrictions` and `move-to-v8`. `upgrade` and `custom` steps may repeat. The second step is reported, with a label on the first.",
            why: r#"Phase order and promotion pair these steps by kind: two `migrate-users` steps in one environment make "the end-user migration of stage" ambiguous, and production would wait for both. Put extra work in a `custom` step. Several upgrades are fine: they are ordered along the graph by ascending `to` (IMS006)."#,
            failing: r"format: 1
name: acme
environments:
  stage: {role: stage, hosting: on-premise, version: 7.4.1}
steps:
  - {id: users-a, env: stage, kind: migrate-users}
  - {id: users-b, env: stage, kind: migrate-users}
  - {id: operators, env: stage, kind: migrate-operators}
  - {id: restrictions, env: stage, kind: enable-restrictions}
",
            fixed: r"format: 1
name: acme
environments:
  stage: {role: stage, hosting: on-premise, version: 7.4.1}
steps:
  - {id: users, env: stage, kind: migrate-users}
  - {id: operators, env: stage, kind: migrate-operators}
  - {id: restrictions, env: stage, kind: enable-restrictions}
",
            sources: &[cite(
                PLAN_FORMAT,
                "one step of each built-in kind per environment",
            )],
        },
    },
    Rule {
        code: Code::P011,
        name: "duplicate-plan-name",
        severity: Severity::Error,
        summary: "two plans checked in one run share a `name`",
        url: pages::FORMAT,
        explain: Explain {
            checks: r"Across every plan of one run (`imsplan validate plans/`, `imsplan status plans/`), each `name` is used once. The later plan, in path order, is reported at its `name`; the message names the first one and its line.",
            why: r"A plan's `name` is its identity: `imsplan status` keys its portfolio by it, `imsplan diff` compares plans of one name, and the calendar UIDs are `<plan>/<step>`, so two plans of one name show as one in a status page and their calendar events replace each other in a calendar app. A copied plan whose `name` was not changed is the usual cause.",
            failing: r"# acme-copy.yaml:
#   format: 1
#   name: acme
#   environments:
#     stage: {role: stage, hosting: on-premise, version: 7.4.1}
#   steps:
#     - {id: users, env: stage, kind: migrate-users}
#     - {id: operators, env: stage, kind: migrate-operators}
#     - {id: restrictions, env: stage, kind: enable-restrictions}
format: 1
name: acme
environments:
  stage: {role: stage, hosting: on-premise, version: 7.4.1}
steps:
  - {id: users, env: stage, kind: migrate-users}
  - {id: operators, env: stage, kind: migrate-operators}
  - {id: restrictions, env: stage, kind: enable-restrictions}
",
            fixed: r"# acme-copy.yaml:
#   format: 1
#   name: acme-emea
#   environments:
#     stage: {role: stage, hosting: on-premise, version: 7.4.1}
#   steps:
#     - {id: users, env: stage, kind: migrate-users}
#     - {id: operators, env: stage, kind: migrate-operators}
#     - {id: restrictions, env: stage, kind: enable-restrictions}
format: 1
name: acme
environments:
  stage: {role: stage, hosting: on-premise, version: 7.4.1}
steps:
  - {id: users, env: stage, kind: migrate-users}
  - {id: operators, env: stage, kind: migrate-operators}
  - {id: restrictions, env: stage, kind: enable-restrictions}
",
            sources: &[cite(
                PLAN_FORMAT,
                "`name` is the plan's id: it keys `status`, `diff` and the calendar UIDs",
            )],
        },
    },
    Rule {
        code: Code::IMS001,
        name: "incompatible-version",
        severity: Severity::Error,
        summary: "a migration runs on a Campaign version that is not IMS-compatible",
        url: pages::OVERVIEW,
        explain: Explain {
            checks: r"`migrate-users` and `migrate-operators` run on a version where Adobe's procedure for them applies. The version is the step's effective version: the `to` of the latest upgrade of the same environment among the step's ancestors in the graph, else the environment's `version`. On v7 it is IMS-compatible: `7.3.2.IMS`, `7.3.3.IMS`, `7.3.5` or any 7.4.x (plain 7.3.2 and 7.3.3, 7.3.4 and older, v6 included, are not; the message says when a version predates IMS support altogether). On v8, `migrate-operators` needs 8.5 or later, and `migrate-users` needs 8.5.2 or later and, unless it is already `done` or `skipped`, a version below 8.6. Not reported when the version comes from an upgrade whose own `to` is already reported (IMS006, IMS007, IMS008).",
            why: r"Adobe lists the IMS migration compatible versions: 7.4.1 (recommended), 7.3.5, 7.3.3.IMS and 7.3.2.IMS. 7.3.2 and 7.3.3 get IMS only through their `.IMS` patch, which applies only where no other patch has been applied; 7.3.4 has none. On v8, technical operators move from 8.5 (mandatory from 8.6); Adobe upgrades to 8.5.2 for the end-user migration, and from 8.6 native login is no longer allowed, so end users move before 8.6. A migration planned on the wrong build fails on the day.",
            failing: r"format: 1
name: acme
environments:
  stage: {role: stage, hosting: managed, version: 7.3.4}
steps:
  - {id: users, env: stage, kind: migrate-users}
  - {id: upgrade, env: stage, kind: upgrade, to: 7.4.1, after: [users]}
  - {id: operators, env: stage, kind: migrate-operators}
  - {id: restrictions, env: stage, kind: enable-restrictions}
",
            fixed: r"format: 1
name: acme
environments:
  stage: {role: stage, hosting: managed, version: 7.3.4}
steps:
  - {id: upgrade, env: stage, kind: upgrade, to: 7.4.1}
  - {id: users, env: stage, kind: migrate-users}
  - {id: operators, env: stage, kind: migrate-operators}
  - {id: restrictions, env: stage, kind: enable-restrictions}
",
            sources: &[
                cite(
                    OVERVIEW,
                    "IMS migration compatible versions: 7.4.1 (recommended), 7.3.5, 7.3.3.IMS, 7.3.2.IMS",
                ),
                cite(
                    RN_2023,
                    "7.3.4 (build 9364) has no IMS patch; 7.3.2 and 7.3.3 get IMS through their `.IMS` patch",
                ),
                cite(
                    OPERATORS,
                    "technical operators: applicable starting 7.3.5 and the IMS migration compatible versions",
                ),
                cite(V8_OPERATORS, "v8: technical operators from 8.5"),
                cite(V8_USERS, "v8: end users from 8.5.2"),
            ],
        },
    },
    Rule {
        code: Code::IMS002,
        name: "restrictions-version",
        severity: Severity::Error,
        summary: "`enable-restrictions` runs on a version below 7.4.1",
        url: pages::RESTRICTIONS,
        explain: Explain {
            checks: r"`enable-restrictions` runs on an effective version of 7.4.1 or later (every 8.x counts): the `to` of the latest upgrade of its environment among its ancestors in the graph, else the environment's `version`. Not reported when that version comes from an upgrade whose own `to` is already reported (IMS006, IMS007, IMS008).",
            why: r"The UI and API restrictions of native authentication (the `nonIMSOperatorMgmtInClientConsole` and `nonIMSAuthnAPI` elements of `<imsConfig>`) are available starting 7.4.1. On an earlier build there is nothing to turn on.",
            failing: r"format: 1
name: acme
environments:
  stage: {role: stage, hosting: on-premise, version: 7.3.5}
steps:
  - {id: users, env: stage, kind: migrate-users, status: done}
  - {id: operators, env: stage, kind: migrate-operators, status: done}
  - {id: restrictions, env: stage, kind: enable-restrictions}
",
            fixed: r"format: 1
name: acme
environments:
  stage: {role: stage, hosting: on-premise, version: 7.3.5}
steps:
  - {id: users, env: stage, kind: migrate-users, status: done}
  - {id: operators, env: stage, kind: migrate-operators, status: done}
  - {id: upgrade, env: stage, kind: upgrade, to: 7.4.1, after: [operators]}
  - {id: restrictions, env: stage, kind: enable-restrictions}
",
            sources: &[
                cite(
                    RESTRICTIONS,
                    "the UI and API restrictions are available starting 7.4.1",
                ),
                cite(RN_2024, "7.4.1 brings the restrictions"),
            ],
        },
    },
    Rule {
        code: Code::IMS003,
        name: "restrictions-before-migrations",
        severity: Severity::Error,
        summary: "`enable-restrictions` in an environment without both migrations",
        url: pages::RESTRICTIONS,
        explain: Explain {
            checks: r"An environment with an `enable-restrictions` step also has a `migrate-users` and a `migrate-operators` step (phase order then runs the restrictions after both). When the environment also has a `move-to-v8` step, the missing migration is reported once, as IMS009.",
            why: r"The restrictions are the last step, once the technical operators and the end users are migrated: they block native user creation, native user login and API access for native operators, and operators with native authentication can no longer be created, edited, updated or deleted from the client console. Turned on too early, they lock people and integrations out, and old technical operators can no longer be deleted. If a migration already happened, add its step with `status: done`.",
            failing: r"format: 1
name: acme
environments:
  stage: {role: stage, hosting: managed, version: 7.4.1}
steps:
  - {id: users, env: stage, kind: migrate-users}
  - {id: restrictions, env: stage, kind: enable-restrictions}
",
            fixed: r"format: 1
name: acme
environments:
  stage: {role: stage, hosting: managed, version: 7.4.1}
steps:
  - {id: users, env: stage, kind: migrate-users, status: done}
  - {id: operators, env: stage, kind: migrate-operators, status: done}
  - {id: restrictions, env: stage, kind: enable-restrictions}
",
            sources: &[
                cite(
                    RESTRICTIONS,
                    "the restrictions are the last step, once technical operators and end users are migrated",
                ),
                cite(
                    RESTRICTIONS,
                    "they block native user creation, native login and API access for native operators, and native operators can no longer be created, edited, updated or deleted",
                ),
            ],
        },
    },
    Rule {
        code: Code::IMS004,
        name: "production-without-stage",
        severity: Severity::Warning,
        summary: "a production environment does not promote from a stage environment",
        url: pages::OVERVIEW,
        explain: Explain {
            checks: r"A production environment promotes from at least one stage environment: through its `after`, or by default (production follows every stage environment).",
            why: r"Adobe's advice is to start the migration on stage once it is upgraded and plan production accordingly: each phase is proven on stage first. Production that follows only development, or nothing (`after: []`), takes every risk first in production.",
            failing: r"format: 1
name: acme
environments:
  dev: {role: development, hosting: managed, version: 7.4.1}
  prod: {role: production, hosting: managed, version: 7.4.1, after: [dev]}
steps:
  - {id: users-dev, env: dev, kind: migrate-users}
  - {id: operators-dev, env: dev, kind: migrate-operators}
  - {id: restrictions-dev, env: dev, kind: enable-restrictions}
  - {id: users-prod, env: prod, kind: migrate-users}
  - {id: operators-prod, env: prod, kind: migrate-operators}
  - {id: restrictions-prod, env: prod, kind: enable-restrictions}
",
            fixed: r"format: 1
name: acme
environments:
  stage: {role: stage, hosting: managed, version: 7.4.1}
  prod: {role: production, hosting: managed, version: 7.4.1, after: [stage]}
steps:
  - {id: users, env: stage, kind: migrate-users}
  - {id: operators, env: stage, kind: migrate-operators}
  - {id: restrictions, env: stage, kind: enable-restrictions}
  - {id: users-prod, env: prod, kind: migrate-users}
  - {id: operators-prod, env: prod, kind: migrate-operators}
  - {id: restrictions-prod, env: prod, kind: enable-restrictions}
",
            sources: &[cite(
                OVERVIEW,
                "start the migration on the stage environment once it is upgraded, then plan production",
            )],
        },
    },
    Rule {
        code: Code::IMS005,
        name: "jwt-credential",
        severity: Severity::Error,
        summary: "a technical operator uses a deprecated JWT credential",
        url: pages::JWT,
        explain: Explain {
            checks: r"No technical operator in `operators` uses `credential: jwt`.",
            why: r#"Service Account (JWT) credentials are deprecated: none can be created since 2024-06-03, they reached end of life on 2025-06-30, and they "will not work after current certificates expire or March 1, 2026, whichever is earlier". A technical account needs an OAuth Server-to-Server credential in the Adobe Developer Console. Adobe's zero-downtime path: add an OAuth Server-to-Server credential to the same project, switch the integrations to it, then delete the JWT credential."#,
            failing: r"format: 1
name: acme
environments:
  stage: {role: stage, hosting: managed, version: 7.4.1}
steps:
  - {id: users, env: stage, kind: migrate-users}
  - id: operators
    env: stage
    kind: migrate-operators
    operators:
      - name: mc-soap
        instance: message-center
        credential: jwt
        profile: campaign - acme-mkt-stage - messagecenter
  - {id: restrictions, env: stage, kind: enable-restrictions}
",
            fixed: r"format: 1
name: acme
environments:
  stage: {role: stage, hosting: managed, version: 7.4.1}
steps:
  - {id: users, env: stage, kind: migrate-users}
  - id: operators
    env: stage
    kind: migrate-operators
    operators:
      - name: mc-soap
        instance: message-center
        credential: oauth-server-to-server
        profile: campaign - acme-mkt-stage - messagecenter
  - {id: restrictions, env: stage, kind: enable-restrictions}
",
            sources: &[
                cite(
                    JWT,
                    "JWT credentials reached end of life on 2025-06-30 and will not work after current certificates expire or March 1, 2026, whichever is earlier",
                ),
                cite(
                    JWT,
                    "the move to OAuth Server-to-Server is a two-step, zero-downtime migration",
                ),
                cite(
                    OPERATORS,
                    "the technical account needs an OAuth Server-to-Server credential",
                ),
            ],
        },
    },
    Rule {
        code: Code::IMS006,
        name: "downgrade",
        severity: Severity::Error,
        summary: "an upgrade goes to a lower version than the environment runs",
        url: pages::BUILD_FAQ,
        explain: Explain {
            checks: r"Each `upgrade` goes above the version in force before it: the `to` of the latest earlier upgrade of its environment in the graph, else the environment's `version`. So the upgrades of one environment strictly ascend along the graph. Lower is an error; the same version is a warning (the step does nothing). Also a warning: a `move-to-v8` step not yet `done` or `skipped` in an environment that already runs 8.x.",
            why: r"A build upgrade moves an environment to a more recent build. A `to` below the version the environment runs is a typo in `to` or in `version`; going back is not an upgrade step: Adobe's rollback plan for a build upgrade is to restore the latest available backup.",
            failing: r"format: 1
name: acme
environments:
  stage: {role: stage, hosting: on-premise, version: 7.4.2}
steps:
  - {id: upgrade, env: stage, kind: upgrade, to: 7.4.1}
  - {id: users, env: stage, kind: migrate-users}
  - {id: operators, env: stage, kind: migrate-operators}
  - {id: restrictions, env: stage, kind: enable-restrictions}
",
            fixed: r"format: 1
name: acme
environments:
  stage: {role: stage, hosting: on-premise, version: 7.4.2}
steps:
  - {id: upgrade, env: stage, kind: upgrade, to: 7.4.4}
  - {id: users, env: stage, kind: migrate-users}
  - {id: operators, env: stage, kind: migrate-operators}
  - {id: restrictions, env: stage, kind: enable-restrictions}
",
            sources: &[
                cite(BUILD_FAQ, "a build upgrade moves to a more recent build"),
                cite(
                    BUILD_FAQ,
                    "the rollback plan is to restore the latest available backup",
                ),
            ],
        },
    },
    Rule {
        code: Code::IMS007,
        name: "upgrade-target-incompatible",
        severity: Severity::Error,
        summary: "an upgrade targets a version that is not IMS-compatible",
        url: pages::OVERVIEW,
        explain: Explain {
            checks: r"An `upgrade` goes to an IMS-compatible v7 version: `7.3.2.IMS`, `7.3.3.IMS`, `7.3.5` or any 7.4.x. An upgrade to 8.x is also reported: moving to v8 is a `move-to-v8` step.",
            why: r"The upgrade phase exists to reach an IMS migration compatible version; 7.3.4 and the unpatched 7.3.2/7.3.3 are not. Adobe recommends 7.4.1, which also allows the restrictions. Campaign v8 is not a build upgrade of your servers: it is only available as a Managed Cloud Service.",
            failing: r"format: 1
name: acme
environments:
  stage: {role: stage, hosting: on-premise, version: 7.3.3}
steps:
  - {id: upgrade, env: stage, kind: upgrade, to: 7.3.4}
  - {id: users, env: stage, kind: migrate-users}
  - {id: operators, env: stage, kind: migrate-operators}
  - {id: restrictions, env: stage, kind: enable-restrictions}
",
            fixed: r"format: 1
name: acme
environments:
  stage: {role: stage, hosting: on-premise, version: 7.3.3}
steps:
  - {id: upgrade, env: stage, kind: upgrade, to: 7.4.1}
  - {id: users, env: stage, kind: migrate-users}
  - {id: operators, env: stage, kind: migrate-operators}
  - {id: restrictions, env: stage, kind: enable-restrictions}
",
            sources: &[
                cite(
                    OVERVIEW,
                    "IMS migration compatible versions; 7.4.1 recommended",
                ),
                cite(RESTRICTIONS, "the restrictions need 7.4.1"),
                cite(
                    V8_FAQ,
                    "Campaign v8 is only available as a Managed Cloud Service",
                ),
            ],
        },
    },
    Rule {
        code: Code::IMS008,
        name: "version-build",
        severity: Severity::Error,
        summary: "`build` does not match `version`, a misplaced `.IMS` suffix, or an unknown version",
        url: pages::RN_2023,
        explain: Explain {
            checks: r"`version` and `build` agree with Adobe's build table: 7.3.2 is 9356, 7.3.3 9359, 7.3.4 9364, 7.3.5 9368, 7.4.1 9383, 7.4.2 9390 or 9391, 7.4.3 9394 to 9399, 7.4.4 9400 (an `.IMS` patch has no build number of its own). An `.IMS` suffix is allowed only on 7.3.2 and 7.3.3 (in `version` or `to`). A well-formed version imsplan does not know is a warning; one newer than every line it knows (v9 and later, v7 from 7.5) is a warning too, and the version rules then skip the steps that run on it rather than guess. A version older than IMS (below 7.3.2, v6 included) is not unknown: the rules of the steps that would run on it say that it predates IMS support (IMS001, IMS002, IMS007). A near miss such as `7.3.2.ims`, `V8.6.1` or `7.3.2-IMS` is a format error (P002) whose help gives the exact fix.",
            why: r"Every version rule rests on the version being right. The build numbers come from Adobe's release notes, and an `.IMS` patch applies only where no other patch has been applied. Help > About in the client console shows the version and build; a build that does not match the version means one of them was copied wrong, and the plan may start a migration on a build that cannot do it.",
            failing: r"format: 1
name: acme
environments:
  stage: {role: stage, hosting: managed, version: 7.3.5, build: 9359}
steps:
  - {id: upgrade, env: stage, kind: upgrade, to: 7.4.1}
  - {id: users, env: stage, kind: migrate-users}
  - {id: operators, env: stage, kind: migrate-operators}
  - {id: restrictions, env: stage, kind: enable-restrictions}
",
            fixed: r"format: 1
name: acme
environments:
  stage: {role: stage, hosting: managed, version: 7.3.5, build: 9368}
steps:
  - {id: upgrade, env: stage, kind: upgrade, to: 7.4.1}
  - {id: users, env: stage, kind: migrate-users}
  - {id: operators, env: stage, kind: migrate-operators}
  - {id: restrictions, env: stage, kind: enable-restrictions}
",
            sources: &[
                cite(
                    RN_2023,
                    "builds 9356 (7.3.2), 9359 (7.3.3), 9364 (7.3.4), 9368 (7.3.5); the `.IMS` patches of 7.3.2 and 7.3.3, only where no other patch is applied",
                ),
                cite(RN_2024, "build 9383 (7.4.1)"),
                cite(RN_2025, "builds 9390 and 9391 (7.4.2)"),
                cite(RN_LATEST, "builds 9394 to 9399 (7.4.3) and 9400 (7.4.4)"),
                cite(
                    BUILD_FAQ,
                    "Help > About shows the version and build of the console and the server",
                ),
            ],
        },
    },
    Rule {
        code: Code::IMS009,
        name: "v8-before-migrations",
        severity: Severity::Error,
        summary: "`move-to-v8` in an environment without both migrations",
        url: pages::V8_USERS,
        explain: Explain {
            checks: r"An environment with a `move-to-v8` step also has a `migrate-users` and a `migrate-operators` step, so phase order moves it after both migrations. The finding also covers an `enable-restrictions` step of that environment (no separate IMS003).",
            why: r"Native user/password authentication is not allowed in Campaign v8: technical operators move to IMS from 8.5, mandatory from 8.6 (the 8.5.1 release note already says they must), end users migrate on 8.5.2, and from 8.6 native login is no longer allowed. An environment that moves before both migrations arrives on v8 with people and integrations that cannot sign in.",
            failing: r"format: 1
name: acme
target: v8
environments:
  stage: {role: stage, hosting: managed, version: 7.4.1}
steps:
  - {id: operators, env: stage, kind: migrate-operators}
  - {id: restrictions, env: stage, kind: enable-restrictions}
  - {id: v8, env: stage, kind: move-to-v8}
",
            fixed: r"format: 1
name: acme
target: v8
environments:
  stage: {role: stage, hosting: managed, version: 7.4.1}
steps:
  - {id: users, env: stage, kind: migrate-users}
  - {id: operators, env: stage, kind: migrate-operators}
  - {id: restrictions, env: stage, kind: enable-restrictions}
  - {id: v8, env: stage, kind: move-to-v8}
",
            sources: &[
                cite(
                    OVERVIEW,
                    "native user/password authentication is not allowed in Campaign v8",
                ),
                cite(
                    V8_OPERATORS,
                    "technical operators: IMS from 8.5, mandatory from 8.6",
                ),
                cite(V8_RN_2023, "8.5.1: technical operators must now use IMS"),
                cite(
                    V8_USERS,
                    "end users: migrate on 8.5.2; from 8.6 native login is no longer allowed",
                ),
            ],
        },
    },
    Rule {
        code: Code::IMS010,
        name: "missing-core-step",
        severity: Severity::Warning,
        summary: "an environment lacks a core step for the plan's target",
        url: pages::OVERVIEW,
        explain: Explain {
            checks: r"Every environment with steps has the core steps of the plan's target: `migrate-users`, `migrate-operators` and `enable-restrictions`; with `target: v8` also `move-to-v8` (unless the environment already runs 8.x). Environments without steps are P009's; a missing step already reported by IMS003, IMS009 or IMS018 is not reported again.",
            why: r"The migration is complete only when every phase has run in every environment: Adobe marks it complete after the restrictions. A plan that leaves a phase out leaves native logins behind. Steps already behind you belong in the plan too, with `status: done` or `status: skipped`.",
            failing: r"format: 1
name: acme
environments:
  stage: {role: stage, hosting: managed, version: 7.4.1}
steps:
  - {id: users, env: stage, kind: migrate-users}
  - {id: operators, env: stage, kind: migrate-operators}
",
            fixed: r"format: 1
name: acme
environments:
  stage: {role: stage, hosting: managed, version: 7.4.1}
steps:
  - {id: users, env: stage, kind: migrate-users}
  - {id: operators, env: stage, kind: migrate-operators}
  - {id: restrictions, env: stage, kind: enable-restrictions}
",
            sources: &[
                cite(
                    OVERVIEW,
                    "migration steps: end users, technical operators, then the restrictions from 7.4.1",
                ),
                cite(
                    USERS,
                    "once the migration is completed and confirmed, Adobe marks it complete",
                ),
            ],
        },
    },
    Rule {
        code: Code::IMS011,
        name: "status-order",
        severity: Severity::Error,
        summary: "a step is done or in progress while a dependency is not",
        url: pages::OVERVIEW,
        explain: Explain {
            checks: r"A step marked `done` or `in-progress` has every dependency `done` or `skipped`. Dependencies are all edges of the graph: explicit `after`, phase order and promotion.",
            why: r"Statuses drive `imsplan next` and the runbook. A production step marked done while stage has not proven the phase, or restrictions marked done before the migrations, is either a wrong status or a step that ran out of order; both need a look before the point of no return.",
            failing: r"format: 1
name: acme
environments:
  stage: {role: stage, hosting: managed, version: 7.4.1}
steps:
  - {id: users, env: stage, kind: migrate-users, status: done}
  - {id: operators, env: stage, kind: migrate-operators}
  - {id: restrictions, env: stage, kind: enable-restrictions, status: done}
",
            fixed: r"format: 1
name: acme
environments:
  stage: {role: stage, hosting: managed, version: 7.4.1}
steps:
  - {id: users, env: stage, kind: migrate-users, status: done}
  - {id: operators, env: stage, kind: migrate-operators, status: done}
  - {id: restrictions, env: stage, kind: enable-restrictions, status: in-progress}
",
            sources: &[
                cite(OVERVIEW, "stage first, then production"),
                cite(RESTRICTIONS, "the restrictions come after both migrations"),
            ],
        },
    },
    Rule {
        code: Code::IMS012,
        name: "secret",
        severity: Severity::Error,
        summary: "the plan holds a secret (client secret, private key, password, token)",
        url: pages::OPERATORS,
        explain: Explain {
            checks: r"No key, value or comment of the plan holds a secret: an OAuth client secret (`p8e-` and 20 or more characters), a PEM private key (`-----BEGIN … PRIVATE KEY-----`), a JWT-shaped access token (`eyJ…`), a `Bearer` token, or a non-empty value (scalar, list or mapping) under a key whose name is or ends with `secret`, `client-secret`, `password`, `passwd`, `token`, `access-token`, `private-key` or `api-key`, ignoring case, `-` and `_` (`db-password`, `refresh-token`, `x-client-secret`: `x-` keys are scanned too). Shapes are found in decoded values too (YAML escapes, line continuations, `!!binary`), in a file that does not parse, and in the `operators-csv` export (shapes, and cells of a column named like a secret). Every output masks it: at most its first 4 characters are shown, then `…`.",
            why: r"Plans live in git, and a secret in git is public to everyone with access, forever, including in history and forks. An integration sends its client secret only to Adobe IMS, to get its access token; the secret belongs in a vault, never in a plan, a runbook or a message to anyone. A leaked secret must be replaced.",
            failing: r"format: 1
name: acme
environments:
  stage: {role: stage, hosting: managed, version: 7.4.1}
steps:
  - {id: users, env: stage, kind: migrate-users}
  - id: operators
    env: stage
    kind: migrate-operators
    x-client-secret: p8e-EXAMPLE-not-a-real-secret
  - {id: restrictions, env: stage, kind: enable-restrictions}
",
            fixed: r#"format: 1
name: acme
environments:
  stage: {role: stage, hosting: managed, version: 7.4.1}
steps:
  - {id: users, env: stage, kind: migrate-users}
  - id: operators
    env: stage
    kind: migrate-operators
    x-credential: in the team vault, entry "Campaign stage S2S"
  - {id: restrictions, env: stage, kind: enable-restrictions}
"#,
            sources: &[
                cite(PLAN_FORMAT, "never put a secret in a plan"),
                cite(
                    OPERATORS,
                    "an integration sends its client id and client secret to Adobe IMS to get its access token",
                ),
            ],
        },
    },
    Rule {
        code: Code::IMS013,
        name: "users-below-741",
        severity: Severity::Warning,
        summary: "`migrate-users` below 7.4.1",
        url: pages::USERS,
        explain: Explain {
            checks: r"`migrate-users` runs on an effective version of 7.4.1 or later (every 8.x counts). Not reported when the step already has IMS001, when its version comes from an upgrade whose own `to` is already reported (IMS006, IMS007, IMS008), nor on a step already `done` or `skipped` (history is not advice). When a later upgrade of the environment goes to 7.4.1 or later (the 7.3.5-first route), the help names it.",
            why: r#"Adobe's end-user page says "from 7.4.1" since June 2024 (earlier it said 7.3.5), and Adobe recommends 7.4.1 for the whole migration. On 7.3.5 the end-user migration is possible but off Adobe's documented path."#,
            failing: r"format: 1
name: acme
environments:
  stage: {role: stage, hosting: managed, version: 7.3.5}
steps:
  - {id: users, env: stage, kind: migrate-users}
  - {id: operators, env: stage, kind: migrate-operators}
  - {id: upgrade, env: stage, kind: upgrade, to: 7.4.1, after: [operators]}
  - {id: restrictions, env: stage, kind: enable-restrictions}
",
            fixed: r"format: 1
name: acme
environments:
  stage: {role: stage, hosting: managed, version: 7.3.5}
steps:
  - {id: upgrade, env: stage, kind: upgrade, to: 7.4.1}
  - {id: users, env: stage, kind: migrate-users}
  - {id: operators, env: stage, kind: migrate-operators}
  - {id: restrictions, env: stage, kind: enable-restrictions}
",
            sources: &[
                cite(USERS, "the end-user migration is applicable starting 7.4.1"),
                cite(
                    OVERVIEW,
                    "Adobe recommends 7.4.1 and to migrate starting 7.3.5",
                ),
            ],
        },
    },
    Rule {
        code: Code::IMS014,
        name: "window-missed",
        severity: Severity::Warning,
        summary: "a step's `not-before` is earlier than its dependencies can finish",
        url: pages::USERS,
        explain: Explain {
            checks: r"For every step with a `not-before` that is not yet `done` or `skipped`, the earliest finish of its dependencies (explicit, phase and promotion edges), computed as the schedule does: each step starts at the latest of the plan's `start`, its own `not-before` and its dependencies' finish, and lasts its `duration` (0 when done, skipped or missing). The rule needs absolute times: with `start` every step has them; without `start` only steps downstream of some `not-before` do, and the rule compares against those (a lower bound, so it never warns wrongly). It is skipped when the graph has a cycle (P006).",
            why: r"A `not-before` usually names a window agreed with Adobe or the business: the 1-hour user migration window, an upgrade slot, a change freeze. If the steps before it cannot be finished by then, the window is missed on paper already; better to move the window or the work now than on the day.",
            failing: r"format: 1
name: acme
start: 2026-12-07T08:00:00Z
environments:
  stage:
    role: stage
    hosting: managed
    version: 7.3.5
steps:
  - id: upgrade-stage
    env: stage
    kind: upgrade
    to: 7.4.1
    duration: 1d
  - id: users-stage
    env: stage
    kind: migrate-users
    duration: 1h
    not-before: 2026-12-07T20:00:00Z   # the upgrade ends 2026-12-08T08:00Z
  - id: operators-stage
    env: stage
    kind: migrate-operators
  - id: restrictions-stage
    env: stage
    kind: enable-restrictions
",
            fixed: r"format: 1
name: acme
start: 2026-12-07T08:00:00Z
environments:
  stage:
    role: stage
    hosting: managed
    version: 7.3.5
steps:
  - id: upgrade-stage
    env: stage
    kind: upgrade
    to: 7.4.1
    duration: 1d
  - id: users-stage
    env: stage
    kind: migrate-users
    duration: 1h
    not-before: 2026-12-08T20:00:00Z   # after the upgrade
  - id: operators-stage
    env: stage
    kind: migrate-operators
  - id: restrictions-stage
    env: stage
    kind: enable-restrictions
",
            sources: &[
                cite(
                    USERS,
                    "Adobe's automated end-user migration runs in an agreed 1-hour window",
                ),
                cite(
                    BUILD_FAQ,
                    "upgrades run on agreed dates: Monday to Thursday, Fridays only for non-production",
                ),
            ],
        },
    },
    Rule {
        code: Code::IMS015,
        name: "operators-export",
        severity: Severity::Error,
        summary: "`operators-csv`: a native operator without a unique email, or a file that cannot be used",
        url: pages::USERS,
        explain: Explain {
            checks: r"The operators export named by `operators-csv` (relative to the plan file) can be read and is complete: columns `name`, `email` and optionally `type` (`native` when empty, `ims`, `technical`; header names ignore case and spaces). Every native operator has an email, unique across the file ignoring case. The file must stay inside the plan's folder (no absolute path, no `..` or symlink out of it), exist, be UTF-8 and at most 16 MiB.",
            why: r#"Adobe's end-user procedure requires a unique email on every native operator (Administration > Access Management > Operators, Contact points), confirmed to Adobe before the automated migration. In bulk, the v8 end-user page describes a workflow that extracts the native operators to CSV, and a second one that loads the file with the emails back ("Update data" on `Operators (xtk)`); checking that file before the window catches the gaps."#,
            failing: r"# exports/stage-operators.csv:
#   name,email,type
#   jdoe,jdoe@acme.example,
#   msmith,,native
format: 1
name: acme
environments:
  stage: {role: stage, hosting: managed, version: 7.4.1}
steps:
  - id: users
    env: stage
    kind: migrate-users
    operators-csv: exports/stage-operators.csv
  - {id: operators, env: stage, kind: migrate-operators}
  - {id: restrictions, env: stage, kind: enable-restrictions}
",
            fixed: r"# exports/stage-operators.csv:
#   name,email,type
#   jdoe,jdoe@acme.example,
#   msmith,msmith@acme.example,native
format: 1
name: acme
environments:
  stage: {role: stage, hosting: managed, version: 7.4.1}
steps:
  - id: users
    env: stage
    kind: migrate-users
    operators-csv: exports/stage-operators.csv
  - {id: operators, env: stage, kind: migrate-operators}
  - {id: restrictions, env: stage, kind: enable-restrictions}
",
            sources: &[
                cite(
                    USERS,
                    "every native operator needs a unique email (Contact points), confirmed to Adobe before the migration",
                ),
                cite(
                    V8_USERS,
                    "bulk update of the operators' emails with a workflow and a CSV file",
                ),
            ],
        },
    },
    Rule {
        code: Code::IMS016,
        name: "product-profile",
        severity: Severity::Error,
        summary: "a technical operator's product profile is malformed, names an unlisted instance, or is not the Message Center profile Adobe names",
        url: pages::OPERATORS,
        explain: Explain {
            checks: r"A technical operator's `profile` reads `campaign - <instance> - <group>` (split on ` - `, `campaign` in any case, instance and group not empty). When the environment lists `instances`, the instance is one of them. A `message-center` operator uses the group `messagecenter`. On a `managed` or `hosted` environment whose `instances` give roles, a `message-center` operator's instance is a `marketing` one; with the list form (roles unknown), or on `hybrid` and `on-premise`, any listed instance.",
            why: r"Rights in IMS come from Admin Console product profiles, each tied to a Campaign operator group and named `campaign - <instance> - <group internal name>`. Message Center calls need the profile ending with `messagecenter`: on managed and hosted environments Adobe creates `campaign - <your campaign marketing instance> - messagecenter`, the profile of the marketing instance associated with the Message Center; on-premise and hybrid customers create `campaign - <your campaign instance> - messagecenter`. A custom operator group used for marketing calls needs its own product profile. A technical account without the right profile cannot do its job, and the integration fails after the switch.",
            failing: r"format: 1
name: acme
environments:
  stage:
    role: stage
    hosting: managed
    version: 7.4.1
    instances: {acme-mkt-stage: marketing, acme-mc-stage: message-center}
steps:
  - {id: users, env: stage, kind: migrate-users}
  - id: operators
    env: stage
    kind: migrate-operators
    operators:
      - name: mc-soap
        instance: message-center
        credential: oauth-server-to-server
        profile: campaign - acme-mc-stage - messagecenter
  - {id: restrictions, env: stage, kind: enable-restrictions}
",
            fixed: r"format: 1
name: acme
environments:
  stage:
    role: stage
    hosting: managed
    version: 7.4.1
    instances: {acme-mkt-stage: marketing, acme-mc-stage: message-center}
steps:
  - {id: users, env: stage, kind: migrate-users}
  - id: operators
    env: stage
    kind: migrate-operators
    operators:
      - name: mc-soap
        instance: message-center
        credential: oauth-server-to-server
        profile: campaign - acme-mkt-stage - messagecenter
  - {id: restrictions, env: stage, kind: enable-restrictions}
",
            sources: &[
                cite(
                    OPERATORS,
                    "managed and hosted: `campaign - <your campaign marketing instance> - messagecenter`, the profile of the marketing instance associated with the Message Center",
                ),
                cite(
                    OPERATORS,
                    "on-premise and hybrid: create `campaign - <your campaign instance> - messagecenter`",
                ),
                cite(
                    OPERATORS,
                    "marketing calls: the profile of the instance and operator group; a custom operator group needs its own profile",
                ),
                cite(
                    CONFIGURING_IMS,
                    "profile names: the association mask followed by the operator group's internal name",
                ),
            ],
        },
    },
    Rule {
        code: Code::IMS017,
        name: "admin-profile",
        severity: Severity::Warning,
        summary: "a product profile name contains `admin`",
        url: pages::USERS,
        explain: Explain {
            checks: r"No product profile name contains `admin` (in any case).",
            why: r#"Any product profile whose name contains the word "admin" automatically grants access to the Campaign Control Panel, a self-service tool that makes significant changes to instances. Technical accounts and most users do not need it; give it only on purpose."#,
            failing: r"format: 1
name: acme
environments:
  stage: {role: stage, hosting: managed, version: 7.4.1, instances: [acme-mkt-stage, acme-mc-stage]}
steps:
  - {id: users, env: stage, kind: migrate-users}
  - id: operators
    env: stage
    kind: migrate-operators
    operators:
      - name: crm-sync
        instance: marketing
        credential: oauth-server-to-server
        profile: campaign - acme-mkt-stage - admin
  - {id: restrictions, env: stage, kind: enable-restrictions}
",
            fixed: r"format: 1
name: acme
environments:
  stage: {role: stage, hosting: managed, version: 7.4.1, instances: [acme-mkt-stage, acme-mc-stage]}
steps:
  - {id: users, env: stage, kind: migrate-users}
  - id: operators
    env: stage
    kind: migrate-operators
    operators:
      - name: crm-sync
        instance: marketing
        credential: oauth-server-to-server
        profile: campaign - acme-mkt-stage - crm
  - {id: restrictions, env: stage, kind: enable-restrictions}
",
            sources: &[
                cite(
                    USERS,
                    "a product profile containing the word \"admin\" grants access to the Control Panel",
                ),
                cite(V8_USERS, "the same on v8"),
            ],
        },
    },
    Rule {
        code: Code::IMS018,
        name: "v8-self-hosted",
        severity: Severity::Error,
        summary: "target `v8` and a hybrid or on-premise environment has no `move-to-v8` step",
        url: pages::V8_FAQ,
        explain: Explain {
            checks: r"With `target: v8`, every `hybrid` or `on-premise` environment has a `move-to-v8` step, unless it already runs 8.x.",
            why: r"Campaign v8 is only available as a Managed Cloud Service, not on-premise or hybrid, so a self-hosted environment reaches v8 only by moving, which Adobe does with the customer. A v8 plan without that move leaves the environment behind on v7.",
            failing: r"format: 1
name: acme
target: v8
environments:
  stage: {role: stage, hosting: on-premise, version: 7.4.1}
steps:
  - {id: users, env: stage, kind: migrate-users}
  - {id: operators, env: stage, kind: migrate-operators}
  - {id: restrictions, env: stage, kind: enable-restrictions}
",
            fixed: r"format: 1
name: acme
target: v8
environments:
  stage: {role: stage, hosting: on-premise, version: 7.4.1}
steps:
  - {id: users, env: stage, kind: migrate-users}
  - {id: operators, env: stage, kind: migrate-operators}
  - {id: restrictions, env: stage, kind: enable-restrictions}
  - {id: v8, env: stage, kind: move-to-v8}
",
            sources: &[
                cite(
                    V8_FAQ,
                    "Campaign v8 is only available as a Managed Cloud Service, not on-premise or hybrid",
                ),
                cite(
                    V8_GUARDRAILS,
                    "v8 is not available for on-premise or hybrid deployments",
                ),
            ],
        },
    },
    Rule {
        code: Code::IMS019,
        name: "window-moved",
        severity: Severity::Warning,
        summary: "a `not-before` falls outside the allowed time, so the schedule moves the step",
        url: pages::BUILD_FAQ,
        explain: Explain {
            checks: r"For every step not yet `done` or `skipped` whose `not-before` is where it would start (its dependencies finish earlier), whether that moment is allowed: a working day and within the working hours of its environment's `calendar` (the environment's own keys over the plan's), not a holiday, not in a freeze, the whole span `[start, finish)` clear of holidays and freezes, and, for `upgrade` steps in `managed` or `hosted` environments, one of Adobe's upgrade days (Monday to Thursday; Friday only for non-production roles; never a holiday). Days and hours are read in the plan's `timezone`. When the schedule has to move the step, the message says from when to when and why.",
            why: r"A `not-before` usually names a slot agreed with Adobe or the business. If it falls on a day Adobe does not upgrade, on a weekend, outside office hours or in a change freeze, the slot cannot be kept: the step really happens later, and everything after it moves too. Better to see it while planning than on the day.",
            failing: r"format: 1
name: acme
timezone: Europe/Paris
start: 2026-12-01T08:00:00+01:00
environments:
  stage:
    role: stage
    hosting: managed
    version: 7.3.5
steps:
  - id: upgrade-stage
    env: stage
    kind: upgrade
    to: 7.4.1
    duration: 4h
    not-before: 2026-12-05T09:00:00+01:00   # a Saturday: Adobe upgrades Monday to Friday here
  - {id: users-stage, env: stage, kind: migrate-users}
  - {id: operators-stage, env: stage, kind: migrate-operators}
  - {id: restrictions-stage, env: stage, kind: enable-restrictions}
",
            fixed: r"format: 1
name: acme
timezone: Europe/Paris
start: 2026-12-01T08:00:00+01:00
environments:
  stage:
    role: stage
    hosting: managed
    version: 7.3.5
steps:
  - id: upgrade-stage
    env: stage
    kind: upgrade
    to: 7.4.1
    duration: 4h
    not-before: 2026-12-04T09:00:00+01:00   # a Friday: allowed outside production
  - {id: users-stage, env: stage, kind: migrate-users}
  - {id: operators-stage, env: stage, kind: migrate-operators}
  - {id: restrictions-stage, env: stage, kind: enable-restrictions}
",
            sources: &[
                cite(
                    BUILD_FAQ,
                    "managed and hosted upgrades run Monday to Thursday, Fridays only for non-production, never on holidays",
                ),
                cite(
                    PLAN_FORMAT,
                    "steps start at a working moment of their environment's calendar",
                ),
            ],
        },
    },
    Rule {
        code: Code::IMS020,
        name: "deadline-missed",
        severity: Severity::Warning,
        summary: "the schedule finishes a step, an environment or the plan after its `deadline`",
        url: pages::OVERVIEW,
        explain: Explain {
            checks: r"Computes the schedule as `imsplan plan` does (the plan's `start`, `not-before` windows, durations, calendars, Adobe's upgrade days, recorded `started`/`finished` times) and compares finishes with every `deadline`: a step's own, an environment's (its last step), the plan's (its last step). Steps already `done` or `skipped` do not count. The message says by how much the deadline is missed; the finding points at the `deadline` value.",
            why: r"A deadline is a promise: the go-live date, the end of native login, a contract date. If the plan on paper already finishes later, something has to change now (an earlier start, shorter or parallel work, a new date), not on the eve of the deadline.",
            failing: r"format: 1
name: acme
start: 2027-03-29T08:00:00Z
deadline: 2027-03-31T18:00:00Z
environments:
  stage:
    role: stage
    hosting: on-premise
    version: 7.4.1
steps:
  - {id: users, env: stage, kind: migrate-users, duration: 2d}
  - {id: operators, env: stage, kind: migrate-operators, duration: 1d}
  - {id: restrictions, env: stage, kind: enable-restrictions, duration: 2h}
",
            fixed: r"format: 1
name: acme
start: 2027-03-22T08:00:00Z
deadline: 2027-03-31T18:00:00Z
environments:
  stage:
    role: stage
    hosting: on-premise
    version: 7.4.1
steps:
  - {id: users, env: stage, kind: migrate-users, duration: 2d}
  - {id: operators, env: stage, kind: migrate-operators, duration: 1d}
  - {id: restrictions, env: stage, kind: enable-restrictions, duration: 2h}
",
            sources: &[
                cite(
                    OVERVIEW,
                    "start the migration on the stage environment once it is upgraded, then plan production",
                ),
                cite(
                    PLAN_FORMAT,
                    "a deadline is the latest finish of a step, an environment or the plan",
                ),
            ],
        },
    },
    Rule {
        code: Code::IMS021,
        name: "placeholder-left",
        severity: Severity::Warning,
        summary: "a value is still marked `FILL IN` (a starter value of `imsplan init`)",
        url: pages::OPERATORS,
        explain: Explain {
            checks: r"`imsplan init` writes a `# FILL IN` comment beside every value only you know: the plan's `name` and `title`, each environment's `version` and `instances`, the owners, the technical operators' names, the durations agreed with Adobe. Each line whose value still carries that comment is reported, at the value (a comment on a line of its own, and text inside a block scalar such as `notes: |`, are not values). Set the value, then delete the comment.",
            why: r"A starter plan validates on purpose, so a plan whose starter values were never replaced looks finished: `7.3.5` may not be the version the instance runs (Help > About shows it), and the instance names feed the product profile names Adobe's technical-operator page asks for (`campaign - <marketing instance> - messagecenter` on managed and hosted instances). A runbook built on them sends people to the wrong instance and profile.",
            failing: r"format: 1
name: acme
environments:
  stage:
    role: stage
    hosting: managed
    version: 7.4.1                 # FILL IN: the Campaign version running today (Help > About)
steps:
  - {id: users, env: stage, kind: migrate-users}
  - {id: operators, env: stage, kind: migrate-operators}
  - {id: restrictions, env: stage, kind: enable-restrictions}
",
            fixed: r"format: 1
name: acme
environments:
  stage:
    role: stage
    hosting: managed
    version: 7.4.2
steps:
  - {id: users, env: stage, kind: migrate-users}
  - {id: operators, env: stage, kind: migrate-operators}
  - {id: restrictions, env: stage, kind: enable-restrictions}
",
            sources: &[
                cite(
                    OPERATORS,
                    "the Message Center product profile is `campaign - <marketing instance> - messagecenter`, named after the real instance",
                ),
                cite(
                    BUILD_FAQ,
                    "Help > About shows the version and build of the console and the server",
                ),
                cite(
                    PLAN_FORMAT,
                    "`imsplan init` marks every value to set with `# FILL IN`",
                ),
            ],
        },
    },
];

#[cfg(test)]
mod tests {
    use super::{RULES, pages};

    #[test]
    fn every_rule_rests_on_pages_of_the_catalog() {
        for r in RULES {
            let code = r.code.as_str();
            assert!(!r.explain.sources.is_empty(), "{code}: no source");
            for c in r.explain.sources {
                assert!(!c.text.trim().is_empty(), "{code}: an empty claim");
                assert!(
                    pages::page(c.page).is_some(),
                    "{code}: `{}` cites `{}`, not a page of the catalog",
                    c.text,
                    c.page
                );
            }
            if code.starts_with("IMS") {
                assert!(
                    pages::page(r.url).is_some(),
                    "{code}: its page `{}` is not in the catalog",
                    r.url
                );
                assert!(
                    r.explain.sources.iter().any(|c| c.page == r.url),
                    "{code}: no claim rests on its own page"
                );
                assert!(
                    r.explain
                        .sources
                        .iter()
                        .any(|c| c.page.starts_with("https://")),
                    "{code}: an Adobe rule cites no Adobe page"
                );
            }
        }
    }

    #[test]
    fn the_catalog_lists_each_page_once() {
        for (i, p) in pages::CATALOG.iter().enumerate() {
            assert!(!p.title.is_empty() && !p.source.is_empty(), "{}", p.url);
            assert!(
                pages::CATALOG[i + 1..].iter().all(|q| q.url != p.url),
                "{} twice",
                p.url
            );
        }
    }
}
