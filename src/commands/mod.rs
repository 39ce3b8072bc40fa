//! The commands layer, the top of the house: from a parsed command line to an exit
//! code. One file per subcommand, each a `run(args, &mut Ctx)`; `input.rs` loads the
//! plan the output commands share. The only code that knows clap types: it maps clap's
//! formats to the plain ones `render/` takes.

mod calendar;
mod completions;
mod diff;
mod explain;
mod graph;
mod init;
mod input;
mod lsp;
pub mod man;
mod mark;
mod next;
mod plan;
mod rules;
mod runbook;
mod schema;
mod status;
mod validate;

use std::io::{self, IsTerminal, Write};

use crate::check;
use crate::cli::{Cli, ColorChoice, Command, LimitArgs};
use crate::exit;
use crate::load::Limits;
use crate::render::{self, Style};

/// Run a command; returns the process exit code (SPEC §4).
#[must_use]
pub fn run(cli: Cli) -> u8 {
    let limits = limits(&cli.limits);
    if matches!(cli.command, Command::Lsp) {
        // Before stdout is locked: it belongs to the protocol.
        return lsp::run(&limits, style(cli.color, io::stderr().is_terminal()));
    }
    let mut out = io::stdout().lock();
    let mut err = io::stderr().lock();
    let style = style(cli.color, io::stderr().is_terminal());
    let out_style = self::style(cli.color, io::stdout().is_terminal());
    let ctx = Ctx {
        limits,
        style,
        out_style,
        out: &mut out,
        err: &mut err,
    };
    let code = dispatch(cli.command, ctx);
    let _ = out.flush();
    code
}

/// What every command gets.
pub(crate) struct Ctx<'a> {
    pub(crate) limits: Limits,
    pub(crate) style: Style,
    /// The style of text written to stdout (colour decided for stdout's terminal).
    pub(crate) out_style: Style,
    pub(crate) out: &'a mut dyn Write,
    pub(crate) err: &'a mut dyn Write,
}

impl Ctx<'_> {
    /// Stdout for text with no colour of its own (plan, next, diff, runbook): control
    /// characters from the plan are escaped on the way (SPEC §11.9).
    pub(crate) fn text_out(&mut self) -> crate::terminal::Escaping<&mut dyn Write> {
        crate::terminal::Escaping::new(&mut *self.out)
    }

    /// Print a usage or I/O error and return exit 2.
    pub(crate) fn usage(&mut self, message: &str) -> u8 {
        let _ = render::error_line(self.err, message, self.style);
        exit::USAGE
    }

    /// Refuse an output path that is an input or a plan (SPEC §11.9): exit 2.
    pub(crate) fn refuse_output(
        &mut self,
        out: &std::path::Path,
        inputs: &[std::path::PathBuf],
    ) -> Option<u8> {
        let refusal = crate::output::check(out, inputs, self.limits.max_file_bytes).err()?;
        let code = self.usage(&refusal.message);
        let _ = writeln!(self.err, "  help: {}", refusal.help);
        Some(code)
    }
}

fn dispatch(command: Command, mut cx: Ctx<'_>) -> u8 {
    let result = match command {
        Command::Validate(args) => validate::run(&args, &mut cx),
        Command::Plan(args) => plan::run(&args, &mut cx),
        Command::Runbook(args) => runbook::run(&args, &mut cx),
        Command::Calendar(args) => calendar::run(&args, &mut cx),
        Command::Graph(args) => graph::run(&args, &mut cx),
        Command::Schema => schema::run(&mut cx),
        Command::Rules(args) => rules::run(&args, &mut cx),
        Command::Explain(args) => explain::run(&args, &mut cx),
        Command::Completions(args) => completions::run(&args, &mut cx),
        Command::Man => man::run(&mut cx),
        Command::Next(args) => next::run(&args, &mut cx),
        Command::Mark(args) => mark::run(&args, &mut cx),
        Command::Diff(args) => diff::run(&args, &mut cx),
        Command::Init(args) => init::run(&args, &mut cx),
        Command::Status(args) => status::run(&args, &mut cx),
        // Handled in `run`, before stdout is locked.
        Command::Lsp => Ok(exit::INTERNAL),
    };
    match result {
        Ok(code) => code,
        // A closed pipe (`imsplan plan x | head`) is not an error worth a message.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => exit::OK,
        Err(e) => cx.usage(&format!(
            "cannot write the output: {}",
            check::io_reason(&e)
        )),
    }
}

fn limits(args: &LimitArgs) -> Limits {
    Limits {
        max_file_bytes: args.max_file_size,
        max_depth: args.max_depth.max(1),
        nodes_per_byte: args.max_nodes_per_byte.max(1),
        max_csv_bytes: args.max_csv_size,
        max_files: args.max_files.max(1),
        max_findings: args.max_findings.max(1),
    }
}

fn style(choice: ColorChoice, terminal: bool) -> Style {
    let color = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };
    let width = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|w| *w >= 40)
        .unwrap_or(80);
    Style { color, width }
}
