//! `imsplan plan`: the ordered plan as text, JSON or Markdown.

use std::io;

use super::Ctx;
use super::input::load_view;
use crate::cli::{PlanArgs, PlanFormat};
use crate::exit;
use crate::render;
use crate::view::View;

/// `imsplan plan`.
pub(super) fn run(args: &PlanArgs, cx: &mut Ctx<'_>) -> io::Result<u8> {
    let (plan, graph) = match load_view(&args.file, &args.envs, cx) {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    let now = match super::input::forecast_now(args.now.as_deref(), &plan) {
        Ok(n) => n,
        Err(message) => return Ok(cx.usage(&format!("`--now`: {message}"))),
    };
    let view = View::at(&plan, &graph, &args.envs, now);
    match args.format {
        PlanFormat::Text => render::plan::text(&view, &mut cx.text_out())?,
        PlanFormat::Json => render::plan::json(&view, cx.out)?,
        PlanFormat::Markdown => render::plan::markdown(&view, &mut cx.text_out())?,
    }
    Ok(exit::OK)
}
