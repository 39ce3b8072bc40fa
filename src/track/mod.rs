//! Tracking progress and reviewing change: `next` (what can start), `mark` (edit a
//! step's status in place), `diff` (what changed between two versions) and `init` (a
//! starter plan). The library parts only: they compute; `commands::{next, mark, diff,
//! init}` wire them to the command line and `render::{next, diff}` write the output.

pub mod diff;
pub mod init;
pub mod mark;
pub mod next;
