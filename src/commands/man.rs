//! Shell completion scripts (`imsplan completions SHELL`) and the man page
//! (`docs/man/imsplan.1`), both generated from the clap definition in `cli.rs`.

use std::io::{self, Write};

use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::Cli;

/// Write the completion script of a shell.
///
/// # Errors
/// When the writer fails.
pub fn completions(shell: Shell, w: &mut dyn Write) -> io::Result<()> {
    let mut cmd = Cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "imsplan", &mut buf);
    w.write_all(&buf)
}

/// The man page of `imsplan`, in roff (what `docs/man/imsplan.1` holds).
///
/// # Errors
/// Never in practice: rendering writes to memory.
pub fn man_page() -> io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut buf)?;
    Ok(buf)
}
