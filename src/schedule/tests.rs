//! Unit tests of the schedule: forward and backward passes, the critical path.
use super::*;
use crate::load::{Limits, load_text};

fn load(steps: &str) -> (Plan, Graph) {
    load_with("start: 2026-01-05T08:00:00Z\n", steps)
}

/// A plan with `head` (plan-level keys: `start`, `calendar`, `deadline` …) and `steps`.
fn load_with(head: &str, steps: &str) -> (Plan, Graph) {
    let text = format!(
        "format: 1\nname: t\n{head}environments:\n  \
         a:\n    role: stage\n    hosting: on-premise\n    version: 7.4.1\n  \
         b:\n    role: development\n    hosting: on-premise\n    version: 7.4.1\nsteps:\n{steps}"
    );
    let loaded = load_text("t.yaml", &text, 0, &Limits::default());
    let plan = loaded.plan.expect("plan loads");
    let graph = Graph::build(&plan);
    (plan, graph)
}

fn id(plan: &Plan, sched: &Schedule, name: &str) -> Times {
    let i = plan.steps.iter().position(|s| s.id.value == name).unwrap();
    sched.times[i]
}

fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn path(plan: &Plan, sched: &Schedule) -> Vec<String> {
    sched
        .critical_path
        .iter()
        .map(|&i| plan.steps[i].id.value.clone())
        .collect()
}

#[test]
fn parallel_branches() {
    let (plan, graph) = load(
        "  - {id: x, env: a, kind: custom, duration: 2h, title: t}\n  \
         - {id: y, env: b, kind: custom, duration: 5h, title: t}\n  \
         - {id: z, env: a, kind: custom, duration: 1h, after: [x, y], title: t}\n",
    );
    let s = Schedule::compute(&plan, &graph).unwrap();
    assert_eq!(id(&plan, &s, "x").start, ts("2026-01-05T08:00:00Z"));
    assert_eq!(id(&plan, &s, "y").start, ts("2026-01-05T08:00:00Z"));
    assert_eq!(id(&plan, &s, "z").start, ts("2026-01-05T13:00:00Z"));
    assert_eq!(id(&plan, &s, "z").finish, ts("2026-01-05T14:00:00Z"));
    assert_eq!(id(&plan, &s, "x").slack, SignedDuration::from_hours(3));
    assert!(!id(&plan, &s, "x").critical());
    assert!(id(&plan, &s, "y").critical());
    assert_eq!(path(&plan, &s), ["y", "z"]);
    assert_eq!(s.critical_duration(), SignedDuration::from_hours(6));
    assert!(s.complete());
}

#[test]
fn not_before_pushes_a_step() {
    let (plan, graph) = load(
        "  - {id: x, env: a, kind: custom, duration: 1h, title: t}\n  \
         - {id: y, env: a, kind: custom, duration: 2h, after: [x], not-before: '2026-01-05T20:00:00Z', title: t}\n",
    );
    let s = Schedule::compute(&plan, &graph).unwrap();
    assert_eq!(id(&plan, &s, "y").start, ts("2026-01-05T20:00:00Z"));
    assert_eq!(s.finish, ts("2026-01-05T22:00:00Z"));
    // x may slip until y's window opens; the wait for the window is part of the chain,
    // which goes on through x.
    assert_eq!(id(&plan, &s, "x").slack, SignedDuration::from_hours(11));
    assert_eq!(path(&plan, &s), ["x", "y"]);
    // The critical path's length is the real span: the wait for the window counts.
    assert_eq!(s.critical_duration(), SignedDuration::from_hours(14));
}

