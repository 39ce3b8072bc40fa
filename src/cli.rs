//! The command line: every subcommand, flag and format, as clap derive structs. The
//! doc comments are the `--help` text. Longer than ~500 lines on purpose: it is the one
//! place that knows clap's parsing (the architecture test keeps clap here and in
//! `commands/`), and the whole help text reads best, and is checked, side by side.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::parser::ValueSource;
use clap::{ArgMatches, Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

/// Plan and check the move of Adobe Campaign instances to Adobe IMS.
///
/// A plan is a YAML file (see `docs/plan-format.md`). `validate` checks it offline
/// against Adobe's rules, `plan` orders its steps into waves and dates, `runbook` writes
/// the document people follow on the day. The limit flags go before the subcommand or,
/// on the commands that read plans, after it.
#[derive(Debug, Parser)]
#[command(name = "imsplan", version, about, long_about, propagate_version = true)]
pub struct Cli {
    /// When to use colour: `auto` (when writing to a terminal and `NO_COLOR` is unset), `always` or `never`.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    #[command(flatten)]
    pub limits: LimitArgs,

    #[command(subcommand)]
    pub command: Command,
}

/// `--max-depth`: a number up to [`crate::check::MAX_DEPTH`] (each level of nesting
/// needs stack to check).
fn max_depth(value: &str) -> Result<usize, String> {
    let n: usize = value.parse().map_err(|e| format!("{e}"))?;
    if n > crate::check::MAX_DEPTH {
        return Err(format!(
            "the largest accepted depth is {} (each level of nesting needs stack to check)",
            crate::check::MAX_DEPTH
        ));
    }
    Ok(n)
}

/// Resource limits (see `docs/limits.md`). Given before the subcommand
/// (`imsplan --max-depth 128 validate`) or after it, on the commands that read plans
/// ([`PLAN_COMMANDS`]); after it wins. `--help` lists them under their own heading, after
/// the command's own flags; `-h` leaves them out.
#[derive(Debug, Args, Clone)]
#[command(next_help_heading = "Limits")]
pub struct LimitArgs {
    /// Largest plan file read, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = 64 * 1024 * 1024, hide_short_help = true)]
    pub max_file_size: u64,
    /// Deepest nesting of YAML lists and mappings.
    #[arg(
        long,
        value_name = "N",
        default_value_t = 64,
        value_parser = max_depth,
        hide_short_help = true
    )]
    pub max_depth: usize,
    /// YAML nodes (and alias expansions) allowed per byte of input.
    #[arg(long, value_name = "N", default_value_t = 1, hide_short_help = true)]
    pub max_nodes_per_byte: usize,
    /// Largest operators CSV read, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = 16 * 1024 * 1024, hide_short_help = true)]
    pub max_csv_size: u64,
    /// Most files checked in one run.
    #[arg(
        long,
        value_name = "N",
        default_value_t = 100_000,
        hide_short_help = true
    )]
    pub max_files: usize,
    /// Most findings reported per file; the rest are counted in one last finding.
    #[arg(
        long,
        value_name = "N",
        default_value_t = 1_000,
        hide_short_help = true
    )]
    pub max_findings: usize,
}

impl LimitArgs {
    /// Take the limits given on the subcommand's own command line (they win over the
    /// ones given before the subcommand).
    fn override_from(&mut self, sub: &ArgMatches) -> Result<(), clap::Error> {
        let given = LimitArgs::from_arg_matches(sub)?;
        let on_line = |id: &str| sub.value_source(id) == Some(ValueSource::CommandLine);
        if on_line("max_file_size") {
            self.max_file_size = given.max_file_size;
        }
        if on_line("max_depth") {
            self.max_depth = given.max_depth;
        }
        if on_line("max_nodes_per_byte") {
            self.max_nodes_per_byte = given.max_nodes_per_byte;
        }
        if on_line("max_csv_size") {
            self.max_csv_size = given.max_csv_size;
        }
        if on_line("max_files") {
            self.max_files = given.max_files;
        }
        if on_line("max_findings") {
            self.max_findings = given.max_findings;
        }
        Ok(())
    }
}

