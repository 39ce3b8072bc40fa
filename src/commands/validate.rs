//! `imsplan validate`: check plans and write the findings in one of six formats, plus
//! the GitHub job summary.

use std::io;
use std::path::PathBuf;

use super::Ctx;
use crate::check::{self, Report};
use crate::cli::{CheckFormat, ValidateArgs};
use crate::exit;
use crate::render::verdict::Policy;
use crate::render::{self, Style};

impl From<CheckFormat> for render::CheckFormat {
    fn from(format: CheckFormat) -> Self {
        match format {
            CheckFormat::Human => render::CheckFormat::Human,
            CheckFormat::Short => render::CheckFormat::Short,
            CheckFormat::Json => render::CheckFormat::Json,
            CheckFormat::Sarif => render::CheckFormat::Sarif,
            CheckFormat::Github => render::CheckFormat::Github,
            CheckFormat::Junit => render::CheckFormat::Junit,
        }
    }
}

/// `imsplan validate`.
pub(super) fn run(args: &ValidateArgs, cx: &mut Ctx<'_>) -> io::Result<u8> {
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
    if report.nothing_checked() && args.format == CheckFormat::Human {
        // Nothing could be read at all: a plain usage error naming each path, not a
        // report of findings about files that do not exist (SPEC §4).
        for f in &report.findings {
            let _ = render::error_line(cx.err, &f.message, cx.style);
            if let Some(help) = &f.help {
                let _ = writeln!(cx.err, "  help: {}", crate::terminal::escape(help));
            }
        }
        return Ok(exit::USAGE);
    }
    let policy = Policy {
        deny_warnings: args.deny_warnings,
    };
    let emitter = render::emitter(args.format.into(), policy);
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
        let read: Vec<PathBuf> = inputs.iter().map(|i| i.path.clone()).collect();
        if let Some(code) = cx.refuse_output(path, &read) {
            return Ok(code);
        }
        let base = summary_link_base();
        if let Err(e) = render::summary::append(path, &report, policy, base.as_deref()) {
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
    if args.format != CheckFormat::Human
        && let Some(why) = policy.failed_on_warnings_only(&report)
    {
        // The document shows the warnings, not that they fail the run: say why on
        // stderr (the human summary line says it itself).
        let _ = render::error_line(cx.err, &why, cx.style);
    }
    Ok(exit_for(&report, policy))
}

/// In a GitHub Actions job, links of the summary point at the commit's files.
fn summary_link_base() -> Option<String> {
    let var = |name| std::env::var(name).ok().filter(|v: &String| !v.is_empty());
    let server = var("GITHUB_SERVER_URL")?;
    let repo = var("GITHUB_REPOSITORY")?;
    let sha = var("GITHUB_SHA")?;
    Some(format!("{server}/{repo}/blob/{sha}/"))
}

/// Exit code for a report: 1 when the policy says it fails (errors, or warnings when
/// denied), else 0. Every format's notion of failure is the same [`Policy`].
fn exit_for(report: &Report, policy: Policy) -> u8 {
    if policy.failed(report) {
        exit::FINDINGS
    } else {
        exit::OK
    }
}
