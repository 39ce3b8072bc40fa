//! `imsplan runbook`: the Markdown runbook or the HTML page, to stdout or a file.

use std::io;

use super::Ctx;
use super::input::load_forecast;
use crate::check;
use crate::cli::{RunbookArgs, RunbookFormat};
use crate::exit;
use crate::fsutil;
use crate::runbook;

impl From<RunbookFormat> for runbook::Format {
    fn from(format: RunbookFormat) -> Self {
        match format {
            RunbookFormat::Markdown => runbook::Format::Markdown,
            RunbookFormat::Html => runbook::Format::Html,
        }
    }
}

/// `imsplan runbook`.
pub(super) fn run(args: &RunbookArgs, cx: &mut Ctx<'_>) -> io::Result<u8> {
    let loaded = match load_forecast(&args.file, &args.envs, args.now.as_deref(), cx) {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    let view = loaded.view(&args.envs);
    let source = check::display_path(&args.file);
    if let Some(out) = &args.output
        && let Some(code) =
            cx.refuse_output(out, &crate::output::plan_inputs(&args.file, &loaded.plan))
    {
        return Ok(code);
    }
    let format = args.format.into();
    let Some(out) = &args.output else {
        runbook::write(&view, &source, format, &mut cx.text_out())?;
        return Ok(exit::OK);
    };
    let mut bytes = Vec::new();
    runbook::write(
        &view,
        &source,
        format,
        &mut crate::terminal::Escaping::new(&mut bytes),
    )?;
    if let Err(e) = fsutil::write_atomic(out, &bytes) {
        return Ok(cx.usage(&format!(
            "cannot write the runbook to `{}`: {}",
            check::display_path(out),
            check::io_reason(&e)
        )));
    }
    Ok(exit::OK)
}
