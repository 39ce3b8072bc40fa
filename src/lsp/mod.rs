//! `imsplan lsp`: the language server (SPEC §11.8) on `lsp-server` + `lsp-types`.
//!
//! One loop owns the open documents. Checks run on a worker thread so requests stay
//! answered while a large plan is checked: a document is checked at once when opened or
//! saved and 200 ms after the last change, and only the latest version's diagnostics are
//! published. Features (hover, definition, completion, code actions) read the document's
//! current text; see `features.rs`, `complete.rs` and `fix.rs`.

mod complete;
mod diagnostics;
mod features;
mod fix;
pub mod text;
pub mod uri;

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, Sender, select};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, DidSaveTextDocument,
    Notification as _, PublishDiagnostics,
};
use lsp_types::request::{
    CodeActionRequest, Completion, GotoDefinition, HoverRequest, Request as _,
};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, CompletionOptions, Diagnostic,
    HoverProviderCapability, OneOf, PublishDiagnosticsParams, SaveOptions, ServerCapabilities,
    ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, Uri,
};

use crate::graph::Graph;
use crate::load::Limits;
use crate::model::Plan;
pub use diagnostics::{Analysis, analyse, suggestion};

/// How long after the last change a document is checked.
pub const DEBOUNCE: Duration = Duration::from_millis(200);

/// Why the server stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The client broke the protocol (initialize, shutdown).
    #[error("language server protocol: {0}")]
    Protocol(#[from] lsp_server::ProtocolError),
}

/// What the server can do, announced in `initialize`.
#[must_use]
pub fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
                ..TextDocumentSyncOptions::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![" ".into(), "[".into(), ",".into()]),
            ..CompletionOptions::default()
        }),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..CodeActionOptions::default()
        })),
        ..ServerCapabilities::default()
    }
}

/// Run the server on a connection until the client shuts it down.
///
/// # Errors
/// The client broke the protocol, or a reply could not be encoded.
pub fn serve(connection: &Connection, limits: &Limits) -> Result<(), ServeError> {
    let init = serde_json::json!({
        "capabilities": capabilities(),
        "serverInfo": ServerInfo {
            name: "imsplan".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        },
    });
    let (id, _params) = connection.initialize_start()?;
    connection.initialize_finish(id, init)?;
    Server::new(connection, *limits).run()
}

/// One open document.
struct Doc {
    text: String,
    version: i32,
    /// The file's path (for `operators-csv`), its URI when it has none.
    path: String,
    /// When the pending check is due.
    due: Option<Instant>,
    /// The latest check result (any version).
    analysis: Option<Analysis>,
    /// Plan and graph of the current version, loaded on demand for features.
    model: Option<(i32, Option<Plan>, Option<Graph>)>,
    /// The last plan that loaded, for completion while the text does not parse.
    last_good: Option<Plan>,
    /// Other documents (CSVs) this one published diagnostics to.
    extra: Vec<Uri>,
}

struct Job {
    uri: Uri,
    version: i32,
    path: String,
    text: String,
}

struct Server<'a> {
    conn: &'a Connection,
    limits: Limits,
    docs: HashMap<Uri, Doc>,
    jobs: Sender<Job>,
    done: Receiver<(Uri, Analysis)>,
}

impl<'a> Server<'a> {
    fn new(conn: &'a Connection, limits: Limits) -> Self {
        let (jobs, job_rx) = crossbeam_channel::unbounded::<Job>();
        let (done_tx, done) = crossbeam_channel::unbounded();
        let worker_limits = limits;
        std::thread::spawn(move || worker(&job_rx, &done_tx, &worker_limits));
        Server {
            conn,
            limits,
            docs: HashMap::new(),
            jobs,
            done,
        }
    }

    fn run(mut self) -> Result<(), ServeError> {
        loop {
            let wait = self
                .docs
                .values()
                .filter_map(|d| d.due)
                .min()
                .map_or(Duration::from_secs(3600), |due| {
                    due.saturating_duration_since(Instant::now())
                });
            select! {
                recv(self.conn.receiver) -> msg => match msg {
                    Ok(Message::Request(req)) => {
                        if self.conn.handle_shutdown(&req)? {
                            return Ok(());
                        }
                        self.request(req);
                    }
                    Ok(Message::Notification(n)) => self.notification(n),
                    Ok(Message::Response(_)) => {}
                    Err(_) => return Ok(()),
                },
                recv(self.done) -> r => {
                    if let Ok((uri, analysis)) = r {
                        self.checked(&uri, analysis);
                    }
                }
                default(wait) => {}
            }
            self.start_due();
        }
    }

