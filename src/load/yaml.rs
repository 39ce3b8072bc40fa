//! YAML with spans: the strict serde-saphyr parse (budget, strict booleans, no tags, one
//! document) into a tree (`Raw`) that keeps the span of every key and value, and the
//! translation of a parse error into P001, P002 or P008 at the place it points to.

use std::fmt;

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::{Cx, Limits, stream};
use crate::code::Code;
use crate::diagnostic::Finding;
use crate::span::{LineIndex, Sp, Span};

/// A YAML node with spans on every value and key.
#[derive(Debug, Clone)]
pub(crate) enum Raw {
    Null,
    Bool,
    Int(i128),
    Float,
    Str(String),
    Seq(Vec<Sp<Raw>>),
    Map(Vec<(Sp<String>, Sp<Raw>)>),
}

impl Raw {
    pub(super) fn describe(&self) -> &'static str {
        match self {
            Raw::Null => "nothing",
            Raw::Bool => "a boolean",
            Raw::Int(_) => "an integer",
            Raw::Float => "a number",
            Raw::Str(_) => "a string",
            Raw::Seq(_) => "a list",
            Raw::Map(_) => "a mapping",
        }
    }
}

fn span_of(loc: &serde_saphyr::Location) -> Span {
    let s = loc.span();
    match (s.byte_offset(), s.byte_len()) {
        (Some(o), Some(l)) => {
            let o = usize::try_from(o).unwrap_or(usize::MAX);
            Span::new(o, o.saturating_add(usize::try_from(l).unwrap_or(0)))
        }
        _ => Span::default(),
    }
}

/// Deserialize any `T` with its spans.
///
/// This speaks serde-saphyr's `Spanned<T>` protocol (the `__yaml_spanned` newtype, then
/// a map of marker, `value`, `referenced`, `defined`) directly: `Spanned`'s own
/// implementation reads the marker key into a `String`, two allocations per YAML node,
/// which was the largest cost of loading a big plan (bench/RESULTS.md). The protocol is
/// covered by every span in the test snapshots.
pub(super) struct Spd<T>(pub(super) Sp<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spd<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_newtype_struct("__yaml_spanned", SpdVisitor(std::marker::PhantomData))
    }
}

struct SpdVisitor<T>(std::marker::PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for SpdVisitor<T> {
    type Value = Spd<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a YAML value with its location")
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Spd<T>, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Spd<T>, A::Error> {
        let (mut value, mut referenced, mut defined) = (None, None, None);
        while let Some(field) = map.next_key::<SpdField>()? {
            match field {
                SpdField::Value => value = Some(map.next_value::<T>()?),
                SpdField::Referenced => {
                    referenced = Some(map.next_value::<serde_saphyr::Location>()?);
                }
                SpdField::Defined => defined = Some(map.next_value::<serde_saphyr::Location>()?),
                SpdField::Other => {
                    map.next_value::<de::IgnoredAny>()?;
                }
            }
        }
        let value = value.ok_or_else(|| de::Error::missing_field("value"))?;
        Ok(Spd(located(value, referenced, defined)))
    }
}

/// A value and its locations as the protocol gave them, as an `Sp`.
fn located<T>(
    value: T,
    referenced: Option<serde_saphyr::Location>,
    defined: Option<serde_saphyr::Location>,
) -> Sp<T> {
    let referenced = referenced.unwrap_or(serde_saphyr::Location::UNKNOWN);
    let defined_at = defined.unwrap_or(referenced);
    let span = span_of(&referenced);
    let defined = span_of(&defined_at);
    let defined = (defined_at != referenced && defined != span).then_some(defined);
    Sp {
        value,
        span,
        defined,
    }
}

/// [`Spd`] for a seed: the value is read by `S` (which may carry the conversion state),
/// and comes back with its spans.
pub(super) struct Located<S>(pub(super) S);

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Located<S> {
    type Value = Sp<S::Value>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_newtype_struct("__yaml_spanned", LocatedVisitor(Some(self.0)))
    }
}

struct LocatedVisitor<S>(Option<S>);

