//! `imsplan status` outputs: a text table that fits 100 columns, Markdown, JSON (shape
//! in `schemas/status.schema.json`, generated from the types below) and one
//! self-contained HTML page with one swimlane per plan. Every format shows the same
//! facts per plan and environment (`status.rs` computes them).

use std::fmt::Write as _;
use std::io::{self, Write};

use jiff::Timestamp;
use schemars::JsonSchema;
use serde::Serialize;

use crate::duration::{iso, when};
use crate::model::Plan;
use crate::render::html::{self, Bar, BarState, Lane, Marker, Timeline, esc};
use crate::render::markdown::md;
use crate::status::{Entry, EnvStatus, Next, NextState, Verdict, parties};
use crate::view::actor;

/// The JSON document of `status --format json`.
#[derive(Serialize, JsonSchema)]
#[schemars(
    title = "imsplan status",
    description = "Output of `imsplan status --format json`."
)]
pub struct StatusOut {
    /// Version of this shape; keys may be added, none removed.
    pub format_version: &'static str,
    /// The moment the status is computed for (RFC 3339, UTC).
    pub now: String,
    /// One entry per plan file, in path order.
    pub plans: Vec<PlanOut>,
}

/// One plan file.
#[derive(Serialize, JsonSchema)]
pub struct PlanOut {
    /// The file, as given or found under a directory.
    pub file: String,
    /// False when the file has error-level findings (then `name` is null and
    /// `environments` empty; run `imsplan validate` on it).
    pub valid: bool,
    /// Error-level findings of the file.
    pub error_count: usize,
    /// The plan's `name`.
    pub name: Option<String>,
    /// The plan's `title`.
    pub title: Option<String>,
    /// Forecast finish of the whole plan.
    pub forecast: Option<String>,
    /// Finish of the schedule from `start` (null without `start`).
    pub baseline: Option<String>,
    /// The plan's deadline (null when it has none).
    pub deadline: Option<String>,
    /// Worst verdict of the plan: `done`, `unknown`, `on-track`, `at-risk`, `late`.
    pub verdict: Option<&'static str>,
    /// One entry per environment with steps, in file order.
    pub environments: Vec<EnvOut>,
}

/// One environment.
#[derive(Serialize, JsonSchema)]
pub struct EnvOut {
    /// Environment id.
    pub id: String,
    /// `development`, `stage` or `production`.
    pub role: &'static str,
    /// `managed`, `hosted`, `hybrid` or `on-premise`.
    pub hosting: &'static str,
    /// The phase reached.
    pub phase: PhaseOut,
    /// Core steps (SPEC §3) done or skipped.
    pub core: CountOut,
    /// All steps done or skipped.
    pub steps: CountOut,
    /// The next step (null when every step is done or skipped).
    pub next: Option<NextOut>,
    /// Forecast finish of the environment's last step.
    pub forecast: Option<String>,
    /// Its finish in the schedule from `start`.
    pub baseline: Option<String>,
    /// The deadline that applies (the environment's, else the plan's).
    pub deadline: Option<String>,
    /// Forecast minus target (deadline, else baseline), ISO 8601; negative values are
    /// written as `-PT…`; null without a target.
    pub slip: Option<String>,
    /// `done`, `unknown`, `on-track`, `at-risk` or `late`.
    pub verdict: &'static str,
}

/// The phase reached: the highest phase (1 upgrade … 5 move-to-v8) with a step done
/// or skipped.
#[derive(Serialize, JsonSchema)]
pub struct PhaseOut {
    /// 0 when no built-in step is done yet.
    pub reached: u8,
    /// The kind of that phase (null when 0).
    pub kind: Option<&'static str>,
    /// The kind of the highest phase with a step in progress.
    pub in_progress: Option<&'static str>,
}

/// A count of steps.
#[derive(Serialize, JsonSchema)]
pub struct CountOut {
    /// Done or skipped.
    pub done: usize,
    /// All.
    pub total: usize,
    /// `done` in percent, rounded down (null when `total` is 0).
    pub percent: Option<usize>,
}

/// The next step of an environment.
#[derive(Serialize, JsonSchema)]
pub struct NextOut {
    /// Step id.
    pub id: String,
    /// Step kind.
    pub kind: &'static str,
    /// Step title.
    pub title: Option<String>,
    /// `in-progress`, `ready`, `waiting-for-window` or `blocked`.
    pub state: &'static str,
    /// Forecast start (RFC 3339).
    pub start: String,
    /// Forecast finish (RFC 3339).
    pub finish: String,
    /// The step's `not-before`.
    pub not_before: Option<String>,
    /// `adobe`, `customer` or `adobe+customer`.
    pub actor: &'static str,
    /// Who acts by name: `Adobe`, `Adobe Customer Care`, and the owning team.
    pub parties: Vec<String>,
    /// The step's `owner`.
    pub owner: Option<String>,
    /// The open steps it waits for.
    pub waits_on: Vec<WaitOut>,
}

