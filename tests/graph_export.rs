//! `imsplan graph`: snapshots of both formats for every example plan, and hostile
//! titles that must stay inside their label (structural Mermaid check; `dot -Tsvg`
//! when Graphviz is installed).

use std::process::{Command, Stdio};

use crate::common::{example_plans, imsplan, rel};
use crate::hostile_text;

fn graph(file: &str, format: &str) -> String {
    let out = imsplan()
        .args(["graph", file, "--format", format])
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{file} {format}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

#[test]
fn example_plans_snapshots() {
    for plan in example_plans() {
        let file = rel(&plan);
        let stem = plan.file_stem().unwrap().to_string_lossy().into_owned();
        let steps = std::fs::read_to_string(&plan)
            .unwrap()
            .matches("\n  - id: ")
            .count();
        let mermaid = graph(&file, "mermaid");
        let dot = graph(&file, "dot");
        hostile_text::check_mermaid(&mermaid, steps);
        hostile_text::check_dot(&dot, steps);
        insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!(format!("graph_mermaid__{stem}"), mermaid);
            insta::assert_snapshot!(format!("graph_dot__{stem}"), dot);
        });
    }
}

#[test]
fn hostile_titles_stay_in_their_labels() {
    let dir = tempfile::tempdir().unwrap();
    let plan = hostile_text::plan(dir.path());
    let file = plan.to_string_lossy().into_owned();
    let mermaid = graph(&file, "mermaid");
    hostile_text::check_mermaid(&mermaid, 4);
    assert!(
        mermaid.contains("#quot;#93; --#62; x #35; hash"),
        "{mermaid}"
    );
    let dot = graph(&file, "dot");
    hostile_text::check_dot(&dot, 4);
    assert!(dot.contains(r#"\"] --> x # hash"#), "{dot}");
    render_with_graphviz(&dot);
}

/// `dot -Tsvg` must accept the graph; skipped (with a message) without Graphviz.
fn render_with_graphviz(dot: &str) {
    let child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let Ok(mut child) = child else {
        eprintln!("skipped: Graphviz `dot` is not installed, DOT checked structurally only");
        return;
    };
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(dot.as_bytes()).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "dot -Tsvg failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let svg = String::from_utf8_lossy(&out.stdout);
    assert!(!svg.contains("<script"), "raw script in the SVG");
}

#[test]
fn env_filter_keeps_one_cluster() {
    let out = graph("plans/acme-managed.yaml", "dot");
    assert_eq!(out.matches("subgraph cluster_").count(), 2);
    let out = imsplan()
        .args([
            "graph",
            "plans/acme-managed.yaml",
            "--format",
            "dot",
            "--env",
            "prod",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.matches("subgraph cluster_").count(), 1);
    assert!(text.contains("prod · production"));
}

/// A cluster label names each piece once: `stage` (id and role) reads
/// `stage · managed · 7.3.5`, `prod` keeps its role.
#[test]
fn cluster_labels_repeat_no_piece() {
    for format in ["dot", "mermaid"] {
        let out = graph("plans/acme-managed.yaml", format);
        assert!(out.contains("\"stage · managed · 7.3.5\""), "{out}");
        assert!(
            out.contains("\"prod · production · managed · 7.3.5\""),
            "{out}"
        );
        for line in out.lines().filter(|l| l.contains(" · ")) {
            let label = line.split('"').nth(1).unwrap_or(line);
            let pieces: Vec<&str> = label.split(" · ").collect();
            let mut unique = pieces.clone();
            unique.sort_unstable();
            unique.dedup();
            if line.contains("subgraph") || line.contains("label=") {
                assert_eq!(pieces.len(), unique.len(), "{line}");
            }
        }
    }
}
