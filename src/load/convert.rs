//! Conversion of the span tree into the model (P002, P007): every key, value and
//! keyword of the plan format, read *softly* so one run reports every problem.
//!
//! Longer than ~500 lines on purpose: it is the one place that knows the plan format's
//! keys, one walk over the tree in plan order (plan, environments, steps, operators)
//! that reads best whole. The value readers it calls are `values.rs`; the working
//! calendar is `calendar.rs`.

use super::calendar::convert_calendar;
use super::times::{bare_day, deadline_value, duration_value, end_of_day, time_value, zone_value};
use super::values::{
    build_value, expect_map, id_value, instances_value, is_id, keyword, list, list_partial,
    missing, opt_owned_text, opt_text, owned_text, scalar_text, unknown_key, version_value,
};
use super::yaml::Raw;
use super::{Cx, secrets, stream};
use crate::code::Code;
use crate::diagnostic::Finding;
use crate::model::{
    Credential, Environment, Hosting, Instance, Kind, Operator, Ordering, Plan, Role, Status, Step,
    Target,
};
use crate::span::{Sp, Span};

const PLAN_KEYS: &[&str] = &[
    "format",
    "name",
    "title",
    "target",
    "ordering",
    "start",
    "timezone",
    "calendar",
    "deadline",
    "environments",
    "steps",
];
const ENV_KEYS: &[&str] = &[
    "role",
    "hosting",
    "version",
    "build",
    "instances",
    "after",
    "calendar",
    "deadline",
];
const STEP_KEYS: &[&str] = &[
    "id",
    "env",
    "kind",
    "title",
    "to",
    "duration",
    "not-before",
    "deadline",
    "started",
    "finished",
    "owner",
    "status",
    "evidence",
    "operators-csv",
    "operators",
    "allow-operators",
    "after",
    "notes",
];
const OPERATOR_KEYS: &[&str] = &["name", "instance", "credential", "profile"];

