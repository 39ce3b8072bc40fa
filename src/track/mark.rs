//! `imsplan mark`: change one step's `status`, `evidence` or `notes` in the plan's
//! *text*, touching only that step's lines. Values are replaced exactly at the spans the
//! loader recorded; a missing key is inserted after the step's last line (block style)
//! or before its closing `}` (flow style). Comments, blank lines, key order and quoting
//! style elsewhere stay byte for byte. Values that come from an anchor or a merge are
//! never edited: the anchor may be shared by other steps.

use std::fmt::Write as _;

use crate::model::{Plan, Status, Step};
use crate::span::Span;
use crate::suggest::did_you_mean;

/// What to change on the step.
#[derive(Debug, Clone, Default)]
pub struct Change {
    /// New `status`.
    pub status: Option<Status>,
    /// New `evidence`.
    pub evidence: Option<String>,
    /// New `notes`.
    pub note: Option<String>,
}

/// Why a step cannot be edited.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MarkError {
    /// No step has this id.
    #[error("the plan has no step `{id}`")]
    NoStep {
        /// The id asked for.
        id: String,
        /// The closest id, if any.
        hint: Option<String>,
    },
    /// The value lives in an anchor or merge, possibly shared with other steps.
    #[error(
        "`{field}` of step `{id}` comes from a YAML anchor or merge (`{source_text}`), which other steps may share"
    )]
    Shared {
        /// The step.
        id: String,
        /// The field.
        field: &'static str,
        /// The alias or merge text where it is used.
        source_text: String,
    },
}

/// Edit the text of a plan: the step `id` gets the values of `change`. `plan` must be
/// the plan loaded from exactly this text.
///
/// # Errors
/// When the step does not exist or a value to change comes from an anchor.
pub fn edit(text: &str, plan: &Plan, id: &str, change: &Change) -> Result<String, MarkError> {
    let Some(step) = plan.steps.iter().find(|s| s.id.value == id) else {
        let hint =
            did_you_mean(id, plan.steps.iter().map(|s| s.id.value.as_str())).map(str::to_owned);
        return Err(MarkError::NoStep {
            id: id.to_owned(),
            hint,
        });
    };
    if step.id.defined.is_some() {
        return Err(shared(text, step, "id", step.id.span));
    }
    let layout = Layout::of(text, step);
    let mut edits: Vec<(Span, String)> = Vec::new();
    let mut inserts: Vec<(&'static str, String)> = Vec::new();
    let status = step.status.as_ref().map(|s| s.with(String::new()));
    let fields = [
        (
            "status",
            status.as_ref(),
            change.status.map(|s| s.as_str().to_owned()),
        ),
        ("evidence", step.evidence.as_ref(), change.evidence.clone()),
        ("notes", step.notes.as_ref(), change.note.clone()),
    ];
    for (key, current, new) in fields {
        let Some(new) = new else { continue };
        if let Some(cur) = current {
            if cur.defined.is_some() {
                return Err(shared(text, step, key, cur.span));
            }
            let (span, old) = value_extent(text, cur.span);
            edits.push((span, layout.render(&new, old)));
        } else if let Some(span) = layout.null_value(text, key) {
            edits.push((span, format!(" {}", layout.render(&new, Old::Plain))));
        } else {
            inserts.push((key, layout.render(&new, Old::Absent)));
        }
    }
    if !inserts.is_empty() {
        edits.push((Span::at(layout.insert_at), layout.insertion(text, &inserts)));
    }
    edits.sort_by_key(|(s, _)| std::cmp::Reverse((s.start, s.end)));
    let mut out = text.to_owned();
    for (span, with) in edits {
        out.replace_range(span.start()..span.end(), &with);
    }
    Ok(out)
}

fn shared(text: &str, step: &Step, field: &'static str, span: Span) -> MarkError {
    MarkError::Shared {
        id: step.id.value.clone(),
        field,
        source_text: text
            .get(span.start()..span.end())
            .unwrap_or("")
            .trim()
            .to_owned(),
    }
}

/// How the old value was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Old {
    Absent,
    Plain,
    Single,
    Double,
    /// A block scalar whose content is indented this much.
    Block(usize),
}

