//! Conversion of the span tree into the model (P002, P007): every key, value and
//! keyword of the plan format, read *softly* so one run reports every problem.
//!
//! Longer than ~500 lines on purpose: it is the one place that knows the plan format's
//! keys, one walk over the tree in plan order (plan, environments, steps, operators)
//! with the value readers it shares; splitting the readers from their only callers would
//! scatter that walk.

use super::yaml::Raw;
use super::{Cx, secrets, stream};
use crate::code::Code;
use crate::diagnostic::Finding;
use crate::model::{
    Calendar, Credential, Environment, Freeze, Hosting, Hours, Instance, Kind, Operator, Ordering,
    Plan, Role, Status, Step, Target, Weekday,
};
use crate::span::{Sp, Span};
use crate::suggest::{code_list, did_you_mean};
use crate::version::Version;

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
const CALENDAR_KEYS: &[&str] = &["working-days", "working-hours", "holidays", "freezes"];
const FREEZE_KEYS: &[&str] = &["from", "to", "reason"];
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

/// Is this a valid id (`^[a-z0-9][a-z0-9._-]*$`)?
#[must_use]
pub fn is_id(s: &str) -> bool {
    let mut bytes = s.bytes();
    matches!(bytes.next(), Some(b'a'..=b'z' | b'0'..=b'9'))
        && bytes.all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'.' | b'_' | b'-'))
}

/// A mapping's entries, with the span of its first key (where "missing" findings point).
struct Entries {
    at: Span,
    items: Vec<(Sp<String>, Sp<Raw>)>,
}

fn expect_map(cx: &mut Cx<'_>, node: Sp<Raw>, what: &str) -> Option<Entries> {
    match node.value {
        Raw::Map(items) => Some(Entries {
            at: items.first().map_or(node.span, |(k, _)| k.span),
            items,
        }),
        other => {
            cx.schema(
                node.span,
                format!("{what} must be a mapping, found {}", other.describe()),
                format!("write {what} as `key: value` lines"),
            );
            None
        }
    }
}

/// Handle a key no field claims: `x-` extensions are ignored, secrets are IMS012's,
/// anything else is P002 with a did-you-mean. Returns the key suggested, so that a
/// typo of a required key is one finding (at the typo), not also "missing".
fn unknown_key<'k>(
    cx: &mut Cx<'_>,
    key: &Sp<String>,
    known: &[&'k str],
    place: &str,
    extensions: bool,
) -> Option<&'k str> {
    if extensions && key.value.starts_with("x-") {
        return None;
    }
    if secrets::is_secret_key(&key.value) {
        return None;
    }
    let suggestion = did_you_mean(&key.value, known.iter().copied());
    let help = match suggestion {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!(
            "{place} takes {}{}",
            code_list(known),
            if extensions {
                "; put your own data under keys starting with `x-`"
            } else {
                ""
            }
        ),
    };
    let f = Finding::new(
        Code::P002,
        cx.source,
        key.span,
        format!("unknown key `{}` in {place}", key.value),
    )
    .help(help)
    .defined_at(key.defined);
    cx.push(f);
    suggestion
}

/// "missing key", unless an unknown key of the same mapping was a typo of it (`typos`):
/// that finding already says what to write.
fn missing(cx: &mut Cx<'_>, at: Span, key: &str, place: &str, typos: &[&str]) {
    if typos.contains(&key) {
        return;
    }
    cx.schema(
        at,
        format!("missing key `{key}` in {place}"),
        format!("add `{key}:` to {place}"),
    );
}

/// A scalar as text: strings as they are, numbers and booleans as written.
fn scalar_text(cx: &mut Cx<'_>, node: &Sp<Raw>, key: &str) -> Option<Sp<String>> {
    match &node.value {
        Raw::Str(s) => Some(node.with(s.clone())),
        Raw::Int(_) | Raw::Float | Raw::Bool => {
            let text = cx.text_of(node).to_owned();
            Some(node.with(text))
        }
        other => {
            let d = other.describe();
            cx.schema(
                node.span,
                format!("`{key}` must be a single value, found {d}"),
                format!("write `{key}: <value>`"),
            );
            None
        }
    }
}

