//! All YAML handling: bytes → text → a span-carrying tree (`Raw`) → the typed `Plan`.
//!
//! The parse is strict (serde-saphyr with strict booleans, unsupported tags rejected,
//! duplicate keys rejected, a node/event/alias budget scaled to the file size) and every
//! problem becomes a located finding: P001 for YAML, P002 for the plan format, P007 for
//! `format`, P008 for limits. Conversion from the tree to the model is *soft*: it records
//! every schema problem it meets instead of stopping at the first, drops only the broken
//! part (a value, an operator, a step, an environment) and records what it dropped in
//! `Plan::dropped`, so the rules run on the rest and one run shows every problem. Secrets (IMS012) are found here too, because the source text shown in every
//! report must be masked before anything is rendered.
//!
//! This file owns the entry points (`load_text`, `decode`), the limits and the
//! conversion state; `yaml.rs` the parse with spans, `stream.rs` the top level read
//! step by step, `convert.rs` the tree → model conversion (its value readers in
//! `values.rs`, the working calendar in `calendar.rs`), and `secrets.rs` IMS012 and
//! the masking, including the line-by-line fallback scan of a file that does not parse.

use std::sync::Arc;

use crate::code::Code;
use crate::diagnostic::Finding;
use crate::model::{Dropped, Plan};
use crate::source::Source;
use crate::span::{Sp, Span};

mod calendar;
mod convert;
pub mod secrets;
pub mod sniff;
mod stream;
mod times;
mod values;
mod yaml;

use convert::convert_plan;
pub use times::parse_duration;
pub use values::is_id;
pub(crate) use yaml::Raw;
use yaml::parse;

/// Resource limits of one run (SPEC §10; `docs/limits.md`).
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest plan file read, in bytes.
    pub max_file_bytes: u64,
    /// Deepest nesting of YAML collections.
    pub max_depth: usize,
    /// YAML nodes allowed per byte of input (the budget scales with the file).
    pub nodes_per_byte: usize,
    /// Largest operators CSV read, in bytes.
    pub max_csv_bytes: u64,
    /// Most files checked in one run.
    pub max_files: usize,
    /// Most findings reported per file; the rest are summed up in one last finding.
    pub max_findings: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 64 * 1024 * 1024,
            max_depth: 64,
            nodes_per_byte: 1,
            max_csv_bytes: 16 * 1024 * 1024,
            max_files: 100_000,
            max_findings: 1_000,
        }
    }
}

impl Limits {
    /// The serde-saphyr budget for a text of `len` bytes: nodes and events proportional
    /// to the size (with a floor for tiny files), alias replay bounded the same way so
    /// an alias bomb stops early and memory stays flat.
    fn budget(&self, len: usize) -> Option<serde_saphyr::Budget> {
        let nodes = len.saturating_mul(self.nodes_per_byte).max(10_000);
        serde_saphyr::budget! {
            max_events: nodes.saturating_mul(2),
            max_nodes: nodes,
            max_depth: self.max_depth,
            flow_nesting_limit: self.max_depth,
            max_aliases: nodes / 4 + 100,
            max_anchors: nodes / 4 + 100,
            max_recorded_anchor_events: nodes,
            max_total_scalar_bytes: len.saturating_mul(2).max(1 << 20),
            max_documents: 1,
            max_merge_keys: nodes / 4 + 100,
        }
    }
}

/// A loaded plan file: its source (secrets masked), the plan if it could be read, and
/// what loading found.
#[derive(Debug)]
pub struct Loaded {
    /// The plan file as read (masked).
    pub source: Source,
    /// The plan, when the file had no load errors.
    pub plan: Option<Plan>,
    /// When the file had load errors but its structure could be read: the plan without
    /// its broken parts (`Plan::dropped` says what went), for the rules to run on so one
    /// run shows every problem. Never acted on.
    pub recovered: Option<Plan>,
    /// Findings of loading (P001, P002, P007, P008, IMS012).
    pub findings: Vec<Finding>,
}

