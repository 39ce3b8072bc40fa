//! `imsplan calendar`: the schedule as an iCalendar file, to stdout or a file.

use std::io;

use super::Ctx;
use super::input::load_forecast;
use crate::check;
use crate::cli::CalendarArgs;
use crate::exit;
use crate::fsutil;

/// `imsplan calendar`.
pub(super) fn run(args: &CalendarArgs, cx: &mut Ctx<'_>) -> io::Result<u8> {
    let loaded = match load_forecast(&args.file, &args.envs, args.now.as_deref(), cx) {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    let view = loaded.view(&args.envs);
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
    if let Some(code) = cx.refuse_output(out, &crate::output::plan_inputs(&args.file, &loaded.plan))
    {
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
