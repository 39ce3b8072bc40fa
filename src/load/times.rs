//! The time readers of the conversion: durations, times, deadlines (a day or RFC 3339),
//! time zones, days and working hours, each recording a P002 at the value when it
//! does not fit instead of stopping.

use super::Cx;
use super::values::{opt_text, scalar_text};
use super::yaml::Raw;
use crate::model::Hours;
use crate::span::Sp;
use crate::suggest::did_you_mean;

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
