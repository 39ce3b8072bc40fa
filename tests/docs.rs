//! `docs/rules.md` (the rule registry) and `docs/sources.md` (every text beside its
//! page) are generated; these tests fail when one is stale. Run with
//! `UPDATE_DOCS=1` to rewrite them.

use crate::common::path;

#[test]
fn rules_md_is_current() {
    let want = imsplan::render::catalog::rules_markdown();
    let file = path("docs/rules.md");
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::create_dir_all(path("docs")).expect("docs/");
        std::fs::write(&file, &want).expect("write docs/rules.md");
        return;
    }
    let have = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(
        have == want,
        "docs/rules.md is stale: run `UPDATE_DOCS=1 cargo test rules_md` and commit it"
    );
}

#[test]
fn rules_md_covers_every_code() {
    let md = imsplan::render::catalog::rules_markdown();
    for code in imsplan::rules::Code::ALL {
        assert!(
            md.contains(&format!("\n## {code}\n")),
            "{code} has a section"
        );
    }
}

#[test]
fn sources_md_is_current() {
    let want = imsplan::render::sources::sources_markdown();
    let file = path("docs/sources.md");
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&file, &want).expect("write docs/sources.md");
        return;
    }
    let have = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(
        have == want,
        "docs/sources.md is stale: run `UPDATE_DOCS=1 cargo test sources_md` and commit it"
    );
    assert!(
        !want.contains("not in the catalog"),
        "a text cites a page outside the catalog"
    );
}
