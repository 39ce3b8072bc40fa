//! Version rules: the effective version of each step (SPEC §3) and what Adobe requires
//! of it: IMS001 (IMS-compatible for the migrations), IMS002 (7.4.1 for restrictions),
//! IMS013 (7.4.1 for end users), IMS006 (no downgrade), IMS007 (upgrade targets),
//! IMS008 (versions and builds against the table of DOMAIN.md §2).
//!
//! The effective version (`effective.rs`) is computed in one pass over the steps in
//! topological order (`Graph::upgrade_before`).

pub use super::effective::{Effective, Origin, effective_versions, runs_on};
use crate::diagnostic::{Finding, Severity};
use crate::model::{Kind, Plan, Step};
use crate::rules::{Code, RuleCx};
use crate::span::Sp;
use crate::version::Version;

const ADVICE: &str = "7.4.1 (Adobe's recommendation for the whole migration)";

/// Run the version rules.
pub fn check(cx: &RuleCx<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    let plan = cx.plan;
    check_environments(cx, &mut out);
    let eff = effective_versions(plan, cx.graph);
    // Upgrades whose own target is at fault: the steps after them are not reported again.
    let mut faulty = vec![false; plan.steps.len()];
    // Per environment, an upgrade to 7.4.1 or later (for IMS013's help: a step below
    // 7.4.1 in its environment runs before it, the 7.3.5-first route).
    let mut to_741 = vec![None; plan.environments.len()];
    for (i, s) in plan.steps.iter().enumerate() {
        let Some(to) = s.to.as_ref().filter(|_| s.kind.value == Kind::Upgrade) else {
            continue;
        };
        if let Some(slot) = cx.graph.env_of.get(i).and_then(|&e| to_741.get_mut(e))
            && slot.is_none()
            && Version::parse(&to.value).is_some_and(|v| v.at_least_741() && !v.is_v8())
        {
            *slot = Some(i);
        }
        faulty[i] = check_target(cx, to, &mut out);
        // In an environment that lost a step while loading, the version a step runs on
        // is not known (a dropped upgrade would have set it).
        if plan.dropped.touches(&s.env.value) {
            continue;
        }
        if let (Some(from), Some(target)) = (&eff[i], Version::parse(&to.value))
            && !from.version.beyond()
        {
            faulty[i] |= check_downgrade(cx, s, to, &target, from, &mut out);
        }
    }
    for (i, s) in plan.steps.iter().enumerate() {
        let Some(e) = &eff[i] else { continue };
        // A misplaced `.IMS` or a version newer than the tool knows: IMS008 at the
        // version says so once; the step rules cannot judge it.
        if e.version.bad_suffix() || e.version.beyond() || plan.dropped.touches(&s.env.value) {
            continue;
        }
        if let Origin::Upgrade(u) = e.origin
            && faulty[u]
        {
            continue;
        }
        let later = cx
            .graph
            .env_of
            .get(i)
            .and_then(|&e| to_741.get(e).copied().flatten());
        check_step(cx, s, e, later, &mut out);
    }
    out
}

/// IMS008 on each environment's `version` and `build`.
fn check_environments(cx: &RuleCx<'_>, out: &mut Vec<Finding>) {
    for e in &cx.plan.environments {
        let Some(v) = Version::parse(&e.version.value) else {
            continue;
        };
        if let Some(f) = version_finding(cx, &e.version, &v, "version") {
            out.push(f);
            continue;
        }
        let Some(build) = &e.build else { continue };
        let Some(expected) = v.builds_text() else {
            continue;
        };
        let number = build.value.parse::<u32>().ok();
        if number.and_then(|b| v.build_matches(b)) == Some(true) {
            continue;
        }
        let other = number
            .and_then(Version::of_build)
            .map_or(String::new(), |o| {
                format!("; {} is a build of {o}", build.value)
            });
        out.push(
            Finding::new(
                Code::IMS008,
                cx.source,
                build.span,
                format!(
                    "build `{}` does not match version `{}` of `{}`",
                    build.value, e.version.value, e.id.value
                ),
            )
            .primary(format!("{} is build {expected}{other}", strip_ims(&v)))
            .label(e.version.span, "version given here")
            .help("copy the build and version from Help > About in the client console; one of them is wrong")
            .defined_at(build.defined),
        );
    }
}

