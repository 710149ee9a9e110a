//! How Flink SQL writes a name and a type: what the Flink export writes (`flink`) and what the
//! planner's `SHOW CREATE TABLE` and `DESCRIBE` listings print, kept apart from both so that
//! neither imports the other for it.

use crate::plan::SqlType;

/// A name in backticks, as Flink quotes it.
pub fn quote(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

/// A column type as Flink writes it.
pub fn flink_type(t: &SqlType) -> String {
    match t {
        SqlType::Timestamp => "TIMESTAMP(3)".into(),
        SqlType::TimestampLtz(_) => "TIMESTAMP_LTZ(3)".into(),
        SqlType::Time => "TIME(3)".into(),
        SqlType::Varchar(None) => "STRING".into(),
        SqlType::Integer => "INT".into(),
        SqlType::Real => "FLOAT".into(),
        SqlType::Row(fields) => {
            let fields: Vec<String> = fields.iter().map(|(n, t)| format!("{} {}", quote(n), flink_type(t))).collect();
            format!("ROW<{}>", fields.join(", "))
        }
        SqlType::Array(element) => format!("ARRAY<{}>", flink_type(element)),
        SqlType::Map(key, value) => format!("MAP<{}, {}>", flink_type(key), flink_type(value)),
        other => other.to_string(),
    }
}
