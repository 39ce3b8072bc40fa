//! `imsplan plan`: the ordered execution plan as text, JSON or Markdown.

use std::fmt::Write as _;
use std::io::{self, Write};

use serde::Serialize;

use crate::graph::Graph;
use crate::model::Plan;
use crate::schedule::{Options, Schedule};

/// What the plan outputs show: the plan, its graph, and the steps selected by `--env`.
pub struct View<'a> {
    /// The plan.
    pub plan: &'a Plan,
    /// Its graph.
    pub graph: &'a Graph,
    /// Selected steps, in output order (wave, environment, file order).
    pub steps: Vec<usize>,
    /// Selected steps by scheduled start (ties keep output order); output order
    /// without a schedule. `plan` and the runbook list steps this way.
    pub by_start: Vec<usize>,
    /// Waves of the selected steps (empty waves dropped).
    pub waves: Vec<(usize, Vec<usize>)>,
    /// The schedule of the whole plan (when it has a `start`): a forecast from `now`
    /// when `now` is set.
    pub schedule: Option<Schedule>,
    /// The baseline (progress ignored) when the schedule is a forecast.
    pub baseline: Option<Schedule>,
}

impl<'a> View<'a> {
    /// The view of a plan, limited to some environments when `envs` is not empty.
    #[must_use]
    pub fn new(plan: &'a Plan, graph: &'a Graph, envs: &[String]) -> Self {
        View::at(plan, graph, envs, None)
    }

    /// The view of a plan forecast from `now` (SPEC §11.5): steps not started yet
    /// start no earlier than `now`, actuals are used, and the baseline is kept for the
    /// slip. Steps are in order of scheduled start (waves still shown).
    #[must_use]
    pub fn at(
        plan: &'a Plan,
        graph: &'a Graph,
        envs: &[String],
        now: Option<jiff::Timestamp>,
    ) -> Self {
        let keep = |i: usize| envs.is_empty() || envs.iter().any(|e| *e == plan.steps[i].env.value);
        let waves: Vec<(usize, Vec<usize>)> = graph
            .wave_lists()
            .into_iter()
            .enumerate()
            .map(|(w, steps)| {
                (
                    w + 1,
                    steps.into_iter().filter(|&i| keep(i)).collect::<Vec<_>>(),
                )
            })
            .filter(|(_, s)| !s.is_empty())
            .collect();
        let steps: Vec<usize> = waves.iter().flat_map(|(_, s)| s.iter().copied()).collect();
        let schedule = Schedule::with(
            plan,
            graph,
            Options {
                now,
                ..Options::default()
            },
        );
        let baseline = now.and_then(|_| {
            Schedule::with(
                plan,
                graph,
                Options {
                    baseline: true,
                    ..Options::default()
                },
            )
        });
        let mut by_start = steps.clone();
        if let Some(s) = &schedule {
            // Stable: steps starting together keep wave, environment and file order.
            by_start.sort_by_key(|&i| s.times[i].start);
        }
        View {
            plan,
            graph,
            steps,
            by_start,
            waves,
            schedule,
            baseline,
        }
    }

    /// Environments that hold a selected step, in file order, each with its selected
    /// steps in output order (one pass over the steps).
    #[must_use]
    pub fn by_env(&self) -> Vec<(usize, Vec<usize>)> {
        let mut groups: Vec<Vec<usize>> = vec![Vec::new(); self.plan.environments.len()];
        for &i in &self.steps {
            if let Some(g) = groups.get_mut(self.graph.env_of[i]) {
                g.push(i);
            }
        }
        groups
            .into_iter()
            .enumerate()
            .filter(|(_, steps)| !steps.is_empty())
            .collect()
    }

    /// The steps in output order, in runs of one wave: a new run begins where the
    /// wave changes (by scheduled start, a wave may appear more than once).
    #[must_use]
    pub fn wave_runs(&self) -> Vec<(usize, Vec<usize>)> {
        let mut runs: Vec<(usize, Vec<usize>)> = Vec::new();
        for &i in &self.by_start {
            let w = self.wave(i);
            match runs.last_mut() {
                Some((last, v)) if *last == w => v.push(i),
                _ => runs.push((w, vec![i])),
            }
        }
        runs
    }