#[test]
fn done_step_in_the_middle_counts_zero() {
    let (plan, graph) = load(
        "  - {id: x, env: a, kind: custom, duration: 1h, status: done, title: t}\n  \
         - {id: y, env: a, kind: custom, duration: 3h, status: done, after: [x], title: t}\n  \
         - {id: z, env: a, kind: custom, duration: 2h, status: in-progress, after: [y], title: t}\n  \
         - {id: w, env: a, kind: custom, after: [z], title: t}\n",
    );
    let s = Schedule::compute(&plan, &graph).unwrap();
    assert_eq!(id(&plan, &s, "y").start, ts("2026-01-05T08:00:00Z"));
    assert_eq!(id(&plan, &s, "y").finish, ts("2026-01-05T08:00:00Z"));
    assert_eq!(id(&plan, &s, "z").finish, ts("2026-01-05T10:00:00Z"));
    assert_eq!(id(&plan, &s, "w").start, ts("2026-01-05T10:00:00Z"));
    // w (no duration) finishes with z; the tie goes to z, first in output order.
    assert_eq!(path(&plan, &s), ["x", "y", "z"]);
    assert!(id(&plan, &s, "w").critical());
    let missing: Vec<&str> = s
        .no_duration
        .iter()
        .map(|&i| plan.steps[i].id.value.as_str())
        .collect();
    assert_eq!(missing, ["w"]);
    assert!(!s.complete());
}

#[test]
fn critical_path_on_a_diamond() {
    // top → (left 2h | right 5h) → bottom: the chain runs through the longer side.
    let (plan, graph) = load(
        "  - {id: top, env: a, kind: custom, duration: 1h, title: t}\n  \
         - {id: left, env: a, kind: custom, duration: 2h, after: [top], title: t}\n  \
         - {id: right, env: a, kind: custom, duration: 5h, after: [top], title: t}\n  \
         - {id: bottom, env: a, kind: custom, duration: 1h, after: [left, right], title: t}\n",
    );
    let s = Schedule::compute(&plan, &graph).unwrap();
    assert_eq!(path(&plan, &s), ["top", "right", "bottom"]);
    assert_eq!(id(&plan, &s, "left").slack, SignedDuration::from_hours(3));
    assert!(id(&plan, &s, "right").critical());
    assert_eq!(s.critical_duration(), SignedDuration::from_hours(7));
}

#[test]
fn ties_go_to_output_order() {
    let (plan, graph) = load(
        "  - {id: p, env: a, kind: custom, duration: 2h, title: t}\n  \
         - {id: q, env: a, kind: custom, duration: 2h, title: t}\n  \
         - {id: r, env: a, kind: custom, duration: 1h, after: [q, p], title: t}\n  \
         - {id: s, env: a, kind: custom, duration: 3h, title: t}\n",
    );
    let s = Schedule::compute(&plan, &graph).unwrap();
    // r and s both finish at 11:00; s is earlier in output order (wave 1).
    assert_eq!(path(&plan, &s), ["s"]);
    let (plan, graph) = load(
        "  - {id: p, env: a, kind: custom, duration: 2h, title: t}\n  \
         - {id: q, env: a, kind: custom, duration: 2h, title: t}\n  \
         - {id: r, env: a, kind: custom, duration: 1h, after: [q, p], title: t}\n",
    );
    let s = Schedule::compute(&plan, &graph).unwrap();
    assert_eq!(path(&plan, &s), ["p", "r"]);
}

#[test]
fn no_start_no_schedule_but_anchored_times() {
    let text = "format: 1\nname: t\nenvironments:\n  a:\n    role: stage\n    hosting: managed\n    version: 7.4.1\nsteps:\n  \
                - {id: x, env: a, kind: custom, duration: 2h, title: t}\n  \
                - {id: y, env: a, kind: custom, duration: 1h, after: [x], not-before: '2026-01-05T08:00:00Z', title: t}\n  \
                - {id: z, env: a, kind: custom, after: [y], title: t}\n";
    let plan = load_text("t.yaml", text, 0, &Limits::default())
        .plan
        .unwrap();
    let graph = Graph::build(&plan);
    assert!(Schedule::compute(&plan, &graph).is_none());
    let e = earliest(&plan, &graph, None);
    assert_eq!(e[0], None);
    assert_eq!(
        e[2],
        Some((ts("2026-01-05T09:00:00Z"), ts("2026-01-05T09:00:00Z")))
    );
}

