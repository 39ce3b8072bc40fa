//! Say only what Adobe says (issue 13): for every hosting × target, the runbook, the
//! `init` output, the explain texts and the bundled plans hold none of the errors a
//! review against Adobe's pages found, carry the facts it found missing, and show the
//! catalog page of every task group.

use std::fmt::Write as _;
use std::path::Path;

use imsplan::rules::pages;

use crate::common::{example_plans, imsplan, rel};

const HOSTINGS: &[&str] = &["managed", "hosted", "hybrid", "on-premise"];
const TARGETS: &[&str] = &["ims", "v8"];

/// Texts that must appear nowhere (compared ignoring case), with why.
const WRONG: &[(&str, &str)] = &[
    (
        "setimsoauth",
        "belongs to Campaign's own Adobe integrations, not to this migration",
    ),
    (
        "register the credential",
        "Adobe's technical-operator procedure registers nothing",
    ),
    (
        "registers the client secret",
        "no procedure hands a client secret over",
    ),
    (
        "hands it to adobe",
        "no procedure hands a client secret over",
    ),
    (
        "send the client secret",
        "nobody is asked to send a client secret",
    ),
    (
        "send your client secret",
        "nobody is asked to send a client secret",
    ),
    ("no rollback", "the build upgrade FAQ documents a rollback"),
    ("cannot be downgraded", "no Adobe page says so"),
    ("ideally", "the console must be on the same build"),
    ("matches people by email", "no Adobe page says so"),
    (
        "every active operator uses adobe id",
        "allowed and technical operators stay native",
    ),
    (
        "every operator uses adobe id",
        "allowed and technical operators stay native",
    ),
    (
        "(not `dma_campaign`)",
        "`dma_campaign` is the default without the field",
    ),
    (
        "from 8.5.1 technical operators must",
        "from 8.5, mandatory from 8.6",
    ),
    (
        "upgrade your own servers to the same build",
        "Adobe upgrades hybrid on request",
    ),
    (
        "campaign - <instance> - messagecenter",
        "say which instance the profile names",
    ),
];

fn run(args: &[&str]) -> String {
    let out = imsplan().args(args).output().expect("runs");
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(!text.is_empty(), "{args:?}: no output");
    text
}

fn assert_right(what: &str, text: &str) {
    let lower = text.to_lowercase();
    for (wrong, why) in WRONG {
        assert!(
            !lower.contains(wrong),
            "{what} says {wrong:?} ({why}):\n{}",
            text.lines()
                .filter(|l| l.to_lowercase().contains(wrong))
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
    for placeholder in ["{v7}", "{v8}", "{production}", "{ims-patch}"] {
        assert!(
            !text.contains(placeholder),
            "{what}: {placeholder} left as is"
        );
    }
    // The UI restriction is an element inside `<imsConfig>`, never an attribute on it.
    let attribute = text
        .matches("nonIMSOperatorMgmtInClientConsoleRestricted=")
        .count();
    let element = text
        .matches("<nonIMSOperatorMgmtInClientConsole nonIMSOperatorMgmtInClientConsoleRestricted=\"true\"/>")
        .count();
    assert_eq!(
        attribute, element,
        "{what}: the UI restriction is an element"
    );
}

fn assert_has(what: &str, text: &str, facts: &[&str]) {
    for fact in facts {
        assert!(text.contains(fact), "{what} lacks {fact:?}\n{text}");
    }
}

/// The section of one step in a runbook.
fn section<'a>(md: &'a str, id: &str) -> &'a str {
    let start = md
        .find(&format!("### `{id}`"))
        .unwrap_or_else(|| panic!("no step {id}"));
    let rest = &md[start..];
    let end = rest[4..]
        .find("\n### ")
        .or_else(|| rest[4..].find("\n## "))
        .map_or(rest.len(), |e| e + 4);
    &rest[..end]
}

