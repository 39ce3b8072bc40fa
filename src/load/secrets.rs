//! IMS012: secrets that must never sit in a plan (DOMAIN.md §6, SPEC §10), and the
//! masking that keeps them out of every output.
//!
//! Two passes: the YAML tree for non-empty values under secret-like keys (anywhere,
//! `x-` extensions included), and the raw text for secret shapes (`p8e-…` client
//! secrets, PEM private keys, JWT-shaped tokens), which also covers comments. Every
//! secret's span is masked in the source text that reports show: the first four
//! characters stay, then `…`, then `*`; byte length and line breaks are kept so every
//! other span stays valid.

mod lines;
mod shapes;

pub use lines::scan_csv;
pub(crate) use lines::scan_lines;
use shapes::shape_hits;

use super::{Cx, Raw};
use crate::code::Code;
use crate::diagnostic::Finding;
use crate::span::{Sp, Span};

/// Key names (ignoring case, `-` and `_`) whose non-empty value is a secret: a key that
/// is or ends with one of them (`db-password`, `refresh-token`, `x-client-secret`).
const SECRET_KEYS: &[&str] = &[
    "secret",
    "clientsecret",
    "password",
    "passwd",
    "token",
    "accesstoken",
    "privatekey",
    "apikey",
];

/// Is this key name one that holds secrets? True when, ignoring case, `-` and `_`, it is
/// or ends with one of [`SECRET_KEYS`].
#[must_use]
pub fn is_secret_key(key: &str) -> bool {
    // Every key of a plan passes here: ASCII keys are compared from the end, in place.
    if key.is_ascii() {
        return SECRET_KEYS.iter().any(|name| {
            let mut k = key.bytes().rev().filter(|b| *b != b'-' && *b != b'_');
            name.bytes()
                .rev()
                .all(|n| k.next().is_some_and(|b| b.to_ascii_lowercase() == n))
        });
    }
    let norm: String = key
        .chars()
        .filter(|c| *c != '-' && *c != '_')
        .flat_map(char::to_lowercase)
        .collect();
    SECRET_KEYS.iter().any(|name| norm.ends_with(name))
}

/// How many leading characters of a secret may be shown: four, but never more than
/// half of it, so a short password is not shown whole.
fn shown_chars(secret: &str) -> usize {
    (secret.chars().count() / 2).min(4)
}

/// The first characters of a secret (at most four, at most half), then `…`.
#[must_use]
pub fn preview(secret: &str) -> String {
    let mut out: String = secret.chars().take(shown_chars(secret)).collect();
    out.push('…');
    out
}

/// Walk the tree for values under secret-like keys (a scalar, or every scalar of a list
/// or mapping) and for secret shapes in decoded strings and keys.
pub(crate) fn scan_tree(node: &Sp<Raw>, cx: &mut Cx<'_>) {
    match &node.value {
        Raw::Map(items) => {
            for (key, value) in items {
                decoded(cx, &key.value, key.span);
                if is_secret_key(&key.value) {
                    let mut spans = Vec::new();
                    secret_scalars(cx.text, value, &mut spans);
                    under_key(cx, &key.value, &spans);
                } else {
                    scan_tree(value, cx);
                }
            }
        }
        Raw::Seq(items) => {
            for item in items {
                scan_tree(item, cx);
            }
        }
        Raw::Str(s) => decoded(cx, s, node.defined.unwrap_or(node.span)),
        _ => {}
    }
}

/// The non-empty scalars (`spans`, in order) of a value under the secret-like key `key`:
/// one finding at the first, every one masked.
pub(super) fn under_key(cx: &mut Cx<'_>, key: &str, spans: &[Span]) {
    if let Some((first, rest)) = spans.split_first() {
        report(cx, *first, &format!("a value under `{key}`"));
        cx.secret_spans
            .extend(rest.iter().map(|s| trim_span(cx.text, *s)));
    }
}

/// The spans of the non-empty scalars of a value, in order.
fn secret_scalars(text: &str, node: &Sp<Raw>, out: &mut Vec<Span>) {
    match &node.value {
        Raw::Map(items) => {
            for (_, value) in items {
                secret_scalars(text, value, out);
            }
        }
        Raw::Seq(items) => {
            for item in items {
                secret_scalars(text, item, out);
            }
        }
        raw if is_non_empty_scalar(raw) => out.push(scalar_span(text, node)),
        _ => {}
    }
}

/// Where the secret of a non-empty scalar under a secret-like key is (quotes left out).
pub(super) fn scalar_span<T>(text: &str, node: &Sp<T>) -> Span {
    unquote(text, node.defined.unwrap_or(node.span))
}

