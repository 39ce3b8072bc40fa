//! P011 across the files of one run: plans that share a `name`. Kept apart from the
//! per-file checks; one hash map pass over the names, one merge into the findings.

use super::{Checked, Input, Report};
use crate::diagnostic::Finding;
use crate::load::Limits;
use crate::rules::Code;
use crate::span::Sp;

/// A loaded plan's `name` and the line it is on (taken before the file's text may be
/// freed).
pub(super) type PlanName = (Sp<String>, usize);

/// The `name` of a checked plan, when it loaded.
pub(super) fn plan_name(c: &Checked) -> Option<PlanName> {
    let p = c.plan.as_ref()?;
    let line = c.sources.first()?.position(p.name.span.start()).line;
    Some((p.name.clone(), line))
}

/// P011: plans of one run that share a `name` (it keys `status`, `diff` and the calendar
/// UIDs). Each later plan gets a finding at its `name`, naming the first one. `names`
/// holds each loaded plan's source index and name, in report order; one hash map pass,
/// then one merge into the sorted findings.
pub(super) fn duplicate_names(
    report: &mut Report,
    names: &[(usize, PlanName, usize)],
    inputs: &[Input],
    limits: &Limits,
) {
    let mut first: std::collections::HashMap<&str, (usize, usize)> =
        std::collections::HashMap::with_capacity(names.len());
    let mut found = Vec::new();
    for (source, (name, line), input) in names {
        crate::work::add(1);
        let Some(&(at, line)) = first.get(name.value.as_str()) else {
            first.insert(name.value.as_str(), (*source, *line));
            continue;
        };
        // A file without findings had its text freed while checking (`check_kept`):
        // read it again (masked as before) so the finding can be shown in it. Only
        // duplicates pay for this.
        if report.sources[*source].text.is_empty()
            && let Some(input) = inputs.get(*input)
            && let Some(again) = super::check_file(&input.path, limits)
                .sources
                .into_iter()
                .next()
            && !again.text.is_empty()
        {
            report.sources[*source] = again;
        }
        let other = &report.sources[at];
        found.push(
            Finding::new(
                Code::P011,
                *source,
                name.span,
                format!(
                    "another plan of this run, `{}`, is also named `{}` (line {line})",
                    other.path, name.value
                ),
            )
            .primary("second plan with this name")
            .help(format!(
                "give each plan its own `name`: it identifies the plan in `imsplan status`, `diff` and the calendar UIDs (`{}/<step>`); rename one of the two",
                name.value
            )),
        );
    }
    if found.is_empty() {
        return;
    }
    // Both lists are sorted by source then position: merge them in one pass.
    let old = std::mem::take(&mut report.findings);
    let key = |f: &Finding| (f.source, f.span.start, f.span.end, f.code);
    let mut new = found.into_iter().peekable();
    for f in old {
        while let Some(n) = new.next_if(|n| key(n) < key(&f)) {
            report.findings.push(n);
        }
        report.findings.push(f);
    }
    report.findings.extend(new);
}