/// The subcommands that read plans, and so take the limit flags after their name.
pub const PLAN_COMMANDS: &[&str] = &[
    "validate", "plan", "runbook", "calendar", "graph", "next", "mark", "diff", "status", "lsp",
];

/// Widest help text, in columns: help wraps at the terminal's width up to this, and only
/// between words, so a code span or a date never breaks (none holds a space).
pub const HELP_WIDTH: usize = 100;

/// The whole command line: the derive definition, with the limit flags on
/// [`PLAN_COMMANDS`] and help wrapped at [`HELP_WIDTH`]. `--help`, the man page and the
/// completions all come from this.
#[must_use]
pub fn command() -> clap::Command {
    let limits: Vec<clap::Arg> = LimitArgs::augment_args(clap::Command::new("limits"))
        .get_arguments()
        .cloned()
        .collect();
    let mut cmd = Cli::command().max_term_width(HELP_WIDTH);
    for name in PLAN_COMMANDS {
        cmd = cmd.mut_subcommand(name, |sub| sub.args(limits.iter().cloned()));
    }
    cmd
}

/// Parse the process's command line; on a usage error print it and exit 2 (`--help`
/// and `--version` print and exit 0).
#[must_use]
pub fn parse() -> Cli {
    try_parse_from(std::env::args_os()).unwrap_or_else(|e| e.exit())
}

/// Parse a command line (the first item is the program name).
///
/// # Errors
/// A usage error, or `--help`/`--version` (clap's error kinds say which).
pub fn try_parse_from<I, T>(args: I) -> Result<Cli, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let mut cmd = command();
    let matches = cmd.try_get_matches_from_mut(args)?;
    let mut cli = Cli::from_arg_matches(&matches).map_err(|e| e.format(&mut cmd))?;
    if let Some((name, sub)) = matches.subcommand()
        && PLAN_COMMANDS.contains(&name)
    {
        cli.limits
            .override_from(sub)
            .map_err(|e| e.format(&mut cmd))?;
    }
    Ok(cli)
}

