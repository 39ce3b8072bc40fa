//! `imsplan explain CODE`: find the rule by code or name, ignoring case (exit 2 with the
//! close ones when there is none), then write its explain text.

use std::io;

use super::Ctx;
use crate::cli::ExplainArgs;
use crate::code::Code;
use crate::exit;
use crate::render::catalog;
use crate::suggest::closest;

/// `imsplan explain`.
pub(super) fn run(args: &ExplainArgs, cx: &mut Ctx<'_>) -> io::Result<u8> {
    let Some(code) = Code::lookup(&args.code) else {
        let words = Code::ALL.iter().flat_map(|c| [c.as_str(), c.name()]);
        let mut codes: Vec<Code> = Vec::new();
        for c in closest(&args.code, words, 5)
            .into_iter()
            .filter_map(Code::lookup)
        {
            if !codes.contains(&c) {
                codes.push(c);
            }
        }
        let close: Vec<String> = codes
            .iter()
            .map(|c| format!("`{c}` ({})", c.name()))
            .collect();
        let hint = if close.is_empty() {
            "`imsplan rules` lists every code and name".to_owned()
        } else {
            format!(
                "did you mean {}? `imsplan rules` lists every code and name",
                close.join(", ")
            )
        };
        writeln!(
            cx.err,
            "error: no rule has the code or name `{}`\n  help: {hint}",
            crate::terminal::escape(&args.code)
        )?;
        return Ok(exit::USAGE);
    };
    catalog::explain(code, args.format.into(), cx.out)?;
    Ok(exit::OK)
}
