//! A plan full of hostile user text, shared by the runbook and graph export tests.

use std::path::PathBuf;

/// Write the hostile plan into `dir` and return its path.
pub fn plan(dir: &std::path::Path) -> PathBuf {
    let text = r#"format: 1
name: hostile
title: "Plan <script>alert('t')</script> | `x` \"] -->\n# injected heading"
start: 2026-12-07T08:00:00Z
environments:
  stage:
    role: stage
    hosting: on-premise
    version: 7.4.1
    instances: ["inst_a-b", "mkt"]
steps:
  - id: users-stage
    env: stage
    kind: migrate-users
    duration: 1h
    title: "Evil <script>alert(1)</script> `tick` | pipe \"] --> x # hash [a](javascript:alert(1))\nsecond line"
    owner: "Ops | <img src=x onerror=alert(1)> **bold**"
    evidence: "javascript:alert(1) <b>x</b> | `y`"
    notes: |
      ```
      <script>alert('notes')</script>
      # not a heading
      | a | b |
      ````
      "] --> s0
  - id: operators-stage
    env: stage
    kind: migrate-operators
    duration: 2h
    operators:
      - name: "op`|<script>"
        instance: marketing
        credential: oauth-server-to-server
        profile: "campaign - mkt - x|y`z"
  - id: restrictions-stage
    env: stage
    kind: enable-restrictions
    duration: 1h
    allow-operators: ["etl|<b>`"]
  - id: custom-step
    env: stage
    kind: custom
    title: "end\n```\n<script>x</script>"
    after: [restrictions-stage]
"#;
    let path = dir.join("hostile.yaml");
    std::fs::write(&path, text).expect("write plan");
    path
}

/// The Markdown outside fenced code blocks (fences closed only by a fence at least
/// as long, as `CommonMark` reads them).
pub fn outside_fences(md: &str) -> String {
    let mut out = String::new();
    let mut open: Option<usize> = None;
    for line in md.lines() {
        let ticks = line.chars().take_while(|&c| c == '`').count();
        match open {
            None if ticks >= 3 => open = Some(ticks),
            None => {
                out.push_str(line);
                out.push('\n');
            }
            Some(n) if ticks >= n && line.trim_end().chars().all(|c| c == '`') => open = None,
            Some(_) => {}
        }
    }
    assert!(open.is_none(), "a fenced block is never closed");
    out
}

/// The body of the first fenced block of a language.
pub fn fenced_block(md: &str, lang: &str) -> String {
    let start = md
        .find(&format!("```{lang}\n"))
        .unwrap_or_else(|| panic!("no {lang} block"));
    let body = &md[start + lang.len() + 4..];
    body[..body.find("\n```").expect("closed")].to_owned()
}

/// Structural check of a Mermaid flowchart: every statement is one of the shapes the
/// tool writes, every label is one quoted string without raw quotes or HTML.
pub fn check_mermaid(chart: &str, steps: usize) {
    let mut nodes = 0;
    for line in chart.lines() {
        let t = line.trim();
        if t == "flowchart LR"
            || t == "end"
            || t.starts_with("%%")
            || t.starts_with("classDef ")
            || t.starts_with("class ")
        {
            continue;
        }
        if let Some(rest) = t.strip_prefix("subgraph env") {
            check_label(rest, line);
            continue;
        }
        if t.starts_with('s') && t.contains("[\"") {
            nodes += 1;
            check_label(&t[1..], line);
            continue;
        }
        let parts: Vec<&str> = t.split(' ').collect();
        assert!(
            parts.len() == 3
                && ["-->", "==>", "-.->"].contains(&parts[1])
                && [parts[0], parts[2]]
                    .iter()
                    .all(|p| p.starts_with('s') && p[1..].bytes().all(|b| b.is_ascii_digit())),
            "unexpected Mermaid line: {line}"
        );
    }
    assert_eq!(nodes, steps, "one node per step");
}

fn check_label(rest: &str, line: &str) {
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    assert!(digits > 0, "generated id expected: {line}");
    let label = &rest[digits..];
    assert!(label.starts_with("[\"") && label.ends_with("\"]"), "{line}");
    let inner = label[2..label.len() - 2].replace("<br/>", "");
    for bad in ['"', '<', '>', '`', '[', ']', '|', '\n'] {
        assert!(!inner.contains(bad), "raw {bad:?} in label: {line}");
    }
}

/// Structural check of a DOT graph: every line is a statement the tool writes, with
/// balanced unescaped quotes, and one node per step.
pub fn check_dot(dot: &str, steps: usize) {
    let mut nodes = 0;
    for line in dot.lines() {
        let mut quotes = 0;
        let mut escaped = false;
        for c in line.chars() {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                quotes += 1;
            }
        }
        assert_eq!(quotes % 2, 0, "unbalanced quotes: {line}");
        let t = line.trim();
        assert!(t.ends_with(';') || t.ends_with('{') || t == "}", "{line}");
        if t.starts_with('s') && t.contains(" [label=") {
            nodes += 1;
        }
    }
    assert_eq!(nodes, steps, "one node per step");
}
