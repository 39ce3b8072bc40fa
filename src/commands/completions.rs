//! `imsplan completions SHELL`: a shell completion script, generated from the clap
//! definition in `cli.rs`.

use std::io::{self, Write};

use clap_complete::Shell;

use super::Ctx;
use crate::cli::{self, CompletionsArgs};
use crate::exit;

/// `imsplan completions`.
pub(super) fn run(args: &CompletionsArgs, cx: &mut Ctx<'_>) -> io::Result<u8> {
    completions(args.shell, cx.out)?;
    Ok(exit::OK)
}

/// Write the completion script of a shell.
///
/// # Errors
/// When the writer fails.
fn completions(shell: Shell, w: &mut dyn Write) -> io::Result<()> {
    let mut cmd = cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "imsplan", &mut buf);
    w.write_all(&buf)
}
