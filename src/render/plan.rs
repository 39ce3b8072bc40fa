//! `imsplan plan`: the ordered execution plan as text, JSON or Markdown.

use std::io::{self, Write};

use serde::Serialize;

use super::markdown::{md, md_line, steps_table};
use crate::duration::{ahead, friendly, iso, signed_iso, stamp, when};
use crate::model::Plan;
use crate::view::{View, actor};
use unicode_width::UnicodeWidthStr;

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
    /// The effective version (SPEC §11.1); for an upgrade, `from → to`.
    runs_on: &'a str,
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
            // With `--env`: the span of the selected environments.
            start: stamp(view.span().map_or(s.start, |(a, _)| a), z),
            finish: stamp(view.span().map_or(s.finish, |(_, b)| b), z),
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
        critical_path: sched.map(|s| {
            let path = view.critical_path();
            let duration = match view.span() {
                Some((start, finish)) if !path.is_empty() && !view.envs.is_empty() => {
                    finish.duration_since(start).max(jiff::SignedDuration::ZERO)
                }
                _ => s.critical_duration(),
            };
            CriticalOut {
                steps: path.iter().map(|&i| id(i)).collect(),
                duration: iso(duration),
            }
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
                    runs_on: &view.runs_on[i],
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

/// The forecast of a view: (now, forecast finish, baseline finish).
fn forecast(view: &View<'_>) -> Option<(jiff::Timestamp, jiff::Timestamp, jiff::Timestamp)> {
    let s = view.schedule.as_ref()?;
    let b = view.baseline.as_ref()?;
    Some((s.now?, s.finish, b.finish))
}

/// The deadline line of a plan with a `deadline`: "finishes …, N days before the
/// deadline (…)" or "finishes …, late by … (deadline …)".
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
    // With `--env`, the span and the path are those of the selected environments.
    let (start, finish) = view.span().unwrap_or((s.start, s.finish));
    let scope = view.scope();
    let path = view.critical_path();
    let length = if path.is_empty() {
        jiff::SignedDuration::ZERO
    } else {
        finish.duration_since(start).max(jiff::SignedDuration::ZERO)
    };
    let mut out = vec![
        format!("schedule{scope}: {} → {}", when(start, z), when(finish, z)),
        format!(
            "critical path{scope} ({}): {}",
            friendly(length),
            ids(&path).join(" → ")
        ),
    ];
    // The deadline and the forecast are the whole plan's, also under `--env`.
    let whole = if scope.is_empty() {
        ""
    } else {
        "the whole plan "
    };
    if let Some(line) = deadline_line(view) {
        out.push(format!("{whole}{line}"));
    }
    if let Some((now, finish, base)) = forecast(view) {
        let slip = finish.duration_since(base);
        out.push(format!(
            "{whole}forecast from {}: finishes {} (baseline {}, {})",
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
    let rows: Vec<[String; 7]> = (0..plan.steps.len())
        .map(|i| {
            let s = &plan.steps[i];
            [
                s.id.value.clone(),
                s.env.value.clone(),
                s.kind.value.as_str().to_owned(),
                view.runs_on[i].clone(),
                actor(plan, i).to_owned(),
                view.duration_text(i),
                s.status().as_str().to_owned(),
            ]
        })
        .collect();
    // Columns as wide as their widest cell among the selected steps (display width:
    // `é` and `日` count as what a terminal shows).
    let mut widths = [0usize; 7];
    for &i in &view.steps {
        for (w, cell) in widths.iter_mut().zip(&rows[i]) {
            *w = (*w).max(UnicodeWidthStr::width(cell.as_str()));
        }
    }
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
            let mut line = format!("{mark}");
            for (cell, width) in rows[i].iter().zip(widths) {
                line.push(' ');
                line.push_str(cell);
                let pad = width.saturating_sub(UnicodeWidthStr::width(cell.as_str()));
                line.extend(std::iter::repeat_n(' ', pad));
            }
            writeln!(w, "{}", line.trim_end())?;
            if let Some(t) = &s.title {
                writeln!(w, "      {}", t.value)?;
            }
            if let Some(o) = &s.owner {
                writeln!(w, "      owner: {}", o.value)?;
            }
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
            writeln!(w, "      after: {}", view.deps_text(i))?;
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
