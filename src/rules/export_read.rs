//! Reading one operators export for IMS015 (`export.rs`): bounded, UTF-8, counted as
//! work; and the messages for an export that cannot be read.

use std::path::Path;

use super::RuleCx;
use super::export::Refusal;
use crate::fsutil::{self, ReadError};

/// Why an export that resolved inside the folder could not be read.
pub(super) enum Unreadable {
    Io(String),
    TooLarge(u64),
    NotUtf8(usize),
}

impl Unreadable {
    /// The message and help for the value `given`.
    pub(super) fn refusal(&self, given: &str, cx: &RuleCx<'_>) -> Refusal {
        match self {
            Self::Io(reason) => missing(given, reason),
            Self::TooLarge(n) => (
                format!(
                    "`{given}` is {n} bytes, over the CSV size limit of {} bytes",
                    cx.limits.max_csv_bytes
                ),
                "split the export, or raise the limit with `--max-csv-size`".to_owned(),
            ),
            Self::NotUtf8(at) => (
                format!("`{given}` is not UTF-8 (byte {at})"),
                "save the export as UTF-8 (Campaign's export workflow can set the encoding)"
                    .to_owned(),
            ),
        }
    }
}

/// Read the export at its canonical path (counted as work, one unit a byte).
pub(super) fn read(cx: &RuleCx<'_>, real: &Path) -> Result<String, Unreadable> {
    let bytes = fsutil::read_limited(real, cx.limits.max_csv_bytes).map_err(|e| match e {
        ReadError::Io(reason) => Unreadable::Io(reason),
        ReadError::TooLarge(n) => Unreadable::TooLarge(n),
    })?;
    crate::work::add(bytes.len());
    String::from_utf8(bytes).map_err(|e| Unreadable::NotUtf8(e.utf8_error().valid_up_to()))
}

pub(super) fn missing(given: &str, reason: &str) -> Refusal {
    (
        format!("cannot read `{given}`: {reason}"),
        "export the operators to this path (relative to the plan file), or fix `operators-csv`"
            .to_owned(),
    )
}
