//! The four tracking commands wired to the command line: load and validate, compute,
//! hand the result to `render`, pick the exit code.

use std::io;
use std::path::{Path, PathBuf};
use std::process::Command as Process;

use crate::check::{self, Checked};
use crate::cli::{DiffArgs, DiffFormat, InitArgs, MarkArgs, NextArgs, NextFormat};
use crate::diagnostic::Severity;
use crate::exit;
use crate::model::{Hosting, Status, Target};
use crate::render::{self, Emitter};
use crate::run::{Ctx, load_one, load_view};
use crate::track::diff::{Side, diff as compare};
use crate::track::mark::{Change, MarkError, edit, write_if_unchanged};
use crate::track::{init as starter, next::Progress};

/// `imsplan next`.
pub(crate) fn next(args: &NextArgs, cx: &mut Ctx<'_>) -> io::Result<u8> {
    let (plan, graph) = match load_view(&args.file, &args.envs, cx) {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    let progress = Progress::of(&plan, &graph, &args.envs);
    match args.format {
        NextFormat::Text => render::next::text(&plan, &graph, &progress, cx.out)?,
        NextFormat::Json => render::next::json(&plan, &graph, &progress, cx.out)?,
    }
    Ok(exit::OK)
}

/// Print the error-level findings of a checked text and give exit 1.
fn print_errors(
    checked: Checked,
    keep: impl Fn(&crate::diagnostic::Finding) -> bool,
    cx: &mut Ctx<'_>,
) -> u8 {
    let mut checked = checked;
    checked
        .findings
        .retain(|f| f.severity == Severity::Error && keep(f));
    let (report, _, _) = check::single(checked);
    let _ = render::human::Human.emit(&report, cx.err, cx.style);
    exit::FINDINGS
}

/// `imsplan mark`.
pub(crate) fn mark(args: &MarkArgs, cx: &mut Ctx<'_>) -> io::Result<u8> {
    let file = &args.file;
    if let Err(code) = load_one(file, cx) {
        return Ok(code);
    }
    let shown = check::display_path(file);
    let Ok(bytes) = check::read_limited(file, cx.limits.max_file_bytes) else {
        return Ok(cx.usage(&format!("cannot read `{shown}` again")));
    };
    let Ok(text) = String::from_utf8(bytes.clone()) else {
        return Ok(cx.usage(&format!("`{shown}` changed on disk while it was read")));
    };
    let dir = file.parent();
    let original = check::check_text(&shown, &text, dir, &cx.limits);
    let Some(plan) = original.plan.as_ref().filter(|_| !original.has_errors()) else {
        return Ok(print_errors(original, |_| true, cx));
    };
    let change = Change {
        status: args.status.as_deref().and_then(Status::parse),
        evidence: args.evidence.clone(),
        note: args.note.clone(),
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
    let before: Vec<(crate::rules::Code, &str)> = original
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| (f.code, f.message.as_str()))
        .collect();
    let is_new = |f: &crate::diagnostic::Finding| !before.contains(&(f.code, f.message.as_str()));
    if edited
        .findings
        .iter()
        .any(|f| f.severity == Severity::Error && is_new(f))
    {
        let owned: Vec<(crate::rules::Code, String)> =
            before.iter().map(|(c, m)| (*c, (*m).to_owned())).collect();
        let code = print_errors(
            edited,
            move |f| !owned.contains(&(f.code, f.message.clone())),
            cx,
        );
        let _ = render::error_line(
            cx.err,
            &format!(
                "refused: this change to step `{}` breaks the rule(s) above; `{shown}` is unchanged",
                args.step
            ),
            cx.style,
        );
        return Ok(code);
    }
    if !applied(&edited, &args.step, &change) {
        let _ = render::error_line(
            cx.err,
            &format!(
                "internal error: the edit of step `{}` did not read back as asked; `{shown}` is unchanged",
                args.step
            ),
            cx.style,
        );
        return Ok(exit::INTERNAL);
    }
    write(file, &shown, &bytes, &new_text, &args.step, &change, cx)
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

/// Write the edited text if the file did not change meanwhile.
fn write(
    file: &Path,
    shown: &str,
    bytes: &[u8],
    new_text: &str,
    step: &str,
    change: &Change,
    cx: &mut Ctx<'_>,
) -> io::Result<u8> {
    match write_if_unchanged(file, bytes, new_text.as_bytes()) {
        Ok(true) => {
            let mut what = Vec::new();
            if let Some(s) = change.status {
                what.push(format!("status {s}"));
            }
            if change.evidence.is_some() {
                what.push("evidence set".to_owned());
            }
            if change.note.is_some() {
                what.push("notes set".to_owned());
            }
            writeln!(cx.out, "{shown}: step `{step}`: {}", what.join(", "))?;
            Ok(exit::OK)
        }
        Ok(false) => Ok(cx.usage(&format!(
            "`{shown}` changed on disk since it was read; nothing written, run the command again"
        ))),
        Err(e) => Ok(cx.usage(&format!(
            "cannot write `{shown}`: {}; the file is unchanged",
            check::io_reason(&e)
        ))),
    }
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
    let text = |v: &Option<crate::span::Sp<String>>| v.as_ref().map(|s| s.value.clone());
    change.status.is_none_or(|s| step.status() == s)
        && (change.evidence.is_none() || text(&step.evidence) == change.evidence)
        && (change.note.is_none() || text(&step.notes) == change.note)
}

/// The old version of `file` at git revision `rev`, via `git show REV:path`.
fn git_show(rev: &str, file: &Path) -> Result<String, String> {
    if rev.starts_with('-') || rev.is_empty() {
        return Err(format!("`{rev}` is not a git revision"));
    }
    let dir = match file.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = file
        .file_name()
        .ok_or_else(|| format!("`{}` names no file", check::display_path(file)))?
        .to_string_lossy()
        .into_owned();
    let git = |args: &[&str]| -> Result<Vec<u8>, String> {
        let out = Process::new("git")
            .arg("-C")
            .arg(&dir)
            .args(args)
            .output()
            .map_err(|e| format!("cannot run `git`: {}", check::io_reason(&e)))?;
        if out.status.success() {
            Ok(out.stdout)
        } else {
            Err(format!(
                "git: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ))
        }
    };
    let prefix = String::from_utf8_lossy(&git(&["rev-parse", "--show-prefix"])?)
        .trim_end_matches(['\n', '\r'])
        .to_owned();
    let old = git(&["show", &format!("{rev}:{prefix}{name}")])?;
    String::from_utf8(old).map_err(|_| format!("`{rev}:{prefix}{name}` is not UTF-8"))
}

/// `imsplan diff`.
pub(crate) fn diff(args: &DiffArgs, cx: &mut Ctx<'_>) -> io::Result<u8> {
    let (old_name, new_path) = match (&args.base, &args.new) {
        (Some(rev), _) => (
            format!("{rev}:{}", check::display_path(&args.old)),
            args.old.clone(),
        ),
        (None, Some(new)) => (check::display_path(&args.old), new.clone()),
        (None, None) => return Ok(cx.usage("`diff` takes OLD and NEW, or `--base REV FILE`")),
    };
    let old_loaded = if let Some(rev) = &args.base {
        if let Err(code) = load_one(&args.old, cx) {
            return Ok(code);
        }
        let text = match git_show(rev, &args.old) {
            Ok(t) => t,
            Err(message) => return Ok(cx.usage(&message)),
        };
        let checked = check::check_text(&old_name, &text, args.old.parent(), &cx.limits);
        if checked.has_errors() || checked.plan.is_none() {
            return Ok(print_errors(checked, |_| true, cx));
        }
        let (_, plan, graph) = check::single(checked);
        match (plan, graph) {
            (Some(p), Some(g)) => (p, g),
            _ => return Ok(exit::FINDINGS),
        }
    } else {
        match load_one(&args.old, cx) {
            Ok((_, p, g)) => (p, g),
            Err(code) => return Ok(code),
        }
    };
    let (_, new_plan, new_graph) = match load_one(&new_path, cx) {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    let d = compare(
        &Side {
            plan: &old_loaded.0,
            graph: &old_loaded.1,
        },
        &Side {
            plan: &new_plan,
            graph: &new_graph,
        },
    );
    let new_name = check::display_path(&new_path);
    match args.format {
        DiffFormat::Text => render::diff::text(&d, &old_name, &new_name, cx.out)?,
        DiffFormat::Markdown => render::diff::markdown(&d, &old_name, &new_name, cx.out)?,
        DiffFormat::Json => render::diff::json(&d, &old_name, &new_name, cx.out)?,
    }
    Ok(if args.exit_code && !d.is_empty() {
        exit::FINDINGS
    } else {
        exit::OK
    })
}

/// `imsplan init`.
pub(crate) fn init(args: &InitArgs, cx: &mut Ctx<'_>) -> io::Result<u8> {
    let hosting = Hosting::parse(&args.hosting).unwrap_or(Hosting::Managed);
    let target = Target::parse(&args.target).unwrap_or(Target::Ims);
    let name = args
        .output
        .as_ref()
        .and_then(|p| p.file_stem())
        .and_then(|s| starter::name_from(&s.to_string_lossy()))
        .unwrap_or_else(|| "my-migration".to_owned());
    let text = starter::template(hosting, target, &name);
    let Some(path) = &args.output else {
        cx.out.write_all(text.as_bytes())?;
        return Ok(exit::OK);
    };
    let shown = check::display_path(path);
    if let Ok(meta) = std::fs::symlink_metadata(path) {
        if meta.is_dir() {
            return Ok(cx.usage(&format!("`{shown}` is a directory")));
        }
        if !args.force {
            return Ok(cx.usage(&format!("`{shown}` exists; use `--force` to overwrite it")));
        }
    }
    if let Err(e) = crate::fsutil::write_atomic(path, text.as_bytes()) {
        return Ok(cx.usage(&format!("cannot write `{shown}`: {}", check::io_reason(&e))));
    }
    writeln!(
        cx.err,
        "wrote `{shown}`: replace the values marked FILL IN, then run `imsplan validate {shown}`"
    )?;
    Ok(exit::OK)
}
