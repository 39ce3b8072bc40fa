//! `imsplan calendar`: the schedule as an iCalendar file, to stdout or a file.

use std::io;

use super::Ctx;
use super::input::load_view;
use crate::check;
use crate::cli::CalendarArgs;
use crate::exit;
use crate::fsutil;
use crate::view::View;

/// `imsplan calendar`.
pub(super) fn run(args: &CalendarArgs, cx: &mut Ctx<'_>) -> io::Result<u8> {
    let (plan, graph) = match load_view(&args.file, &args.envs, cx) {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    let now = match super::input::forecast_now(args.now.as_deref(), &plan) {
        Ok(n) => n,
        Err(message) => return Ok(cx.usage(&format!("`--now`: {message}"))),
    };
    let view = View::at(&plan, &graph, &args.envs, now);
    let Some(text) = crate::runbook::ics::calendar(&view) else {
        return Ok(cx.usage(&format!(
            "`{}` has no schedule: add `start:` to the plan (and durations to its steps)",
            check::display_path(&args.file)
        )));
    };
    let Some(out) = &args.output else {
        cx.out.write_all(text.as_bytes())?;
        return Ok(exit::OK);
    };
    if let Some(code) = cx.refuse_output(out, &crate::output::plan_inputs(&args.file, &plan)) {
        return Ok(code);
    }
    if let Err(e) = fsutil::write_atomic(out, text.as_bytes()) {
        return Ok(cx.usage(&format!(
            "cannot write the calendar to `{}`: {}",
            check::display_path(out),
            check::io_reason(&e)
        )));
    }
    Ok(exit::OK)
}
