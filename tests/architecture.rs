//! The one-way house: every `crate::…` (and `super::…` that leaves its module) path in
//! `src/` points down the layer order, never up; the order is the data below and is
//! also written at the top of `src/lib.rs`. Also: clap only in `cli.rs` and
//! `commands/`, and no file over ~500 lines without a reason in its module doc.
//! `docs/architecture.md` explains the layers.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The layers, bottom first: a top-level module may import only itself and the modules
/// before it. A new module must be added here (and to `src/lib.rs`'s list).
const LAYERS: &[&str] = &[
    "code",
    "exit",
    "span",
    "work",
    "version",
    "fsutil",
    "duration",
    "source",
    "suggest",
    "shell",
    "terminal",
    "model",
    "diagnostic",
    "schema",
    "load",
    "graph",
    "workcal",
    "schedule",
    "tasks",
    "rules",
    "check",
    "output",
    "track",
    "view",
    "status",
    "render",
    "runbook",
    "lsp",
    "cli",
    "commands",
];

/// A file may exceed this many lines only with a reason in its module doc that says
/// `lines on purpose`.
const MAX_LINES: usize = 500;

/// One path into the crate: where it is written, the top-level module it reaches.
#[derive(Debug, PartialEq)]
struct Import {
    line: usize,
    target: String,
}

/// The module path of a file under `src/`: `load/yaml.rs` → `[load, yaml]`,
/// `load/mod.rs` → `[load]`.
fn module_path(rel: &str) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .trim_end_matches(".rs")
        .split('/')
        .map(str::to_owned)
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn ident_at(code: &[u8], mut i: usize) -> (String, usize) {
    let start = i;
    while i < code.len() && is_ident(code[i]) {
        i += 1;
    }
    (String::from_utf8_lossy(&code[start..i]).into_owned(), i)
}

/// The crate paths of a file's non-test code: comment lines and everything from the
/// first `#[cfg(test)]` on are left out. `crate::a::…`, `crate::{a, b::…}` and
/// `super::…` chains that climb to the crate root are resolved to their top module;
/// an `Err` names a `super` that climbs past the root.
fn imports(module: &[String], text: &str) -> Result<Vec<Import>, String> {
    let mut code = String::new();
    for line in text.lines() {
        let t = line.trim_start();
        if t.starts_with("#[cfg(test)]") {
            break;
        }
        if !t.starts_with("//") {
            code.push_str(line);
        }
        code.push('\n');
    }
    let code = code.as_bytes();
    let line_of = |i: usize| code[..i].split(|&b| b == b'\n').count();
    let mut out = Vec::new();
    let mut i = 0;
    while i < code.len() {
        let boundary = i == 0 || !is_ident(code[i - 1]) && code[i - 1] != b':';
        let (is_crate, is_super) = (
            code[i..].starts_with(b"crate::"),
            code[i..].starts_with(b"super::"),
        );
        if !boundary || !(is_crate || is_super) {
            i += 1;
            continue;
        }
        let start = i;
        let mut base: Vec<String> = if is_crate {
            i += "crate::".len();
            Vec::new()
        } else {
            module.to_vec()
        };
        while code[i..].starts_with(b"super::") {
            if base.pop().is_none() {
                return Err(format!(
                    "line {}: `super` above the crate root",
                    line_of(start)
                ));
            }
            i += "super::".len();
        }
        let line = line_of(start);
        if let Some(top) = base.first() {
            out.push(Import {
                line,
                target: top.clone(),
            });
            continue;
        }
        if code.get(i) == Some(&b'{') {
            let mut depth = 0;
            let mut item_start = true;
            while i < code.len() {
                match code[i] {
                    b'{' => {
                        depth += 1;
                        item_start = depth == 1;
                    }
                    b'}' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    b',' if depth == 1 => item_start = true,
                    b if item_start && is_ident(b) => {
                        let (name, end) = ident_at(code, i);
                        if name != "self" {
                            out.push(Import { line, target: name });
                        }
                        item_start = false;
                        i = end;
                        continue;
                    }
                    _ => {}
                }
                i += 1;
            }
        } else {
            let (name, end) = ident_at(code, i);
            i = end;
            out.push(Import { line, target: name });
        }
    }
    Ok(out)
}

/// Every import of `files` (path under `src/`, text) that breaks the layer order, as
/// `src/FILE:LINE: …` lines.
fn violations(layers: &[&str], files: &[(String, String)]) -> Vec<String> {
    let rank = |m: &str| layers.iter().position(|l| *l == m);
    let mut out = Vec::new();
    for (rel, text) in files {
        let module = module_path(rel);
        let Some(top) = module.first() else { continue };
        let Some(own) = rank(top) else {
            out.push(format!(
                "src/{rel}: module `{top}` is not in the layer list; add it to `LAYERS` in tests/architecture.rs and to src/lib.rs"
            ));
            continue;
        };
        let found = match imports(&module, text) {
            Ok(found) => found,
            Err(e) => {
                out.push(format!("src/{rel}: {e}"));
                continue;
            }
        };
        for import in found {
            let written = text
                .lines()
                .nth(import.line - 1)
                .unwrap_or("")
                .trim()
                .to_owned();
            match rank(&import.target) {
                None => out.push(format!(
                    "src/{rel}:{}: `{written}`: `{}` is not in the layer list",
                    import.line, import.target
                )),
                Some(r) if r > own => out.push(format!(
                    "src/{rel}:{}: `{written}`: `{top}` imports `{}`, a higher layer; move the shared part down (to `{top}` or below) instead",
                    import.line, import.target
                )),
                Some(_) => {}
            }
        }
    }
    out
}

