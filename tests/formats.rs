//! The machine formats of `validate` (json, sarif, github, junit, short) and the human
//! report on the same three plans in `tests/formats/` (clean, warnings, errors):
//! snapshots, SARIF against the official schema, `JUnit` as XML, GitHub escaping, the
//! exit code matrix, output discipline and the `--summary` file.

use std::path::Path;

use quick_xml::Reader;
use quick_xml::events::Event;
use serde_json::Value;

use crate::common::{imsplan, path};

const FORMATS: [&str; 6] = ["human", "short", "json", "sarif", "github", "junit"];

/// stdout, stderr, exit code of `imsplan ARGS` (outside any GitHub job).
fn run(args: &[&str]) -> (String, String, i32) {
    let out = imsplan()
        .args(args)
        .env_remove("GITHUB_SERVER_URL")
        .env_remove("GITHUB_REPOSITORY")
        .env_remove("GITHUB_SHA")
        .output()
        .expect("runs");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

fn validate(format: &str, paths: &[&str]) -> (String, String, i32) {
    let mut args = vec!["validate", "--format", format];
    args.extend_from_slice(paths);
    run(&args)
}

/// A plan whose only finding is an unknown key holding every character that needs
/// escaping somewhere: `<`, `&`, `"`, `%`, `,`, `:`, `|` and a newline.
const WEIRD: &str =
    "format: 1\nname: weird\n\"we<ird&\\\"key %,: |\\nline\": 1\nenvironments: {}\nsteps: []\n";

fn weird_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("my plan.yaml"), WEIRD).expect("write");
    dir
}

fn temp_path(dir: &tempfile::TempDir, name: &str) -> String {
    dir.path().join(name).to_string_lossy().into_owned()
}

#[test]
fn snapshots_per_format() {
    for format in FORMATS {
        let (out, err, code) = validate(format, &["tests/formats"]);
        assert_eq!(code, 1, "{format}: errors.yaml has errors");
        let text = if format == "human" {
            assert!(out.is_empty(), "human: stdout must stay empty, got {out}");
            err
        } else {
            assert!(
                err.is_empty(),
                "{format}: stderr must stay empty, got {err}"
            );
            if format == "sarif" {
                sarif_for_snapshot(&out)
            } else {
                out
            }
        };
        insta::with_settings!({ snapshot_path => "formats/snapshots", prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!(format!("validate.{format}"), text);
        });
    }
}

