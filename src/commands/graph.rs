//! `imsplan graph`: the dependency graph as Mermaid or DOT.

use std::io;

use super::Ctx;
use super::input::load_view;
use crate::cli::{GraphArgs, GraphFormat};
use crate::exit;
use crate::render;
use crate::view::View;

/// `imsplan graph`.
pub(super) fn run(args: &GraphArgs, cx: &mut Ctx<'_>) -> io::Result<u8> {
    let (plan, graph) = match load_view(&args.file, &args.envs, cx) {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    let view = View::new(&plan, &graph, &args.envs);
    match args.format {
        GraphFormat::Mermaid => render::graph::mermaid(&view, cx.out)?,
        GraphFormat::Dot => render::graph::dot(&view, cx.out)?,
    }
    Ok(exit::OK)
}
