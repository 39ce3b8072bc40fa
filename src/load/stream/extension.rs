//! `x-` extensions: the user's own data, which the plan never reads. Their values are
//! walked as they are parsed (so they count against every limit of the parse) and
//! scanned for secrets exactly as `secrets::scan_tree` scans a tree, but no tree is
//! built: the value is left as a `null` placeholder with its spans, so a 60 MB
//! `x-data: [1, 1, …]` costs the parse and no memory (`docs/limits.md`).

use std::fmt;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::super::yaml::{Located, RawVisitor, Spd};
use super::super::{Cx, Raw, secrets};
use crate::span::{Sp, Span};

/// Is this key an extension (`x-…`), whose value is skipped?
pub(super) fn is_extension(key: &str) -> bool {
    key.starts_with("x-")
}

/// Read the value of the extension key `key` from `a`, scanning it for secrets into
/// `cx`; returns the placeholder the tree keeps (`null`, at the value's spans).
pub(super) fn skip_value<'de, A: MapAccess<'de>>(
    a: &mut A,
    cx: &mut Cx<'_>,
    key: &Sp<String>,
) -> Result<Sp<Raw>, A::Error> {
    let node = if secrets::is_secret_key(&key.value) {
        let mut spans = Vec::new();
        let node = a.next_value_seed(Located(Scalars {
            text: cx.text,
            out: &mut spans,
        }))?;
        if node.value {
            spans.push(secrets::scalar_span(cx.text, &node));
        }
        secrets::under_key(cx, &key.value, &spans);
        node.with(())
    } else {
        let node = a.next_value_seed(Located(Walk(cx)))?;
        if let Some(s) = &node.value {
            secrets::decoded(cx, s, node.defined.unwrap_or(node.span));
        }
        node.with(())
    };
    Ok(Sp {
        value: Raw::Null,
        span: node.span,
        defined: node.defined,
    })
}

/// Walks a value for secrets (as `secrets::scan_tree`): decoded shapes in keys and
/// strings, and the scalars under secret-like keys. Returns a string long enough to
/// hide a shape, for the caller to check once it knows the string's span.
struct Walk<'a, 'c>(&'a mut Cx<'c>);

