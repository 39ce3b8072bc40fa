//! `imsplan diff`: what changed between two versions of a plan (two files, or a file
//! and a git revision).

use std::io;
use std::path::{Path, PathBuf};
use std::process::Command as Process;

use super::Ctx;
use super::input::{load_one, print_errors};
use crate::check;
use crate::cli::{DiffArgs, DiffFormat};
use crate::exit;
use crate::render;
use crate::track::diff::{PlanDiff, Side, diff as compare};

/// The old version of `file` at git revision `rev`, via `git show REV:path`; `None`
/// when the revision exists but does not hold the file (a plan not committed yet).
fn git_show(rev: &str, file: &Path) -> Result<Option<String>, String> {
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
    let run = |args: &[&str]| {
        Process::new("git")
            .arg("-C")
            .arg(&dir)
            .args(args)
            .output()
            .map_err(|e| format!("cannot run `git`: {}", check::io_reason(&e)))
    };
    let git = |args: &[&str]| -> Result<Vec<u8>, String> {
        let out = run(args)?;
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
    if !run(&[
        "rev-parse",
        "--verify",
        "--quiet",
        &format!("{rev}^{{commit}}"),
    ])?
    .status
    .success()
    {
        return Err(format!(
            "git: `{rev}` is not a commit of the repository holding `{}`",
            check::display_path(file)
        ));
    }
    let object = format!("{rev}:{prefix}{name}");
    if !run(&["cat-file", "-e", &object])?.status.success() {
        return Ok(None);
    }
    let old = git(&["show", &object])?;
    String::from_utf8(old)
        .map(Some)
        .map_err(|_| format!("`{object}` is not UTF-8"))
}

/// `imsplan diff`.
pub(super) fn run(args: &DiffArgs, cx: &mut Ctx<'_>) -> io::Result<u8> {
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
            Ok(Some(t)) => t,
            // Not in that revision yet: everything in the file is new.
            Ok(None) => return added(args, &old_name, rev, cx),
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
    write(args, &d, &old_name, &check::display_path(&new_path), cx)
}

/// `diff --base REV FILE` where REV does not hold FILE: the whole plan is added.
fn added(args: &DiffArgs, old_name: &str, rev: &str, cx: &mut Ctx<'_>) -> io::Result<u8> {
    let (_, plan, graph) = match load_one(&args.old, cx) {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    let d = crate::track::diff::added(&Side {
        plan: &plan,
        graph: &graph,
    });
    let old_name = format!("{old_name} (not in `{rev}`)");
    write(args, &d, &old_name, &check::display_path(&args.old), cx)
}

/// Write the diff in the chosen format; the exit code (`--exit-code`: 1 on a change).
fn write(
    args: &DiffArgs,
    d: &PlanDiff,
    old_name: &str,
    new_name: &str,
    cx: &mut Ctx<'_>,
) -> io::Result<u8> {
    match args.format {
        DiffFormat::Text => render::diff::text(d, old_name, new_name, &mut cx.text_out())?,
        DiffFormat::Markdown => {
            render::diff::markdown(d, old_name, new_name, &mut cx.text_out())?;
        }
        DiffFormat::Json => render::diff::json(d, old_name, new_name, cx.out)?,
    }
    Ok(if args.exit_code && !d.is_empty() {
        exit::FINDINGS
    } else {
        exit::OK
    })
}
