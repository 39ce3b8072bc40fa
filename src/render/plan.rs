//! `imsplan plan`: the ordered execution plan as text, JSON or Markdown.

use std::fmt::Write as _;
use std::io::{self, Write};

use serde::Serialize;

use crate::graph::Graph;
use crate::model::Plan;
use crate::schedule::Schedule;

/// What the plan outputs show: the plan, its graph, and the steps selected by `--env`.
pub struct View<'a> {
    /// The plan.
    pub plan: &'a Plan,
    /// Its graph.
    pub graph: &'a Graph,
    /// Selected steps, in output order (wave, environment, file order).
    pub steps: Vec<usize>,
    /// Waves of the selected steps (empty waves dropped).
    pub waves: Vec<(usize, Vec<usize>)>,
    /// The schedule of the whole plan (when it has a `start`).
    pub schedule: Option<Schedule>,
    /// Per step, the Campaign version it runs on (`rules::versions::runs_on`).
    pub runs_on: Vec<String>,
}

impl<'a> View<'a> {
    /// The view of a plan, limited to some environments when `envs` is not empty.
    #[must_use]
    pub fn new(plan: &'a Plan, graph: &'a Graph, envs: &[String]) -> Self {
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
        let steps = waves.iter().flat_map(|(_, s)| s.iter().copied()).collect();
        View {
            plan,
            graph,
            steps,
            waves,
            schedule: Schedule::compute(plan, graph),
            runs_on: crate::rules::versions::runs_on(plan, graph),
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

    fn wave(&self, i: usize) -> usize {
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
    /// The effective version (SPEC §11.1); for an upgrade, `from → to`.
    runs_on: &'a str,
    owner: Option<&'a str>,
    duration: Option<String>,
    start: Option<String>,
    finish: Option<String>,
    slack: Option<String>,
    critical: Option<bool>,
    after: Vec<DepOut<'a>>,
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
    let doc = PlanOut {
        name: &plan.name.value,
        title: plan.title.as_ref().map(|t| t.value.as_str()),
        target: plan.target().as_str(),
        ordering: plan.ordering().as_str(),
        schedule: sched.map(|s| ScheduleOut {
            start: s.start.to_string(),
            finish: s.finish.to_string(),
            complete: s.complete(),
            no_duration: s.no_duration.iter().map(|&i| id(i)).collect(),
        }),
        critical_path: sched.map(|s| CriticalOut {
            steps: s.critical_path.iter().map(|&i| id(i)).collect(),
            duration: iso(s.critical_duration()),
        }),
        steps: view
            .steps
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
                    runs_on: &view.runs_on[i],
                    owner: s.owner.as_ref().map(|o| o.value.as_str()),
                    duration: s.duration.as_ref().map(|d| iso(d.value)),
                    start: t.map(|t| t.start.to_string()),
                    finish: t.map(|t| t.finish.to_string()),
                    slack: t.map(|t| iso(t.slack)),
                    critical: t.map(|t| t.critical()),
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

/// A time for people: `Mon 2026-12-07 20:00 UTC`.
#[must_use]
pub fn when(t: jiff::Timestamp) -> String {
    t.strftime("%a %Y-%m-%d %H:%M UTC").to_string()
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
    let mut out = vec![
        format!("schedule: {} → {}", when(s.start), when(s.finish)),
        format!(
            "critical path ({}): {}",
            friendly(s.critical_duration()),
            ids(&s.critical_path).join(" → ")
        ),
    ];
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
    for (wave, steps) in &view.waves {
        writeln!(w, "\nwave {wave}")?;
        for &i in steps {
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
                "{mark} {:<28} {:<12} {:<20} {:<16} {:<14} {:<12} {}",
                s.id.value,
                s.env.value,
                s.kind.value.as_str(),
                view.runs_on[i],
                actor(plan, i),
                duration_text(view, i),
                s.status()
            )?;
            if let Some(t) = view.schedule.as_ref().map(|sc| sc.times[i]) {
                writeln!(
                    w,
                    "      {} → {}, slack {}{}",
                    when(t.start),
                    when(t.finish),
                    friendly(t.slack),
                    if t.critical() { ", critical" } else { "" }
                )?;
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
            "| wave | step | env | kind | runs on | actor | duration | start | finish | critical | status | after |"
        )?;
        writeln!(w, "|---|---|---|---|---|---|---|---|---|---|---|---|")?;
    } else {
        writeln!(
            w,
            "| wave | step | env | kind | runs on | actor | duration | status | after |"
        )?;
        writeln!(w, "|---|---|---|---|---|---|---|---|---|")?;
    }
    for (wave, steps) in &view.waves {
        for &i in steps {
            let s = &plan.steps[i];
            let times = sched.map_or(String::new(), |sc| {
                let t = sc.times[i];
                format!(
                    " {} | {} | {} |",
                    when(t.start),
                    when(t.finish),
                    if t.critical() { "**yes**" } else { "" }
                )
            });
            writeln!(
                w,
                "| {wave} | {} | {} | {} | {} | {} | {} |{times} {} | {} |",
                code(&s.id.value),
                md(&s.env.value),
                s.kind.value.as_str(),
                md(&view.runs_on[i]),
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
