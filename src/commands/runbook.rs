//! `imsplan runbook`: the Markdown runbook, to stdout or a file.

use std::io;

use super::Ctx;
use super::input::load_view;
use crate::check;
use crate::cli::RunbookArgs;
use crate::exit;
use crate::fsutil;
use crate::runbook;
use crate::view::View;

/// `imsplan runbook`.
pub(super) fn run(args: &RunbookArgs, cx: &mut Ctx<'_>) -> io::Result<u8> {
    let (plan, graph) = match load_view(&args.file, &args.envs, cx) {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    let now = match super::input::forecast_now(args.now.as_deref(), &plan) {
        Ok(n) => n,
        Err(message) => return Ok(cx.usage(&format!("`--now`: {message}"))),
    };
    let view = View::at(&plan, &graph, &args.envs, now);
    let source = check::display_path(&args.file);
    if let Some(out) = &args.output
        && let Some(code) = cx.refuse_output(out, &crate::output::plan_inputs(&args.file, &plan))
    {
        return Ok(code);
    }
    let Some(out) = &args.output else {
        runbook::markdown(&view, &source, &mut cx.text_out())?;
        return Ok(exit::OK);
    };
    let mut bytes = Vec::new();
    runbook::markdown(
        &view,
        &source,
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
