//! HTML pages (the runbook and the status page): escaping, the tool's Markdown texts
//! turned into HTML, and the page shell with its inline style sheet (the SVG swimlane
//! timeline both pages draw is `timeline.rs`).
//!
//! A page is one self-contained file: inline CSS and SVG, no script, no font, image or
//! other request (a `Content-Security-Policy` meta tag forbids them as a second line of
//! defence), readable at phone width and printable. Every text from a plan goes through
//! [`esc`]; a URL becomes a link only when it is a plain `https:` URL ([`link`]).

use std::fmt::Write as _;

/// Escape text for HTML content and quoted attribute values.
#[must_use]
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        push_esc(&mut out, c);
    }
    out
}

fn push_esc(out: &mut String, c: char) {
    match c {
        '&' => out.push_str("&amp;"),
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        '"' => out.push_str("&quot;"),
        '\'' => out.push_str("&#39;"),
        // Control characters have no business in a page (some are invalid HTML), nor
        // bidi overrides that would reorder what is shown (SPEC §11.9).
        c if crate::terminal::is_unsafe(c) => out.push('\u{fffd}'),
        c => out.push(c),
    }
}

/// True for a plain `https:` URL that can stand in an `href` as written.
#[must_use]
pub fn is_https_url(text: &str) -> bool {
    text.len() > "https://".len()
        && text
            .get(..8)
            .is_some_and(|p| p.eq_ignore_ascii_case("https://"))
        && text
            .chars()
            .all(|c| c.is_ascii_graphic() && !matches!(c, '<' | '>' | '"' | '\'' | '`' | '\\'))
}

/// A link when `text` is a plain `https:` URL, else the escaped text.
#[must_use]
pub fn link(text: &str) -> String {
    if is_https_url(text) {
        let t = esc(text);
        format!("<a href=\"{t}\">{t}</a>")
    } else {
        esc(text)
    }
}

/// HTML of one line of the tool's Markdown (texts of the runbook table, values escaped
/// by `md`/`code`): backslash escapes, code spans, `**strong**`, `<https://…>` links and
/// the entities `md` writes. Anything else is text, escaped; nothing in it becomes
/// markup except those constructs.
#[must_use]
pub fn inline(md: &str) -> String {
    let chars: Vec<char> = md.chars().collect();
    let mut out = String::with_capacity(md.len() + 16);
    let mut strong = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' if chars.get(i + 1).is_some_and(char::is_ascii_punctuation) => {
                push_esc(&mut out, chars[i + 1]);
                i += 2;
            }
            '`' => {
                let n = run(&chars, i, '`');
                if let Some(close) = closing_ticks(&chars, i + n, n) {
                    let body: String = chars[i + n..close]
                        .iter()
                        .map(|&c| if c == '\n' { ' ' } else { c })
                        .collect();
                    let body = if body.len() > 2
                        && body.starts_with(' ')
                        && body.ends_with(' ')
                        && !body.trim().is_empty()
                    {
                        &body[1..body.len() - 1]
                    } else {
                        body.as_str()
                    };
                    let _ = write!(out, "<code>{}</code>", esc(body));
                    i = close + n;
                } else {
                    out.push_str(&"`".repeat(n));
                    i += n;
                }
            }
            '*' if chars.get(i + 1) == Some(&'*') => {
                if strong {
                    out.push_str("</strong>");
                    strong = false;
                } else if has_closing_strong(&chars, i + 2) {
                    out.push_str("<strong>");
                    strong = true;
                } else {
                    out.push_str("**");
                }
                i += 2;
            }
            '[' => {
                if let Some((text, url, len)) = md_link(&chars[i..]) {
                    let _ = write!(out, "<a href=\"{}\">{}</a>", esc(&url), inline(&text));
                    i += len;
                } else {
                    out.push('[');
                    i += 1;
                }
            }
            '<' => {
                let end = chars[i + 1..].iter().position(|&c| c == '>' || c == '<');
                let url: Option<String> = end
                    .filter(|&e| chars[i + 1 + e] == '>')
                    .map(|e| chars[i + 1..i + 1 + e].iter().collect());
                match url {
                    Some(u) if is_https_url(&u) => {
                        out.push_str(&link(&u));
                        i += u.chars().count() + 2;
                    }
                    _ => {
                        out.push_str("&lt;");
                        i += 1;
                    }
                }
            }
            '&' => {
                let (decoded, len) = entity(&chars[i..]);
                match decoded {
                    Some(d) => push_esc(&mut out, d),
                    None => out.push_str("&amp;"),
                }
                i += len;
            }
            c => {
                push_esc(&mut out, c);
                i += 1;
            }
        }
    }
    if strong {
        out.push_str("</strong>");
    }
    out
}

