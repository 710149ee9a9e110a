//! Where a field's value is in a record, and JSONPath, which names it in an input schema.

use crate::error::{Error, Result};

/// Where a file field's value is: a CSV column's name, or the keys leading to a JSON value.
pub(super) type FieldPath = Vec<String>;

/// A JSON field's path as JSONPath: `$.location.lat`, or `$['odd key']` where a key is not a
/// plain name.
pub fn json_path(path: &[String]) -> String {
    let mut out = String::from("$");
    for key in path {
        if !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            out.push('.');
            out.push_str(key);
        } else {
            out.push_str(&format!("['{}']", key.replace('\\', "\\\\").replace('\'', "\\'")));
        }
    }
    out
}

/// The keys a JSONPath names: `$.a.b`, `$['a.b']`, or a mix of the two (a column maps one
/// value of a record, so no array elements).
pub fn parse_json_path(text: &str) -> Result<FieldPath> {
    let invalid =
        |why: &str| Error::Input(format!("'{text}' is not a JSONPath kdalite reads ({why}); write $.a.b or $['a b']"));
    let steps = crate::plan::json_path::parse(text).map_err(invalid)?;
    if steps.is_empty() {
        return Err(invalid("it names no key"));
    }
    steps
        .into_iter()
        .map(|step| match step {
            crate::plan::json_path::JsonStep::Key(key) => Ok(key),
            crate::plan::json_path::JsonStep::Index(_) => Err(invalid("array elements and filters are not supported")),
        })
        .collect()
}
