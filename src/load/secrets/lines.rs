//! IMS012 line by line, where there is no YAML tree: a plan file that does not parse
//! (`key: value` pairs, flow mappings, block values, quoted and `!!binary` values) and the
//! operators CSV (secret shapes, and cells of a column named like a secret).

use super::{Cx, base64, is_binary, is_secret_key, preview, report, shape_hits, unquote};
use crate::code::Code;
use crate::diagnostic::Finding;
use crate::span::Span;

/// When the YAML could not be parsed, values under secret-like keys are still found
/// line by line, so a broken file shows no secret in its snippet either: `key: value`
/// pairs anywhere on a line (flow mappings included), and a block scalar, list or mapping
/// under such a key (`password: |` then more-indented lines). Double-quoted values and
/// `!!binary` values are decoded and searched for secret shapes too.
pub(crate) fn scan_lines(cx: &mut Cx<'_>) {
    let text = cx.text;
    let mut lines: Vec<(usize, &str)> = Vec::new();
    let mut at = 0usize;
    for line in text.split_inclusive('\n') {
        lines.push((at, line.trim_end_matches(['\n', '\r'])));
        at += line.len();
    }
    let mut i = 0;
    while i < lines.len() {
        let (start, body) = lines[i];
        let indent = body.len() - body.trim_start().len();
        let mut block = None;
        for (key, vstart, vend) in pairs(body) {
            let value = body[vstart..vend].trim();
            let value_at =
                start + vstart + (body[vstart..vend].len() - body[vstart..vend].trim_start().len());
            if !is_secret_key(key) {
                fallback_decoded(cx, value, value_at);
                continue;
            }
            let untagged = value
                .strip_prefix("!!binary")
                .map_or(value, str::trim_start);
            if untagged.is_empty() || untagged.starts_with(['|', '>', '#']) {
                block = Some(key.to_owned());
                continue;
            }
            let span = unquote(text, Span::new(value_at, value_at + value.len()));
            report(cx, span, &format!("a value under `{key}`"));
        }
        i += 1;
        let Some(key) = block else { continue };
        // The more-indented lines that follow are the value.
        let mut spans = Vec::new();
        while let Some(&(s, b)) = lines.get(i) {
            let ind = b.len() - b.trim_start().len();
            if !b.trim().is_empty() {
                if ind <= indent {
                    break;
                }
                let item = usize::from(b[ind..].starts_with("- ")) * 2;
                spans.push(Span::new(s + ind + item, s + b.len()));
            }
            i += 1;
        }
        if let Some((first, rest)) = spans.split_first() {
            report(cx, *first, &format!("a value under `{key}`"));
            cx.secret_spans.extend(rest);
        }
    }
}

/// The `key: value` pairs of one line: key text, value start and end (byte offsets in
/// the line). Quotes, flow collections and comments are respected.
fn pairs(body: &str) -> Vec<(&str, usize, usize)> {
    let b = body.as_bytes();
    let mut out = Vec::new();
    let (mut depth, mut quote, mut seg) = (0usize, None::<u8>, 0usize);
    let mut j = 0;
    while j < b.len() {
        let c = b[j];
        if let Some(q) = quote {
            if c == b'\\' && q == b'"' {
                j += 2;
                continue;
            }
            if c == q {
                quote = None;
            }
            j += 1;
            continue;
        }
        match c {
            b'"' | b'\'' => quote = Some(c),
            b'{' | b'[' => {
                depth += 1;
                seg = j + 1;
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                seg = j + 1;
            }
            b',' if depth > 0 => seg = j + 1,
            b'#' if j == 0 || b[j - 1] == b' ' => break,
            b':' if matches!(b.get(j + 1), None | Some(b' ' | b'\t'))
                || (depth > 0 && matches!(b.get(j + 1), Some(b',' | b'}' | b']'))) =>
            {
                let key = body[seg..j]
                    .trim()
                    .trim_start_matches(['-', '?', ' '])
                    .trim()
                    .trim_matches(['"', '\'']);
                let end = value_end(b, j + 1, depth > 0);
                out.push((key, j + 1, end));
                seg = j + 1;
            }
            _ => {}
        }
        j += 1;
    }
    out
}

/// Where a value that starts at `from` ends: a comment or the line's end; in a flow
/// collection also a `,`, `}` or `]` outside quotes and nested collections.
fn value_end(b: &[u8], from: usize, flow: bool) -> usize {
    let (mut depth, mut quote) = (0usize, None::<u8>);
    let mut j = from;
    while j < b.len() {
        let c = b[j];
        if let Some(q) = quote {
            if c == b'\\' && q == b'"' {
                j += 2;
                continue;
            }
            if c == q {
                quote = None;
            }
        } else {
            match c {
                b'"' | b'\'' => quote = Some(c),
                b'{' | b'[' => depth += 1,
                b'}' | b']' if depth > 0 => depth -= 1,
                b',' | b'}' | b']' if flow && depth == 0 => return j,
                b'#' if b[j - 1] == b' ' => return j,
                _ => {}
            }
        }
        j += 1;
    }
    b.len().min(j)
}

