//! The JSON Schema of the plan format, generated from `model.rs` (draft 2020-12). The
//! committed `schemas/plan.schema.json` must equal this byte for byte (a test checks).

use crate::model::Plan;

/// The schema as pretty JSON with a final newline.
#[must_use]
pub fn plan_schema() -> String {
    // No `$id`: imsplan has no public home yet, and an identifier that looks like a URL
    // should resolve. Editors find the schema through the plan's modeline instead.
    let schema = schemars::SchemaGenerator::new(schemars::generate::SchemaSettings::draft2020_12())
        .into_root_schema_for::<Plan>();
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
