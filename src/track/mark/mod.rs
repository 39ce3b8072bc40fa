//! `imsplan mark`: change one step's `status`, `evidence` or `notes` in the plan's
//! *text*, touching only that step's lines. Values are replaced exactly at the spans the
//! loader recorded; a missing key is inserted after the step's last line (block style)
//! or before its closing `}` (flow style). Comments, blank lines, key order and quoting
//! style elsewhere stay byte for byte. Values that come from an anchor or a merge are
//! never edited: the anchor may be shared by other steps.
//!
//! Nothing else changes: a key inserted after a keep-chomped block scalar (`notes: |+`)
//! goes after the blank lines that belong to it; a JSON plan (a document that is one
//! flow mapping) gets JSON keys and strings; a key written as `null` in a flow mapping is
//! filled in place; line ends stay as they are, lone CR (`\r`) included.

use std::fmt::Write as _;

use crate::model::{Plan, Status, Step};
use crate::span::Span;
use crate::suggest::did_you_mean;

mod scalar;
mod scan;

use scalar::{block, double, has_control, needs_quotes};
use scan::{
    Old, after_keep_block, flow_close, flow_null_value, has_lone_cr, indent_of, line_end,
    line_start, lone_cr_to_lf, newline_of, value_extent,
};

/// What to change on the step.
#[derive(Debug, Clone, Default)]
pub struct Change {
    /// New `status`.
    pub status: Option<Status>,
    /// New `evidence`.
    pub evidence: Option<String>,
    /// New `notes`.
    pub note: Option<String>,
    /// New `started` (RFC 3339), written with `--status in-progress`.
    pub started: Option<String>,
    /// New `finished` (RFC 3339), written with `--status done`.
    pub finished: Option<String>,
}

/// The notes after `--append-note TEXT`: the old notes, a blank line (a new Markdown
/// paragraph), then `extra`; a final line break of the old notes is kept.
#[must_use]
pub fn appended_note(old: Option<&str>, extra: &str) -> String {
    let Some(old) = old.filter(|o| !o.trim().is_empty()) else {
        return extra.to_owned();
    };
    let body = old.trim_end_matches('\n');
    let end = if old.ends_with('\n') && !extra.ends_with('\n') {
        "\n"
    } else {
        ""
    };
    format!("{body}\n\n{extra}{end}")
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
    // Lone CRs are line breaks to YAML: read the layout from a copy where they are
    // `\n` (same length, so every offset holds) and edit the original text.
    let original = text;
    let lf;
    let text = if has_lone_cr(text) {
        lf = lone_cr_to_lf(text);
        lf.as_str()
    } else {
        text
    };
    let layout = Layout::of(text, step, newline_of(original));
    let mut edits: Vec<(Span, String)> = Vec::new();
    let mut inserts: Vec<(&'static str, String)> = Vec::new();
    let status = step.status.as_ref().map(|s| s.with(String::new()));
    let started = step.started.as_ref().map(|s| s.with(String::new()));
    let finished = step.finished.as_ref().map(|s| s.with(String::new()));
    let fields = [
        (
            "status",
            status.as_ref(),
            change.status.map(|s| s.as_str().to_owned()),
        ),
        (
            "evidence",
            step.evidence.as_deref(),
            change.evidence.clone(),
        ),
        ("notes", step.notes.as_ref(), change.note.clone()),
        ("started", started.as_ref(), change.started.clone()),
        ("finished", finished.as_ref(), change.finished.clone()),
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
    let mut out = original.to_owned();
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

/// Where a step sits in the text and how it is written.
struct Layout {
    flow: bool,
    /// The whole document is one flow mapping (JSON): keys and strings in JSON.
    json: bool,
    /// A JSON object over several lines: new keys go on lines of their own.
    multiline: bool,
    /// Where the step's mapping starts (its first key).
    at: usize,
    /// Column of the step's keys (block style).
    indent: usize,
    /// Where inserted keys go: end of the step's last line, or before `}`.
    insert_at: usize,
    /// Lines of the step (block style): byte ranges without line ends.
    lines: Vec<(usize, usize)>,
    newline: &'static str,
}

impl Layout {
    fn of(text: &str, step: &Step, newline: &'static str) -> Layout {
        let at = step.at.start().min(text.len());
        let json = text
            .trim_start_matches('\u{feff}')
            .trim_start()
            .starts_with('{');
        let before = text[..at].trim_end();
        let flow = before.ends_with('{') || before.ends_with(',');
        if flow {
            let close = flow_close(text, at);
            let insert_at = text[..close].trim_end().len();
            // A JSON object over several lines gets each new key on a line of its
            // own, indented as the last one (YAML flow: on the last key's line).
            let indent = (json && text[at..close].contains('\n'))
                .then(|| indent_of(&text[line_start(text, insert_at)..insert_at]));
            return Layout {
                flow,
                json,
                indent: indent.unwrap_or(0),
                multiline: indent.is_some(),
                at,
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
        let insert_at = after_keep_block(text, &lines, indent, last);
        Layout {
            flow,
            json,
            indent,
            multiline: true,
            at,
            insert_at,
            lines,
            newline,
        }
    }

    /// The span after `key:` when the step writes the key with no value (`status:` or
    /// `status: ~`), which the loader reads as absent.
    fn null_value(&self, text: &str, key: &str) -> Option<Span> {
        if self.flow {
            return flow_null_value(text, self.at, key);
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
        let items: Vec<String> = keys
            .iter()
            .map(|(k, v)| {
                if self.json {
                    format!("\"{k}\": {v}")
                } else {
                    format!("{k}: {v}")
                }
            })
            .collect();
        if self.flow && self.multiline {
            let pad = " ".repeat(self.indent);
            let trailing = text[..self.insert_at].ends_with(',');
            let sep = format!(",{}{pad}", self.newline);
            let body = items.join(&sep);
            if trailing {
                format!("{}{pad}{body},", self.newline)
            } else {
                format!("{sep}{body}")
            }
        } else if self.flow {
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
        if self.json {
            return double(value);
        }
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