/// Every group heading names its sources, and every source is a catalog page.
fn assert_sources(what: &str, md: &str) {
    for line in md.lines() {
        let group = [
            "**Checklist**",
            "**Verify**",
            "**Cautions**",
            "**Commands**",
        ]
        .iter()
        .any(|g| line.starts_with(g));
        let who = line.starts_with("- **Who acts:**");
        let banner = line.starts_with("> **Point of no return.**");
        if !(group || who || banner) {
            continue;
        }
        let links: Vec<&str> = line
            .split("](")
            .skip(1)
            .map(|l| &l[..l.find(')').expect("closed link")])
            .collect();
        assert!(
            !links.is_empty() || line.contains("(source: imsplan plan format)"),
            "{what}: no source on {line}"
        );
        for url in links {
            assert!(
                pages::page(url).is_some(),
                "{what}: {url} is not a page of the catalog"
            );
        }
    }
}

/// A one-environment plan with every core step and no `operators` list.
fn bare_plan(dir: &Path, hosting: &str, target: &str, version: &str, to: &str) -> String {
    let mut s = format!(
        "format: 1\nname: bare\ntarget: {target}\nenvironments:\n  prod: {{role: production, hosting: {hosting}, version: {version}}}\nsteps:\n"
    );
    let _ = writeln!(
        s,
        "  - {{id: upgrade, env: prod, kind: upgrade, to: '{to}'}}"
    );
    // Restrictions need 7.4.1 (IMS002), and a runbook is refused on errors.
    let restrictions = !to.contains("IMS");
    for kind in ["migrate-users", "migrate-operators", "enable-restrictions"] {
        if kind != "enable-restrictions" || restrictions {
            let _ = writeln!(s, "  - {{id: {kind}, env: prod, kind: {kind}}}");
        }
    }
    if target == "v8" {
        s.push_str("  - {id: move-to-v8, env: prod, kind: move-to-v8}\n");
    }
    let file = dir.join(format!("{hosting}-{target}-{to}.yaml"));
    std::fs::write(&file, s).unwrap();
    file.to_string_lossy().into_owned()
}

/// The facts of the upgrade step of a bare plan, per hosting.
fn check_upgrade(what: &str, hosting: &str, md: &str) {
    let upgrade = section(md, "upgrade");
    assert_has(
        what,
        upgrade,
        &[
            "restore the latest available backup",
            "4 hours",
            "same build as the server",
        ],
    );
    assert!(
        !upgrade.contains("no other patch"),
        "{what}: no `.IMS` patch here"
    );
    match hosting {
        "managed" | "hosted" => assert_has(
            what,
            upgrade,
            &[
                "Monday to Thursday",
                "Fridays only for non-production instances",
                "production is not changed on holidays",
                "The server is shut down during the upgrade",
                "Message Center sends no emails",
                "export as packages",
                "point of contact",
                "7 days in Adobe data centers, 14 days on AWS",
            ],
        ),
        "hybrid" => assert_has(
            what,
            upgrade,
            &[
                "Who acts:** Adobe.",
                "Request the build upgrade",
                "Technical Operations",
                "JDK 11",
                "XML libraries",
                "mid-sourcing",
                "The server is shut down during the upgrade",
            ],
        ),
        _ => assert_has(
            what,
            upgrade,
            &[
                "Who acts:** The customer.",
                "at least 2 hours",
                "nlserver config -postupgrade -allinstances",
                "re-publish the Message Center templates",
                "same version as the marketing servers or a more recent one",
                "`>>>` error",
            ],
        ),
    }
}

