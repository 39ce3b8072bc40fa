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
            // `8.6` is how YAML writes a v8 number; `7.4` is ambiguous (7.4.1 … 7.4.4).
            2 => parts[0] >= 8 && !ims,
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