fn strip_ims(v: &Version) -> String {
    let (a, b, c) = v.triple();
    format!("{a}.{b}.{c}")
}

/// IMS008 on a version value: a misplaced `.IMS` (error) or a version the tool does not
/// know (warning).
fn version_finding(cx: &RuleCx<'_>, at: &Sp<String>, v: &Version, key: &str) -> Option<Finding> {
    if v.bad_suffix() {
        return Some(
            Finding::new(
                Code::IMS008,
                cx.source,
                at.span,
                format!(
                    "`{}` has an `.IMS` suffix, but only 7.3.2 and 7.3.3 have an IMS patch",
                    at.value
                ),
            )
            .help(format!(
                "write `{key}: {}`, the version Help > About shows",
                strip_ims(v)
            ))
            .defined_at(at.defined),
        );
    }
    if v.beyond() {
        return Some(
            Finding::new(
                Code::IMS008,
                cx.source,
                at.span,
                format!(
                    "`{}` is newer than any Campaign version imsplan knows (v7 up to 7.4.4, v8)",
                    at.value
                ),
            )
            .severity(Severity::Warning)
            .help("check the version in Help > About; if it is right, use a newer imsplan: until then the version rules skip the steps that run on it")
            .defined_at(at.defined),
        );
    }
    // Older than IMS (6.x, 7.2.0): a known fact, said by the rules of the steps that
    // would run on it (IMS001, IMS002, IMS007), not a version the tool lacks.
    if !v.known() && !v.predates_ims() {
        return Some(
            Finding::new(
                Code::IMS008,
                cx.source,
                at.span,
                format!("imsplan does not know Campaign `{}`", at.value),
            )
            .severity(Severity::Warning)
            .help("check the version in Help > About; imsplan knows 7.3.2 to 7.4.4 and v8 from 8.5.1, so rules that depend on this version may be wrong")
            .defined_at(at.defined),
        );
    }
    None
}

/// IMS007 and IMS008 on an upgrade's `to`. True when the target is at fault.
fn check_target(cx: &RuleCx<'_>, to: &Sp<String>, out: &mut Vec<Finding>) -> bool {
    let Some(v) = Version::parse(&to.value) else {
        return false;
    };
    if v.is_v8() {
        out.push(
            Finding::new(
                Code::IMS007,
                cx.source,
                to.span,
                format!("an `upgrade` cannot go to Campaign v8 (`{}`)", to.value),
            )
            .help("moving to v8 is a `move-to-v8` step; upgrades stay on v7 (7.4.1 or later)")
            .defined_at(to.defined),
        );
        return true;
    }
    if let Some(f) = version_finding(cx, to, &v, "to") {
        let error = f.severity == Severity::Error;
        out.push(f);
        if error {
            return true;
        }
    }
    if v.beyond() {
        return false;
    }
    if !v.ims_compatible() {
        let why = if v.predates_ims() {
            "which predates IMS support"
        } else {
            "which is not IMS-compatible"
        };
        out.push(
            Finding::new(
                Code::IMS007,
                cx.source,
                to.span,
                format!("the upgrade goes to `{}`, {why}", to.value),
            )
            .help(format!(
                "upgrade to {ADVICE}; 7.3.5, any 7.4.x and the 7.3.2.IMS/7.3.3.IMS patches are compatible too"
            ))
            .defined_at(to.defined),
        );
        return true;
    }
    false
}

/// IMS006: an upgrade to a lower version (error) or the same one (warning).
fn check_downgrade(
    cx: &RuleCx<'_>,
    s: &Step,
    to: &Sp<String>,
    target: &Version,
    from: &Effective,
    out: &mut Vec<Finding>,
) -> bool {
    let env = &s.env.value;
    let (message, severity, help) = match target.cmp(&from.version) {
        std::cmp::Ordering::Greater => return false,
        std::cmp::Ordering::Less => (
            format!(
                "upgrade `{}` goes to `{}`, below the `{}` that `{env}` runs",
                s.id.value, to.value, from.text
            ),
            Severity::Error,
            "a build upgrade goes to a more recent build: set `to` to a later version, or fix the environment's `version`",
        ),
        std::cmp::Ordering::Equal => (
            format!(
                "upgrade `{}` goes to `{}`, which `{env}` already runs",
                s.id.value, to.value
            ),
            Severity::Warning,
            "remove the step, or set `to` to the later version you mean",
        ),
    };
    out.push(
        Finding::new(Code::IMS006, cx.source, to.span, message)
            .severity(severity)
            .label(from.span, origin_label(cx.plan, from))
            .help(help)
            .defined_at(to.defined),
    );
    severity == Severity::Error
}