/// A step the next step waits for.
#[derive(Serialize, JsonSchema)]
pub struct WaitOut {
    /// Step id.
    pub id: String,
    /// Its environment.
    pub env: String,
    /// Its status.
    pub status: &'static str,
}

/// The JSON Schema of `status --format json`, as committed in
/// `schemas/status.schema.json`.
#[must_use]
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(StatusOut);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

fn stamp(t: Timestamp) -> String {
    t.to_string()
}

fn signed_iso(d: jiff::SignedDuration) -> String {
    if d.is_negative() {
        format!("-{}", iso(d.abs()))
    } else {
        iso(d)
    }
}

fn next_out(plan: &Plan, n: &Next) -> NextOut {
    let s = &plan.steps[n.step];
    NextOut {
        id: s.id.value.clone(),
        kind: s.kind.value.as_str(),
        title: s.title.as_ref().map(|t| t.value.clone()),
        state: n.state.as_str(),
        start: stamp(n.start),
        finish: stamp(n.finish),
        not_before: s.not_before.as_ref().map(|t| stamp(t.value)),
        actor: actor(plan, n.step),
        parties: parties(plan, n.step),
        owner: s.owner.as_ref().map(|o| o.value.clone()),
        waits_on: n
            .waits_on
            .iter()
            .map(|&d| WaitOut {
                id: plan.steps[d].id.value.clone(),
                env: plan.steps[d].env.value.clone(),
                status: plan.steps[d].status().as_str(),
            })
            .collect(),
    }
}

fn env_out(plan: &Plan, e: &EnvStatus) -> EnvOut {
    let env = &plan.environments[e.env];
    EnvOut {
        id: env.id.value.clone(),
        role: env.role.value.as_str(),
        hosting: env.hosting.value.as_str(),
        phase: PhaseOut {
            reached: e.phase,
            kind: e.phase_kind.map(crate::model::Kind::as_str),
            in_progress: e.phase_in_progress.map(crate::model::Kind::as_str),
        },
        core: CountOut {
            done: e.core_done,
            total: e.core_total,
            percent: e.core_percent(),
        },
        steps: CountOut {
            done: e.steps_done,
            total: e.steps_total,
            percent: (e.steps_total > 0).then(|| e.steps_done * 100 / e.steps_total),
        },
        next: e.next.as_ref().map(|n| next_out(plan, n)),
        forecast: e.forecast.map(stamp),
        baseline: e.baseline.map(stamp),
        deadline: e.deadline.map(stamp),
        slip: e.slip().map(signed_iso),
        verdict: e.verdict.as_str(),
    }
}