/// When to colour the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour on a terminal, unless `NO_COLOR` is set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// A subcommand.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check plan files and directories (default: `plans/`).
    Validate(ValidateArgs),
    /// Print the ordered execution plan: waves, dependencies, schedule, critical path.
    Plan(PlanArgs),
    /// Write the Markdown runbook people follow on the day.
    Runbook(RunbookArgs),
    /// Export the schedule as an iCalendar file (RFC 5545) for calendar invites.
    Calendar(CalendarArgs),
    /// Print the dependency graph as Mermaid or Graphviz DOT.
    Graph(GraphArgs),
    /// Print the JSON Schema of the plan format.
    Schema,
    /// List the rules.
    Rules(RulesArgs),
    /// Explain one rule: what it checks, why, a failing and a fixed example.
    Explain(ExplainArgs),
    /// Print a shell completion script for bash, zsh, fish, powershell or elvish.
    Completions(CompletionsArgs),
    /// Print the man page (roff), as in `docs/man/imsplan.1`.
    #[command(hide = true)]
    Man,
    /// Show what can start now, what is in progress, and what blocked steps wait for.
    Next(NextArgs),
    /// Set a step's status (and evidence or notes) in the plan file, keeping its layout.
    ///
    /// Only the lines of that step change; comments, blank lines, key order and quoting
    /// stay as they are, and a JSON plan stays JSON. The write is atomic, goes through a
    /// symlink to the real file and keeps its mode and owner; marks of one file run one
    /// at a time (an advisory lock), each on the text the previous one wrote. Refuses,
    /// leaving the file untouched, when the step does not exist, when the value comes
    /// from a YAML anchor, when the file is read-only, or when it would start or finish
    /// the step before its `not-before` window opens (exit 2; `--ignore-window` records
    /// it anyway), and when the change breaks a rule, e.g.
    /// `done` while a dependency is still `todo` (exit 1, with the finding).
    Mark(MarkArgs),
    /// Show the semantic change between two versions of a plan.
    ///
    /// Steps added, removed, renamed (same kind and environment), moved to another
    /// wave or re-wired, and every field that changed (owner, duration, status, notes,
    /// evidence, explicit `after`, each technical operator by name …); environments and
    /// plan settings added, removed or changed; risk notes for changes that touch
    /// production or a point of no return. With `--base=REV`, compares FILE with its version
    /// at that git revision.
    ///
    /// Exit codes: 0 whether or not the plans differ (use `--exit-code` to get 1 when
    /// they do); 1 when a plan has errors; 2 when a file or the revision cannot be read.
    Diff(DiffArgs),
    /// Write a commented starter plan that validates.
    Init(InitArgs),
    /// Show where every plan and environment stands: phase, core steps done, next step,
    /// forecast against the target.
    ///
    /// Reads plan files and directories (default: `plans/`). Per environment: the phase
    /// reached, the share of core steps done, the next step with its window, who acts
    /// and what it waits on, and the forecast finish (open steps start no earlier than
    /// `--now`) against the deadline or, without one, the schedule from `start`: on
    /// track, at risk or late. A plan with errors is listed as not shown (exit 1).
    Status(StatusArgs),
    /// Run the language server over stdio, for editors (see `docs/editors.md`).
    ///
    /// Diagnostics are those of `validate` (same codes, ranges and severities, with the
    /// Adobe page of each rule), refreshed as you type; hover explains a rule code, a
    /// step or an environment; go to definition follows `after` and `env`; completion
    /// offers kinds, environment and step ids, hostings and credentials; quick fixes
    /// apply the "did you mean" hints.
    Lsp,
}

/// Output formats of `status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusFormat {
    /// A table for a terminal (fits 100 columns).
    Text,
    /// A Markdown table for a document or a pull request.
    Markdown,
    /// JSON for tools (shape: `schemas/status.schema.json`).
    Json,
    /// One self-contained HTML page: a swimlane per plan and the table.
    Html,
}

/// `imsplan status`.
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Plan files or directories (searched recursively for `*.yaml` and `*.yml`).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = StatusFormat::Text)]
    pub format: StatusFormat,
    /// The moment to report for, RFC 3339 (`2026-12-08T09:00:00Z`); default: now.
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub now: Option<jiff::Timestamp>,
    /// Write the output to this file (atomically) instead of stdout.
    #[arg(long, short, value_name = "OUT")]
    pub output: Option<PathBuf>,
}

fn parse_time(text: &str) -> Result<jiff::Timestamp, String> {
    text.parse::<jiff::Timestamp>().map_err(|_| {
        format!("`{text}` is not a time with an offset; write it as RFC 3339, e.g. `2026-12-08T09:00:00Z`")
    })
}

/// Output formats of `validate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Graphical report with source snippets (on stderr).
    Human,
    /// One line per finding: `path:line:col:`, then `severity[CODE]:` and the message.
    Short,
    /// JSON document (its shape: `docs/ci.md`).
    Json,
    /// SARIF 2.1.0 for code scanning.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// `JUnit` XML.
    Junit,
}

/// `imsplan validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Plan files or directories (searched recursively for `*.yaml` and `*.yml`).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,
    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Append a Markdown summary to this file (e.g. `$GITHUB_STEP_SUMMARY`); never to a
    /// file being checked or any plan (exit 2).
    #[arg(long, value_name = "FILE")]
    pub summary: Option<PathBuf>,
}

/// Output formats of `plan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PlanFormat {
    /// Text for a terminal.
    Text,
    /// JSON for tools.
    Json,
    /// Markdown for a document or a pull request.
    Markdown,
}

