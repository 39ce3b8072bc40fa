//! The `imsplan` binary: parse the command line, run, exit with the code `run` chose.
//! A panic is a bug: it is caught here and reported as exit 3 with a short message.

use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = imsplan::cli::parse();
    if std::env::var_os("RUST_BACKTRACE").is_none() {
        std::panic::set_hook(Box::new(|info| {
            let at = info
                .location()
                .map(|l| format!(" at {}:{}", l.file(), l.line()))
                .unwrap_or_default();
            eprintln!(
                "imsplan: internal error{at}, please report it with the command and plan that caused it"
            );
        }));
    }
    match std::panic::catch_unwind(|| {
        // Hidden hook for `tests/hostile.rs`: proves a panic ends as exit 3 with the
        // short message, not a backtrace.
        assert!(
            std::env::var_os("IMSPLAN_TEST_PANIC").is_none_or(|v| v != "1"),
            "IMSPLAN_TEST_PANIC is set"
        );
        imsplan::run(cli)
    }) {
        Ok(code) => ExitCode::from(code),
        Err(_) => ExitCode::from(3),
    }
}
