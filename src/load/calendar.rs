//! The working calendar of a plan or an environment (`calendar:`): working days and
//! hours, holidays and freezes, read softly like the rest of the conversion.

use super::Cx;
use super::times::{date_value, hours_value};
use super::values::{expect_map, keyword, list, missing, opt_text, unknown_key};
use super::yaml::Raw;
use crate::model::{Calendar, Freeze, Weekday};
use crate::span::Sp;

const CALENDAR_KEYS: &[&str] = &["working-days", "working-hours", "holidays", "freezes"];
const FREEZE_KEYS: &[&str] = &["from", "to", "reason"];

/// A `calendar` mapping (plan or environment level).
pub(super) fn convert_calendar(cx: &mut Cx<'_>, node: Sp<Raw>, place: &str) -> Option<Calendar> {
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

pub(super) fn convert_freeze(cx: &mut Cx<'_>, node: Sp<Raw>) -> Option<Freeze> {
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
