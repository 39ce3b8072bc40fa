//! The secret shapes (`p8e-…` client secrets, PEM private keys, JWT-shaped tokens,
//! `Bearer …` tokens) found in one pass over a text: `memchr` jumps to the bytes that
//! anchor a shape (`8` of `p8e-`, `J` of `eyJ`, `B` of `-----BEGIN ` and `Bearer`,
//! `b` of `bearer`) and each candidate is checked in place, so a clean text costs one
//! vectorised scan instead of one search per pattern (bench/RESULTS.md).

use crate::span::Span;

pub(super) fn is_b64url(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

/// What kind of shape a hit is, in the order hits at one offset are listed.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    ClientSecret,
    PrivateKey,
    Jwt,
    Bearer,
}

impl Kind {
    fn what(self) -> &'static str {
        match self {
            Kind::ClientSecret => "an OAuth client secret",
            Kind::PrivateKey => "a private key",
            Kind::Jwt => "an access token",
            Kind::Bearer => "a bearer token",
        }
    }
}

/// Every secret shape in a text, in order of where it starts: `p8e-` client secrets
/// (`p8e-` and 20 or more base64url characters), PEM private keys (from the `BEGIN`
/// line to the `END` line), JWT-shaped tokens (`eyJ…` and two `.`-separated parts of
/// 10 or more characters) and `Bearer` tokens (20 or more token characters). Linear in
/// the text: each kind resumes where its last hit ended.
pub(super) fn shape_hits(text: &str) -> Vec<(Span, &'static str)> {
    let bytes = text.as_bytes();
    let mut hits: Vec<(usize, Kind, usize)> = Vec::new();
    let mut scan = Scan {
        text,
        bytes,
        hits: &mut hits,
        p8e_done: 0,
        pem_done: 0,
        line_end: 0,
        next_end: None,
        searched: false,
    };
    for c in memchr::memchr3_iter(b'8', b'J', b'B', bytes) {
        match bytes[c] {
            b'8' => scan.client_secret(c),
            b'J' => scan.jwt(c),
            _ => {
                scan.private_key(c);
                if bytes[c..].starts_with(b"Bearer ") || bytes[c..].starts_with(b"BEARER ") {
                    scan.bearer(c + 7);
                }
            }
        }
    }
    for c in memchr::memchr_iter(b'b', bytes) {
        if bytes[c..].starts_with(b"bearer ") {
            scan.bearer(c + 7);
        }
    }
    // Kinds were found in one pass but the bearer pass ran after it: order by start,
    // then kind (a `Bearer eyJ…` token is a JWT first).
    hits.sort_unstable_by_key(|&(start, kind, _)| (start, kind));
    hits.into_iter()
        .map(|(start, kind, end)| (Span::new(start, end), kind.what()))
        .collect()
}

struct Scan<'t, 'h> {
    text: &'t str,
    bytes: &'t [u8],
    hits: &'h mut Vec<(usize, Kind, usize)>,
    /// End of the last `p8e-` run (a `p8e-` inside it is part of it).
    p8e_done: usize,
    /// End of the last `-----BEGIN ` line or key looked at.
    pem_done: usize,
    /// End of the line of the last `-----BEGIN `, and the next `-----END ` after it
    /// (found once and reused, so a run of `BEGIN` lines stays linear; `searched`
    /// once it was looked for).
    line_end: usize,
    next_end: Option<usize>,
    searched: bool,
}

impl Scan<'_, '_> {
    /// `8` at `c`: a `p8e-` client secret starting at `c - 1`?
    fn client_secret(&mut self, c: usize) {
        let Some(i) = c.checked_sub(1) else { return };
        if i < self.p8e_done || !self.bytes[i..].starts_with(b"p8e-") {
            return;
        }
        let n = run(&self.bytes[i + 4..], is_b64url);
        self.p8e_done = i + 4 + n;
        if n >= 20 {
            self.hits.push((i, Kind::ClientSecret, i + 4 + n));
        }
    }

    /// `J` at `c`: a JWT starting at `c - 2` (not inside a longer base64url word)?
    fn jwt(&mut self, c: usize) {
        let Some(i) = c.checked_sub(2) else { return };
        let bytes = self.bytes;
        if !bytes[i..].starts_with(b"eyJ") || (i > 0 && is_b64url(bytes[i - 1])) {
            return;
        }
        let mut at = i + run(&bytes[i..], is_b64url);
        for _ in 0..2 {
            if bytes.get(at) != Some(&b'.') {
                return;
            }
            let n = run(&bytes[at + 1..], is_b64url);
            if n < 10 {
                return;
            }
            at += 1 + n;
        }
        self.hits.push((i, Kind::Jwt, at));
    }

    /// `B` at `c`: a PEM private key whose `-----BEGIN ` starts at `c - 5`?
    fn private_key(&mut self, c: usize) {
        let Some(i) = c.checked_sub(5) else { return };
        let text = self.text;
        if i < self.pem_done || !self.bytes[i..].starts_with(b"-----BEGIN ") {
            return;
        }
        if i >= self.line_end {
            self.line_end = memchr::memchr(b'\n', &self.bytes[i..]).map_or(text.len(), |e| i + e);
        }
        let line_end = self.line_end;
        if !text[i..line_end].contains("PRIVATE KEY-----") {
            self.pem_done = line_end;
            return;
        }
        if !self.searched || self.next_end.is_some_and(|e| e < line_end) {
            self.next_end =
                memchr::memmem::find(&self.bytes[line_end..], b"-----END ").map(|e| line_end + e);
            self.searched = true;
        }
        let end = match self.next_end {
            Some(s) => memchr::memchr(b'\n', &self.bytes[s..]).map_or(text.len(), |n| s + n),
            None => line_end,
        };
        self.pem_done = end;
        let end = if end > 0 && self.bytes.get(end - 1) == Some(&b'\r') {
            end - 1
        } else {
            end
        };
        self.hits.push((i, Kind::PrivateKey, end));
    }

