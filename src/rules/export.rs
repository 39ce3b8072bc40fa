//! IMS015: the operators export named by `operators-csv` (SPEC §10). Adobe's end-user
//! migration needs every native operator to have an email, unique across operators.
//!
//! The path is confined to the plan's folder: absolute paths, `..` that leaves it and
//! symlinks that resolve outside are refused before anything is opened; only regular
//! files are read, up to the CSV size limit. Findings about the content point into the
//! CSV (added to the file's sources); findings about the path point at the value.
//!
//! Each CSV is read and checked once per plan, however many steps name it: the
//! outcome is kept by canonical path, so a second step naming the same export adds no
//! read and no repeated content findings (a read failure is reported at each value).

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use super::export_read::{Unreadable, missing, read};
use crate::diagnostic::Finding;
use crate::fsutil;
use crate::load::secrets;
use crate::rules::{Code, RuleCx};
use crate::source::Source;
use crate::span::{Sp, Span};

/// Content findings shown per CSV file; the rest are summed up in one last finding.
const MAX_ROW_FINDINGS: usize = 50;

/// Run IMS015 on every `operators-csv`.
pub fn check(cx: &mut RuleCx<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    // Canonical path → why it could not be read (`None`: read and checked already).
    let mut seen: HashMap<PathBuf, Option<Unreadable>> = HashMap::new();
    for s in &cx.plan.steps {
        let Some(value) = &s.operators_csv else {
            continue;
        };
        let given = value.value.as_str();
        let refused = match resolve(cx, value) {
            Err(r) => Some(r),
            Ok(real) => match seen.get(&real) {
                Some(None) => None,
                Some(Some(why)) => Some(why.refusal(given, cx)),
                None => match read(cx, &real) {
                    Ok(text) => {
                        seen.insert(real, None);
                        let shown = shown_path(cx, Path::new(given));
                        out.extend(check_text(cx, shown, &text));
                        None
                    }
                    Err(why) => {
                        let r = why.refusal(given, cx);
                        seen.insert(real, Some(why));
                        Some(r)
                    }
                },
            },
        };
        if let Some((message, help)) = refused {
            out.push(
                Finding::new(Code::IMS015, cx.source, value.span, message)
                    .help(help)
                    .defined_at(value.defined),
            );
        }
    }
    out
}

/// Check one export's text; its findings, with the (masked) text added to the
/// sources when there are any.
fn check_text(cx: &mut RuleCx<'_>, shown: String, text: &str) -> Vec<Finding> {
    let idx = cx.sources.len();
    let mut found = check_csv(text, idx);
    // Secrets in the export: IMS012, and masked in every snippet line.
    let (secrets, mut spans) = secrets::scan_csv(text, idx);
    found.extend(secrets);
    if !found.is_empty() {
        let text = secrets::mask(text, &mut spans);
        cx.sources.push(Source::new(shown, text));
    }
    found
}

pub(super) type Refusal = (String, String);

/// Resolve and confine the CSV's path: its canonical path, or why not.
fn resolve(cx: &RuleCx<'_>, value: &Sp<String>) -> Result<PathBuf, Refusal> {
    let given = value.value.as_str();
    let p = Path::new(given);
    let outside = || {
        (
            format!("`{given}` is outside the plan's folder"),
            "put the export next to the plan (for example `exports/<env>-operators.csv`) and give its path relative to the plan file".to_owned(),
        )
    };
    if given.trim().is_empty() {
        return Err((
            "`operators-csv` is empty".to_owned(),
            "give the path of the operators export, relative to the plan file".to_owned(),
        ));
    }
    // Lexical confinement first: no root, no prefix, no `..` above the folder.
    let mut depth = 0usize;
    for c in p.components() {
        match c {
            Component::Prefix(_) | Component::RootDir => return Err(outside()),
            Component::ParentDir => {
                depth = depth.checked_sub(1).ok_or_else(outside)?;
            }
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
        }
    }
    let dir = if cx.dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        cx.dir
    };
    let full = dir.join(p);
    let missing = |reason: String| missing(given, &reason);
    // Symlinks: the resolved file must stay inside the resolved folder.
    let real = full
        .canonicalize()
        .map_err(|e| missing(fsutil::io_reason(&e)))?;
    let base = dir
        .canonicalize()
        .map_err(|e| missing(fsutil::io_reason(&e)))?;
    if !real.starts_with(&base) {
        return Err(outside());
    }
    Ok(real)
}

/// The CSV's path as shown: next to the plan's display path.
fn shown_path(cx: &RuleCx<'_>, rel: &Path) -> String {
    let plan = cx.sources.get(cx.source).map_or("", |s| s.path.as_str());
    let joined: PathBuf = Path::new(plan)
        .parent()
        .map_or_else(|| rel.to_path_buf(), |d| d.join(rel));
    fsutil::display_path(&joined)
}

