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

/// The candidates closest to `word` by edit distance, ignoring case: all those at the
/// smallest distance, when it is at most a quarter of the word's length (at least 2),
/// in the order given, at most `max` of them. Empty when nothing is close.
pub fn closest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    max: usize,
) -> Vec<&'a str> {
    let word = word.trim().to_lowercase();
    let limit = (word.chars().count() / 4).max(2);
    let mut best = limit + 1;
    let mut out = Vec::new();
    for c in candidates {
        crate::work::add(1);
        let d = strsim::levenshtein(&word, &c.to_lowercase());
        if d < best {
            best = d;
            out.clear();
        }
        if d == best {
            out.push(c);
        }
    }
    out.truncate(max);
    out
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn closest_keeps_only_the_nearest() {
        let all = ["IMS002", "IMS012", "IMS020", "IMS001", "users-below-741"];
        assert_eq!(closest("ims02", all, 5), ["IMS002", "IMS012", "IMS020"]);
        assert_eq!(closest("users-below-714", all, 5), ["users-below-741"]);
        assert!(closest("hello", all, 5).is_empty());
        assert_eq!(closest("IMS02", all, 1), ["IMS002"]);
    }
}
