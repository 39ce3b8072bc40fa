//! Campaign versions: parsing, ordering and what Adobe says about each (DOMAIN.md §2).
//!
//! A version is `MAJOR.MINOR.PATCH` with an optional `.IMS` suffix (`7.3.3.IMS`), or for
//! v8 also `MAJOR.MINOR` (`8.6`, as YAML writes a number). `7.3.3.IMS` sorts after
//! `7.3.3` and before `7.3.4`; every 8.x is above every 7.x.

use std::cmp::Ordering;
use std::fmt;

/// A parsed Campaign version.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Version {
    /// Numeric components (two or three).
    pub parts: Vec<u32>,
    /// The `.IMS` patch suffix.
    pub ims: bool,
}

impl Version {
    /// Parse a version as written in a plan; `None` for anything else.
    #[must_use]
    pub fn parse(text: &str) -> Option<Version> {
        let (body, ims) = match text.strip_suffix(".IMS") {
            Some(b) => (b, true),
            None => (text, false),
        };
        let parts = body
            .split('.')
            .map(|p| {
                (!p.is_empty() && p.len() <= 6 && p.bytes().all(|b| b.is_ascii_digit()))
                    .then(|| p.parse::<u32>().ok())
                    .flatten()
            })
            .collect::<Option<Vec<u32>>>()?;
        let ok = match parts.len() {
            3 => true,
            // `8.6` is how YAML writes a v8 number, `6.11` a v6 one; `7.4` is ambiguous
            // (7.4.1 … 7.4.4).
            2 => parts[0] != 7 && !ims,
            _ => false,
        };
        ok.then_some(Version { parts, ims })
    }

    /// Major version (7 or 8).
    #[must_use]
    pub fn major(&self) -> u32 {
        self.parts[0]
    }

    /// The three numeric components, a missing patch read as 0.
    #[must_use]
    pub fn triple(&self) -> (u32, u32, u32) {
        (
            self.parts[0],
            self.parts[1],
            self.parts.get(2).copied().unwrap_or(0),
        )
    }
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        self.triple()
            .cmp(&other.triple())
            .then(self.ims.cmp(&other.ims))
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self.parts.iter().map(ToString::to_string).collect();
        f.write_str(&parts.join("."))?;
        if self.ims {
            f.write_str(".IMS")?;
        }
        Ok(())
    }
}

/// What Adobe says about one Campaign Classic v7 release (DOMAIN.md §2).
#[derive(Debug, Clone, Copy)]
pub struct Release {
    /// `(major, minor, patch)`.
    pub version: (u32, u32, u32),
    /// Lowest and highest build of the release.
    pub builds: (u32, u32),
    /// Release date, as Adobe gives it.
    pub released: &'static str,
    /// What the release means for IMS.
    pub ims: &'static str,
}

/// The v7 build table of DOMAIN.md §2.
pub const RELEASES: &[Release] = &[
    Release {
        version: (7, 3, 2),
        builds: (9356, 9356),
        released: "2022-11",
        ims: "only with the 7.3.2.IMS patch",
    },
    Release {
        version: (7, 3, 3),
        builds: (9359, 9359),
        released: "2023-03",
        ims: "only with the 7.3.3.IMS patch",
    },
    Release {
        version: (7, 3, 4),
        builds: (9364, 9364),
        released: "2023-09",
        ims: "not compatible",
    },
    Release {
        version: (7, 3, 5),
        builds: (9368, 9368),
        released: "2023-12",
        ims: "compatible; first for technical operators",
    },
    Release {
        version: (7, 4, 1),
        builds: (9383, 9383),
        released: "2024-06",
        ims: "recommended; first with restrictions and `setimsoauth`",
    },
    Release {
        version: (7, 4, 2),
        builds: (9390, 9391),
        released: "2025",
        ims: "compatible",
    },
    Release {
        version: (7, 4, 3),
        builds: (9394, 9399),
        released: "2026",
        ims: "compatible",
    },
    Release {
        version: (7, 4, 4),
        builds: (9400, 9400),
        released: "2026-08",
        ims: "compatible; the only build not marked deprecated",
    },
];

