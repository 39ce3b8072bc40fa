//! Working time (SPEC §11.4): when a step of an environment may start and run. A step
//! starts only at a working moment of its environment's calendar (a working day, within
//! working hours, not a holiday, not in a freeze) and its span `[start, finish)` may not
//! overlap a holiday or a freeze; managed and hosted `upgrade` steps also follow Adobe's
//! upgrade days (start Monday to Thursday, Friday only for non-production roles, never
//! on a holiday). Everything is read in the plan's time zone; durations are elapsed time.

use jiff::civil::{Date, Time, Weekday as Day};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

use crate::model::{Calendar, Hours, Kind, Plan, Role};

/// Why a step could not start at the time it wanted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Why {
    /// The day is not one of the calendar's `working-days`.
    NotWorkingDay(Day),
    /// The time is outside the calendar's `working-hours`.
    OutsideHours(Hours),
    /// The day is one of the calendar's `holidays`.
    Holiday(Date),
    /// The day is in a freeze.
    Freeze {
        /// First day.
        from: Date,
        /// Last day.
        to: Date,
        /// Its reason.
        reason: Option<String>,
    },
    /// Adobe does not start a managed/hosted upgrade on this day.
    AdobeDay {
        /// The day of the week.
        day: Day,
        /// The environment is a production one (no Friday upgrades).
        production: bool,
    },
    /// The step's span would run into a holiday or freeze.
    RunsInto(Box<Why>),
}

impl std::fmt::Display for Why {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Why::NotWorkingDay(d) => write!(f, "{} is not a working day", day_name(*d)),
            Why::OutsideHours(h) => write!(f, "it is outside the working hours {h}"),
            Why::Holiday(d) => write!(f, "{d} is a holiday"),
            Why::Freeze { from, to, reason } => {
                write!(f, "the freeze from {from} to {to}")?;
                if let Some(r) = reason {
                    write!(f, " ({r})")?;
                }
                f.write_str(" forbids it")
            }
            Why::AdobeDay {
                day,
                production: true,
            } => write!(
                f,
                "Adobe upgrades production environments Monday to Thursday, not on a {}",
                day_name(*day)
            ),
            Why::AdobeDay { day, .. } => write!(
                f,
                "Adobe upgrades Monday to Thursday (Friday for non-production), not on a {}",
                day_name(*day)
            ),
            Why::RunsInto(inner) => match inner.as_ref() {
                Why::Holiday(d) => write!(f, "the step would run into the holiday {d}"),
                Why::Freeze { from, to, reason } => {
                    write!(f, "the step would run into the freeze from {from} to {to}")?;
                    if let Some(r) = reason {
                        write!(f, " ({r})")?;
                    }
                    Ok(())
                }
                other => write!(f, "{other}"),
            },
        }
    }
}

/// The English name of a weekday.
#[must_use]
pub fn day_name(d: Day) -> &'static str {
    match d {
        Day::Monday => "Monday",
        Day::Tuesday => "Tuesday",
        Day::Wednesday => "Wednesday",
        Day::Thursday => "Thursday",
        Day::Friday => "Friday",
        Day::Saturday => "Saturday",
        Day::Sunday => "Sunday",
    }
}

/// A blocked stretch of time: a holiday or a freeze, as instants.
#[derive(Debug, Clone)]
struct Block {
    from: Timestamp,
    to: Timestamp,
    why: Why,
}

/// The working rules of one environment (and one kind of step).
#[derive(Debug, Clone)]
pub struct Rules {
    zone: TimeZone,
    /// Working days as a bit set (bit 0 = Monday); 0x7f = every day.
    days: u8,
    hours: Option<Hours>,
    blocks: Vec<Block>,
    /// Adobe's upgrade days: `Some(friday allowed)`.
    adobe: Option<bool>,
    production: bool,
}

/// How far ahead the scheduler looks for a fitting moment before giving up.
const LOOKAHEAD_STEPS: usize = 20_000;

impl Rules {
    /// The rules of `calendar` in `zone` (no calendar: every moment works).
    #[must_use]
    pub fn new(zone: &TimeZone, calendar: Option<&Calendar>) -> Rules {
        let mut rules = Rules {
            zone: zone.clone(),
            days: 0x7f,
            hours: None,
            blocks: Vec::new(),
            adobe: None,
            production: false,
        };
        let Some(cal) = calendar else {
            return rules;
        };
        if let Some(days) = &cal.working_days {
            rules.days = days.iter().fold(0, |acc, d| acc | bit(d.value.jiff()));
        }
        rules.hours = cal.working_hours.as_ref().map(|h| h.value);
        for h in cal.holidays.iter().flatten() {
            if let Some((from, to)) = rules.days_span(h.value, h.value) {
                rules.blocks.push(Block {
                    from,
                    to,
                    why: Why::Holiday(h.value),
                });
            }
        }
        for f in cal.freezes.iter().flatten() {
            if let Some((from, to)) = rules.days_span(f.from.value, f.to.value) {
                rules.blocks.push(Block {
                    from,
                    to,
                    why: Why::Freeze {
                        from: f.from.value,
                        to: f.to.value,
                        reason: f.reason.as_ref().map(|r| r.value.clone()),
                    },
                });
            }
        }
        rules.blocks.sort_by_key(|b| (b.from, b.to));
        rules
    }