#[allow(clippy::too_many_lines)] // one arm per top-level key of SPEC §2
pub(super) fn convert_plan(cx: &mut Cx<'_>, root: Sp<stream::Root>) -> Option<Plan> {
    let root_span = root.span;
    let (at, items) = match root.value {
        stream::Root::Map(items) => (items.first().map_or(root_span, |(k, _)| k.span), items),
        stream::Root::Other(Raw::Null) => {
            cx.schema(
                Span::default(),
                "the file holds no plan",
                "start from `imsplan init`, or see `docs/plan-format.md`",
            );
            return None;
        }
        stream::Root::Other(other) => {
            let node = Sp {
                value: other,
                span: root_span,
                defined: root.defined,
            };
            secrets::scan_tree(&node, cx);
            cx.schema(
                root_span,
                format!("a plan must be a mapping, found {}", node.value.describe()),
                "a plan starts with `format: 1`, `name:`, `environments:` and `steps:`",
            );
            return None;
        }
    };
    let (mut format, mut name, mut title, mut target, mut ordering, mut start) =
        (None, None, None, None, None, None);
    let (mut timezone, mut calendar, mut deadline) = (None, None, None);
    let mut format_ok = true;
    let (mut environments, mut steps) = (None, None);
    let mut seen_invalid = Vec::new();
    let mut typos: Vec<&str> = Vec::new();
    for (key, top) in items {
        let value = match top {
            stream::Top::Raw(value) => value,
            stream::Top::Steps(value) => {
                seen_invalid.push("steps");
                steps = convert_steps(cx, value);
                continue;
            }
        };
        if secrets::is_secret_key(&key.value) {
            secrets::scan_tree(
                &Sp::new(Raw::Map(vec![(key.clone(), value.clone())]), key.span),
                cx,
            );
        } else {
            secrets::scan_tree(&value, cx);
        }
        match key.value.as_str() {
            "format" => {
                format = Some(value.span);
                if !matches!(value.value, Raw::Int(1)) {
                    let shown = cx.text_of(&value).to_owned();
                    let f = Finding::new(
                        Code::P007,
                        cx.source,
                        value.span,
                        format!("unsupported plan format `{shown}`"),
                    )
                    .help("this version of imsplan reads `format: 1` (the integer, unquoted)")
                    .defined_at(value.defined);
                    cx.push(f);
                    format_ok = false;
                }
            }
            "name" => {
                name = id_value(cx, value, "name", "plan");
                seen_invalid.push("name");
            }
            "title" => title = opt_text(cx, &value, "title"),
            // A broken `target` or `ordering` changes what every environment needs and
            // how its steps are ordered: the rules that depend on it skip the plan.
            "target" => {
                target = keyword(cx, &value, "target", Target::parse, &Target::keywords());
                cx.dropped.every_environment |= target.is_none();
                cx.dropped.schedule |= target.is_none();
            }
            "ordering" => {
                ordering = keyword(
                    cx,
                    &value,
                    "ordering",
                    Ordering::parse,
                    &Ordering::keywords(),
                );
                cx.dropped.every_environment |= ordering.is_none();
                cx.dropped.schedule |= ordering.is_none();
            }
            "start" => {
                start = time_value(cx, &value, "start");
                cx.dropped.schedule |= start.is_none() && !matches!(value.value, Raw::Null);
            }
            "timezone" => {
                timezone = zone_value(cx, &value);
                cx.dropped.schedule |= timezone.is_none() && !matches!(value.value, Raw::Null);
            }
            "calendar" => {
                calendar = convert_calendar(cx, value, "the plan");
                cx.dropped.schedule |= calendar.is_none();
            }
            "deadline" => {
                deadline = deadline_value(cx, &value);
                cx.dropped.schedule |= deadline.is_none() && !matches!(value.value, Raw::Null);
            }
            "environments" => {
                seen_invalid.push("environments");
                environments = convert_environments(cx, value);
            }
            _ => typos.extend(unknown_key(cx, &key, PLAN_KEYS, "the plan", true)),
        }
    }
    let place = "the plan";
    if format.is_none() {
        missing(cx, at, "format", place, &typos);
    }
    for (key, present) in [
        ("name", name.is_some()),
        ("environments", environments.is_some()),
        ("steps", steps.is_some()),
    ] {
        if !present && !seen_invalid.contains(&key) {
            missing(cx, at, key, place, &typos);
        }
    }
    // Another format's plan, or no `environments` or `steps` to check: nothing to
    // recover (every step or environment would be reported again).
    if !format_ok {
        return None;
    }
    let (timezone, zone) = match timezone {
        Some((name, tz)) => (Some(name), tz),
        None => (None, jiff::tz::TimeZone::UTC),
    };
    let mut plan = Plan {
        // A missing `format` or a broken `name` is reported; the rest is still checked
        // (the recovered plan is never acted on, so the stand-ins are never shown).
        format: format.unwrap_or(at),
        name: name.unwrap_or_else(|| Sp::new(String::new(), at)),
        title,
        target,
        ordering,
        start,
        timezone,
        zone,
        calendar,
        deadline,
        environments: environments?,
        steps: steps?,
        env_index: std::collections::HashMap::new(),
        dropped: crate::model::Dropped::default(),
    };
    plan.index_environments();
    localise_day_deadlines(&mut plan, cx.text);
    check_allow_operators(cx, &mut plan);
    plan.dropped = std::mem::take(&mut cx.dropped);
    Some(plan)
}

/// Take the steps converted while parsing (`stream`), or convert them now.
fn convert_steps(cx: &mut Cx<'_>, value: Sp<stream::Steps>) -> Option<Vec<Step>> {
    match value.value {
        stream::Steps::Converted(c) => {
            cx.findings.extend(c.findings);
            cx.secret_spans.extend(c.secret_spans);
            cx.allow_keys.extend(c.allow_keys);
            cx.dropped.extend(*c.dropped);
            c.steps
        }
        stream::Steps::Other(raw) => {
            let node = Sp {
                value: raw,
                span: value.span,
                defined: value.defined,
            };
            secrets::scan_tree(&node, cx);
            list_partial(cx, node, "steps", convert_step).map(|(steps, _)| steps)
        }
    }
}