/// Campaign v8 milestones for IMS (DOMAIN.md §2): `(version, what changes)`.
pub const V8_MILESTONES: &[((u32, u32, u32), &str)] = &[
    (
        (8, 5, 1),
        "technical operators must use IMS (Developer Console technical accounts)",
    ),
    ((8, 5, 2), "needed for the end-user migration"),
    (
        (8, 6, 0),
        "IMS is mandatory; no native operator can be created",
    ),
];

/// The version Adobe recommends for the whole migration.
pub const RECOMMENDED: (u32, u32, u32) = (7, 4, 1);

/// First version with the UI and API restrictions (and the end-user procedure).
pub const RESTRICTIONS: (u32, u32, u32) = (7, 4, 1);

impl Version {
    /// The base `(major, minor, patch)` without the `.IMS` suffix.
    fn base(&self) -> (u32, u32, u32) {
        self.triple()
    }

    /// A `.IMS` suffix on a version that has no IMS patch (anything but 7.3.2/7.3.3).
    #[must_use]
    pub fn bad_suffix(&self) -> bool {
        self.ims && !matches!(self.base(), (7, 3, 2 | 3))
    }

    /// Campaign v8 (`8.x`).
    #[must_use]
    pub fn is_v8(&self) -> bool {
        self.major() == 8
    }

    /// The v7 release of this version (the base release for `.IMS`), if the table has it.
    #[must_use]
    pub fn release(&self) -> Option<&'static Release> {
        let base = self.base();
        RELEASES.iter().find(|r| r.version == base)
    }

    /// The tool knows this version: a row of the v7 table, or a v8 release from the
    /// first IMS milestone on (8.5.1, 8.5.2, every 8.6.x).
    #[must_use]
    pub fn known(&self) -> bool {
        if self.is_v8() {
            let (_, minor, patch) = self.base();
            return matches!((minor, patch), (5, 1 | 2) | (6, _));
        }
        self.release().is_some()
    }

    /// Older than every IMS-capable release (below 7.3.2, v6 included): Adobe's IMS
    /// migration starts from 7.3.2.IMS, 7.3.3.IMS or 7.3.5.
    #[must_use]
    pub fn predates_ims(&self) -> bool {
        self.base() < (7, 3, 2)
    }

    /// Newer than every line this tool knows: v9 and later, or v7 from 7.5 on. The rules
    /// cannot say what such a version allows.
    #[must_use]
    pub fn beyond(&self) -> bool {
        let (major, minor, _) = self.base();
        major > 8 || (major == 7 && minor >= 5)
    }

    /// IMS-compatible (SPEC §10): `7.3.2.IMS`, `7.3.3.IMS`, `7.3.5`, every `7.4.x`,
    /// every `8.x`. Plain 7.3.2/7.3.3, 7.3.4, anything older and any other 7.x are not.
    #[must_use]
    pub fn ims_compatible(&self) -> bool {
        match self.base() {
            (7, 3, 2 | 3) => self.ims,
            (8, _, _) | (7, 3, 5) | (7, 4, _) => true,
            _ => false,
        }
    }

    /// At least 7.4.1 (restrictions, Adobe's end-user procedure); every 8.x counts.
    #[must_use]
    pub fn at_least_741(&self) -> bool {
        self.base() >= RESTRICTIONS
    }

    /// Does `build` belong to this version? `None` when the tool knows no builds for it.
    #[must_use]
    pub fn build_matches(&self, build: u32) -> Option<bool> {
        let r = self.release()?;
        Some((r.builds.0..=r.builds.1).contains(&build))
    }

    /// The builds of this version as text (`9390 or 9391`, `9394–9399`).
    #[must_use]
    pub fn builds_text(&self) -> Option<String> {
        let r = self.release()?;
        Some(match r.builds {
            (a, b) if a == b => a.to_string(),
            (a, b) if b == a + 1 => format!("{a} or {b}"),
            (a, b) => format!("{a}–{b}"),
        })
    }

    /// The v7 version a build belongs to, if any.
    #[must_use]
    pub fn of_build(build: u32) -> Option<String> {
        RELEASES
            .iter()
            .find(|r| (r.builds.0..=r.builds.1).contains(&build))
            .map(|r| format!("{}.{}.{}", r.version.0, r.version.1, r.version.2))
    }
}