/// In a file that does not parse: a double-quoted or `!!binary` value whose decoded
/// text holds a secret shape.
fn fallback_decoded(cx: &mut Cx<'_>, value: &str, at: usize) {
    let (value, at) = match value.strip_prefix("!!binary") {
        Some(rest) => (
            rest.trim_start(),
            at + value.len() - rest.trim_start().len(),
        ),
        None => (value, at),
    };
    let decoded = if is_binary(cx.text, Span::new(at, at + value.len())) {
        String::from_utf8_lossy(&base64(value)).into_owned()
    } else if value.len() >= 2 && value.starts_with('"') && value.ends_with('"') {
        unescape(&value[1..value.len() - 1])
    } else {
        return;
    };
    if let Some((_, what)) = shape_hits(&decoded).first() {
        let span = unquote(cx.text, Span::new(at, at + value.len()));
        report(cx, span, &format!("{what}, once decoded"));
    }
}

/// The text of a YAML double-quoted scalar's escapes (`\x2d`, `\u002d`, `\e` …).
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let hex = |chars: &mut std::str::Chars<'_>, n: usize| {
            let h: String = chars.by_ref().take(n).collect();
            u32::from_str_radix(&h, 16).ok().and_then(char::from_u32)
        };
        let decoded = match chars.next() {
            Some('x') => hex(&mut chars, 2),
            Some('u') => hex(&mut chars, 4),
            Some('U') => hex(&mut chars, 8),
            Some('0') => Some('\0'),
            Some('t') => Some('\t'),
            Some('n') => Some('\n'),
            Some('e') => Some('\u{1b}'),
            Some(other) => Some(other),
            None => None,
        };
        out.extend(decoded);
    }
    out
}

/// IMS012 in an operators CSV (source `src`): secret shapes anywhere in it, and the
/// non-empty cells of a column whose header is a secret-like name (`password`, `token`).
/// Returns the findings and the spans to mask in the CSV's shown text.
#[must_use]
pub fn scan_csv(text: &str, src: usize) -> (Vec<Finding>, Vec<Span>) {
    let mut hits: Vec<(Span, String)> = shape_hits(text)
        .into_iter()
        .map(|(s, what)| (s, what.to_owned()))
        .collect();
    let mut lines = text.split_inclusive('\n');
    let mut at = 0usize;
    let mut secret_columns = Vec::new();
    if let Some(header) = lines.next() {
        for (i, (a, b)) in csv_cells(header).into_iter().enumerate() {
            let name = header[a..b].trim().trim_matches('"').trim();
            if is_secret_key(name) {
                secret_columns.push((i, name.to_owned()));
            }
        }
        at += header.len();
    }
    if !secret_columns.is_empty() {
        for line in lines {
            let cells = csv_cells(line);
            for (i, name) in &secret_columns {
                if let Some(&(a, b)) = cells.get(*i) {
                    let cell = line[a..b].trim().trim_matches('"');
                    if !cell.trim().is_empty() {
                        let off = line[a..b].find(cell).unwrap_or(0);
                        let start = at + a + off;
                        hits.push((
                            Span::new(start, start + cell.len()),
                            format!("a value in the `{name}` column"),
                        ));
                    }
                }
            }
            at += line.len();
        }
    }
    hits.sort_by_key(|(s, _)| s.start);
    let mut findings = Vec::new();
    let mut spans: Vec<Span> = Vec::new();
    for (span, what) in hits {
        if spans.last().is_some_and(|l| span.start() < l.end()) {
            continue;
        }
        spans.push(span);
        let shown = preview(text.get(span.start()..span.end()).unwrap_or(""));
        findings.push(
            Finding::new(
                Code::IMS012,
                src,
                span,
                format!("the operators export holds a secret: {what} (`{shown}`)"),
            )
            .help("delete it from the export and rotate it now; the migration needs only names and emails")
            .primary("secret (masked)"),
        );
    }
    (findings, spans)
}

/// The cells of one CSV line: byte ranges, quotes respected, line end left out.
fn csv_cells(line: &str) -> Vec<(usize, usize)> {
    let line = line.trim_end_matches(['\n', '\r']);
    let mut cells = Vec::new();
    let (mut start, mut quoted) = (0usize, false);
    for (i, c) in line.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => {
                cells.push((start, i));
                start = i + 1;
            }
            _ => {}
        }
    }
    cells.push((start, line.len()));
    cells
}
