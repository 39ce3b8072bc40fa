//! The value readers of the conversion: a mapping's entries, unknown and missing keys,
//! text, ids, keywords, versions, instances and lists (times are in `times.rs`),
//! each recording a P002 at the value when it does not fit instead of stopping.

use super::yaml::Raw;
use super::{Cx, secrets};
use crate::code::Code;
use crate::diagnostic::Finding;
use crate::model::Instance;
use crate::span::{Sp, Span};
use crate::suggest::{code_list, did_you_mean};
use crate::version::Version;

/// Is this a valid id (`^[a-z0-9][a-z0-9._-]*$`)?
#[must_use]
pub fn is_id(s: &str) -> bool {
    let mut bytes = s.bytes();
    matches!(bytes.next(), Some(b'a'..=b'z' | b'0'..=b'9'))
        && bytes.all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'.' | b'_' | b'-'))
}

/// A mapping's entries, with the span of its first key (where "missing" findings point).
pub(super) struct Entries {
    pub(super) at: Span,
    pub(super) items: Vec<(Sp<String>, Sp<Raw>)>,
}

pub(super) fn expect_map(cx: &mut Cx<'_>, node: Sp<Raw>, what: &str) -> Option<Entries> {
    match node.value {
        Raw::Map(items) => Some(Entries {
            at: items.first().map_or(node.span, |(k, _)| k.span),
            items,
        }),
        other => {
            cx.schema(
                node.span,
                format!("{what} must be a mapping, found {}", other.describe()),
                format!("write {what} as `key: value` lines"),
            );
            None
        }
    }
}

/// Handle a key no field claims: `x-` extensions are ignored, secrets are IMS012's,
/// anything else is P002 with a did-you-mean. Returns the key suggested, so that a
/// typo of a required key is one finding (at the typo), not also "missing".
pub(super) fn unknown_key<'k>(
    cx: &mut Cx<'_>,
    key: &Sp<String>,
    known: &[&'k str],
    place: &str,
    extensions: bool,
) -> Option<&'k str> {
    if extensions && key.value.starts_with("x-") {
        return None;
    }
    if secrets::is_secret_key(&key.value) {
        return None;
    }
    let suggestion = did_you_mean(&key.value, known.iter().copied());
    let help = match suggestion {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!(
            "{place} takes {}{}",
            code_list(known),
            if extensions {
                "; put your own data under keys starting with `x-`"
            } else {
                ""
            }
        ),
    };
    let f = Finding::new(
        Code::P002,
        cx.source,
        key.span,
        format!("unknown key `{}` in {place}", key.value),
    )
    .help(help)
    .defined_at(key.defined);
    cx.push(f);
    suggestion
}

/// "missing key", unless an unknown key of the same mapping was a typo of it (`typos`):
/// that finding already says what to write.
pub(super) fn missing(cx: &mut Cx<'_>, at: Span, key: &str, place: &str, typos: &[&str]) {
    if typos.contains(&key) {
        return;
    }
    cx.schema(
        at,
        format!("missing key `{key}` in {place}"),
        format!("add `{key}:` to {place}"),
    );
}

/// A scalar as text: strings as they are, numbers and booleans as written.
pub(super) fn scalar_text(cx: &mut Cx<'_>, node: &Sp<Raw>, key: &str) -> Option<Sp<String>> {
    match &node.value {
        Raw::Str(s) => Some(node.with(s.clone())),
        Raw::Int(_) | Raw::Float | Raw::Bool => {
            let text = cx.text_of(node).to_owned();
            Some(node.with(text))
        }
        other => {
            let d = other.describe();
            cx.schema(
                node.span,
                format!("`{key}` must be a single value, found {d}"),
                format!("write `{key}: <value>`"),
            );
            None
        }
    }
}

/// [`scalar_text`] of a value the caller gives up: a string is moved, not copied (the
/// conversion of a big plan would otherwise copy every text once and free the tree's).
pub(super) fn owned_text(cx: &mut Cx<'_>, node: Sp<Raw>, key: &str) -> Option<Sp<String>> {
    match node.value {
        Raw::Str(s) => Some(Sp {
            value: s,
            span: node.span,
            defined: node.defined,
        }),
        _ => scalar_text(cx, &node, key),
    }
}

/// [`opt_text`] of a value the caller gives up (see [`owned_text`]).
pub(super) fn opt_owned_text(cx: &mut Cx<'_>, node: Sp<Raw>, key: &str) -> Option<Sp<String>> {
    if matches!(node.value, Raw::Null) {
        return None;
    }
    owned_text(cx, node, key)
}

/// Optional text: `null` counts as absent.
pub(super) fn opt_text(cx: &mut Cx<'_>, node: &Sp<Raw>, key: &str) -> Option<Sp<String>> {
    if matches!(node.value, Raw::Null) {
        return None;
    }
    scalar_text(cx, node, key)
}

/// A Campaign instance name: letters, digits, `_` and `-`, starting with a letter or
/// digit, at most 64 characters (`acme-mkt-prod`). Names reach runbook shell lines.
#[must_use]
pub fn is_instance_name(s: &str) -> bool {
    let mut bytes = s.bytes();
    s.len() <= 64
        && bytes.next().is_some_and(|b| b.is_ascii_alphanumeric())
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-'))
}

pub(super) fn instance_value(cx: &mut Cx<'_>, node: &Sp<Raw>) -> Option<Sp<String>> {
    let text = scalar_text(cx, node, "instances")?;
    if is_instance_name(&text.value) {
        return Some(text);
    }
    cx.schema(
        text.span,
        format!("`{}` is not a valid instance name", text.value),
        "Campaign instance names use letters, digits, `_` and `-` and start with a letter or digit, at most 64 characters (`acme-mkt-prod`)",
    );
    None
}

