//! `imsplan calendar`: the schedule as an RFC 5545 calendar (SPEC §11.6), written with
//! the `icalendar` crate. One VEVENT per scheduled step with a duration; UID
//! `<plan>/<step>` (stable across runs, so calendar clients update instead of
//! duplicating); SUMMARY and DESCRIPTION (who acts, owner, a line per checklist item);
//! DTSTART/DTEND in UTC; done steps `STATUS:CONFIRMED`, skipped `STATUS:CANCELLED`.
//! DTSTAMP is the programme's start, so the output is the same on every run.

use icalendar::{Calendar, Component, Event, EventLike, EventStatus};

use super::StepCx;
use super::expand;
use crate::model::Status;
use crate::tasks;
use crate::view::View;

fn utc(t: jiff::Timestamp) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(t.as_second(), 0).unwrap_or_default()
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
    if let Some(tz) = &plan.timezone {
        cal.timezone(tz.value.as_str());
    }
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
            .starts(utc(t.start))
            .ends(utc(t.finish));
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
    Some(cal.done().to_string())
}
