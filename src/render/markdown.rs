//! Markdown helpers shared by `plan --format markdown`, `diff`, the runbook and the
//! job summary: escaping user text, code spans, and the steps table.

use std::io::{self, Write};

use crate::duration::when;
use crate::view::{View, actor};

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

/// Markdown that mentions no one: an `@` that starts a word (`@team`, `@org/team`) gets
/// a word joiner (U+2060) after it, so GitHub does not notify anyone; email addresses
/// (`ops@acme.com`) are left alone.
#[must_use]
pub fn no_ping(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut prev: Option<char> = None;
    for c in text.chars() {
        out.push(c);
        if c == '@' && !prev.is_some_and(char::is_alphanumeric) {
            out.push('\u{2060}');
        }
        prev = Some(c);
    }
    out
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
/// step, by scheduled start (with its wave), with start, finish and a critical mark
/// when scheduled.
///
/// # Errors
/// When the writer fails.
pub fn steps_table(view: &View<'_>, w: &mut dyn Write) -> io::Result<()> {
    let plan = view.plan;
    let sched = view.schedule.as_ref();
    if sched.is_some() {
        writeln!(
            w,
            "| wave | step | env | kind | runs on | actor | owner | duration | start | finish | critical | status | after |"
        )?;
        writeln!(w, "|---|---|---|---|---|---|---|---|---|---|---|---|---|")?;
    } else {
        writeln!(
            w,
            "| wave | step | env | kind | runs on | actor | owner | duration | status | after |"
        )?;
        writeln!(w, "|---|---|---|---|---|---|---|---|---|---|")?;
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
            // The step: its id, and its title when it has one.
            let step = match &s.title {
                Some(t) => format!("{}: {}", code(&s.id.value), no_ping(&md(&t.value))),
                None => code(&s.id.value),
            };
            writeln!(
                w,
                "| {wave} | {step} | {} | {} | {} | {} | {} | {} |{times} {} | {} |",
                md(&s.env.value),
                s.kind.value.as_str(),
                md(&view.runs_on[i]),
                actor(plan, i),
                s.owner
                    .as_ref()
                    .map_or(String::new(), |o| no_ping(&md(&o.value))),
                view.duration_text(i),
                s.status(),
                md(&view.deps_text(i))
            )?;
        }
    }
    Ok(())
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
