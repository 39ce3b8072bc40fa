//! IMS012: secrets that must never sit in a plan (DOMAIN.md §6, SPEC §10), and the
//! masking that keeps them out of every output.
//!
//! Two passes: the YAML tree for non-empty values under secret-like keys (anywhere,
//! `x-` extensions included), and the raw text for secret shapes (`p8e-…` client
//! secrets, PEM private keys, JWT-shaped tokens), which also covers comments. Every
//! secret's span is masked in the source text that reports show: the first four
//! characters stay, then `…`, then `*`; byte length and line breaks are kept so every
//! other span stays valid.

use crate::diagnostic::Finding;
use crate::load::{Cx, Raw};
use crate::rules::Code;
use crate::span::{Sp, Span};

/// Key names (ignoring case, `-` and `_`) whose non-empty value is a secret.
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

/// Is this key name one that holds secrets?
#[must_use]
pub fn is_secret_key(key: &str) -> bool {
    // Every key of a plan passes here: normalise ASCII keys on the stack (no allocation).
    let mut buf = [0u8; 16];
    let mut n = 0;
    if key.is_ascii() {
        for b in key.bytes().filter(|b| *b != b'-' && *b != b'_') {
            let Some(slot) = buf.get_mut(n) else {
                return false; // longer than any secret key name
            };
            *slot = b.to_ascii_lowercase();
            n += 1;
        }
        return std::str::from_utf8(&buf[..n]).is_ok_and(|k| SECRET_KEYS.contains(&k));
    }
    let norm: String = key
        .chars()
        .filter(|c| *c != '-' && *c != '_')
        .flat_map(char::to_lowercase)
        .collect();
    SECRET_KEYS.contains(&norm.as_str())
}

/// The first four characters of a secret, then `…`.
#[must_use]
pub fn preview(secret: &str) -> String {
    let mut out: String = secret.chars().take(4).collect();
    out.push('…');
    out
}

/// Walk the tree for values under secret-like keys.
pub(crate) fn scan_tree(node: &Sp<Raw>, cx: &mut Cx<'_>) {
    match &node.value {
        Raw::Map(items) => {
            for (key, value) in items {
                if is_secret_key(&key.value) && is_non_empty_scalar(&value.value) {
                    let span = unquote(cx.text, value.defined.unwrap_or(value.span));
                    report(cx, span, &format!("a value under `{}`", key.value));
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
        _ => {}
    }
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

fn report(cx: &mut Cx<'_>, span: Span, what: &str) {
    if cx
        .secret_spans
        .iter()
        .any(|s| s.start < span.end.max(span.start + 1) && span.start < s.end.max(s.start + 1))
    {
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

fn is_b64url(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

/// Scan the raw text (values, keys and comments) for secret shapes.
pub(crate) fn scan_text(cx: &mut Cx<'_>) {
    let text = cx.text;
    let bytes = text.as_bytes();
    let mut hits: Vec<(Span, &str)> = Vec::new();
    // `p8e-` client secrets.
    for (i, _) in text.match_indices("p8e-") {
        let n = bytes[i + 4..].iter().take_while(|b| is_b64url(**b)).count();
        if n >= 20 {
            hits.push((Span::new(i, i + 4 + n), "an OAuth client secret"));
        }
    }
    // PEM private keys: from the BEGIN line to the END line (or the key body's end).
    for (i, _) in text.match_indices("-----BEGIN ") {
        let line_end = text[i..].find('\n').map_or(text.len(), |e| i + e);
        let line = &text[i..line_end];
        if !(line.contains("PRIVATE KEY-----")) {
            continue;
        }
        let end = match text[line_end..].find("-----END ") {
            Some(e) => {
                let s = line_end + e;
                text[s..].find('\n').map_or(text.len(), |n| s + n)
            }
            None => line_end,
        };
        hits.push((Span::new(i, end.trim_end_cr(text)), "a private key"));
    }
    // JWT-shaped tokens: `eyJ…` then two `.`-separated base64url parts of 10+ chars.
    for (i, _) in text.match_indices("eyJ") {
        if i > 0 && is_b64url(bytes[i - 1]) {
            continue;
        }
        let head = bytes[i..].iter().take_while(|b| is_b64url(**b)).count();
        let mut at = i + head;
        let mut ok = true;
        for _ in 0..2 {
            if bytes.get(at) != Some(&b'.') {
                ok = false;
                break;
            }
            let n = bytes[at + 1..]
                .iter()
                .take_while(|b| is_b64url(**b))
                .count();
            if n < 10 {
                ok = false;
                break;
            }
            at += 1 + n;
        }
        if ok {
            hits.push((Span::new(i, at), "an access token"));
        }
    }
    hits.sort_by_key(|(s, _)| s.start);
    for (span, what) in hits {
        report(cx, span, what);
    }
}

trait TrimCr {
    fn trim_end_cr(self, text: &str) -> usize;
}

impl TrimCr for usize {
    fn trim_end_cr(self, text: &str) -> usize {
        if self > 0 && text.as_bytes().get(self - 1) == Some(&b'\r') {
            self - 1
        } else {
            self
        }
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
        let keep: usize = secret.chars().take(4).map(char::len_utf8).sum();
        let mut i = span.start() + keep;
        let mut ellipsis = true;
        while i < span.end().min(out.len()) {
            let b = text.as_bytes()[i];
            if b == b'\n' || b == b'\r' {
                ellipsis = false;
                i += 1;
                continue;
            }
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
