//! `imsplan init`: write a commented starter plan that validates.

use std::io;

use super::Ctx;
use crate::check;
use crate::cli::InitArgs;
use crate::exit;
use crate::fsutil;
use crate::model::{Hosting, Target};
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
    let text = starter::template(hosting, target, route, &name);
    let Some(path) = &args.output else {
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
    if let Err(e) = fsutil::write_atomic(path, text.as_bytes()) {
        return Ok(cx.usage(&format!("cannot write `{shown}`: {}", check::io_reason(&e))));
    }
    writeln!(
        cx.err,
        "wrote `{shown}`: replace the values marked FILL IN, then run `imsplan validate {shown}`"
    )?;
    Ok(exit::OK)
}
