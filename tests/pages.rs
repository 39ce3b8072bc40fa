//! The web pages and `status`: `runbook --format html` and `status` in every format, on
//! every example plan and on a plan full of hostile text. Structure, escaping, the
//! same facts as the Markdown runbook, the 100-column table, the JSON shape and its
//! schema. (The browser checks are in `tests/browser/`, run by `.ci/run`.)

use crate::common::{example_plans, imsplan, path, rel};
use crate::hostile_text;

const NOW: &str = "2026-12-08T09:00:00Z";

fn run(args: &[&str]) -> (String, String, i32) {
    let out = imsplan().args(args).output().expect("runs");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

const VOID: &[&str] = &["meta", "input", "br", "hr", "link", "img", "col", "wbr"];

/// The page is well formed (every element closed in order), holds no script, no event
/// handler, no resource URL, and links only to anchors or `https:` pages.
fn check_page(html: &str) {
    assert!(html.starts_with("<!doctype html>\n<html lang=\"en\">"));
    let lower = html.to_ascii_lowercase();
    for bad in [
        "<script", "<img", "<iframe", "<object", "<embed", "<link", "url(", "@import", "<base",
    ] {
        assert!(!lower.contains(bad), "page holds `{bad}`");
    }
    let mut stack: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        let tail = &rest[open + 1..];
        let close = tail.find('>').expect("tag closed");
        let tag = &tail[..close];
        rest = &tail[close + 1..];
        if tag.starts_with('!') {
            continue;
        }
        // Inside a tag: attribute values are quoted and hold no `<` or `>`.
        assert!(!tag.contains('<'), "`<` inside a tag: {tag}");
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        assert!(!name.is_empty(), "bad tag `<{tag}>`");
        for attr in tag.split_whitespace().skip(1) {
            let key = attr.split('=').next().unwrap_or("");
            assert!(!key.starts_with("on"), "event handler in `<{tag}>`");
            assert!(
                !matches!(key, "src" | "srcset" | "style" | "formaction" | "action"),
                "`{key}` in `<{tag}>`"
            );
            if let Some(v) = attr.strip_prefix("href=\"") {
                assert!(
                    v.starts_with('#') || v.starts_with("https://"),
                    "link to `{v}`"
                );
            }
        }
        if let Some(closing) = tag.strip_prefix('/') {
            let closing: String = closing
                .chars()
                .take_while(char::is_ascii_alphanumeric)
                .collect();
            assert_eq!(
                stack.pop().as_deref(),
                Some(closing.as_str()),
                "at </{closing}>"
            );
        } else if !tag.ends_with('/') && !VOID.contains(&name.as_str()) {
            if matches!(name.as_str(), "style" | "code" | "title" | "textarea") {
                // Raw-ish text elements: their content must hold no tag at all.
                let end = rest.find('<').expect("content ends");
                assert!(
                    rest[end..].starts_with(&format!("</{name}>")),
                    "markup inside <{name}>"
                );
            }
            stack.push(name);
        }
    }
    assert!(stack.is_empty(), "unclosed: {stack:?}");
}

/// Checkboxes in the page, and the checklist lines of the Markdown runbook.
fn count_boxes(html: &str, md: &str) -> (usize, usize) {
    let inputs = html.matches("<input type=\"checkbox\"").count();
    let labels = html.matches("<label for=\"").count();
    assert_eq!(inputs, labels, "every checkbox has its label");
    let lines = md
        .lines()
        .filter(|l| l.starts_with("- [ ] ") || l.starts_with("- [x] "))
        .count();
    (inputs, lines)
}

