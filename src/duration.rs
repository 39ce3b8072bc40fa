//! Durations and times as people and machines read them: `2h 30m`, `PT2H30M`,
//! `Mon 2026-12-07 20:00 UTC`. A leaf: rules, the view and every output use it.

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

/// A time for people: `Mon 2026-12-07 20:00 UTC`.
#[must_use]
pub fn when(t: jiff::Timestamp) -> String {
    t.strftime("%a %Y-%m-%d %H:%M UTC").to_string()
}