fn origin_label(plan: &Plan, e: &Effective) -> String {
    match e.origin {
        Origin::Env(i) => format!("`{}` runs {}", plan.environments[i].id.value, e.text),
        Origin::Upgrade(u) => format!("`{}` upgrades to {}", plan.steps[u].id.value, e.text),
    }
}

fn runs(plan: &Plan, s: &Step, e: &Effective) -> String {
    match e.origin {
        Origin::Env(_) => format!("`{}` runs {}", s.env.value, e.text),
        Origin::Upgrade(u) => format!(
            "`{}` runs {} after `{}`",
            s.env.value, e.text, plan.steps[u].id.value
        ),
    }
}

/// The end of IMS001's message for a version older than IMS itself (6.x, 7.2.0).
fn predates(e: &Effective) -> &'static str {
    if e.version.predates_ims() {
        ", which predates IMS support: upgrade to 7.4.1 first (Adobe's recommendation)"
    } else {
        ""
    }
}

fn upgrade_help(plan: &Plan, e: &Effective) -> String {
    match e.origin {
        Origin::Env(_) => "add an upgrade step to 7.4.1 before this step".to_owned(),
        Origin::Upgrade(u) => format!("let `{}` go to 7.4.1 or later", plan.steps[u].id.value),
    }
}

/// What the rules do on an environment already on Campaign v8, and why (SPEC §11.2;
/// Adobe's v8 technotes). `docs/rules.md` prints it.
pub const V8_DECISIONS: &str = r#"An environment whose `version` is 8.x already runs Campaign v8 (an Adobe-managed service). What the rules ask there, from Adobe's v8 technotes ("Migrate Campaign operators to Adobe IMS" and "Migration of technical users to Adobe Developer Console"):

- `migrate-users` needs 8.5.2 or later: the first key step of Adobe's procedure is "Adobe upgrades your environments to Campaign v8.5.2". Unless it is already `done` or `skipped`, it also needs a version below 8.6: from 8.6 "connecting with user/password (aka native authentication) will no longer be allowed", so the end users migrate before the move to 8.6 (IMS001).
- `migrate-operators` needs 8.5 or later: the change "is applicable starting Campaign v8.5, and will be mandatory starting Campaign v8.6" (IMS001).
- `enable-restrictions` stays a core step (IMS010) that follows both migrations (IMS003): on v8 it is the moment the customer confirms the end of both migrations to the Transition Manager and Adobe "marks the migration as complete, and blocks new native user creation and native user login". Every 8.x counts as 7.4.1 or later (IMS002 is silent).
- `move-to-v8` is not needed (IMS010 and IMS018 are silent). A `move-to-v8` step not yet `done` or `skipped` is a warning, IMS006: it would move the environment to where it already is.
- `upgrade` steps stay on v7 (IMS007): v8 builds are Adobe's to upgrade, not steps of the plan.
"#;

/// On Campaign v8 (DOMAIN.md §2): end users migrate from 8.5.2 and before 8.6, where
/// native login is refused; technical operators from 8.5.
const V8_USERS_FROM: (u32, u32, u32) = (8, 5, 2);
const V8_USERS_UNTIL: (u32, u32, u32) = (8, 6, 0);
const V8_OPERATORS_FROM: (u32, u32, u32) = (8, 5, 0);

