//! `imsplan lsp`: a real client session (pygls, `tests/lsp/client.py`) over the bundled
//! plans and broken copies, compared with `validate --format json`; the server in
//! memory for a 10,000-step plan and for random edit sequences (no panic, every request
//! answered, the final diagnostics those of the final text).

use std::fmt::Write as _;
use std::process::Command;
use std::time::{Duration, Instant};

use imsplan::load::Limits;
use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use proptest::prelude::*;
use serde_json::{Value, json};

use crate::common::{example_plans, path};

/// True when pygls can be imported; in CI its absence is a failure (`.ci/run` installs it).
fn pygls_available() -> bool {
    let ok = Command::new("python3")
        .args(["-c", "import pygls.lsp.client"])
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ok || std::env::var_os("CI").is_none(),
        "pygls is not installed: `.ci/run` installs it (pip install pygls)"
    );
    ok
}

#[test]
fn real_client_session_matches_validate() {
    if !pygls_available() {
        eprintln!(
            "SKIPPED real_client_session_matches_validate: python3 with pygls is not installed (`pip install pygls`; .ci/run does it)"
        );
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let plans = dir.path().join("plans");
    std::fs::create_dir_all(plans.join("exports")).expect("plans dir");
    for p in example_plans() {
        std::fs::copy(&p, plans.join(p.file_name().expect("name"))).expect("copy plan");
    }
    for e in std::fs::read_dir(path("plans/exports")).expect("exports") {
        let e = e.expect("entry").path();
        std::fs::copy(&e, plans.join("exports").join(e.file_name().expect("name")))
            .expect("copy export");
    }
    let out = Command::new("python3")
        .arg(path("tests/lsp/client.py"))
        .arg(env!("CARGO_BIN_EXE_imsplan"))
        .arg(dir.path())
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "client session failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The server on an in-memory connection, as a client sees it.
struct Session {
    client: Connection,
    server: Option<std::thread::JoinHandle<bool>>,
    next: i32,
    /// Diagnostics received, latest last.
    published: Vec<Value>,
}

impl Session {
    fn start() -> Session {
        let (server, client) = Connection::memory();
        let handle =
            std::thread::spawn(move || imsplan::lsp::serve(&server, &Limits::default()).is_ok());
        let mut s = Session {
            client,
            server: Some(handle),
            next: 0,
            published: Vec::new(),
        };
        let init = s.request("initialize", json!({"capabilities": {}}));
        assert_eq!(
            init.response_result
                .as_ref()
                .ok()
                .map(|r| &r["serverInfo"]["name"]),
            Some(&json!("imsplan"))
        );
        s.notify("initialized", json!({}));
        s
    }

    fn notify(&self, method: &str, params: Value) {
        self.client
            .sender
            .send(Message::Notification(Notification::new(
                method.into(),
                params,
            )))
            .expect("server alive");
    }

    fn request(&mut self, method: &str, params: Value) -> Response {
        self.next += 1;
        let id = RequestId::from(self.next);
        self.client
            .sender
            .send(Message::Request(Request::new(
                id.clone(),
                method.into(),
                params,
            )))
            .expect("server alive");
        loop {
            match self
                .client
                .receiver
                .recv_timeout(Duration::from_secs(120))
                .expect("an answer within 120 s")
            {
                Message::Response(r) if r.id == id => return r,
                Message::Notification(n) => self.published.push(n.params),
                _ => {}
            }
        }
    }

    /// Wait for the diagnostics of a version of a document.
    fn diagnostics(&mut self, uri: &str, version: i32, within: Duration) -> Vec<Value> {
        let deadline = Instant::now() + within;
        loop {
            if let Some(p) = self
                .published
                .iter()
                .rev()
                .find(|p| p["uri"] == uri && p["version"] == version)
            {
                return p["diagnostics"].as_array().cloned().unwrap_or_default();
            }
            let left = deadline.saturating_duration_since(Instant::now());
            match self.client.receiver.recv_timeout(left) {
                Ok(Message::Notification(n)) => self.published.push(n.params),
                Ok(_) => {}
                Err(e) => {
                    panic!("no diagnostics for {uri} version {version} within {within:?}: {e}")
                }
            }
        }
    }

    fn stop(mut self) {
        let r = self.request("shutdown", Value::Null);
        assert!(r.response_result.is_ok(), "{r:?}");
        self.notify("exit", Value::Null);
        let ok = self
            .server
            .take()
            .expect("running")
            .join()
            .expect("no panic");
        assert!(ok, "the server ended with an error");
    }
}

fn open(s: &Session, uri: &str, text: &str) {
    s.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}),
    );
}

fn at(uri: &str, line: u32, character: u32) -> Value {
    json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}})
}

/// A plan of 10,000 steps: 2,000 development environments of five steps each.
fn big_plan() -> String {
    let mut s = String::from("format: 1\nname: big\nenvironments:\n");
    for e in 0..2000 {
        let _ = writeln!(
            s,
            "  e{e}:\n    role: development\n    hosting: managed\n    version: 7.4.1\n    after: []"
        );
    }
    s.push_str("steps:\n");
    for e in 0..2000 {
        for (k, kind) in ["migrate-users", "migrate-operators", "enable-restrictions"]
            .iter()
            .enumerate()
        {
            let _ = writeln!(
                s,
                "  - {{id: s{e}-{k}, env: e{e}, kind: {kind}, duration: 1h}}"
            );
        }
        for k in 3..5 {
            let _ = writeln!(
                s,
                "  - {{id: s{e}-{k}, env: e{e}, kind: custom, title: t, duration: 1h, after: [s{e}-0]}}"
            );
        }
    }
    s.push_str("# IMS001\n");
    s
}

