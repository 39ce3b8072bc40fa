//! `imsplan status` outputs: a text table that fits 100 columns and Markdown here, JSON
//! in `status_json.rs`, the HTML page in `status_html.rs`. Every format shows the same
//! facts per plan and environment (`src/status/` computes them); the helpers below
//! word them once for all four.

use std::fmt::Write as _;
use std::io::{self, Write};

use jiff::Timestamp;
use jiff::tz::TimeZone;

pub use super::status_html::html;
pub use super::status_json::{StatusOut, json, json_schema};
use crate::duration::when;
use crate::model::Plan;
use crate::render::html;
use crate::render::markdown::md;
use crate::status::{Entry, EnvStatus, Next, NextState, Verdict, parties};

/// The formats of `status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A table for a terminal.
    Text,
    /// A Markdown table.
    Markdown,
    /// JSON (`schemas/status.schema.json`).
    Json,
    /// One self-contained HTML page.
    Html,
}

/// Write the status of some plans at `now` in a format.
///
/// # Errors
/// When the writer fails.
pub fn write(
    entries: &[Entry],
    now: Timestamp,
    format: Format,
    w: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Text => text(entries, now, w),
        Format::Markdown => markdown(entries, now, w),
        Format::Json => json(entries, now, w),
        Format::Html => html(entries, now, w),
    }
}

/// The phase reached, in words: `not started`, `users done`, `operators ▶`, `complete`.
pub(super) fn phase_text(e: &EnvStatus) -> String {
    if e.steps_done == e.steps_total {
        return "complete".to_owned();
    }
    let short = |k: crate::model::Kind| match k {
        crate::model::Kind::Upgrade => "upgrade",
        crate::model::Kind::MigrateUsers => "users",
        crate::model::Kind::MigrateOperators => "operators",
        crate::model::Kind::EnableRestrictions => "restrictions",
        crate::model::Kind::MoveToV8 => "v8",
        crate::model::Kind::Custom => "custom",
    };
    match (e.phase_in_progress, e.phase_kind) {
        (Some(k), _) => format!("{} ▶", short(k)),
        (None, Some(k)) => format!("{} done", short(k)),
        (None, None) => "not started".to_owned(),
    }
}

pub(super) fn core_text(e: &EnvStatus) -> String {
    e.core_percent().map_or("-".to_owned(), |p| format!("{p}%"))
}

pub(super) fn short_time(t: Timestamp, zone: &TimeZone) -> String {
    t.to_zoned(zone.clone())
        .strftime("%Y-%m-%d %H:%M")
        .to_string()
}

/// The zone a plan's times are shown in, in words: `UTC`, `Europe/Paris`.
pub(super) fn zone_name(zone: &TimeZone) -> String {
    zone.iana_name().unwrap_or("UTC").to_owned()
}

/// Plan text for a terminal cell: on one line, unsafe characters shown as `\u{…}`.
fn term(text: &str) -> String {
    let line: String = text
        .chars()
        .map(|c| if c == '\n' || c == '\t' { ' ' } else { c })
        .collect();
    crate::terminal::escape(&line).into_owned()
}

fn cell(text: &str, width: usize) -> String {
    let t = html::clip(&term(text), width);
    let pad = width.saturating_sub(t.chars().count());
    format!("{t}{}", " ".repeat(pad))
}

pub(super) fn who(plan: &Plan, n: &Next) -> String {
    parties(plan, n.step).join(" + ")
}

fn next_detail(plan: &Plan, n: &Next) -> String {
    let mut d = match n.state {
        NextState::InProgress => format!(
            "in progress: {} → {}",
            short_time(n.start, &plan.zone),
            short_time(n.finish, &plan.zone)
        ),
        NextState::Ready => format!(
            "ready now: {} → {}",
            short_time(n.start, &plan.zone),
            short_time(n.finish, &plan.zone)
        ),
        NextState::Window => format!(
            "window opens {} (until {})",
            short_time(n.start, &plan.zone),
            short_time(n.finish, &plan.zone)
        ),
        NextState::Blocked => format!(
            "forecast {} → {}",
            short_time(n.start, &plan.zone),
            short_time(n.finish, &plan.zone)
        ),
    };
    if !n.waits_on.is_empty() {
        let waits: Vec<String> = n
            .waits_on
            .iter()
            .map(|&w| {
                format!(
                    "{} ({})",
                    term(&plan.steps[w].id.value),
                    plan.steps[w].status()
                )
            })
            .collect();
        let _ = write!(d, "; waits on {}", waits.join(", "));
    }
    d
}

fn verdict_text(e: &EnvStatus) -> String {
    e.verdict.label().to_owned()
}

/// The target line of a plan or environment: forecast against deadline or baseline.
pub(super) fn target_text(
    zone: &TimeZone,
    forecast: Option<Timestamp>,
    baseline: Option<Timestamp>,
    deadline: Option<Timestamp>,
    verdict: Verdict,
) -> String {
    let Some(f) = forecast else {
        return verdict.label().to_owned();
    };
    let mut out = format!("forecast {}", when(f, zone));
    match (deadline, baseline) {
        (Some(d), _) => {
            let _ = write!(out, ", deadline {}", when(d, zone));
        }
        (None, Some(b)) => {
            let _ = write!(out, ", planned {}", when(b, zone));
        }
        (None, None) => out.push_str(", no start or deadline to compare with"),
    }
    let _ = write!(out, ": {}", verdict.label());
    out
}