/// A Markdown link `[text](https://…)` at the start of `chars`: its text, its URL and
/// the characters read. Only plain `https:` targets; `md` escapes the brackets of user
/// text, so only the tool's own texts form links.
fn md_link(chars: &[char]) -> Option<(String, String, usize)> {
    let mut depth = 0;
    let mut close = None;
    let mut j = 0;
    while j < chars.len() {
        match chars[j] {
            '\\' => j += 1,
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    close = Some(j);
                    break;
                }
            }
            _ => {}
        }
        j += 1;
    }
    let close = close?;
    if chars.get(close + 1) != Some(&'(') {
        return None;
    }
    let end = close + 2 + chars[close + 2..].iter().position(|&c| c == ')')?;
    let url: String = chars[close + 2..end].iter().collect();
    if !is_https_url(&url) {
        return None;
    }
    Some((chars[1..close].iter().collect(), url, end + 1))
}

fn run(chars: &[char], from: usize, c: char) -> usize {
    chars[from..].iter().take_while(|&&x| x == c).count()
}

/// The start of the next run of exactly `n` backticks at or after `from`.
fn closing_ticks(chars: &[char], from: usize, n: usize) -> Option<usize> {
    let mut j = from;
    while j < chars.len() {
        if chars[j] == '`' {
            let m = run(chars, j, '`');
            if m == n {
                return Some(j);
            }
            j += m;
        } else {
            j += 1;
        }
    }
    None
}

fn has_closing_strong(chars: &[char], from: usize) -> bool {
    let mut j = from;
    while j + 1 < chars.len() {
        match chars[j] {
            '\\' => j += 2,
            '*' if chars[j + 1] == '*' => return true,
            _ => j += 1,
        }
    }
    false
}

/// A character reference at the start of `chars`: the character and the length read;
/// `(None, 1)` when it is a lone `&`.
fn entity(chars: &[char]) -> (Option<char>, usize) {
    let Some(semi) = chars.iter().take(10).position(|&c| c == ';') else {
        return (None, 1);
    };
    let name: String = chars[1..semi].iter().collect();
    let c = match name.as_str() {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        n if n.starts_with("#x") || n.starts_with("#X") => u32::from_str_radix(&n[2..], 16)
            .ok()
            .and_then(char::from_u32),
        n if n.starts_with('#') => n[1..].parse().ok().and_then(char::from_u32),
        _ => None,
    };
    match c {
        Some(c) => (Some(c), semi + 1),
        None => (None, 1),
    }
}

/// The page shell: `<!doctype html>`, the head with the style sheet and the policy
/// that forbids every request and script, then `body` (already HTML).
#[must_use]
pub fn page(title: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'\">\n\
<meta name=\"generator\" content=\"imsplan\">\n<title>{}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n{}</body>\n</html>\n",
        esc(title),
        // A region that scrolls sideways (tables, the timeline on a phone) must be
        // reachable from the keyboard.
        body.replace(
            "<div class=\"scroll\">",
            "<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Scrolls sideways\">"
        )
    )
}

/// The style sheet of every page. Colours pass WCAG AA on white (text 4.5:1, bar
/// outlines 3:1); states are told by a symbol too, never by colour alone.
const CSS: &str = r"
:root { color-scheme: light; --ink: #1a1a1a; --muted: #4d4d4d; --line: #8c8c8c;
  --link: #0b4fa8; --crit: #b00020; --done: #1b6e30; --prog: #7a4d00; --todo: #1f55a8;
  --skip: #595959; --band: #f3f5f8; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: #fff; line-height: 1.5;
  font: 16px/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'DejaVu Sans', sans-serif; }
header, main, footer, nav { max-width: 64rem; margin: 0 auto; padding: 0 1rem; }
header { padding-top: 1rem; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: .5rem 0; overflow-wrap: anywhere; }
h2 { font-size: 1.3rem; margin: 1.5rem 0 .5rem; border-bottom: 2px solid var(--line); }
h3 { font-size: 1.1rem; margin: 1.25rem 0 .25rem; overflow-wrap: anywhere; }
h4 { font-size: 1rem; margin: .75rem 0 .25rem; }
a { color: var(--link); }
a:focus, input:focus { outline: 3px solid var(--link); outline-offset: 2px; }
code, pre { font-family: ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace; font-size: .9em; }
code { background: var(--band); padding: 0 .2em; border-radius: 3px; overflow-wrap: break-word; }
pre { background: var(--band); padding: .5rem .75rem; border-radius: 4px; white-space: pre-wrap;
  overflow-wrap: anywhere; }
