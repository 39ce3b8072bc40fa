//! The one integration test binary: each module covers one area of the tool.

mod common;
