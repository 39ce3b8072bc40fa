//! The top level of a plan, read so that `steps` are converted one by one as they are
//! parsed: each step's span tree (`Raw`) is dropped as soon as its `Step` exists, so a
//! 50,000-step plan never holds the whole tree in memory (bench/RESULTS.md).
//!
//! serde-saphyr has no seeded entry point, so the conversion context reaches the step
//! visitor through a thread-local set by `parse` for the duration of one parse.

use std::cell::RefCell;
use std::fmt;
use std::sync::Arc;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

use super::convert::convert_step;
use super::secrets;
use super::yaml::{Located, RawVisitor, Spd};
use super::{Cx, Raw};
use crate::diagnostic::Finding;
use crate::model::{Dropped, Step};
use crate::span::{Sp, Span};

thread_local! {
    /// (source index, text) of the file being parsed on this thread.
    static CONTEXT: RefCell<Option<(usize, Arc<str>)>> = const { RefCell::new(None) };
    /// What scanning the top level's extensions found (`x-` keys of the plan and of
    /// environments), for `parse` to merge.
    static FOUND: RefCell<Option<Found>> = const { RefCell::new(None) };
}

/// Findings and secret spans to merge into the caller's `Cx`.
pub(super) type Found = (Vec<Finding>, Vec<Span>);

/// Make `source` and `text` the context of step conversion while `f` runs. Returns
/// `f`'s result and the findings and secret spans of the top level's extensions.
pub(super) fn with_context<R>(
    source: usize,
    text: &Arc<str>,
    f: impl FnOnce() -> R,
) -> (R, Option<Found>) {
    CONTEXT.with(|c| *c.borrow_mut() = Some((source, Arc::clone(text))));
    FOUND.with(|c| *c.borrow_mut() = None);
    let r = f();
    CONTEXT.with(|c| *c.borrow_mut() = None);
    (r, FOUND.with(|c| c.borrow_mut().take()))
}

/// The document as parsed: a mapping (with `steps` converted) or any other value.
pub(super) enum Root {
    Map(Vec<(Sp<String>, Top)>),
    Other(Raw),
}

/// A top-level value.
pub(super) enum Top {
    Raw(Sp<Raw>),
    Steps(Sp<Steps>),
}

/// The value of `steps`: converted when it is a list (or empty), else kept as `Raw`
/// so the usual "must be a list" finding is reported.
pub(super) enum Steps {
    Converted(Converted),
    Other(Raw),
}

/// What converting the steps produced, to merge into the caller's `Cx`.
pub(super) struct Converted {
    pub(super) steps: Option<Vec<Step>>,
    pub(super) findings: Vec<Finding>,
    pub(super) secret_spans: Vec<Span>,
    pub(super) allow_keys: Vec<(String, Span)>,
    pub(super) dropped: Box<Dropped>,
}

/// Forward the scalar visits of a visitor to `RawVisitor`.
macro_rules! like_raw {
    ($wrap:expr) => {
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
            RawVisitor.visit_bool(v).map($wrap)
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            RawVisitor.visit_i64(v).map($wrap)
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            RawVisitor.visit_u64(v).map($wrap)
        }
        fn visit_i128<E: de::Error>(self, v: i128) -> Result<Self::Value, E> {
            RawVisitor.visit_i128(v).map($wrap)
        }
        fn visit_u128<E: de::Error>(self, v: u128) -> Result<Self::Value, E> {
            RawVisitor.visit_u128(v).map($wrap)
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            RawVisitor.visit_f64(v).map($wrap)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            RawVisitor.visit_str(v).map($wrap)
        }
        fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
            RawVisitor.visit_string(v).map($wrap)
        }
        fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Self::Value, E> {
            RawVisitor.visit_bytes(v).map($wrap)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            Raw::deserialize(d).map($wrap)
        }
    };
}

mod extension;

impl<'de> Deserialize<'de> for Root {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(RootVisitor)
    }
}

struct RootVisitor;