/// The environments that load; a broken one is dropped and recorded (its steps then
/// get no "unknown environment").
fn convert_environments(cx: &mut Cx<'_>, node: Sp<Raw>) -> Option<Vec<Environment>> {
    let entries = expect_map(cx, node, "`environments`")?;
    let mut out = Vec::with_capacity(entries.items.len());
    for (key, value) in entries.items {
        let id_ok = is_id(&key.value);
        if !id_ok {
            cx.schema(
                key.span,
                format!("`{}` is not a valid environment id", key.value),
                "ids use lower-case letters, digits, `.`, `_` and `-`, and start with a letter or digit",
            );
        }
        match convert_environment(cx, &key, value) {
            Some(env) if id_ok => out.push(env),
            _ => cx.dropped.drop_environment(&key.value),
        }
    }
    Some(out)
}

fn convert_environment(cx: &mut Cx<'_>, key: &Sp<String>, node: Sp<Raw>) -> Option<Environment> {
    let place = format!("environment `{}`", key.value);
    let entries = expect_map(cx, node, &place)?;
    let at = entries.at;
    let (mut role, mut hosting, mut version, mut build, mut instances, mut after) =
        (None, None, None, None, None, None);
    let (mut calendar, mut deadline) = (None, None);
    let mut instance_roles = None;
    // A broken `after` loses promotion sources: the environment is known only in part.
    let mut after_broken = false;
    let mut seen = Vec::new();
    let mut typos: Vec<&str> = Vec::new();
    for (k, value) in entries.items {
        let name = k.value.as_str();
        if ENV_KEYS.contains(&name) {
            seen.push(ENV_KEYS.iter().position(|x| *x == name).unwrap_or(0));
        }
        match name {
            "role" => role = keyword(cx, &value, "role", Role::parse, &Role::keywords()),
            "hosting" => {
                hosting = keyword(cx, &value, "hosting", Hosting::parse, &Hosting::keywords());
            }
            "version" => version = version_value(cx, &value, "version"),
            // Optional fields: a broken one is dropped, the environment kept.
            "build" => {
                if !matches!(value.value, Raw::Null) {
                    build = build_value(cx, &value);
                }
            }
            "instances" => {
                let (names, roles) = instances_value(cx, value);
                instances = names;
                instance_roles = roles;
            }
            "after" => {
                // Keep the sources that load; with none readable, promote from none
                // (never from the defaults the plan did not ask for).
                let read = list_partial(cx, value, "after", |cx, n| owned_text(cx, n, "after"));
                after_broken |= !read.as_ref().is_some_and(|(_, all)| *all);
                after = Some(read.map_or_else(Vec::new, |(items, _)| items));
            }
            "calendar" => {
                calendar = convert_calendar(cx, value, &place);
                cx.dropped.schedule |= calendar.is_none();
            }
            "deadline" => {
                deadline = deadline_value(cx, &value);
                cx.dropped.schedule |= deadline.is_none() && !matches!(value.value, Raw::Null);
            }
            _ => typos.extend(unknown_key(cx, &k, ENV_KEYS, &place, true)),
        }
    }
    for (i, key) in ["role", "hosting", "version"].iter().enumerate() {
        if !seen.contains(&i) {
            missing(cx, at, key, &place, &typos);
        }
    }
    // Without its role, hosting or version the environment is dropped (the caller
    // records it).
    let env = Environment {
        calendar,
        deadline,
        id: key.clone(),
        role: role?,
        hosting: hosting?,
        version: version?,
        build,
        instances,
        instance_roles,
        after,
    };
    if after_broken {
        cx.dropped.touched.insert(key.value.clone());
        cx.dropped.schedule = true;
    }
    Some(env)
}

