//! Field by field: every field of the plan, each environment, each step and each
//! technical operator is compared. The model structs are destructured without `..`, so
//! a field added to the model does not compile here until `diff` compares it. Every
//! comparison is one [`by`]: a field name, the two values and how a value reads.

// The readers take a field as it sits in the model (`&Option<…>`), so that `by` takes
// required and optional fields alike.
#![allow(clippy::ref_option)]

use std::fmt::Display;

use crate::model::{Calendar, Environment, Freeze, Hours, Operator, Plan, Step, Weekday};
use crate::span::Sp;

use super::FieldChange;

/// A change of `field`, if the values differ.
pub(super) fn change(
    field: impl Into<String>,
    old: Option<String>,
    new: Option<String>,
) -> Option<FieldChange> {
    (old != new).then(|| FieldChange {
        field: field.into(),
        old,
        new,
    })
}

/// A change of `field` from `a` to `b`, each value read by `show` (`None`: absent).
fn by<T: ?Sized>(
    field: impl Into<String>,
    a: &T,
    b: &T,
    show: impl Fn(&T) -> Option<String>,
) -> Option<FieldChange> {
    change(field, show(a), show(b))
}

/// A reader of an optional field, on the same field boxed (rarely set step fields are
/// boxed to keep `Step` small).
fn unboxed<T: Clone>(
    show: impl Fn(&Option<Sp<T>>) -> Option<String>,
) -> impl Fn(&Option<Box<Sp<T>>>) -> Option<String> {
    move |v| show(&v.as_deref().cloned())
}

/// An optional text field.
pub(super) fn text(v: &Option<Sp<String>>) -> Option<String> {
    v.as_ref().map(|s| s.value.clone())
}

/// A required field: a text or a keyword.
#[allow(clippy::unnecessary_wraps)] // the shape `by` takes
fn word<T: Display>(v: &Sp<T>) -> Option<String> {
    Some(v.value.to_string())
}

/// An optional list of names, comma separated.
fn list(v: &Option<Vec<Sp<String>>>) -> Option<String> {
    v.as_ref().map(|l| join(l, ", "))
}

fn join<T: Display>(l: &[Sp<T>], sep: &str) -> String {
    l.iter()
        .map(|s| s.value.to_string())
        .collect::<Vec<_>>()
        .join(sep)
}

/// An optional moment, as people read it: RFC 3339 in the (new) plan's zone with its
/// offset, so both versions show the same instant the same way.
fn time(zone: &jiff::tz::TimeZone) -> impl Fn(&Option<Sp<jiff::Timestamp>>) -> Option<String> + '_ {
    |t| t.as_ref().map(|t| crate::duration::stamp(t.value, zone))
}

/// An optional duration, as a plan writes it (`1h30m`).
fn dur(d: &Option<Sp<jiff::SignedDuration>>) -> Option<String> {
    d.as_ref().map(|d| crate::duration::friendly(d.value))
}

/// Plan-level fields (`format` is always 1; environments and steps are compared one
/// by one elsewhere).
pub(super) fn plan(a: &Plan, b: &Plan) -> Vec<FieldChange> {
    let Plan {
        format: _,
        name,
        title,
        target: _,
        ordering: _,
        start,
        timezone,
        zone: _,
        calendar: cal,
        deadline,
        environments: _,
        steps: _,
        env_index: _,
        dropped: _,
    } = a;
    [
        by("name", name, &b.name, word),
        by("title", title, &b.title, text),
        // Effective values: writing a default out changes nothing.
        by("target", a, b, |p| Some(p.target().as_str().to_owned())),
        by("ordering", a, b, |p| Some(p.ordering().as_str().to_owned())),
        by("start", start, &b.start, time(&b.zone)),
        by("timezone", timezone, &b.timezone, text),
        by("deadline", deadline, &b.deadline, time(&b.zone)),
    ]
    .into_iter()
    .flatten()
    .chain(calendar(cal.as_ref(), b.calendar.as_ref()))
    .collect()
}

/// A freeze as text: `2026-12-19 to 2027-01-04 (year-end change freeze)`.
fn freeze(f: &Freeze) -> String {
    let Freeze { from, to, reason } = f;
    match reason {
        Some(r) => format!("{} to {} ({})", from.value, to.value, r.value),
        None => format!("{} to {}", from.value, to.value),
    }
}

