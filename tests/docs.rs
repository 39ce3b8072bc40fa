//! `docs/rules.md` (the rule registry) and `docs/sources.md` (every text beside its
//! page) are generated; these tests fail when one is stale. Run with
//! `UPDATE_DOCS=1` to rewrite them.

use crate::common::path;

#[test]
fn rules_md_is_current() {
    let want = imsplan::render::catalog::rules_markdown();
    let file = path("docs/rules.md");
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::create_dir_all(path("docs")).expect("docs/");
        std::fs::write(&file, &want).expect("write docs/rules.md");
        return;
    }
    let have = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(
        have == want,
        "docs/rules.md is stale: run `UPDATE_DOCS=1 cargo test rules_md` and commit it"
    );
}

#[test]
fn rules_md_covers_every_code() {
    let md = imsplan::render::catalog::rules_markdown();
    for code in imsplan::rules::Code::ALL {
        assert!(
            md.contains(&format!("\n## {code}\n")),
            "{code} has a section"
        );
    }
}

#[test]
fn sources_md_is_current() {
    let want = imsplan::render::sources::sources_markdown();
    let file = path("docs/sources.md");
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&file, &want).expect("write docs/sources.md");
        return;
    }
    let have = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(
        have == want,
        "docs/sources.md is stale: run `UPDATE_DOCS=1 cargo test sources_md` and commit it"
    );
    assert!(
        !want.contains("not in the catalog"),
        "a text cites a page outside the catalog"
    );
}

/// The README and every page under `docs/`, with their paths.
fn user_docs() -> Vec<(String, String)> {
    let mut files = vec![path("README.md")];
    for dir in ["docs", "docs/man"] {
        let mut more: Vec<_> = std::fs::read_dir(path(dir))
            .expect(dir)
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_file())
            .filter(|p| p.extension().is_some_and(|e| e == "md" || e == "1"))
            .collect();
        more.sort();
        files.extend(more);
    }
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("read a doc");
            (crate::common::rel(&p), text)
        })
        .collect()
}

/// Users have no specification: the docs stand on their own.
#[test]
fn docs_cite_no_spec_sections() {
    let docs = user_docs();
    assert!(docs.len() > 5, "found the docs");
    for (file, text) in docs {
        for (n, line) in text.lines().enumerate() {
            assert!(
                !line.contains("SPEC §") && !line.contains("SPEC.md"),
                "{file}:{}: cites the specification, which readers do not have; say what it says, or link the docs page that does: {line}",
                n + 1
            );
        }
    }
}

/// The fenced blocks of a Markdown text: (info string, body).
fn fenced(md: &str) -> Vec<(String, String)> {
    let mut blocks = Vec::new();
    let mut lines = md.lines();
    while let Some(line) = lines.next() {
        if let Some(info) = line.strip_prefix("```") {
            let mut body = String::new();
            for l in lines.by_ref() {
                if l.starts_with("```") {
                    break;
                }
                body.push_str(l);
                body.push('\n');
            }
            blocks.push((info.trim().to_owned(), body));
        }
    }
    blocks
}

/// Every `console` block of the README is what a reader who pastes its command gets
/// (on an 80-column terminal, no colour), byte for byte; the plan it shows is the file.
#[test]
fn readme_examples_show_what_the_tool_prints() {
    let readme = std::fs::read_to_string(path("README.md")).unwrap();
    let blocks = fenced(&readme);
    let consoles: Vec<&String> = blocks
        .iter()
        .filter(|(info, _)| info == "console")
        .map(|(_, body)| body)
        .collect();
    assert!(
        !consoles.is_empty(),
        "the README shows a command and its output"
    );
    for body in consoles {
        let (command, shown) = body.split_once('\n').expect("a command line, then output");
        let args: Vec<&str> = command
            .strip_prefix("$ imsplan ")
            .expect("the block starts with `$ imsplan …`")
            .split_whitespace()
            .collect();
        let out = crate::common::imsplan().args(&args).output().unwrap();
        let mut got = String::from_utf8(out.stdout).unwrap();
        got.push_str(&String::from_utf8(out.stderr).unwrap());
        assert!(
            got == shown,
            "README.md: the output shown for `{command}` is not what it prints; paste this:\n{got}"
        );
        if args.first() == Some(&"validate") {
            assert_eq!(out.status.code(), Some(1), "the README says exit code 1");
            // The plan shown above the command is the file it checks, byte for byte.
            let file = args.last().unwrap();
            let plan = std::fs::read_to_string(path(file)).expect("the example plan exists");
            assert!(
                blocks.iter().any(|(info, b)| info == "yaml" && *b == plan),
                "README.md shows {file} as it is"
            );
        }
    }
}

/// The `imsplan` commands of the README's `sh` blocks run and succeed (the ones that
/// write a file run in a scratch folder).
#[test]
fn readme_commands_run() {
    let readme = std::fs::read_to_string(path("README.md")).unwrap();
    let scratch = tempfile::tempdir().unwrap();
    let mut ran = 0;
    for (info, body) in fenced(&readme) {
        if info != "sh" {
            continue;
        }
        for line in body.lines() {
            let command = line.split(" #").next().unwrap_or("").trim();
            let Some(rest) = command.strip_prefix("imsplan ") else {
                continue;
            };
            let mut args: Vec<String> = rest.split_whitespace().map(str::to_owned).collect();
            if let Some(o) = args.iter().position(|a| a == "-o") {
                let name = std::path::Path::new(&args[o + 1]).file_name().unwrap();
                args[o + 1] = scratch.path().join(name).to_string_lossy().into_owned();
            }
            let out = crate::common::imsplan().args(&args).output().unwrap();
            assert!(
                out.status.success(),
                "README.md: `{command}` fails: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            ran += 1;
        }
    }
    assert!(ran >= 4, "the README shows commands to try");
}

/// The README names the Rust version and edition `Cargo.toml` asks for, and every path
/// it gives a command exists.
#[test]
fn readme_setup_matches_the_project() {
    let readme = std::fs::read_to_string(path("README.md")).unwrap();
    let manifest = std::fs::read_to_string(path("Cargo.toml")).unwrap();
    let field = |key: &str| {
        manifest
            .lines()
            .find_map(|l| {
                l.strip_prefix(key)?
                    .trim()
                    .strip_prefix('=')?
                    .trim()
                    .strip_prefix('"')?
                    .strip_suffix('"')
            })
            .unwrap_or_else(|| panic!("Cargo.toml has {key}"))
            .to_owned()
    };
    let rust = field("rust-version");
    let edition = field("edition");
    assert!(
        readme.contains(&format!("Rust {rust} or later")),
        "README names Rust {rust}"
    );
    assert!(
        readme.contains(&format!("edition {edition}")),
        "README names edition {edition}"
    );
    assert!(readme.contains("rustup"), "README says how to get Rust");
    for (info, body) in fenced(&readme) {
        if info != "sh" && info != "console" {
            continue;
        }
        let words: Vec<&str> = body.split_whitespace().collect();
        for (i, word) in words.iter().enumerate() {
            let output = i > 0 && words[i - 1] == "-o";
            if (word.starts_with("plans/") || word.starts_with("examples/"))
                && std::path::Path::new(word)
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("yaml"))
                && !output
            {
                assert!(
                    path(word).is_file(),
                    "README runs a command on {word}, which does not exist"
                );
            }
        }
    }
}
