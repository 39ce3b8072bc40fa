//! From a parsed command line to an exit code: one function per subcommand.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use crate::check::{self, Report};
use crate::cli::{CheckFormat, Cli, ColorChoice, Command, LimitArgs};
use crate::diagnostic::Severity;
use crate::exit;
use crate::load::Limits;
use crate::render::{self, Emitter, Style};

/// Run a command; returns the process exit code (SPEC §4).
#[must_use]
pub fn run(cli: Cli) -> u8 {
    let limits = limits(&cli.limits);
    if matches!(cli.command, Command::Lsp) {
        return lsp(&limits, style(cli.color, io::stderr().is_terminal()));
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
    /// Print a usage or I/O error and return exit 2.
    pub(crate) fn usage(&mut self, message: &str) -> u8 {
        let _ = render::error_line(self.err, message, self.style);
        exit::USAGE
    }
}

fn dispatch(command: Command, mut cx: Ctx<'_>) -> u8 {
    let result = match command {
        Command::Validate(args) => validate(&args, &mut cx),
        Command::Plan(args) => plan(&args, &mut cx),
        Command::Runbook(args) => runbook(&args, &mut cx),
        Command::Graph(args) => graph(&args, &mut cx),
        Command::Schema => cx
            .out
            .write_all(crate::schema::plan_schema().as_bytes())
            .map(|()| exit::OK),
        Command::Rules(args) => render::catalog::rules(args.format, cx.out).map(|()| exit::OK),
        Command::Explain(args) => render::catalog::explain(&args, cx.out, cx.err),
        Command::Completions(args) => {
            render::manual::completions(args.shell, cx.out).map(|()| exit::OK)
        }
        Command::Man => render::manual::man_page()
            .and_then(|page| cx.out.write_all(&page))
            .map(|()| exit::OK),
        Command::Next(args) => crate::track::cmd::next(&args, &mut cx),
        Command::Mark(args) => crate::track::cmd::mark(&args, &mut cx),
        Command::Diff(args) => crate::track::cmd::diff(&args, &mut cx),
        Command::Init(args) => crate::track::cmd::init(&args, &mut cx),
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

/// Exit code for a report: 1 on errors (or warnings when denied), else 0.
pub(crate) fn exit_for(report: &Report, deny_warnings: bool) -> u8 {
    let errors = report.count(Severity::Error);
    let warnings = report.count(Severity::Warning);
    if errors > 0 || (deny_warnings && warnings > 0) {
        exit::FINDINGS
    } else {
        exit::OK
    }
}

fn validate(args: &crate::cli::ValidateArgs, cx: &mut Ctx<'_>) -> io::Result<u8> {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from("plans")]
    } else {
        args.paths.clone()
    };
    let inputs = match check::gather(&paths, &cx.limits) {
        Ok(f) => f,
        Err(e) => return Ok(cx.usage(&e.to_string())),
    };
    let report = check::check_inputs(&inputs, &cx.limits);
    let emitter = render::emitter(args.format);
    // The human report goes to stderr; every other format is a document on stdout,
    // and nothing else is written there.
    match args.format {
        CheckFormat::Human => emitter.emit(&report, cx.err, cx.style)?,
        CheckFormat::Short => emitter.emit(&report, cx.out, cx.out_style)?,
        _ => emitter.emit(
            &report,
            cx.out,
            Style {
                color: false,
                ..cx.out_style
            },
        )?,
    }
    if let Some(path) = &args.summary {
        let base = summary_link_base();
        if let Err(e) = render::summary::append(path, &report, base.as_deref()) {
            return Ok(cx.usage(&format!(
                "cannot write the summary to `{}`: {}",
                check::display_path(path),
                check::io_reason(&e)
            )));
        }
    }
    if report.nothing_checked() {
        // Nothing could be read at all: a usage error (SPEC §4), said on stderr too
        // when the findings went to stdout.
        if args.format != CheckFormat::Human {
            for f in &report.findings {
                let _ = render::error_line(cx.err, &f.message, cx.style);
            }
        }
        return Ok(exit::USAGE);
    }
    Ok(exit_for(&report, args.deny_warnings))
}

/// `imsplan lsp`: serve the language server on stdin/stdout until the client exits.
/// Its stdout belongs to the protocol (written by `lsp-server`'s writer thread), so
/// nothing may hold stdout's lock meanwhile.
fn lsp(limits: &Limits, style: Style) -> u8 {
    let (connection, io) = lsp_server::Connection::stdio();
    let served = crate::lsp::serve(&connection, limits);
    drop(connection);
    match served
        .map_err(|e| e.to_string())
        .and(io.join().map_err(|e| e.to_string()))
    {
        Ok(()) => exit::OK,
        Err(e) => {
            let _ = render::error_line(&mut io::stderr(), &e, style);
            exit::USAGE
        }
    }
}

/// In a GitHub Actions job, links of the summary point at the commit's files.
fn summary_link_base() -> Option<String> {
    let var = |name| std::env::var(name).ok().filter(|v: &String| !v.is_empty());
    let server = var("GITHUB_SERVER_URL")?;
    let repo = var("GITHUB_REPOSITORY")?;
    let sha = var("GITHUB_SHA")?;
    Some(format!("{server}/{repo}/blob/{sha}/"))
}

/// Check one plan for a command that needs it (plan, runbook, graph, …): on
/// error-level findings, print them (human report on stderr) and give exit 1.
pub(crate) fn load_one(
    file: &Path,
    cx: &mut Ctx<'_>,
) -> Result<(Report, crate::model::Plan, crate::graph::Graph), u8> {
    match std::fs::metadata(file) {
        Err(e) => {
            return Err(cx.usage(&format!(
                "cannot read `{}`: {}",
                check::display_path(file),
                check::io_reason(&e)
            )));
        }
        Ok(m) if m.is_dir() => {
            return Err(cx.usage(&format!(
                "`{}` is a directory; this command takes one plan file",
                check::display_path(file)
            )));
        }
        Ok(_) => {}
    }
    let (report, plan, graph) = check::single(check::check_file(file, &cx.limits));
    match (plan, graph) {
        (Some(plan), Some(graph)) if report.count(Severity::Error) == 0 => {
            Ok((report, plan, graph))
        }
        _ => {
            let _ = render::human::Human.emit(&report, cx.err, cx.style);
            Err(exit::FINDINGS)
        }
    }
}

/// The usage message for the first `--env` the plan does not have.
fn unknown_env(plan: &crate::model::Plan, envs: &[String]) -> Option<String> {
    let unknown = envs.iter().find(|e| plan.env(e).is_none())?;
    Some(format!(
        "`--env {unknown}`: the plan has no such environment (it has {})",
        crate::suggest::code_list(plan.environments.iter().map(|e| &e.id.value))
    ))
}

/// Load a plan for an output command, check `--env`, and print its warnings.
pub(crate) fn load_view(
    file: &Path,
    envs: &[String],
    cx: &mut Ctx<'_>,
) -> Result<(crate::model::Plan, crate::graph::Graph), u8> {
    let (report, plan, graph) = load_one(file, cx)?;
    if let Some(message) = unknown_env(&plan, envs) {
        return Err(cx.usage(&message));
    }
    if !report.findings.is_empty() {
        let _ = render::human::Human.emit(&report, cx.err, cx.style);
    }
    Ok((plan, graph))
}

fn plan(args: &crate::cli::PlanArgs, cx: &mut Ctx<'_>) -> io::Result<u8> {
    let (plan, graph) = match load_view(&args.file, &args.envs, cx) {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    let view = crate::render::plan::View::new(&plan, &graph, &args.envs);
    match args.format {
        crate::cli::PlanFormat::Text => crate::render::plan::text(&view, cx.out)?,
        crate::cli::PlanFormat::Json => crate::render::plan::json(&view, cx.out)?,
        crate::cli::PlanFormat::Markdown => crate::render::plan::markdown(&view, cx.out)?,
    }
    Ok(exit::OK)
}

fn graph(args: &crate::cli::GraphArgs, cx: &mut Ctx<'_>) -> io::Result<u8> {
    let (plan, graph) = match load_view(&args.file, &args.envs, cx) {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    let view = crate::render::plan::View::new(&plan, &graph, &args.envs);
    match args.format {
        crate::cli::GraphFormat::Mermaid => render::graph::mermaid(&view, cx.out)?,
        crate::cli::GraphFormat::Dot => render::graph::dot(&view, cx.out)?,
    }
    Ok(exit::OK)
}

fn runbook(args: &crate::cli::RunbookArgs, cx: &mut Ctx<'_>) -> io::Result<u8> {
    let (plan, graph) = match load_view(&args.file, &args.envs, cx) {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    let view = crate::render::plan::View::new(&plan, &graph, &args.envs);
    let source = check::display_path(&args.file);
    let Some(out) = &args.output else {
        crate::runbook::markdown(&view, &source, cx.out)?;
        return Ok(exit::OK);
    };
    let mut bytes = Vec::new();
    crate::runbook::markdown(&view, &source, &mut bytes)?;
    if let Err(e) = crate::fsutil::write_atomic(out, &bytes) {
        return Ok(cx.usage(&format!(
            "cannot write the runbook to `{}`: {}",
            check::display_path(out),
            check::io_reason(&e)
        )));
    }
    Ok(exit::OK)
}
