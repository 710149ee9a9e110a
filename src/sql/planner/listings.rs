//! Flink's catalog statements: `DESCRIBE t` (and `DESC t`, `SHOW COLUMNS FROM t`), `SHOW
//! TABLES`, `SHOW VIEWS` and `SHOW FUNCTIONS`, as a query of `VALUES` whose rows and columns are
//! those Flink's SQL client prints, over what the code declared before the statement.

use crate::error::{Position, Result};
use crate::plan::{ApplicationPlan, StreamDef, RESULT_STREAM};
use crate::plan_err;
use crate::sql::parser::{self, Listing, Statement};
use crate::sql::planner::Naming;
use crate::sql::spelling::{flink_type, quote};

/// The listing as a bare query (a Flink query, which a bare query's result stream shows).
pub(super) fn listing_query(listing: &Listing, app: &ApplicationPlan, position: Position) -> Result<Statement> {
    let text = match listing {
        Listing::Columns(name) => {
            let wanted = Naming::FLINK.name(name);
            let Some(stream) = app.streams.iter().find(|s| listed(s) && s.name.eq_ignore_ascii_case(&wanted)) else {
                return plan_err!(
                    Some(position),
                    "DESCRIBE {name}: no table or view of that name is declared before it"
                );
            };
            let names = ["name", "type", "null", "key", "extras", "watermark"];
            values(&names, &columns(stream))
        }
        Listing::Tables | Listing::Views => {
            let views = matches!(listing, Listing::Views);
            let mut names: Vec<&str> =
                app.streams.iter().filter(|s| listed(s) && (s.view || !views)).map(|s| s.name.as_str()).collect();
            names.sort_unstable();
            let rows: Vec<Vec<String>> = names.into_iter().map(|n| vec![text(n)]).collect();
            values(&[if views { "view name" } else { "table name" }], &rows)
        }
        Listing::Functions => {
            let rows: Vec<Vec<String>> =
                crate::plan::function_docs::FUNCTIONS.iter().map(|f| vec![text(f.name)]).collect();
            values(&["function name"], &rows)
        }
    };
    // Written where the statement is: its VALUES is named by its position, as every VALUES is.
    let at =
        "\n".repeat(position.line.saturating_sub(1) as usize) + &" ".repeat(position.column.saturating_sub(1) as usize);
    let mut statements = parser::parse(&(at + &text))?;
    match statements.pop() {
        Some(Statement::Query { query, .. }) => Ok(Statement::Query { query, position, kda: false }),
        _ => crate::internal_err!("a listing is a query: {text}"),
    }
}

/// Whether a stream is in the catalog: declared, not a query's result or a `VALUES` relation.
fn listed(stream: &StreamDef) -> bool {
    let result = stream.name == RESULT_STREAM
        || stream
            .name
            .strip_prefix(RESULT_STREAM)
            .and_then(|n| n.strip_prefix('_'))
            .is_some_and(|n| n.parse::<u32>().is_ok());
    !result && stream.values.is_none() && !stream.name.starts_with('$')
}

/// `DESCRIBE`'s rows: each column's name, type (the time attributes marked), whether it takes
/// NULL, its primary key, what computes it, and the table's watermark on its column.
fn columns(stream: &StreamDef) -> Vec<Vec<String>> {
    let watermark = stream.watermark();
    let key: Vec<&str> = stream.primary_key.iter().map(|i| stream.schema.field(*i).name().as_str()).collect();
    stream
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| !crate::sql::planner::scope::is_hidden(&c.name))
        .map(|(i, c)| {
            let index = i + 1;
            let proctime = stream.proctime.contains(&index);
            let rowtime = watermark.is_some_and(|w| w.column == index);
            let kind = match (proctime, rowtime) {
                (true, _) => "TIMESTAMP_LTZ(3) *PROCTIME*".to_string(),
                (_, true) => format!("{} *ROWTIME*", flink_type(&c.sql_type)),
                _ => flink_type(&c.sql_type),
            };
            let keyed = key.contains(&c.name.as_str());
            let nullable = !(proctime || keyed || stream.not_null.contains(&c.name));
            let computed = stream.computed.iter().find(|(at, _)| *at == index);
            let extras = match computed {
                _ if proctime => text("AS PROCTIME()"),
                Some((_, expr)) => text(&format!("AS {expr}")),
                None => null(),
            };
            let watermark = match watermark.filter(|_| rowtime) {
                Some(w) if w.delay_ms == 0 => text(&quote(&c.name)),
                Some(w) => text(&format!("{} - INTERVAL '{}' SECOND", quote(&c.name), seconds(w.delay_ms))),
                None => null(),
            };
            let key = if keyed { text(&format!("PRI({})", key.join(", "))) } else { null() };
            vec![text(&c.name), text(&kind), nullable.to_string().to_uppercase(), key, extras, watermark]
        })
        .collect()
}

/// Milliseconds as seconds, as Flink writes an interval's: `1`, `0.5`.
fn seconds(ms: i64) -> String {
    if ms % 1000 == 0 {
        (ms / 1000).to_string()
    } else {
        format!("{}", ms as f64 / 1000.0)
    }
}

fn text(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

fn null() -> String {
    "CAST(NULL AS STRING)".into()
}

/// `SELECT * FROM (VALUES …) AS listing(names…)`; with no rows, one row that WHERE FALSE
/// leaves out.
fn values(names: &[&str], rows: &[Vec<String>]) -> String {
    let columns: Vec<String> = names.iter().map(|n| quote(n)).collect();
    let (rows, filter) =
        if rows.is_empty() { (vec![vec![null(); names.len()]], " WHERE FALSE") } else { (rows.to_vec(), "") };
    let rows: Vec<String> = rows.iter().map(|r| format!("({})", r.join(", "))).collect();
    format!("SELECT * FROM (VALUES {}) AS listing({}){filter}", rows.join(", "), columns.join(", "))
}

#[cfg(test)]
mod tests {
    #[test]
    fn show_functions_lists_every_function_of_the_catalogue() {
        let mut runtime = crate::runtime::build("SHOW FUNCTIONS;", vec![], crate::source::DEFAULT_START).unwrap();
        runtime.advance_to(runtime.now() + 1000).unwrap();
        let output = runtime.drain_output();
        let rows: usize = output.iter().map(|o| o.batch.num_rows()).sum();
        assert_eq!(rows, crate::plan::function_docs::FUNCTIONS.len());
        assert_eq!(output[0].batch.schema().field(0).name(), "function name");
    }
}