/// Column indices of a header row.
struct Columns {
    name: usize,
    email: usize,
    kind: Option<usize>,
}

fn columns(header: &csv::StringRecord) -> Result<Columns, String> {
    let find = |want: &str| {
        header.iter().position(|h| {
            h.trim()
                .trim_start_matches('\u{feff}')
                .eq_ignore_ascii_case(want)
        })
    };
    match (find("name"), find("email")) {
        (Some(name), Some(email)) => Ok(Columns {
            name,
            email,
            kind: find("type"),
        }),
        (name, _) => Err(if name.is_none() { "name" } else { "email" }.to_owned()),
    }
}

/// The span of a row (its first line, without the line break).
fn row_span(text: &str, start: usize) -> Span {
    let rest = text.get(start..).unwrap_or("");
    let end = rest.find(['\n', '\r']).map_or(text.len(), |e| start + e);
    Span::new(start, end)
}

/// The span of field `idx` of a record inside its row: each field is looked for after
/// the previous one, so an email is not found inside the name before it. Falls back to
/// the whole row (a quoted field that spans lines, an empty cell).
fn cell_span(text: &str, row: Span, rec: &csv::StringRecord, idx: usize) -> Span {
    let line = text.get(row.start()..row.end()).unwrap_or("");
    let mut from = 0;
    for (j, field) in rec.iter().enumerate().take(idx + 1) {
        let field = if j == idx { field.trim() } else { field };
        let Some(at) = line.get(from..).and_then(|rest| rest.find(field)) else {
            return row;
        };
        let start = from + at;
        if j == idx {
            return if field.is_empty() {
                row
            } else {
                Span::new(row.start() + start, row.start() + start + field.len())
            };
        }
        from = start + field.len();
    }
    row
}

/// Check the CSV's content; findings point into source `src`.
fn check_csv(text: &str, src: usize) -> Vec<Finding> {
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut records = rdr.records();
    let header = match records.next() {
        None => {
            return vec![
                Finding::new(
                    Code::IMS015,
                    src,
                    Span::default(),
                    "the operators export is empty",
                )
                .help("export the operators with a header row `name,email,type`"),
            ];
        }
        Some(Err(e)) => return vec![csv_error(text, src, &e)],
        Some(Ok(h)) => h,
    };
    let head_span = row_span(text, 0);
    let cols = match columns(&header) {
        Ok(c) => c,
        Err(col) => {
            return vec![
                Finding::new(
                    Code::IMS015,
                    src,
                    head_span,
                    format!("the operators export has no `{col}` column"),
                )
                .help("the header row needs `name` and `email`, and may have `type` (`native`, `ims` or `technical`)"),
            ];
        }
    };
    let mut rows = Rows {
        src,
        text,
        cols,
        first: HashMap::new(),
        out: Vec::new(),
        extra: 0,
    };
    let mut last_line = 1u64;
    for rec in records {
        match rec {
            Ok(r) => {
                last_line = r.position().map_or(last_line, csv::Position::line);
                rows.row(&r);
            }
            Err(e) => {
                let f = csv_error(text, src, &e);
                rows.push(f);
                break;
            }
        }
    }
    let (mut out, extra) = (rows.out, rows.extra);
    if extra > 0 {
        out.push(
            Finding::new(
                Code::IMS015,
                src,
                Span::at(text.len()),
                format!("{extra} more problems in the operators export are not shown"),
            )
            .help(format!(
                "fix the rows above (up to line {last_line}) and check again"
            )),
        );
    }
    out
}

/// The state of the row checks of one CSV.
struct Rows<'a> {
    src: usize,
    text: &'a str,
    cols: Columns,
    /// First use of each email (lower case): where, native or not, by whom.
    first: HashMap<String, (Span, bool, String)>,
    out: Vec<Finding>,
    extra: usize,
}