impl<'de> Visitor<'de> for RootVisitor {
    type Value = Root;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a plan")
    }

    like_raw!(Root::Other);

    fn visit_unit<E: de::Error>(self) -> Result<Root, E> {
        Ok(Root::Other(Raw::Null))
    }

    fn visit_none<E: de::Error>(self) -> Result<Root, E> {
        Ok(Root::Other(Raw::Null))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, a: A) -> Result<Root, A::Error> {
        RawVisitor.visit_seq(a).map(Root::Other)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Root, A::Error> {
        let context = CONTEXT.with(|c| c.borrow().clone());
        let text = context.as_ref().map_or("", |(_, t)| t);
        let mut cx = Cx::new(context.as_ref().map_or(0, |(s, _)| *s), text);
        let mut items = Vec::new();
        while let Some(Spd(key)) = a.next_key::<Spd<String>>()? {
            let value = if key.value == "steps" {
                Top::Steps(a.next_value::<Spd<Steps>>()?.0)
            } else if context.is_none() {
                // Not inside `parse`: keep the whole tree.
                Top::Raw(a.next_value::<Spd<Raw>>()?.0)
            } else if extension::is_extension(&key.value) {
                Top::Raw(extension::skip_value(&mut a, &mut cx, &key)?)
            } else if key.value == "environments" {
                Top::Raw(a.next_value_seed(Located(extension::Environments(&mut cx)))?)
            } else {
                Top::Raw(a.next_value::<Spd<Raw>>()?.0)
            };
            items.push((key, value));
        }
        FOUND.with(|c| *c.borrow_mut() = Some((cx.findings, cx.secret_spans)));
        Ok(Root::Map(items))
    }
}

impl<'de> Deserialize<'de> for Steps {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(StepsVisitor)
    }
}

struct StepsVisitor;

impl<'de> Visitor<'de> for StepsVisitor {
    type Value = Steps;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of steps")
    }

    like_raw!(Steps::Other);

    fn visit_unit<E: de::Error>(self) -> Result<Steps, E> {
        Ok(Steps::Converted(empty(Some(Vec::new()))))
    }

    fn visit_none<E: de::Error>(self) -> Result<Steps, E> {
        Ok(Steps::Converted(empty(Some(Vec::new()))))
    }

    fn visit_map<A: MapAccess<'de>>(self, a: A) -> Result<Steps, A::Error> {
        RawVisitor.visit_map(a).map(Steps::Other)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Steps, A::Error> {
        let Some((source, text)) = CONTEXT.with(|c| c.borrow().clone()) else {
            // Not inside `parse`: keep the tree (the caller converts it).
            return RawVisitor.visit_seq(a).map(Steps::Other);
        };
        let mut cx = Cx::new(source, &text);
        let mut steps = Vec::new();
        while let Some(item) = a.next_element_seed(Located(extension::ExtMap(&mut cx)))? {
            secrets::scan_tree(&item, &mut cx);
            if steps.len() == steps.capacity() {
                steps.reserve_exact(more_steps(steps.len(), item.span.end(), text.len()));
            }
            // A broken step is dropped (and recorded in `cx.dropped`); the rest load.
            steps.extend(convert_step(&mut cx, item));
        }
        Ok(Steps::Converted(Converted {
            steps: Some(steps),
            findings: cx.findings,
            secret_spans: cx.secret_spans,
            allow_keys: cx.allow_keys,
            dropped: Box::new(cx.dropped),
        }))
    }
}

/// How many more steps to make room for when `read` steps, ending at byte `at` of a
/// text of `len` bytes, fill the list: as many as the rest of the text holds at the
/// same density (plus 1 %), never fewer than an eighth and never more than doubling.
/// A `Step` is several hundred bytes, so the usual doubling would leave up to half the
/// largest allocation of a big plan unused (50,000 steps: 11 MB).
fn more_steps(read: usize, at: usize, len: usize) -> usize {
    let least = (read / 8).max(16);
    if read == 0 || at == 0 || at >= len {
        return least;
    }
    let estimate = read.saturating_mul(len) / at;
    let wanted = (estimate + estimate / 100).saturating_sub(read);
    wanted.clamp(least, read.max(least))
}

fn empty(steps: Option<Vec<Step>>) -> Converted {
    Converted {
        steps,
        findings: Vec::new(),
        secret_spans: Vec::new(),
        allow_keys: Vec::new(),
        dropped: Box::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::more_steps;

    #[test]
    fn room_for_steps_follows_the_text_and_stays_between_an_eighth_and_double() {
        // 100 steps in the first 60 % of the text: room for 66 more, and 1 %.
        assert_eq!(more_steps(100, 6_000, 10_000), 67);
        // Steps at the very start of a big text never more than double.
        assert_eq!(more_steps(100, 100, 1_000_000), 100);
        // Nearly done: at least an eighth more, so growth stays amortised.
        assert_eq!(more_steps(800, 9_990, 10_000), 100);
        // No position known (or an empty list): the small default.
        assert_eq!(more_steps(0, 0, 10_000), 16);
        assert_eq!(more_steps(100, 0, 10_000), 16);
    }
}