/// Optional text: `null` counts as absent.
fn opt_text(cx: &mut Cx<'_>, node: &Sp<Raw>, key: &str) -> Option<Sp<String>> {
    if matches!(node.value, Raw::Null) {
        return None;
    }
    scalar_text(cx, node, key)
}

/// A Campaign instance name: letters, digits, `_` and `-`, starting with a letter or
/// digit, at most 64 characters (`acme-mkt-prod`). Names reach runbook shell lines.
#[must_use]
pub fn is_instance_name(s: &str) -> bool {
    let mut bytes = s.bytes();
    s.len() <= 64
        && bytes.next().is_some_and(|b| b.is_ascii_alphanumeric())
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-'))
}

fn instance_value(cx: &mut Cx<'_>, node: &Sp<Raw>) -> Option<Sp<String>> {
    let text = scalar_text(cx, node, "instances")?;
    if is_instance_name(&text.value) {
        return Some(text);
    }
    cx.schema(
        text.span,
        format!("`{}` is not a valid instance name", text.value),
        "Campaign instance names use letters, digits, `_` and `-` and start with a letter or digit, at most 64 characters (`acme-mkt-prod`)",
    );
    None
}

/// The roles of the instances, in the order of their names.
type InstanceRoles = Vec<Sp<Instance>>;

/// `instances`: a list of names, or a map from name to role (SPEC §11.3). Returns the
/// names (`None` when one is invalid) and, for the map form, their roles.
fn instances_value(
    cx: &mut Cx<'_>,
    node: Sp<Raw>,
) -> (Option<Vec<Sp<String>>>, Option<InstanceRoles>) {
    let Raw::Map(items) = node.value else {
        return (
            list(cx, node, "instances", |cx, n| instance_value(cx, &n)),
            None,
        );
    };
    let mut names = Vec::with_capacity(items.len());
    let mut roles = Vec::with_capacity(items.len());
    let mut ok = true;
    for (key, value) in items {
        let name = key_node(&key);
        let role = match &value.value {
            Raw::Str(text) => Instance::parse(text).map(|r| value.with(r)),
            _ => None,
        };
        if role.is_none() {
            let text = cx.text_of(&value).to_owned();
            let help = match did_you_mean(&text, Instance::keywords()) {
                Some(s) => format!("did you mean `{s}`? an instance's role is `marketing` or `message-center`"),
                None => "an instance's role is `marketing` or `message-center`, e.g. `acme-mc-stage: message-center`".to_owned(),
            };
            cx.schema(
                value.span,
                format!(
                    "`{text}` is not an instance role (instance `{}`)",
                    key.value
                ),
                help,
            );
        }
        match (instance_value(cx, &name), role) {
            (Some(n), Some(r)) => {
                names.push(n);
                roles.push(r);
            }
            _ => ok = false,
        }
    }
    if ok {
        (Some(names), Some(roles))
    } else {
        (None, None)
    }
}

/// A mapping key as a scalar node (for the checks that take a value).
fn key_node(key: &Sp<String>) -> Sp<Raw> {
    key.with(Raw::Str(key.value.clone()))
}

fn id_value(cx: &mut Cx<'_>, node: &Sp<Raw>, key: &str, what: &str) -> Option<Sp<String>> {
    let text = scalar_text(cx, node, key)?;
    if is_id(&text.value) {
        Some(text)
    } else {
        cx.schema(
            text.span,
            format!("`{}` is not a valid {what} id", text.value),
            "ids use lower-case letters, digits, `.`, `_` and `-`, and start with a letter or digit",
        );
        None
    }
}