/// The SARIF log with the rule texts and the version left out (`sarif_content` checks
/// them), so that a new rule text does not change this snapshot.
fn sarif_for_snapshot(text: &str) -> String {
    let mut doc: Value = serde_json::from_str(text).expect("sarif is json");
    let driver = &mut doc["runs"][0]["tool"]["driver"];
    driver["version"] = "[version]".into();
    driver["semanticVersion"] = "[version]".into();
    let ids: Vec<Value> = driver["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .map(|r| r["id"].clone())
        .collect();
    driver["rules"] = Value::Array(ids);
    serde_json::to_string_pretty(&doc).expect("json")
}

fn sarif_schema() -> jsonschema::Validator {
    let text = std::fs::read_to_string(path("tests/data/sarif-schema-2.1.0.json")).expect("schema");
    let schema: Value = serde_json::from_str(&text).expect("schema json");
    jsonschema::draft4::new(&schema).expect("schema compiles")
}

fn schema_errors(validator: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    validator
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let validator = sarif_schema();
    let (out, _, _) = validate("sarif", &["tests/formats", "plans"]);
    let doc: Value = serde_json::from_str(&out).expect("sarif is json");
    let errors = schema_errors(&validator, &doc);
    assert!(errors.is_empty(), "{errors:#?}");
    // The validator does reject a broken log (the test can fail).
    let mut broken = doc.clone();
    broken["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!schema_errors(&validator, &broken).is_empty());
    let mut broken = doc;
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        0.into();
    assert!(!schema_errors(&validator, &broken).is_empty());
}

#[test]
fn sarif_content() {
    let (out, _, _) = validate("sarif", &["tests/formats"]);
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["version"], "2.1.0");
    let run = &doc["runs"][0];
    assert_eq!(doc["runs"].as_array().unwrap().len(), 1);
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "imsplan");
    // Links only to addresses that exist: the project's (Cargo.toml `repository`) when
    // it has one, else none.
    let home = env!("CARGO_PKG_REPOSITORY");
    if home.is_empty() {
        assert!(driver.get("informationUri").is_none(), "{driver}");
    } else {
        assert_eq!(driver["informationUri"], home);
    }
    let rules = driver["rules"].as_array().unwrap();
    assert_eq!(rules.len(), imsplan::rules::RULES.len());
    for rule in rules {
        for key in ["id", "name"] {
            assert!(!rule[key].as_str().unwrap().is_empty(), "{rule}");
        }
        for key in ["shortDescription", "fullDescription"] {
            assert!(!rule[key]["text"].as_str().unwrap().is_empty(), "{rule}");
        }
        // The Adobe page of the rule, else its `docs/rules.md` entry at the project's
        // address, else no link.
        let code = imsplan::code::Code::ALL
            .iter()
            .find(|c| c.as_str() == rule["id"])
            .unwrap();
        match rule.get("helpUri") {
            Some(uri) => assert!(uri.as_str().unwrap().starts_with("https://"), "{rule}"),
            None => assert!(code.rule().url.is_empty() && home.is_empty(), "{rule}"),
        }
        let level = rule["defaultConfiguration"]["level"].as_str().unwrap();
        assert!(["error", "warning", "note"].contains(&level));
    }
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 4, "3 errors and 1 warning");
    for r in results {
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], r["ruleId"]);
        assert!(!r["message"]["text"].as_str().unwrap().is_empty());
        let uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap();
        assert!(uri.starts_with("tests/formats/"), "{uri}");
        assert!(r["partialFingerprints"]["imsplan/v1"].is_string());
    }
    // Line 18 has `𝄞` (two UTF-16 units, one character) before `users-stag`.
    let p005 = results.iter().find(|r| r["ruleId"] == "P005").unwrap();
    let region = &p005["locations"][0]["physicalLocation"]["region"];
    assert_eq!(run["columnKind"], "utf16CodeUnits");
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (Some(18), Some(92))
    );
    assert_eq!(region["endColumn"].as_u64(), Some(102));
    let p009 = results.iter().find(|r| r["ruleId"] == "P009").unwrap();
    assert_eq!(p009["level"], "warning");
}

#[test]
fn sarif_fingerprints_are_stable() {
    let prints = |text: &str| -> Vec<Value> {
        let doc: Value = serde_json::from_str(text).unwrap();
        doc["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["partialFingerprints"].clone())
            .collect()
    };
    let (a, _, _) = validate("sarif", &["tests/formats"]);
    let (b, _, _) = validate("sarif", &["tests/formats/errors.yaml", "tests/formats"]);
    assert_eq!(prints(&a), prints(&b));
    // Lines added above a finding move it but keep its fingerprint.
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(path("tests/formats/errors.yaml")).unwrap();
    std::fs::write(dir.path().join("errors.yaml"), &text).unwrap();
    let before = validate("sarif", &[&temp_path(&dir, "errors.yaml")]).0;
    std::fs::write(dir.path().join("errors.yaml"), format!("# moved\n\n{text}")).unwrap();
    let after = validate("sarif", &[&temp_path(&dir, "errors.yaml")]).0;
    assert_eq!(prints(&before), prints(&after));
    let all = prints(&a);
    let mut unique = all.clone();
    unique.dedup();
    assert_eq!(all.len(), unique.len());
}

#[test]
fn sarif_uri_encoding() {
    use imsplan::render::sarif::uri;
    assert_eq!(uri("plans/acme.yaml"), "plans/acme.yaml");
    assert_eq!(uri("my plans/a b.yaml"), "my%20plans/a%20b.yaml");
    assert_eq!(uri("plans\\x.yaml"), "plans/x.yaml");
    assert_eq!(uri("/tmp/x y.yaml"), "file:///tmp/x%20y.yaml");
    assert_eq!(uri("../café.yml"), "../caf%C3%A9.yml");
}

/// Every event of an XML document, failing on malformed XML.
fn parse_xml(text: &str) -> Vec<Event<'static>> {
    let mut reader = Reader::from_str(text);
    let mut events = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => break,
            Ok(e) => events.push(e.into_owned()),
            Err(e) => panic!("malformed XML at {}: {e}\n{text}", reader.buffer_position()),
        }
    }
    events
}

