//! `imsplan lsp`: the language server of `src/lsp/` on stdin and stdout. Its stdout
//! belongs to the protocol (written by `lsp-server`'s writer thread), so `run` starts it
//! before any command locks stdout.

use std::io;

use crate::exit;
use crate::load::Limits;
use crate::render::{self, Style};

/// `imsplan lsp`: serve until the client shuts the server down and exits.
pub(super) fn run(limits: &Limits, style: Style) -> u8 {
    let (connection, io_threads) = lsp_server::Connection::stdio();
    let served = crate::lsp::serve(&connection, limits);
    drop(connection);
    match served
        .map_err(|e| e.to_string())
        .and(io_threads.join().map_err(|e| e.to_string()))
    {
        Ok(()) => exit::OK,
        Err(e) => {
            let _ = render::error_line(&mut io::stderr(), &e, style);
            exit::USAGE
        }
    }
}
