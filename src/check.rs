//! From paths to a `Report`: find the plan files, read each one safely, load it, run
//! every rule, and collect sources and findings. Files are checked in parallel; the
//! report is in sorted path order whatever the scheduling.

mod names;
mod threads;
mod walk;

use std::path::Path;

pub use threads::MAX_DEPTH;
pub use walk::{Input, PathError, gather, normalize};

pub use crate::fsutil::{ReadError, display_path, io_reason, read_limited};

use crate::diagnostic::{Finding, Severity};
use crate::graph::Graph;
use crate::load::{self, Limits};
use crate::model::Plan;
use crate::rules::{self, Code, RuleCx};
use crate::source::Source;
use crate::span::Span;

/// One checked file in a report.
#[derive(Debug, Clone)]
pub struct FileEntry {
    /// Display path.
    pub path: String,
    /// Index of its source in `Report::sources`.
    pub source: usize,
}

/// The result of checking one or more files.
#[derive(Debug, Default)]
pub struct Report {
    /// Every source findings point into (plans, CSV exports).
    pub sources: Vec<Source>,
    /// For each source, the index of the file it belongs to.
    pub source_file: Vec<usize>,
    /// The files checked, in order.
    pub files: Vec<FileEntry>,
    /// Every finding, grouped by file, in file then position order.
    pub findings: Vec<Finding>,
    /// How many of the files could not be read at all (missing, unreadable, an empty
    /// directory): when that is every file, nothing was checked (exit 2).
    pub unread: usize,
}

impl Report {
    /// Number of findings of a severity.
    #[must_use]
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    /// True when a file has no error-level finding.
    #[must_use]
    pub fn file_valid(&self, file: usize) -> bool {
        !self
            .findings
            .iter()
            .any(|f| f.severity == Severity::Error && self.source_file[f.source] == file)
    }

    /// The file a finding belongs to.
    #[must_use]
    pub fn file_of(&self, finding: &Finding) -> usize {
        self.source_file[finding.source]
    }

    /// True when no file of the run could be read at all.
    #[must_use]
    pub fn nothing_checked(&self) -> bool {
        self.unread == self.files.len()
    }

    fn append(&mut self, mut one: Checked) {
        let file = self.files.len();
        self.unread += usize::from(one.unread);
        let offset = self.sources.len();
        self.files.push(FileEntry {
            path: one.sources[0].path.clone(),
            source: offset,
        });
        for f in &mut one.findings {
            f.source += offset;
        }
        self.source_file
            .extend(std::iter::repeat_n(file, one.sources.len()));
        self.sources.append(&mut one.sources);
        self.findings.append(&mut one.findings);
    }
}

/// One file after checking: its sources (0 is the plan), findings, and the plan and
/// graph when it loaded without errors (a plan recovered from load errors is checked
/// but not kept).
#[derive(Debug)]
pub struct Checked {
    /// Sources; index 0 is the plan file.
    pub sources: Vec<Source>,
    /// Findings (source indices local to this file).
    pub findings: Vec<Finding>,
    /// The plan, when it loaded without errors (rule errors may remain: check
    /// `has_errors` before acting on it).
    pub plan: Option<Plan>,
    /// The graph, when the plan could be read.
    pub graph: Option<Graph>,
    /// True when the file could not be read at all.
    pub unread: bool,
}

impl Checked {
    /// True when there is an error-level finding.
    #[must_use]
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }
}

/// Check one plan file.
#[must_use]
pub fn check_file(path: &Path, limits: &Limits) -> Checked {
    let shown = display_path(path);
    let bytes = match read_limited(path, limits.max_file_bytes) {
        Ok(b) => b,
        Err(e) => {
            let (code, message, help) = match e {
                ReadError::Io(reason) => (
                    Code::P001,
                    format!("cannot read `{shown}`: {reason}"),
                    "check that the path is a readable plan file".to_owned(),
                ),
                ReadError::TooLarge(n) => (
                    Code::P008,
                    format!(
                        "the file is {n} bytes, over the file-size limit of {} bytes",
                        limits.max_file_bytes
                    ),
                    "split the plan, or raise the limit with `--max-file-size`".to_owned(),
                ),
            };
            let mut checked = failed(
                shown,
                "",
                Finding::new(code, 0, Span::default(), message).help(help),
            );
            checked.unread = code == Code::P001;
            return checked;
        }
    };
    let text: std::sync::Arc<str> = match load::decode(bytes, 0) {
        Ok(t) => t.into(),
        Err(f) => return failed(shown, "", *f),
    };
    let checked = check_shared(&shown, &text, path.parent(), limits);
    // A file that does not parse and holds characters YAML does not allow is not a plan
    // (binary data, a `/proc` file): say where, and never show its text. Only files that
    // fail to parse are scanned, so plans pay nothing for it.
    if checked.findings.iter().any(|f| f.code == Code::P001)
        && let Some(finding) = unprintable(&text)
    {
        return Checked {
            sources: vec![Source::opaque(shown, text)],
            findings: vec![finding],
            plan: None,
            graph: None,
            unread: false,
        };
    }
    wrong_file(&checked, &text, path).unwrap_or(checked)
}

