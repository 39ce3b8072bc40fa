//! Technical operator rules: IMS005 (no JWT credentials), IMS016 (product profile
//! names `campaign - <instance> - <group>`, `messagecenter` for Message Center, and on
//! managed/hosted with instance roles the marketing instance for Message Center) and
//! IMS017 (a profile named like `admin` grants Control Panel access).

use crate::diagnostic::Finding;
use crate::model::{Credential, Environment, Instance, Operator, Step};
use crate::rules::{Code, RuleCx};
use crate::span::Sp;

/// Run the operator rules.
pub fn check(cx: &RuleCx<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, s) in cx.plan.steps.iter().enumerate() {
        let env = cx
            .graph
            .env_of
            .get(i)
            .and_then(|&e| cx.plan.environments.get(e));
        for op in s.operators.iter().flatten() {
            if op.credential.value == Credential::Jwt {
                out.push(
                    Finding::new(
                        Code::IMS005,
                        cx.source,
                        op.credential.span,
                        format!("technical operator `{}` uses a JWT credential", op.name.value),
                    )
                    .help("use `oauth-server-to-server`: no JWT credential can be created since 2024-06-03, they reached end of life on 2025-06-30, and the forced conversion from 2026-03-01 breaks those left")
                    .defined_at(op.credential.defined),
                );
            }
            if let Some(f) = profile_finding(cx, s, env, op) {
                out.push(f);
            }
            if let Some(p) = &op.profile
                && p.value.to_lowercase().contains("admin")
            {
                out.push(
                    Finding::new(
                        Code::IMS017,
                        cx.source,
                        p.span,
                        format!("product profile `{}` contains `admin`", p.value),
                    )
                    .help("a product profile whose name contains `admin` gives Control Panel access; use a profile without it unless that access is intended")
                    .defined_at(p.defined),
                );
            }
        }
    }
    out
}

/// IMS016, managed and hosted with instance roles (SPEC §11.3): a Message Center
/// operator's profile names the marketing instance associated with Message Center,
/// `campaign - <marketing instance> - messagecenter`, as Adobe writes it. Returns the
/// message and help when the profile names an instance that is not a marketing one.
fn message_center_instance(
    s: &Step,
    env: Option<&Environment>,
    op: &Operator,
    p: &Sp<String>,
    instance: &str,
) -> Option<(String, String)> {
    let env = env?;
    if op.instance.value != Instance::MessageCenter
        || !env.hosting.value.adobe_hosted()
        || env.instance_roles.is_none()
        || env.instance_role(instance) == Some(Instance::Marketing)
    {
        return None;
    }
    let what = match env.instance_role(instance) {
        Some(Instance::MessageCenter) => "the Message Center instance",
        _ => "an instance without the `marketing` role",
    };
    let message = format!(
        "message-center operator `{}` has profile `{}`, which names {what} `{instance}`",
        op.name.value, p.value
    );
    let marketing = env.instances_with(Instance::Marketing);
    let right = |m: &str| format!("`campaign - {m} - messagecenter`");
    let help = match marketing.as_slice() {
        [] => format!(
            "on {} Campaign the profile names the marketing instance associated with Message Center (`campaign - <marketing instance> - messagecenter`): add that instance to the `instances` of `{}` with the role `marketing` and name it",
            env.hosting.value, s.env.value
        ),
        [one] => format!(
            "use {}: on {} Campaign the Message Center profile names the marketing instance associated with Message Center",
            right(one),
            env.hosting.value
        ),
        many => format!(
            "use the profile of the marketing instance associated with Message Center, one of {}",
            many.iter().map(|m| right(m)).collect::<Vec<_>>().join(", ")
        ),
    };
    Some((message, help))
}

/// IMS016: the first thing wrong with an operator's profile, if any.
fn profile_finding(
    cx: &RuleCx<'_>,
    s: &Step,
    env: Option<&Environment>,
    op: &Operator,
) -> Option<Finding> {
    let p = op.profile.as_ref()?;
    let parts: Vec<&str> = p.value.splitn(3, " - ").map(str::trim).collect();
    let instances: Vec<&str> = env
        .and_then(|e| e.instances.as_ref())
        .map(|v| v.iter().map(|i| i.value.as_str()).collect())
        .unwrap_or_default();
    let group = if op.instance.value == Instance::MessageCenter {
        "messagecenter"
    } else {
        "<group>"
    };
    let known = if instances.is_empty() {
        String::new()
    } else {
        format!(
            "; the instances of `{}` are {}",
            s.env.value,
            crate::suggest::code_list(&instances)
        )
    };
    let (message, help) = match parts.as_slice() {
        [product, instance, group]
            if product.eq_ignore_ascii_case("campaign")
                && !instance.is_empty()
                && !group.is_empty() =>
        {
            if !instances.is_empty() && !instances.iter().any(|i| i.eq_ignore_ascii_case(instance))
            {
                (
                    format!(
                        "product profile `{}` names instance `{instance}`, which `{}` does not list",
                        p.value, s.env.value
                    ),
                    format!(
                        "name one of the instances of `{}`: {}",
                        s.env.value,
                        crate::suggest::code_list(&instances)
                    ),
                )
            } else if let Some(f) = message_center_instance(s, env, op, p, instance) {
                f
            } else if op.instance.value == Instance::MessageCenter
                && !group.eq_ignore_ascii_case("messagecenter")
            {
                (
                    format!(
                        "message-center operator `{}` has profile `{}`, not the `messagecenter` group",
                        op.name.value, p.value
                    ),
                    if env.is_some_and(|e| e.hosting.value.adobe_hosted()) {
                        "calls to Message Center need the profile ending with `messagecenter` that Adobe creates for the marketing instance associated with Message Center, `campaign - <marketing instance> - messagecenter`".to_owned()
                    } else {
                        format!(
                            "calls to Message Center need the profile `campaign - {instance} - messagecenter`, which you create in the Admin Console"
                        )
                    },
                )
            } else {
                return None;
            }
        }
        _ => (
            format!(
                "product profile `{}` does not read `campaign - <instance> - <group>`",
                p.value
            ),
            format!(
                "product profiles in the Admin Console are named `campaign - <instance> - {group}`{known}"
            ),
        ),
    };
    Some(
        Finding::new(Code::IMS016, cx.source, p.span, message)
            .label(op.name.span, format!("operator `{}`", op.name.value))
            .help(help)
            .defined_at(p.defined),
    )
}
