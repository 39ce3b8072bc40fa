//! The one integration test binary: each module covers one area of the tool.

mod cases;
mod common;
mod complexity;
mod hostile;
mod props;
mod schema;