/// Fields only some kinds of step take (SPEC §10).
const KIND_FIELDS: &[(&str, Kind)] = &[
    ("to", Kind::Upgrade),
    ("operators-csv", Kind::MigrateUsers),
    ("operators", Kind::MigrateOperators),
    ("allow-operators", Kind::EnableRestrictions),
];

/// The step keys whose presence matters after the keys are read: the three required
/// ones, then `to` (upgrades) and `title` (custom steps): flags, not a copy of each key.
const SEEN_KEYS: [&str; 5] = ["id", "env", "kind", "to", "title"];

/// A step, or `None` when a part others depend on is broken: its id, `env`, `kind` or
/// `status`, or an upgrade's `to`. A dropped step is recorded in `cx.dropped` (by the
/// id and `env` written, when readable), so no rule reports what it would have fed. A
/// broken optional field is dropped alone; one the schedule reads marks the schedule.
#[allow(clippy::too_many_lines)] // one arm per field of SPEC §2; splitting hides the list
pub(super) fn convert_step(cx: &mut Cx<'_>, node: Sp<Raw>) -> Option<Step> {
    let Some(entries) = expect_map(cx, node, "a step") else {
        cx.dropped.drop_step(None, None);
        return None;
    };
    let at = entries.at;
    // The id and `env` as written, to name the step in messages and to record a drop.
    let written = |key: &str| {
        entries.items.iter().find_map(|(k, v)| match &v.value {
            Raw::Str(s) if k.value == key => Some(s.clone()),
            _ => None,
        })
    };
    let (step_id, step_env) = (written("id"), written("env"));
    let place = match &step_id {
        Some(id) => format!("step `{id}`"),
        None => "a step".to_owned(),
    };
    let mut id = None;
    let mut env = None;
    let mut kind = None;
    let mut s = Step {
        id: Sp::new(String::new(), at),
        env: Sp::new(String::new(), at),
        kind: Sp::new(Kind::Custom, at),
        title: None,
        to: None,
        duration: None,
        not_before: None,
        deadline: None,
        started: None,
        finished: None,
        owner: None,
        status: None,
        evidence: None,
        operators_csv: None,
        operators: None,
        allow_operators: None,
        after: None,
        notes: None,
        at,
    };
    // A part others depend on is broken: the step is dropped.
    let mut broken = false;
    let mut to_broken = false;
    // Some of `after` could not be read: the step's environment is known only in part.
    let mut after_broken = false;
    let mut seen = [false; SEEN_KEYS.len()];
    let mut kind_keys: Vec<(Span, &'static str, Kind)> = Vec::new();
    let mut typos: Vec<&str> = Vec::new();
    for (k, value) in entries.items {
        let name = k.value.as_str();
        if let Some(&(field, kind)) = KIND_FIELDS.iter().find(|(f, _)| *f == name) {
            kind_keys.push((k.span, field, kind));
        }
        if let Some(i) = SEEN_KEYS.iter().position(|x| *x == name) {
            seen[i] = true;
        }
        let null = matches!(value.value, Raw::Null);
        match name {
            "id" => id = id_value(cx, value, "id", "step"),
            "env" => env = owned_text(cx, value, "env"),
            "kind" => kind = keyword(cx, &value, "kind", Kind::parse, &Kind::keywords()),
            "title" => s.title = opt_owned_text(cx, value, "title"),
            "to" => {
                s.to = version_value(cx, &value, "to");
                to_broken = s.to.is_none();
            }
            "duration" => {
                s.duration = duration_value(cx, &value);
                cx.dropped.schedule |= !null && s.duration.is_none();
            }
            "not-before" | "deadline" | "started" | "finished" => {
                let t = if name == "deadline" {
                    deadline_value(cx, &value)
                } else {
                    time_value(cx, &value, name)
                };
                cx.dropped.schedule |= !null && t.is_none();
                match name {
                    "not-before" => s.not_before = t,
                    "deadline" => s.deadline = t.map(Box::new),
                    "started" => s.started = t.map(Box::new),
                    _ => s.finished = t.map(Box::new),
                }
            }
            "owner" => s.owner = opt_owned_text(cx, value, "owner"),
            "status" => {
                if !null {
                    s.status = keyword(cx, &value, "status", Status::parse, &Status::keywords());
                    // Read as `todo`, it would make every step after it "out of order".
                    broken |= s.status.is_none();
                }
            }
            "evidence" => s.evidence = opt_owned_text(cx, value, "evidence").map(Box::new),
            "operators-csv" => {
                s.operators_csv = owned_text(cx, value, "operators-csv").map(Box::new);
            }
            "operators" => {
                // Keep the operators that load: each rule looks at one operator.
                s.operators =
                    list_partial(cx, value, "operators", convert_operator).map(|(ops, _)| ops);
            }
            "allow-operators" => {
                s.allow_operators = list(cx, value, "allow-operators", |cx, n| {
                    scalar_text(cx, &n, "allow-operators")
                });
            }
            "after" => {
                // Keep the dependencies that load; fewer edges never add a finding.
                let read = list_partial(cx, value, "after", |cx, n| owned_text(cx, n, "after"));
                after_broken |= !read.as_ref().is_some_and(|(_, all)| *all);
                s.after = Some(read.map_or_else(Vec::new, |(items, _)| items));
            }
            "notes" => s.notes = opt_owned_text(cx, value, "notes"),
            _ => typos.extend(unknown_key(cx, &k, STEP_KEYS, &place, true)),
        }
    }
    let saw = |key: &str| SEEN_KEYS.iter().zip(seen).any(|(k, s)| s && *k == key);
    for key in &SEEN_KEYS[..3] {
        if !saw(key) {
            missing(cx, at, key, &place, &typos);
        }
    }
    let kind_keys_all = kind_keys.clone();
    if let Some(kind) = &kind {
        for (span, field, wanted) in kind_keys {
            if kind.value != wanted {
                let f = Finding::new(
                    Code::P002,
                    cx.source,
                    span,
                    format!(
                        "`{field}` does not belong on a `{}` step",
                        kind.value.as_str()
                    ),
                )
                .help(format!(
                    "`{field}` is only for `{}` steps; remove it or change `kind`",
                    wanted.as_str()
                ));
                cx.push(f);
                // The field is dropped; the step is kept.
                match field {
                    "to" => s.to = None,
                    "operators-csv" => s.operators_csv = None,
                    "operators" => s.operators = None,
                    _ => s.allow_operators = None,
                }
            }
        }
        if let (Kind::EnableRestrictions, Some(env)) = (kind.value, &env)
            && let Some(&(span, _, _)) = kind_keys_all
                .iter()
                .find(|(_, f, _)| *f == "allow-operators")
        {
            cx.allow_keys.push((env.value.clone(), span));
        }
        if kind.value == Kind::Upgrade && !saw("to") {
            cx.schema(
                at,
                format!("missing key `to` in {place}"),
                "an `upgrade` step names its target version, e.g. `to: 7.4.1`",
            );
            broken = true;
        }
        // Only text is missing: the step keeps its place (no cascade), the finding
        // stays an error.
        if kind.value == Kind::Custom && !saw("title") {
            cx.schema(
                at,
                format!("missing key `title` in {place}"),
                "a `custom` step says what to do in its `title`, e.g. `title: Tell marketing users about the 1-hour window`; the runbook shows it as the step's heading",
            );
        }
        broken |= kind.value == Kind::Upgrade && to_broken;
    }
    // A dropped step is known by its id when that is valid; an invalid one does not say
    // what the other steps call it, so then any `after` may mean it.
    let id_text = id.as_ref().map(|i| i.value.clone());
    let env_text = env.as_ref().map(|e| e.value.clone()).or(step_env);
    let (Some(id), Some(env), Some(kind), false) = (id, env, kind, broken) else {
        cx.dropped
            .drop_step(id_text.as_deref(), env_text.as_deref());
        return None;
    };
    if after_broken {
        cx.dropped.touched.insert(env.value.clone());
        cx.dropped.schedule = true;
    }
    s.id = id;
    s.env = env;
    s.kind = kind;
    Some(s)
}

/// A technical operator, or `None` without its name, instance or credential (the
/// operator is dropped, the step kept: each rule looks at one operator). A broken
/// `profile` is dropped alone.
fn convert_operator(cx: &mut Cx<'_>, node: Sp<Raw>) -> Option<Operator> {
    let entries = expect_map(cx, node, "a technical operator")?;
    let at = entries.at;
    let place = "a technical operator";
    let (mut name, mut instance, mut credential, mut profile) = (None, None, None, None);
    let mut seen = Vec::new();
    let mut typos: Vec<&str> = Vec::new();
    for (k, value) in entries.items {
        seen.push(k.value.clone());
        match k.value.as_str() {
            "name" => name = scalar_text(cx, &value, "name"),
            "instance" => {
                instance = keyword(
                    cx,
                    &value,
                    "instance",
                    Instance::parse,
                    &Instance::keywords(),
                );
            }
            "credential" => {
                credential = keyword(
                    cx,
                    &value,
                    "credential",
                    Credential::parse,
                    &Credential::keywords(),
                );
            }
            "profile" => profile = opt_text(cx, &value, "profile"),
            _ => typos.extend(unknown_key(cx, &k, OPERATOR_KEYS, place, false)),
        }
    }
    for key in ["name", "instance", "credential"] {
        if !seen.iter().any(|s| s == key) {
            missing(cx, at, key, place, &typos);
        }
    }
    Some(Operator {
        name: name?,
        instance: instance?,
        credential: credential?,
        profile,
    })
}

/// `allow-operators` only where the customer sets restrictions (hybrid, on-premise);
/// elsewhere it is reported and dropped.
fn check_allow_operators(cx: &mut Cx<'_>, plan: &mut Plan) {
    for (env_id, key) in std::mem::take(&mut cx.allow_keys) {
        let Some((_, env)) = plan.env(&env_id) else {
            continue;
        };
        if env.hosting.value.adobe_hosted() {
            let f = Finding::new(
                Code::P002,
                cx.source,
                key,
                format!(
                    "`allow-operators` does not apply to `{}`, a `{}` environment",
                    env.id.value, env.hosting.value
                ),
            )
            .help("remove `allow-operators`: Adobe sets the restrictions on managed and hosted instances")
            .label(env.hosting.span, "hosted by Adobe");
            cx.push(f);
            for s in &mut plan.steps {
                if s.env.value == env_id && s.kind.value == Kind::EnableRestrictions {
                    s.allow_operators = None;
                }
            }
        }
    }
}

/// A `deadline` written as a day is the end of that day in the plan's zone (read in
/// UTC while the zone was not known yet).
fn localise_day_deadlines(plan: &mut Plan, text: &str) {
    let zone = plan.zone.clone();
    let fix = |d: Option<&mut Sp<jiff::Timestamp>>| {
        let Some(d) = d else { return };
        let span = d.defined.unwrap_or(d.span);
        if let Some(t) = text
            .get(span.start()..span.end())
            .and_then(bare_day)
            .and_then(|day| end_of_day(day, &zone))
        {
            d.value = t;
        }
    };
    fix(plan.deadline.as_mut());
    for env in &mut plan.environments {
        fix(env.deadline.as_mut());
    }
    for step in &mut plan.steps {
        fix(step.deadline.as_deref_mut());
    }
}
