//! `imsplan next`: what can start now, and what waits on what.

use std::io;

use super::Ctx;
use super::input::load_view;
use crate::cli::{NextArgs, NextFormat};
use crate::exit;
use crate::render;
use crate::track::next::Progress;

/// `imsplan next`.
pub(super) fn run(args: &NextArgs, cx: &mut Ctx<'_>) -> io::Result<u8> {
    let (plan, graph) = match load_view(&args.file, &args.envs, cx) {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    let now = match &args.now {
        Some(t) => match super::input::time_arg(t, &plan.zone) {
            Ok(t) => t,
            Err(message) => return Ok(cx.usage(&format!("`--now`: {message}"))),
        },
        None => super::input::now(),
    };
    let progress = Progress::at(&plan, &graph, &args.envs, now);
    match args.format {
        NextFormat::Text => render::next::text(&plan, &graph, &progress, &mut cx.text_out())?,
        NextFormat::Json => render::next::json(&plan, &graph, &progress, cx.out)?,
    }
    Ok(exit::OK)
}