/// Shortest decoded value [`decoded`] looks at: `p8e-` and 20; a JWT is longer still.
const SHORTEST: usize = 24;

/// Can this decoded value hide a secret shape (is it worth keeping for [`decoded`])?
pub(super) fn may_hide_shape(value: &str) -> bool {
    value.len() >= SHORTEST
}

/// Secret shapes that only appear once YAML is decoded: escapes (`"p8e\x2d…"`), line
/// continuations that split a token, `!!binary` base64. The whole scalar is the secret.
pub(super) fn decoded(cx: &mut Cx<'_>, value: &str, span: Span) {
    if !may_hide_shape(value) {
        return;
    }
    let inner = unquote(cx.text, span);
    let written = cx.text.get(inner.start()..inner.end()).unwrap_or("");
    let mut hit = None;
    if written != value {
        hit = shape_hits(value).first().map(|(_, what)| *what);
    }
    if hit.is_none() && is_binary(cx.text, span) {
        let bytes = base64(value);
        hit = shape_hits(&String::from_utf8_lossy(&bytes))
            .first()
            .map(|(_, what)| *what);
    }
    if let Some(what) = hit {
        report(cx, inner, &format!("{what}, once decoded"));
    }
}

/// Is the scalar at `span` tagged `!!binary`?
fn is_binary(text: &str, span: Span) -> bool {
    let before = text.get(..span.start()).unwrap_or("");
    let at = text.get(span.start()..span.end()).unwrap_or("");
    at.starts_with("!!binary") || before.trim_end().ends_with("!!binary")
}