/// IMS001, IMS002 and IMS013 on one step; IMS006 on a `move-to-v8` that is already
/// behind its environment.
///
/// `later` is an upgrade of the environment to 7.4.1 or later: a step whose effective
/// version is below 7.4.1 runs before it (its implicit edges reach every core step that
/// is not before it), so IMS013's help names it instead of asking for a new upgrade.
fn check_step(
    cx: &RuleCx<'_>,
    s: &Step,
    e: &Effective,
    later: Option<usize>,
    out: &mut Vec<Finding>,
) {
    let plan = cx.plan;
    let kind = s.kind.value;
    // History is not advice: a step already done or skipped gets no advice on how
    // to do it (IMS013, the v8 "too late" error, IMS006 on a past move).
    let open = !s.status().is_closed();
    let finding = |code: Code, message: String, help: String| {
        Finding::new(code, cx.source, s.kind.span, message)
            .primary(format!("step `{}`", s.id.value))
            .label(e.span, origin_label(plan, e))
            .help(help)
    };
    if e.version.is_v8() {
        let t = e.version.triple();
        match kind {
            Kind::MigrateUsers if t < V8_USERS_FROM => out.push(finding(
                Code::IMS001,
                format!(
                    "`migrate-users` on Campaign v8 needs 8.5.2 or later, {}",
                    runs(plan, s, e)
                ),
                "ask Adobe to upgrade the environment to 8.5.2 first (Adobe's first step of the v8 end-user migration), then write `version: 8.5.2`".to_owned(),
            )),
            Kind::MigrateUsers if t >= V8_USERS_UNTIL && open => out.push(finding(
                Code::IMS001,
                format!(
                    "`migrate-users` cannot run on Campaign {}: from 8.6 native login is refused, {}",
                    e.text,
                    runs(plan, s, e)
                ),
                "migrate before the move to 8.6 (on 8.5.2); if the end users are already on IMS, mark the step `done` or `skipped`".to_owned(),
            )),
            Kind::MigrateOperators if t < V8_OPERATORS_FROM => out.push(finding(
                Code::IMS001,
                format!(
                    "`migrate-operators` on Campaign v8 needs 8.5 or later, {}",
                    runs(plan, s, e)
                ),
                "ask Adobe to upgrade the environment to 8.5.2 first (technical accounts work from 8.5 and are mandatory from 8.6)".to_owned(),
            )),
            Kind::MoveToV8 if open => out.push(
                finding(
                    Code::IMS006,
                    format!(
                        "`move-to-v8` step `{}` moves `{}` to v8, which it already runs ({})",
                        s.id.value, s.env.value, e.text
                    ),
                    "remove the step; if it is the move that brought the environment to v8, mark it `done`".to_owned(),
                )
                .severity(Severity::Warning),
            ),
            _ => {}
        }
        return;
    }
    match kind {
        Kind::MigrateUsers | Kind::MigrateOperators if !e.version.ims_compatible() => {
            let patch = matches!(e.version.triple(), (7, 3, 2 | 3)) && !e.version.ims;
            let help = if patch && matches!(e.origin, Origin::Env(_)) {
                format!(
                    "add an upgrade step to 7.4.1 (Adobe recommends it) before this step, or install the `{}.IMS` patch and write `version: {}.IMS`",
                    e.text, e.text
                )
            } else {
                upgrade_help(plan, e)
            };
            out.push(finding(
                Code::IMS001,
                format!(
                    "`{kind}` needs an IMS-compatible Campaign version, {}{}",
                    runs(plan, s, e),
                    predates(e)
                ),
                help,
            ));
        }
        Kind::MigrateUsers if open && !e.version.at_least_741() => out.push(finding(
            Code::IMS013,
            format!(
                "`migrate-users` on Campaign {}: Adobe's end-user procedure assumes 7.4.1 or later",
                e.text
            ),
            match later.map(|u| &plan.steps[u]) {
                Some(u) => format!(
                    "`{}` upgrades `{}` after this step (the 7.3.5-first route of Adobe's IMS overview): agree it with Adobe, or let `{}` run before this step",
                    u.id.value, s.env.value, u.id.value
                ),
                None => upgrade_help(plan, e),
            },
        )),
        Kind::EnableRestrictions if !e.version.at_least_741() => out.push(finding(
            Code::IMS002,
            format!(
                "`enable-restrictions` needs Campaign 7.4.1 or later, {}",
                runs(plan, s, e)
            ),
            upgrade_help(plan, e),
        )),
        _ => {}
    }
}
