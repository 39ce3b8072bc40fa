//! `imsplan`: plan, check and run the move of Adobe Campaign instances from native
//! login/password to Adobe IMS.
//!
//! The library computes; it never prints. `commands::run` takes a parsed command line,
//! does the work and hands results to `render/` and `runbook/`, which write the
//! outputs (`commands/` writes only a command's one-line messages). `docs/architecture.md`
//! is the map.
//!
//! # Layers
//!
//! Modules depend downward only. Bottom first, a module may import only itself and the
//! modules before it (`tests/architecture.rs` holds this order as data and fails on an
//! import that points up):
//!
//! `code` → `exit` → `span` → `work` → `version` → `fsutil` → `duration` → `source` →
//! `suggest` → `shell` → `terminal` → `model` → `diagnostic` → `schema` → `load` →
//! `graph` → `workcal` → `schedule` → `tasks` → `rules` → `check` → `output` → `track` →
//! `view` → `status` → `render` → `runbook` → `lsp` → `cli` → `commands`
//!
//! In groups: leaves (the code registry, exit codes, spans, versions, files, durations,
//! sources, shell quoting, terminal escaping, the model, the finding type, the JSON
//! Schema) → `load` (bytes → `model::Plan` with P001/P002/P007/P008 and secrets) →
//! `graph`, `workcal` and `schedule` (edges, waves, working calendars, dates) → `tasks` (who acts, per step kind ×
//! hosting) → `rules` (the checks and their explain texts) → `check` (files → findings)
//! → `output` (where a command may write) → `track` (next, mark's edit, diff, init) →
//! `view` (what every output shows) → `status` (where each environment stands) →
//! outputs (`render`, `runbook`) → `lsp` (the language server, on `check` like
//! `validate`) → `cli` and `commands` (the only code that knows clap).

#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod check;
pub mod cli;
pub mod code;
pub mod commands;
pub mod diagnostic;
pub mod duration;
pub mod fsutil;
pub mod graph;
pub mod load;
pub mod lsp;
pub mod model;
pub mod output;
pub mod render;
pub mod rules;
pub mod runbook;
pub mod schedule;
pub mod schema;
pub mod shell;
pub mod source;
pub mod span;
pub mod status;
pub mod suggest;
pub mod tasks;
pub mod terminal;
pub mod track;
pub mod version;
pub mod view;
pub mod work;
pub mod workcal;

pub use commands::run;

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
