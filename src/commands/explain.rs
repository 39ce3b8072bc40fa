//! `imsplan explain CODE`: parse the code (exit 2 with the close ones when it is
//! unknown), then write its explain text.

use std::io;

use super::Ctx;
use crate::cli::ExplainArgs;
use crate::code::Code;
use crate::exit;
use crate::render::catalog;

/// `imsplan explain`.
pub(super) fn run(args: &ExplainArgs, cx: &mut Ctx<'_>) -> io::Result<u8> {
    let Some(code) = Code::parse(&args.code) else {
        let wanted = args.code.trim().to_uppercase();
        let mut close: Vec<&str> = Code::ALL
            .iter()
            .map(|c| c.as_str())
            .filter(|c| strsim::levenshtein(c, &wanted) <= 2)
            .collect();
        if close.is_empty() {
            close = Code::ALL.iter().map(|c| c.as_str()).collect();
        }
        writeln!(
            cx.err,
            "error: no rule has the code `{}`\n  help: close codes: {}; `imsplan rules` lists them all",
            args.code,
            close.join(", ")
        )?;
        return Ok(exit::USAGE);
    };
    catalog::explain(code, args.format.into(), cx.out)?;
    Ok(exit::OK)
}
