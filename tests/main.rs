//! The one integration test binary: each module covers one area of the tool.

mod cases;
mod common;
mod graph_export;
mod hostile;
mod runbook;
mod schema;