/// `imsplan plan`.
#[derive(Debug, Args)]
pub struct PlanArgs {
    /// The plan file.
    pub file: PathBuf,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = PlanFormat::Text)]
    pub format: PlanFormat,
    /// Only these environments (repeatable).
    #[arg(long = "env", value_name = "ID")]
    pub envs: Vec<String>,
    /// Forecast from this time (RFC 3339, or a local `2026-12-07T09:00` in the plan's
    /// `timezone`): steps not started yet start no earlier. Default: the current time when a step records `started`/`finished`, else no forecast.
    #[arg(long, value_name = "TIME")]
    pub now: Option<String>,
}

/// `imsplan runbook`.
#[derive(Debug, Args)]
pub struct RunbookArgs {
    /// The plan file.
    pub file: PathBuf,
    /// Only these environments (repeatable).
    #[arg(long = "env", value_name = "ID")]
    pub envs: Vec<String>,
    /// Write the runbook to this file (atomically, through symlinks, keeping its mode)
    /// instead of stdout. Never over the plan, a CSV it reads, or any other plan (exit 2).
    #[arg(long, short, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Forecast from this time (RFC 3339, or a local `2026-12-07T09:00` in the plan's
    /// `timezone`): steps not started yet start no earlier. Default: the current time when a step records `started`/`finished`, else no forecast.
    #[arg(long, value_name = "TIME")]
    pub now: Option<String>,
    /// Output format: Markdown for git and pull requests, or one self-contained HTML
    /// page (timeline, checklists; no script, no network) for the day itself.
    #[arg(long, short, value_enum, default_value_t = RunbookFormat::Markdown)]
    pub format: RunbookFormat,
}

/// Output formats of `runbook`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RunbookFormat {
    /// Markdown (GitHub renders it, Mermaid charts included).
    Markdown,
    /// One self-contained HTML page: SVG timeline by party, checklists, printable.
    Html,
}

/// `imsplan calendar`.
#[derive(Debug, Args)]
pub struct CalendarArgs {
    /// The plan file (it needs a `start`).
    pub file: PathBuf,
    /// Only these environments (repeatable).
    #[arg(long = "env", value_name = "ID")]
    pub envs: Vec<String>,
    /// Write the calendar to this file (e.g. `plan.ics`; atomically) instead of stdout.
    /// Never over the plan, a CSV it reads, or any other plan (exit 2).
    #[arg(long, short, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Forecast from this time, as `--now` of `plan` (default: the current time when a
    /// step records `started`/`finished`).
    #[arg(long, value_name = "TIME")]
    pub now: Option<String>,
}

/// Output formats of `graph`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    /// Mermaid flowchart (GitHub renders it in Markdown).
    Mermaid,
    /// Graphviz DOT (render it with Graphviz `dot`).
    Dot,
}

/// `imsplan graph`.
#[derive(Debug, Args)]
pub struct GraphArgs {
    /// The plan file.
    pub file: PathBuf,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = GraphFormat::Mermaid)]
    pub format: GraphFormat,
    /// Only these environments (repeatable).
    #[arg(long = "env", value_name = "ID")]
    pub envs: Vec<String>,
}

/// Output formats of `rules` and `explain`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InfoFormat {
    /// Text.
    Text,
    /// JSON.
    Json,
}

/// `imsplan rules`.
#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = InfoFormat::Text)]
    pub format: InfoFormat,
}

/// `imsplan explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The rule code, e.g. `IMS002`.
    pub code: String,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = InfoFormat::Text)]
    pub format: InfoFormat,
}

/// `imsplan completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell: `bash`, `zsh`, `fish`, `powershell` or `elvish`.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Output formats of `next`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NextFormat {
    /// Text for a terminal.
    Text,
    /// JSON for tools.
    Json,
}