fn keyword<T: Copy>(
    cx: &mut Cx<'_>,
    node: &Sp<Raw>,
    key: &str,
    parse: fn(&str) -> Option<T>,
    all: &[&'static str],
) -> Option<Sp<T>> {
    let text = scalar_text(cx, node, key)?;
    if let Some(v) = parse(&text.value) {
        return Some(text.with(v));
    }
    let list = code_list(all);
    let help = match did_you_mean(&text.value, all.iter().copied()) {
        Some(s) => format!("did you mean `{s}`? `{key}` is one of {list}"),
        None => format!("`{key}` is one of {list}"),
    };
    let f = Finding::new(
        Code::P002,
        cx.source,
        text.span,
        format!("`{}` is not a valid `{key}`", text.value),
    )
    .help(help)
    .defined_at(text.defined);
    cx.push(f);
    None
}

fn version_value(cx: &mut Cx<'_>, node: &Sp<Raw>, key: &str) -> Option<Sp<String>> {
    let text = scalar_text(cx, node, key)?;
    if Version::parse(&text.value).is_some() {
        Some(text)
    } else {
        cx.schema(
            text.span,
            format!("`{}` is not a Campaign version", text.value),
            "write a full version such as `7.4.1`, `7.3.3.IMS` or `8.6.1`",
        );
        None
    }
}

fn build_value(cx: &mut Cx<'_>, node: &Sp<Raw>) -> Option<Sp<String>> {
    let text = scalar_text(cx, node, "build")?;
    if !text.value.is_empty() && text.value.bytes().all(|b| b.is_ascii_digit()) {
        Some(text)
    } else {
        cx.schema(
            text.span,
            format!("`{}` is not a build number", text.value),
            "write the build as digits, e.g. `build: 9368`",
        );
        None
    }
}

/// Parse a duration such as `90m`, `1h30m`, `2d` or `PT2H`.
#[must_use]
pub fn parse_duration(text: &str) -> Option<jiff::SignedDuration> {
    let span: jiff::Span = text.trim().parse().ok()?;
    let d = span
        .to_duration(jiff::SpanRelativeTo::days_are_24_hours())
        .ok()?;
    (!d.is_negative()).then_some(d)
}

/// The longest step: ten years (3,650 days). Longer is a typo, and would push dates past
/// the end of the calendar (`7304484d`), where they could not be computed.
pub const MAX_STEP_DAYS: i64 = 3_650;

fn duration_value(cx: &mut Cx<'_>, node: &Sp<Raw>) -> Option<Sp<jiff::SignedDuration>> {
    let text = opt_text(cx, node, "duration")?;
    if let Some(d) = parse_duration(&text.value) {
        if d > jiff::SignedDuration::from_hours(24 * MAX_STEP_DAYS) {
            cx.schema(
                text.span,
                format!(
                    "`{}` is longer than a step may last ({MAX_STEP_DAYS} days)",
                    text.value
                ),
                "write the step's real duration, such as `2h`, `3d` or `2w`; split a longer phase into steps",
            );
            return None;
        }
        return Some(text.with(d));
    }
    cx.schema(
        text.span,
        format!("`{}` is not a duration", text.value),
        "write a duration such as `90m`, `2h`, `1h30m`, `2d` or `PT2H`",
    );
    None
}

fn time_value(cx: &mut Cx<'_>, node: &Sp<Raw>, key: &str) -> Option<Sp<jiff::Timestamp>> {
    let text = opt_text(cx, node, key)?;
    if let Ok(t) = text.value.trim().parse::<jiff::Timestamp>() {
        return Some(text.with(t));
    }
    cx.schema(
        text.span,
        format!("`{}` is not a date and time", text.value),
        format!("write `{key}` in RFC 3339 with a time zone, e.g. `2026-12-07T08:00:00Z`"),
    );
    None
}

/// An IANA time zone name, resolved with jiff's bundled time zone database.
fn zone_value(cx: &mut Cx<'_>, node: &Sp<Raw>) -> Option<(Sp<String>, jiff::tz::TimeZone)> {
    let text = opt_text(cx, node, "timezone")?;
    if let Ok(tz) = jiff::tz::TimeZone::get(text.value.trim()) {
        return Some((text, tz));
    }
    let names: Vec<String> = jiff::tz::db()
        .available()
        .map(|n| n.as_str().to_owned())
        .collect();
    let help = match did_you_mean(&text.value, names.iter().map(String::as_str)) {
        Some(s) => format!(
            "did you mean `{s}`? write an IANA time zone name such as `Europe/Paris` or `UTC`"
        ),
        None => "write an IANA time zone name such as `Europe/Paris`, `America/New_York` or `UTC`"
            .to_owned(),
    };
    cx.schema(
        text.span,
        format!("`{}` is not a known time zone", text.value),
        help,
    );
    None
}

/// A local day, `YYYY-MM-DD`.
fn date_value(cx: &mut Cx<'_>, node: &Sp<Raw>, key: &str) -> Option<Sp<jiff::civil::Date>> {
    let text = scalar_text(cx, node, key)?;
    if let Ok(d) = text.value.trim().parse::<jiff::civil::Date>()
        && text.value.trim().len() == 10
    {
        return Some(text.with(d));
    }
    cx.schema(
        text.span,
        format!("`{}` is not a date", text.value),
        format!("write `{key}` as a local day, e.g. `2026-12-25`"),
    );
    None
}

fn hours_value(cx: &mut Cx<'_>, node: &Sp<Raw>) -> Option<Sp<Hours>> {
    let text = scalar_text(cx, node, "working-hours")?;
    if let Some(h) = Hours::parse(&text.value) {
        return Some(text.with(h));
    }
    cx.schema(
        text.span,
        format!("`{}` is not a range of working hours", text.value),
        "write `working-hours: \"08:00-18:00\"` (local, 24-hour clock, the end after the start; `24:00` ends the day)",
    );
    None
}

/// A `calendar` mapping (plan or environment level).
fn convert_calendar(cx: &mut Cx<'_>, node: Sp<Raw>, place: &str) -> Option<Calendar> {
    let place = format!("the `calendar` of {place}");
    let entries = expect_map(cx, node, &place)?;
    let mut cal = Calendar {
        at: entries.at,
        ..Calendar::default()
    };
    let mut ok = true;
    for (k, value) in entries.items {
        match k.value.as_str() {
            "working-days" => {
                let span = value.span;
                cal.working_days = list(cx, value, "working-days", |cx, n| {
                    keyword(cx, &n, "working-days", Weekday::parse, &Weekday::keywords())
                });
                if cal.working_days.as_ref().is_some_and(Vec::is_empty) {
                    cx.schema(
                        span,
                        "`working-days` is empty: no step could ever start",
                        "list the days steps may start on, e.g. `[mon, tue, wed, thu, fri]`, or remove the key (every day)",
                    );
                    cal.working_days = None;
                    ok = false;
                }
                ok &= cal.working_days.is_some();
            }
            "working-hours" => {
                cal.working_hours = hours_value(cx, &value);
                ok &= cal.working_hours.is_some();
            }
            "holidays" => {
                cal.holidays = list(cx, value, "holidays", |cx, n| {
                    date_value(cx, &n, "holidays")
                });
                ok &= cal.holidays.is_some();
            }
            "freezes" => {
                cal.freezes = list(cx, value, "freezes", convert_freeze);
                ok &= cal.freezes.is_some();
            }
            _ => {
                let _ = unknown_key(cx, &k, CALENDAR_KEYS, &place, false);
                ok = false;
            }
        }
    }
    ok.then_some(cal)
}

fn convert_freeze(cx: &mut Cx<'_>, node: Sp<Raw>) -> Option<Freeze> {
    let place = "a freeze";
    let entries = expect_map(cx, node, place)?;
    let at = entries.at;
    let (mut from, mut to, mut reason) = (None, None, None);
    let mut seen = Vec::new();
    let mut typos: Vec<&str> = Vec::new();
    for (k, value) in entries.items {
        seen.push(k.value.clone());
        match k.value.as_str() {
            "from" => from = date_value(cx, &value, "from"),
            "to" => to = date_value(cx, &value, "to"),
            "reason" => reason = opt_text(cx, &value, "reason"),
            _ => typos.extend(unknown_key(cx, &k, FREEZE_KEYS, place, false)),
        }
    }
    for key in ["from", "to"] {
        if !seen.iter().any(|s| s == key) {
            missing(cx, at, key, place, &typos);
        }
    }
    let (from, to) = (from?, to?);
    if to.value < from.value {
        cx.schema(
            to.span,
            format!(
                "the freeze ends on {} before it begins on {}",
                to.value, from.value
            ),
            "`from` and `to` are the first and last day of the freeze (both included)",
        );
        return None;
    }
    Some(Freeze { from, to, reason })
}

fn list<T>(
    cx: &mut Cx<'_>,
    node: Sp<Raw>,
    key: &str,
    mut item: impl FnMut(&mut Cx<'_>, Sp<Raw>) -> Option<T>,
) -> Option<Vec<T>> {
    match node.value {
        Raw::Seq(items) => {
            let mut out = Vec::with_capacity(items.len());
            let mut ok = true;
            for i in items {
                match item(cx, i) {
                    Some(v) => out.push(v),
                    None => ok = false,
                }
            }
            ok.then_some(out)
        }
        Raw::Null => Some(Vec::new()),
        other => {
            cx.schema(
                node.span,
                format!("`{key}` must be a list, found {}", other.describe()),
                format!("write `{key}: [a, b]` or one `- item` per line"),
            );
            None
        }
    }
}

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
    let mut time_ok = true;
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
                }
            }
            "name" => {
                name = id_value(cx, &value, "name", "plan");
                seen_invalid.push("name");
            }
            "title" => title = opt_text(cx, &value, "title"),
            "target" => {
                target = keyword(cx, &value, "target", Target::parse, &Target::keywords());
            }
            "ordering" => {
                ordering = keyword(
                    cx,
                    &value,
                    "ordering",
                    Ordering::parse,
                    &Ordering::keywords(),
                );
            }
            "start" => start = time_value(cx, &value, "start"),
            "timezone" => {
                timezone = zone_value(cx, &value);
                time_ok &= timezone.is_some() || matches!(value.value, Raw::Null);
            }
            "calendar" => {
                calendar = convert_calendar(cx, value, "the plan");
                time_ok &= calendar.is_some();
            }
            "deadline" => {
                deadline = time_value(cx, &value, "deadline");
                time_ok &= deadline.is_some() || matches!(value.value, Raw::Null);
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
    if !time_ok {
        return None;
    }
    let (timezone, zone) = match timezone {
        Some((name, tz)) => (Some(name), tz),
        None => (None, jiff::tz::TimeZone::UTC),
    };
    let mut plan = Plan {
        format: format?,
        name: name?,
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
    };
    plan.index_environments();
    check_allow_operators(cx, &plan);
    Some(plan)
}

