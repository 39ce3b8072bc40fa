//! `imsplan status --format json`: the document's types (the schema in
//! `schemas/status.schema.json` is generated from them) and their filling.

use std::io::{self, Write};

use jiff::Timestamp;
use schemars::JsonSchema;
use serde::Serialize;

use crate::duration::iso;
use crate::model::Plan;
use crate::status::{Entry, EnvStatus, Next, parties};
use crate::view::actor;

/// The JSON document of `status --format json`.
#[derive(Serialize, JsonSchema)]
#[schemars(
    title = "imsplan status",
    description = "Output of `imsplan status --format json`."
)]
pub struct StatusOut {
    /// Version of this shape; keys may be added, none removed.
    pub format_version: &'static str,
    /// The moment the status is computed for (RFC 3339, UTC).
    pub now: String,
    /// One entry per plan file, in path order.
    pub plans: Vec<PlanOut>,
}

/// One plan file.
#[derive(Serialize, JsonSchema)]
pub struct PlanOut {
    /// The file, as given or found under a directory.
    pub file: String,
    /// False when the file has error-level findings (then `name` is null and
    /// `environments` empty; run `imsplan validate` on it).
    pub valid: bool,
    /// Error-level findings of the file.
    pub error_count: usize,
    /// The plan's `name`.
    pub name: Option<String>,
    /// The plan's `title`.
    pub title: Option<String>,
    /// Forecast finish of the whole plan.
    pub forecast: Option<String>,
    /// Finish of the schedule from `start` (null without `start`).
    pub baseline: Option<String>,
    /// The plan's deadline (null when it has none).
    pub deadline: Option<String>,
    /// Worst verdict of the plan: `done`, `unknown`, `on-track`, `at-risk`, `late`.
    pub verdict: Option<&'static str>,
    /// One entry per environment with steps, in file order.
    pub environments: Vec<EnvOut>,
}

/// One environment.
#[derive(Serialize, JsonSchema)]
pub struct EnvOut {
    /// Environment id.
    pub id: String,
    /// `development`, `stage` or `production`.
    pub role: &'static str,
    /// `managed`, `hosted`, `hybrid` or `on-premise`.
    pub hosting: &'static str,
    /// The phase reached.
    pub phase: PhaseOut,
    /// Core steps (SPEC §3) done or skipped.
    pub core: CountOut,
    /// All steps done or skipped.
    pub steps: CountOut,
    /// The next step (null when every step is done or skipped).
    pub next: Option<NextOut>,
    /// Forecast finish of the environment's last step.
    pub forecast: Option<String>,
    /// Its finish in the schedule from `start`.
    pub baseline: Option<String>,
    /// The deadline that applies (the environment's, else the plan's).
    pub deadline: Option<String>,
    /// Forecast minus target (deadline, else baseline), ISO 8601; negative values are
    /// written as `-PT…`; null without a target.
    pub slip: Option<String>,
    /// `done`, `unknown`, `on-track`, `at-risk` or `late`.
    pub verdict: &'static str,
}

/// The phase reached: the highest phase (1 upgrade … 5 move-to-v8) with a step done
/// or skipped.
#[derive(Serialize, JsonSchema)]
pub struct PhaseOut {
    /// 0 when no built-in step is done yet.
    pub reached: u8,
    /// The kind of that phase (null when 0).
    pub kind: Option<&'static str>,
    /// The kind of the highest phase with a step in progress.
    pub in_progress: Option<&'static str>,
}

/// A count of steps.
#[derive(Serialize, JsonSchema)]
pub struct CountOut {
    /// Done or skipped.
    pub done: usize,
    /// All.
    pub total: usize,
    /// `done` in percent, rounded down (null when `total` is 0).
    pub percent: Option<usize>,
}

/// The next step of an environment.
#[derive(Serialize, JsonSchema)]
pub struct NextOut {
    /// Step id.
    pub id: String,
    /// Step kind.
    pub kind: &'static str,
    /// Step title.
    pub title: Option<String>,
    /// `in-progress`, `ready`, `waiting-for-window` or `blocked`.
    pub state: &'static str,
    /// Forecast start (RFC 3339).
    pub start: String,
    /// Forecast finish (RFC 3339).
    pub finish: String,
    /// The step's `not-before`.
    pub not_before: Option<String>,
    /// `adobe`, `customer` or `adobe+customer`.
    pub actor: &'static str,
    /// Who acts by name: `Adobe`, `Adobe Customer Care`, and the owning team.
    pub parties: Vec<String>,
    /// The step's `owner`.
    pub owner: Option<String>,
    /// The open steps it waits for.
    pub waits_on: Vec<WaitOut>,
}