.skip { position: absolute; left: -999px; top: 0; background: #fff; padding: .5rem; }
.skip:focus { left: 1rem; }
.muted { color: var(--muted); }
.source { color: var(--muted); font-weight: normal; font-size: .9em; }
.scroll { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; margin: .5rem 0; font-size: .95rem; }
th, td { border: 1px solid var(--line); padding: .25rem .5rem; text-align: left; vertical-align: top; }
th { background: var(--band); }
td { overflow-wrap: break-word; }
p, li, dd, label { overflow-wrap: anywhere; min-width: 0; }
nav ul { list-style: none; padding: 0; margin: .5rem 0; display: flex; flex-wrap: wrap; gap: .25rem 1rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .1rem .75rem; margin: .25rem 0; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
ul.checklist { list-style: none; padding-left: 0; }
ul.checklist li { display: flex; gap: .5rem; align-items: flex-start; margin: .2rem 0; }
ul.checklist input { width: 1.2rem; height: 1.2rem; margin-top: .15rem; flex: none; }
.step { border-top: 1px solid var(--line); padding-top: .25rem; }
.noreturn { border: 2px solid var(--crit); border-left-width: .5rem; padding: .5rem .75rem; margin: .75rem 0; }
.noreturn strong { color: var(--crit); }
.state { font-weight: 600; }
.state-done { color: var(--done); } .state-in-progress { color: var(--prog); }
.state-todo { color: var(--todo); } .state-skipped { color: var(--skip); }
.verdict-late { color: var(--crit); font-weight: 600; } .verdict-at-risk { color: var(--prog); font-weight: 600; }
.verdict-on-track, .verdict-done { color: var(--done); font-weight: 600; }
.crit { color: var(--crit); font-weight: 600; }
figure { margin: .5rem 0; }
figure svg { display: block; min-width: 44rem; width: 100%; height: auto; }
ul.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; font-size: .9rem; }
svg text { font: 12px system-ui, 'DejaVu Sans', sans-serif; fill: #1a1a1a; }
svg .lane-label { font-weight: 600; }
svg .tick { fill: #4d4d4d; }
svg .grid { stroke: #c8c8c8; stroke-width: 1; }
svg .band { fill: #f3f5f8; }
svg .bar { stroke-width: 1.5; }
svg .todo { fill: #d6e4f7; stroke: #1f55a8; }
svg .in-progress { fill: #ffe2a6; stroke: #7a4d00; }
svg .done { fill: #c4e6cd; stroke: #1b6e30; }
svg .skipped { fill: #ececec; stroke: #595959; stroke-dasharray: 4 3; }
svg .critical { stroke: #b00020; stroke-width: 3; }
svg .noreturn { fill: #b00020; }
svg .now { stroke: #7a4d00; stroke-width: 2; stroke-dasharray: 6 4; }
svg .deadline { stroke: #b00020; stroke-width: 2; }
footer { margin-top: 2rem; padding-bottom: 2rem; font-size: .9rem; color: var(--muted); }
@media (max-width: 40rem) {
  body { font-size: 15px; }
  dl.facts { grid-template-columns: 1fr; }
  dl.facts dd { margin-left: .75rem; }
}
@media print {
  @page { size: A4; margin: 14mm; }
  body { font-size: 10.5pt; }
  .skip, nav { display: none; }
  header, main, footer { max-width: none; padding: 0; }
  .wave { break-before: page; }
  .step, figure, tr { break-inside: avoid; }
  h2, h3, h4 { break-after: avoid; }
  figure svg { min-width: 0; }
  a { color: var(--ink); }
}
";

/// Cut text to `n` characters with an ellipsis.
#[must_use]
pub fn clip(text: &str, n: usize) -> String {
    let one_line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if one_line.chars().count() <= n {
        one_line
    } else {
        let mut t: String = one_line.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_markdown() {
        assert_eq!(
            inline("add the **Adobe Campaign** API"),
            "add the <strong>Adobe Campaign</strong> API"
        );
        assert_eq!(inline("run `a<b` now"), "run <code>a&lt;b</code> now");
        assert_eq!(inline("\\*x\\* \\`y\\`"), "*x* `y`");
        assert_eq!(inline("a &lt;b&gt; &amp; &#124;"), "a &lt;b&gt; &amp; |");
        assert_eq!(
            inline("see <https://example.com/a?b=1&c=2>"),
            "see <a href=\"https://example.com/a?b=1&amp;c=2\">https://example.com/a?b=1&amp;c=2</a>"
        );
        assert_eq!(
            inline("<javascript:alert(1)> <img src=x>"),
            "&lt;javascript:alert(1)&gt; &lt;img src=x&gt;"
        );
        assert_eq!(inline("`` a`b ``"), "<code>a`b</code>");
        assert_eq!(inline("open ` tick"), "open ` tick");
        assert_eq!(inline("**open"), "**open");
        assert_eq!(inline("& ;"), "&amp; ;");
        assert_eq!(
            inline("(source: [Migrate users](https://x.example/a) · [b\\]c](https://x.example/b))"),
            "(source: <a href=\"https://x.example/a\">Migrate users</a> · <a href=\"https://x.example/b\">b]c</a>)"
        );
        assert_eq!(
            inline("[a](javascript:x) \\[b\\](https://x.example)"),
            "[a](javascript:x) [b](https://x.example)"
        );
    }

    #[test]
    fn links_only_for_https() {
        assert!(link("https://example.com/x").starts_with("<a href="));
        for bad in [
            "http://example.com",
            "javascript:alert(1)",
            "https://x\" onclick=\"y",
            "https://",
            "HTTPS:x",
        ] {
            assert!(!link(bad).contains("<a"), "{bad}");
        }
    }

    #[test]
    fn escaping() {
        assert_eq!(
            esc("<a href='x'>&\"\u{7}"),
            "&lt;a href=&#39;x&#39;&gt;&amp;&quot;\u{fffd}"
        );
    }
}