    /// The wave of step `i` (0 on a cycle).
    #[must_use]
    pub fn wave(&self, i: usize) -> usize {
        self.graph.waves.as_ref().map_or(0, |w| w[i])
    }
}

/// Who acts on a step (DOMAIN.md §4), from the runbook's task table.
#[must_use]
pub fn actor(plan: &Plan, step: usize) -> &'static str {
    actor_of(plan, step).as_str()
}

/// Who acts on a step, as the runbook's `Actor`.
#[must_use]
pub fn actor_of(plan: &Plan, step: usize) -> crate::runbook::tasks::Actor {
    let s = &plan.steps[step];
    plan.env(&s.env.value)
        .map_or(crate::runbook::tasks::Actor::Customer, |(_, env)| {
            crate::runbook::tasks::row(s.kind.value, env.hosting.value).actor
        })
}

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

#[derive(Serialize)]
struct PlanOut<'a> {
    name: &'a str,
    title: Option<&'a str>,
    target: &'static str,
    ordering: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    timezone: Option<&'a str>,
    schedule: Option<ScheduleOut<'a>>,
    critical_path: Option<CriticalOut<'a>>,
    steps: Vec<StepOut<'a>>,
    waves: Vec<Vec<&'a str>>,
}

#[derive(Serialize)]
struct ScheduleOut<'a> {
    start: String,
    finish: String,
    complete: bool,
    no_duration: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    deadline: Option<DeadlineOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    forecast: Option<ForecastOut>,
}

#[derive(Serialize)]
struct DeadlineOut {
    at: String,
    finish: String,
    slack: String,
    met: bool,
}

#[derive(Serialize)]
struct ForecastOut {
    now: String,
    finish: String,
    baseline_finish: String,
    slip: String,
}

#[derive(Serialize)]
struct CriticalOut<'a> {
    steps: Vec<&'a str>,
    duration: String,
}

#[derive(Serialize)]
struct StepOut<'a> {
    id: &'a str,
    env: &'a str,
    kind: &'static str,
    title: Option<&'a str>,
    wave: usize,
    status: &'static str,
    actor: &'static str,
    owner: Option<&'a str>,
    duration: Option<String>,
    start: Option<String>,
    finish: Option<String>,
    slack: Option<String>,
    critical: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    deadline: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    deadline_slack: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    moved: Option<MovedOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline_start: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    slip: Option<String>,
    after: Vec<DepOut<'a>>,
}

#[derive(Serialize)]
struct MovedOut {
    from: String,
    reason: String,
}

#[derive(Serialize)]
struct DepOut<'a> {
    id: &'a str,
    reason: &'static str,
}

