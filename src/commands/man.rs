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

/// The man page of `imsplan`, in roff (what `docs/man/imsplan.1` holds). Hyphenation
/// and justification are off (`.nh`, `.ad l` after the title), so `man` never breaks a
/// code span or a file name such as `docs/editors.md` inside a word.
///
/// # Errors
/// Never in practice: rendering writes to memory.
pub fn man_page() -> io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(crate::cli::command()).render(&mut buf)?;
    let text = String::from_utf8_lossy(&buf);
    let mut page = String::with_capacity(text.len() + 12);
    for line in text.split_inclusive('\n') {
        page.push_str(line);
        if line.starts_with(".TH ") {
            page.push_str(".nh\n.ad l\n");
        }
    }
    Ok(page.into_bytes())
}