/// A file that failed to load and looks like something else (a runbook, a command's
/// JSON output, a schema): one finding that says what it is, instead of the YAML error
/// or the schema errors (`load::sniff`). P001 when the YAML did not parse, else P002.
fn wrong_file(checked: &Checked, text: &str, path: &Path) -> Option<Checked> {
    let failed = checked
        .findings
        .iter()
        .any(|f| matches!(f.code, Code::P001 | Code::P002));
    if !failed {
        return None;
    }
    let ext = path.extension().and_then(|e| e.to_str());
    let sniffed = load::sniff::sniff(text, ext)?;
    let code = if checked.findings.iter().any(|f| f.code == Code::P001) {
        Code::P001
    } else {
        Code::P002
    };
    // One finding: the rest would be about a file that is not a plan (its source text
    // stays masked for secrets).
    let findings = vec![Finding::new(code, 0, sniffed.at, sniffed.message()).help(sniffed.help())];
    Some(Checked {
        sources: checked.sources.clone(),
        findings,
        plan: None,
        graph: None,
        unread: false,
    })
}

/// P001 at the first character YAML does not allow in a file (C0 controls other than tab,
/// line feed and carriage return; DEL; C1 controls other than U+0085; U+FFFE, U+FFFF).
#[must_use]
pub fn unprintable(text: &str) -> Option<Finding> {
    let bytes = text.as_bytes();
    let at = bytes.iter().enumerate().position(|(i, &b)| match b {
        b'\t' | b'\n' | b'\r' => false,
        0..0x20 | 0x7F => true,
        0xC2 => bytes
            .get(i + 1)
            .is_some_and(|&n| (0x80..=0x9F).contains(&n) && n != 0x85),
        0xEF => bytes.get(i + 1) == Some(&0xBF) && matches!(bytes.get(i + 2), Some(0xBE | 0xBF)),
        _ => false,
    })?;
    let c = text[at..].chars().next()?;
    Some(
        Finding::new(
            Code::P001,
            0,
            Span::new(at, at + c.len_utf8()),
            format!(
                "not a plan: the file holds the control character U+{:04X}, which YAML does not allow",
                u32::from(c)
            ),
        )
        .help("a plan is YAML text; write the character as an escape in a double-quoted string (`\"\\e\"`), or check that this is the right file"),
    )
}

fn failed(path: String, text: &str, finding: Finding) -> Checked {
    Checked {
        sources: vec![Source::new(path, text)],
        findings: vec![finding],
        plan: None,
        graph: None,
        unread: false,
    }
}

/// Check a plan given as text; `dir` is the plan's folder (for `operators-csv`).
#[must_use]
pub fn check_text(path: &str, text: &str, dir: Option<&Path>, limits: &Limits) -> Checked {
    check_shared(path, &std::sync::Arc::from(text), dir, limits)
}

/// [`check_text`] on a shared text, which the report's source reuses.
fn check_shared(
    path: &str,
    text: &std::sync::Arc<str>,
    dir: Option<&Path>,
    limits: &Limits,
) -> Checked {
    threads::on_check_stack(limits, || check_text_here(path, text, dir, limits)).unwrap_or_else(
        |finding| Checked {
            sources: vec![Source::opaque(path, "")],
            findings: vec![*finding],
            plan: None,
            graph: None,
            unread: false,
        },
    )
}

fn check_text_here(
    path: &str,
    text: &std::sync::Arc<str>,
    dir: Option<&Path>,
    limits: &Limits,
) -> Checked {
    let loaded = load::load_shared(path, text, 0, limits);
    let mut sources = vec![loaded.source];
    let mut findings = loaded.findings;
    let mut graph = None;
    // With load errors, the rules still run on what loaded (the broken parts dropped,
    // `Plan::dropped` saying what went) so one run shows every problem; that plan is
    // then dropped too, so no command acts on a partial plan.
    let recovered = loaded.recovered.is_some();
    let mut plan = loaded.plan.or(loaded.recovered);
    if let Some(p) = &plan {
        match Graph::build_limited(p, Graph::edge_budget(p.steps.len())) {
            Ok(g) => {
                let mut cx = RuleCx {
                    plan: p,
                    graph: &g,
                    source: 0,
                    dir: dir.unwrap_or_else(|| Path::new(".")),
                    limits,
                    sources: &mut sources,
                };
                findings.extend(rules::check_all(&mut cx));
                graph = Some(g);
            }
            Err(edges) => {
                findings.push(too_many_edges(p, edges));
                plan = None;
            }
        }
    }
    if recovered {
        plan = None;
        graph = None;
    }
    // No message may quote a secret (IMS012), whichever rule wrote it.
    crate::load::secrets::scrub(&mut findings);
    findings.sort_by_key(|f| (f.source, f.span.start, f.span.end, f.code));
    cap(&mut findings, limits.max_findings);
    Checked {
        sources,
        findings,
        plan,
        graph,
        unread: false,
    }
}

