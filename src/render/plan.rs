//! `imsplan plan`: the ordered execution plan as text, JSON or Markdown.

use std::io::{self, Write};

use serde::Serialize;

use crate::graph::Graph;
use crate::model::Plan;

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
        }
    }

    fn wave(&self, i: usize) -> usize {
        self.graph.waves.as_ref().map_or(0, |w| w[i])
    }
}

/// Who acts on a step (DOMAIN.md §4).
#[must_use]
pub fn actor(plan: &Plan, step: usize) -> &'static str {
    use crate::model::{Hosting, Kind};
    let s = &plan.steps[step];
    let Some((_, env)) = plan.env(&s.env.value) else {
        return "customer";
    };
    match (s.kind.value, env.hosting.value) {
        (Kind::MoveToV8, _) => "adobe+customer",
        (Kind::Upgrade, Hosting::Managed | Hosting::Hosted | Hosting::Hybrid)
        | (Kind::EnableRestrictions, Hosting::Managed | Hosting::Hosted) => "adobe",
        (Kind::MigrateUsers, Hosting::Managed | Hosting::Hosted) => "adobe+customer",
        _ => "customer",
    }
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
    steps: Vec<StepOut<'a>>,
    waves: Vec<Vec<&'a str>>,
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
    after: Vec<DepOut<'a>>,
}

#[derive(Serialize)]
struct DepOut<'a> {
    id: &'a str,
    reason: &'static str,
}

/// `--format json`.
///
/// # Errors
/// When the writer fails.
pub fn json(view: &View<'_>, w: &mut dyn Write) -> io::Result<()> {
    let plan = view.plan;
    let doc = PlanOut {
        name: &plan.name.value,
        title: plan.title.as_ref().map(|t| t.value.as_str()),
        target: plan.target().as_str(),
        ordering: plan.ordering().as_str(),
        steps: view
            .steps
            .iter()
            .map(|&i| {
                let s = &plan.steps[i];
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
                    after: view.graph.deps[i]
                        .iter()
                        .map(|d| DepOut {
                            id: &plan.steps[d.step].id.value,
                            reason: d.reason.as_str(),
                        })
                        .collect(),
                }
            })
            .collect(),
        waves: view
            .waves
            .iter()
            .map(|(_, s)| s.iter().map(|&i| plan.steps[i].id.value.as_str()).collect())
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
        out.push_str(&format!("{h}H"));
    }
    if m > 0 {
        out.push_str(&format!("{m}M"));
    }
    if s > 0 || (h == 0 && m == 0) {
        out.push_str(&format!("{s}S"));
    }
    out
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

/// `--format text`.
///
/// # Errors
/// When the writer fails.
pub fn text(view: &View<'_>, w: &mut dyn Write) -> io::Result<()> {
    let plan = view.plan;
    let title = plan
        .title
        .as_ref()
        .map_or(plan.name.value.as_str(), |t| t.value.as_str());
    writeln!(w, "{title}")?;
    writeln!(
        w,
        "{} steps in {} waves, target {}",
        view.steps.len(),
        view.waves.len(),
        plan.target()
    )?;
    for (wave, steps) in &view.waves {
        writeln!(w, "\nwave {wave}")?;
        for &i in steps {
            let s = &plan.steps[i];
            let dur = s
                .duration
                .as_ref()
                .map_or("no duration".to_owned(), |d| friendly(d.value));
            writeln!(
                w,
                "  {:<28} {:<12} {:<20} {:<14} {:<12} {}",
                s.id.value,
                s.env.value,
                s.kind.value.as_str(),
                actor(plan, i),
                dur,
                s.status()
            )?;
            writeln!(w, "      after: {}", deps_text(view, i))?;
        }
    }
    Ok(())
}

/// Escape user text for Markdown table cells and inline text.
#[must_use]
pub fn md(text: &str) -> String {
    crate::render::summary::cell(text)
        .replace('`', "\\`")
        .replace('*', "\\*")
        .replace('_', "\\_")
        .replace('[', "\\[")
        .replace(']', "\\]")
}

/// `--format markdown`.
///
/// # Errors
/// When the writer fails.
pub fn markdown(view: &View<'_>, w: &mut dyn Write) -> io::Result<()> {
    let plan = view.plan;
    let title = plan
        .title
        .as_ref()
        .map_or(plan.name.value.as_str(), |t| t.value.as_str());
    writeln!(w, "# {}\n", md(title))?;
    writeln!(
        w,
        "| wave | step | env | kind | actor | duration | status | after |"
    )?;
    writeln!(w, "|---|---|---|---|---|---|---|---|")?;
    for (wave, steps) in &view.waves {
        for &i in steps {
            let s = &plan.steps[i];
            let dur = s
                .duration
                .as_ref()
                .map_or("no duration".to_owned(), |d| friendly(d.value));
            writeln!(
                w,
                "| {wave} | `{}` | {} | {} | {} | {} | {} | {} |",
                s.id.value,
                md(&s.env.value),
                s.kind.value.as_str(),
                actor(plan, i),
                dur,
                s.status(),
                md(&deps_text(view, i))
            )?;
        }
    }
    Ok(())
}