/// Take the steps converted while parsing (`stream`), or convert them now.
fn convert_steps(cx: &mut Cx<'_>, value: Sp<stream::Steps>) -> Option<Vec<Step>> {
    match value.value {
        stream::Steps::Converted(c) => {
            cx.findings.extend(c.findings);
            cx.secret_spans.extend(c.secret_spans);
            cx.allow_keys.extend(c.allow_keys);
            c.steps
        }
        stream::Steps::Other(raw) => {
            let node = Sp {
                value: raw,
                span: value.span,
                defined: value.defined,
            };
            secrets::scan_tree(&node, cx);
            list(cx, node, "steps", convert_step)
        }
    }
}

fn convert_environments(cx: &mut Cx<'_>, node: Sp<Raw>) -> Option<Vec<Environment>> {
    let entries = expect_map(cx, node, "`environments`")?;
    let mut out = Vec::with_capacity(entries.items.len());
    let mut ok = true;
    for (key, value) in entries.items {
        let id = if is_id(&key.value) {
            Some(key.clone())
        } else {
            cx.schema(
                key.span,
                format!("`{}` is not a valid environment id", key.value),
                "ids use lower-case letters, digits, `.`, `_` and `-`, and start with a letter or digit",
            );
            None
        };
        match (id, convert_environment(cx, &key, value)) {
            (Some(id), Some(mut env)) => {
                env.id = id;
                out.push(env);
            }
            _ => ok = false,
        }
    }
    ok.then_some(out)
}

