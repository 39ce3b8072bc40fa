//! Phase and environment rules: IMS003 (restrictions after both migrations), IMS009
//! (v8 after both migrations), IMS010 (core steps for the target), IMS018 (v8 needs a
//! move for self-hosted environments), IMS004 (production promotes from stage) and
//! IMS011 (statuses agree with the dependency graph).

use crate::diagnostic::Finding;
use crate::graph::Reason;
use crate::model::{Environment, Hosting, Kind, Role, Status, Target};
use crate::rules::{Code, RuleCx};
use crate::version::Version;

/// Bit of a built-in kind in a per-environment mask.
fn bit(kind: Kind) -> u8 {
    match kind {
        Kind::Upgrade => 1,
        Kind::MigrateUsers => 2,
        Kind::MigrateOperators => 4,
        Kind::EnableRestrictions => 8,
        Kind::MoveToV8 => 16,
        Kind::Custom => 0,
    }
}

/// The kinds of a mask, in phase order, as "`a` and `b`".
fn kinds_text(mask: u8) -> String {
    let v: Vec<String> = Kind::ALL
        .iter()
        .filter(|k| bit(**k) & mask != 0)
        .map(|k| format!("`{k}`"))
        .collect();
    match v.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn already_v8(e: &Environment) -> bool {
    Version::parse(&e.version.value).is_some_and(|v| v.is_v8())
}

/// Per environment: which built-in kinds it has, and how many steps.
struct Census {
    present: Vec<u8>,
    steps: Vec<usize>,
    /// The first stage environment, for IMS004's help.
    stage: Option<usize>,
    /// Per environment, its first `enable-restrictions` step.
    restrictions: Vec<Option<usize>>,
}

fn census(cx: &RuleCx<'_>) -> Census {
    let envs = cx.plan.environments.len();
    let mut c = Census {
        present: vec![0u8; envs],
        steps: vec![0usize; envs],
        restrictions: vec![None; envs],
        stage: cx
            .plan
            .environments
            .iter()
            .position(|e| e.role.value == Role::Stage),
    };
    for (i, s) in cx.plan.steps.iter().enumerate() {
        if let Some(e) = cx.graph.env_of.get(i).copied().filter(|&e| e < envs) {
            c.present[e] |= bit(s.kind.value);
            c.steps[e] += 1;
            if s.kind.value == Kind::EnableRestrictions && c.restrictions[e].is_none() {
                c.restrictions[e] = Some(i);
            }
        }
    }
    c
}

/// Run the phase and environment rules.
pub fn check(cx: &RuleCx<'_>) -> Vec<Finding> {
    let c = census(cx);
    let mut out = Vec::new();
    // Kinds already reported missing per environment (one root cause, one finding).
    let mut reported = late_phases(cx, &c, &mut out);
    for e in 0..cx.plan.environments.len() {
        self_hosted_v8(cx, &c, e, &mut reported, &mut out);
        core_steps(cx, &c, e, reported[e], &mut out);
        promotion(cx, &c, e, &mut out);
    }
    out.extend(status_order(cx));
    out
}

/// IMS003 and IMS009: a late phase without both migrations in its environment.
/// Returns, per environment, the kinds reported missing.
fn late_phases(cx: &RuleCx<'_>, c: &Census, out: &mut Vec<Finding>) -> Vec<u8> {
    let plan = cx.plan;
    let envs = plan.environments.len();
    let migrations = bit(Kind::MigrateUsers) | bit(Kind::MigrateOperators);
    let mut reported = vec![0u8; envs];
    for (i, s) in plan.steps.iter().enumerate() {
        let code = match s.kind.value {
            Kind::EnableRestrictions => Code::IMS003,
            Kind::MoveToV8 => Code::IMS009,
            _ => continue,
        };
        let Some(e) = cx.graph.env_of.get(i).copied().filter(|&e| e < envs) else {
            continue;
        };
        // The migrations may be among the steps dropped while loading.
        if plan.dropped.touches(&plan.environments[e].id.value) {
            continue;
        }
        let missing = migrations & !c.present[e];
        // One root cause, one finding: with a `move-to-v8` in the environment, IMS009
        // reports the missing migration and labels the restriction step.
        if missing == 0 || (code == Code::IMS003 && c.present[e] & bit(Kind::MoveToV8) != 0) {
            continue;
        }
        reported[e] |= missing;
        let env = &plan.environments[e];
        let why = if code == Code::IMS003 {
            "restrictions lock native operators out, so every end user and technical operator must be on IMS first"
        } else {
            "v8 allows no native login, so both migrations must happen before the move"
        };
        let mut f = Finding::new(
            code,
            cx.source,
            s.kind.span,
            format!(
                "`{}` in `{}` comes without a {} step",
                s.kind.value,
                env.id.value,
                kinds_text(missing)
            ),
        )
        .primary(format!("step `{}`", s.id.value))
        .label(env.id.span, format!("environment `{}`", env.id.value));
        if code == Code::IMS009 {
            // The first restriction step of the environment (one look-up per finding).
            if let Some(&j) = c.restrictions.get(e).and_then(Option::as_ref) {
                let r = &plan.steps[j];
                f = f.label(
                    r.kind.span,
                    format!("`{}` needs both migrations too", r.id.value),
                );
            }
        }
        out.push(f.help(format!(
            "add the {} step of `{}` ({why}); if it already happened, add it with `status: done`",
            kinds_text(missing),
            env.id.value
        )));
    }
    reported
}

/// IMS018: v8 runs only as an Adobe-managed service.
fn self_hosted_v8(
    cx: &RuleCx<'_>,
    c: &Census,
    e: usize,
    reported: &mut [u8],
    out: &mut Vec<Finding>,
) {
    let plan = cx.plan;
    let env = &plan.environments[e];
    let self_hosted = matches!(env.hosting.value, Hosting::Hybrid | Hosting::OnPremise);
    if plan.target() != Target::V8
        || plan.dropped.touches(&env.id.value)
        || !self_hosted
        || already_v8(env)
        || c.present[e] & bit(Kind::MoveToV8) != 0
    {
        return;
    }
    reported[e] |= bit(Kind::MoveToV8);
    let mut f = Finding::new(
        Code::IMS018,
        cx.source,
        env.id.span,
        format!(
            "`{}` is {} and has no `move-to-v8` step, but the plan's target is `v8`",
            env.id.value, env.hosting.value
        ),
    )
    .label(env.hosting.span, "runs outside Adobe's cloud")
    .help(format!(
        "v8 runs only as an Adobe-managed cloud service: add a `move-to-v8` step for `{}` (Adobe moves it with you)",
        env.id.value
    ));
    if let Some(t) = &plan.target {
        f = f.label(t.span, "target set here");
    }
    out.push(f);
}

/// IMS010: core steps for the target; an environment without steps is P009's.
fn core_steps(cx: &RuleCx<'_>, c: &Census, e: usize, reported: u8, out: &mut Vec<Finding>) {
    let plan = cx.plan;
    let env = &plan.environments[e];
    if c.steps[e] == 0 || plan.dropped.touches(&env.id.value) {
        return;
    }
    let mut core =
        bit(Kind::MigrateUsers) | bit(Kind::MigrateOperators) | bit(Kind::EnableRestrictions);
    if plan.target() == Target::V8 && !already_v8(env) {
        core |= bit(Kind::MoveToV8);
    }
    let missing = core & !c.present[e] & !reported;
    if missing == 0 {
        return;
    }
    let plural = if missing.count_ones() > 1 { "s" } else { "" };
    out.push(
        Finding::new(
            Code::IMS010,
            cx.source,
            env.id.span,
            format!(
                "environment `{}` has no {} step{plural} (target `{}`)",
                env.id.value,
                kinds_text(missing),
                plan.target()
            ),
        )
        .help(format!(
            "add the missing step{plural}; if one is already behind you, add it with `status: done` or `status: skipped` so the plan tells the whole story"
        )),
    );
}

/// IMS004: production proves nothing on stage first.
fn promotion(cx: &RuleCx<'_>, c: &Census, e: usize, out: &mut Vec<Finding>) {
    let plan = cx.plan;
    let env = &plan.environments[e];
    // A dropped stage environment, or a promotion source dropped from `after`.
    if env.role.value != Role::Production
        || plan.dropped.any_environment()
        || plan.dropped.touches(&env.id.value)
    {
        return;
    }
    let sources = cx.graph.sources.get(e).map_or(&[][..], Vec::as_slice);
    if sources
        .iter()
        .any(|&s| plan.environments[s].role.value == Role::Stage)
    {
        return;
    }
    let help = match c.stage.map(|st| &plan.environments[st]) {
        Some(st) => format!(
            "add `{}` to the `after` of `{}`, so stage proves each phase before production repeats it",
            st.id.value, env.id.value
        ),
        None => format!(
            "add a stage environment and let `{}` promote from it, so stage proves each phase before production repeats it",
            env.id.value
        ),
    };
    let mut f = Finding::new(
        Code::IMS004,
        cx.source,
        env.id.span,
        format!(
            "production environment `{}` does not promote from a stage environment",
            env.id.value
        ),
    )
    .help(help);
    for item in env.after.iter().flatten() {
        f = f.label(item.span, format!("promotes from `{}`", item.value));
    }
    out.push(f);
}

/// IMS011: a step is done or in progress while a dependency (explicit, phase or
/// promotion edge) is still open.
fn status_order(cx: &RuleCx<'_>) -> Vec<Finding> {
    let plan = cx.plan;
    let mut out = Vec::new();
    for (i, s) in plan.steps.iter().enumerate() {
        let Some(status) = &s.status else { continue };
        // In an environment that lost a step while loading, the implicit edges of its
        // upgrades are placed without it: what a step waits for is not known.
        if !matches!(status.value, Status::Done | Status::InProgress)
            || plan.dropped.touches(&s.env.value)
        {
            continue;
        }
        let open: Vec<_> = cx.graph.deps[i]
            .iter()
            .filter(|d| !plan.steps[d.step].status().is_closed())
            .collect();
        let Some(first) = open.first() else { continue };
        let dep = &plan.steps[first.step];
        let others = match open.len() {
            1 => String::new(),
            2 => " and 1 more".to_owned(),
            n => format!(" and {} more", n - 1),
        };
        let mut f = Finding::new(
            Code::IMS011,
            cx.source,
            status.span,
            format!(
                "`{}` is {} but `{}`{others}, which it waits for, is {}",
                s.id.value,
                status.value,
                dep.id.value,
                dep.status()
            ),
        )
        .primary(format!("marked {}", status.value))
        .help("finish the steps it waits for first, or correct their status (`imsplan mark`)")
        .defined_at(status.defined);
        for d in open {
            let o = &plan.steps[d.step];
            let why = match d.reason {
                Reason::Explicit(_) => "named in `after`".to_owned(),
                Reason::Phase => "earlier phase".to_owned(),
                Reason::Promotion => format!("`{}` goes first", o.env.value),
            };
            let at = o.status.as_ref().map_or(o.id.span, |st| st.span);
            f = f.label(at, format!("`{}` is {} ({why})", o.id.value, o.status()));
        }
        out.push(f);
    }
    out
}
