//! `imsplan rules`: every rule, as text or JSON.

use std::io;

use super::Ctx;
use crate::cli::{InfoFormat, RulesArgs};
use crate::exit;
use crate::render::catalog;

impl From<InfoFormat> for catalog::Format {
    fn from(format: InfoFormat) -> Self {
        match format {
            InfoFormat::Text => catalog::Format::Text,
            InfoFormat::Json => catalog::Format::Json,
        }
    }
}

/// `imsplan rules`.
pub(super) fn run(args: &RulesArgs, cx: &mut Ctx<'_>) -> io::Result<u8> {
    catalog::rules(args.format.into(), cx.out)?;
    Ok(exit::OK)
}