#[test]
fn runbook_html_has_the_markdown_facts() {
    for plan in example_plans() {
        let file = rel(&plan);
        let (html, err, code) = run(&["runbook", &file, "--format", "html"]);
        assert_eq!(code, 0, "{file}: {err}");
        check_page(&html);
        let (md, _, _) = run(&["runbook", &file]);
        let (boxes, lines) = count_boxes(&html, &md);
        assert_eq!(boxes, lines, "{file}: one checkbox per checklist line");
        // One section per wave, a page break before each when printed.
        let waves = md.lines().filter(|l| l.starts_with("## Wave ")).count();
        assert_eq!(html.matches("<section class=\"wave\"").count(), waves);
        assert!(html.contains(".wave { break-before: page; }"));
        // Every step has its article, every point of no return its banner.
        let steps = md.lines().filter(|l| l.starts_with("### ")).count();
        assert_eq!(html.matches("<article class=\"step\"").count(), steps);
        assert_eq!(
            html.matches("class=\"noreturn\" role=\"note\"").count(),
            md.matches("**Point of no return.**").count()
        );
        // The timeline and its accessible name.
        assert!(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(html.contains("role=\"img\" aria-labelledby=\"tl-t tl-d\""));
        for landmark in [
            "<header>",
            "<nav aria-label=",
            "<main id=\"main\">",
            "<footer>",
        ] {
            assert!(html.contains(landmark), "{file}: no {landmark}");
        }
    }
}

#[test]
fn runbook_html_steps_table_names_each_owner() {
    for plan in example_plans() {
        let file = rel(&plan);
        let (html, err, code) = run(&["runbook", &file, "--format", "html"]);
        assert_eq!(code, 0, "{file}: {err}");
        let table = &html[html.find("id=\"steps\"").expect("steps table")..];
        let table = &table[..table.find("</table>").expect("table closed")];
        assert!(table.contains("<th scope=\"col\">actor</th><th scope=\"col\">owner</th>"));
        // Each row's owner cell holds the step's `owner` as written in the plan.
        let (json, _, _) = run(&["plan", &file, "--format", "json"]);
        let json: serde_json::Value = serde_json::from_str(&json).expect("plan json");
        let text = std::fs::read_to_string(&plan).expect("plan");
        let owners = text
            .lines()
            .filter_map(|l| l.trim().strip_prefix("owner:"))
            .count();
        let rows = table.matches("<tr><td>").count();
        assert_eq!(rows, json["steps"].as_array().map_or(0, Vec::len), "{file}");
        let filled = table
            .split("<tr><td>")
            .skip(1)
            .filter(|row| {
                let cells: Vec<&str> = row.split("<td>").collect();
                // wave, [step], env, kind, actor, owner: the owner is the fifth `<td>`.
                cells.get(4).is_some_and(|c| !c.starts_with("</td>"))
            })
            .count();
        assert_eq!(filled, owners, "{file}: one filled owner cell per `owner:`");
    }
}

#[test]
fn runbook_html_lanes_are_parties() {
    let (html, _, _) = run(&["runbook", "plans/acme-managed.yaml", "-f", "html"]);
    assert_eq!(
        lanes(&html),
        [
            "Adobe",
            "Campaign admin team",
            "Integration team",
            "Marketing operations"
        ]
    );
    // Critical steps are outlined; points of no return flagged.
    assert!(html.contains("class=\"bar todo critical\""));
    assert!(html.contains("class=\"noreturn\" d="));
    let (html, _, _) = run(&["runbook", "plans/hooli-hosted.yaml", "-f", "html"]);
    assert!(lanes(&html).contains(&"Adobe Customer Care".to_owned()));
}

/// The swimlane labels of a page's timeline, top to bottom.
fn lanes(html: &str) -> Vec<String> {
    html.split("<text class=\"lane-label\"")
        .skip(1)
        .map(|t| {
            let start = t.find('>').unwrap() + 1;
            let end = t.find("</text>").unwrap();
            t[start..end].to_owned()
        })
        .collect()
}

#[test]
fn runbook_html_without_start_draws_waves() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.yaml");
    std::fs::write(
        &file,
        "format: 1\nname: p\nenvironments:\n  stage:\n    role: stage\n    hosting: on-premise\n    version: 7.4.1\nsteps:\n  - {id: u, env: stage, kind: migrate-users, status: done}\n  - {id: o, env: stage, kind: migrate-operators, status: in-progress}\n",
    )
    .unwrap();
    let (html, err, code) = run(&["runbook", file.to_str().unwrap(), "-f", "html"]);
    assert_eq!(code, 0, "{err}");
    check_page(&html);
    assert!(html.contains("Timeline by wave (the plan has no start)"));
    assert!(html.contains("class=\"bar done\"") && html.contains("class=\"bar in-progress\""));
    // A done step's boxes are ticked.
    assert!(html.contains(" checked><label"));
}

