//! `imsplan status --format html`: one self-contained page, a swimlane per plan (a
//! bar per environment) and the table of every environment, with the same facts and
//! words as the text and Markdown outputs (`status.rs`).

use std::fmt::Write as _;
use std::io::{self, Write};

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::html::{self, esc};
use super::status::{core_text, phase_text, short_time, target_text, who};
use super::timeline::{self, Bar, BarState, Lane, Marker, Timeline};
use crate::duration::when;
use crate::status::{Entry, EnvStatus, Verdict};

fn env_state(e: &EnvStatus) -> BarState {
    if e.steps_done == e.steps_total {
        BarState::Done
    } else if e.steps_done > 0 || e.phase_in_progress.is_some() {
        BarState::InProgress
    } else {
        BarState::Todo
    }
}

/// `--format html`: one page, a swimlane per plan (a bar per environment, from its
/// first forecast start to its forecast finish; late ones outlined in red; a line at
/// `now`), then the table of every environment.
///
/// # Errors
/// When the writer fails.
pub fn html(entries: &[Entry], now: Timestamp, w: &mut dyn Write) -> io::Result<()> {
    let mut b = String::new();
    let _ = writeln!(
        b,
        "<a class=\"skip\" href=\"#main\">Skip to the status</a>\n<header>\n<h1>Migration status</h1>\n<p>At {}: {}, {}. The timeline is in UTC; the table shows each plan's times in its own zone.</p>\n</header>\n<main id=\"main\">",
        when(now, &TimeZone::UTC),
        crate::render::plural(entries.len(), "plan"),
        crate::render::plural(
            entries
                .iter()
                .filter_map(|e| e.loaded.as_ref())
                .map(|(_, _, st)| st.envs.len())
                .sum(),
            "environment"
        )
    );
    timeline(entries, now, &mut b);
    table(entries, &mut b);
    b.push_str("</main>\n<footer>\n<p>Written by imsplan from the plan files; forecasts assume each open step starts no earlier than the time above.</p>\n</footer>\n");
    w.write_all(html::page("Migration status", &b).as_bytes())
}

fn timeline(entries: &[Entry], now: Timestamp, b: &mut String) {
    let mut lanes = Vec::new();
    let mut lo = now.as_second();
    let mut hi = now.as_second();
    for entry in entries {
        let Some((plan, graph, st)) = &entry.loaded else {
            continue;
        };
        let bars: Vec<Bar> = st
            .envs
            .iter()
            .filter_map(|e| {
                let from = graph
                    .order
                    .iter()
                    .filter(|&&i| graph.env_of[i] == e.env)
                    .filter_map(|&i| st.windows.get(i).map(|w| w.0))
                    .min()?;
                let to = e.forecast?;
                lo = lo.min(from.as_second());
                hi = hi.max(to.as_second());
                let env = &plan.environments[e.env].id.value;
                Some(Bar {
                    label: format!("{env} {}", core_text(e)),
                    detail: format!(
                        "{} / {env}: {}, core steps {}, {}",
                        plan.name.value,
                        phase_text(e),
                        core_text(e),
                        target_text(&plan.zone, e.forecast, e.baseline, e.deadline, e.verdict)
                    ),
                    from: from.as_second(),
                    to: to.as_second(),
                    state: env_state(e),
                    critical: e.verdict == Verdict::Late,
                    no_return: false,
                })
            })
            .collect();
        lanes.push(Lane {
            label: plan.name.value.clone(),
            bars,
        });
    }
    let hi = hi.max(lo + 3600);
    let t = Timeline {
        lo,
        hi,
        ticks: timeline::time_ticks(lo, hi),
        lanes,
        markers: vec![Marker {
            at: now.as_second(),
            label: format!("now: {}", when(now, &TimeZone::UTC)),
            class: "now",
        }],
    };
    b.push_str("<section id=\"timeline\" aria-labelledby=\"h-timeline\">\n<h2 id=\"h-timeline\">Timeline (UTC)</h2>\n<figure>\n<div class=\"scroll\">\n");
    b.push_str(&timeline::svg(
        &t,
        "st",
        "Timeline: one swimlane per plan",
        "One lane per plan, a bar per environment from its first forecast start to its forecast finish. The table below gives the same facts as text.",
    ));
    b.push_str("</div>\n<figcaption>\n<ul class=\"legend\">\n<li>Bar: environment and core steps done</li>\n<li><span class=\"crit\">Red outline</span>: late</li>\n<li>✓ done · ▶ under way · no mark: not started</li>\n<li>Dashed line: now</li>\n</ul>\n</figcaption>\n</figure>\n</section>\n");
}

