//! `imsplan man`: the man page (`docs/man/imsplan.1`), generated from the clap
//! definition in `cli.rs`.

use std::io;

use super::Ctx;
use crate::exit;

/// `imsplan man`.
pub(super) fn run(cx: &mut Ctx<'_>) -> io::Result<u8> {
    cx.out.write_all(&man_page()?)?;
    Ok(exit::OK)
}

/// The man page of `imsplan`, in roff (what `docs/man/imsplan.1` holds).
///
/// # Errors
/// Never in practice: rendering writes to memory.
pub fn man_page() -> io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(crate::cli::command()).render(&mut buf)?;
    Ok(buf)
}