fn convert_environment(cx: &mut Cx<'_>, key: &Sp<String>, node: Sp<Raw>) -> Option<Environment> {
    let place = format!("environment `{}`", key.value);
    let entries = expect_map(cx, node, &place)?;
    let at = entries.at;
    let (mut role, mut hosting, mut version, mut build, mut instances, mut after) =
        (None, None, None, None, None, None);
    let (mut calendar, mut deadline) = (None, None);
    let mut time_ok = true;
    let mut instance_roles = None;
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
            "build" => {
                if !matches!(value.value, Raw::Null) {
                    build = Some(build_value(cx, &value));
                }
            }
            "instances" => {
                let (names, roles) = instances_value(cx, value);
                instances = Some(names);
                instance_roles = roles;
            }
            "after" => {
                after = Some(list(cx, value, "after", |cx, n| {
                    scalar_text(cx, &n, "after")
                }));
            }
            "calendar" => {
                calendar = convert_calendar(cx, value, &place);
                time_ok &= calendar.is_some();
            }
            "deadline" => {
                deadline = time_value(cx, &value, "deadline");
                time_ok &= deadline.is_some() || matches!(value.value, Raw::Null);
            }
            _ => typos.extend(unknown_key(cx, &k, ENV_KEYS, &place, true)),
        }
    }
    for (i, key) in ["role", "hosting", "version"].iter().enumerate() {
        if !seen.contains(&i) {
            missing(cx, at, key, &place, &typos);
        }
    }
    if !time_ok {
        return None;
    }
    Some(Environment {
        calendar,
        deadline,
        id: key.clone(),
        role: role?,
        hosting: hosting?,
        version: version?,
        build: build.map_or(Some(None), |b| b.map(Some))?,
        instances: instances.map_or(Some(None), |v| v.map(Some))?,
        instance_roles,
        after: after.map_or(Some(None), |v| v.map(Some))?,
    })
}

