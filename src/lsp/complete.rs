//! Completion: the value a key takes, found from the text before the cursor so it works
//! while the plan does not parse yet (`kind: ` → kinds, `env: ` → environment ids,
//! `after: [a, ` → step ids under `steps`, environment ids under `environments`,
//! `hosting: `, `credential: ` and the other keywords). Ids come from the current plan,
//! or the last version that loaded.

use lsp_types::{CompletionItem, CompletionItemKind, CompletionTextEdit, Position, TextEdit};

use super::Doc;
use super::text::{Lines, word_at};
use crate::model::{Credential, Hosting, Instance, Kind, Ordering, Plan, Role, Status, Target};
use crate::span::Span;

/// The key whose value is being typed, and the top-level section it is in.
#[derive(Debug, PartialEq, Eq)]
pub struct Context<'t> {
    /// The key (`kind`, `after`, …).
    pub key: &'t str,
    /// The top-level key the line is under (`steps`, `environments`, …), if any.
    pub section: Option<&'t str>,
}

/// Completion items at a position.
pub(super) fn complete(doc: &Doc, pos: Position) -> Vec<CompletionItem> {
    let lines = Lines::new(&doc.text);
    let offset = lines.offset(&doc.text, pos);
    let Some(cx) = context(&doc.text, offset) else {
        return Vec::new();
    };
    // The partial word before the cursor is replaced.
    let start = word_at(&doc.text, offset).map_or(offset, |w| w.start().min(offset));
    let range = lines.range(&doc.text, Span::new(start, offset));
    let plan = doc
        .model
        .as_ref()
        .and_then(|(_, p, _)| p.as_ref())
        .or(doc.last_good.as_ref());
    candidates(&cx, plan)
        .into_iter()
        .map(|(label, kind, detail)| CompletionItem {
            text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(
                range,
                label.clone(),
            ))),
            label,
            kind: Some(kind),
            detail,
            ..CompletionItem::default()
        })
        .collect()
}

type Candidate = (String, CompletionItemKind, Option<String>);

fn keywords(all: Vec<&'static str>, what: &str) -> Vec<Candidate> {
    all.into_iter()
        .map(|k| {
            (
                k.to_owned(),
                CompletionItemKind::ENUM_MEMBER,
                Some(what.to_owned()),
            )
        })
        .collect()
}

fn env_ids(plan: Option<&Plan>) -> Vec<Candidate> {
    plan.into_iter()
        .flat_map(|p| &p.environments)
        .map(|e| {
            (
                e.id.value.clone(),
                CompletionItemKind::MODULE,
                Some(format!(
                    "{}, {}, {}",
                    e.role.value, e.hosting.value, e.version.value
                )),
            )
        })
        .collect()
}

fn step_ids(plan: Option<&Plan>) -> Vec<Candidate> {
    plan.into_iter()
        .flat_map(|p| &p.steps)
        .map(|s| {
            (
                s.id.value.clone(),
                CompletionItemKind::REFERENCE,
                Some(format!("{} on {}", s.kind.value, s.env.value)),
            )
        })
        .collect()
}

/// The values a key takes.
#[must_use]
pub fn candidates(cx: &Context<'_>, plan: Option<&Plan>) -> Vec<Candidate> {
    match cx.key {
        "kind" => keywords(Kind::keywords(), "step kind"),
        "hosting" => keywords(Hosting::keywords(), "hosting"),
        "credential" => keywords(Credential::keywords(), "credential"),
        "role" => keywords(Role::keywords(), "environment role"),
        "status" => keywords(Status::keywords(), "step status"),
        "instance" => keywords(Instance::keywords(), "instance"),
        "target" => keywords(Target::keywords(), "plan target"),
        "ordering" => keywords(Ordering::keywords(), "migration ordering"),
        "env" => env_ids(plan),
        "after" if cx.section == Some("environments") => env_ids(plan),
        "after" => step_ids(plan),
        _ => Vec::new(),
    }
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// The key whose value the cursor is in, read from the text alone.
#[must_use]
pub fn context(text: &str, offset: usize) -> Option<Context<'_>> {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let prefix = &text[line_start..offset];
    let key = if let Some((key, rest)) = last_key(prefix) {
        value_position(rest).then_some(key)?
    } else {
        {
            // A block list item (`    - op`) whose list is the value of the key above.
            let item = prefix.trim_start();
            if !item.starts_with('-') || item[1..].contains(':') {
                return None;
            }
            let mut above = text[..line_start].lines().rev();
            let owner = above.find(|l| {
                let t = l.trim();
                !t.is_empty() && !t.starts_with('-') && !t.starts_with('#')
            })?;
            let t = owner.trim_end();
            let t = t.trim_start().trim_start_matches("- ");
            let key = t.strip_suffix(':')?;
            (indent(owner) <= indent(prefix)).then_some(key)?
        }
    };
    let section = text[..line_start]
        .lines()
        .rev()
        .find(|l| !l.is_empty() && !l.starts_with([' ', '#', '-']))
        .and_then(|l| l.split(':').next())
        .map(str::trim);
    Some(Context { key, section })
}

/// The last `key:` of a line prefix and the text after its colon.
fn last_key(prefix: &str) -> Option<(&str, &str)> {
    let bytes = prefix.as_bytes();
    let mut i = bytes.len();
    while i > 0 {
        i -= 1;
        if bytes[i] == b':' && bytes.get(i + 1).is_none_or(|b| *b == b' ') {
            let is_key = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_');
            let mut a = i;
            while a > 0 && is_key(bytes[a - 1]) {
                a -= 1;
            }
            if a < i {
                return Some((&prefix[a..i], &prefix[i + 1..]));
            }
        }
    }
    None
}

/// True when the text after a key's colon leaves the cursor in its value: a scalar being
/// typed, or inside an open flow list (`[a, b`). After a `,` outside a list, or a `{`, the
/// cursor is at the next key.
fn value_position(rest: &str) -> bool {
    let open = rest.matches('[').count() > rest.matches(']').count();
    open || !rest.contains([',', '{', '}', ']'])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key_at_end(text: &str) -> Option<(String, Option<String>)> {
        context(text, text.len()).map(|c| (c.key.to_owned(), c.section.map(str::to_owned)))
    }

    #[test]
    fn keys_before_the_cursor() {
        let s = |k: &str, sec: &str| Some((k.to_owned(), Some(sec.to_owned())));
        assert_eq!(key_at_end("steps:\n  - kind: mig"), s("kind", "steps"));
        assert_eq!(key_at_end("steps:\n  - {id: a, env: st"), s("env", "steps"));
        assert_eq!(key_at_end("steps:\n  - {id: a, env: st, "), None);
        assert_eq!(key_at_end("steps:\n  - after: [a, b"), s("after", "steps"));
        assert_eq!(
            key_at_end("environments:\n  prod:\n    after: [st"),
            s("after", "environments")
        );
        assert_eq!(
            key_at_end("steps:\n  - id: x\n    after:\n      - a\n      - "),
            s("after", "steps")
        );
        assert_eq!(key_at_end("steps:\n  - id: x\n    "), None);
    }
}
