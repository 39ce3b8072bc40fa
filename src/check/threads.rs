//! The threads plans are checked on. Parsing and converting recurse once per nesting
//! level, so a check runs on a thread whose stack is sized to `--max-depth`: the
//! limit, not the stack, stops a deep file (stack pages are touched only when used).
//! `check_inputs` starts its workers once with that stack and checks every file in
//! place on them; a single check (`check_text`: `mark`, `diff`, the language server)
//! starts one such thread. A thread that cannot be made is reported (P008), never
//! replaced by a run on a smaller stack.

use std::cell::Cell;

use crate::code::Code;
use crate::diagnostic::Finding;
use crate::fsutil::io_reason;
use crate::load::Limits;
use crate::span::Span;

/// The largest `--max-depth` accepted (a usage error above it): each level may take
/// up to [`STACK_PER_LEVEL`] of the checking thread's stack, so this is a stack of
/// about 1.3 GiB of address space, touched only as deep as a file goes.
pub const MAX_DEPTH: usize = 10_000;

/// Stack of a checking thread: a base, plus this much per level of `--max-depth`
/// (generous for a debug build).
const STACK_BASE: usize = 16 << 20;
const STACK_PER_LEVEL: usize = 128 << 10;

thread_local! {
    /// The stack of this thread when `workers` started it (zero on any other thread):
    /// a check runs in place when it is large enough, instead of starting a thread
    /// per file (1,000 small files: a third less time, bench/RESULTS.md).
    static CHECK_STACK: Cell<usize> = const { Cell::new(0) };
}

fn stack_size(max_depth: usize) -> usize {
    STACK_BASE.saturating_add(max_depth.min(MAX_DEPTH).saturating_mul(STACK_PER_LEVEL))
}

/// A thread to check plans on, with `stack` bytes of stack.
fn checking_thread(stack: usize) -> std::thread::Builder {
    std::thread::Builder::new()
        .name("imsplan-check".into())
        .stack_size(stack)
}

/// Run `check` on a stack sized to `limits.max_depth`: here on a checking worker,
/// else on a thread started for it. P008 when that thread cannot be started.
pub(super) fn on_check_stack<R: Send>(
    limits: &Limits,
    check: impl FnOnce() -> R + Send,
) -> Result<R, Box<Finding>> {
    let stack = stack_size(limits.max_depth);
    if CHECK_STACK.with(Cell::get) >= stack {
        return Ok(check());
    }
    let run = std::thread::scope(|s| {
        checking_thread(stack)
            .spawn_scoped(s, || {
                let r = check();
                (r, crate::work::take())
            })
            .map(std::thread::ScopedJoinHandle::join)
    });
    match run {
        Ok(Ok((r, work))) => {
            // The work counted there belongs to the caller's count.
            crate::work::add(usize::try_from(work).unwrap_or(usize::MAX));
            Ok(r)
        }
        // A panic while checking is a bug: let it reach the panic hook (exit 3).
        Ok(Err(panic)) => std::panic::resume_unwind(panic),
        Err(e) => Err(Box::new(no_thread(stack, limits.max_depth, &e))),
    }
}

/// Run `work` on `count` workers started with the checking stack, each taking files
/// until none is left. When none can start, `work` runs here (each check then starts
/// its own thread, or reports P008).
pub(super) fn workers(count: usize, limits: &Limits, work: impl Fn() + Sync) {
    let stack = stack_size(limits.max_depth);
    std::thread::scope(|s| {
        let started = (0..count)
            .filter(|_| {
                checking_thread(stack)
                    .spawn_scoped(s, || {
                        CHECK_STACK.with(|c| c.set(stack));
                        work();
                    })
                    .is_ok()
            })
            .count();
        if started == 0 {
            work();
        }
    });
}

/// P008 when the checking thread cannot be started (no memory or threads left).
fn no_thread(stack: usize, max_depth: usize, e: &std::io::Error) -> Finding {
    Finding::new(
        Code::P008,
        0,
        Span::default(),
        format!(
            "cannot start the checking thread (a stack of {} MiB for `--max-depth {max_depth}`): {}",
            stack >> 20,
            io_reason(e)
        ),
    )
    .help("lower `--max-depth` (see `docs/limits.md`), or run again with more memory or fewer processes")
}
