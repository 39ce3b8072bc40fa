//! Durations and times as people and machines read them: `2h 30m`, `PT2H30M`,
//! `Mon 2026-12-07 20:00 UTC`, `Mon 2026-12-07 21:00 +01:00`, RFC 3339 in a zone. A leaf: rules, the view and every output use it.

use std::fmt::Write as _;

/// A duration as `2h`, `1h 30m`, `2d` (friendly, for text and Markdown).
#[must_use]
pub fn friendly(d: jiff::SignedDuration) -> String {
    let total = d.as_secs().max(0);
    let (days, rem) = (total / 86_400, total % 86_400);
    let (h, rem) = (rem / 3600, rem % 3600);
    let m = rem / 60;
    let mut parts = Vec::new();
    if days > 0 {
        parts.push(format!("{days}d"));
    }
    if h > 0 {
        parts.push(format!("{h}h"));
    }
    if m > 0 {
        parts.push(format!("{m}m"));
    }
    if parts.is_empty() {
        "0m".into()
    } else {
        parts.join(" ")
    }
}

/// A duration in ISO 8601 (`PT26H`, `PT1H30M`).
#[must_use]
pub fn iso(d: jiff::SignedDuration) -> String {
    let total = d.as_secs().max(0);
    let (h, rem) = (total / 3600, total % 3600);
    let (m, s) = (rem / 60, rem % 60);
    let mut out = String::from("PT");
    if h > 0 {
        let _ = write!(out, "{h}H");
    }
    if m > 0 {
        let _ = write!(out, "{m}M");
    }
    if s > 0 || (h == 0 && m == 0) {
        let _ = write!(out, "{s}S");
    }
    out
}

/// A signed duration in ISO 8601, with a leading `-` when negative (`-PT5H`).
#[must_use]
pub fn signed_iso(d: jiff::SignedDuration) -> String {
    if d.is_negative() {
        format!("-{}", iso(-d))
    } else {
        iso(d)
    }
}

/// A positive duration as people count it before a deadline: whole days from one day
/// on (`16 days`), else `5h 30m`.
#[must_use]
pub fn ahead(d: jiff::SignedDuration) -> String {
    match d.as_secs() / 86_400 {
        0 => friendly(d),
        1 => "1 day".to_owned(),
        n => format!("{n} days"),
    }
}

/// True for the UTC zone (no `timezone`, or `timezone: UTC`).
#[must_use]
pub fn is_utc(zone: &jiff::tz::TimeZone) -> bool {
    zone.iana_name()
        .is_none_or(|n| n == "UTC" || n == "Etc/UTC")
        && zone.to_offset(jiff::Timestamp::UNIX_EPOCH) == jiff::tz::Offset::UTC
}

/// A time for people, in the plan's zone with its offset: `Mon 2026-12-07 21:00
/// +01:00`; in UTC, `Mon 2026-12-07 20:00 UTC`.
#[must_use]
pub fn when(t: jiff::Timestamp, zone: &jiff::tz::TimeZone) -> String {
    if is_utc(zone) {
        return t.strftime("%a %Y-%m-%d %H:%M UTC").to_string();
    }
    t.to_zoned(zone.clone())
        .strftime("%a %Y-%m-%d %H:%M %:z")
        .to_string()
}

/// A time for machines and messages: RFC 3339 with the offset of the plan's zone
/// (`2026-12-07T21:00:00+01:00`; `2026-12-07T20:00:00Z` in UTC).
#[must_use]
pub fn stamp(t: jiff::Timestamp, zone: &jiff::tz::TimeZone) -> String {
    if is_utc(zone) {
        return t.to_string();
    }
    t.to_zoned(zone.clone())
        .strftime("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}
