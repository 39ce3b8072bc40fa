//! `imsplan plan`: the ordered plan as text, JSON or Markdown.

use std::io;

use super::Ctx;
use super::input::load_forecast;
use crate::cli::{PlanArgs, PlanFormat};
use crate::exit;
use crate::render;

/// `imsplan plan`.
pub(super) fn run(args: &PlanArgs, cx: &mut Ctx<'_>) -> io::Result<u8> {
    let loaded = match load_forecast(&args.file, &args.envs, args.now.as_deref(), cx) {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    let view = loaded.view(&args.envs);
    match args.format {
        PlanFormat::Text => render::plan::text(&view, &mut cx.text_out())?,
        PlanFormat::Json => render::plan::json(&view, cx.out)?,
        PlanFormat::Markdown => render::plan::markdown(&view, &mut cx.text_out())?,
    }
    Ok(exit::OK)
}
