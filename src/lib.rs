//! `imsplan`: plan, check and run the move of Adobe Campaign instances from native
//! login/password to Adobe IMS.
//!
//! The library computes; it never prints. `run` takes a parsed command line, does the
//! work and hands results to `render/`, the only place that writes output.
//!
//! Pipeline: `load` (YAML → `model::Plan`, P001/P002/P007/P008, secrets) → `graph`
//! (edges, waves, cycles) → `rules` (the catalog of SPEC §8) → `render`.

#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod check;
pub mod cli;
pub mod diagnostic;
pub mod fsutil;
pub mod graph;
pub mod load;
pub mod lsp;
pub mod model;
pub mod render;
pub mod rules;
mod run;
pub mod runbook;
pub mod schedule;
pub mod schema;
pub mod secrets;
pub mod source;
pub mod span;
pub mod suggest;
pub mod track;
pub mod version;
pub mod work;

pub use run::run;

/// Exit codes (SPEC §4).
pub mod exit {
    /// Success (warnings allowed).
    pub const OK: u8 = 0;
    /// Error-level findings (or warnings with `--deny-warnings`).
    pub const FINDINGS: u8 = 1;
    /// Usage error, or a path that cannot be read.
    pub const USAGE: u8 = 2;
    /// Internal error.
    pub const INTERNAL: u8 = 3;
}