/// `--format json`. Schedule fields are `null` when the plan has no `start`.
///
/// # Errors
/// When the writer fails.
pub fn json(view: &View<'_>, w: &mut dyn Write) -> io::Result<()> {
    let plan = view.plan;
    let id = |i: usize| plan.steps[i].id.value.as_str();
    let sched = view.schedule.as_ref();
    let z = &plan.zone;
    let doc = PlanOut {
        name: &plan.name.value,
        title: plan.title.as_ref().map(|t| t.value.as_str()),
        target: plan.target().as_str(),
        ordering: plan.ordering().as_str(),
        timezone: plan.timezone.as_ref().map(|t| t.value.as_str()),
        schedule: sched.map(|s| ScheduleOut {
            start: stamp(s.start, z),
            finish: stamp(s.finish, z),
            complete: s.complete(),
            no_duration: s.no_duration.iter().map(|&i| id(i)).collect(),
            deadline: plan.deadline.as_ref().map(|d| DeadlineOut {
                at: stamp(d.value, z),
                finish: stamp(s.finish, z),
                slack: signed_iso(d.value.duration_since(s.finish)),
                met: s.finish <= d.value,
            }),
            forecast: forecast(view).map(|(now, finish, base)| ForecastOut {
                now: stamp(now, z),
                finish: stamp(finish, z),
                baseline_finish: stamp(base, z),
                slip: signed_iso(finish.duration_since(base)),
            }),
        }),
        critical_path: sched.map(|s| CriticalOut {
            steps: s.critical_path.iter().map(|&i| id(i)).collect(),
            duration: iso(s.critical_duration()),
        }),
        steps: view
            .by_start
            .iter()
            .map(|&i| {
                let s = &plan.steps[i];
                let t = sched.map(|sc| sc.times[i]);
                StepOut {
                    id: &s.id.value,
                    env: &s.env.value,
                    kind: s.kind.value.as_str(),
                    title: s.title.as_ref().map(|t| t.value.as_str()),
                    wave: view.wave(i),
                    status: s.status().as_str(),
                    actor: actor(plan, i),
                    owner: s.owner.as_ref().map(|o| o.value.as_str()),
                    duration: s.duration.as_ref().map(|d| iso(d.value)),
                    start: t.map(|t| stamp(t.start, z)),
                    finish: t.map(|t| stamp(t.finish, z)),
                    slack: t.map(|t| iso(t.slack)),
                    critical: t.map(|t| t.critical()),
                    deadline: t.and_then(|t| t.due).map(|d| stamp(d, z)),
                    deadline_slack: t.and_then(|t| t.deadline_slack()).map(signed_iso),
                    moved: sched.and_then(|sc| sc.moved[i].as_ref()).map(|m| MovedOut {
                        from: stamp(m.from, z),
                        reason: m.why.to_string(),
                    }),
                    baseline_start: view.baseline.as_ref().map(|b| stamp(b.times[i].start, z)),
                    slip: view
                        .baseline
                        .as_ref()
                        .zip(t)
                        .map(|(b, t)| signed_iso(t.finish.duration_since(b.times[i].finish))),
                    after: view.graph.deps[i]
                        .iter()
                        .map(|d| DepOut {
                            id: id(d.step),
                            reason: d.reason.as_str(),
                        })
                        .collect(),
                }
            })
            .collect(),
        waves: view
            .waves
            .iter()
            .map(|(_, s)| s.iter().map(|&i| id(i)).collect())
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *w, &doc)?;
    writeln!(w)
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

/// A signed duration in ISO 8601: `PT5H`, `-P2DT3H` style with a leading `-` when
/// negative (`-PT5H`).
#[must_use]
pub fn signed_iso(d: jiff::SignedDuration) -> String {
    if d.is_negative() {
        format!("-{}", iso(-d))
    } else {
        iso(d)
    }
}

/// True for the UTC zone (no `timezone`, or `timezone: UTC`).
fn is_utc(zone: &jiff::tz::TimeZone) -> bool {
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

/// A time for machines: RFC 3339 with the offset of the plan's zone
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

/// A positive duration as people count it before a deadline: whole days from one day
/// on (`16 days`), else `5h 30m`.
#[must_use]
pub fn ahead(d: jiff::SignedDuration) -> String {
    let days = d.as_secs() / 86_400;
    match days {
        0 => friendly(d),
        1 => "1 day".to_owned(),
        n => format!("{n} days"),
    }
}

/// The forecast of a view: (now, forecast finish, baseline finish).
fn forecast(view: &View<'_>) -> Option<(jiff::Timestamp, jiff::Timestamp, jiff::Timestamp)> {
    let s = view.schedule.as_ref()?;
    let b = view.baseline.as_ref()?;
    Some((s.now?, s.finish, b.finish))
}

/// The deadline line of a plan with a `deadline`: "finishes …, N days before the
/// deadline …" or "finishes …, late by … (deadline …)".
#[must_use]
pub fn deadline_line(view: &View<'_>) -> Option<String> {
    let plan = view.plan;
    let s = view.schedule.as_ref()?;
    let d = plan.deadline.as_ref()?.value;
    let z = &plan.zone;
    Some(if s.finish <= d {
        format!(
            "finishes {}, {} before the deadline ({})",
            when(s.finish, z),
            ahead(d.duration_since(s.finish)),
            when(d, z)
        )
    } else {
        format!(
            "finishes {}, late by {} (deadline {})",
            when(s.finish, z),
            friendly(s.finish.duration_since(d)),
            when(d, z)
        )
    })
}

fn deps_text(view: &View<'_>, i: usize) -> String {
    let plan = view.plan;
    let d: Vec<String> = view.graph.deps[i]
        .iter()
        .map(|d| format!("{} ({})", plan.steps[d.step].id.value, d.reason.as_str()))
        .collect();
    if d.is_empty() {
        "-".into()
    } else {
        d.join(", ")
    }
}

fn duration_text(view: &View<'_>, i: usize) -> String {
    view.plan.steps[i]
        .duration
        .as_ref()
        .map_or("no duration".to_owned(), |d| friendly(d.value))
}

/// The schedule's headline lines (plain text; the caller escapes or styles them):
/// start and finish, the critical path, and what is missing when incomplete.
#[must_use]
pub fn schedule_lines(view: &View<'_>) -> Vec<String> {
    let plan = view.plan;
    let Some(s) = &view.schedule else {
        return vec![if view.graph.is_acyclic() {
            "no schedule: the plan has no `start`".to_owned()
        } else {
            "no schedule: the graph has a cycle".to_owned()
        }];
    };
    let ids = |v: &[usize]| {
        v.iter()
            .map(|&i| plan.steps[i].id.value.as_str())
            .collect::<Vec<_>>()
    };
    let z = &plan.zone;
    let mut out = vec![
        format!("schedule: {} → {}", when(s.start, z), when(s.finish, z)),
        format!(
            "critical path ({}): {}",
            friendly(s.critical_duration()),
            ids(&s.critical_path).join(" → ")
        ),
    ];
    if let Some(line) = deadline_line(view) {
        out.push(line);
    }
    if let Some((now, finish, base)) = forecast(view) {
        let slip = finish.duration_since(base);
        out.push(format!(
            "forecast from {}: finishes {} (baseline {}, {})",
            when(now, z),
            when(finish, z),
            when(base, z),
            if slip.is_positive() {
                format!("slip {}", friendly(slip))
            } else if slip.is_negative() {
                format!("{} ahead", friendly(-slip))
            } else {
                "on the baseline".to_owned()
            }
        ));
    }
    if !s.complete() {
        out.push(format!(
            "schedule incomplete: {} without a duration counted as 0: {}",
            crate::render::plural(s.no_duration.len(), "step"),
            ids(&s.no_duration).join(", ")
        ));
    }
    out
}

/// `--format text`.
///
/// # Errors
/// When the writer fails.
pub fn text(view: &View<'_>, w: &mut dyn Write) -> io::Result<()> {
    let plan = view.plan;
    writeln!(w, "{}", title(plan))?;
    writeln!(
        w,
        "{} steps in {} waves, target {}",
        view.steps.len(),
        view.waves.len(),
        plan.target()
    )?;
    for line in schedule_lines(view) {
        writeln!(w, "{line}")?;
    }
    let z = &plan.zone;
    for (wave, steps) in view.wave_runs() {
        writeln!(w, "\nwave {wave}")?;
        for i in steps {
            let s = &plan.steps[i];
            let mark = if view
                .schedule
                .as_ref()
                .is_some_and(|sc| sc.times[i].critical())
            {
                '*'
            } else {
                ' '
            };
            writeln!(
                w,
                "{mark} {:<28} {:<12} {:<20} {:<14} {:<12} {}",
                s.id.value,
                s.env.value,
                s.kind.value.as_str(),
                actor(plan, i),
                duration_text(view, i),
                s.status()
            )?;
            if let Some(t) = view.schedule.as_ref().map(|sc| sc.times[i]) {
                writeln!(
                    w,
                    "      {} → {}, slack {}{}",
                    when(t.start, z),
                    when(t.finish, z),
                    friendly(t.slack),
                    if t.critical() { ", critical" } else { "" }
                )?;
                if let Some(m) = view.schedule.as_ref().and_then(|sc| sc.moved[i].as_ref()) {
                    writeln!(w, "      moved from {}: {}", when(m.from, z), m.why)?;
                }
                if let Some(d) = t
                    .deadline_slack()
                    .filter(|d| d.is_negative() && !s.status().is_closed())
                {
                    writeln!(w, "      late by {} for its deadline", friendly(-d))?;
                }
            }
            writeln!(w, "      after: {}", deps_text(view, i))?;
        }
    }
    if view.schedule.is_some() {
        writeln!(w, "\n* critical: zero slack")?;
    }
    Ok(())
}

fn title(plan: &Plan) -> &str {
    plan.title
        .as_ref()
        .map_or(plan.name.value.as_str(), |t| t.value.as_str())
}

/// Escape user text for Markdown table cells and inline text: no HTML, no table
/// break, no emphasis, link or code.
#[must_use]
pub fn md(text: &str) -> String {
    crate::render::summary::cell(&text.replace('\\', "\\\\"))
        .replace('`', "\\`")
        .replace('*', "\\*")
        .replace('_', "\\_")
        .replace('[', "\\[")
        .replace(']', "\\]")
        .replace('~', "\\~")
        .replace('#', "\\#")
        .replace('!', "\\!")
}

/// Inline code for a value: a code span when that is safe, else escaped text.
#[must_use]
pub fn code(text: &str) -> String {
    if text.is_empty() || text.contains(['`', '|', '\n', '\r', '\\']) {
        md(text)
    } else {
        format!("`{text}`")
    }
}

/// The steps table shared by `plan --format markdown` and the runbook: one row per
/// step, wave by wave, with start, finish and a critical mark when scheduled.
///
/// # Errors
/// When the writer fails.
pub fn steps_table(view: &View<'_>, w: &mut dyn Write) -> io::Result<()> {
    let plan = view.plan;
    let sched = view.schedule.as_ref();
    if sched.is_some() {
        writeln!(
            w,
            "| wave | step | env | kind | actor | duration | start | finish | critical | status | after |"
        )?;
        writeln!(w, "|---|---|---|---|---|---|---|---|---|---|---|")?;
    } else {
        writeln!(
            w,
            "| wave | step | env | kind | actor | duration | status | after |"
        )?;
        writeln!(w, "|---|---|---|---|---|---|---|---|")?;
    }
    let z = &plan.zone;
    for (wave, steps) in view.wave_runs() {
        for i in steps {
            let s = &plan.steps[i];
            let times = sched.map_or(String::new(), |sc| {
                let t = sc.times[i];
                format!(
                    " {} | {} | {} |",
                    when(t.start, z),
                    when(t.finish, z),
                    if t.critical() { "**yes**" } else { "" }
                )
            });
            writeln!(
                w,
                "| {wave} | {} | {} | {} | {} | {} |{times} {} | {} |",
                code(&s.id.value),
                md(&s.env.value),
                s.kind.value.as_str(),
                actor(plan, i),
                duration_text(view, i),
                s.status(),
                md(&deps_text(view, i))
            )?;
        }
    }
    Ok(())
}

/// `--format markdown`.
///
/// # Errors
/// When the writer fails.
pub fn markdown(view: &View<'_>, w: &mut dyn Write) -> io::Result<()> {
    writeln!(w, "# {}\n", md(title(view.plan)))?;
    for line in schedule_lines(view) {
        writeln!(w, "- {}", md_line(&line))?;
    }
    writeln!(w)?;
    steps_table(view, w)
}

/// A tool-written line that may hold `backticked` ids: escaped except for the code
/// spans (ids cannot hold a backtick).
#[must_use]
pub fn md_line(line: &str) -> String {
    line.split('`')
        .enumerate()
        .map(|(k, part)| if k % 2 == 1 { code(part) } else { md(part) })
        .collect()
}