impl<'de, S: DeserializeSeed<'de>> Visitor<'de> for LocatedVisitor<S> {
    type Value = Sp<S::Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a YAML value with its location")
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<Self::Value, A::Error> {
        let (mut value, mut referenced, mut defined) = (None, None, None);
        while let Some(field) = map.next_key::<SpdField>()? {
            match field {
                SpdField::Value => {
                    let seed = self
                        .0
                        .take()
                        .ok_or_else(|| de::Error::duplicate_field("value"))?;
                    value = Some(map.next_value_seed(seed)?);
                }
                SpdField::Referenced => {
                    referenced = Some(map.next_value::<serde_saphyr::Location>()?);
                }
                SpdField::Defined => defined = Some(map.next_value::<serde_saphyr::Location>()?),
                SpdField::Other => {
                    map.next_value::<de::IgnoredAny>()?;
                }
            }
        }
        let value = value.ok_or_else(|| de::Error::missing_field("value"))?;
        Ok(located(value, referenced, defined))
    }
}

/// A field of the `Spanned` protocol, read without allocating.
enum SpdField {
    Value,
    Referenced,
    Defined,
    Other,
}

impl<'de> Deserialize<'de> for SpdField {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct F;
        impl Visitor<'_> for F {
            type Value = SpdField;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field of a located value")
            }
            fn visit_str<E>(self, v: &str) -> Result<SpdField, E> {
                Ok(match v {
                    "value" => SpdField::Value,
                    "referenced" => SpdField::Referenced,
                    "defined" => SpdField::Defined,
                    _ => SpdField::Other,
                })
            }
        }
        d.deserialize_identifier(F)
    }
}