fn table(entries: &[Entry], b: &mut String) {
    b.push_str("<section id=\"environments\" aria-labelledby=\"h-envs\">\n<h2 id=\"h-envs\">Environments</h2>\n<div class=\"scroll\">\n<table>\n<thead><tr><th scope=\"col\">plan</th><th scope=\"col\">environment</th><th scope=\"col\">phase</th><th scope=\"col\">core done</th><th scope=\"col\">next step</th><th scope=\"col\">window</th><th scope=\"col\">who acts</th><th scope=\"col\">waits on</th><th scope=\"col\">forecast</th><th scope=\"col\">target</th><th scope=\"col\">verdict</th></tr></thead>\n<tbody>\n");
    for entry in entries {
        let Some((plan, _, st)) = &entry.loaded else {
            let _ = writeln!(
                b,
                "<tr><th scope=\"row\">{}</th><td colspan=\"10\">not shown: {} (run <code>imsplan validate</code> on it)</td></tr>",
                esc(&entry.file),
                crate::render::plural(entry.errors, "error")
            );
            continue;
        };
        let title = plan.title.as_ref().map_or(String::new(), |t| {
            format!("<br><span class=\"muted\">{}</span>", esc(&t.value))
        });
        for (k, e) in st.envs.iter().enumerate() {
            let env = &plan.environments[e.env];
            b.push_str("<tr>");
            if k == 0 {
                let _ = write!(
                    b,
                    "<th scope=\"rowgroup\" rowspan=\"{}\"><code>{}</code>{title}</th>",
                    st.envs.len(),
                    esc(&plan.name.value)
                );
            }
            let _ = write!(
                b,
                "<td><code>{}</code></td><td>{}</td><td>{}</td>",
                esc(&env.id.value),
                esc(&phase_text(e)),
                core_text(e)
            );
            match &e.next {
                Some(n) => {
                    let waits: Vec<String> = n
                        .waits_on
                        .iter()
                        .map(|&d| {
                            format!(
                                "<code>{}</code> ({})",
                                esc(&plan.steps[d].id.value),
                                plan.steps[d].status()
                            )
                        })
                        .collect();
                    let _ = write!(
                        b,
                        "<td><code>{}</code> ({})</td><td>{} → {}</td><td>{}</td><td>{}</td>",
                        esc(&plan.steps[n.step].id.value),
                        n.state.as_str(),
                        short_time(n.start, &plan.zone),
                        short_time(n.finish, &plan.zone),
                        esc(&who(plan, n)),
                        if waits.is_empty() {
                            "-".to_owned()
                        } else {
                            waits.join(", ")
                        }
                    );
                }
                None => b.push_str("<td>-</td><td>-</td><td>-</td><td>-</td>"),
            }
            let target = e.deadline.map_or_else(
                || {
                    e.baseline.map_or("-".to_owned(), |t| {
                        format!("planned {}", short_time(t, &plan.zone))
                    })
                },
                |d| format!("deadline {}", short_time(d, &plan.zone)),
            );
            let _ = writeln!(
                b,
                "<td>{}</td><td>{target}</td><td><span class=\"verdict-{}\">{}</span></td></tr>",
                e.forecast
                    .map_or("-".to_owned(), |t| short_time(t, &plan.zone)),
                e.verdict.as_str(),
                e.verdict.label()
            );
        }
    }
    b.push_str("</tbody>\n</table>\n</div>\n</section>\n");
}