impl<'de> DeserializeSeed<'de> for Walk<'_, '_> {
    type Value = Option<String>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk<'_, '_> {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_i128<E>(self, _: i128) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_u128<E>(self, _: u128) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(secrets::may_hide_shape(v).then(|| v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(secrets::may_hide_shape(&v).then_some(v))
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Self::Value, E> {
        let s = String::from_utf8_lossy(v);
        Ok(secrets::may_hide_shape(&s).then(|| s.into_owned()))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Self::Value, A::Error> {
        let cx = self.0;
        while let Some(item) = a.next_element_seed(Located(Walk(&mut *cx)))? {
            if let Some(s) = &item.value {
                secrets::decoded(cx, s, item.defined.unwrap_or(item.span));
            }
        }
        Ok(None)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Self::Value, A::Error> {
        let cx = self.0;
        while let Some(Spd(key)) = a.next_key::<Spd<String>>()? {
            secrets::decoded(cx, &key.value, key.span);
            if secrets::is_secret_key(&key.value) {
                skip_value(&mut a, cx, &key)?;
            } else {
                let item = a.next_value_seed(Located(Walk(&mut *cx)))?;
                if let Some(s) = &item.value {
                    secrets::decoded(cx, s, item.defined.unwrap_or(item.span));
                }
            }
        }
        Ok(None)
    }
}

/// Collects the spans of the non-empty scalars inside a value under a secret-like key
/// (as `secrets::secret_scalars`); says whether the value itself is one.
struct Scalars<'a, 't> {
    text: &'t str,
    out: &'a mut Vec<Span>,
}

impl<'de> DeserializeSeed<'de> for Scalars<'_, '_> {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Scalars<'_, '_> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_unit<E>(self) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_none<E>(self) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_bool<E>(self, _: bool) -> Result<bool, E> {
        Ok(true)
    }
    fn visit_i64<E>(self, _: i64) -> Result<bool, E> {
        Ok(true)
    }
    fn visit_u64<E>(self, _: u64) -> Result<bool, E> {
        Ok(true)
    }
    fn visit_i128<E>(self, _: i128) -> Result<bool, E> {
        Ok(true)
    }
    fn visit_u128<E>(self, _: u128) -> Result<bool, E> {
        Ok(true)
    }
    fn visit_f64<E>(self, _: f64) -> Result<bool, E> {
        Ok(true)
    }
    fn visit_str<E>(self, v: &str) -> Result<bool, E> {
        Ok(!v.trim().is_empty())
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<bool, E> {
        Ok(!String::from_utf8_lossy(v).trim().is_empty())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<bool, A::Error> {
        let (text, out) = (self.text, self.out);
        while let Some(item) = a.next_element_seed(Located(Scalars {
            text,
            out: &mut *out,
        }))? {
            if item.value {
                out.push(secrets::scalar_span(text, &item));
            }
        }
        Ok(false)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<bool, A::Error> {
        let (text, out) = (self.text, self.out);
        while a.next_key::<Spd<String>>()?.is_some() {
            let item = a.next_value_seed(Located(Scalars {
                text,
                out: &mut *out,
            }))?;
            if item.value {
                out.push(secrets::scalar_span(text, &item));
            }
        }
        Ok(false)
    }
}

/// A seed that reads any value as `Raw`, except a mapping, which the type reads with
/// its own `map` (one shape for [`ExtMap`] and [`Environments`]).
macro_rules! raw_but_map {
    ($ty:ident) => {
        impl<'de> DeserializeSeed<'de> for $ty<'_, '_> {
            type Value = Raw;

            fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Raw, D::Error> {
                d.deserialize_any(self)
            }
        }

        impl<'de> Visitor<'de> for $ty<'_, '_> {
            type Value = Raw;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any YAML value")
            }

            like_raw!(std::convert::identity);

            fn visit_unit<E: de::Error>(self) -> Result<Raw, E> {
                Ok(Raw::Null)
            }
            fn visit_none<E: de::Error>(self) -> Result<Raw, E> {
                Ok(Raw::Null)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, a: A) -> Result<Raw, A::Error> {
                RawVisitor.visit_seq(a)
            }
            fn visit_map<A: MapAccess<'de>>(self, a: A) -> Result<Raw, A::Error> {
                self.map(a)
            }
        }
    };
}

/// Reads a mapping whose `x-` keys are extensions (a step, an environment) into a
/// tree, skipping their values with [`skip_value`]; any other value as `Raw`.
pub(super) struct ExtMap<'a, 'c>(pub(super) &'a mut Cx<'c>);

raw_but_map!(ExtMap);

impl ExtMap<'_, '_> {
    fn map<'de, A: MapAccess<'de>>(self, mut a: A) -> Result<Raw, A::Error> {
        let mut items = Vec::with_capacity(a.size_hint().unwrap_or(0).min(64));
        while let Some(Spd(key)) = a.next_key::<Spd<String>>()? {
            let value = if is_extension(&key.value) {
                skip_value(&mut a, self.0, &key)?
            } else {
                a.next_value::<Spd<Raw>>()?.0
            };
            items.push((key, value));
        }
        Ok(Raw::Map(items))
    }
}

/// Reads the `environments` mapping: each environment as an [`ExtMap`].
pub(super) struct Environments<'a, 'c>(pub(super) &'a mut Cx<'c>);

raw_but_map!(Environments);

impl Environments<'_, '_> {
    fn map<'de, A: MapAccess<'de>>(self, mut a: A) -> Result<Raw, A::Error> {
        let cx = self.0;
        let mut items = Vec::with_capacity(a.size_hint().unwrap_or(0).min(64));
        while let Some(Spd(key)) = a.next_key::<Spd<String>>()? {
            let value = a.next_value_seed(Located(ExtMap(&mut *cx)))?;
            items.push((key, value));
        }
        Ok(Raw::Map(items))
    }
}