/// Where a step sits in the text and how it is written.
struct Layout {
    flow: bool,
    /// Column of the step's keys (block style).
    indent: usize,
    /// Where inserted keys go: end of the step's last line, or before `}`.
    insert_at: usize,
    /// Lines of the step (block style): byte ranges without line ends.
    lines: Vec<(usize, usize)>,
    newline: &'static str,
}

fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

fn line_end(text: &str, from: usize) -> usize {
    let end = text[from..].find('\n').map_or(text.len(), |i| from + i);
    if end > from && text.as_bytes()[end - 1] == b'\r' {
        end - 1
    } else {
        end
    }
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

impl Layout {
    fn of(text: &str, step: &Step) -> Layout {
        let at = step.at.start().min(text.len());
        let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
        let before = text[..at].trim_end();
        let flow = before.ends_with('{') || before.ends_with(',');
        if flow {
            let close = flow_close(text, at);
            let insert_at = text[..close].trim_end().len();
            return Layout {
                flow,
                indent: 0,
                insert_at,
                lines: Vec::new(),
                newline,
            };
        }
        let first = line_start(text, at);
        let indent = text[first..at].chars().count();
        let mut lines = vec![(first, line_end(text, first))];
        let mut last = lines[0].1;
        let mut pos = text[first..].find('\n').map(|i| first + i + 1);
        while let Some(start) = pos.filter(|&p| p < text.len()) {
            let end = line_end(text, start);
            let line = &text[start..end];
            let trimmed = line.trim_start();
            let ind = indent_of(line);
            if trimmed.is_empty() || (trimmed.starts_with('#') && ind <= indent) {
                // Blank lines and comments at the step's level belong to no key.
            } else if ind >= indent {
                lines.push((start, end));
                last = end;
            } else {
                break;
            }
            pos = text[start..].find('\n').map(|i| start + i + 1);
        }
        Layout {
            flow,
            indent,
            insert_at: last,
            lines,
            newline,
        }
    }

    /// The span after `key:` when the step writes the key with no value (`status:` or
    /// `status: ~`), which the loader reads as absent.
    fn null_value(&self, text: &str, key: &str) -> Option<Span> {
        if self.flow {
            return None;
        }
        self.lines.iter().find_map(|&(s, e)| {
            let line = &text[s..e];
            let key_at = s + self.indent;
            let rest = text.get(key_at..e)?;
            let value = rest.strip_prefix(key)?.strip_prefix(':')?;
            let (body, _comment) = value.split_once(" #").unwrap_or((value, ""));
            let body_t = body.trim();
            let is_key_line = line
                .get(..self.indent)
                .is_some_and(|p| p.trim_matches([' ', '-']).is_empty());
            (is_key_line && matches!(body_t, "" | "~" | "null" | "Null" | "NULL")).then(|| {
                let from = key_at + key.len() + 1;
                Span::new(from, from + body.trim_end().len())
            })
        })
    }

    /// The text inserted for missing keys.
    fn insertion(&self, text: &str, keys: &[(&str, String)]) -> String {
        let items: Vec<String> = keys.iter().map(|(k, v)| format!("{k}: {v}")).collect();
        if self.flow {
            if text[..self.insert_at].ends_with(',') {
                format!(" {},", items.join(", "))
            } else {
                format!(", {}", items.join(", "))
            }
        } else {
            let pad = " ".repeat(self.indent);
            items.iter().fold(String::new(), |mut out, i| {
                let _ = write!(out, "{}{pad}{i}", self.newline);
                out
            })
        }
    }

    /// A value as YAML text for this place, keeping the old quoting style.
    fn render(&self, value: &str, old: Old) -> String {
        let multiline = value.contains('\n');
        match old {
            Old::Single if !has_control(value) && !multiline => {
                format!("'{}'", value.replace('\'', "''"))
            }
            Old::Double => double(value),
            Old::Block(indent) if !self.flow => block(value, indent, self.newline),
            _ if multiline && !self.flow => block(value, self.indent + 2, self.newline),
            _ if needs_quotes(value, self.flow) => double(value),
            _ => value.to_owned(),
        }
    }
}

/// The closing `}` of the flow mapping that holds `at` (or the text's end).
fn flow_close(text: &str, at: usize) -> usize {
    let bytes = text.as_bytes();
    let mut depth = 1usize;
    let mut i = at;
    let mut prev = b'{';
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'\'' | b'"' if matches!(prev, b' ' | b'\t' | b'\n' | b'{' | b'[' | b',' | b':') => {
                i += 1;
                while i < bytes.len() {
                    if b == b'"' && bytes[i] == b'\\' {
                        i += 1;
                    } else if bytes[i] == b {
                        if b == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                            i += 1;
                        } else {
                            break;
                        }
                    }
                    i += 1;
                }
            }
            b'#' if matches!(prev, b' ' | b'\t' | b'\n') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
        prev = bytes.get(i).copied().unwrap_or(b' ');
        i += 1;
    }
    text.len()
}

