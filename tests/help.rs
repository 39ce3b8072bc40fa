//! `--help`: the limit flags sit under their own heading after each command's own flags,
//! only on the commands that read plans; help text wraps between words only, so no code
//! span, date or hyphenated word is ever split over two lines, at any terminal width.

use crate::common::imsplan;

/// The long help of `imsplan SUB…` (no `sub`: the top level), wrapped at `width`
/// columns (`0`: never wrapped).
fn long_help(sub: Option<&str>, width: usize) -> String {
    let mut cmd = imsplan::cli::command().term_width(width);
    cmd.build();
    let cmd = match sub {
        Some(name) => cmd.find_subcommand_mut(name).expect("subcommand"),
        None => &mut cmd,
    };
    cmd.render_long_help().to_string()
}

/// Every subcommand name, hidden ones included.
fn subcommands() -> Vec<String> {
    imsplan::cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_owned())
        .filter(|n| n != "help")
        .collect()
}

const LIMIT_FLAGS: &[&str] = &[
    "--max-file-size",
    "--max-depth",
    "--max-nodes-per-byte",
    "--max-csv-size",
    "--max-files",
    "--max-findings",
];

fn help_of(args: &[&str]) -> String {
    let out = imsplan().args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn mark_help_snapshot() {
    let text = help_of(&["mark", "--help"]);
    insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!("help_mark", text);
    });
}

#[test]
fn init_help_snapshot() {
    let text = help_of(&["init", "--help"]);
    insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!("help_init", text);
    });
}

/// The limit flags come after every flag of the command's own, under `Limits:`, on the
/// commands that read plans, and nowhere else.
#[test]
fn limit_flags_have_their_heading_and_only_where_plans_are_read() {
    for name in subcommands() {
        let help = long_help(Some(&name), 100);
        let reads_plans = imsplan::cli::PLAN_COMMANDS.contains(&name.as_str());
        let heading = help.find("\nLimits:\n");
        assert_eq!(heading.is_some(), reads_plans, "`{name}`:\n{help}");
        for flag in LIMIT_FLAGS {
            let at = help.find(&format!("{flag} <"));
            assert_eq!(at.is_some(), reads_plans, "`{name}` {flag}:\n{help}");
            if let (Some(at), Some(heading)) = (at, heading) {
                assert!(at > heading, "`{name}`: {flag} before the heading:\n{help}");
            }
        }
        if let Some(heading) = heading {
            // Nothing but limit flags under the heading.
            let under = &help[heading..];
            let flags = under
                .lines()
                .filter(|l| l.trim_start().starts_with("--"))
                .count();
            assert_eq!(flags, LIMIT_FLAGS.len(), "`{name}`:\n{under}");
        }
        // `-h` stays short: no limit flags.
        let short = imsplan::cli::command()
            .find_subcommand_mut(&name)
            .map(|c| c.render_help().to_string())
            .unwrap();
        assert!(!short.contains("--max-"), "`{name}` -h:\n{short}");
    }
}

