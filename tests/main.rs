//! The one integration test binary: each module covers one area of the tool.

mod cases;
mod common;
mod diff;
mod init;
mod mark;
mod next;
mod schema;