#[test]
fn hostile_text_is_inert_in_html() {
    let dir = tempfile::tempdir().unwrap();
    let plan = hostile_text::plan(dir.path());
    let file = plan.to_str().unwrap();
    let (runbook, err, code) = run(&["runbook", file, "--format", "html"]);
    assert_eq!(code, 0, "{err}");
    let (status, err, code) = run(&["status", file, "--format", "html", "--now", NOW]);
    assert_eq!(code, 0, "{err}");
    for html in [&runbook, &status] {
        check_page(html);
        // The hostile values are there, as text.
        assert!(html.contains("&lt;script&gt;alert("));
        assert!(!html.contains("<b>x</b>") && !html.contains("<i>"));
    }
    assert!(runbook.contains("&lt;img src=x onerror=alert(1)&gt;"));
    // Evidence that is not an https URL stays text.
    assert!(runbook.contains("<dt>Evidence</dt><dd>javascript:alert(1) &lt;b&gt;x&lt;/b&gt;"));
    // The notes are shown as written, escaped.
    assert!(runbook.contains("&lt;script&gt;alert(&#39;notes&#39;)&lt;/script&gt;"));
}

#[test]
fn https_evidence_is_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.yaml");
    std::fs::write(
        &file,
        "format: 1\nname: p\nenvironments:\n  stage:\n    role: stage\n    hosting: on-premise\n    version: 7.4.1\nsteps:\n  - {id: u, env: stage, kind: migrate-users, status: done, evidence: \"https://tracker.example/T-1?a=1&b=2\"}\n  - {id: o, env: stage, kind: migrate-operators, evidence: \"http://tracker.example/T-2\"}\n",
    )
    .unwrap();
    let (html, _, _) = run(&["runbook", file.to_str().unwrap(), "-f", "html"]);
    assert!(html.contains(
        "<a href=\"https://tracker.example/T-1?a=1&amp;b=2\">https://tracker.example/T-1?a=1&amp;b=2</a>"
    ));
    assert!(html.contains("<dd>http://tracker.example/T-2</dd>"));
}

#[test]
fn status_formats_on_the_examples() {
    let mut outputs = Vec::new();
    for format in ["text", "markdown", "json"] {
        let (out, err, code) = run(&["status", "--now", NOW, "--format", format]);
        assert_eq!(code, 0, "{format}: {err}");
        outputs.push((format!("status_{format}"), out));
    }
    let text = &outputs[0].1;
    for line in text.lines() {
        assert!(line.chars().count() <= 100, "over 100 columns: {line}");
    }
    insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false }, {
        for (name, out) in outputs {
            insta::assert_snapshot!(name, out);
        }
    });
}