/// Load a plan from text. `source` is the index the file will have in the report.
#[must_use]
pub fn load_text(path: &str, text: &str, source: usize, limits: &Limits) -> Loaded {
    load_shared(path, &Arc::from(text), source, limits)
}

/// [`load_text`] on a shared text: parsing and the report's source use this one copy
/// (the source gets a masked copy only when a secret must be hidden), so a big plan
/// is held once, not three times.
#[must_use]
pub fn load_shared(path: &str, shared: &Arc<str>, source: usize, limits: &Limits) -> Loaded {
    let text: &str = shared;
    let mut cx = Cx::new(source, text);
    let root = parse(&mut cx, shared, limits);
    if root.is_none() {
        // The YAML did not parse: still find secret shapes and secret-like keys line by
        // line, so a broken file never shows a secret in its report.
        secrets::scan_lines(&mut cx);
    }
    // The conversion drops only what is broken (and records it in `Plan::dropped`): with
    // load errors, what is left is the recovered plan, which the rules check but no
    // command acts on.
    let mut recovered = root.and_then(|root| convert_plan(&mut cx, root));
    let load_errors = cx
        .findings
        .iter()
        .any(|f| f.code != Code::IMS012 && f.severity == crate::diagnostic::Severity::Error);
    let plan = if load_errors { None } else { recovered.take() };
    secrets::scan_text(&mut cx);
    let masked: Arc<str> = if cx.secret_spans.is_empty() {
        Arc::clone(shared)
    } else {
        secrets::mask(text, &mut cx.secret_spans).into()
    };
    let mut findings = cx.findings;
    findings.sort_by_key(|f| (f.span.start, f.code));
    Loaded {
        source: Source::new(path, masked),
        plan,
        recovered,
        findings,
    }
}

/// Decode file bytes as UTF-8, or say precisely why not (P001).
///
/// # Errors
/// A P001 finding pointing at the first byte that is not UTF-8.
pub fn decode(bytes: Vec<u8>, source: usize) -> Result<String, Box<Finding>> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(Box::new(
            Finding::new(
                Code::P001,
                source,
                Span::new(0, 2),
                "the file is UTF-16, not UTF-8",
            )
            .help("save the plan as UTF-8 (without a byte order mark, or with the UTF-8 one)"),
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        Box::new(
            Finding::new(
                Code::P001,
                source,
                Span::new(at, at + 1),
                format!("the file is not valid UTF-8 (byte {at})"),
            )
            .help("save the plan as UTF-8; Latin-1 or other encodings are not accepted"),
        )
    })
}

/// Conversion state: the findings so far and the spans of secrets to mask.
pub(crate) struct Cx<'a> {
    pub(crate) source: usize,
    pub(crate) text: &'a str,
    pub(crate) findings: Vec<Finding>,
    pub(crate) secret_spans: Vec<Span>,
    /// `allow-operators` keys seen on restriction steps, with the step's env.
    allow_keys: Vec<(String, Span)>,
    /// What the conversion dropped because it was broken.
    dropped: Dropped,
}

impl<'a> Cx<'a> {
    pub(crate) fn new(source: usize, text: &'a str) -> Self {
        Cx {
            source,
            text,
            findings: Vec::new(),
            secret_spans: Vec::new(),
            allow_keys: Vec::new(),
            dropped: Dropped::default(),
        }
    }

    fn push(&mut self, finding: Finding) {
        self.findings.push(finding);
    }

    fn schema(&mut self, span: Span, message: impl Into<String>, help: impl Into<String>) {
        let f = Finding::new(Code::P002, self.source, span, message).help(help);
        self.push(f);
    }

    /// The source text of a value (for numbers kept as written).
    fn text_of(&self, node: &Sp<Raw>) -> &str {
        let span = node.defined.unwrap_or(node.span);
        self.text.get(span.start()..span.end()).unwrap_or("")
    }
}
