//! A per-thread count of the work done by the passes over a plan (graph edges and
//! visits, rule look-ups, did-you-mean comparisons), so tests can assert that the work
//! grows linearly with plan size without timing anything (`tests/complexity.rs`).
//!
//! Counting is one add on a thread-local cell; it never changes a result.

use std::cell::Cell;

thread_local! {
    static WORK: Cell<u64> = const { Cell::new(0) };
}

/// Count `n` units of work on this thread.
pub fn add(n: usize) {
    WORK.with(|w| w.set(w.get().saturating_add(n as u64)));
}

/// The work counted on this thread since the last `take`, and reset it to zero.
pub fn take() -> u64 {
    WORK.with(|w| w.replace(0))
}