/// Builds a `Raw` from any YAML value.
pub(super) struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = Raw;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E>(self) -> Result<Raw, E> {
        Ok(Raw::Null)
    }
    fn visit_none<E>(self) -> Result<Raw, E> {
        Ok(Raw::Null)
    }
    fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<Raw, D2::Error> {
        Raw::deserialize(d)
    }
    fn visit_bool<E>(self, _: bool) -> Result<Raw, E> {
        Ok(Raw::Bool)
    }
    fn visit_i64<E>(self, v: i64) -> Result<Raw, E> {
        Ok(Raw::Int(i128::from(v)))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Raw, E> {
        Ok(Raw::Int(i128::from(v)))
    }
    fn visit_i128<E>(self, v: i128) -> Result<Raw, E> {
        Ok(Raw::Int(v))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Raw, E> {
        Ok(i128::try_from(v).map_or(Raw::Float, Raw::Int))
    }
    fn visit_f64<E>(self, _: f64) -> Result<Raw, E> {
        Ok(Raw::Float)
    }
    fn visit_str<E>(self, v: &str) -> Result<Raw, E> {
        Ok(Raw::Str(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Raw, E> {
        Ok(Raw::Str(v))
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Raw, E> {
        Ok(Raw::Str(String::from_utf8_lossy(v).into_owned()))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Raw, A::Error> {
        let mut items = Vec::with_capacity(a.size_hint().unwrap_or(0).min(1024));
        while let Some(Spd(item)) = a.next_element::<Spd<Raw>>()? {
            items.push(item);
        }
        // Nodes kept in a tree are work (`tests/complexity.rs`: extensions keep none).
        crate::work::add(items.len());
        Ok(Raw::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Raw, A::Error> {
        let mut items = Vec::with_capacity(a.size_hint().unwrap_or(0).min(64));
        while let Some(Spd(key)) = a.next_key::<Spd<String>>()? {
            let Spd(value) = a.next_value::<Spd<Raw>>()?;
            items.push((key, value));
        }
        crate::work::add(items.len());
        Ok(Raw::Map(items))
    }
}

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(RawVisitor)
    }
}

pub(super) fn parse(
    cx: &mut Cx<'_>,
    shared: &std::sync::Arc<str>,
    limits: &Limits,
) -> Option<Sp<stream::Root>> {
    let options = serde_saphyr::options! {
        strict_booleans: true,
        reject_unsupported_tags: true,
        with_snippet: false,
        budget: limits.budget(cx.text.len()),
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: cx.text.len().saturating_mul(limits.nodes_per_byte).max(10_000),
            max_replay_stack_depth: limits.max_depth,
        },
    };
    let (parsed, found) = stream::with_context(cx.source, shared, || {
        serde_saphyr::from_str_with_options::<Spd<stream::Root>>(cx.text, options)
    });
    if let (Ok(_), Some((findings, spans))) = (&parsed, found) {
        cx.findings.extend(findings);
        cx.secret_spans.extend(spans);
    }
    match parsed {
        Ok(Spd(root)) => Some(root),
        Err(err) => {
            let finding = yaml_error(cx, &err, limits);
            cx.push(finding);
            None
        }
    }
}

/// Where a serde-saphyr error points.
fn error_span(text: &str, err: &serde_saphyr::Error) -> Span {
    err.locations().map_or(Span::default(), |l| {
        let loc = l.reference_location;
        let span = span_of(&loc);
        if span == Span::default() && loc.line() > 0 {
            let lines = LineIndex::new(text);
            let line = usize::try_from(loc.line()).unwrap_or(usize::MAX);
            let col = usize::try_from(loc.column()).unwrap_or(usize::MAX);
            let at = lines.offset(text, line, col);
            let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
            Span::new(at, end)
        } else {
            span
        }
    })
}

/// Turn a serde-saphyr error into P001 (syntax), P002 (shape) or P008 (limit).
fn yaml_error(cx: &Cx<'_>, err: &serde_saphyr::Error, limits: &Limits) -> Finding {
    use serde_saphyr::Error as E;
    let err = err.without_snippet();
    let span = error_span(cx.text, err);
    let raw = err.to_string();
    let detail = raw
        .rfind(" at line ")
        .map_or(raw.as_str(), |i| &raw[..i])
        .trim_end_matches('.');
    // A limit hit inside an alias replay comes wrapped: judge the original error.
    let mut inner = err;
    while let E::AliasError { error, .. } | E::WithSnippet { error, .. } = inner {
        inner = error;
    }
    let (code, message, help) = match inner {
        // The scanner's own guard on flow nesting (`[[[[…`) is the depth limit too.
        _ if detail.contains("recursion limit exceeded") => (
            Code::P008,
            format!(
                "the YAML exceeds a resource limit (nesting depth over {})",
                limits.max_depth
            ),
            "flatten the nesting, or raise the limit with `--max-depth` (see `docs/limits.md`)"
                .into(),
        ),
        // `max_documents: 1` is how the budget sees a second document: P001 (SPEC §8).
        E::MultipleDocuments { .. }
        | E::Budget {
            breach: serde_saphyr::budget::BudgetBreach::Documents { .. },
            ..
        } => (
            Code::P001,
            "the file holds more than one YAML document".into(),
            "a plan is one document: remove the second `---` or split the file".into(),
        ),
        E::Budget { breach, .. } => (
            Code::P008,
            format!(
                "the YAML exceeds a resource limit ({})",
                breach_text(breach, limits)
            ),
            format!(
                "split the plan into smaller files, or raise the limit with `{}` (see `docs/limits.md`)",
                if matches!(breach, serde_saphyr::budget::BudgetBreach::Depth { .. }) {
                    "--max-depth"
                } else {
                    "--max-nodes-per-byte"
                }
            ),
        ),
        E::AliasReplayLimitExceeded { .. }
        | E::AliasExpansionLimitExceeded { .. }
        | E::AliasReplayStackDepthExceeded { .. }
        | E::AliasReplayCounterOverflow { .. } => (
            Code::P008,
            "the YAML aliases expand past the alias-expansion limit".into(),
            "use fewer or smaller aliases (`*name`), or raise `--max-nodes-per-byte` (see `docs/limits.md`)".into(),
        ),
        E::DuplicateMappingKey { key, .. } => (
            Code::P001,
            match key {
                Some(k) => format!("duplicate key `{k}`"),
                None => "duplicate key".into(),
            },
            "each key may appear once in a mapping; keep one and delete the other".into(),
        ),
        E::UnsupportedTag { tag, .. } => (
            Code::P001,
            format!("unsupported YAML tag `{tag}`"),
            "remove the tag; plans use plain YAML values".into(),
        ),
        E::SerdeInvalidType { .. }
        | E::SerdeInvalidValue { .. }
        | E::SerdeUnknownField { .. }
        | E::SerdeMissingField { .. } => (
            Code::P002,
            lower_first(detail),
            "see `docs/plan-format.md` for the shape of a plan".into(),
        ),
        _ => (
            Code::P001,
            format!("invalid YAML: {}", lower_first(detail)),
            yaml_help(detail),
        ),
    };
    let tab = detail.starts_with("tab") || detail.contains(" tab");
    if code == Code::P001 && message.starts_with("invalid YAML: ") && tab {
        return tab_error(cx, span, help);
    }
    Finding::new(code, cx.source, span, message).help(help)
}

/// The parser reports a tab where it stopped (often the end of the line before): point
/// at the tab itself, and say it is one (a snippet draws it as spaces).
fn tab_error(cx: &Cx<'_>, span: Span, help: String) -> Finding {
    let (span, message) = match tab_near(cx.text, span.start()) {
        Some(at) => (
            Span::new(at, at + 1),
            "invalid YAML: a tab character where YAML allows only spaces",
        ),
        None => (
            span,
            "invalid YAML: a tab character where YAML allows only spaces",
        ),
    };
    Finding::new(Code::P001, cx.source, span, message)
        .help(help)
        .primary("a tab (drawn as spaces)")
}

/// The tab a tab error is about: the first one from `from` (the parser's stop) to the end
/// of the next non-blank line, else the last one before it on its line.
fn tab_near(text: &str, from: usize) -> Option<usize> {
    let from = from.min(text.len());
    let bytes = text.as_bytes();
    let mut end = from;
    let mut lines = 0;
    while end < bytes.len() && lines < 2 {
        if bytes[end] == b'\n'
            && !text[..end]
                .trim_end_matches(['\n', '\r', ' ', '\t'])
                .is_empty()
        {
            lines += 1;
        }
        end += 1;
    }
    if let Some(i) = bytes[from..end].iter().position(|&b| b == b'\t') {
        return Some(from + i);
    }
    let line_start = bytes[..from]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    bytes[line_start..from]
        .iter()
        .rposition(|&b| b == b'\t')
        .map(|i| line_start + i)
}

fn yaml_help(detail: &str) -> String {
    if detail.contains("tab") {
        "indent with spaces; YAML does not allow tabs for indentation".into()
    } else if detail.contains("quote") {
        "close the quoted string on the same value".into()
    } else if detail.contains("merge") {
        "`<<` merges a mapping (`<<: *defaults`), not a scalar".into()
    } else {
        "fix the YAML syntax at this place (a linter such as yamllint can help)".into()
    }
}

fn breach_text(breach: &serde_saphyr::budget::BudgetBreach, limits: &Limits) -> String {
    use serde_saphyr::budget::BudgetBreach as B;
    match breach {
        B::Depth { .. } => format!("nesting depth over {}", limits.max_depth),
        B::Nodes { .. } => "too many YAML nodes for the file size".into(),
        B::Events { .. } => "too many YAML events for the file size".into(),
        B::Aliases { .. } | B::Anchors { .. } => "too many aliases or anchors".into(),
        B::ScalarBytes { .. } => {
            "too much scalar text, aliases counted each time they are used".into()
        }
        B::RecordedAnchorEvents { .. }
        | B::RecordedAnchorBytes { .. }
        | B::AliasAnchorRatio { .. }
        | B::MergeKeys { .. } => "alias expansion over the budget for the file size".into(),
        other => format!("{other:?}").to_lowercase(),
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    // Keep acronyms (`YAML merge value …`) as they are.
    if s.chars().nth(1).is_some_and(char::is_uppercase) {
        return s.to_owned();
    }
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}