    /// A `Bearer ` marker ended at `at`: 20 or more token characters (and `=` padding).
    fn bearer(&mut self, at: usize) {
        let bytes = self.bytes;
        let n = run(&bytes[at..], |b| {
            is_b64url(b) || matches!(b, b'.' | b'~' | b'+' | b'/')
        });
        let pad = run(&bytes[at + n..], |b| b == b'=');
        if n >= 20 {
            self.hits.push((at, Kind::Bearer, at + n + pad));
        }
    }
}

/// How many leading bytes satisfy `ok`.
fn run(bytes: &[u8], ok: impl Fn(u8) -> bool) -> usize {
    bytes.iter().take_while(|b| ok(**b)).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The one-pass scan finds exactly what the former scan (one search per pattern)
    /// found, on texts built from shape fragments, near-misses and noise.
    #[test]
    fn same_hits_as_one_search_per_pattern() {
        const PARTS: &[&str] = &[
            "p8e-",
            "p8e",
            "8e-",
            "p",
            "8",
            "ABCDEFGHIJ",
            "abcdefghijklmnopqrst",
            "-",
            "_",
            "eyJ",
            "ey",
            "J",
            ".",
            "eyJhbGciOi",
            ".eyJzdWIiOiJ4In0",
            ".c2lnbmF0dXJl",
            "-----BEGIN ",
            "-----",
            "BEGIN ",
            "RSA PRIVATE KEY-----",
            "CERTIFICATE-----",
            "-----END ",
            "\n",
            "\r\n",
            " ",
            "Bearer ",
            "bearer ",
            "BEARER ",
            "B",
            "b",
            "==",
            "~",
            "+/",
            "x",
            "é",
            "\t",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut kinds = std::collections::BTreeSet::new();
        for _ in 0..20_000 {
            let len = (next() % 24) as usize;
            let text: String = (0..len)
                .map(|_| PARTS[(next() % PARTS.len() as u64) as usize])
                .collect();
            let hits = shape_hits(&text);
            assert_eq!(hits, old_shape_hits(&text), "{text:?}");
            kinds.extend(hits.iter().map(|(_, what)| *what));
        }
        // The texts do reach every kind of shape.
        assert_eq!(kinds.len(), 4, "{kinds:?}");
    }

    // The former scan, kept as the oracle of the test above.
    /// Every secret shape in a text, in order: `p8e-` client secrets, PEM private keys and
    /// JWT-shaped tokens. Linear in the text: each scan resumes where the last one ended.
    fn old_shape_hits(text: &str) -> Vec<(Span, &'static str)> {
        let bytes = text.as_bytes();
        let mut hits: Vec<(Span, &'static str)> = Vec::new();
        // `p8e-` client secrets; a match inside the previous one is part of it.
        let mut done = 0;
        for (i, _) in text.match_indices("p8e-") {
            if i < done {
                continue;
            }
            let n = bytes[i + 4..].iter().take_while(|b| is_b64url(**b)).count();
            done = i + 4 + n;
            if n >= 20 {
                hits.push((Span::new(i, i + 4 + n), "an OAuth client secret"));
            }
        }
        // PEM private keys: from the BEGIN line to the END line (or the BEGIN line's end).
        // Line ends and the next `-----END ` are found once and reused.
        let (mut line_end, mut next_end, mut done) = (0usize, None::<Option<usize>>, 0usize);
        for (i, _) in text.match_indices("-----BEGIN ") {
            if i < done {
                continue;
            }
            if i >= line_end {
                line_end = text[i..].find('\n').map_or(text.len(), |e| i + e);
            }
            if !text[i..line_end].contains("PRIVATE KEY-----") {
                done = line_end;
                continue;
            }
            if next_end.is_none_or(|e| e.is_some_and(|e| e < line_end)) {
                next_end = Some(text[line_end..].find("-----END ").map(|e| line_end + e));
            }
            let end = match next_end.flatten() {
                Some(s) => text[s..].find('\n').map_or(text.len(), |n| s + n),
                None => line_end,
            };
            done = end;
            hits.push((Span::new(i, end.old_trim_end_cr(text)), "a private key"));
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
        // `Bearer <token>` (an `Authorization` header pasted into notes), whatever the
        // token's shape: 20 or more token characters.
        for marker in ["Bearer ", "bearer ", "BEARER "] {
            for (i, _) in text.match_indices(marker) {
                let at = i + marker.len();
                let n = bytes[at..]
                    .iter()
                    .take_while(|b| is_b64url(**b) || matches!(b, b'.' | b'~' | b'+' | b'/'))
                    .count();
                let pad = bytes[at + n..].iter().take_while(|b| **b == b'=').count();
                if n >= 20 {
                    hits.push((Span::new(at, at + n + pad), "a bearer token"));
                }
            }
        }
        hits.sort_by_key(|(s, _)| s.start);
        hits
    }

    trait OldTrimCr {
        fn old_trim_end_cr(self, text: &str) -> usize;
    }

    impl OldTrimCr for usize {
        fn old_trim_end_cr(self, text: &str) -> usize {
            if self > 0 && text.as_bytes().get(self - 1) == Some(&b'\r') {
                self - 1
            } else {
                self
            }
        }
    }
}