/// A working calendar, key by key (`calendar.working-days` …); no calendar is one with
/// no key set.
fn calendar(a: Option<&Calendar>, b: Option<&Calendar>) -> Vec<FieldChange> {
    let none = Calendar::default();
    let (a, b) = (a.unwrap_or(&none), b.unwrap_or(&none));
    let Calendar {
        working_days,
        working_hours,
        holidays,
        freezes,
        at: _,
    } = a;
    let days = |l: &Option<Vec<Sp<Weekday>>>| l.as_ref().map(|l| join(l, ", "));
    let hours = |h: &Option<Sp<Hours>>| h.as_ref().map(|h| h.value.to_string());
    let dates = |l: &Option<Vec<Sp<jiff::civil::Date>>>| l.as_ref().map(|l| join(l, ", "));
    let freezes_text = |l: &Option<Vec<Freeze>>| {
        l.as_ref()
            .map(|l| l.iter().map(freeze).collect::<Vec<_>>().join("; "))
    };
    [
        by("calendar.working-days", working_days, &b.working_days, days),
        by(
            "calendar.working-hours",
            working_hours,
            &b.working_hours,
            hours,
        ),
        by("calendar.holidays", holidays, &b.holidays, dates),
        by("calendar.freezes", freezes, &b.freezes, freezes_text),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// Instances, with their roles when given as a map (`acme-mc: message-center`).
fn instances(env: &Environment) -> Option<String> {
    let names = env.instances.as_ref()?;
    Some(match &env.instance_roles {
        Some(roles) => names
            .iter()
            .zip(roles)
            .map(|(n, r)| format!("{}: {}", n.value, r.value))
            .collect::<Vec<_>>()
            .join(", "),
        None => join(names, ", "),
    })
}

/// The fields of one environment (same id in both versions).
pub(super) fn environment(
    a: &Environment,
    b: &Environment,
    zone: &jiff::tz::TimeZone,
) -> Vec<FieldChange> {
    let Environment {
        id: _,
        role,
        hosting,
        version,
        build,
        instances: _,
        instance_roles: _,
        after,
        calendar: cal,
        deadline,
    } = a;
    [
        by("role", role, &b.role, word),
        by("hosting", hosting, &b.hosting, word),
        by("version", version, &b.version, word),
        by("build", build, &b.build, text),
        by("instances", a, b, instances),
        by("after", after, &b.after, list),
        by("deadline", deadline, &b.deadline, time(zone)),
    ]
    .into_iter()
    .flatten()
    .chain(calendar(cal.as_ref(), b.calendar.as_ref()))
    .collect()
}

/// The fields of a matched step but its id (a rename is reported apart), `after`
/// (compared with the ids translated, in `diff`) and its place in the file.
pub(super) fn step(a: &Step, b: &Step, zone: &jiff::tz::TimeZone) -> Vec<FieldChange> {
    let Step {
        id: _,
        env,
        kind,
        title,
        to,
        duration,
        not_before,
        deadline,
        started,
        finished,
        owner,
        status: _,
        evidence,
        operators_csv,
        operators,
        allow_operators,
        after: _,
        notes,
        at: _,
    } = a;
    let mut out: Vec<FieldChange> = [
        by("env", env, &b.env, word),
        by("kind", kind, &b.kind, word),
        by("title", title, &b.title, text),
        by("to", to, &b.to, text),
        by("owner", owner, &b.owner, text),
        by("deadline", deadline, &b.deadline, unboxed(time(zone))),
        by("started", started, &b.started, unboxed(time(zone))),
        by("finished", finished, &b.finished, unboxed(time(zone))),
        by("duration", duration, &b.duration, dur),
        by("not-before", not_before, &b.not_before, time(zone)),
        // An absent status is `todo`: writing `status: todo` changes nothing.
        by("status", a, b, |s| Some(s.status().as_str().to_owned())),
        by("evidence", evidence, &b.evidence, unboxed(text)),
        by(
            "operators-csv",
            operators_csv,
            &b.operators_csv,
            unboxed(text),
        ),
        by("allow-operators", allow_operators, &b.allow_operators, list),
        by("notes", notes, &b.notes, text),
    ]
    .into_iter()
    .flatten()
    .collect();
    out.extend(self::operators(
        operators.as_deref(),
        b.operators.as_deref(),
    ));
    out
}

/// One operator as text: `instance, credential, profile`.
fn operator_text(o: &Operator) -> String {
    let Operator {
        name: _,
        instance,
        credential,
        profile,
    } = o;
    let mut s = format!("{}, {}", instance.value, credential.value);
    if let Some(p) = profile {
        s.push_str(", profile ");
        s.push_str(&p.value);
    }
    s
}

/// Technical operators, matched by name (the n-th of a name with the n-th): each one
/// added, removed, or changed field by field (`operators[NAME].profile`).
fn operators(a: Option<&[Operator]>, b: Option<&[Operator]>) -> Vec<FieldChange> {
    let (a, b) = (a.unwrap_or_default(), b.unwrap_or_default());
    let mut used = vec![false; a.len()];
    let mut out = Vec::new();
    for nb in b {
        let name = &nb.name.value;
        let field = |f: &str| format!("operators[{name}]{f}");
        let Some(i) = (0..a.len()).find(|&i| !used[i] && a[i].name.value == *name) else {
            out.extend(change(field(""), None, Some(operator_text(nb))));
            continue;
        };
        used[i] = true;
        let na = &a[i];
        out.extend(
            [
                by(field(".instance"), &na.instance, &nb.instance, word),
                by(field(".credential"), &na.credential, &nb.credential, word),
                by(field(".profile"), &na.profile, &nb.profile, text),
            ]
            .into_iter()
            .flatten(),
        );
    }
    for (_, na) in a.iter().enumerate().filter(|(i, _)| !used[*i]) {
        out.extend(change(
            format!("operators[{}]", na.name.value),
            Some(operator_text(na)),
            None,
        ));
    }
    out
}