/// Fields only some kinds of step take (SPEC §10).
const KIND_FIELDS: &[(&str, Kind)] = &[
    ("to", Kind::Upgrade),
    ("operators-csv", Kind::MigrateUsers),
    ("operators", Kind::MigrateOperators),
    ("allow-operators", Kind::EnableRestrictions),
];

#[allow(clippy::too_many_lines)] // one arm per field of SPEC §2; splitting hides the list
pub(super) fn convert_step(cx: &mut Cx<'_>, node: Sp<Raw>) -> Option<Step> {
    let entries = expect_map(cx, node, "a step")?;
    let at = entries.at;
    let mut step_id = None;
    // Find the id first, so every message can name the step.
    for (k, v) in &entries.items {
        if k.value == "id"
            && let Raw::Str(s) = &v.value
        {
            step_id = Some(s.clone());
        }
    }
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
    let mut ok = true;
    let mut seen = Vec::new();
    let mut kind_keys: Vec<(Span, &'static str, Kind)> = Vec::new();
    let mut typos: Vec<&str> = Vec::new();
    for (k, value) in entries.items {
        let name = k.value.as_str();
        if let Some(&(field, kind)) = KIND_FIELDS.iter().find(|(f, _)| *f == name) {
            kind_keys.push((k.span, field, kind));
        }
        seen.push(name.to_owned());
        match name {
            "id" => id = id_value(cx, &value, "id", "step"),
            "env" => env = scalar_text(cx, &value, "env"),
            "kind" => kind = keyword(cx, &value, "kind", Kind::parse, &Kind::keywords()),
            "title" => s.title = opt_text(cx, &value, "title"),
            "to" => {
                s.to = version_value(cx, &value, "to");
                ok &= s.to.is_some();
            }
            "duration" => {
                let null = matches!(value.value, Raw::Null);
                s.duration = duration_value(cx, &value);
                ok &= null || s.duration.is_some();
            }
            "not-before" => {
                let null = matches!(value.value, Raw::Null);
                s.not_before = time_value(cx, &value, "not-before");
                ok &= null || s.not_before.is_some();
            }
            "deadline" | "started" | "finished" => {
                let null = matches!(value.value, Raw::Null);
                let t = time_value(cx, &value, name);
                ok &= null || t.is_some();
                match name {
                    "deadline" => s.deadline = t,
                    "started" => s.started = t,
                    _ => s.finished = t,
                }
            }
            "owner" => s.owner = opt_text(cx, &value, "owner"),
            "status" => {
                if !matches!(value.value, Raw::Null) {
                    s.status = keyword(cx, &value, "status", Status::parse, &Status::keywords());
                    ok &= s.status.is_some();
                }
            }
            "evidence" => s.evidence = opt_text(cx, &value, "evidence"),
            "operators-csv" => {
                s.operators_csv = scalar_text(cx, &value, "operators-csv");
                ok &= s.operators_csv.is_some();
            }
            "operators" => {
                s.operators = list(cx, value, "operators", convert_operator);
                ok &= s.operators.is_some();
            }
            "allow-operators" => {
                s.allow_operators = list(cx, value, "allow-operators", |cx, n| {
                    scalar_text(cx, &n, "allow-operators")
                });
                ok &= s.allow_operators.is_some();
            }
            "after" => {
                s.after = list(cx, value, "after", |cx, n| scalar_text(cx, &n, "after"));
                ok &= s.after.is_some();
            }
            "notes" => s.notes = opt_text(cx, &value, "notes"),
            _ => typos.extend(unknown_key(cx, &k, STEP_KEYS, &place, true)),
        }
    }
    for key in ["id", "env", "kind"] {
        if !seen.iter().any(|s| s == key) {
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
                ok = false;
            }
        }
        if let (Kind::EnableRestrictions, Some(env)) = (kind.value, &env)
            && let Some(&(span, _, _)) = kind_keys_all
                .iter()
                .find(|(_, f, _)| *f == "allow-operators")
        {
            cx.allow_keys.push((env.value.clone(), span));
        }
        if kind.value == Kind::Upgrade && !seen.iter().any(|s| s == "to") {
            cx.schema(
                at,
                format!("missing key `to` in {place}"),
                "an `upgrade` step names its target version, e.g. `to: 7.4.1`",
            );
            ok = false;
        }
    }
    s.id = id?;
    s.env = env?;
    s.kind = kind?;
    ok.then_some(s)
}

