//! Unit tests of working time: `fit` forward, `latest` backward, Adobe's days, DST.
use super::*;
use crate::span::{Sp, Span};

fn paris() -> TimeZone {
    TimeZone::get("Europe/Paris").unwrap()
}

fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn office() -> Calendar {
    use crate::model::{Freeze, Weekday};
    let d = |s: &str| Sp::new(s.parse::<Date>().unwrap(), Span::default());
    Calendar {
        working_days: Some(
            [
                Weekday::Mon,
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
                Weekday::Fri,
            ]
            .iter()
            .map(|w| Sp::new(*w, Span::default()))
            .collect(),
        ),
        working_hours: Some(Sp::new(
            Hours::parse("08:00-18:00").unwrap(),
            Span::default(),
        )),
        holidays: Some(vec![d("2026-11-11")]),
        freezes: Some(vec![Freeze {
            from: d("2026-12-19"),
            to: d("2027-01-04"),
            reason: None,
        }]),
        at: Span::default(),
    }
}

#[test]
fn open_rules_never_move() {
    let r = Rules::new(&TimeZone::UTC, None);
    let t = ts("2026-12-05T03:00:00Z");
    assert_eq!(r.fit(t, SignedDuration::from_hours(5)), (t, None));
}

#[test]
fn evening_moves_to_next_morning_in_local_time() {
    let r = Rules::new(&paris(), Some(&office()));
    // Tuesday 20:00 Paris → Wednesday 08:00 Paris (07:00 UTC in winter).
    let (t, why) = r.fit(ts("2026-11-24T19:00:00Z"), SignedDuration::from_hours(2));
    assert_eq!(t, ts("2026-11-25T07:00:00Z"));
    assert!(matches!(why, Some(Why::OutsideHours(_))));
}

#[test]
fn weekend_and_holiday_are_skipped() {
    let r = Rules::new(&paris(), Some(&office()));
    // Saturday → Monday 08:00.
    let (t, why) = r.fit(ts("2026-11-28T10:00:00Z"), SignedDuration::ZERO);
    assert_eq!(t, ts("2026-11-30T07:00:00Z"));
    assert_eq!(why, Some(Why::NotWorkingDay(Day::Saturday)));
    // Wednesday 11 November is a holiday → Thursday 08:00.
    let (t, why) = r.fit(ts("2026-11-11T09:00:00Z"), SignedDuration::ZERO);
    assert_eq!(t, ts("2026-11-12T07:00:00Z"));
    assert!(matches!(why, Some(Why::Holiday(_))));
}

#[test]
fn a_span_may_not_run_into_a_freeze() {
    let r = Rules::new(&paris(), Some(&office()));
    // Friday 18 December 10:00, 2 days: runs into the freeze from the 19th → after it,
    // Tuesday 5 January 08:00.
    let (t, why) = r.fit(ts("2026-12-18T09:00:00Z"), SignedDuration::from_hours(48));
    assert_eq!(t, ts("2027-01-05T07:00:00Z"));
    assert!(matches!(why, Some(Why::RunsInto(_))));
}

#[test]
fn adobe_days_for_production_and_stage() {
    let prod = Rules::new(&paris(), None).with_adobe_upgrade_days(true);
    let stage = Rules::new(&paris(), None).with_adobe_upgrade_days(false);
    let friday = ts("2026-12-04T19:00:00Z");
    let (t, why) = prod.fit(friday, SignedDuration::from_hours(4));
    // Next Monday 00:00 Paris.
    assert_eq!(t, ts("2026-12-06T23:00:00Z"));
    assert_eq!(
        why,
        Some(Why::AdobeDay {
            day: Day::Friday,
            production: true
        })
    );
    assert_eq!(
        stage.fit(friday, SignedDuration::from_hours(4)),
        (friday, None)
    );
}

#[test]
fn latest_start_mirrors_fit() {
    let r = Rules::new(&paris(), Some(&office()));
    let two = SignedDuration::from_hours(2);
    // Monday 30 November 07:00 Paris (before opening): back to Friday 17:59.
    assert_eq!(
        r.latest(ts("2026-11-30T06:00:00Z"), two),
        Some(ts("2026-11-27T16:59:00Z"))
    );
    // Tuesday 20:00 Paris (after closing): 17:59 the same day.
    assert_eq!(
        r.latest(ts("2026-11-24T19:00:00Z"), two),
        Some(ts("2026-11-24T16:59:00Z"))
    );
    // Inside working time: unchanged, and `fit` agrees.
    let t = ts("2026-11-24T10:00:00Z");
    assert_eq!(r.latest(t, two), Some(t));
    assert_eq!(r.fit(t, two), (t, None));
    // A 2-day step wanted inside the freeze may not run into it either: it must start by
    // Thursday 17 December 00:00 Paris, and the 16th closes at 18:00 → 17:59.
    assert_eq!(
        r.latest(ts("2026-12-20T09:00:00Z"), SignedDuration::from_hours(48)),
        Some(ts("2026-12-16T16:59:00Z"))
    );
    // Adobe's days: a production upgrade wanted on Saturday goes back to Thursday.
    let prod = Rules::new(&paris(), None).with_adobe_upgrade_days(true);
    assert_eq!(
        prod.latest(ts("2026-12-05T10:00:00Z"), SignedDuration::ZERO),
        Some(ts("2026-12-03T22:59:00Z"))
    );
}

#[test]
fn working_hours_follow_daylight_saving_time() {
    let r = Rules::new(&paris(), Some(&office()));
    // Friday 27 March 2026 19:00 Paris (CET) → Monday 30 March 08:00 Paris (CEST = 06:00 UTC).
    let (t, _) = r.fit(ts("2026-03-27T18:00:00Z"), SignedDuration::from_hours(1));
    assert_eq!(t, ts("2026-03-30T06:00:00Z"));
}
