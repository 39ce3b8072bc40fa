//! "Did you mean" hints, with bounded work so a file full of typos stays linear.

/// The candidate closest to `word`, when it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        crate::work::add(1);
        let score = strsim::jaro_winkler(word, c);
        if score >= 0.8 && best.is_none_or(|(b, _)| score > b) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}

/// Hints for references to unknown ids are computed for this many references per file
/// at most; past it the message stays but the hint is dropped (no quadratic work).
pub const MAX_HINTS: usize = 64;

/// Names in backticks, joined by commas: `` `a`, `b` `` (for messages and help lines).
pub fn code_list<T: std::fmt::Display>(items: impl IntoIterator<Item = T>) -> String {
    items
        .into_iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
