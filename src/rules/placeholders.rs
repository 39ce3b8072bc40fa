//! IMS021: a value still marked `FILL IN` (the marker `imsplan init` writes beside every
//! starter value the user must set). One warning per marked line, at the value.
//!
//! The plan's text is read line by line: a comment starts at a `#` outside quotes that
//! begins the line or follows a space, and lines inside a block scalar (`notes: |`) are
//! text, not comments. A comment on a line of its own is not a value left.

use crate::diagnostic::Finding;
use crate::rules::{Code, RuleCx};
use crate::span::Span;

/// The marker, matched ignoring case at the start of a comment.
pub const MARKER: &str = "FILL IN";

/// Run the rule on the plan's source text.
pub fn check(cx: &RuleCx<'_>) -> Vec<Finding> {
    let Some(source) = cx.sources.get(cx.source) else {
        return Vec::new();
    };
    find(&source.text)
        .into_iter()
        .map(|p| finding(cx.source, &p))
        .collect()
}

/// One marked value: where its key and value are, and the comment's guidance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placeholder {
    /// The key on the line (`version`), empty for a list item without a key.
    pub key: String,
    /// The value as written, empty when the key holds a block (`instances:`).
    pub value: String,
    /// Where to point: the value, else the key.
    pub span: Span,
    /// What the comment says after the marker (`the Campaign version running today`).
    pub guidance: String,
}

/// Every line of `text` whose value carries a `FILL IN` comment.
#[must_use]
pub fn find(text: &str) -> Vec<Placeholder> {
    let mut out = Vec::new();
    if !mentions_marker(text) {
        // Most plans have none: one `memchr` pass instead of reading every line.
        return out;
    }
    // Indentation of the line that opened a block scalar, while inside it.
    let mut block: Option<usize> = None;
    let mut start = 0;
    for raw in text.split_inclusive('\n') {
        let line_start = start;
        start += raw.len();
        crate::work::add(1);
        let line = raw.trim_end_matches(['\n', '\r']);
        let indent = line.len() - line.trim_start_matches(' ').len();
        if let Some(open) = block {
            if line.trim().is_empty() || indent > open {
                continue;
            }
            block = None;
        }
        let (content, comment) = split_comment(line);
        let body = content.trim_end();
        if opens_block(body) {
            block = Some(indent);
        }
        let Some(comment) = comment else { continue };
        let Some(guidance) = marker(comment) else {
            continue;
        };
        if body.trim().is_empty() {
            continue;
        }
        out.push(placeholder(body, line_start, guidance));
    }
    out
}

/// Whether `text` holds the marker anywhere, in any case.
fn mentions_marker(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr2_iter(b'f', b'F', bytes).any(|i| {
        bytes
            .get(i..i + MARKER.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(MARKER.as_bytes()))
    })
}

/// The text before a comment and the comment after its `#`, if the line has one.
fn split_comment(line: &str) -> (&str, Option<&str>) {
    let (mut single, mut double, mut escaped) = (false, false, false);
    let mut prev_space = true;
    for (i, c) in line.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if double => escaped = true,
            '"' if !single => double = !double,
            '\'' if !double => single = !single,
            '#' if !single && !double && prev_space => {
                return (&line[..i], Some(&line[i + 1..]));
            }
            _ => {}
        }
        prev_space = c == ' ' || c == '\t';
    }
    (line, None)
}

/// A line whose value is a block scalar indicator (`|`, `>-`, `|2`, …).
fn opens_block(body: &str) -> bool {
    let last = body
        .rsplit_once(": ")
        .map(|(_, v)| v)
        .or_else(|| body.trim_start().strip_prefix("- "))
        .unwrap_or(body.trim_start())
        .trim();
    let mut chars = last.chars();
    matches!(chars.next(), Some('|' | '>'))
        && chars.all(|c| c.is_ascii_digit() || c == '+' || c == '-')
}

/// The guidance after the marker when the comment starts with it.
fn marker(comment: &str) -> Option<String> {
    let c = comment.trim_start();
    let head = c.get(..MARKER.len())?;
    if !head.eq_ignore_ascii_case(MARKER) {
        return None;
    }
    let rest = c[MARKER.len()..].trim_start_matches([':', ' ', '-']).trim();
    Some(rest.to_owned())
}

fn placeholder(body: &str, line_start: usize, guidance: String) -> Placeholder {
    let lead = body.len() - body.trim_start().len();
    let mut item = &body[lead..];
    let mut at = line_start + lead;
    while let Some(rest) = item.strip_prefix("- ") {
        let skipped = item.len() - rest.trim_start().len();
        at += skipped;
        item = &item[skipped..];
    }
    let key_end = item
        .find(": ")
        .or_else(|| item.strip_suffix(':').map(str::len));
    let (key, value, span) = match key_end {
        Some(k) => {
            let after = &item[k + 1..];
            let value = after.trim();
            if value.is_empty() {
                (&item[..k], "", Span::new(at, at + k))
            } else {
                let v_at = at + k + 1 + (after.len() - after.trim_start().len());
                (&item[..k], value, Span::new(v_at, v_at + value.len()))
            }
        }
        None => ("", item, Span::new(at, at + item.len())),
    };
    Placeholder {
        key: key.to_owned(),
        value: value.to_owned(),
        span,
        guidance,
    }
}

fn finding(source: usize, p: &Placeholder) -> Finding {
    let what = match (p.key.is_empty(), p.value.is_empty()) {
        (true, _) => format!("`{}` is a starter value still marked `FILL IN`", p.value),
        (false, true) => format!("`{}` still holds starter values marked `FILL IN`", p.key),
        (false, false) => format!(
            "`{}` still holds the starter value `{}`, marked `FILL IN`",
            p.key, p.value
        ),
    };
    let asks = if p.guidance.is_empty() {
        String::new()
    } else {
        format!("; it asks for {}", p.guidance)
    };
    Finding::new(Code::IMS021, source, p.span, what)
        .primary("placeholder")
        .help(format!(
            "write the real value, then delete the `# FILL IN` comment{asks}"
        ))
}

#[cfg(test)]
mod tests {
    use super::{find, mentions_marker};

    #[test]
    fn the_quick_check_sees_the_marker_in_any_case_only() {
        assert!(mentions_marker("a: b # fill In\n"));
        assert!(mentions_marker("FILL IN"));
        assert!(!mentions_marker("fill  in, FILL-IN, fil"));
        assert!(!mentions_marker("f"));
        assert!(find("owner: x # filled in\n").is_empty());
        assert_eq!(find("owner: x # fill in\n").len(), 1);
    }

    #[test]
    fn finds_marked_values_only() {
        let text = "# FILL IN everything\nname: x   # FILL IN: id of the plan\ntitle: 'a # FILL IN'\nnotes: |\n  text # FILL IN\nowner: y #fill in\ninstances:   # FILL IN: names\n  - name: mc-soap # FILL IN\nkind: z # keep\n";
        let found = find(text);
        let got: Vec<(&str, &str, &str)> = found
            .iter()
            .map(|p| {
                (
                    p.key.as_str(),
                    p.value.as_str(),
                    &text[p.span.start()..p.span.end()],
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("name", "x", "x"),
                ("owner", "y", "y"),
                ("instances", "", "instances"),
                ("name", "mc-soap", "mc-soap"),
            ]
        );
        assert_eq!(found[0].guidance, "id of the plan");
        assert_eq!(found[1].guidance, "");
    }
}