/// Every `.rs` file under `dir`, as (path relative to `src/` with `/`, text).
fn rust_files(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("src/ is readable")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(root, &path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let rel = path
                .strip_prefix(root)
                .expect("under src")
                .to_string_lossy()
                .replace('\\', "/");
            let text = std::fs::read_to_string(&path).expect("utf-8 source");
            out.push((rel, text));
        }
    }
}

fn src_files() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&root, &root, &mut files);
    files.retain(|(rel, _)| rel != "lib.rs" && rel != "main.rs");
    files
}

#[test]
fn imports_point_down_the_layers_only() {
    let files = src_files();
    assert!(files.len() > 40, "src/ not found: {} files", files.len());
    let bad = violations(LAYERS, &files);
    assert!(
        bad.is_empty(),
        "imports that point up a layer (order, bottom first: {}):\n{}",
        LAYERS.join(" → "),
        bad.join("\n")
    );
}

#[test]
fn lib_rs_states_the_same_order() {
    let lib = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs"))
        .expect("src/lib.rs");
    let doc: Vec<&str> = lib
        .lines()
        .filter_map(|l| l.strip_prefix("//!"))
        .map(str::trim)
        .collect();
    let order = LAYERS
        .iter()
        .map(|l| format!("`{l}`"))
        .collect::<Vec<_>>()
        .join(" → ");
    assert!(
        doc.join(" ").contains(&order),
        "src/lib.rs must state the layer order of tests/architecture.rs:\n{order}"
    );
    // Every top-level module declared in lib.rs has a layer.
    for line in lib.lines() {
        if let Some(name) = line
            .trim()
            .strip_prefix("pub mod ")
            .or_else(|| line.trim().strip_prefix("mod "))
        {
            let name = name.trim_end_matches(';').trim_end_matches(" {");
            assert!(LAYERS.contains(&name), "`{name}` has no layer");
        }
    }
}

#[test]
fn long_files_say_why() {
    let mut bad = String::new();
    for (rel, text) in src_files() {
        let lines = text.lines().count();
        let doc: String = text
            .lines()
            .take_while(|l| l.starts_with("//!"))
            .collect::<Vec<_>>()
            .join(" ");
        if lines > MAX_LINES && !doc.contains("lines on purpose") {
            let _ = writeln!(
                bad,
                "src/{rel}: {lines} lines; split it by concern, or say in its module doc why it is one file (\"longer than ~{MAX_LINES} lines on purpose: …\")"
            );
        }
    }
    assert!(bad.is_empty(), "{bad}");
}

#[test]
fn only_the_command_line_knows_clap() {
    let mut bad = String::new();
    for (rel, text) in src_files() {
        if rel == "cli.rs" || rel.starts_with("commands/") {
            continue;
        }
        for (n, line) in text.lines().enumerate() {
            let code = line.trim_start();
            if !code.starts_with("//") && (code.contains("clap::") || code.contains("clap_")) {
                let _ = writeln!(
                    bad,
                    "src/{rel}:{}: `{}`: only `cli.rs` and `commands/` use clap; take a plain type and map the clap one in `commands/`",
                    n + 1,
                    code
                );
            }
        }
    }
    assert!(bad.is_empty(), "{bad}");
}

// The checker itself, on synthetic sources: it must fail on an upward import.

fn files(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(p, t)| ((*p).to_owned(), (*t).to_owned()))
        .collect()
}

#[test]
fn an_upward_import_fails_with_file_line_and_import() {
    let bad = violations(
        LAYERS,
        &files(&[(
            "load/convert.rs",
            "//! Conversion.\n\nuse crate::code::Code;\nuse crate::rules::RULES;\n",
        )]),
    );
    assert_eq!(
        bad,
        [
            "src/load/convert.rs:4: `use crate::rules::RULES;`: `load` imports `rules`, a higher layer; move the shared part down (to `load` or below) instead"
        ]
    );
}

#[test]
fn grouped_inline_and_super_paths_are_resolved() {
    let src = "use crate::{model::Plan,\n    render::plan};\nfn f() { let _ = crate::view::View::new; }\nuse super::super::commands::Ctx;\nuse super::Limits;\n";
    let bad = violations(LAYERS, &files(&[("load/yaml.rs", src)]));
    assert_eq!(bad.len(), 3, "{bad:#?}");
    assert!(bad[0].starts_with("src/load/yaml.rs:1:") && bad[0].contains("imports `render`"));
    assert!(bad[1].starts_with("src/load/yaml.rs:3:") && bad[1].contains("imports `view`"));
    assert!(bad[2].starts_with("src/load/yaml.rs:4:") && bad[2].contains("imports `commands`"));
}

#[test]
fn downward_same_module_comment_and_test_paths_pass() {
    let src = "//! Uses `crate::commands` in prose only.\nuse crate::graph::Graph;\nuse crate::rules::{self, Code};\nuse super::markdown::md;\n// use crate::commands::Ctx;\n#[cfg(test)]\nmod tests { use crate::commands::Ctx; }\n";
    assert!(violations(LAYERS, &files(&[("render/plan.rs", src)])).is_empty());
}

#[test]
fn unknown_modules_and_escaping_super_fail() {
    let bad = violations(
        LAYERS,
        &files(&[
            ("pages/mod.rs", "use crate::view::View;\n"),
            ("view.rs", "use crate::portfolio::Portfolio;\n"),
            ("tasks.rs", "use super::super::x;\n"),
        ]),
    );
    assert_eq!(bad.len(), 3, "{bad:#?}");
    assert!(bad[0].contains("module `pages` is not in the layer list"));
    assert!(bad[1].contains("`portfolio` is not in the layer list"));
    assert!(bad[2].contains("`super` above the crate root"));
}
