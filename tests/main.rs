//! The one integration test binary: each module covers one area of the tool.

mod action;
mod architecture;
mod cases;
mod cli;
mod common;
mod complexity;
mod diff;
mod docs;
mod fidelity;
mod formats;
mod formats_integrations;
mod graph_export;
mod hostile;
mod hostile_text;
mod init;
mod lsp;
mod mark;
mod next;
mod props;
mod rules;
mod runbook;
mod safety;
mod schema;
mod time;
mod upgrades;
mod writes;