fn convert_operator(cx: &mut Cx<'_>, node: Sp<Raw>) -> Option<Operator> {
    let entries = expect_map(cx, node, "a technical operator")?;
    let at = entries.at;
    let place = "a technical operator";
    let (mut name, mut instance, mut credential, mut profile) = (None, None, None, None);
    let mut seen = Vec::new();
    let mut ok = true;
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
            "profile" => {
                profile = opt_text(cx, &value, "profile");
                ok &= profile.is_some() || matches!(value.value, Raw::Null);
            }
            _ => typos.extend(unknown_key(cx, &k, OPERATOR_KEYS, place, false)),
        }
    }
    for key in ["name", "instance", "credential"] {
        if !seen.iter().any(|s| s == key) {
            missing(cx, at, key, place, &typos);
        }
    }
    let op = Operator {
        name: name?,
        instance: instance?,
        credential: credential?,
        profile,
    };
    ok.then_some(op)
}

/// `allow-operators` only where the customer sets restrictions (hybrid, on-premise).
fn check_allow_operators(cx: &mut Cx<'_>, plan: &Plan) {
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
            .help("Adobe sets the restrictions on managed and hosted instances; remove `allow-operators`")
            .label(env.hosting.span, "hosted by Adobe");
            cx.push(f);
        }
    }
}