/// The facts of the migration and restriction steps of a bare plan.
fn check_migrations(what: &str, hosting: &str, target: &str, md: &str) {
    let adobe_hosted = matches!(hosting, "managed" | "hosted");
    let users = section(md, "migrate-users");
    assert_has(
        what,
        users,
        &[
            "create only IMS users",
            "Authentication Type and Account Disabled",
            "still show native authentication",
            "unique email",
        ],
    );
    if !adobe_hosted {
        assert_has(
            what,
            users,
            &[
                "`dma_campaign_classic` where the external account shows a Product Context field, else `dma_campaign`",
                "scopes that are a subset of those IMS provisions",
                "the client id IMS provisioned",
                "callback URL on the allowlist",
            ],
        );
    }

    // Step 8 of Adobe's page, though the plan lists no operator.
    let operators = section(md, "migrate-operators");
    assert_has(
        what,
        operators,
        &[
            "Update every third-party API integration",
            "**Technical Account Email**",
            "custom operator group",
            "after current certificates expire or March 1, 2026, whichever is earlier",
            "zero-downtime",
            "before the restrictions are turned on",
        ],
    );
    assert_has(
        what,
        operators,
        &[if adobe_hosted {
            "`campaign - <marketing instance> - messagecenter`"
        } else {
            "`campaign - <your campaign instance> - messagecenter`"
        }],
    );
    assert!(!operators.to_lowercase().contains("secret to"), "{what}");

    let restrictions = section(md, "enable-restrictions");
    assert_has(
        what,
        restrictions,
        &[
            "deleted",
            "native operator outside the allowed list is refused",
        ],
    );
    if !adobe_hosted {
        assert_has(
            what,
            restrictions,
            &[
                "`<nonIMSOperatorMgmtInClientConsole nonIMSOperatorMgmtInClientConsoleRestricted=\"true\"/>`",
                "`<imsConfig>` section of the instance configuration file",
            ],
        );
    }
    if target == "v8" {
        assert_has(
            what,
            section(md, "move-to-v8"),
            &[
                "from 8.5, and it is mandatory from 8.6",
                "only released as an Adobe Managed Cloud Service",
            ],
        );
    }
}

#[test]
fn runbooks_and_init_say_what_adobe_says_for_every_hosting_and_target() {
    let dir = tempfile::tempdir().unwrap();
    for hosting in HOSTINGS {
        let adobe_hosted = matches!(*hosting, "managed" | "hosted");
        for target in TARGETS {
            let what = format!("{hosting} × {target}");
            let init = run(&["init", "--hosting", hosting, "--target", target]);
            assert_right(&format!("init {what}"), &init);
            let file = dir.path().join(format!("init-{hosting}-{target}.yaml"));
            std::fs::write(&file, &init).unwrap();
            let from_init = run(&["runbook", &file.to_string_lossy()]);
            assert_right(&format!("runbook of init {what}"), &from_init);
            assert_sources(&what, &from_init);

            // The Message Center profile names the marketing instance where Adobe
            // creates it; the customer's own elsewhere.
            if adobe_hosted {
                assert_has(&what, &init, &["campaign - my-mkt-stage - messagecenter"]);
                assert!(!init.contains("my-mc-stage - messagecenter"), "{what}");
            } else {
                assert_has(&what, &init, &["campaign - my-mc-stage - messagecenter"]);
            }
            if *hosting == "hybrid" {
                assert_has(
                    &what,
                    &init,
                    &[
                        "owner: Adobe (on request)",
                        "request the build upgrade from Adobe",
                    ],
                );
            }

            let plan = bare_plan(dir.path(), hosting, target, "7.3.5", "7.4.1");
            let md = run(&["runbook", &plan]);
            assert_right(&what, &md);
            assert_sources(&what, &md);

            check_upgrade(&what, hosting, &md);
            check_migrations(&what, hosting, target, &md);

            // A `.IMS` patch: only where no other patch is installed.
            let patched = run(&[
                "runbook",
                &bare_plan(dir.path(), hosting, "ims", "7.3.3", "7.3.3.IMS"),
            ]);
            assert_has(
                &what,
                section(&patched, "upgrade"),
                &["no other patch has been applied"],
            );
        }
    }
}

