//! `imsplan calendar`: the schedule as an RFC 5545 calendar (SPEC §11.6), written with
//! the `icalendar` crate. One VEVENT per scheduled step with a duration; UID
//! `<plan>/<step>` (stable across runs, so calendar clients update instead of
//! duplicating); SUMMARY and DESCRIPTION (who acts, owner, a line per checklist item);
//! DTSTART/DTEND in the plan's `timezone` (local times with `TZID`, and a VTIMEZONE
//! giving that zone's offsets over the schedule's span, built from jiff's time zone
//! database), or in UTC when the plan has none; done steps `STATUS:CONFIRMED`, skipped
//! `STATUS:CANCELLED`. DTSTAMP is the programme's start (UTC), so the output is the
//! same on every run.

use icalendar::{Calendar, CalendarDateTime, Component, Event, EventLike, EventStatus};
use std::fmt::Write as _;

use jiff::tz::{Offset, TimeZone};
use jiff::{SignedDuration, Timestamp};

use super::StepCx;
use super::expand;
use crate::model::Status;
use crate::tasks;
use crate::view::View;

fn utc(t: Timestamp) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(t.as_second(), 0).unwrap_or_default()
}

/// Where event times are written: UTC, or local times of a named zone.
#[derive(Clone, Copy)]
enum Zone<'a> {
    Utc,
    Local { name: &'a str, tz: &'a TimeZone },
}

impl Zone<'_> {
    /// `t` as a DTSTART/DTEND value.
    fn at(self, t: Timestamp) -> CalendarDateTime {
        match self {
            Zone::Utc => CalendarDateTime::Utc(utc(t)),
            Zone::Local { name, tz } => {
                let local = t.to_zoned(tz.clone()).datetime();
                let date_time = chrono::NaiveDate::from_ymd_opt(
                    i32::from(local.year()),
                    local.month().unsigned_abs().into(),
                    local.day().unsigned_abs().into(),
                )
                .and_then(|d| {
                    d.and_hms_opt(
                        local.hour().unsigned_abs().into(),
                        local.minute().unsigned_abs().into(),
                        local.second().unsigned_abs().into(),
                    )
                });
                match date_time {
                    Some(date_time) => CalendarDateTime::WithTimezone {
                        date_time,
                        tzid: name.to_owned(),
                    },
                    None => CalendarDateTime::Utc(utc(t)),
                }
            }
        }
    }
}

/// An RFC 5545 UTC offset: `+0100`, `-0330`, `+053028`.
fn offset(o: Offset) -> String {
    let secs = o.seconds();
    let sign = if secs < 0 { '-' } else { '+' };
    let abs = secs.unsigned_abs();
    let (hours, mins, rest) = (abs / 3600, abs / 60 % 60, abs % 60);
    if rest == 0 {
        format!("{sign}{hours:02}{mins:02}")
    } else {
        format!("{sign}{hours:02}{mins:02}{rest:02}")
    }
}

/// The VTIMEZONE of `tz` (named `name`) from `from` to `to`: the observance in force
/// at `from`, then one per transition until `to`, each with its onset in the local time
/// before it (RFC 5545 §3.6.5). A zone without transitions gets one STANDARD.
fn vtimezone(name: &str, tz: &TimeZone, from: Timestamp, to: Timestamp) -> String {
    let second = SignedDuration::from_secs(1);
    let mut text = format!("BEGIN:VTIMEZONE\r\nTZID:{name}\r\n");
    let in_force = tz
        .preceding(from.checked_add(second).unwrap_or(from))
        .next();
    let later = tz.following(from).take_while(|t| t.timestamp() <= to);
    let mut any = false;
    for tr in in_force.into_iter().chain(later) {
        let at = tr.timestamp();
        let before = tz.to_offset(at.checked_sub(second).unwrap_or(at));
        let onset = at.to_zoned(TimeZone::fixed(before)).datetime();
        let kind = if tr.dst().is_dst() {
            "DAYLIGHT"
        } else {
            "STANDARD"
        };
        let _ = write!(
            text,
            "BEGIN:{kind}\r\nDTSTART:{}\r\nTZOFFSETFROM:{}\r\nTZOFFSETTO:{}\r\nTZNAME:{}\r\nEND:{kind}\r\n",
            onset.strftime("%Y%m%dT%H%M%S"),
            offset(before),
            offset(tr.offset()),
            tr.abbreviation()
        );
        any = true;
    }
    if !any {
        let o = offset(tz.to_offset(from));
        let _ = write!(
            text,
            "BEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:{o}\r\nTZOFFSETTO:{o}\r\nEND:STANDARD\r\n"
        );
    }
    text.push_str("END:VTIMEZONE\r\n");
    text
}