impl Rows<'_> {
    fn push(&mut self, f: Finding) {
        if self.out.len() < MAX_ROW_FINDINGS {
            self.out.push(f);
        } else {
            self.extra += 1;
        }
    }

    fn row(&mut self, rec: &csv::StringRecord) {
        let (text, src) = (self.text, self.src);
        let start = byte_of(text, rec.position());
        let row = row_span(text, start);
        if rec.iter().all(|c| c.trim().is_empty()) {
            return;
        }
        let name = rec.get(self.cols.name).unwrap_or("").trim();
        let who = shown(name);
        let email = rec.get(self.cols.email).unwrap_or("").trim();
        let kind = self.cols.kind.and_then(|k| rec.get(k)).unwrap_or("").trim();
        let native = match kind.to_ascii_lowercase().as_str() {
            "" | "native" => true,
            "ims" | "technical" => false,
            _ => {
                self.push(
                    Finding::new(
                        Code::IMS015,
                        src,
                        cell_span(text, row, rec, self.cols.kind.unwrap_or(0)),
                        format!("operator `{who}` has type `{}`", shown(kind)),
                    )
                    .help("`type` is `native` (or empty), `ims` or `technical`"),
                );
                return;
            }
        };
        if email.is_empty() {
            if native {
                self.push(
                    Finding::new(
                        Code::IMS015,
                        src,
                        row,
                        format!("native operator `{who}` has no email"),
                    )
                    .help("give every native operator a unique email (Operators > Contact points) before Adobe migrates the end users"),
                );
            }
            return;
        }
        let here = cell_span(text, row, rec, self.cols.email);
        let key = email.to_lowercase();
        let dup = match self.first.get(&key) {
            Some((at, first_native, other)) if native || *first_native => {
                Some((*at, other.clone()))
            }
            Some(_) => None,
            None => {
                self.first.insert(key, (here, native, who.clone()));
                None
            }
        };
        if let Some((at, other)) = dup {
            self.push(
                Finding::new(
                    Code::IMS015,
                    src,
                    here,
                    format!(
                        "operator `{who}` shares the email `{}` with `{other}`",
                        shown(email)
                    ),
                )
                .label(at, format!("first used by `{other}`"))
                .help("each native operator needs its own email: IMS signs people in by email, so a shared one cannot be migrated"),
            );
        }
    }
}

/// The byte offset in `text` of a csv position. After a CRLF line end the reader puts
/// the next record at the `\n`; the row starts after it.
fn byte_of(text: &str, pos: Option<&csv::Position>) -> usize {
    let at = pos
        .map_or(0, |p| usize::try_from(p.byte()).unwrap_or(0))
        .min(text.len());
    let skip = text.as_bytes()[at..]
        .iter()
        .take_while(|b| **b == b'\n' || **b == b'\r')
        .count();
    at + skip
}

/// A cell as shown in a message: whitespace collapsed, no backticks, at most 60
/// characters.
fn shown(cell: &str) -> String {
    let flat = cell
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('`', "'");
    if flat.chars().count() > 60 {
        let mut cut: String = flat.chars().take(59).collect();
        cut.push('…');
        cut
    } else {
        flat
    }
}

fn csv_error(text: &str, src: usize, e: &csv::Error) -> Finding {
    let at = byte_of(text, e.position());
    Finding::new(
        Code::IMS015,
        src,
        row_span(text, at.min(text.len())),
        "the operators export is not valid CSV",
    )
    .help("export the operators again as CSV with a header row `name,email,type`")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(line: &str) -> csv::StringRecord {
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(line.as_bytes());
        r.records().next().and_then(Result::ok).unwrap_or_default()
    }

    #[test]
    fn cells_are_found_in_order() {
        let text = "joan,jo, native\n";
        let rec = record(text);
        let row = row_span(text, 0);
        assert_eq!(cell_span(text, row, &rec, 1), Span::new(5, 7));
        assert_eq!(cell_span(text, row, &rec, 2), Span::new(9, 15));
        assert_eq!(cell_span(text, row, &rec, 0), Span::new(0, 4));
    }

    #[test]
    fn csv_checks() {
        let found = check_csv("name,email\na,A@x.example\nb,a@x.example \n,\n", 1);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].span, Span::new(27, 38));
        assert_eq!(found[0].labels[0].span, Span::new(13, 24));
        assert!(check_csv("", 1)[0].message.contains("empty"));
        assert!(check_csv("email\nx@y\n", 1)[0].message.contains("`name`"));
        let many: String = std::iter::once("name,email\n".to_owned())
            .chain((0..80).map(|i| format!("n{i},\n")))
            .collect();
        let found = check_csv(&many, 1);
        assert_eq!(found.len(), MAX_ROW_FINDINGS + 1);
        assert!(
            found[MAX_ROW_FINDINGS]
                .message
                .starts_with("30 more problems")
        );
        // A technical operator may share an IMS address, but never with a native one.
        let found = check_csv("name,email,type\na,x@y,ims\nb,x@y,technical\nc,X@Y,\n", 1);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.contains("`c` shares"), "{found:?}");
    }

    #[test]
    fn byte_order_mark_and_odd_cells() {
        // A byte order mark and CRLF line ends: the row starts after the `\n`.
        let text = "\u{feff}name,email\r\nann,\r\n";
        let found = check_csv(text, 1);
        assert_eq!(found[0].span, Span::new(15, 19), "{found:?}");
        // A quoted name over two lines, with a backtick, is shown on one line.
        let found = check_csv("name,email\n\"multi\nline `x`\",\n", 1);
        assert!(
            found[0].message.contains("`multi line 'x'` has no email"),
            "{found:?}"
        );
        let long = format!("name,email\n{},\n", "n".repeat(200));
        let found = check_csv(&long, 1);
        assert!(found[0].message.chars().count() < 120, "{found:?}");
    }
}
