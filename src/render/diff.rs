//! `imsplan diff`: the semantic change between two plan versions as text, Markdown
//! (for a pull-request comment) or JSON.

use std::io::{self, Write};

use serde::Serialize;

use crate::render::markdown::{md, no_ping};
use crate::track::diff::{FieldChange, PlanDiff, StepChange};

fn val(v: Option<&String>) -> String {
    v.map_or_else(|| "(none)".to_owned(), Clone::clone)
}

fn field(f: &FieldChange, code: bool) -> String {
    let (a, b) = (val(f.old.as_ref()), val(f.new.as_ref()));
    if code {
        format!("{}: {} → {}", f.field, no_ping(&md(&a)), no_ping(&md(&b)))
    } else {
        format!("{}: {a} → {b}", f.field)
    }
}

/// What changed on one step, as short phrases.
fn step_phrases(c: &StepChange, markdown: bool) -> Vec<String> {
    let id = |s: &str| {
        if markdown {
            format!("`{s}`")
        } else {
            s.to_owned()
        }
    };
    let mut out = Vec::new();
    if let Some(old) = &c.renamed_from {
        out.push(format!("renamed from {}", id(old)));
    }
    if let Some(w) = c.wave {
        out.push(format!("moved from wave {} to wave {}", w.old, w.new));
    }
    if !c.deps_added.is_empty() {
        let l: Vec<String> = c.deps_added.iter().map(|s| id(s)).collect();
        out.push(format!("now after {}", l.join(", ")));
    }
    if !c.deps_removed.is_empty() {
        let l: Vec<String> = c.deps_removed.iter().map(|s| id(s)).collect();
        out.push(format!("no longer after {}", l.join(", ")));
    }
    out.extend(c.fields.iter().map(|f| field(f, markdown)));
    out
}

/// `--format text`.
///
/// # Errors
/// When the writer fails.
pub fn text(d: &PlanDiff, old: &str, new: &str, w: &mut dyn Write) -> io::Result<()> {
    writeln!(w, "--- {old}\n+++ {new}")?;
    if d.is_empty() {
        return writeln!(w, "no semantic change");
    }
    for f in &d.plan {
        writeln!(w, "~ plan {}", field(f, false))?;
    }
    for e in &d.envs_added {
        writeln!(w, "+ environment {e}")?;
    }
    for e in &d.envs_removed {
        writeln!(w, "- environment {e}")?;
    }
    for e in &d.envs_changed {
        for f in &e.fields {
            writeln!(w, "~ environment {} {}", e.id, field(f, false))?;
        }
    }
    for s in &d.steps_added {
        writeln!(w, "+ step {} ({} {}, wave {})", s.id, s.env, s.kind, s.wave)?;
    }
    for s in &d.steps_removed {
        writeln!(w, "- step {} ({} {}, wave {})", s.id, s.env, s.kind, s.wave)?;
    }
    for c in &d.steps_changed {
        for p in step_phrases(c, false) {
            writeln!(w, "~ step {} {p}", c.id)?;
        }
    }
    if !d.risks.is_empty() {
        writeln!(w, "\nrisks:")?;
        for r in &d.risks {
            writeln!(w, "  ! {}", r.replace('`', ""))?;
        }
    }
    Ok(())
}

/// `--format markdown`: a pull-request comment.
///
/// # Errors
/// When the writer fails.
pub fn markdown(d: &PlanDiff, old: &str, new: &str, w: &mut dyn Write) -> io::Result<()> {
    writeln!(w, "### Plan changes: {} → {}\n", md(old), md(new))?;
    if d.is_empty() {
        return writeln!(w, "No semantic change.");
    }
    writeln!(
        w,
        "{} added, {} removed, {} changed step(s); {} added, {} removed, {} changed environment(s).\n",
        d.steps_added.len(),
        d.steps_removed.len(),
        d.steps_changed.len(),
        d.envs_added.len(),
        d.envs_removed.len(),
        d.envs_changed.len()
    )?;
    if !d.risks.is_empty() {
        writeln!(w, "> [!WARNING]\n> **Review with care**")?;
        for r in &d.risks {
            writeln!(w, "> - {}", md_risk(r))?;
        }
        writeln!(w)?;
    }
    if !d.plan.is_empty() {
        writeln!(w, "**Plan**\n")?;
        for f in &d.plan {
            writeln!(w, "- {}", field(f, true))?;
        }
        writeln!(w)?;
    }
    if !(d.envs_added.is_empty() && d.envs_removed.is_empty() && d.envs_changed.is_empty()) {
        writeln!(w, "**Environments**\n")?;
        for e in &d.envs_added {
            writeln!(w, "- ➕ `{e}` added")?;
        }
        for e in &d.envs_removed {
            writeln!(w, "- ➖ `{e}` removed")?;
        }
        for e in &d.envs_changed {
            let f: Vec<String> = e.fields.iter().map(|f| field(f, true)).collect();
            writeln!(w, "- ✏️ `{}`: {}", e.id, f.join("; "))?;
        }
        writeln!(w)?;
    }
    let steps = d.steps_added.len() + d.steps_removed.len() + d.steps_changed.len();
    if steps > 0 {
        writeln!(w, "| | step | env | kind | change |\n|---|---|---|---|---|")?;
        for s in &d.steps_added {
            writeln!(
                w,
                "| ➕ | `{}` | {} | {} | added in wave {} |",
                s.id,
                md(&s.env),
                s.kind,
                s.wave
            )?;
        }
        for s in &d.steps_removed {
            writeln!(
                w,
                "| ➖ | `{}` | {} | {} | removed (was wave {}) |",
                s.id,
                md(&s.env),
                s.kind,
                s.wave
            )?;
        }
        for c in &d.steps_changed {
            writeln!(
                w,
                "| ✏️ | `{}` | {} | {} | {} |",
                c.id,
                md(&c.env),
                c.kind,
                step_phrases(c, true).join("; ")
            )?;
        }
    }
    Ok(())
}

/// A risk note for Markdown: ids are plan ids (safe in backticks); the rest is ours.
fn md_risk(r: &str) -> String {
    r.replace(['<', '>'], "")
}

#[derive(Serialize)]
struct DiffOut<'a> {
    old: &'a str,
    new: &'a str,
    changed: bool,
    #[serde(flatten)]
    diff: &'a PlanDiff,
}

/// `--format json`.
///
/// # Errors
/// When the writer fails.
pub fn json(d: &PlanDiff, old: &str, new: &str, w: &mut dyn Write) -> io::Result<()> {
    let doc = DiffOut {
        old,
        new,
        changed: !d.is_empty(),
        diff: d,
    };
    serde_json::to_writer_pretty(&mut *w, &doc)?;
    writeln!(w)
}