#[test]
fn status_has_one_row_per_environment() {
    let (json, _, _) = run(&["status", "plans", "--now", NOW, "-f", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    let plans = doc["plans"].as_array().unwrap();
    assert_eq!(plans.len(), example_plans().len());
    let (html, _, _) = run(&["status", "plans", "--now", NOW, "-f", "html"]);
    check_page(&html);
    let (md, _, _) = run(&["status", "plans", "--now", NOW, "-f", "markdown"]);
    let mut envs = 0;
    for (p, file) in plans.iter().zip(example_plans()) {
        let plan: serde_json::Value =
            serde_saphyr::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        let mut ids: Vec<&str> = plan["environments"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut got: Vec<&str> = p["environments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["id"].as_str().unwrap())
            .collect();
        ids.sort_unstable();
        got.sort_unstable();
        assert_eq!(got, ids, "{}", rel(&file));
        envs += ids.len();
        // The same facts in the page: every next step and verdict of the plan.
        for e in p["environments"].as_array().unwrap() {
            if let Some(next) = e["next"]["id"].as_str() {
                assert!(html.contains(&format!("<code>{next}</code> (")), "{next}");
            }
        }
    }
    assert!(html.matches("<td><code>").count() >= envs);
    assert_eq!(md.lines().filter(|l| l.starts_with("| ")).count(), envs + 1);
    assert!(html.contains(&format!("{envs} environments")));
}

#[test]
fn status_json_matches_its_schema() {
    let generated = imsplan::render::status::json_schema();
    if std::env::var_os("IMSPLAN_BLESS").is_some() {
        std::fs::write(path("schemas/status.schema.json"), &generated).unwrap();
    }
    let committed = std::fs::read_to_string(path("schemas/status.schema.json")).unwrap();
    assert_eq!(
        committed, generated,
        "schemas/status.schema.json is stale: regenerate it with \
         `IMSPLAN_BLESS=1 cargo test --locked status_json_matches_its_schema`"
    );
    let schema: serde_json::Value = serde_json::from_str(&committed).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let hostile = hostile_text::plan(dir.path());
    std::fs::write(dir.path().join("broken.yaml"), "format: 1\nname: [\n").unwrap();
    for args in [
        vec!["status", "--now", NOW, "-f", "json"],
        vec![
            "status",
            dir.path().to_str().unwrap(),
            "--now",
            NOW,
            "-f",
            "json",
        ],
    ] {
        let (out, _, _) = run(&args);
        let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
        let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{errors:?}");
    }
    let _ = hostile;
}

#[test]
fn status_lists_a_broken_plan_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    hostile_text::plan(dir.path());
    std::fs::write(dir.path().join("broken.yaml"), "format: 1\nname: [\n").unwrap();
    let (out, err, code) = run(&["status", dir.path().to_str().unwrap(), "--now", NOW]);
    assert_eq!(code, 1, "{out}");
    assert!(err.contains("P001"), "{err}");
    assert!(out.contains("broken.yaml: not shown, 1 error"), "{out}");
    assert!(out.contains("hostile"), "{out}");
    for line in out.lines() {
        assert!(line.chars().count() <= 100, "over 100 columns: {line}");
        assert!(
            !line.chars().any(char::is_control),
            "control character: {line:?}"
        );
    }
}

#[test]
fn status_usage_errors() {
    let (_, err, code) = run(&["status", "no/such/dir"]);
    assert_eq!(code, 2);
    assert!(err.contains("no/such/dir"), "{err}");
    let (_, err, code) = run(&["status", "--now", "tomorrow"]);
    assert_eq!(code, 2);
    assert!(err.contains("RFC 3339"), "{err}");
}

#[test]
fn status_verdicts_follow_now() {
    // Before anything is due the example is on track; two days in, with nothing done,
    // it is late.
    let (early, _, _) = run(&[
        "status",
        "plans/acme-managed.yaml",
        "--now",
        "2026-12-01T00:00:00Z",
        "-f",
        "json",
    ]);
    let (late, _, _) = run(&[
        "status",
        "plans/acme-managed.yaml",
        "--now",
        "2026-12-09T00:00:00Z",
        "-f",
        "json",
    ]);
    let early: serde_json::Value = serde_json::from_str(&early).unwrap();
    let late: serde_json::Value = serde_json::from_str(&late).unwrap();
    assert_eq!(early["plans"][0]["verdict"], "on-track");
    assert_eq!(late["plans"][0]["verdict"], "late");
    assert!(
        late["plans"][0]["environments"][0]["slip"]
            .as_str()
            .unwrap()
            .starts_with("PT")
    );
}

#[test]
fn status_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("status.html");
    let (_, err, code) = run(&[
        "status",
        "--now",
        NOW,
        "-f",
        "html",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    check_page(&std::fs::read_to_string(out).unwrap());
}