/// `imsplan next`.
#[derive(Debug, Args)]
pub struct NextArgs {
    /// The plan file.
    pub file: PathBuf,
    /// Only these environments (repeatable).
    #[arg(long = "env", value_name = "ID")]
    pub envs: Vec<String>,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = NextFormat::Text)]
    pub format: NextFormat,
    /// Forecast from this time (RFC 3339, or a local `2026-12-07T09:00` in the plan's
    /// `timezone`): steps not started yet start no earlier. Default: the current time.
    #[arg(long, value_name = "TIME")]
    pub now: Option<String>,
}

/// `imsplan mark`.
#[derive(Debug, Args)]
pub struct MarkArgs {
    /// The plan file.
    pub file: PathBuf,
    /// The step id.
    pub step: String,
    /// The new status.
    #[arg(long, value_name = "STATUS",
          value_parser = clap::builder::PossibleValuesParser::new(["todo", "in-progress", "done", "skipped"]))]
    pub status: Option<String>,
    /// Link or reference proving the step (sets `evidence`).
    #[arg(long, value_name = "URL")]
    pub evidence: Option<String>,
    /// Sets the step's `notes`, replacing any it has.
    #[arg(long, value_name = "TEXT", conflicts_with = "append_note")]
    pub note: Option<String>,
    /// Adds a paragraph to the step's `notes`, keeping what they say.
    #[arg(long, value_name = "TEXT")]
    pub append_note: Option<String>,
    /// When it happened (RFC 3339, e.g. `2026-12-07T21:00:00+01:00`, or a local
    /// `2026-12-07T21:00` in the plan's `timezone`); default: now. With
    /// `--status=in-progress` it is written as `started`, with `--status=done` as
    /// `finished`.
    #[arg(long, value_name = "TIME", requires = "status")]
    pub at: Option<String>,
    /// Mark the step in progress or done even though its window is not open yet at
    /// `--at` (or now): its `not-before` is still to come. Without it, `mark` refuses.
    #[arg(long, requires = "status")]
    pub ignore_window: bool,
}

/// Output formats of `diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// Text for a terminal.
    Text,
    /// Markdown for a pull-request comment.
    Markdown,
    /// JSON for tools.
    Json,
}

/// `imsplan diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The old plan (or, with `--base`, the plan file to compare with its old version).
    #[arg(value_name = "OLD")]
    pub old: PathBuf,
    /// The new plan (not with `--base`).
    #[arg(
        value_name = "NEW",
        required_unless_present = "base",
        conflicts_with = "base"
    )]
    pub new: Option<PathBuf>,
    /// Compare FILE with its version at this git revision (read with `git`).
    #[arg(long, value_name = "REV")]
    pub base: Option<String>,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,
    /// Exit 1 when the plans differ (without it, `diff` exits 0 either way).
    #[arg(long)]
    pub exit_code: bool,
}

/// `imsplan init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// How the environments are hosted.
    #[arg(long, default_value = "managed",
          value_parser = clap::builder::PossibleValuesParser::new(["managed", "hosted", "hybrid", "on-premise"]))]
    pub hosting: String,
    /// Where the programme ends: Adobe IMS, or Campaign v8.
    #[arg(long, default_value = "ims",
          value_parser = clap::builder::PossibleValuesParser::new(["ims", "v8"]))]
    pub target: String,
    /// Where the build upgrade goes: `upgrade-first` (upgrade to 7.4.1, then migrate; Adobe's recommendation) or `migrate-first` (migrate on 7.3.5, upgrade to 7.4.1 afterwards, then the restrictions).
    #[arg(long, default_value = "upgrade-first",
          value_parser = clap::builder::PossibleValuesParser::new(["upgrade-first", "migrate-first"]))]
    pub route: String,
    /// Write the plan to this file (atomically, through symlinks) instead of printing it.
    /// Its editor modeline points at the repository's `schemas/plan.schema.json` (looked
    /// for from the file's folder up to the repository root), else at `plan.schema.json`
    /// beside it, written when missing (what the `schema` command prints).
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Overwrite FILE when it exists. A file that is a plan is never overwritten (exit 2).
    #[arg(long)]
    pub force: bool,
}