#[test]
fn explain_texts_say_what_adobe_says() {
    for code in imsplan::rules::Code::ALL {
        let text = run(&["explain", code.as_str()]);
        assert_right(code.as_str(), &text);
        assert!(text.contains("\nWhat it rests on\n"), "{code}");
        let json: serde_json::Value =
            serde_json::from_str(&run(&["explain", code.as_str(), "--format", "json"])).unwrap();
        for s in json["sources"].as_array().expect("sources") {
            let page = s["page"].as_str().unwrap();
            assert!(pages::page(page).is_some(), "{code}: {page}");
        }
    }
    assert_right("docs/rules.md", &imsplan::render::catalog::rules_markdown());
    let explain = |code: &str| {
        run(&["explain", code])
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_has(
        "IMS006",
        &explain("IMS006"),
        &["restore the latest available backup"],
    );
    assert_has(
        "IMS009",
        &explain("IMS009"),
        &["from 8.5, mandatory from 8.6"],
    );
    assert_has(
        "IMS016",
        &explain("IMS016"),
        &[
            "`campaign - <your campaign marketing instance> - messagecenter`",
            "custom operator group",
            "campaign - acme-mkt-stage - messagecenter",
        ],
    );
    assert_has("IMS015", &explain("IMS015"), &["the v8 end-user page"]);
    assert_has(
        "IMS005",
        &explain("IMS005"),
        &["whichever is earlier", "zero-downtime"],
    );
    assert_has(
        "IMS008",
        &explain("IMS008"),
        &["release-2023", "release-2024", "latest-release"],
    );
    assert_has(
        "IMS018",
        &explain("IMS018"),
        &["campaign-v8/new/campaign-faq", "ac-guardrails"],
    );
}

#[test]
fn bundled_plans_teach_good_habits() {
    for plan in example_plans() {
        let file = rel(&plan);
        let text = std::fs::read_to_string(&plan).unwrap();
        assert_right(&file, &text);
        let md = run(&["runbook", &file]);
        assert_right(&file, &md);
        assert_sources(&file, &md);
        let json: serde_json::Value =
            serde_json::from_str(&run(&["plan", &file, "--format", "json"])).unwrap();
        let steps = json["steps"].as_array().unwrap();
        let at = |id: &str, key: &str| -> Option<jiff::Timestamp> {
            steps
                .iter()
                .find(|s| s["id"] == id)
                .and_then(|s| s[key].as_str())
                .map(|t| t.parse().unwrap())
        };
        // Managed/hosted Message Center profiles name a marketing instance.
        if text.contains("hosting: managed") || text.contains("hosting: hosted") {
            assert!(!text.contains("-mc-stage - messagecenter"), "{file}");
            assert!(!text.contains("-mc-prod - messagecenter"), "{file}");
        }
        // An announcement of the user window comes days, not hours, before it.
        if let (Some(told), Some(window)) =
            (at("announce-prod", "finish"), at("users-prod", "start"))
        {
            assert!(
                window.duration_since(told).as_hours() >= 48,
                "{file}: the announcement is {} h before the window",
                window.duration_since(told).as_hours()
            );
        }
        // A backup is taken right before the upgrade it protects.
        if let (Some(backup), Some(upgrade)) =
            (at("backup-prod", "finish"), at("upgrade-prod", "start"))
        {
            assert!(
                upgrade.duration_since(backup).as_hours() < 2,
                "{file}: the backup ends {} h before the upgrade",
                upgrade.duration_since(backup).as_hours()
            );
        }
    }
}

#[test]
fn a_v8_environment_follows_adobes_v8_pages() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("v8.yaml");
    std::fs::write(
        &plan,
        "format: 1\nname: v8\ntarget: v8\nenvironments:\n  stage: {role: stage, hosting: managed, version: 8.5.2}\nsteps:\n  - {id: users, env: stage, kind: migrate-users}\n  - {id: operators, env: stage, kind: migrate-operators}\n  - {id: restrictions, env: stage, kind: enable-restrictions}\n",
    )
    .unwrap();
    let md = run(&["runbook", &plan.to_string_lossy()]);
    assert_right("v8", &md);
    assert_sources("v8", &md);
    assert_has(
        "v8",
        section(&md, "users"),
        &["8.5.2 first", "before 8.6", "Migrate users to IMS (v8)"],
    );
    assert!(
        !section(&md, "users").contains("create only IMS users"),
        "a v7 item"
    );
    let operators = section(&md, "operators");
    assert_has(
        "v8",
        operators,
        &[
            "`campaign - <your campaign instance> - messagecenter` on Adobe's v8 page",
            "Migrate technical operators (v8)",
        ],
    );
    assert!(
        !operators.contains("<marketing instance>"),
        "the v7 page's name"
    );
    assert_has(
        "v8",
        section(&md, "restrictions"),
        &["blocks new native user creation and native user login"],
    );
    assert!(
        !section(&md, "restrictions").contains("Ask your Adobe Transition Manager (ATM) to enable"),
        "a v7 item"
    );
}
