//! `imsplan mark`: set a step's status, evidence or notes in place, refusing an edit
//! that breaks a rule. The read-edit-write runs under the plan's advisory lock.

use std::io;

use super::Ctx;
use super::input::{load_one, print_errors};
use crate::check::{self, Checked};
use crate::cli::MarkArgs;
use crate::code::Code;
use crate::diagnostic::{Finding, Severity};
use crate::exit;
use crate::fsutil::Lock;
use crate::model::{Plan, Status};
use crate::render;
use crate::span::Sp;
use crate::track::diff::Side;
use crate::track::mark::{Change, MarkError, appended_note, edit};

/// `imsplan mark`.
pub(super) fn run(args: &MarkArgs, cx: &mut Ctx<'_>) -> io::Result<u8> {
    let file = &args.file;
    if let Some(code) = nothing_to_do(args, cx) {
        return Ok(code);
    }
    if let Err(code) = load_one(file, cx) {
        return Ok(code);
    }
    let shown = check::display_path(file);
    // Read, edit and write under the file's lock: concurrent marks queue here, and
    // each one edits the text the previous one wrote.
    let mut lock = match Lock::acquire(file) {
        Ok(lock) => lock,
        Err(e) => return Ok(cannot_write(&e, &shown, cx)),
    };
    let Ok(bytes) = lock.read(cx.limits.max_file_bytes) else {
        return Ok(cx.usage(&format!("cannot read `{shown}` again")));
    };
    let Ok(text) = String::from_utf8(bytes) else {
        return Ok(cx.usage(&format!("`{shown}` changed on disk while it was read")));
    };
    let dir = file.parent();
    let original = check::check_text(&shown, &text, dir, &cx.limits);
    let Some(plan) = original.plan.as_ref().filter(|_| !original.has_errors()) else {
        return Ok(print_errors(original, |_| true, cx));
    };
    let status = args.status.as_deref().and_then(Status::parse);
    let at = match &args.at {
        Some(t) => match super::input::time_arg(t, &plan.zone) {
            Ok(t) => t,
            Err(message) => return Ok(cx.usage(&format!("`--at`: {message}"))),
        },
        None => super::input::now(),
    };
    if args.at.is_some() && !matches!(status, Some(Status::InProgress | Status::Done)) {
        return Ok(cx.usage(
            "`--at` goes with `--status in-progress` (writes `started`) or `--status done` (writes `finished`)",
        ));
    }
    if let Some(code) = window_closed(args, status, (plan, original.graph.as_ref()), at, cx) {
        return Ok(code);
    }
    let stamp = crate::duration::stamp(at, &plan.zone);
    let (note, notes_done) = notes(plan, args);
    let change = Change {
        status,
        evidence: args.evidence.clone(),
        note,
        started: (status == Some(Status::InProgress)).then(|| stamp.clone()),
        finished: (status == Some(Status::Done)).then(|| stamp.clone()),
    };
    let new_text = match edit(&text, plan, &args.step, &change) {
        Ok(t) => t,
        Err(e) => return Ok(refuse(&e, &shown, cx)),
    };
    if new_text == text {
        writeln!(
            cx.out,
            "step `{}` already reads so; `{shown}` is unchanged",
            args.step
        )?;
        return Ok(exit::OK);
    }
    let edited = check::check_text(&shown, &new_text, dir, &cx.limits);
    let edited = match refuse_new_errors(&original, edited, &args.step, &shown, cx) {
        Ok(edited) => edited,
        Err(code) => return Ok(code),
    };
    if !applied(&edited, &args.step, &change) || !only_asked(&original, &edited, &args.step) {
        let _ = render::error_line(
            cx.err,
            &format!(
                "internal error: the edit of step `{}` did not read back as asked (or changed something else); `{shown}` is unchanged",
                args.step
            ),
            cx.style,
        );
        return Ok(exit::INTERNAL);
    }
    write(
        &lock, &shown, &new_text, &args.step, &change, notes_done, cx,
    )
}