/// Mon–Fri 08:00–18:00 (UTC); the programme starts on Friday 9 January 2026.
const OFFICE: &str = "start: 2026-01-09T08:00:00Z\ncalendar:\n  \
                      working-days: [mon, tue, wed, thu, fri]\n  working-hours: \"08:00-18:00\"\n";

#[test]
fn the_chain_goes_on_through_a_weekend_wait() {
    // p runs Friday 08:00–18:00; r waits for Monday 08:00 (the weekend).
    let (plan, graph) = load_with(
        OFFICE,
        "  - {id: p, env: a, kind: custom, duration: 10h, title: t}\n  \
         - {id: q, env: a, kind: custom, duration: 1h, title: t}\n  \
         - {id: r, env: a, kind: custom, duration: 1h, after: [p, q], title: t}\n",
    );
    let s = Schedule::compute(&plan, &graph).unwrap();
    assert_eq!(id(&plan, &s, "r").start, ts("2026-01-12T08:00:00Z"));
    assert_eq!(path(&plan, &s), ["p", "r"]);
    // The real span, weekend included: Friday 08:00 → Monday 09:00.
    assert_eq!(s.critical_duration(), SignedDuration::from_hours(73));
}

#[test]
fn slack_respects_the_calendar() {
    let (plan, graph) = load_with(
        OFFICE,
        "  - {id: p, env: a, kind: custom, duration: 10h, title: t}\n  \
         - {id: q, env: a, kind: custom, duration: 1h, title: t}\n  \
         - {id: r, env: a, kind: custom, duration: 1h, after: [p, q], title: t}\n",
    );
    let s = Schedule::compute(&plan, &graph).unwrap();
    // In elapsed time q could wait until Monday 07:00, but the last moment its calendar
    // lets it start is Friday 17:59: the weekend is not slack it can use.
    let q = id(&plan, &s, "q");
    assert_eq!(q.slack, SignedDuration::from_mins(9 * 60 + 59));
    assert_eq!(id(&plan, &s, "p").slack, q.slack);
    assert!(!q.critical());
    assert!(id(&plan, &s, "r").critical());
}

#[test]
fn deadline_slack_respects_the_calendar() {
    let head = format!("{OFFICE}deadline: 2026-01-12T10:00:00Z\n");
    let (plan, graph) = load_with(
        &head,
        "  - {id: p, env: a, kind: custom, duration: 10h, title: t}\n  \
         - {id: r, env: a, kind: custom, duration: 1h, after: [p], title: t}\n",
    );
    let s = Schedule::compute(&plan, &graph).unwrap();
    let r = id(&plan, &s, "r");
    assert_eq!(r.due, Some(ts("2026-01-12T10:00:00Z")));
    assert_eq!(r.deadline_slack(), Some(SignedDuration::from_hours(1)));
    // p must finish by Monday 09:00, but can start no later than Friday 17:59.
    let p = id(&plan, &s, "p");
    assert_eq!(p.due, Some(ts("2026-01-12T09:00:00Z")));
    assert_eq!(
        p.deadline_slack(),
        Some(SignedDuration::from_mins(9 * 60 + 59))
    );
    // A deadline missed by an hour: negative slack.
    let head = format!("{OFFICE}deadline: 2026-01-12T08:00:00Z\n");
    let (plan, graph) = load_with(
        &head,
        "  - {id: p, env: a, kind: custom, duration: 10h, title: t}\n  \
         - {id: r, env: a, kind: custom, duration: 1h, after: [p], title: t}\n",
    );
    let s = Schedule::compute(&plan, &graph).unwrap();
    assert_eq!(
        id(&plan, &s, "r").deadline_slack(),
        Some(SignedDuration::from_hours(-1))
    );
}
