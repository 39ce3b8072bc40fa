//! `imsplan init`: write a commented starter plan that validates, with an editor modeline
//! that points at a schema file that exists (found above the plan, or written beside it).

use std::io;
use std::path::{Path, PathBuf};

use super::Ctx;
use crate::check;
use crate::cli::InitArgs;
use crate::exit;
use crate::fsutil;
use crate::model::{Hosting, Target};
use crate::schema::plan_schema;
use crate::shell;
use crate::track::init as starter;

/// `imsplan init`.
pub(super) fn run(args: &InitArgs, cx: &mut Ctx<'_>) -> io::Result<u8> {
    let hosting = Hosting::parse(&args.hosting).unwrap_or(Hosting::Managed);
    let target = Target::parse(&args.target).unwrap_or(Target::Ims);
    let name = args
        .output
        .as_ref()
        .and_then(|p| p.file_stem())
        .and_then(|s| starter::name_from(&s.to_string_lossy()))
        .unwrap_or_else(|| "my-migration".to_owned());
    let route = if args.route == "migrate-first" {
        starter::Route::MigrateFirst
    } else {
        starter::Route::UpgradeFirst
    };
    let Some(path) = &args.output else {
        let text = starter::template(hosting, target, route, &name, None);
        cx.out.write_all(text.as_bytes())?;
        return Ok(exit::OK);
    };
    let shown = check::display_path(path);
    if let Some(code) = cx.refuse_output(path, &[]) {
        return Ok(code);
    }
    if let Ok(meta) = std::fs::metadata(path) {
        if meta.is_dir() {
            return Ok(cx.usage(&format!("`{shown}` is a directory")));
        }
        if !args.force {
            return Ok(cx.usage(&format!("`{shown}` exists; use `--force` to overwrite it")));
        }
    }
    let schema = schema_place(path);
    let mut wrote_schema = false;
    // In a folder that does not exist the plan's own write fails, with its own message.
    if let SchemaPlace::Beside(file) = &schema
        && !file.exists()
        && file
            .parent()
            .is_none_or(|d| d.as_os_str().is_empty() || d.is_dir())
    {
        if let Err(e) = fsutil::write_atomic(file, plan_schema().as_bytes()) {
            return Ok(cx.usage(&format!(
                "cannot write `{}`: {}",
                check::display_path(file),
                check::io_reason(&e)
            )));
        }
        wrote_schema = true;
    }
    let text = starter::template(hosting, target, route, &name, Some(&schema.modeline()));
    if let Err(e) = fsutil::write_atomic(path, text.as_bytes()) {
        return Ok(cx.usage(&format!("cannot write `{shown}`: {}", check::io_reason(&e))));
    }
    writeln!(
        cx.err,
        "wrote `{shown}`: replace the values marked FILL IN, then run `imsplan validate {}`",
        shell::path_word(&shown)
    )?;
    if let SchemaPlace::Beside(file) = &schema {
        let schema_shown = check::display_path(file);
        let current = std::fs::read(file).is_ok_and(|b| b == plan_schema().as_bytes());
        if wrote_schema {
            writeln!(
                cx.err,
                "wrote `{schema_shown}` beside it (`imsplan schema`), for its editor modeline"
            )?;
        } else if !current {
            writeln!(
                cx.err,
                "its editor modeline points at `{schema_shown}`, which was there already; if it is an older plan schema, refresh it with `imsplan schema > {}`",
                shell::path_word(&schema_shown)
            )?;
        }
    }
    Ok(exit::OK)
}

/// Where the modeline of a new plan points.
enum SchemaPlace {
    /// `schemas/plan.schema.json` in the plan's folder or one above it (up to the
    /// repository root): the path relative to the plan's folder.
    Found(String),
    /// No such file: `plan.schema.json` beside the plan (written when missing).
    Beside(PathBuf),
}

impl SchemaPlace {
    /// The modeline's `$schema` value, relative to the plan's folder.
    fn modeline(&self) -> String {
        match self {
            SchemaPlace::Found(rel) => rel.clone(),
            SchemaPlace::Beside(_) => starter::SCHEMA_FILE.to_owned(),
        }
    }
}

/// Look for `schemas/plan.schema.json` from the plan's folder up to the repository root
/// (the first folder holding `.git`), else place the schema beside the plan.
fn schema_place(plan: &Path) -> SchemaPlace {
    let dir = match plan.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if let Ok(real) = std::fs::canonicalize(&dir) {
        for (depth, folder) in real.ancestors().enumerate() {
            if folder.join(starter::REPO_SCHEMA).is_file() {
                return SchemaPlace::Found(format!(
                    "{}{}",
                    "../".repeat(depth),
                    starter::REPO_SCHEMA
                ));
            }
            if folder.join(".git").exists() {
                break;
            }
        }
    }
    SchemaPlace::Beside(dir.join(starter::SCHEMA_FILE))
}
