//! `imsplan graph`: the dependency graph as a Mermaid flowchart or a Graphviz DOT
//! digraph, and the Mermaid Gantt chart of the schedule (the runbook embeds both
//! Mermaid charts).
//!
//! One subgraph (cluster) per environment; edges styled by reason (explicit: thick,
//! phase: plain, promotion: dashed); each node shows the step's id, title or kind, the
//! version it runs on, and status. Node ids are generated (`s0`, `s1` …), never user text, and every label is
//! escaped so quotes, brackets, `#`, `<`, `>` and newlines in titles cannot end it.

use std::fmt::Write as _;
use std::io::{self, Write};

use crate::graph::Reason;
use crate::model::Status;
use crate::view::View;

/// Escape text for a quoted Mermaid label: entity codes (`#quot;`, `#35;`) for every
/// character that Mermaid or HTML could read as syntax; line breaks become spaces.
#[must_use]
pub fn mermaid_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' | '&' | '<' | '>' | '|' | '[' | ']' | '{' | '}' | '(' | ')' | '`' | ';' | '\\'
            | '*' | '_' | '~' | '%' => {
                let _ = write!(out, "#{};", u32::from(c));
            }
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Escape text for a DOT quoted string; line breaks become spaces.
#[must_use]
pub fn dot_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// The two label lines of a step: its id, then its title (or kind) and status.
fn label_lines(view: &View<'_>, i: usize) -> (String, String) {
    let s = &view.plan.steps[i];
    let what = s
        .title
        .as_ref()
        .map_or(s.kind.value.as_str(), |t| t.value.as_str());
    let mut second = format!("{what} · {} · {}", view.runs_on[i], s.status());
    if view
        .schedule
        .as_ref()
        .is_some_and(|sc| sc.times[i].critical())
    {
        second.push_str(" · critical");
    }
    (s.id.value.clone(), second)
}

fn critical(view: &View<'_>, i: usize) -> bool {
    view.schedule
        .as_ref()
        .is_some_and(|sc| sc.times[i].critical())
}

/// `prod · production · managed · 7.4.1`; each piece once: an environment whose id is
/// its role (`stage`) reads `stage · managed · 7.3.2`.
fn env_title(view: &View<'_>, e: usize) -> String {
    let env = &view.plan.environments[e];
    let mut pieces: Vec<&str> = Vec::with_capacity(4);
    for piece in [
        env.id.value.as_str(),
        env.role.value.as_str(),
        env.hosting.value.as_str(),
        env.version.value.as_str(),
    ] {
        if !pieces.contains(&piece) {
            pieces.push(piece);
        }
    }
    pieces.join(" · ")
}

/// Edges between selected steps: (from, to, reason).
fn edges(view: &View<'_>) -> Vec<(usize, usize, Reason)> {
    let mut chosen = vec![false; view.plan.steps.len()];
    for &i in &view.steps {
        chosen[i] = true;
    }
    let selected = |i: usize| chosen[i];
    let mut out = Vec::new();
    for &b in &view.steps {
        for d in &view.graph.deps[b] {
            if selected(d.step) {
                out.push((d.step, b, d.reason));
            }
        }
    }
    out
}

/// The Mermaid flowchart (no code fence).
///
/// # Errors
/// When the writer fails.
pub fn mermaid(view: &View<'_>, w: &mut dyn Write) -> io::Result<()> {
    writeln!(w, "flowchart LR")?;
    writeln!(
        w,
        "  %% edges: ==> explicit (after), --> phase order, -.-> promotion between environments"
    )?;
    for (e, steps) in view.by_env() {
        writeln!(
            w,
            "  subgraph env{e}[\"{}\"]",
            mermaid_text(&env_title(view, e))
        )?;
        for i in steps {
            let (id, second) = label_lines(view, i);
            writeln!(
                w,
                "    s{i}[\"{}<br/>{}\"]",
                mermaid_text(&id),
                mermaid_text(&second)
            )?;
        }
        writeln!(w, "  end")?;
    }
    for (a, b, reason) in edges(view) {
        let arrow = match reason {
            Reason::Explicit(_) => "==>",
            Reason::Phase => "-->",
            Reason::Promotion => "-.->",
        };
        writeln!(w, "  s{a} {arrow} s{b}")?;
    }
    writeln!(w, "  classDef done fill:#d3f9d8,stroke:#2b8a3e")?;
    writeln!(w, "  classDef critical stroke:#c92a2a,stroke-width:3px")?;
    writeln!(w, "  classDef inprogress fill:#fff3bf,stroke:#e67700")?;
    writeln!(
        w,
        "  classDef skipped fill:#f1f3f5,stroke:#868e96,stroke-dasharray:4 3"
    )?;
    for (class, status) in [
        ("done", Status::Done),
        ("inprogress", Status::InProgress),
        ("skipped", Status::Skipped),
    ] {
        let ids: Vec<String> = view
            .steps
            .iter()
            .filter(|&&i| view.plan.steps[i].status() == status)
            .map(|i| format!("s{i}"))
            .collect();
        if !ids.is_empty() {
            writeln!(w, "  class {} {class}", ids.join(","))?;
        }
    }
    let critical: Vec<String> = view
        .steps
        .iter()
        .filter(|&&i| critical(view, i))
        .map(|i| format!("s{i}"))
        .collect();
    if !critical.is_empty() {
        writeln!(w, "  class {} critical", critical.join(","))?;
    }
    Ok(())
}

/// The Graphviz DOT digraph.
///
/// # Errors
/// When the writer fails.
pub fn dot(view: &View<'_>, w: &mut dyn Write) -> io::Result<()> {
    writeln!(w, "digraph \"{}\" {{", dot_text(&view.plan.name.value))?;
    writeln!(w, "  rankdir=LR;")?;
    writeln!(
        w,
        "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", fontname=\"Helvetica\"];"
    )?;
    writeln!(w, "  edge [fontname=\"Helvetica\", fontsize=10];")?;
    for (e, steps) in view.by_env() {
        writeln!(w, "  subgraph cluster_{e} {{")?;
        writeln!(w, "    label=\"{}\";", dot_text(&env_title(view, e)))?;
        for i in steps {
            let (id, second) = label_lines(view, i);
            let fill = match view.plan.steps[i].status() {
                Status::Done => "#d3f9d8",
                Status::InProgress => "#fff3bf",
                Status::Skipped => "#f1f3f5",
                Status::Todo => "#ffffff",
            };
            let pen = if critical(view, i) {
                ", color=\"#c92a2a\", penwidth=2"
            } else {
                ""
            };
            writeln!(
                w,
                "    s{i} [label=\"{}\\n{}\", fillcolor=\"{fill}\"{pen}];",
                dot_text(&id),
                dot_text(&second)
            )?;
        }
        writeln!(w, "  }}")?;
    }
    for (a, b, reason) in edges(view) {
        let style = match reason {
            Reason::Explicit(_) => "bold",
            Reason::Phase => "solid",
            Reason::Promotion => "dashed",
        };
        writeln!(
            w,
            "  s{a} -> s{b} [style={style}, tooltip=\"{}\"];",
            reason.as_str()
        )?;
    }
    writeln!(w, "}}")
}

/// The plan calendar's marks: weekends shaded when they are not working days, and a
/// section with every holiday and freeze.
fn calendar_section(view: &View<'_>, w: &mut dyn Write) -> io::Result<()> {
    use crate::model::Weekday;
    let Some(cal) = &view.plan.calendar else {
        return Ok(());
    };
    if let Some(days) = &cal.working_days
        && !days
            .iter()
            .any(|d| matches!(d.value, Weekday::Sat | Weekday::Sun))
    {
        writeln!(w, "  excludes weekends")?;
    }
    let day = |d: jiff::civil::Date| d.strftime("%Y-%m-%d 00:00").to_string();
    let mut marks = Vec::new();
    for h in cal.holidays.iter().flatten() {
        if let Ok(next) = h.value.tomorrow() {
            marks.push(("holiday", day(h.value), day(next)));
        }
    }
    for f in cal.freezes.iter().flatten() {
        if let Ok(next) = f.to.value.tomorrow() {
            marks.push(("freeze", day(f.from.value), day(next)));
        }
    }
    if marks.is_empty() {
        return Ok(());
    }
    writeln!(w, "  section calendar")?;
    for (k, (label, from, to)) in marks.iter().enumerate() {
        writeln!(w, "  {label} :done, c{k}, {from}, {to}")?;
    }
    Ok(())
}

/// The Mermaid Gantt chart of the schedule (no code fence); nothing without one.
/// Times are local to the plan's `timezone` (UTC by default); task names are step ids
/// (which cannot hold `:` or `#`). With a calendar, non-working weekend days are
/// shaded (`excludes`) and holidays and freezes get a section of their own.
///
/// # Errors
/// When the writer fails.
pub fn gantt(view: &View<'_>, w: &mut dyn Write) -> io::Result<()> {
    let Some(sched) = &view.schedule else {
        return Ok(());
    };
    let zone = &view.plan.zone;
    let at = |t: jiff::Timestamp| {
        t.to_zoned(zone.clone())
            .strftime("%Y-%m-%d %H:%M")
            .to_string()
    };
    writeln!(w, "gantt")?;
    writeln!(w, "  dateFormat YYYY-MM-DD HH:mm")?;
    writeln!(w, "  axisFormat %d %b %H:%M")?;
    calendar_section(view, w)?;
    for (e, steps) in view.by_env() {
        writeln!(w, "  section {}", view.plan.environments[e].id.value)?;
        for i in steps {
            let s = &view.plan.steps[i];
            let t = sched.times[i];
            let mut tags = Vec::new();
            if t.critical() {
                tags.push("crit");
            }
            match s.status() {
                Status::Done | Status::Skipped => tags.push("done"),
                Status::InProgress => tags.push("active"),
                Status::Todo => {}
            }
            if t.start == t.finish {
                tags.push("milestone");
            }
            let tags: String = tags.iter().fold(String::new(), |mut acc, t| {
                acc.push_str(t);
                acc.push_str(", ");
                acc
            });
            writeln!(
                w,
                "  {} :{tags}s{i}, {}, {}",
                s.id.value,
                at(t.start),
                at(t.finish)
            )?;
        }
    }
    Ok(())
}