/// The calendar of a view; `None` when the plan has no schedule.
#[must_use]
pub fn calendar(view: &View<'_>) -> Option<String> {
    let plan = view.plan;
    let sched = view.schedule.as_ref()?;
    let mut cal = Calendar::new();
    let title = plan
        .title
        .as_ref()
        .map_or(plan.name.value.as_str(), |t| t.value.as_str());
    cal.name(title);
    let zone = match &plan.timezone {
        Some(name) if !crate::duration::is_utc(&plan.zone) => Zone::Local {
            name: plan.zone.iana_name().unwrap_or(name.value.as_str()),
            tz: &plan.zone,
        },
        _ => Zone::Utc,
    };
    let vtimezone = match zone {
        Zone::Local { name, tz } => {
            cal.timezone(name);
            let first = view
                .by_start
                .iter()
                .map(|&i| sched.times[i].start)
                .min()
                .unwrap_or(sched.start);
            Some(vtimezone(name, tz, first.min(sched.start), sched.finish))
        }
        Zone::Utc => None,
    };
    for &i in &view.by_start {
        let s = &plan.steps[i];
        if s.duration.is_none() {
            continue;
        }
        let Some((_, env)) = plan.env(&s.env.value) else {
            continue;
        };
        let t = sched.times[i];
        let row = tasks::row(s.kind.value, env.hosting.value);
        let cx = StepCx {
            plan,
            step: s,
            env,
            runs_on: Some(view.runs_on[i].as_str()),
        };
        let mut lines = vec![format!("Who acts: {}. {}", row.actor.label(), row.who.text)];
        if let Some(o) = &s.owner {
            lines.push(format!("Owner: {}", o.value));
        }
        for item in row.checklist {
            if let Some(text) = expand(item.text, &|k| cx.value(k)) {
                lines.push(format!("- [ ] {}", text.replace('`', "")));
            }
        }
        let what = s
            .title
            .as_ref()
            .map_or_else(|| s.kind.value.as_str().to_owned(), |t| t.value.clone());
        let mut event = Event::new();
        event
            .uid(&format!("{}/{}", plan.name.value, s.id.value))
            .summary(&format!("{}: {what} ({})", s.id.value, env.id.value))
            .description(&lines.join("\n"))
            .timestamp(utc(sched.start))
            .starts(zone.at(t.start))
            .ends(zone.at(t.finish));
        match s.status() {
            Status::Done => {
                event.status(EventStatus::Confirmed);
            }
            Status::Skipped => {
                event.status(EventStatus::Cancelled);
            }
            Status::Todo | Status::InProgress => {}
        }
        cal.push(event.done());
    }
    let text = cal.done().to_string();
    // The `icalendar` crate (without its parser) has no VTIMEZONE type: the component is
    // written here, before the first event (its lines are short: nothing to fold).
    let Some(vtimezone) = vtimezone else {
        return Some(text);
    };
    let at = text
        .find("\r\nBEGIN:VEVENT\r\n")
        .or_else(|| text.rfind("\r\nEND:VCALENDAR"))
        .map_or(text.len(), |i| i + 2);
    let mut out = String::with_capacity(text.len() + vtimezone.len());
    out.push_str(&text[..at]);
    out.push_str(&vtimezone);
    out.push_str(&text[at..]);
    Some(out)
}