#[test]
fn a_10000_step_plan_stays_responsive() {
    let text = big_plan();
    let lines = u32::try_from(text.lines().count()).expect("fits");
    let uri = "file:///nonexistent/big.yaml";
    let mut s = Session::start();
    open(&s, uri, &text);
    // A burst of edits (typing at the end) while the first check runs: each is applied,
    // the check waits for the pause.
    for v in 2..=21 {
        s.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": v}, "contentChanges": [
                {"range": {"start": {"line": lines, "character": 0}, "end": {"line": lines, "character": 0}}, "text": "#"}
            ]}),
        );
    }
    // A request that needs no plan is answered at once, whatever is being checked.
    let started = Instant::now();
    let hover = s.request("textDocument/hover", at(uri, lines - 1, 3));
    let took = started.elapsed();
    assert!(
        hover
            .response_result
            .as_ref()
            .ok()
            .is_some_and(|h| h["contents"]["value"]
                .as_str()
                .is_some_and(|v| v.contains("IMS001"))),
        "{hover:?}"
    );
    assert!(took < Duration::from_secs(2), "hover took {took:?}");
    let diags = s.diagnostics(uri, 21, Duration::from_secs(300));
    assert!(diags.is_empty(), "{diags:?}");
    // Definition and completion on the big plan.
    let def = s.request("textDocument/definition", at(uri, lines - 2, 78));
    let def = def.response_result.ok().unwrap_or_default();
    assert_eq!(
        def["range"]["start"]["line"],
        json!(lines - 2 - 4),
        "definition of the last `after` item: {def}"
    );
    let items = s.request("textDocument/completion", at(uri, lines - 2, 25));
    let n = items
        .response_result
        .ok()
        .and_then(|r| r.as_array().map(Vec::len))
        .unwrap_or(0);
    assert_eq!(n, 2000, "every environment id is offered after `env: `");
    s.stop();
}

#[derive(Debug, Clone)]
struct Edit {
    start: (u32, u32),
    end: (u32, u32),
    text: &'static str,
    ask: (u32, u32),
}

const INSERTS: &[&str] = &[
    "",
    "\n",
    " ",
    "-",
    ":",
    "[",
    "]",
    "{",
    "}",
    ",",
    "'",
    "\"",
    "#",
    "*a",
    "&a ",
    "kind: ",
    "env: ",
    "after: [",
    "stagee",
    "upgrade",
    "é",
    "😀",
    "\t",
    "  - id: x\n    env: prod\n",
    "IMS004",
    "steps:",
    "environments:",
    "\r\n",
];

fn edit() -> impl Strategy<Value = Edit> {
    (
        (0u32..160, 0u32..60),
        (0u32..160, 0u32..60),
        prop::sample::select(INSERTS),
        (0u32..170, 0u32..70),
    )
        .prop_map(|(start, end, text, ask)| Edit {
            start,
            end,
            text,
            ask,
        })
}

fn range(a: (u32, u32), b: (u32, u32)) -> Value {
    json!({"start": {"line": a.0, "character": a.1}, "end": {"line": b.0, "character": b.1}})
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Random edits (any range, out of bounds or inside a character) and requests at
    /// random places: no panic, every request answered without an internal error, and
    /// the last diagnostics are those of `check_text` on the text the edits produce.
    #[test]
    fn random_edits_never_break_the_server(which in any::<usize>(), edits in prop::collection::vec(edit(), 1..12)) {
        let plans = example_plans();
        let file = &plans[which % plans.len()];
        let mut text = std::fs::read_to_string(file).expect("plan");
        let uri = imsplan::lsp::uri::from_path(&file.to_string_lossy()).expect("uri");
        let uri_text = uri.as_str().to_owned();
        let mut s = Session::start();
        open(&s, &uri_text, &text);
        for (i, e) in edits.iter().enumerate() {
            let version = i32::try_from(i).expect("small") + 2;
            let change = json!({"range": range(e.start, e.end), "text": e.text});
            s.notify("textDocument/didChange", json!({"textDocument": {"uri": uri_text, "version": version}, "contentChanges": [change.clone()]}));
            let change: lsp_types::TextDocumentContentChangeEvent = serde_json::from_value(change).expect("change");
            imsplan::lsp::text::apply(&mut text, change);
            for method in ["textDocument/hover", "textDocument/definition", "textDocument/completion"] {
                let r = s.request(method, at(&uri_text, e.ask.0, e.ask.1));
                prop_assert!(r.response_result.is_ok(), "{method}: {r:?}");
            }
            let r = s.request("textDocument/codeAction", json!({"textDocument": {"uri": uri_text}, "range": range(e.ask, e.ask), "context": {"diagnostics": []}}));
            prop_assert!(r.response_result.is_ok(), "codeAction: {r:?}");
        }
        let last = i32::try_from(edits.len()).expect("small") + 1;
        let got = s.diagnostics(&uri_text, last, Duration::from_secs(120));
        let want = imsplan::lsp::analyse(&uri, &file.to_string_lossy(), last, &text, &Limits::default());
        let want = serde_json::to_value(&want.by_uri[0].1).expect("json");
        prop_assert_eq!(Value::Array(got), want);
        s.stop();
    }
}