/// The help line for a text that is not a version: the exact fix when it is a near miss
/// (case of `.IMS`, a `v` prefix, another separator before `IMS`, spaces), else what a
/// version looks like. `key` is the field (`version`, `to`).
#[must_use]
pub fn parse_help(text: &str, key: &str) -> String {
    if let Some(fixed) = near_miss(text) {
        return format!(
            "write `{key}: {fixed}` (versions are written as Help > About shows them: digits, and the patch suffix `.IMS` in capitals)"
        );
    }
    let parts: Vec<&str> = text.trim().split('.').collect();
    if let [major, minor] = parts.as_slice()
        && *major == "7"
        && minor.bytes().all(|b| b.is_ascii_digit())
        && !minor.is_empty()
    {
        return format!(
            "`{text}` names a v7 line, not a release: write the full version Help > About shows, such as `{text}.1`"
        );
    }
    "write a full version such as `7.4.1`, `7.3.3.IMS` or `8.6.1`, as Help > About shows it"
        .to_owned()
}

/// The version a near miss means (`7.3.2.ims`, `V8.6.1`, `7.3.2-IMS`, `7.3.2 IMS`),
/// when fixing only case, a `v` prefix, spaces or the separator makes it one.
#[must_use]
pub fn near_miss(text: &str) -> Option<String> {
    let t = text.trim();
    let t = t.strip_prefix(['v', 'V']).unwrap_or(t).trim_start();
    let upper = t.to_ascii_uppercase();
    let fixed = match upper.strip_suffix("IMS") {
        Some(body) => {
            let body = body.trim_end_matches(['.', '-', '_', ' ']);
            format!("{body}.IMS")
        }
        None => upper,
    };
    (fixed != text && Version::parse(&fixed).is_some()).then_some(fixed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Version {
        Version::parse(s).expect(s)
    }

    #[test]
    fn parses_and_rejects() {
        for ok in [
            "7.3.5",
            "7.4.1",
            "7.3.3.IMS",
            "8.6.1",
            "8.6",
            "8.10",
            "6.11.0",
            "6.11",
        ] {
            assert!(Version::parse(ok).is_some(), "{ok}");
        }
        for bad in [
            "7.4",
            "latest",
            "v7.4.1",
            "",
            "7",
            "7.4.1.",
            "7..1",
            "7.4.1.ims",
            "8.6.IMS",
            "7.4.1 ",
            "7.4.1.2",
            "-7.4.1",
            "7.4.x",
        ] {
            assert!(Version::parse(bad).is_none(), "{bad}");
        }
        assert_eq!(v("8.10").to_string(), "8.10");
        assert_eq!(v("7.3.3.IMS").to_string(), "7.3.3.IMS");
    }

    #[test]
    fn orders() {
        assert!(v("7.3.3") < v("7.3.3.IMS"));
        assert!(v("7.3.3.IMS") < v("7.3.4"));
        assert!(v("7.4.4") < v("8.0.0"));
        assert!(v("7.9.9") < v("8.5"));
        assert!(v("8.5.2") < v("8.6"));
        assert!(v("8.6") < v("8.6.1"));
        assert_eq!(v("7.4.1").cmp(&v("7.4.1")), Ordering::Equal);
    }

    /// Every row of DOMAIN.md §2: (version, builds, IMS-compatible, at least 7.4.1).
    #[test]
    fn build_table() {
        let rows: &[(&str, &[u32], bool, bool)] = &[
            ("7.3.2", &[9356], false, false),
            ("7.3.2.IMS", &[9356], true, false),
            ("7.3.3", &[9359], false, false),
            ("7.3.3.IMS", &[9359], true, false),
            ("7.3.4", &[9364], false, false),
            ("7.3.5", &[9368], true, false),
            ("7.4.1", &[9383], true, true),
            ("7.4.2", &[9390, 9391], true, true),
            ("7.4.3", &[9394, 9395, 9396, 9397, 9398, 9399], true, true),
            ("7.4.4", &[9400], true, true),
        ];
        let all: Vec<u32> = rows.iter().flat_map(|r| r.1.iter().copied()).collect();
        for &(text, builds, compatible, recent) in rows {
            let ver = v(text);
            assert!(ver.known(), "{text} known");
            assert!(!ver.bad_suffix(), "{text} suffix");
            assert_eq!(ver.ims_compatible(), compatible, "{text} compatible");
            assert_eq!(ver.at_least_741(), recent, "{text} >= 7.4.1");
            for b in &all {
                assert_eq!(
                    ver.build_matches(*b),
                    Some(builds.contains(b)),
                    "{text} build {b}"
                );
            }
            assert_eq!(
                Version::of_build(builds[0]).as_deref(),
                Some(text.trim_end_matches(".IMS"))
            );
        }
        assert_eq!(v("7.4.2").builds_text().as_deref(), Some("9390 or 9391"));
        assert_eq!(v("7.4.3").builds_text().as_deref(), Some("9394–9399"));
        assert_eq!(Version::of_build(9370), None);
    }

    #[test]
    fn outside_the_table() {
        // Older or unknown v7: well formed, unknown, not compatible.
        for text in ["7.3.1", "7.2.0", "6.11.0", "7.5.0"] {
            let ver = v(text);
            assert!(!ver.known() && !ver.ims_compatible(), "{text}");
            assert_eq!(ver.build_matches(9356), None);
        }
        // Unknown 7.4.x patches are still compatible ("every 7.4.x").
        assert!(v("7.4.9").ims_compatible() && !v("7.4.9").known());
        // v8: always compatible and above 7.4.1; milestones known.
        for text in ["8.5.1", "8.5.2", "8.6", "8.6.1", "8.6.3"] {
            assert!(v(text).known(), "{text}");
        }
        for text in ["8.0.1", "8.5", "8.7", "8.10"] {
            assert!(!v(text).known(), "{text}");
        }
        assert!(v("8.2.1").ims_compatible() && v("8.2.1").at_least_741());
        // `.IMS` only on 7.3.2 and 7.3.3.
        assert!(v("7.3.5.IMS").bad_suffix() && v("7.4.1.IMS").bad_suffix());
        assert!(!v("7.3.2.IMS").bad_suffix());
        assert_eq!(V8_MILESTONES.len(), 3);
    }

    #[test]
    fn too_old_and_too_new() {
        for text in ["6.11", "6.1.1", "7.2.0", "7.3.1"] {
            assert!(v(text).predates_ims() && !v(text).beyond(), "{text}");
        }
        for text in ["9.0.0", "9.1", "7.5.0", "10.0.1"] {
            assert!(v(text).beyond() && !v(text).predates_ims(), "{text}");
        }
        for text in ["7.3.2", "7.3.2.IMS", "7.4.9", "8.7", "8.0.1"] {
            assert!(!v(text).beyond() && !v(text).predates_ims(), "{text}");
        }
    }

    #[test]
    fn near_misses_get_the_exact_fix() {
        let cases = [
            ("7.3.2.ims", "7.3.2.IMS"),
            ("7.3.3.Ims", "7.3.3.IMS"),
            ("V8.6.1", "8.6.1"),
            ("v7.4.1", "7.4.1"),
            ("7.3.2-IMS", "7.3.2.IMS"),
            ("7.3.2 IMS", "7.3.2.IMS"),
            ("7.3.2IMS", "7.3.2.IMS"),
        ];
        for (text, fixed) in cases {
            assert_eq!(near_miss(text).as_deref(), Some(fixed), "{text}");
            assert!(parse_help(text, "version").contains(&format!("`version: {fixed}`")));
        }
        for text in ["latest", "7.4", "7.4.1", "x7.4.1", "7.4.x"] {
            assert_eq!(near_miss(text), None, "{text}");
        }
        assert!(parse_help("7.4", "to").contains("`7.4.1`"));
        assert!(parse_help("latest", "to").contains("`7.4.1`"));
    }
}
