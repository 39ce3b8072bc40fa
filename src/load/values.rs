//! The value readers of the conversion: a mapping's entries, unknown and missing keys,
//! text, ids, keywords, versions, instances, durations, times, zones, dates and lists,
//! each recording a P002 at the value when it does not fit instead of stopping.

use super::yaml::Raw;
use super::{Cx, secrets};
use crate::code::Code;
use crate::diagnostic::Finding;
use crate::model::{Hours, Instance};
use crate::span::{Sp, Span};
use crate::suggest::{code_list, did_you_mean};
use crate::version::Version;

/// Is this a valid id (`^[a-z0-9][a-z0-9._-]*$`)?
#[must_use]
pub fn is_id(s: &str) -> bool {
    let mut bytes = s.bytes();
    matches!(bytes.next(), Some(b'a'..=b'z' | b'0'..=b'9'))
        && bytes.all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'.' | b'_' | b'-'))
}

/// A mapping's entries, with the span of its first key (where "missing" findings point).
pub(super) struct Entries {
    pub(super) at: Span,
    pub(super) items: Vec<(Sp<String>, Sp<Raw>)>,
}

pub(super) fn expect_map(cx: &mut Cx<'_>, node: Sp<Raw>, what: &str) -> Option<Entries> {
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
pub(super) fn unknown_key<'k>(
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
pub(super) fn missing(cx: &mut Cx<'_>, at: Span, key: &str, place: &str, typos: &[&str]) {
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
pub(super) fn scalar_text(cx: &mut Cx<'_>, node: &Sp<Raw>, key: &str) -> Option<Sp<String>> {
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
pub(super) fn opt_text(cx: &mut Cx<'_>, node: &Sp<Raw>, key: &str) -> Option<Sp<String>> {
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

pub(super) fn instance_value(cx: &mut Cx<'_>, node: &Sp<Raw>) -> Option<Sp<String>> {
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
pub(super) type InstanceRoles = Vec<Sp<Instance>>;

/// `instances`: a list of names, or a map from name to role (SPEC §11.3). Returns the
/// names (`None` when one is invalid) and, for the map form, their roles.
pub(super) fn instances_value(
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
pub(super) fn key_node(key: &Sp<String>) -> Sp<Raw> {
    key.with(Raw::Str(key.value.clone()))
}

pub(super) fn id_value(
    cx: &mut Cx<'_>,
    node: &Sp<Raw>,
    key: &str,
    what: &str,
) -> Option<Sp<String>> {
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

pub(super) fn keyword<T: Copy>(
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

pub(super) fn version_value(cx: &mut Cx<'_>, node: &Sp<Raw>, key: &str) -> Option<Sp<String>> {
    let text = scalar_text(cx, node, key)?;
    if Version::parse(&text.value).is_some() {
        Some(text)
    } else {
        cx.schema(
            text.span,
            format!("`{}` is not a Campaign version", text.value),
            crate::version::parse_help(&text.value, key),
        );
        None
    }
}

pub(super) fn build_value(cx: &mut Cx<'_>, node: &Sp<Raw>) -> Option<Sp<String>> {
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

pub(super) fn duration_value(cx: &mut Cx<'_>, node: &Sp<Raw>) -> Option<Sp<jiff::SignedDuration>> {
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

pub(super) fn time_value(
    cx: &mut Cx<'_>,
    node: &Sp<Raw>,
    key: &str,
) -> Option<Sp<jiff::Timestamp>> {
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

/// A `deadline`: RFC 3339, or a day `YYYY-MM-DD` meaning the end of that day (the next
/// day's midnight). A day is read in UTC here; `localise_day_deadlines` moves it into
/// the plan's zone once that is known.
pub(super) fn deadline_value(cx: &mut Cx<'_>, node: &Sp<Raw>) -> Option<Sp<jiff::Timestamp>> {
    let text = opt_text(cx, node, "deadline")?;
    if let Ok(t) = text.value.trim().parse::<jiff::Timestamp>() {
        return Some(text.with(t));
    }
    if let Some(t) = bare_day(&text.value).and_then(|d| end_of_day(d, &jiff::tz::TimeZone::UTC)) {
        return Some(text.with(t));
    }
    cx.schema(
        text.span,
        format!("`{}` is not a date and time", text.value),
        "write `deadline` in RFC 3339 with a time zone, e.g. `2027-03-31T18:00:00+02:00`, or as a day, e.g. `2027-03-31` (the end of that day in the plan's `timezone`)",
    );
    None
}

/// A day written `YYYY-MM-DD` (quotes around it allowed), nothing else.
pub(super) fn bare_day(text: &str) -> Option<jiff::civil::Date> {
    let t = text.trim().trim_matches(|c| c == '"' || c == '\'');
    if t.len() != 10 {
        return None;
    }
    t.parse().ok()
}

/// The end of local day `day` in `zone`: the next day's midnight.
pub(super) fn end_of_day(
    day: jiff::civil::Date,
    zone: &jiff::tz::TimeZone,
) -> Option<jiff::Timestamp> {
    let next = day.tomorrow().ok()?;
    next.to_zoned(zone.clone()).ok().map(|z| z.timestamp())
}

/// An IANA time zone name, resolved with jiff's bundled time zone database.
pub(super) fn zone_value(
    cx: &mut Cx<'_>,
    node: &Sp<Raw>,
) -> Option<(Sp<String>, jiff::tz::TimeZone)> {
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
pub(super) fn date_value(
    cx: &mut Cx<'_>,
    node: &Sp<Raw>,
    key: &str,
) -> Option<Sp<jiff::civil::Date>> {
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

pub(super) fn hours_value(cx: &mut Cx<'_>, node: &Sp<Raw>) -> Option<Sp<Hours>> {
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

pub(super) fn list<T>(
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

/// A list read for recovery: the items that load, and whether every item did; `None`
/// (with its finding) when the value is not a list at all.
pub(super) fn list_partial<T>(
    cx: &mut Cx<'_>,
    node: Sp<Raw>,
    key: &str,
    mut item: impl FnMut(&mut Cx<'_>, Sp<Raw>) -> Option<T>,
) -> Option<(Vec<T>, bool)> {
    let mut all = true;
    let out = list(cx, node, key, |cx, n| {
        let v = item(cx, n);
        all &= v.is_some();
        Some(v)
    })?;
    Some((out.into_iter().flatten().collect(), all))
}