fn attr(event: &quick_xml::events::BytesStart<'_>, name: &str) -> Option<String> {
    event
        .attributes()
        .map(|a| a.expect("attribute"))
        .find(|a| a.key.as_ref() == name.as_bytes())
        .map(|a| a.unescape_value().expect("unescape").into_owned())
}

fn starts(events: &[Event<'static>], name: &str) -> Vec<quick_xml::events::BytesStart<'static>> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Start(s) | Event::Empty(s) if s.name().as_ref() == name.as_bytes() => {
                Some(s.clone())
            }
            _ => None,
        })
        .collect()
}

#[test]
fn junit_is_xml_with_a_suite_per_file_and_a_case_per_rule() {
    let (out, _, _) = validate("junit", &["tests/formats"]);
    let events = parse_xml(&out);
    let suites = starts(&events, "testsuite");
    let names: Vec<_> = suites.iter().map(|s| attr(s, "name").unwrap()).collect();
    assert_eq!(
        names,
        [
            "tests/formats/clean.yaml",
            "tests/formats/errors.yaml",
            "tests/formats/warnings.yaml"
        ]
    );
    let rules = imsplan::rules::RULES.len();
    assert_eq!(starts(&events, "testcase").len(), 3 * rules);
    let failures: Vec<_> = starts(&events, "failure")
        .iter()
        .map(|f| attr(f, "type").unwrap())
        .collect();
    // The warning (P009) does not fail the run, so it is no failure: it is output.
    assert_eq!(failures, ["P003", "P004", "P005"]);
    let fails: Vec<_> = suites
        .iter()
        .map(|s| attr(s, "failures").unwrap())
        .collect();
    assert_eq!(fails, ["0", "3", "0"]);
    assert!(out.contains("<system-out>tests/formats/warnings.yaml:5:3: warning[P009]"));
}

/// A rule with an error and a warning fails with the error only; the warning is the
/// case's output unless warnings are denied.
#[test]
fn junit_failure_lists_only_failing_findings() {
    let dir = tempfile::tempdir().unwrap();
    // IMS006: a downgrade is an error, an upgrade to the same version a warning.
    let plan = "format: 1\nname: mixed\nenvironments:\n  dev: {role: development, hosting: managed, version: 7.4.2}\n  test: {role: development, hosting: managed, version: 7.4.1, after: []}\nsteps:\n  - {id: down, env: dev, kind: upgrade, to: 7.4.1}\n  - {id: same, env: test, kind: upgrade, to: 7.4.1}\n";
    std::fs::write(dir.path().join("mixed.yaml"), plan).unwrap();
    let file = temp_path(&dir, "mixed.yaml");
    let case = |deny: bool| {
        let mut args = vec!["validate", "--format", "junit", &file];
        if deny {
            args.insert(1, "--deny-warnings");
        }
        let (out, err, code) = run(&args);
        assert_eq!(code, 1, "{err}");
        let events = parse_xml(&out);
        let failure = starts(&events, "failure")
            .into_iter()
            .find(|f| attr(f, "type").as_deref() == Some("IMS006"))
            .unwrap_or_else(|| panic!("an IMS006 failure: {out}"));
        (attr(&failure, "message").unwrap(), out)
    };
    let (message, out) = case(false);
    assert!(!message.contains("and 1 more"), "{message}");
    let ims006 = &out[out.find("IMS006 downgrade").unwrap()..];
    let ims006 = &ims006[..ims006.find("</testcase>").unwrap()];
    let (failure, output) = ims006.split_at(ims006.find("<system-out>").expect("output"));
    assert!(failure.contains("error[IMS006]") && !failure.contains("warning[IMS006]"));
    assert!(output.contains("warning[IMS006]"), "{ims006}");
    let (message, _) = case(true);
    assert!(message.ends_with("(and 1 more)"), "{message}");
}