/// The whole extent of a value and how it is written: a block scalar's span starts at
/// its content, so the header (`|`, `>-` …) is found before it and the end is the last
/// content line.
fn value_extent(text: &str, span: Span) -> (Span, Old) {
    let start = span.start().min(text.len());
    let before = text[..start].trim_end_matches([' ', '\n', '\r']);
    let header = before.rfind([' ', ':', '\n']).map_or(0, |i| i + 1);
    let word = &before[header..];
    let is_block = word.starts_with(['|', '>'])
        && word[1..]
            .chars()
            .all(|c| c == '-' || c == '+' || c.is_ascii_digit());
    if is_block && !word.is_empty() {
        let content_line = line_start(text, start);
        let indent = indent_of(&text[content_line..line_end(text, content_line)]);
        let mut end = before.len();
        let mut pos = Some(
            text[header..]
                .find('\n')
                .map_or(text.len(), |i| header + i + 1),
        );
        while let Some(s) = pos.filter(|&p| p < text.len()) {
            let e = line_end(text, s);
            let line = &text[s..e];
            if line.trim().is_empty() {
            } else if indent_of(line) >= indent {
                end = e;
            } else {
                break;
            }
            pos = text[s..].find('\n').map(|i| s + i + 1);
        }
        return (Span::new(header, end), Old::Block(indent));
    }
    let old = match text.as_bytes().get(start) {
        Some(b'\'') => Old::Single,
        Some(b'"') => Old::Double,
        _ => Old::Plain,
    };
    (span, old)
}

fn has_control(s: &str) -> bool {
    s.chars().any(char::is_control)
}

fn needs_quotes(s: &str, flow: bool) -> bool {
    let Some(first) = s.chars().next() else {
        return true;
    };
    let reserved = [
        "true", "false", "null", "~", "yes", "no", "on", "off", "y", "n",
    ];
    "-?:,[]{}#&*!|>'\"%@`".contains(first)
        || first.is_ascii_digit()
        || first == '.'
        || first == '+'
        || s.starts_with(char::is_whitespace)
        || s.ends_with(char::is_whitespace)
        || s.ends_with(':')
        || s.contains(": ")
        || s.contains(" #")
        || has_control(s)
        || (flow && s.contains([',', '[', ']', '{', '}']))
        || reserved.iter().any(|r| s.eq_ignore_ascii_case(r))
}

fn double(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A literal block scalar (`|` or `|-`); falls back to double quotes when the
/// text cannot be written as one (leading space, control characters, `\r`).
fn block(s: &str, indent: usize, newline: &str) -> String {
    let body = s.trim_end_matches('\n');
    let trailing = s.len() - body.len();
    // `|+` would also keep the blank lines that follow in the file: quote instead.
    let bad = body.starts_with([' ', '\t'])
        || body.is_empty()
        || trailing > 1
        || s.chars().any(|c| c.is_control() && c != '\n' && c != '\t');
    if bad {
        return double(s);
    }
    let chomp = if trailing == 0 { "-" } else { "" };
    let pad = " ".repeat(indent);
    let mut out = format!("|{chomp}");
    for line in body.split('\n') {
        out.push_str(newline);
        if !line.is_empty() {
            out.push_str(&pad);
            out.push_str(line);
        }
    }
    out
}