/// A step the next step waits for.
#[derive(Serialize, JsonSchema)]
pub struct WaitOut {
    /// Step id.
    pub id: String,
    /// Its environment.
    pub env: String,
    /// Its status.
    pub status: &'static str,
}

/// The JSON Schema of `status --format json`, as committed in
/// `schemas/status.schema.json`.
#[must_use]
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(StatusOut);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

fn stamp(t: Timestamp, zone: &jiff::tz::TimeZone) -> String {
    crate::duration::stamp(t, zone)
}

fn signed_iso(d: jiff::SignedDuration) -> String {
    if d.is_negative() {
        format!("-{}", iso(d.abs()))
    } else {
        iso(d)
    }
}

fn next_out(plan: &Plan, n: &Next) -> NextOut {
    let s = &plan.steps[n.step];
    NextOut {
        id: s.id.value.clone(),
        kind: s.kind.value.as_str(),
        title: s.title.as_ref().map(|t| t.value.clone()),
        state: n.state.as_str(),
        start: stamp(n.start, &plan.zone),
        finish: stamp(n.finish, &plan.zone),
        not_before: s.not_before.as_ref().map(|t| stamp(t.value, &plan.zone)),
        actor: actor(plan, n.step),
        parties: parties(plan, n.step),
        owner: s.owner.as_ref().map(|o| o.value.clone()),
        waits_on: n
            .waits_on
            .iter()
            .map(|&d| WaitOut {
                id: plan.steps[d].id.value.clone(),
                env: plan.steps[d].env.value.clone(),
                status: plan.steps[d].status().as_str(),
            })
            .collect(),
    }
}

fn env_out(plan: &Plan, e: &EnvStatus) -> EnvOut {
    let env = &plan.environments[e.env];
    EnvOut {
        id: env.id.value.clone(),
        role: env.role.value.as_str(),
        hosting: env.hosting.value.as_str(),
        phase: PhaseOut {
            reached: e.phase,
            kind: e.phase_kind.map(crate::model::Kind::as_str),
            in_progress: e.phase_in_progress.map(crate::model::Kind::as_str),
        },
        core: CountOut {
            done: e.core_done,
            total: e.core_total,
            percent: e.core_percent(),
        },
        steps: CountOut {
            done: e.steps_done,
            total: e.steps_total,
            percent: (e.steps_total > 0).then(|| e.steps_done * 100 / e.steps_total),
        },
        next: e.next.as_ref().map(|n| next_out(plan, n)),
        forecast: e.forecast.map(|t| stamp(t, &plan.zone)),
        baseline: e.baseline.map(|t| stamp(t, &plan.zone)),
        deadline: e.deadline.map(|t| stamp(t, &plan.zone)),
        slip: e.slip().map(signed_iso),
        verdict: e.verdict.as_str(),
    }
}

/// `--format json`.
///
/// # Errors
/// When the writer fails.
pub fn json(entries: &[Entry], now: Timestamp, w: &mut dyn Write) -> io::Result<()> {
    let doc = StatusOut {
        format_version: "1",
        now: now.to_string(),
        plans: entries
            .iter()
            .map(|entry| match &entry.loaded {
                Some((plan, _, st)) => PlanOut {
                    file: entry.file.clone(),
                    valid: true,
                    error_count: 0,
                    name: Some(plan.name.value.clone()),
                    title: plan.title.as_ref().map(|t| t.value.clone()),
                    forecast: st.forecast.map(|t| stamp(t, &plan.zone)),
                    baseline: st.baseline.map(|t| stamp(t, &plan.zone)),
                    deadline: st.deadline.map(|t| stamp(t, &plan.zone)),
                    verdict: Some(st.verdict.as_str()),
                    environments: st.envs.iter().map(|e| env_out(plan, e)).collect(),
                },
                None => PlanOut {
                    file: entry.file.clone(),
                    valid: false,
                    error_count: entry.errors,
                    name: None,
                    title: None,
                    forecast: None,
                    baseline: None,
                    deadline: None,
                    verdict: None,
                    environments: Vec::new(),
                },
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *w, &doc)?;
    writeln!(w)
}