/// Decode base64 (standard or URL alphabet, whitespace and padding ignored), as far as
/// it is valid.
fn base64(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let (mut acc, mut bits) = (0u32, 0u32);
    for b in text.bytes() {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' | b' ' | b'\t' | b'\n' | b'\r' => continue,
            _ => break,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

fn is_non_empty_scalar(raw: &Raw) -> bool {
    match raw {
        Raw::Str(s) => !s.trim().is_empty(),
        Raw::Int(_) | Raw::Float | Raw::Bool => true,
        Raw::Null | Raw::Seq(_) | Raw::Map(_) => false,
    }
}

/// Shrink a span over a quoted scalar to its content.
fn unquote(text: &str, span: Span) -> Span {
    let s = text.get(span.start()..span.end()).unwrap_or("");
    let b = s.as_bytes();
    if b.len() >= 2 && (b[0] == b'"' || b[0] == b'\'') && b[b.len() - 1] == b[0] {
        Span::new(span.start() + 1, span.end() - 1)
    } else if b.first().is_some_and(|c| *c == b'|' || *c == b'>') {
        // Block scalar: the content starts on the next line.
        let nl = s.find('\n').map_or(s.len(), |i| i + 1);
        let rest = &s[nl..];
        let indent = rest.len() - rest.trim_start().len();
        Span::new(span.start() + nl + indent, span.end())
    } else {
        span
    }
}

/// A block scalar's span runs into the next line's indentation: end at the last
/// character of the secret itself.
fn trim_span(text: &str, span: Span) -> Span {
    let body = text.get(span.start()..span.end()).unwrap_or("");
    Span::new(span.start(), span.start() + body.trim_end().len())
}

fn report(cx: &mut Cx<'_>, span: Span, what: &str) {
    let span = trim_span(cx.text, span);
    // A secret found twice (under a secret key and by its shape) is one finding; the
    // masked range grows to cover both, so no part of it is left visible.
    if let Some(known) = cx
        .secret_spans
        .iter_mut()
        .find(|s| s.start < span.end.max(span.start + 1) && span.start < s.end.max(s.start + 1))
    {
        *known = Span::new(known.start().min(span.start()), known.end().max(span.end()));
        return;
    }
    let secret = cx.text.get(span.start()..span.end()).unwrap_or("");
    let shown = preview(secret);
    cx.secret_spans.push(span);
    let f = Finding::new(
        Code::IMS012,
        cx.source,
        span,
        format!("the plan holds a secret: {what} (`{shown}`)"),
    )
    .help("delete it and rotate it now: it is in the git history; keep secrets in a vault and out of plans")
    .primary("secret (masked)");
    cx.findings.push(f);
}

/// Scan the raw text (values, keys and comments) for secret shapes.
pub(crate) fn scan_text(cx: &mut Cx<'_>) {
    for (span, what) in shape_hits(cx.text) {
        report(cx, span, what);
    }
}

/// The text with every secret span masked, same length in bytes, line breaks kept.
#[must_use]
pub fn mask(text: &str, spans: &mut [Span]) -> String {
    if spans.is_empty() {
        return text.to_owned();
    }
    spans.sort();
    let mut out = text.as_bytes().to_vec();
    for span in spans.iter() {
        let secret = text.get(span.start()..span.end()).unwrap_or("");
        let keep: usize = secret
            .chars()
            .take(shown_chars(secret))
            .map(char::len_utf8)
            .sum();
        let mut i = span.start() + keep;
        let mut ellipsis = true;
        let mut line_start = false;
        while i < span.end().min(out.len()) {
            let b = text.as_bytes()[i];
            if b == b'\n' || b == b'\r' {
                ellipsis = false;
                line_start = true;
                i += 1;
                continue;
            }
            // Keep the indentation of a multi-line secret so the snippet still reads
            // as YAML.
            if line_start && (b == b' ' || b == b'\t') {
                i += 1;
                continue;
            }
            line_start = false;
            let room = text.as_bytes()[i..span.end()]
                .iter()
                .take_while(|c| **c != b'\n' && **c != b'\r')
                .count();
            if ellipsis && room >= 3 {
                out[i..i + 3].copy_from_slice("…".as_bytes());
                i += 3;
                ellipsis = false;
                continue;
            }
            out[i] = b'*';
            i += 1;
        }
    }
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Mask every secret shape in a text a rule wrote (a message quoting a profile, an id
/// …): only shapes can get there, since values under secret keys are never quoted.
#[must_use]
pub fn mask_shapes(text: &str) -> String {
    let hits = shape_hits(text);
    if hits.is_empty() {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (span, _) in hits {
        if span.start() < at {
            continue;
        }
        out.push_str(&text[at..span.start()]);
        out.push_str(&preview(&text[span.start()..span.end()]));
        at = span.end();
    }
    out.push_str(&text[at..]);
    out
}

/// Mask secret shapes in the messages, helps and labels of findings.
pub fn scrub(findings: &mut [Finding]) {
    for f in findings.iter_mut() {
        f.message = mask_shapes(&f.message);
        if let Some(h) = f.help.as_mut() {
            *h = mask_shapes(h);
        }
        if let Some(p) = f.primary_label.as_mut() {
            *p = mask_shapes(p);
        }
        for l in &mut f.labels {
            l.message = mask_shapes(&l.message);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        let text = "a p8e-ABCDEFGHIJKLMNOPQRSTUVWX b eyJhbGciOi.eyJzdWIiOiJ4In0.c2lnbmF0dXJl c";
        let hits = shape_hits(text);
        assert_eq!(hits.len(), 2);
        assert_eq!(mask_shapes(text), "a p8e-… b eyJh… c");
        assert!(shape_hits("p8e-short eyJa.b.c").is_empty());
        let pem = "k: |\n  -----BEGIN RSA PRIVATE KEY-----\n  MIIE\n  -----END RSA PRIVATE KEY-----\nx: 1\n";
        let hits = shape_hits(pem);
        assert_eq!(hits.len(), 1);
        assert!(pem[hits[0].0.start()..hits[0].0.end()].ends_with("KEY-----"));
        assert!(
            shape_hits("-----BEGIN CERTIFICATE-----\nMII\n-----END CERTIFICATE-----\n").is_empty()
        );
    }

    #[test]
    fn secret_keys_match_by_ending() {
        for k in [
            "password",
            "db-password",
            "Refresh_Token",
            "x-client-secret",
            "x-token",
            "API-KEY",
            "myServicePrivateKey",
        ] {
            assert!(is_secret_key(k), "{k}");
        }
        for k in [
            "owner",
            "token-url",
            "passwords-policy",
            "operators-csv",
            "notes",
            "",
        ] {
            assert!(!is_secret_key(k), "{k}");
        }
    }

    #[test]
    fn short_secrets_are_not_shown_whole() {
        assert_eq!(preview("abc"), "a…");
        assert_eq!(preview("abcdefghij"), "abcd…");
    }

    /// Runs of shapes must not make the scan quadratic (a hostile plan must not hang).
    #[test]
    fn scan_is_linear() {
        let start = std::time::Instant::now();
        for text in [
            "p8e-".repeat(200_000),
            "-----BEGIN ".repeat(80_000),
            "-----BEGIN PRIVATE KEY-----".repeat(40_000),
            "eyJ.".repeat(200_000),
        ] {
            let _ = shape_hits(&text);
        }
        assert!(start.elapsed().as_secs() < 10, "{:?}", start.elapsed());
    }
}