    /// Send every document whose check is due to the worker.
    fn start_due(&mut self) {
        let now = Instant::now();
        for (uri, doc) in &mut self.docs {
            if doc.due.is_some_and(|d| d <= now) {
                doc.due = None;
                let _ = self.jobs.send(Job {
                    uri: uri.clone(),
                    version: doc.version,
                    path: doc.path.clone(),
                    text: doc.text.clone(),
                });
            }
        }
    }

    fn notification(&mut self, n: Notification) {
        match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let Ok(p) =
                    serde_json::from_value::<lsp_types::DidOpenTextDocumentParams>(n.params)
                else {
                    return;
                };
                let d = p.text_document;
                let path = uri::to_path(&d.uri).unwrap_or_else(|| d.uri.as_str().to_owned());
                let old = self.docs.insert(
                    d.uri.clone(),
                    Doc {
                        text: d.text,
                        version: d.version,
                        path,
                        due: Some(Instant::now()),
                        analysis: None,
                        model: None,
                        last_good: None,
                        extra: Vec::new(),
                    },
                );
                if let (Some(old), Some(doc)) = (old, self.docs.get_mut(&d.uri)) {
                    doc.extra = old.extra;
                }
            }
            DidChangeTextDocument::METHOD => {
                let Ok(p) =
                    serde_json::from_value::<lsp_types::DidChangeTextDocumentParams>(n.params)
                else {
                    return;
                };
                if let Some(doc) = self.docs.get_mut(&p.text_document.uri) {
                    for change in p.content_changes {
                        text::apply(&mut doc.text, change);
                    }
                    doc.version = p.text_document.version;
                    doc.due = Some(Instant::now() + DEBOUNCE);
                }
            }
            DidSaveTextDocument::METHOD => {
                let Ok(p) =
                    serde_json::from_value::<lsp_types::DidSaveTextDocumentParams>(n.params)
                else {
                    return;
                };
                // The CSVs next to the plan may have changed too: check now.
                if let Some(doc) = self.docs.get_mut(&p.text_document.uri) {
                    doc.due = Some(Instant::now());
                }
            }
            DidCloseTextDocument::METHOD => {
                let Ok(p) =
                    serde_json::from_value::<lsp_types::DidCloseTextDocumentParams>(n.params)
                else {
                    return;
                };
                if let Some(doc) = self.docs.remove(&p.text_document.uri) {
                    self.publish(p.text_document.uri, Vec::new(), None);
                    for other in doc.extra {
                        self.publish(other, Vec::new(), None);
                    }
                }
            }
            _ => {}
        }
    }

    /// A check finished: publish it when it is for the document's current version.
    fn checked(&mut self, uri: &Uri, analysis: Analysis) {
        let Some(doc) = self.docs.get_mut(uri) else {
            return;
        };
        if analysis.version != doc.version {
            return;
        }
        if let Some(plan) = &analysis.plan {
            doc.last_good = Some(plan.clone());
        }
        let version = doc.version;
        let mut out = Vec::new();
        let mut extra = Vec::new();
        for (target, diags) in &analysis.by_uri {
            if target != uri {
                extra.push(target.clone());
            }
            out.push((target.clone(), diags.clone()));
        }
        let gone: Vec<Uri> = doc
            .extra
            .iter()
            .filter(|u| !extra.contains(u))
            .cloned()
            .collect();
        doc.extra = extra;
        doc.analysis = Some(analysis);
        // The CSVs first, the plan last: a client that sees the plan's version has
        // every diagnostic of that version.
        for target in gone {
            self.publish(target, Vec::new(), None);
        }
        for (target, diags) in out.into_iter().rev() {
            let v = (&target == uri).then_some(version);
            self.publish(target, diags, v);
        }
    }

    fn publish(&self, uri: Uri, diagnostics: Vec<Diagnostic>, version: Option<i32>) {
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        let n = Notification::new(PublishDiagnostics::METHOD.to_owned(), params);
        let _ = self.conn.sender.send(Message::Notification(n));
    }

    fn request(&mut self, req: Request) {
        let id = req.id.clone();
        let method = req.method.clone();
        let limits = self.limits;
        let result = catch_unwind(AssertUnwindSafe(|| self.answer(req, &limits)));
        let response = match result {
            Ok(Ok(Some(value))) => Response::new_ok(id, value),
            Ok(Ok(None)) => Response::new_err(
                id,
                ErrorCode::MethodNotFound as i32,
                format!("`{method}` is not supported"),
            ),
            Ok(Err(e)) => Response::new_err(id, ErrorCode::InvalidParams as i32, e.to_string()),
            Err(_) => internal(id, &method),
        };
        let _ = self.conn.sender.send(Message::Response(response));
    }

    /// The result of a request, `None` for a method the server does not have.
    fn answer(
        &mut self,
        req: Request,
        limits: &Limits,
    ) -> Result<Option<serde_json::Value>, serde_json::Error> {
        let value = match req.method.as_str() {
            HoverRequest::METHOD => {
                let p: lsp_types::HoverParams = serde_json::from_value(req.params)?;
                let at = p.text_document_position_params;
                let uri = &at.text_document.uri;
                let code = self
                    .docs
                    .get(uri)
                    .and_then(|doc| features::code_hover(&doc.text, at.position));
                let hover = code.or_else(|| {
                    self.doc_mut(uri, limits)
                        .and_then(|doc| features::hover(doc, at.position))
                });
                serde_json::to_value(hover)?
            }
            GotoDefinition::METHOD => {
                let p: lsp_types::GotoDefinitionParams = serde_json::from_value(req.params)?;
                let at = p.text_document_position_params;
                let uri = at.text_document.uri.clone();
                let found = self
                    .doc_mut(&uri, limits)
                    .and_then(|doc| features::definition(doc, &uri, at.position));
                serde_json::to_value(found)?
            }
            Completion::METHOD => {
                let p: lsp_types::CompletionParams = serde_json::from_value(req.params)?;
                let at = p.text_document_position;
                let items = self
                    .doc_mut(&at.text_document.uri, limits)
                    .map(|doc| complete::complete(doc, at.position));
                serde_json::to_value(items.map(lsp_types::CompletionResponse::Array))?
            }
            CodeActionRequest::METHOD => {
                let p: lsp_types::CodeActionParams = serde_json::from_value(req.params)?;
                let uri = p.text_document.uri.clone();
                let fresh = self.fresh(&uri);
                let actions = fresh.map(|doc| fix::actions(doc, &uri, p.range));
                serde_json::to_value(actions)?
            }
            _ => return Ok(None),
        };
        Ok(Some(value))
    }

    /// A document with its plan and graph loaded for the current version.
    fn doc_mut(&mut self, uri: &Uri, limits: &Limits) -> Option<&Doc> {
        let doc = self.docs.get_mut(uri)?;
        let current = |v: i32| v == doc.version;
        if !doc.model.as_ref().is_some_and(|(v, ..)| current(*v)) {
            if let Some(a) = doc.analysis.as_ref().filter(|a| current(a.version)) {
                doc.model = Some((a.version, a.plan.clone(), a.graph.clone()));
            } else {
                let loaded = crate::load::load_text(&doc.path, &doc.text, 0, limits);
                let graph = loaded
                    .plan
                    .as_ref()
                    .and_then(|p| Graph::build_limited(p, Graph::edge_budget(p.steps.len())).ok());
                if let Some(p) = &loaded.plan {
                    doc.last_good = Some(p.clone());
                }
                doc.model = Some((doc.version, loaded.plan, graph));
            }
        }
        Some(doc)
    }

    /// A document whose analysis is of its current version (checked now if needed).
    fn fresh(&mut self, uri: &Uri) -> Option<&Doc> {
        let doc = self.docs.get_mut(uri)?;
        if doc
            .analysis
            .as_ref()
            .is_none_or(|a| a.version != doc.version)
        {
            doc.analysis = Some(analyse(
                uri,
                &doc.path,
                doc.version,
                &doc.text,
                &self.limits,
            ));
        }
        Some(doc)
    }
}

fn internal(id: RequestId, method: &str) -> Response {
    Response::new_err(
        id,
        ErrorCode::InternalError as i32,
        format!("internal error while answering `{method}`, please report it with the plan"),
    )
}

/// The checking thread: takes the latest job per document, checks it, sends the result.
fn worker(jobs: &Receiver<Job>, done: &Sender<(Uri, Analysis)>, limits: &Limits) {
    while let Ok(first) = jobs.recv() {
        let mut batch = vec![first];
        batch.extend(jobs.try_iter());
        let mut latest: Vec<Job> = Vec::new();
        for job in batch {
            latest.retain(|j| j.uri != job.uri);
            latest.push(job);
        }
        for job in latest {
            let result = catch_unwind(AssertUnwindSafe(|| {
                analyse(&job.uri, &job.path, job.version, &job.text, limits)
            }));
            if let Ok(analysis) = result
                && done.send((job.uri, analysis)).is_err()
            {
                return;
            }
        }
    }
}