/// Keep the first `max` findings; the rest become one P008 at the first dropped one,
/// as severe as the worst dropped (so the exit code does not change).
fn cap(findings: &mut Vec<Finding>, max: usize) {
    if findings.len() <= max {
        return;
    }
    let dropped = findings.split_off(max);
    let worst = dropped
        .iter()
        .map(|f| f.severity)
        .max()
        .unwrap_or(Severity::Error);
    let first = &dropped[0];
    let mut summary = Finding::new(
        Code::P008,
        first.source,
        first.span,
        format!(
            "{} more findings in this file are not shown (limit of {max} per file)",
            dropped.len()
        ),
    )
    .help("fix the findings above and check again, or raise the limit with `--max-findings`");
    summary.severity = worst;
    findings.push(summary);
}

/// P008 for a plan whose dependency graph would be over the edge budget.
fn too_many_edges(plan: &Plan, edges: usize) -> Finding {
    let at = plan.steps.first().map_or(Span::default(), |s| s.kind.span);
    Finding::new(
        Code::P008,
        0,
        at,
        format!(
            "the dependency graph exceeds a resource limit (over {edges} edges for {} steps)",
            plan.steps.len()
        ),
    )
    .help("give each environment one step per kind and list explicit promotion sources (`after` on environments); see `docs/limits.md`")
}

/// Check one input: a plan file, or a path that could not be searched (a finding).
fn check_input(input: &Input, limits: &Limits) -> Checked {
    match &input.problem {
        None => check_file(&input.path, limits),
        Some(problem) => {
            let help = match problem {
                PathError::NoPlans(_) => "check the path; plan files end in `.yaml` or `.yml`",
                PathError::LinkRefused { .. } => {
                    "directory walks follow links only to files and folders inside the folder searched: name the target directly (`imsplan validate TARGET`), or move it inside"
                }
                _ => "check that the path exists and can be read",
            };
            // No text to show: an opaque source, so no empty snippet is drawn.
            Checked {
                sources: vec![Source::opaque(display_path(&input.path), "")],
                findings: vec![
                    Finding::new(Code::P001, 0, Span::default(), problem.to_string()).help(help),
                ],
                plan: None,
                graph: None,
                unread: true,
            }
        }
    }
}

/// Check one input and keep only what a report of findings needs: the plan and graph
/// are freed, and so is the text of every source no finding points into, so a run over
/// many large clean files holds one file's text per worker, not all of them.
fn check_kept(input: &Input, limits: &Limits) -> (Checked, Option<names::PlanName>) {
    let mut c = check_input(input, limits);
    let name = names::plan_name(&c);
    c.plan = None;
    c.graph = None;
    for (i, source) in c.sources.iter_mut().enumerate() {
        if !source.text.is_empty() && !c.findings.iter().any(|f| f.source == i) {
            let opaque = source.opaque;
            *source = Source::new(std::mem::take(&mut source.path), "");
            source.opaque = opaque;
        }
    }
    (c, name)
}

/// Check many inputs, in parallel, into one report (in the order of `inputs`).
#[must_use]
pub fn check_inputs(inputs: &[Input], limits: &Limits) -> Report {
    let workers = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .min(inputs.len().max(1));
    let mut results: Vec<Option<(Checked, Option<names::PlanName>)>> = Vec::new();
    results.resize_with(inputs.len(), || None);
    let workers = if inputs.len() < 4 { 1 } else { workers };
    let next = std::sync::atomic::AtomicUsize::new(0);
    let done = std::sync::Mutex::new(&mut results);
    let work = || {
        loop {
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(input) = inputs.get(i) else { break };
            let c = check_kept(input, limits);
            if let Ok(mut r) = done.lock() {
                r[i] = Some(c);
            }
        }
    };
    threads::workers(workers, limits, work);
    let mut report = Report::default();
    let mut names = Vec::new();
    for (i, result) in results.into_iter().enumerate() {
        let Some((c, name)) = result else { continue };
        if let Some(name) = name {
            names.push((report.sources.len(), name, i));
        }
        report.append(c);
    }
    names::duplicate_names(&mut report, &names, inputs, limits);
    report
}

/// A report of a single checked file (for commands that then use the plan).
#[must_use]
pub fn single(mut checked: Checked) -> (Report, Option<Plan>, Option<Graph>) {
    let plan = checked.plan.take();
    let graph = checked.graph.take();
    let mut report = Report::default();
    report.append(checked);
    (report, plan, graph)
}
