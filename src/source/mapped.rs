//! A source's records read under an input schema (a KDA application's `InputSchema`): each
//! declared column takes the field its mapping names (`$.PRICE`, `PRICE`, or the column's own
//! name when the mapping is empty), cast to the column's SQL type. A row with a value that
//! does not cast goes to `error_stream` with the column and the value named.

use arrow_array::Array;
use arrow_schema::SchemaRef;

use super::file::RecordColumn;
use super::{keep_good_rows, BadRow, Polled, Source};
use crate::error::{Error, Result};
use crate::plan::StreamDef;

pub struct Mapped {
    inner: Box<dyn Source>,
    /// `ROWTIME`, then the declared columns.
    schema: SchemaRef,
    /// For each declared column, the index of the inner source's field it reads, and its
    /// SQL type's name.
    fields: Vec<(usize, String)>,
}

impl Mapped {
    /// `inner`'s rows as the stream `def` with the columns `columns`.
    pub fn new(inner: Box<dyn Source>, def: &StreamDef, columns: &[RecordColumn]) -> Result<Mapped> {
        let from = inner.schema();
        let names: Vec<&str> = from.fields().iter().skip(1).map(|f| f.name().as_str()).collect();
        let fields = columns
            .iter()
            .map(|c| {
                let path = c.mapping.trim();
                let key = path.strip_prefix("$.").or_else(|| path.strip_prefix('$')).unwrap_or(path);
                let key = if key.is_empty() { c.name.as_str() } else { key };
                let at = from.fields().iter().skip(1).position(|f| f.name().eq_ignore_ascii_case(key));
                at.map(|i| (i + 1, c.sql_type.to_string())).ok_or_else(|| {
                    Error::Input(format!(
                        "input column {}: the records have no field '{key}' (they have {})",
                        c.name,
                        names.join(", ")
                    ))
                })
            })
            .collect::<Result<_>>()?;
        Ok(Mapped { inner, schema: def.source_schema(), fields })
    }
}

impl Source for Mapped {
    fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }

    fn poll(&mut self, now: i64, max_rows: usize) -> Result<Polled> {
        let polled = self.inner.poll(now, max_rows)?;
        let Some(batch) = polled.batch else { return Ok(polled) };
        let rows = batch.num_rows();
        let rowtimes = batch.column(0).clone();
        let mut ok = vec![true; rows];
        let mut bad = Vec::new();
        let mut columns = vec![rowtimes.clone()];
        for (i, (at, sql_type)) in self.fields.iter().enumerate() {
            let field = self.schema.field(i + 1);
            let from = batch.column(*at);
            // A REAL read as DOUBLE keeps the value it shows (`1.1`, not `1.100000023841858`).
            let cast = match (from.data_type(), field.data_type()) {
                (arrow_schema::DataType::Float32, arrow_schema::DataType::Float64) => {
                    let text = arrow_cast::cast(from, &arrow_schema::DataType::Utf8)?;
                    arrow_cast::cast(&text, field.data_type())?
                }
                _ => arrow_cast::cast(from, field.data_type())?,
            };
            for (row, ok) in ok.iter_mut().enumerate() {
                if !*ok || from.is_null(row) || cast.is_valid(row) {
                    continue;
                }
                *ok = false;
                let value = crate::plan::ScalarValue::try_from_array(from.as_ref(), row)?.to_text();
                let rowtime = crate::plan::ScalarValue::try_from_array(rowtimes.as_ref(), row)?;
                bad.push((
                    row,
                    BadRow {
                        rowtime: rowtime.as_i64(),
                        data: crate::output::row_text(&batch, row),
                        message: format!("column {}: '{value}' cannot be read as {sql_type}", field.name()),
                    },
                ));
            }
            columns.push(cast);
        }
        keep_good_rows(&self.schema, columns, rows, ok, polled.bad_rows, bad)
    }

    fn next_arrival(&self) -> Option<i64> {
        self.inner.next_arrival()
    }

    fn is_exhausted(&self) -> bool {
        self.inner.is_exhausted()
    }

    fn save(&self) -> Result<Vec<u8>> {
        self.inner.save()
    }

    fn load(&mut self, bytes: &[u8]) -> Result<()> {
        self.inner.load(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::SqlType;
    use crate::source::GeneratorSpec;

    /// Columns are taken by mapping (or name), renamed and cast; a value that does not cast
    /// sends its row to `error_stream` with the column and the value named.
    #[test]
    fn records_are_read_under_the_declared_schema() {
        let column = |name: &str, sql_type: SqlType, mapping: &str| RecordColumn {
            name: name.into(),
            sql_type,
            mapping: mapping.into(),
        };
        let ticker: GeneratorSpec = "ticker:count=50".parse().unwrap();
        let columns =
            vec![column("SYMBOL", SqlType::Varchar(None), "$.TICKER_SYMBOL"), column("PRICE", SqlType::Double, "")];
        let def = crate::source::file::stream_of("S", &columns);
        let mut source = Mapped::new(ticker.build("S").unwrap(), &def, &columns).unwrap();
        let polled = source.poll(i64::MAX, 100).unwrap();
        let batch = polled.batch.unwrap();
        assert_eq!(batch.num_rows(), 50);
        assert_eq!(batch.schema().field(1).name(), "SYMBOL");
        let price = crate::plan::ScalarValue::try_from_array(batch.column(2).as_ref(), 0).unwrap().to_text();
        assert!(price.len() <= 6, "a REAL read as DOUBLE shows as it was: {price}");

        let columns = vec![column("SECTOR", SqlType::Integer, "SECTOR")];
        let def = crate::source::file::stream_of("S", &columns);
        let mut source = Mapped::new(ticker.build("S").unwrap(), &def, &columns).unwrap();
        let polled = source.poll(i64::MAX, 100).unwrap();
        assert!(polled.batch.is_none());
        assert_eq!(polled.bad_rows.len(), 50);
        assert!(polled.bad_rows[0].message.starts_with("column SECTOR: '"), "{}", polled.bad_rows[0].message);
        assert!(polled.bad_rows[0].message.ends_with("' cannot be read as INTEGER"), "{}", polled.bad_rows[0].message);

        let columns = vec![column("VOLUME", SqlType::BigInt, "$.VOLUME")];
        let def = crate::source::file::stream_of("S", &columns);
        let missing = Mapped::new(ticker.build("S").unwrap(), &def, &columns).err().unwrap().to_string();
        assert!(missing.contains("no field 'VOLUME'") && missing.contains("TICKER_SYMBOL"), "{missing}");
    }
}