/// The edited plan, unless the edit brings an error-level finding the original did
/// not have: then the new findings are printed and the edit refused (exit 1).
fn refuse_new_errors(
    original: &Checked,
    edited: Checked,
    step: &str,
    shown: &str,
    cx: &mut Ctx<'_>,
) -> Result<Checked, u8> {
    let before: Vec<(Code, &str)> = original
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| (f.code, f.message.as_str()))
        .collect();
    let is_new = |f: &Finding| !before.contains(&(f.code, f.message.as_str()));
    if edited
        .findings
        .iter()
        .any(|f| f.severity == Severity::Error && is_new(f))
    {
        let owned: Vec<(Code, String)> =
            before.iter().map(|(c, m)| (*c, (*m).to_owned())).collect();
        let code = print_errors(
            edited,
            move |f| !owned.contains(&(f.code, f.message.clone())),
            cx,
        );
        let _ = render::error_line(
            cx.err,
            &format!(
                "refused: this change to step `{step}` breaks the rule(s) above; `{shown}` is unchanged"
            ),
            cx.style,
        );
        return Err(code);
    }
    Ok(edited)
}

/// A command line that asks for no change: exit 2, naming every flag that makes one.
fn nothing_to_do(args: &MarkArgs, cx: &mut Ctx<'_>) -> Option<u8> {
    if args.status.is_some()
        || args.evidence.is_some()
        || args.note.is_some()
        || args.append_note.is_some()
    {
        return None;
    }
    let code =
        cx.usage("nothing to do: give `--status`, `--evidence`, `--note` or `--append-note`");
    let example = format!(
        "imsplan mark {} {} --status done",
        crate::shell::quote(&check::display_path(&args.file)),
        crate::shell::quote(&args.step)
    );
    let _ = writeln!(
        cx.err,
        "  help: for example `{}`",
        crate::terminal::escape(&example)
    );
    Some(code)
}

/// The step's new notes (`--note` replaces them, `--append-note` adds a paragraph)
/// and what the message says about them: a replacement of notes that said something
/// else is named as such.
fn notes(plan: &Plan, args: &MarkArgs) -> (Option<String>, &'static str) {
    let old = plan
        .steps
        .iter()
        .find(|s| s.id.value == args.step)
        .and_then(|s| s.notes.as_ref())
        .map(|n| n.value.as_str())
        .filter(|n| !n.trim().is_empty());
    match (&args.note, &args.append_note) {
        (Some(n), _) if old.is_some_and(|o| o != n) => (
            Some(n.clone()),
            "notes replaced (the old notes are gone; `--append-note` adds to them instead)",
        ),
        (Some(n), _) => (Some(n.clone()), "notes set"),
        (None, Some(extra)) => (Some(appended_note(old, extra)), "note appended"),
        (None, None) => (None, ""),
    }
}

/// Refuse to start or finish a step before its window opens (its `not-before` is still
/// to come at `at`, as `next` reads it): exit 2 with a help line, nothing written.
/// `--ignore-window` skips the check.
fn window_closed(
    args: &MarkArgs,
    status: Option<Status>,
    (plan, graph): (&crate::model::Plan, Option<&crate::graph::Graph>),
    at: jiff::Timestamp,
    cx: &mut Ctx<'_>,
) -> Option<u8> {
    if args.ignore_window || !matches!(status, Some(Status::InProgress | Status::Done)) {
        return None;
    }
    let graph = graph?;
    let id = args.step.as_str();
    let shown = check::display_path(&args.file);
    let i = plan.steps.iter().position(|s| s.id.value == id)?;
    let not_before = plan.steps[i].not_before.as_ref()?.value;
    if not_before <= at {
        return None;
    }
    let opens = crate::track::next::Progress::window_opens(plan, graph, i, at)?;
    let z = &plan.zone;
    let code = cx.usage(&format!(
        "step `{id}` may not start before {}: its window opens {}, after {}; `{shown}` is unchanged",
        crate::duration::stamp(not_before, z),
        crate::duration::when(opens, z),
        crate::duration::when(at, z),
    ));
    let _ = writeln!(
        cx.err,
        "  help: wait for the window, give `--at` the time it really happened, or pass `--ignore-window` to record it anyway"
    );
    Some(code)
}

