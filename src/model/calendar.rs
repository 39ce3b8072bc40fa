//! Working calendars in a plan (SPEC §11.4): working days, hours, holidays, freezes.

use std::fmt;

use schemars::JsonSchema;

use super::Weekday;
use crate::span::{Sp, Span};

/// A working calendar (SPEC §11.4), read in the plan's `timezone`.
#[derive(Debug, Clone, Default, JsonSchema)]
#[schemars(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Calendar {
    /// Days a step may start on: `mon` … `sun`. Default: every day.
    #[schemars(with = "Option<Vec<Weekday>>")]
    pub working_days: Option<Vec<Sp<Weekday>>>,
    /// Local hours a step may start in, `"HH:MM-HH:MM"` (quoted), e.g. `"08:00-18:00"`. Default: the whole day.
    #[schemars(with = "Option<HoursSchema>")]
    pub working_hours: Option<Sp<Hours>>,
    /// Whole local days no step may start on or run through, e.g. `2026-12-25`.
    #[schemars(with = "Option<Vec<DateSchema>>")]
    pub holidays: Option<Vec<Sp<jiff::civil::Date>>>,
    /// Change freezes: inclusive ranges of local days no step may start in or run through.
    pub freezes: Option<Vec<Freeze>>,
    /// Span of the calendar's mapping (its first key).
    #[schemars(skip)]
    pub at: Span,
}

/// A change freeze: no step starts in it or runs through it.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Freeze {
    /// First local day of the freeze (inclusive), e.g. `2026-12-19`.
    #[schemars(with = "DateSchema")]
    pub from: Sp<jiff::civil::Date>,
    /// Last local day of the freeze (inclusive), e.g. `2027-01-04`.
    #[schemars(with = "DateSchema")]
    pub to: Sp<jiff::civil::Date>,
    /// Why (shown in messages and the runbook), e.g. `year-end change freeze`.
    #[schemars(with = "Option<String>")]
    pub reason: Option<Sp<String>>,
}

/// Local working hours: a step may start at `from` or later and before `to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hours {
    /// Opening time.
    pub from: jiff::civil::Time,
    /// Closing time; `None` for `24:00` (the end of the day).
    pub to: Option<jiff::civil::Time>,
}

impl fmt::Display for Hours {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let to = self
            .to
            .map_or_else(|| "24:00".to_owned(), |t| t.strftime("%H:%M").to_string());
        write!(f, "{}-{to}", self.from.strftime("%H:%M"))
    }
}

impl Hours {
    /// Parse `HH:MM-HH:MM` (`24:00` allowed as the end); the end must be after the start.
    #[must_use]
    pub fn parse(text: &str) -> Option<Hours> {
        let (a, b) = text.trim().split_once('-')?;
        let time = |s: &str| -> Option<Option<jiff::civil::Time>> {
            let (h, m) = s.trim().split_once(':')?;
            if h.len() != 2 || m.len() != 2 {
                return None;
            }
            let (h, m): (i8, i8) = (h.parse().ok()?, m.parse().ok()?);
            if h == 24 && m == 0 {
                return Some(None);
            }
            jiff::civil::Time::new(h, m, 0, 0).ok().map(Some)
        };
        let from = time(a)??;
        let to = time(b)?;
        match to {
            Some(t) if t <= from => None,
            _ => Some(Hours { from, to }),
        }
    }
}

/// A local calendar day, `YYYY-MM-DD`.
#[derive(JsonSchema)]
#[schemars(extend("format" = "date"))]
#[allow(dead_code)]
struct DateSchema(String);

/// Local hours, `"HH:MM-HH:MM"`, e.g. `"08:00-18:00"` (`24:00` allowed as the end).
#[derive(JsonSchema)]
#[schemars(extend("pattern" = "^([01][0-9]|2[0-3]):[0-5][0-9]-(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$"))]
#[allow(dead_code)]
struct HoursSchema(String);

impl Weekday {
    /// The jiff weekday.
    #[must_use]
    pub fn jiff(self) -> jiff::civil::Weekday {
        match self {
            Weekday::Mon => jiff::civil::Weekday::Monday,
            Weekday::Tue => jiff::civil::Weekday::Tuesday,
            Weekday::Wed => jiff::civil::Weekday::Wednesday,
            Weekday::Thu => jiff::civil::Weekday::Thursday,
            Weekday::Fri => jiff::civil::Weekday::Friday,
            Weekday::Sat => jiff::civil::Weekday::Saturday,
            Weekday::Sun => jiff::civil::Weekday::Sunday,
        }
    }
}
