//! What the commands that read one plan share: load and check it, refuse it on
//! error-level findings (printed on stderr), check `--env`, print its warnings.

use std::path::Path;

use super::Ctx;
use crate::check::{self, Checked, Report};
use crate::diagnostic::{Finding, Severity};
use crate::exit;
use crate::graph::Graph;
use crate::model::Plan;
use crate::render::{self, Emitter};
use crate::view::View;

/// Check one plan for a command that needs it (plan, runbook, graph, …): on
/// error-level findings, print them (human report on stderr) and give exit 1.
pub(super) fn load_one(file: &Path, cx: &mut Ctx<'_>) -> Result<(Report, Plan, Graph), u8> {
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
fn unknown_env(plan: &Plan, envs: &[String]) -> Option<String> {
    let unknown = envs.iter().find(|e| plan.env(e).is_none())?;
    Some(format!(
        "`--env {unknown}`: the plan has no such environment (it has {})",
        crate::suggest::code_list(plan.environments.iter().map(|e| &e.id.value))
    ))
}

/// Load a plan for an output command, check `--env`, and print its warnings.
pub(super) fn load_view(
    file: &Path,
    envs: &[String],
    cx: &mut Ctx<'_>,
) -> Result<(Plan, Graph), u8> {
    let (report, plan, graph) = load_one(file, cx)?;
    if let Some(message) = unknown_env(&plan, envs) {
        return Err(cx.usage(&message));
    }
    if !report.findings.is_empty() {
        let _ = render::human::Human.emit(&report, cx.err, cx.style);
    }
    Ok((plan, graph))
}

/// A plan loaded for an output command, with the moment its forecast is made.
pub(super) struct Forecast {
    pub plan: Plan,
    pub graph: Graph,
    /// `--now`, else the current time when some step records an actual, else none.
    pub now: Option<jiff::Timestamp>,
}

impl Forecast {
    /// The view of the selected environments at `now`.
    pub fn view<'a>(&'a self, envs: &[String]) -> View<'a> {
        View::at(&self.plan, &self.graph, envs, self.now)
    }
}

/// [`load_view`], then read `--now` in the plan's zone (a usage error when it is not a
/// time).
pub(super) fn load_forecast(
    file: &Path,
    envs: &[String],
    now: Option<&str>,
    cx: &mut Ctx<'_>,
) -> Result<Forecast, u8> {
    let (plan, graph) = load_view(file, envs, cx)?;
    match forecast_now(now, &plan) {
        Ok(now) => Ok(Forecast { plan, graph, now }),
        Err(message) => Err(cx.usage(&format!("`--now`: {message}"))),
    }
}

/// Print the error-level findings of a checked text and give exit 1.
pub(super) fn print_errors(
    checked: Checked,
    keep: impl Fn(&Finding) -> bool,
    cx: &mut Ctx<'_>,
) -> u8 {
    let mut checked = checked;
    checked
        .findings
        .retain(|f| f.severity == Severity::Error && keep(f));
    let (report, _, _) = check::single(checked);
    let _ = render::human::Human.emit(&report, cx.err, cx.style);
    exit::FINDINGS
}

/// A time given on the command line (`--at`, `--now`): RFC 3339 with an offset or `Z`,
/// or a local date and time (`2026-12-07T09:00`) read in the plan's zone.
pub(super) fn time_arg(text: &str, zone: &jiff::tz::TimeZone) -> Result<jiff::Timestamp, String> {
    let t = text.trim();
    if let Ok(ts) = t.parse::<jiff::Timestamp>() {
        return Ok(ts);
    }
    t.parse::<jiff::civil::DateTime>()
        .ok()
        .and_then(|dt| dt.to_zoned(zone.clone()).ok())
        .map(|z| z.timestamp())
        .ok_or_else(|| {
            format!(
                "`{t}` is not a time: write RFC 3339 such as `2026-12-07T09:00:00+01:00`, or a local `2026-12-07T09:00`"
            )
        })
}

/// The current time, to the second.
pub(super) fn now() -> jiff::Timestamp {
    jiff::Timestamp::from_second(jiff::Timestamp::now().as_second())
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
}

/// The forecast time of `plan`/`runbook`: `--now`, else the current time when some
/// step records an actual, else none.
fn forecast_now(arg: Option<&str>, plan: &Plan) -> Result<Option<jiff::Timestamp>, String> {
    match arg {
        Some(t) => time_arg(t, &plan.zone).map(Some),
        None => Ok(crate::schedule::has_actuals(plan).then(now)),
    }
}
