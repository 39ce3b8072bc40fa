//! `imsplan status`: load every plan under the paths, compute where each environment
//! stands at `--now`, and write it in one of four formats, to stdout or a file.

use std::io;
use std::path::PathBuf;

use super::Ctx;
use crate::check;
use crate::cli::{StatusArgs, StatusFormat};
use crate::diagnostic::Severity;
use crate::exit;
use crate::fsutil;
use crate::render::{self, Emitter};
use crate::status::{self, Entry};

impl From<StatusFormat> for render::status::Format {
    fn from(format: StatusFormat) -> Self {
        match format {
            StatusFormat::Text => render::status::Format::Text,
            StatusFormat::Markdown => render::status::Format::Markdown,
            StatusFormat::Json => render::status::Format::Json,
            StatusFormat::Html => render::status::Format::Html,
        }
    }
}

/// `imsplan status`: exit 1 when a plan has errors (it is listed as not shown and its
/// diagnostics go to stderr), 2 when a path cannot be read.
pub(super) fn run(args: &StatusArgs, cx: &mut Ctx<'_>) -> io::Result<u8> {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from("plans")]
    } else {
        args.paths.clone()
    };
    let inputs = match check::gather(&paths, &cx.limits) {
        Ok(f) => f,
        Err(e) => return Ok(cx.usage(&e.to_string())),
    };
    if let Some(problem) = inputs.iter().find_map(|i| i.problem.as_ref()) {
        return Ok(cx.usage(&problem.to_string()));
    }
    if let Some(out) = &args.output {
        let files: Vec<PathBuf> = inputs.iter().map(|i| i.path.clone()).collect();
        if let Some(code) = cx.refuse_output(out, &files) {
            return Ok(code);
        }
    }
    let now = args.now.unwrap_or_else(jiff::Timestamp::now);
    let mut entries = Vec::new();
    let mut code = exit::OK;
    for input in &inputs {
        let (report, plan, graph) = check::single(check::check_file(&input.path, &cx.limits));
        let errors = report.count(Severity::Error);
        let file = check::display_path(&input.path);
        match (plan, graph) {
            (Some(plan), Some(graph)) if errors == 0 => {
                let st = status::of(&plan, &graph, now);
                entries.push(Entry {
                    file,
                    loaded: Some((plan, graph, st)),
                    errors: 0,
                });
            }
            _ => {
                let _ = render::human::Human.emit(&report, cx.err, cx.style);
                code = exit::FINDINGS;
                entries.push(Entry {
                    file,
                    loaded: None,
                    errors: errors.max(1),
                });
            }
        }
    }
    let format = args.format.into();
    // Text, Markdown and HTML pass through the control-character filter (SPEC §11.9);
    // JSON escapes its strings itself.
    let Some(out) = &args.output else {
        if args.format == StatusFormat::Json {
            render::status::write(&entries, now, format, cx.out)?;
        } else {
            render::status::write(&entries, now, format, &mut cx.text_out())?;
        }
        return Ok(code);
    };
    let mut bytes = Vec::new();
    if args.format == StatusFormat::Json {
        render::status::write(&entries, now, format, &mut bytes)?;
    } else {
        render::status::write(
            &entries,
            now,
            format,
            &mut crate::terminal::Escaping::new(&mut bytes),
        )?;
    }
    if let Err(e) = fsutil::write_atomic(out, &bytes) {
        return Ok(cx.usage(&format!(
            "cannot write the status to `{}`: {}",
            check::display_path(out),
            check::io_reason(&e)
        )));
    }
    Ok(code)
}