/// A limit given after the subcommand is used (and wins over one given before it); a
/// command that reads no plan refuses the flags.
#[test]
fn limit_flags_work_after_the_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    let deep = dir.path().join("deep.yaml");
    std::fs::write(
        &deep,
        "format: 1\nname: deep\nx-a: {b: {c: {d: 1}}}\nenvironments: {}\nsteps: []\n",
    )
    .unwrap();
    let codes = |args: &[&str]| {
        let out = imsplan()
            .args(args)
            .args(["--format", "short"])
            .arg(&deep)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(codes(&["validate", "--max-depth", "2"]).contains("[P008]"));
    assert!(codes(&["--max-depth", "2", "validate"]).contains("[P008]"));
    assert!(!codes(&["--max-depth", "2", "validate", "--max-depth", "64"]).contains("[P008]"));
    for args in [
        &["init", "--max-depth", "5"][..],
        &["rules", "--max-files", "5"],
        &["schema", "--max-depth", "5"],
        &["explain", "IMS002", "--max-depth", "5"],
        &["completions", "bash", "--max-depth", "5"],
    ] {
        let out = imsplan().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
}

/// Dates and date-times (`2026-12-07`, `2026-12-07T21:00:00+01:00`) in a text.
fn dates(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let shape = |i: usize| {
        let d = |k: usize| chars.get(i + k).is_some_and(char::is_ascii_digit);
        let c = |k: usize, x: char| chars.get(i + k) == Some(&x);
        (0..4).all(d) && c(4, '-') && d(5) && d(6) && c(7, '-') && d(8) && d(9)
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if shape(i) && (i == 0 || !chars[i - 1].is_ascii_alphanumeric()) {
            let mut j = i + 10;
            while j < chars.len() && (chars[j].is_ascii_alphanumeric() || ":+-.".contains(chars[j]))
            {
                j += 1;
            }
            out.push(
                chars[i..j]
                    .iter()
                    .collect::<String>()
                    .trim_end_matches(['.', '-'])
                    .to_owned(),
            );
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

/// The code spans (text between backticks) of a help text.
fn code_spans(text: &str) -> Vec<&str> {
    text.split('`').skip(1).step_by(2).collect()
}

#[test]
fn no_code_span_holds_a_space() {
    let mut names: Vec<Option<String>> = vec![None];
    names.extend(subcommands().into_iter().map(Some));
    let mut spaced = Vec::new();
    for name in &names {
        let help = long_help(name.as_deref(), 0);
        for span in code_spans(&help) {
            if span.contains(' ') || span.contains('\n') {
                spaced.push(format!(
                    "{}: `{span}`",
                    name.as_deref().unwrap_or("imsplan")
                ));
            }
        }
    }
    assert!(
        spaced.is_empty(),
        "code spans holding a space, where help may wrap: {spaced:#?}"
    );
}

/// At every width from 30 to 120 columns, no line of any long help breaks inside a code
/// span, a date or after a word's hyphen.
#[test]
fn help_never_wraps_inside_code_or_dates() {
    let mut names: Vec<Option<String>> = vec![None];
    names.extend(subcommands().into_iter().map(Some));
    for name in &names {
        let flat = long_help(name.as_deref(), 0);
        let want = dates(&flat);
        assert!(
            name.as_deref() != Some("mark") || !want.is_empty(),
            "`mark --help` shows dates, so this test sees some"
        );
        for width in 30..=120 {
            let help = long_help(name.as_deref(), width);
            for line in help.lines() {
                assert!(
                    line.matches('`').count() % 2 == 0,
                    "{name:?} at {width} columns breaks a code span: {line:?}\n{help}"
                );
                let t = line.trim_end();
                assert!(
                    !hyphenated(t),
                    "{name:?} at {width} columns breaks after a hyphen: {line:?}"
                );
            }
            assert_eq!(
                dates(&help),
                want,
                "{name:?} at {width} columns splits a date:\n{help}"
            );
        }
    }
}

/// At the default width (100, or the terminal's when narrower) no help line is wider.
#[test]
fn help_fits_100_columns() {
    for name in subcommands() {
        let help = help_of(&[&name, "--help"]);
        for line in help.lines() {
            assert!(
                line.chars().count() <= imsplan::cli::HELP_WIDTH,
                "`{name} --help`: {line:?}"
            );
        }
    }
}

/// The man page turns hyphenation off, so `man` breaks lines between words only; where
/// `man` is installed, every width from 40 to 120 columns is checked as for `--help`.
#[test]
fn man_page_never_breaks_inside_words() {
    let page = String::from_utf8(imsplan::commands::man::man_page().unwrap()).unwrap();
    assert!(
        page.contains("\n.TH imsplan 1") && page.contains("\n.nh\n"),
        "{page}"
    );
    let file = crate::common::path("docs/man/imsplan.1");
    let have_man = std::process::Command::new("man")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !have_man {
        return;
    }
    for width in (40..=120).step_by(4) {
        let out = std::process::Command::new("man")
            .arg("-l")
            .arg(&file)
            .env("MANWIDTH", width.to_string())
            .env("MAN_KEEP_FORMATTING", "")
            .env("MANPAGER", "cat")
            .env("PAGER", "cat")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("imsplan"), "man renders the page");
        for line in text.lines() {
            let t = line.trim_end();
            assert!(
                t.matches('`').count() % 2 == 0,
                "man at {width} columns breaks a code span: {line:?}"
            );
            assert!(
                !hyphenated(t),
                "man at {width} columns hyphenates: {line:?}"
            );
        }
    }
}

/// Whether a line ends in a hyphen that splits a word (`edi-` of `editors`).
fn hyphenated(line: &str) -> bool {
    line.ends_with('\u{2010}')
        || (line.ends_with('-') && line.chars().rev().nth(1).is_some_and(char::is_alphanumeric))
}