#[test]
fn junit_escapes_markup() {
    let dir = weird_dir();
    let (out, _, code) = validate("junit", &[&temp_path(&dir, "my plan.yaml")]);
    assert_eq!(code, 1);
    let events = parse_xml(&out);
    let failure = &starts(&events, "failure")[0];
    let message = attr(failure, "message").unwrap();
    assert!(message.contains("we<ird&\"key %,: | line"), "{message}");
    // The text keeps the newline and names the location.
    let text: String = events
        .iter()
        .filter_map(|e| match e {
            Event::Text(t) => Some(t.decode().unwrap().into_owned()),
            Event::GeneralRef(r) => Some(format!("&{};", r.decode().unwrap())),
            _ => None,
        })
        .collect();
    let text = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&");
    assert!(text.contains("my plan.yaml:3:1: error[P002]"), "{text}");
    assert!(text.contains("we<ird&\"key %,: |\nline"), "{text}");
    assert!(!out.contains("we<ird"), "raw markup leaked: {out}");
}

#[test]
fn junit_unreadable_file_gets_its_suite() {
    let (out, err, code) = validate(
        "junit",
        &["tests/formats/clean.yaml", "tests/formats/missing.yaml"],
    );
    assert_eq!(code, 1, "{err}");
    assert!(err.is_empty(), "{err}");
    let events = parse_xml(&out);
    let suites = starts(&events, "testsuite");
    assert_eq!(
        attr(&suites[1], "name").unwrap(),
        "tests/formats/missing.yaml"
    );
    assert_eq!(attr(&suites[1], "failures").unwrap(), "1");
    let failure = &starts(&events, "failure")[0];
    assert!(
        attr(failure, "message")
            .unwrap()
            .contains("cannot read `tests/formats/missing.yaml`")
    );
}

