//! Text cast to a stream column's type, JSON read into ROW, ARRAY and MAP values.

use std::sync::Arc;

use arrow_array::{Array, ArrayRef, StringArray, TimestampMillisecondArray};
use arrow_cast::CastOptions;
use arrow_schema::DataType;

use super::json_read::{JsonReader, ReadAs, TextColumns};
use crate::error::Result;
use crate::plan::types::parse_timestamp;

/// Values as text in a column of type `to`, NULL where a value is not one. Timestamps take the
/// spellings files use (`2020-04-15 08:05`, ISO, …); a ROW takes a JSON object, each field
/// read as a column of its own, and an ARRAY a JSON array (either is not one if a field or
/// element of it is not). A TIMESTAMP_LTZ's text is UTC (`2020-04-15 08:05:00Z`), as Flink's
/// JSON and CSV formats write and read it.
pub(super) fn typed(raw: &StringArray, to: &DataType) -> Result<ArrayRef> {
    match to {
        DataType::Timestamp(_, zone) => {
            let times = raw.iter().map(|v| v.and_then(parse_timestamp)).collect::<TimestampMillisecondArray>();
            Ok(Arc::new(times.with_timezone_opt(zone.clone())))
        }
        // BYTES are read as Flink's JSON and CSV formats write them: base64.
        DataType::Binary => {
            use base64::Engine;
            let engine = base64::engine::general_purpose::STANDARD;
            Ok(Arc::new(raw.iter().map(|v| engine.decode(v?).ok()).collect::<arrow_array::BinaryArray>()))
        }
        DataType::Struct(fields) => {
            let names: Vec<Vec<String>> = fields.iter().map(|f| vec![f.name().clone()]).collect();
            let reads = fields.iter().map(|f| Some(ReadAs::for_type(f.data_type())));
            let reader = JsonReader::new(names.iter().map(Vec::as_slice).zip(reads));
            let mut columns = TextColumns::new(fields.len());
            let mut valid = Vec::with_capacity(raw.len());
            for v in raw.iter() {
                let object = v.is_some_and(|text| matches!(reader.append(text, &mut columns), Ok(true)));
                if !object {
                    columns.builders.iter_mut().for_each(|b| b.append_null());
                }
                valid.push(object);
            }
            let mut children = Vec::with_capacity(fields.len());
            for (texts, field) in columns.finish().iter().zip(fields) {
                let child = typed(texts, field.data_type())?;
                // An object with a field that does not read is not a valid ROW.
                for (r, ok) in valid.iter_mut().enumerate() {
                    *ok &= !(texts.is_valid(r) && child.is_null(r));
                }
                children.push(child);
            }
            let nulls = arrow_buffer::NullBuffer::from(valid);
            Ok(Arc::new(arrow_array::StructArray::try_new(fields.clone(), children, Some(nulls))?))
        }
        // An ARRAY takes a JSON array, its elements read as a column of their own; an array
        // with an element that does not read is not a valid one.
        DataType::List(element) => {
            let mut offsets = vec![0i32];
            let mut texts: Vec<Option<String>> = Vec::new();
            let mut valid = Vec::with_capacity(raw.len());
            for v in raw.iter() {
                let items = match v.map(serde_json::from_str) {
                    Some(Ok(serde_json::Value::Array(items))) => Some(items),
                    _ => None,
                };
                valid.push(items.is_some());
                texts.extend(items.into_iter().flatten().map(value_text));
                offsets.push(texts.len() as i32);
            }
            let texts: StringArray = texts.into_iter().collect();
            let values = typed(&texts, element.data_type())?;
            for (i, ok) in valid.iter_mut().enumerate() {
                let (start, end) = (offsets[i] as usize, offsets[i + 1] as usize);
                *ok &= (start..end).all(|j| texts.is_null(j) || values.is_valid(j));
            }
            let offsets = arrow_buffer::OffsetBuffer::new(offsets.into());
            Ok(Arc::new(arrow_array::ListArray::try_new(element.clone(), offsets, values, Some(valid.into()))?))
        }
        // A MAP takes a JSON object, its keys and values read as columns of their own; a map
        // with a key or value that does not read is not a valid one.
        DataType::Map(entries, sorted) => {
            let DataType::Struct(fields) = entries.data_type() else {
                return Err(crate::error::Error::Internal(format!("a map of {}", entries.data_type())));
            };
            let mut offsets = vec![0i32];
            let (mut keys, mut values): (Vec<Option<String>>, Vec<Option<String>>) = (vec![], vec![]);
            let mut valid = Vec::with_capacity(raw.len());
            for v in raw.iter() {
                let object = match v.map(serde_json::from_str) {
                    Some(Ok(serde_json::Value::Object(object))) => Some(object),
                    _ => None,
                };
                valid.push(object.is_some());
                for (key, value) in object.into_iter().flatten() {
                    keys.push(Some(key));
                    values.push(value_text(value));
                }
                offsets.push(keys.len() as i32);
            }
            let (keys, texts): (StringArray, StringArray) = (keys.into_iter().collect(), values.into_iter().collect());
            let (key_array, value_array) =
                (typed(&keys, fields[0].data_type())?, typed(&texts, fields[1].data_type())?);
            for (i, ok) in valid.iter_mut().enumerate() {
                let (start, end) = (offsets[i] as usize, offsets[i + 1] as usize);
                *ok &= (start..end).all(|j| key_array.is_valid(j) && (texts.is_null(j) || value_array.is_valid(j)));
            }
            // A row that is not valid keeps no entries (a map's keys cannot be NULL).
            let mut kept_offsets = vec![0i32];
            let mut keep = Vec::with_capacity(keys.len());
            for (i, ok) in valid.iter().enumerate() {
                let n = (offsets[i + 1] - offsets[i]) as usize;
                keep.extend(std::iter::repeat_n(*ok, n));
                kept_offsets.push(kept_offsets[i] + if *ok { n as i32 } else { 0 });
            }
            let keep = arrow_array::BooleanArray::from(keep);
            let key_array = arrow_select::filter::filter(&key_array, &keep)?;
            let value_array = arrow_select::filter::filter(&value_array, &keep)?;
            let offsets = kept_offsets;
            let entries_array = arrow_array::StructArray::try_new(fields.clone(), vec![key_array, value_array], None)?;
            let offsets = arrow_buffer::OffsetBuffer::new(offsets.into());
            Ok(Arc::new(arrow_array::MapArray::try_new(
                entries.clone(),
                offsets,
                entries_array,
                Some(valid.into()),
                *sorted,
            )?))
        }
        other => {
            let options = CastOptions { safe: true, ..Default::default() };
            Ok(arrow_cast::cast_with_options(raw, other, &options)?)
        }
    }
}

/// A JSON value as the text a column reads it from: a string's own text, any other value's
/// JSON; NULL for null.
fn value_text(value: serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::Null => None,
        serde_json::Value::String(s) => Some(s),
        other => Some(other.to_string()),
    }
}