    /// The same rules with Adobe's upgrade days on top.
    #[must_use]
    pub fn with_adobe_upgrade_days(mut self, production: bool) -> Rules {
        self.adobe = Some(!production);
        self.production = production;
        self
    }

    /// True when every moment works (no calendar, no Adobe rule).
    #[must_use]
    pub fn is_open(&self) -> bool {
        self.days == 0x7f && self.hours.is_none() && self.blocks.is_empty() && self.adobe.is_none()
    }

    /// From the start of `from` to the end of `to` (local days), as instants.
    fn days_span(&self, from: Date, to: Date) -> Option<(Timestamp, Timestamp)> {
        let a = from.to_zoned(self.zone.clone()).ok()?.timestamp();
        let b = to
            .tomorrow()
            .ok()?
            .to_zoned(self.zone.clone())
            .ok()?
            .timestamp();
        Some((a, b))
    }

    fn local(&self, date: Date, time: Time) -> Option<Timestamp> {
        date.to_datetime(time)
            .to_zoned(self.zone.clone())
            .ok()
            .map(|z| z.timestamp())
    }

    /// When the working day `date` opens.
    fn opening(&self, date: Date) -> Option<Timestamp> {
        self.local(date, self.hours.map_or(Time::midnight(), |h| h.from))
    }

    /// Why a step may not start on this local day (working days and Adobe's days).
    fn day_refused(&self, day: Day) -> Option<Why> {
        if self.days & bit(day) == 0 {
            return Some(Why::NotWorkingDay(day));
        }
        let refused = match (self.adobe, day) {
            (Some(_), Day::Saturday | Day::Sunday) => true,
            (Some(friday), Day::Friday) => !friday,
            _ => false,
        };
        refused.then_some(Why::AdobeDay {
            day,
            production: self.production,
        })
    }

    /// The first moment at or after `at` where a step of `duration` may start, and why
    /// it moved (the first reason met), if it did. When nothing fits within the
    /// look-ahead, `at` itself with no reason.
    #[must_use]
    pub fn fit(&self, at: Timestamp, duration: SignedDuration) -> (Timestamp, Option<Why>) {
        if self.is_open() {
            return (at, None);
        }
        let mut t = at;
        let mut why: Option<Why> = None;
        for _ in 0..LOOKAHEAD_STEPS {
            match self.refuse(t, duration) {
                None => return (t, why),
                Some((next, reason)) => {
                    if why.is_none() {
                        why = Some(reason);
                    }
                    if next <= t {
                        break;
                    }
                    t = next;
                }
            }
        }
        (at, None)
    }

    /// `None` when a step of `duration` may start at `t`; else the next moment worth
    /// trying and why `t` does not work.
    fn refuse(&self, t: Timestamp, duration: SignedDuration) -> Option<(Timestamp, Why)> {
        // Inside a holiday or a freeze: jump to its end.
        if let Some(b) = self.blocks.iter().find(|b| b.from <= t && t < b.to) {
            return Some((b.to, b.why.clone()));
        }
        let z = t.to_zoned(self.zone.clone());
        let date = z.date();
        let next_day = || date.tomorrow().ok().and_then(|d| self.opening(d));
        if let Some(reason) = self.day_refused(date.weekday()) {
            return Some((next_day()?, reason));
        }
        if let Some(h) = self.hours {
            let open = self.local(date, h.from)?;
            if t < open {
                return Some((open, Why::OutsideHours(h)));
            }
            if let Some(to) = h.to
                && t >= self.local(date, to)?
            {
                return Some((next_day()?, Why::OutsideHours(h)));
            }
        }
        // The span may not run into a holiday or a freeze.
        let end = t.checked_add(duration).ok()?;
        if let Some(b) = self.blocks.iter().find(|b| b.from < end && b.to > t) {
            return Some((b.to, Why::RunsInto(Box::new(b.why.clone()))));
        }
        None
    }