#[test]
fn github_escaping() {
    use imsplan::render::github::{escape_data, escape_property};
    assert_eq!(escape_data("100% a,b: c\r\nd"), "100%25 a,b: c%0D%0Ad");
    assert_eq!(escape_property("a b%,c:d\ne"), "a b%25%2Cc%3Ad%0Ae");
    let dir = weird_dir();
    let file = temp_path(&dir, "my plan.yaml");
    let (out, err, code) = validate("github", &[&file]);
    assert_eq!(code, 1);
    assert!(err.is_empty(), "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 1, "{out}");
    let expected = format!(
        "::error file={},line=3,col=1,endLine=3,endColumn=27,title=P002::unknown key `we<ird&\"key %25,: |%0Aline` in the plan%0Ahelp: ",
        escape_property(&file)
    );
    assert!(lines[0].starts_with(&expected), "{}\n{expected}", lines[0]);
    assert!(
        lines[0].contains("my plan.yaml,line=3"),
        "spaces stay in paths"
    );
}

#[test]
fn github_levels() {
    let (out, _, _) = validate("github", &["tests/formats"]);
    assert_eq!(out.lines().filter(|l| l.starts_with("::error ")).count(), 3);
    assert_eq!(
        out.lines().filter(|l| l.starts_with("::warning ")).count(),
        1
    );
    assert!(out.lines().all(|l| l.starts_with("::")), "{out}");
}

/// Which fixture, with and without `--deny-warnings`, gives which exit code; `JUnit`
/// has failures exactly when the exit code is 1, JSON `valid` means no error.
#[test]
fn exit_code_matrix() {
    let cases = [("clean", 0, 0), ("warnings", 0, 1), ("errors", 1, 1)];
    for (plan, default, denied) in cases {
        let file = format!("tests/formats/{plan}.yaml");
        for format in FORMATS {
            for (deny, expected) in [(false, default), (true, denied)] {
                let mut args = vec!["validate", "--format", format, &file];
                if deny {
                    args.insert(1, "--deny-warnings");
                }
                let what = args.join(" ");
                let (out, err, code) = run(&args);
                assert_eq!(code, expected, "{what}: {err}");
                match format {
                    "junit" => {
                        let events = parse_xml(&out);
                        let total = attr(&starts(&events, "testsuites")[0], "failures").unwrap();
                        let cases = starts(&events, "failure").len();
                        assert_eq!(total, cases.to_string(), "{what}");
                        assert_eq!(cases > 0, code == 1, "{what}: {out}");
                    }
                    "json" => {
                        let doc: Value = serde_json::from_str(&out).unwrap();
                        assert_eq!(doc["valid"], Value::Bool(plan != "errors"), "{what}");
                    }
                    _ => {}
                }
            }
        }
    }
}

/// When warnings fail the run, the human summary line names the flag, and the other
/// formats say it on stderr (their document is unchanged).
#[test]
fn denied_warnings_say_why() {
    let file = "tests/formats/warnings.yaml";
    let (_, err, code) = run(&["validate", "--deny-warnings", file]);
    assert_eq!(code, 1);
    assert!(
        err.ends_with("0 errors, 1 warning in 1 file (warnings fail: --deny-warnings)\n"),
        "{err}"
    );
    let (_, err, code) = run(&["validate", file]);
    assert_eq!(code, 0);
    assert!(err.ends_with("0 errors, 1 warning in 1 file\n"), "{err}");
    // The Markdown summary gives the same verdict.
    let dir = tempfile::tempdir().unwrap();
    let summary = temp_path(&dir, "summary.md");
    run(&["validate", "--summary", &summary, file]);
    run(&["validate", "--deny-warnings", "--summary", &summary, file]);
    let text = std::fs::read_to_string(&summary).unwrap();
    let verdicts: Vec<&str> = text.lines().filter(|l| l.contains("checked:")).collect();
    assert_eq!(
        verdicts,
        [
            "⚠️ 1 file checked: 0 errors, 1 warning.",
            "❌ 1 file checked: 0 errors, 1 warning (warnings fail: `--deny-warnings`)."
        ]
    );
    for format in ["short", "json", "sarif", "github", "junit"] {
        let (out, err, _) = run(&["validate", "--deny-warnings", "--format", format, file]);
        assert_eq!(
            err, "error: 1 warning fails the run: `--deny-warnings` is set\n",
            "{format}"
        );
        assert!(!out.contains("deny-warnings"), "{format}: {out}");
        let (_, err, _) = validate(format, &[file]);
        assert!(err.is_empty(), "{format}: {err}");
    }
    // With errors, warnings are not why the run fails: nothing more on stderr, but
    // the human line still names the flag that makes the warnings count.
    let (_, err, _) = run(&[
        "validate",
        "--deny-warnings",
        "--format",
        "short",
        "tests/formats",
    ]);
    assert!(err.is_empty(), "{err}");
    let (_, err, _) = run(&["validate", "--deny-warnings", "tests/formats"]);
    assert!(
        err.ends_with("3 errors, 1 warning in 3 files (warnings fail: --deny-warnings)\n"),
        "{err}"
    );
}

/// Nothing readable at all is a usage error in every format; machine formats still
/// write their document, and say why on stderr.
#[test]
fn nothing_readable_exits_2() {
    for format in FORMATS {
        let (out, err, code) = validate(format, &["tests/formats/nope", "nope.yaml"]);
        assert_eq!(code, 2, "{format}");
        assert!(err.contains("cannot read `nope.yaml`"), "{format}: {err}");
        assert!(err.contains("`tests/formats/nope`"), "{format}: {err}");
        match format {
            "json" | "sarif" => {
                serde_json::from_str::<Value>(&out).expect("a json document");
            }
            "junit" => {
                assert_eq!(starts(&parse_xml(&out), "testsuite").len(), 2);
            }
            "human" => assert!(out.is_empty()),
            _ => assert_eq!(out.lines().count(), 2, "{format}: {out}"),
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let (_, err, code) = validate("json", &[&dir.path().to_string_lossy()]);
    assert_eq!(code, 2);
    assert!(err.contains("no `*.yaml` or `*.yml` file in"), "{err}");
}

/// An empty directory or a missing path, in the human format, is a plain usage error
/// naming the path: no P001, no empty snippet, no "1 error in 1 file".
#[test]
fn nothing_readable_human_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().to_string_lossy().to_string();
    for path in [empty.as_str(), "nope.yaml"] {
        let (out, err, code) = validate("human", &[path]);
        assert_eq!(code, 2, "{path}: {err}");
        assert!(out.is_empty(), "{out}");
        assert!(err.starts_with("error: "), "{err}");
        assert!(err.contains(&format!("`{path}`")), "{err}");
        assert!(err.contains("help: "), "{err}");
        assert!(!err.contains("P001"), "{err}");
        assert!(!err.contains("in 1 file"), "{err}");
        assert!(!err.contains("╭─"), "no snippet: {err}");
    }
    // Among readable plans, the missing one is a finding, still without a snippet.
    let (_, err, code) = validate("human", &["tests/formats/clean.yaml", "nope.yaml"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("nope.yaml:1:1: error[P001]: cannot read"),
        "{err}"
    );
    assert!(!err.contains("╭─[nope.yaml"), "{err}");
}

/// A missing path next to readable plans is a finding of the run, not exit 2, and the
/// document on stdout stays whole.
#[test]
fn unreadable_path_among_others_is_a_finding() {
    for format in FORMATS {
        let (out, err, code) = validate(format, &["tests/formats/clean.yaml", "nope.yaml"]);
        assert_eq!(code, 1, "{format}: {err}");
        if format == "human" {
            assert!(err.contains("cannot read `nope.yaml`"));
        } else {
            assert!(err.is_empty(), "{format}: {err}");
            assert!(out.contains("nope.yaml"), "{format}: {out}");
        }
    }
    let (out, _, _) = validate("json", &["tests/formats/clean.yaml", "nope.yaml"]);
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["files"].as_array().unwrap().len(), 2);
    assert_eq!(doc["diagnostics"][0]["code"], "P001");
}

fn json_files(paths: &[&str]) -> Vec<String> {
    let (out, err, _) = validate("json", paths);
    let doc: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}{err}"));
    doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn inputs_are_sorted_and_collapsed() {
    let expected = [
        "tests/formats/clean.yaml",
        "tests/formats/errors.yaml",
        "tests/formats/warnings.yaml",
    ];
    assert_eq!(json_files(&["tests/formats"]), expected);
    assert_eq!(
        json_files(&[
            "tests/formats/warnings.yaml",
            "./tests/formats/",
            "tests/formats",
            "tests/formats/clean.yaml",
            "tests/./formats/clean.yaml",
        ]),
        expected
    );
}

#[test]
fn directories_are_searched_recursively() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let clean = std::fs::read_to_string(path("tests/formats/clean.yaml")).unwrap();
    std::fs::create_dir_all(root.join("b/deep")).unwrap();
    std::fs::create_dir_all(root.join(".hidden")).unwrap();
    std::fs::write(root.join("b/deep/z.yml"), &clean).unwrap();
    std::fs::write(root.join("a.yaml"), &clean).unwrap();
    std::fs::write(root.join("notes.txt"), "not a plan").unwrap();
    std::fs::write(root.join("b/README.md"), "# no").unwrap();
    std::fs::write(root.join(".hidden/x.yaml"), "broken: [").unwrap();
    #[cfg(unix)]
    {
        // A loop and a second way into the same folder: no hang, no duplicate.
        std::os::unix::fs::symlink(root, root.join("b/loop")).unwrap();
        std::os::unix::fs::symlink(root.join("b/deep"), root.join("again")).unwrap();
        std::os::unix::fs::symlink(root.join("gone.yaml"), root.join("dangling.yaml")).unwrap();
    }
    let shown = |p: &Path| p.to_string_lossy().replace('\\', "/");
    let mut expected = vec![shown(&root.join("a.yaml"))];
    if cfg!(unix) {
        expected.push(shown(&root.join("again/z.yml")));
        expected.push(shown(&root.join("dangling.yaml")));
    } else {
        expected.push(shown(&root.join("b/deep/z.yml")));
    }
    let files = json_files(&[&root.to_string_lossy()]);
    assert_eq!(files, expected);
    #[cfg(unix)]
    {
        let (_, _, code) = validate("short", &[&root.to_string_lossy()]);
        assert_eq!(code, 1, "the dangling link is an unreadable plan");
    }
}

#[test]
fn color_follows_the_flag() {
    let file = "tests/formats/errors.yaml";
    let (out, _, _) = run(&["--color", "always", "validate", "--format", "short", file]);
    assert!(out.contains('\u{1b}'), "{out}");
    let (out, _, _) = run(&["--color", "never", "validate", "--format", "short", file]);
    assert!(!out.contains('\u{1b}'));
    // `auto` off a terminal, or with NO_COLOR: no colour.
    let (out, err, _) = run(&["validate", "--format", "short", file]);
    assert!(!out.contains('\u{1b}') && !err.contains('\u{1b}'));
    let (_, err, _) = run(&["--color", "always", "validate", file]);
    assert!(err.contains('\u{1b}'));
    let (_, err, _) = run(&["--color", "never", "validate", file]);
    assert!(!err.contains('\u{1b}'));
    // Machine documents never carry colour.
    for format in ["json", "sarif", "github", "junit"] {
        let (out, _, _) = run(&["--color", "always", "validate", "--format", format, file]);
        assert!(!out.contains('\u{1b}'), "{format}");
    }
}

#[test]
fn summary_is_appended_with_links_and_escaping() {
    let dir = weird_dir();
    let summary = dir.path().join("summary.md");
    std::fs::write(&summary, "# before\n").unwrap();
    let s = summary.to_string_lossy().into_owned();
    let (_, _, code) = run(&[
        "validate",
        "--format",
        "github",
        "--summary",
        &s,
        "tests/formats",
    ]);
    assert_eq!(code, 1);
    let (_, _, code) = run(&[
        "validate",
        "--summary",
        &s,
        &temp_path(&dir, "my plan.yaml"),
    ]);
    assert_eq!(code, 1);
    let text = std::fs::read_to_string(&summary).unwrap();
    assert!(text.starts_with("# before\n"));
    assert_eq!(text.matches("## imsplan validate").count(), 2);
    assert!(text.contains("(tests/formats/errors.yaml#L18)"), "{text}");
    assert!(text.contains("%20plan.yaml#L3)"), "{text}");
    assert!(
        text.contains("we&lt;ird&amp;&quot;key %,: &#124; line"),
        "{text}"
    );
    for line in text.lines().filter(|l| l.starts_with("| ")) {
        // Every row has exactly the 5 unescaped pipes of 4 cells.
        assert_eq!(line.matches('|').count(), 5, "{line}");
        assert!(!line.contains('<') || line.contains("<code>"), "{line}");
    }
    insta::with_settings!({ snapshot_path => "formats/snapshots", prepend_module_to_snapshot => false }, {
        let first = text.split("## imsplan validate").nth(1).unwrap();
        insta::assert_snapshot!("summary", first);
    });
}

#[test]
fn summary_links_point_at_the_commit_in_a_github_job() {
    let dir = tempfile::tempdir().unwrap();
    let summary = dir.path().join("s.md");
    imsplan()
        .args(["validate", "--summary"])
        .arg(&summary)
        .arg("tests/formats/warnings.yaml")
        .env("GITHUB_SERVER_URL", "https://github.com")
        .env("GITHUB_REPOSITORY", "acme/plans")
        .env("GITHUB_SHA", "abc123")
        .assert()
        .code(0);
    let text = std::fs::read_to_string(summary).unwrap();
    assert!(
        text.contains("(https://github.com/acme/plans/blob/abc123/tests/formats/warnings.yaml#L5)"),
        "{text}"
    );
}

/// An absolute path inside the working directory is made relative in SARIF.
#[test]
fn sarif_uri_of_an_absolute_path_is_relative() {
    let file = path("tests/formats/errors.yaml");
    let (out, _, _) = validate("sarif", &[&file.to_string_lossy()]);
    let doc: Value = serde_json::from_str(&out).unwrap();
    let result = &doc["runs"][0]["results"][0];
    assert_eq!(
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "tests/formats/errors.yaml"
    );
}
