//! Field by field: every field of the plan, each environment, each step and each
//! technical operator is compared. The model structs are destructured without `..`, so
//! a field added to the model does not compile here until `diff` compares it.

use crate::model::{Calendar, Environment, Freeze, Operator, Ordering, Plan, Step, Target};
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

pub(super) fn text(v: Option<&Sp<String>>) -> Option<String> {
    v.map(|s| s.value.clone())
}

fn list(v: Option<&Vec<Sp<String>>>) -> Option<String> {
    v.map(|l| {
        l.iter()
            .map(|s| s.value.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    })
}

/// A time as people read it: RFC 3339 in the (new) plan's zone, with its offset, so
/// both versions show the same instant the same way.
fn local_time(t: Option<&Sp<jiff::Timestamp>>, zone: &jiff::tz::TimeZone) -> Option<String> {
    t.map(|t| crate::duration::stamp(t.value, zone))
}

fn keyword<T: Copy>(v: Option<&Sp<T>>, name: impl Fn(T) -> &'static str) -> Option<&'static str> {
    v.map(|s| name(s.value))
}

/// Plan-level fields (`format` is always 1; environments and steps are compared one
/// by one elsewhere).
pub(super) fn plan(a: &Plan, b: &Plan) -> Vec<FieldChange> {
    let Plan {
        format: _,
        name,
        title,
        target,
        ordering,
        start,
        timezone,
        zone: _,
        calendar: cal,
        deadline,
        environments: _,
        steps: _,
        env_index: _,
    } = a;
    let time = |t: Option<&Sp<jiff::Timestamp>>| local_time(t, &b.zone);
    [
        change("name", Some(name.value.clone()), Some(b.name.value.clone())),
        change("title", text(title.as_ref()), text(b.title.as_ref())),
        // Effective values: writing a default out changes nothing.
        change(
            "target",
            Some(
                keyword(target.as_ref(), Target::as_str)
                    .unwrap_or("ims")
                    .to_owned(),
            ),
            Some(b.target().as_str().to_owned()),
        ),
        change(
            "ordering",
            Some(
                keyword(ordering.as_ref(), Ordering::as_str)
                    .unwrap_or("strict")
                    .to_owned(),
            ),
            Some(b.ordering().as_str().to_owned()),
        ),
        change("start", time(start.as_ref()), time(b.start.as_ref())),
        change(
            "timezone",
            text(timezone.as_ref()),
            text(b.timezone.as_ref()),
        ),
        change(
            "deadline",
            time(deadline.as_ref()),
            time(b.deadline.as_ref()),
        ),
    ]
    .into_iter()
    .flatten()
    .chain(calendar(cal.as_ref(), b.calendar.as_ref()))
    .collect()
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
    let days = |c: Option<&Vec<Sp<crate::model::Weekday>>>| {
        c.map(|l| {
            l.iter()
                .map(|d| d.value.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        })
    };
    let hours = |h: Option<&Sp<crate::model::Hours>>| h.map(|h| h.value.to_string());
    let dates = |l: Option<&Vec<Sp<jiff::civil::Date>>>| {
        l.map(|l| {
            l.iter()
                .map(|d| d.value.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        })
    };
    let freeze_list = |l: Option<&Vec<Freeze>>| {
        l.map(|l| {
            l.iter()
                .map(|f| {
                    let Freeze { from, to, reason } = f;
                    match reason {
                        Some(r) => format!("{} to {} ({})", from.value, to.value, r.value),
                        None => format!("{} to {}", from.value, to.value),
                    }
                })
                .collect::<Vec<_>>()
                .join("; ")
        })
    };
    [
        change(
            "calendar.working-days",
            days(working_days.as_ref()),
            days(b.working_days.as_ref()),
        ),
        change(
            "calendar.working-hours",
            hours(working_hours.as_ref()),
            hours(b.working_hours.as_ref()),
        ),
        change(
            "calendar.holidays",
            dates(holidays.as_ref()),
            dates(b.holidays.as_ref()),
        ),
        change(
            "calendar.freezes",
            freeze_list(freezes.as_ref()),
            freeze_list(b.freezes.as_ref()),
        ),
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
        None => list(Some(names))?,
    })
}

/// The fields of one environment (same id in both versions).
pub(super) fn environment(
    a: &Environment,
    b: &Environment,
    zone: &jiff::tz::TimeZone,
) -> Vec<FieldChange> {
    let time = |t: Option<&Sp<jiff::Timestamp>>| local_time(t, zone);
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
        change(
            "role",
            Some(role.value.as_str().to_owned()),
            Some(b.role.value.as_str().to_owned()),
        ),
        change(
            "hosting",
            Some(hosting.value.as_str().to_owned()),
            Some(b.hosting.value.as_str().to_owned()),
        ),
        change(
            "version",
            Some(version.value.clone()),
            Some(b.version.value.clone()),
        ),
        change("build", text(build.as_ref()), text(b.build.as_ref())),
        change("instances", instances(a), instances(b)),
        change("after", list(after.as_ref()), list(b.after.as_ref())),
        change(
            "deadline",
            time(deadline.as_ref()),
            time(b.deadline.as_ref()),
        ),
    ]
    .into_iter()
    .flatten()
    .chain(calendar(cal.as_ref(), b.calendar.as_ref()))
    .collect()
}

/// The fields of a matched step but its id (a rename is reported apart), `after`
/// (compared with the ids translated, in `diff`) and its place in the file.
pub(super) fn step(a: &Step, b: &Step, zone: &jiff::tz::TimeZone) -> Vec<FieldChange> {
    let time = |t: Option<&Sp<jiff::Timestamp>>| local_time(t, zone);
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
    let dur = |d: Option<&Sp<jiff::SignedDuration>>| d.map(|d| crate::duration::friendly(d.value));
    let mut out: Vec<FieldChange> = [
        change("env", Some(env.value.clone()), Some(b.env.value.clone())),
        change(
            "kind",
            Some(kind.value.as_str().to_owned()),
            Some(b.kind.value.as_str().to_owned()),
        ),
        change("title", text(title.as_ref()), text(b.title.as_ref())),
        change("to", text(to.as_ref()), text(b.to.as_ref())),
        change("owner", text(owner.as_ref()), text(b.owner.as_ref())),
        change(
            "deadline",
            time(deadline.as_ref()),
            time(b.deadline.as_ref()),
        ),
        change("started", time(started.as_ref()), time(b.started.as_ref())),
        change(
            "finished",
            time(finished.as_ref()),
            time(b.finished.as_ref()),
        ),
        change("duration", dur(duration.as_ref()), dur(b.duration.as_ref())),
        change(
            "not-before",
            time(not_before.as_ref()),
            time(b.not_before.as_ref()),
        ),
        // An absent status is `todo`: writing `status: todo` changes nothing.
        change(
            "status",
            Some(a.status().as_str().to_owned()),
            Some(b.status().as_str().to_owned()),
        ),
        change(
            "evidence",
            text(evidence.as_ref()),
            text(b.evidence.as_ref()),
        ),
        change(
            "operators-csv",
            text(operators_csv.as_ref()),
            text(b.operators_csv.as_ref()),
        ),
        change(
            "allow-operators",
            list(allow_operators.as_ref()),
            list(b.allow_operators.as_ref()),
        ),
        change("notes", text(notes.as_ref()), text(b.notes.as_ref())),
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
                change(
                    field(".instance"),
                    Some(na.instance.value.as_str().to_owned()),
                    Some(nb.instance.value.as_str().to_owned()),
                ),
                change(
                    field(".credential"),
                    Some(na.credential.value.as_str().to_owned()),
                    Some(nb.credential.value.as_str().to_owned()),
                ),
                change(
                    field(".profile"),
                    text(na.profile.as_ref()),
                    text(nb.profile.as_ref()),
                ),
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
