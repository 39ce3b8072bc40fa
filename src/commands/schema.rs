//! `imsplan schema`: the JSON Schema of the plan format.

use std::io;

use super::Ctx;
use crate::exit;
use crate::schema::plan_schema;

/// `imsplan schema`.
pub(super) fn run(cx: &mut Ctx<'_>) -> io::Result<u8> {
    cx.out.write_all(plan_schema().as_bytes())?;
    Ok(exit::OK)
}