/// The roles of the instances, in the order of their names.
pub(super) type InstanceRoles = Vec<Sp<Instance>>;

/// `instances`: a list of names, or a map from name to role (SPEC §11.3). Returns the
/// names (`None` when one is invalid) and, for the map form, their roles.
pub(super) fn instances_value(
    cx: &mut Cx<'_>,
    node: Sp<Raw>,
) -> (Option<Vec<Sp<String>>>, Option<InstanceRoles>) {
    let Raw::Map(items) = node.value else {
        return (
            list(cx, node, "instances", |cx, n| instance_value(cx, &n)),
            None,
        );
    };
    let mut names = Vec::with_capacity(items.len());
    let mut roles = Vec::with_capacity(items.len());
    let mut ok = true;
    for (key, value) in items {
        let name = key_node(&key);
        let role = match &value.value {
            Raw::Str(text) => Instance::parse(text).map(|r| value.with(r)),
            _ => None,
        };
        if role.is_none() {
            let text = cx.text_of(&value).to_owned();
            let help = match did_you_mean(&text, Instance::keywords()) {
                Some(s) => format!("did you mean `{s}`? an instance's role is `marketing` or `message-center`"),
                None => "an instance's role is `marketing` or `message-center`, e.g. `acme-mc-stage: message-center`".to_owned(),
            };
            cx.schema(
                value.span,
                format!(
                    "`{text}` is not an instance role (instance `{}`)",
                    key.value
                ),
                help,
            );
        }
        match (instance_value(cx, &name), role) {
            (Some(n), Some(r)) => {
                names.push(n);
                roles.push(r);
            }
            _ => ok = false,
        }
    }
    if ok {
        (Some(names), Some(roles))
    } else {
        (None, None)
    }
}

/// A mapping key as a scalar node (for the checks that take a value).
pub(super) fn key_node(key: &Sp<String>) -> Sp<Raw> {
    key.with(Raw::Str(key.value.clone()))
}

pub(super) fn id_value(
    cx: &mut Cx<'_>,
    node: Sp<Raw>,
    key: &str,
    what: &str,
) -> Option<Sp<String>> {
    let text = owned_text(cx, node, key)?;
    if is_id(&text.value) {
        Some(text)
    } else {
        cx.schema(
            text.span,
            format!("`{}` is not a valid {what} id", text.value),
            "ids use lower-case letters, digits, `.`, `_` and `-`, and start with a letter or digit",
        );
        None
    }
}

pub(super) fn keyword<T: Copy>(
    cx: &mut Cx<'_>,
    node: &Sp<Raw>,
    key: &str,
    parse: fn(&str) -> Option<T>,
    all: &[&'static str],
) -> Option<Sp<T>> {
    let text = scalar_text(cx, node, key)?;
    if let Some(v) = parse(&text.value) {
        return Some(text.with(v));
    }
    let list = code_list(all);
    let help = match did_you_mean(&text.value, all.iter().copied()) {
        Some(s) => format!("did you mean `{s}`? `{key}` is one of {list}"),
        None => format!("`{key}` is one of {list}"),
    };
    let f = Finding::new(
        Code::P002,
        cx.source,
        text.span,
        format!("`{}` is not a valid `{key}`", text.value),
    )
    .help(help)
    .defined_at(text.defined);
    cx.push(f);
    None
}

pub(super) fn version_value(cx: &mut Cx<'_>, node: &Sp<Raw>, key: &str) -> Option<Sp<String>> {
    let text = scalar_text(cx, node, key)?;
    if Version::parse(&text.value).is_some() {
        Some(text)
    } else {
        cx.schema(
            text.span,
            format!("`{}` is not a Campaign version", text.value),
            crate::version::parse_help(&text.value, key),
        );
        None
    }
}

pub(super) fn build_value(cx: &mut Cx<'_>, node: &Sp<Raw>) -> Option<Sp<String>> {
    let text = scalar_text(cx, node, "build")?;
    if !text.value.is_empty() && text.value.bytes().all(|b| b.is_ascii_digit()) {
        Some(text)
    } else {
        cx.schema(
            text.span,
            format!("`{}` is not a build number", text.value),
            "write the build as digits, e.g. `build: 9368`",
        );
        None
    }
}

pub(super) fn list<T>(
    cx: &mut Cx<'_>,
    node: Sp<Raw>,
    key: &str,
    mut item: impl FnMut(&mut Cx<'_>, Sp<Raw>) -> Option<T>,
) -> Option<Vec<T>> {
    match node.value {
        Raw::Seq(items) => {
            let mut out = Vec::with_capacity(items.len());
            let mut ok = true;
            for i in items {
                match item(cx, i) {
                    Some(v) => out.push(v),
                    None => ok = false,
                }
            }
            ok.then_some(out)
        }
        Raw::Null => Some(Vec::new()),
        other => {
            cx.schema(
                node.span,
                format!("`{key}` must be a list, found {}", other.describe()),
                format!("write `{key}: [a, b]` or one `- item` per line"),
            );
            None
        }
    }
}

/// A list read for recovery: the items that load, and whether every item did; `None`
/// (with its finding) when the value is not a list at all.
pub(super) fn list_partial<T>(
    cx: &mut Cx<'_>,
    node: Sp<Raw>,
    key: &str,
    mut item: impl FnMut(&mut Cx<'_>, Sp<Raw>) -> Option<T>,
) -> Option<(Vec<T>, bool)> {
    let mut all = true;
    let out = list(cx, node, key, |cx, n| {
        let v = item(cx, n);
        all &= v.is_some();
        Some(v)
    })?;
    Some((out.into_iter().flatten().collect(), all))
}