    /// The latest moment at or before `bound` where a step of `duration` may start (the
    /// mirror of `fit`, for the backward pass): `None` when nothing fits within the
    /// look-ahead. Where the allowed time ends at an instant that is itself refused (the
    /// end of the working hours, the start of a holiday for a step of no duration), the
    /// last allowed minute.
    #[must_use]
    pub fn latest(&self, bound: Timestamp, duration: SignedDuration) -> Option<Timestamp> {
        if self.is_open() {
            return Some(bound);
        }
        let mut t = bound;
        for _ in 0..LOOKAHEAD_STEPS {
            match self.refuse_back(t, duration) {
                None => return Some(t),
                Some(prev) if prev < t => t = prev,
                Some(_) => return None,
            }
        }
        None
    }

    /// `None` when a step of `duration` may start at `t`; else an earlier moment worth
    /// trying (no allowed moment lies between it and `t`).
    fn refuse_back(&self, t: Timestamp, duration: SignedDuration) -> Option<Timestamp> {
        let minute = SignedDuration::from_mins(1);
        let back = if duration.is_positive() {
            duration
        } else {
            minute
        };
        // In a holiday or a freeze, or running into one: the latest start that ends
        // before it begins.
        let end = t.checked_add(duration).ok()?;
        if let Some(b) = self
            .blocks
            .iter()
            .filter(|b| t < b.to && (b.from <= t || b.from < end))
            .min_by_key(|b| b.from)
        {
            return b.from.checked_sub(back).ok();
        }
        let date = t.to_zoned(self.zone.clone()).date();
        // The last minute of the working day before `date`.
        let previous_day = || {
            let day = date.yesterday().ok()?;
            let close = match self.hours.and_then(|h| h.to) {
                Some(to) => self.local(day, to)?,
                None => self.local(date, Time::midnight())?,
            };
            close.checked_sub(minute).ok()
        };
        if self.day_refused(date.weekday()).is_some() {
            return previous_day();
        }
        if let Some(h) = self.hours {
            if t < self.local(date, h.from)? {
                return previous_day();
            }
            if let Some(to) = h.to {
                let close = self.local(date, to)?;
                if t >= close {
                    return close.checked_sub(minute).ok();
                }
            }
        }
        None
    }

    /// True when `t` is inside a holiday or a freeze.
    #[must_use]
    pub fn blocked(&self, t: Timestamp) -> bool {
        self.blocks.iter().any(|b| b.from <= t && t < b.to)
    }
}

fn bit(day: Day) -> u8 {
    1 << day.to_monday_zero_offset().cast_unsigned()
}

/// The rules of every environment, with and without Adobe's upgrade days.
#[derive(Debug, Clone)]
pub struct Calendars {
    plain: Vec<Rules>,
    upgrade: Vec<Rules>,
}

impl Calendars {
    /// The calendars of a plan's environments (an environment's `calendar` keys replace
    /// the plan's keys of the same name).
    #[must_use]
    pub fn of(plan: &Plan) -> Calendars {
        let mut base = Vec::with_capacity(plan.environments.len());
        let mut upgrade = Vec::with_capacity(plan.environments.len());
        for env in &plan.environments {
            let cal = merged(plan.calendar.as_ref(), env.calendar.as_ref());
            let rules = Rules::new(&plan.zone, cal.as_ref());
            let adobe = if env.hosting.value.adobe_hosted() {
                rules
                    .clone()
                    .with_adobe_upgrade_days(env.role.value == Role::Production)
            } else {
                rules.clone()
            };
            base.push(rules);
            upgrade.push(adobe);
        }
        Calendars {
            plain: base,
            upgrade,
        }
    }

    /// The rules step `i` follows (`env` is the index of its environment).
    #[must_use]
    pub fn for_step(&self, plan: &Plan, i: usize, env: usize) -> Option<&Rules> {
        if plan.steps[i].kind.value == Kind::Upgrade {
            self.upgrade.get(env)
        } else {
            self.plain.get(env)
        }
    }
}

/// The calendar an environment follows: its own keys over the plan's.
#[must_use]
pub fn merged(plan: Option<&Calendar>, env: Option<&Calendar>) -> Option<Calendar> {
    match (plan, env) {
        (None, None) => None,
        (Some(c), None) | (None, Some(c)) => Some(c.clone()),
        (Some(p), Some(e)) => Some(Calendar {
            working_days: e.working_days.clone().or_else(|| p.working_days.clone()),
            working_hours: e.working_hours.clone().or_else(|| p.working_hours.clone()),
            holidays: e.holidays.clone().or_else(|| p.holidays.clone()),
            freezes: e.freezes.clone().or_else(|| p.freezes.clone()),
            at: e.at,
        }),
    }
}

#[cfg(test)]
mod tests;