/// `--format json`.
///
/// # Errors
/// When the writer fails.
pub fn json(entries: &[Entry], now: Timestamp, w: &mut dyn Write) -> io::Result<()> {
    let doc = StatusOut {
        format_version: "1",
        now: stamp(now),
        plans: entries
            .iter()
            .map(|entry| match &entry.loaded {
                Some((plan, _, st)) => PlanOut {
                    file: entry.file.clone(),
                    valid: true,
                    error_count: 0,
                    name: Some(plan.name.value.clone()),
                    title: plan.title.as_ref().map(|t| t.value.clone()),
                    forecast: st.forecast.map(stamp),
                    baseline: st.baseline.map(stamp),
                    deadline: st.deadline.map(stamp),
                    verdict: Some(st.verdict.as_str()),
                    environments: st.envs.iter().map(|e| env_out(plan, e)).collect(),
                },
                None => PlanOut {
                    file: entry.file.clone(),
                    valid: false,
                    error_count: entry.errors,
                    name: None,
                    title: None,
                    forecast: None,
                    baseline: None,
                    deadline: None,
                    verdict: None,
                    environments: Vec::new(),
                },
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *w, &doc)?;
    writeln!(w)
}

/// The phase reached, in words: `not started`, `users done`, `operators ▶`, `complete`.
fn phase_text(e: &EnvStatus) -> String {
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

fn core_text(e: &EnvStatus) -> String {
    e.core_percent().map_or("-".to_owned(), |p| format!("{p}%"))
}

fn short_time(t: Timestamp) -> String {
    t.strftime("%Y-%m-%d %H:%M").to_string()
}

/// Plan text for a terminal: control characters shown as `?`, one line.
fn term(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .collect()
}

fn cell(text: &str, width: usize) -> String {
    let t = html::clip(&term(text), width);
    let pad = width.saturating_sub(t.chars().count());
    format!("{t}{}", " ".repeat(pad))
}

fn who(plan: &Plan, n: &Next) -> String {
    parties(plan, n.step).join(" + ")
}

fn next_detail(plan: &Plan, n: &Next) -> String {
    let mut d = match n.state {
        NextState::InProgress => format!(
            "in progress: {} → {}",
            short_time(n.start),
            short_time(n.finish)
        ),
        NextState::Ready => format!(
            "ready now: {} → {}",
            short_time(n.start),
            short_time(n.finish)
        ),
        NextState::Window => format!(
            "window opens {} (until {})",
            short_time(n.start),
            short_time(n.finish)
        ),
        NextState::Blocked => format!(
            "forecast {} → {}",
            short_time(n.start),
            short_time(n.finish)
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
fn target_text(
    forecast: Option<Timestamp>,
    baseline: Option<Timestamp>,
    deadline: Option<Timestamp>,
    verdict: Verdict,
) -> String {
    let Some(f) = forecast else {
        return verdict.label().to_owned();
    };
    let mut out = format!("forecast {}", when(f));
    match (deadline, baseline) {
        (Some(d), _) => {
            let _ = write!(out, ", deadline {}", when(d));
        }
        (None, Some(b)) => {
            let _ = write!(out, ", planned {}", when(b));
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
    line(w, &format!("status at {} (times in UTC)", when(now)))?;
    for entry in entries {
        writeln!(w)?;
        let Some((plan, _, st)) = &entry.loaded else {
            line(
                w,
                &format!(
                    "{}: not shown, {} (run `imsplan validate {}`)",
                    term(&entry.file),
                    crate::render::plural(entry.errors, "error"),
                    term(&entry.file)
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
                "  {}",
                target_text(st.forecast, st.baseline, st.deadline, st.verdict)
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
                    cell(&e.forecast.map_or("-".to_owned(), short_time), 16),
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
    writeln!(w, "At {} (times in UTC).\n", when(now))?;
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
                        format!("{} → {}", when(n.start), when(n.finish)),
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
                    e.baseline
                        .map_or("-".to_owned(), |b| format!("planned {}", when(b)))
                },
                |d| format!("deadline {}", when(d)),
            );
            writeln!(
                w,
                "| {} | {} | {} | {} | {next} | {window} | {who_text} | {waits} | {} | {target} | {} |",
                md(&plan.name.value),
                md(&env.id.value),
                phase_text(e),
                core_text(e),
                e.forecast.map_or("-".to_owned(), when),
                e.verdict.label()
            )?;
        }
    }
    Ok(())
}

fn env_state(e: &EnvStatus) -> BarState {
    if e.steps_done == e.steps_total {
        BarState::Done
    } else if e.steps_done > 0 || e.phase_in_progress.is_some() {
        BarState::InProgress
    } else {
        BarState::Todo
    }
}

/// `--format html`: one page, a swimlane per plan (a bar per environment, from its
/// first forecast start to its forecast finish; late ones outlined in red; a line at
/// `now`), then the table of every environment.
///
/// # Errors
/// When the writer fails.
pub fn html(entries: &[Entry], now: Timestamp, w: &mut dyn Write) -> io::Result<()> {
    let mut b = String::new();
    let _ = writeln!(
        b,
        "<a class=\"skip\" href=\"#main\">Skip to the status</a>\n<header>\n<h1>Migration status</h1>\n<p>At {} (times in UTC): {}, {}.</p>\n</header>\n<main id=\"main\">",
        when(now),
        crate::render::plural(entries.len(), "plan"),
        crate::render::plural(
            entries
                .iter()
                .filter_map(|e| e.loaded.as_ref())
                .map(|(_, _, st)| st.envs.len())
                .sum(),
            "environment"
        )
    );
    timeline(entries, now, &mut b);
    table(entries, &mut b);
    b.push_str("</main>\n<footer>\n<p>Written by imsplan from the plan files; forecasts assume each open step starts no earlier than the time above.</p>\n</footer>\n");
    w.write_all(html::page("Migration status", &b).as_bytes())
}

fn timeline(entries: &[Entry], now: Timestamp, b: &mut String) {
    let mut lanes = Vec::new();
    let mut lo = now.as_second();
    let mut hi = now.as_second();
    for entry in entries {
        let Some((plan, graph, st)) = &entry.loaded else {
            continue;
        };
        let bars: Vec<Bar> = st
            .envs
            .iter()
            .filter_map(|e| {
                let from = graph
                    .order
                    .iter()
                    .filter(|&&i| graph.env_of[i] == e.env)
                    .filter_map(|&i| st.windows.get(i).map(|w| w.0))
                    .min()?;
                let to = e.forecast?;
                lo = lo.min(from.as_second());
                hi = hi.max(to.as_second());
                let env = &plan.environments[e.env].id.value;
                Some(Bar {
                    label: format!("{env} {}", core_text(e)),
                    detail: format!(
                        "{} / {env}: {}, core steps {}, {}",
                        plan.name.value,
                        phase_text(e),
                        core_text(e),
                        target_text(e.forecast, e.baseline, e.deadline, e.verdict)
                    ),
                    from: from.as_second(),
                    to: to.as_second(),
                    state: env_state(e),
                    critical: e.verdict == Verdict::Late,
                    no_return: false,
                })
            })
            .collect();
        lanes.push(Lane {
            label: plan.name.value.clone(),
            bars,
        });
    }
    let hi = hi.max(lo + 3600);
    let t = Timeline {
        lo,
        hi,
        ticks: html::time_ticks(lo, hi),
        lanes,
        markers: vec![Marker {
            at: now.as_second(),
            label: format!("now: {}", when(now)),
            class: "now",
        }],
    };
    b.push_str("<section id=\"timeline\" aria-labelledby=\"h-timeline\">\n<h2 id=\"h-timeline\">Timeline (UTC)</h2>\n<figure>\n<div class=\"scroll\">\n");
    b.push_str(&html::svg(
        &t,
        "st",
        "Timeline: one swimlane per plan",
        "One lane per plan, a bar per environment from its first forecast start to its forecast finish. The table below gives the same facts as text.",
    ));
    b.push_str("</div>\n<figcaption>\n<ul class=\"legend\">\n<li>Bar: environment and core steps done</li>\n<li><span class=\"crit\">Red outline</span>: late</li>\n<li>✓ done · ▶ under way · no mark: not started</li>\n<li>Dashed line: now</li>\n</ul>\n</figcaption>\n</figure>\n</section>\n");
}

fn table(entries: &[Entry], b: &mut String) {
    b.push_str("<section id=\"environments\" aria-labelledby=\"h-envs\">\n<h2 id=\"h-envs\">Environments</h2>\n<div class=\"scroll\">\n<table>\n<thead><tr><th scope=\"col\">plan</th><th scope=\"col\">environment</th><th scope=\"col\">phase</th><th scope=\"col\">core done</th><th scope=\"col\">next step</th><th scope=\"col\">window</th><th scope=\"col\">who acts</th><th scope=\"col\">waits on</th><th scope=\"col\">forecast</th><th scope=\"col\">target</th><th scope=\"col\">verdict</th></tr></thead>\n<tbody>\n");
    for entry in entries {
        let Some((plan, _, st)) = &entry.loaded else {
            let _ = writeln!(
                b,
                "<tr><th scope=\"row\">{}</th><td colspan=\"10\">not shown: {} (run <code>imsplan validate</code> on it)</td></tr>",
                esc(&entry.file),
                crate::render::plural(entry.errors, "error")
            );
            continue;
        };
        let title = plan.title.as_ref().map_or(String::new(), |t| {
            format!("<br><span class=\"muted\">{}</span>", esc(&t.value))
        });
        for (k, e) in st.envs.iter().enumerate() {
            let env = &plan.environments[e.env];
            b.push_str("<tr>");
            if k == 0 {
                let _ = write!(
                    b,
                    "<th scope=\"rowgroup\" rowspan=\"{}\"><code>{}</code>{title}</th>",
                    st.envs.len(),
                    esc(&plan.name.value)
                );
            }
            let _ = write!(
                b,
                "<td><code>{}</code></td><td>{}</td><td>{}</td>",
                esc(&env.id.value),
                esc(&phase_text(e)),
                core_text(e)
            );
            match &e.next {
                Some(n) => {
                    let waits: Vec<String> = n
                        .waits_on
                        .iter()
                        .map(|&d| {
                            format!(
                                "<code>{}</code> ({})",
                                esc(&plan.steps[d].id.value),
                                plan.steps[d].status()
                            )
                        })
                        .collect();
                    let _ = write!(
                        b,
                        "<td><code>{}</code> ({})</td><td>{} → {}</td><td>{}</td><td>{}</td>",
                        esc(&plan.steps[n.step].id.value),
                        n.state.as_str(),
                        short_time(n.start),
                        short_time(n.finish),
                        esc(&who(plan, n)),
                        if waits.is_empty() {
                            "-".to_owned()
                        } else {
                            waits.join(", ")
                        }
                    );
                }
                None => b.push_str("<td>-</td><td>-</td><td>-</td><td>-</td>"),
            }
            let target = e.deadline.map_or_else(
                || {
                    e.baseline
                        .map_or("-".to_owned(), |t| format!("planned {}", short_time(t)))
                },
                |d| format!("deadline {}", short_time(d)),
            );
            let _ = writeln!(
                b,
                "<td>{}</td><td>{target}</td><td><span class=\"verdict-{}\">{}</span></td></tr>",
                e.forecast.map_or("-".to_owned(), short_time),
                e.verdict.as_str(),
                e.verdict.label()
            );
        }
    }
    b.push_str("</tbody>\n</table>\n</div>\n</section>\n");
}
