//! `docs/rules.md` is generated from the rule registry; this test fails when it is
//! stale. Run with `UPDATE_DOCS=1` to rewrite it.

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