/// `--format text`: per plan a header and a table of its environments; each row is
/// followed by the next step's window and what it waits on. No line is longer than
/// 100 columns.
///
/// # Errors
/// When the writer fails.
pub fn text(entries: &[Entry], now: Timestamp, w: &mut dyn Write) -> io::Result<()> {
    const WIDTH: usize = 100;
    let line = |w: &mut dyn Write, text: &str| writeln!(w, "{}", html::clip(text, WIDTH));
    line(w, &format!("status at {}", when(now, &TimeZone::UTC)))?;
    for entry in entries {
        writeln!(w)?;
        let Some((plan, _, st)) = &entry.loaded else {
            line(
                w,
                &format!(
                    "{}: not shown, {} (run `imsplan validate {}`)",
                    term(&entry.file),
                    crate::render::plural(entry.errors, "error"),
                    term(&crate::shell::path_word(&entry.file))
                ),
            )?;
            continue;
        };
        let title = plan
            .title
            .as_ref()
            .map_or(String::new(), |t| format!(": {}", term(&t.value)));
        line(
            w,
            &format!("{}{title} ({})", term(&plan.name.value), term(&entry.file)),
        )?;
        line(
            w,
            &format!(
                "  times in {}; {}",
                zone_name(&plan.zone),
                target_text(
                    &plan.zone,
                    st.forecast,
                    st.baseline,
                    st.deadline,
                    st.verdict
                )
            ),
        )?;
        line(
            w,
            &format!(
                "  {}  {}  {}  {}  {}  {}  {}",
                cell("ENV", 11),
                cell("PHASE", 13),
                cell("CORE", 4),
                cell("NEXT", 19),
                cell("WHO ACTS", 14),
                cell("FINISH", 16),
                "VERDICT"
            ),
        )?;
        for e in &st.envs {
            let env = &plan.environments[e.env];
            let (next, who_text) = e
                .next
                .as_ref()
                .map_or(("-".to_owned(), String::new()), |n| {
                    (plan.steps[n.step].id.value.clone(), who(plan, n))
                });
            let core = core_text(e);
            line(
                w,
                &format!(
                    "  {}  {}  {:>4}  {}  {}  {}  {}",
                    cell(&env.id.value, 11),
                    cell(&phase_text(e), 13),
                    core,
                    cell(&next, 19),
                    cell(&who_text, 14),
                    cell(
                        &e.forecast
                            .map_or("-".to_owned(), |t| short_time(t, &plan.zone)),
                        16
                    ),
                    verdict_text(e)
                ),
            )?;
            if let Some(n) = &e.next {
                line(w, &format!("      {}", next_detail(plan, n)))?;
            }
        }
    }
    Ok(())
}

/// `--format markdown`: one table, one row per environment.
///
/// # Errors
/// When the writer fails.
pub fn markdown(entries: &[Entry], now: Timestamp, w: &mut dyn Write) -> io::Result<()> {
    writeln!(w, "# Migration status\n")?;
    writeln!(
        w,
        "At {}; each plan's times in its own zone.\n",
        when(now, &TimeZone::UTC)
    )?;
    writeln!(
        w,
        "| plan | environment | phase | core done | next step | window | who acts | waits on | forecast | target | verdict |"
    )?;
    writeln!(w, "|---|---|---|---|---|---|---|---|---|---|---|")?;
    for entry in entries {
        let Some((plan, _, st)) = &entry.loaded else {
            writeln!(
                w,
                "| {} | | not shown: {} | | | | | | | | |",
                md(&entry.file),
                crate::render::plural(entry.errors, "error")
            )?;
            continue;
        };
        for e in &st.envs {
            let env = &plan.environments[e.env];
            let (next, window, who_text, waits) = e.next.as_ref().map_or_else(
                || {
                    (
                        "-".to_owned(),
                        "-".to_owned(),
                        "-".to_owned(),
                        "-".to_owned(),
                    )
                },
                |n| {
                    let waits: Vec<String> = n
                        .waits_on
                        .iter()
                        .map(|&d| {
                            format!(
                                "{} ({})",
                                md(&plan.steps[d].id.value),
                                plan.steps[d].status()
                            )
                        })
                        .collect();
                    (
                        format!(
                            "{} ({})",
                            md(&plan.steps[n.step].id.value),
                            n.state.as_str()
                        ),
                        format!(
                            "{} → {}",
                            when(n.start, &plan.zone),
                            when(n.finish, &plan.zone)
                        ),
                        md(&who(plan, n)),
                        if waits.is_empty() {
                            "-".to_owned()
                        } else {
                            waits.join(", ")
                        },
                    )
                },
            );
            let target = e.deadline.map_or_else(
                || {
                    e.baseline.map_or("-".to_owned(), |b| {
                        format!("planned {}", when(b, &plan.zone))
                    })
                },
                |d| format!("deadline {}", when(d, &plan.zone)),
            );
            writeln!(
                w,
                "| {} | {} | {} | {} | {next} | {window} | {who_text} | {waits} | {} | {target} | {} |",
                md(&plan.name.value),
                md(&env.id.value),
                phase_text(e),
                core_text(e),
                e.forecast.map_or("-".to_owned(), |t| when(t, &plan.zone)),
                e.verdict.label()
            )?;
        }
    }
    Ok(())
}