/// Refuse an edit that cannot be made: exit 2 with a help line.
fn refuse(e: &MarkError, shown: &str, cx: &mut Ctx<'_>) -> u8 {
    let help = match e {
        MarkError::NoStep { hint: Some(h), .. } => format!("did you mean `{h}`?"),
        MarkError::NoStep { .. } => "`imsplan plan` lists the step ids".to_owned(),
        MarkError::Shared { field, .. } => format!(
            "write `{field}` directly in the step (not through the anchor), or edit the file by hand"
        ),
    };
    let code = cx.usage(&format!("{e}; `{shown}` is unchanged"));
    let _ = writeln!(cx.err, "  help: {help}");
    code
}

/// Why the plan cannot be written: exit 2 with a help line.
fn cannot_write(e: &io::Error, shown: &str, cx: &mut Ctx<'_>) -> u8 {
    if crate::fsutil::is_read_only(e) {
        let code = cx.usage(&format!("`{shown}` is read-only; nothing written"));
        let _ = writeln!(
            cx.err,
            "  help: make it writable (`chmod u+w {shown}`) to mark steps in it"
        );
        return code;
    }
    cx.usage(&format!(
        "cannot write `{shown}`: {}; the file is unchanged",
        check::io_reason(e)
    ))
}

/// Write the edited text (under the lock taken before reading it); `notes_done` says
/// what happened to the notes (`notes set`, `notes replaced …`, `note appended`).
fn write(
    lock: &Lock,
    shown: &str,
    new_text: &str,
    step: &str,
    change: &Change,
    notes_done: &str,
    cx: &mut Ctx<'_>,
) -> io::Result<u8> {
    if let Err(e) = lock.replace(new_text.as_bytes()) {
        return Ok(cannot_write(&e, shown, cx));
    }
    let mut what = Vec::new();
    if let Some(s) = change.status {
        what.push(format!("status {s}"));
    }
    if change.evidence.is_some() {
        what.push("evidence set".to_owned());
    }
    if change.note.is_some() {
        what.push(notes_done.to_owned());
    }
    if let Some(t) = &change.started {
        what.push(format!("started {t}"));
    }
    if let Some(t) = &change.finished {
        what.push(format!("finished {t}"));
    }
    writeln!(cx.out, "{shown}: step `{step}`: {}", what.join(", "))?;
    Ok(exit::OK)
}

/// Nothing but the step's `status`, `evidence`, `notes` (and the `started`/`finished`
/// times a status change records) changed: every other field
/// of the plan compares equal (`diff` compares every field of the model).
fn only_asked(original: &Checked, edited: &Checked, id: &str) -> bool {
    let (Some(a), Some(ga), Some(b), Some(gb)) = (
        original.plan.as_ref(),
        original.graph.as_ref(),
        edited.plan.as_ref(),
        edited.graph.as_ref(),
    ) else {
        return false;
    };
    let d = crate::track::diff::diff(&Side { plan: a, graph: ga }, &Side { plan: b, graph: gb });
    d.plan.is_empty()
        && d.envs_added.is_empty()
        && d.envs_removed.is_empty()
        && d.envs_changed.is_empty()
        && d.steps_added.is_empty()
        && d.steps_removed.is_empty()
        && d.steps_changed.iter().all(|c| {
            c.id == id
                && c.renamed_from.is_none()
                && c.wave.is_none()
                && c.deps_added.is_empty()
                && c.deps_removed.is_empty()
                && c.fields.iter().all(|f| {
                    matches!(
                        f.field.as_str(),
                        "status" | "evidence" | "notes" | "started" | "finished"
                    )
                })
        })
}

/// The edited text reads back with the values asked for.
fn applied(edited: &Checked, id: &str, change: &Change) -> bool {
    let Some(step) = edited
        .plan
        .as_ref()
        .and_then(|p| p.steps.iter().find(|s| s.id.value == id))
    else {
        return false;
    };
    let text = |v: Option<&Sp<String>>| v.map(|s| s.value.clone());
    let time = |v: Option<&Sp<jiff::Timestamp>>, want: &Option<String>| {
        want.as_ref()
            .is_none_or(|w| v.is_some_and(|t| w.parse::<jiff::Timestamp>().ok() == Some(t.value)))
    };
    change.status.is_none_or(|s| step.status() == s)
        && (change.evidence.is_none() || text(step.evidence.as_deref()) == change.evidence)
        && (change.note.is_none() || text(step.notes.as_ref()) == change.note)
        && time(step.started.as_deref(), &change.started)
        && time(step.finished.as_deref(), &change.finished)
}
