//! A JSON object's values at the paths of a file's fields, read in one pass over its text: no
//! object is built, keys no field asks for are skipped (their values still checked as JSON),
//! and a string without escapes is borrowed from the text, not copied.

use std::borrow::Cow;
use std::fmt;

use arrow_array::builder::StringBuilder;
use arrow_array::StringArray;
use arrow_schema::DataType;
use serde::de::{DeserializeSeed, Deserializer, Error as _, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

/// How a field's value becomes text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ReadAs {
    /// As a column of text reads it: a string's own text, any other value as JSON writes it
    /// (`1.0`, `{"a":1}`).
    Text,
    /// For a column that reads the text as JSON again (a ROW, ARRAY or MAP): an object or
    /// array as the record writes it, without writing it anew.
    Json,
}

impl ReadAs {
    /// How a column of type `to` reads its field.
    pub(super) fn for_type(to: &DataType) -> ReadAs {
        match to {
            DataType::Struct(_) | DataType::List(_) | DataType::Map(..) => ReadAs::Json,
            _ => ReadAs::Text,
        }
    }
}

/// Columns of text that records' values are appended to, a column per field.
pub(super) struct TextColumns {
    pub(super) builders: Vec<StringBuilder>,
    /// A record's values, borrowed from its text: the vector is reused from record to record.
    slots: Vec<Option<Cow<'static, str>>>,
}

impl TextColumns {
    pub(super) fn new(fields: usize) -> TextColumns {
        TextColumns { builders: (0..fields).map(|_| StringBuilder::new()).collect(), slots: vec![None; fields] }
    }

    pub(super) fn finish(&mut self) -> Vec<StringArray> {
        self.builders.iter_mut().map(StringBuilder::finish).collect()
    }
}

/// The values' vector emptied, for values of another lifetime (collected in place: the
/// allocation is kept).
fn recycle<'b>(values: Vec<Option<Cow<'_, str>>>) -> Vec<Option<Cow<'b, str>>> {
    values.into_iter().map(|_| None).collect()
}

/// The paths to read, as a tree of keys from the record's top level.
pub(super) struct JsonReader {
    nodes: Vec<Node>,
}

/// A key's place in the tree: the keys under it that lead to fields, and the field it is
/// itself, if it is one (its slot and how it is read).
#[derive(Default)]
struct Node {
    keys: Vec<(Box<str>, usize)>,
    field: Option<(usize, ReadAs)>,
}

impl JsonReader {
    /// A reader of `fields`, each a path of keys with how it is read; `None` leaves a field out
    /// (its slot stays empty). Slot `i` is field `i`.
    pub(super) fn new<'a>(fields: impl IntoIterator<Item = (&'a [String], Option<ReadAs>)>) -> JsonReader {
        let mut nodes = vec![Node::default()];
        for (slot, (path, read)) in fields.into_iter().enumerate() {
            let Some(read) = read else { continue };
            let mut at = 0;
            for key in path {
                at = match nodes[at].keys.iter().find(|(k, _)| **k == **key) {
                    Some(&(_, child)) => child,
                    None => {
                        nodes.push(Node::default());
                        let child = nodes.len() - 1;
                        nodes[at].keys.push((key.as_str().into(), child));
                        child
                    }
                };
            }
            // The root is the record, no field: a path has at least one key.
            if at > 0 {
                nodes[at].field = Some((slot, read));
            }
        }
        JsonReader { nodes }
    }

    /// A reader of every one of `fields` as text.
    pub(super) fn text(fields: &[Vec<String>]) -> JsonReader {
        JsonReader::new(fields.iter().map(|f| (f.as_slice(), Some(ReadAs::Text))))
    }

    /// Reads `text` as [`JsonReader::read`] does and appends its values to `columns` if it is
    /// an object (nothing otherwise).
    pub(super) fn append(&self, text: &str, columns: &mut TextColumns) -> serde_json::Result<bool> {
        let mut values = recycle(std::mem::take(&mut columns.slots));
        let object = self.read(text, &mut values);
        if let Ok(true) = object {
            for (b, value) in columns.builders.iter_mut().zip(&values) {
                match value {
                    Some(v) => b.append_value(v),
                    None => b.append_null(),
                }
            }
        }
        columns.slots = recycle(values);
        object
    }

    /// The values of `text`, a JSON object, at the fields' paths, into `out` (one slot a
    /// field; `None` where the record has no value or null). `Ok(false)`: `text` is JSON, but
    /// not an object.
    pub(super) fn read<'t>(&self, text: &'t str, out: &mut [Option<Cow<'t, str>>]) -> serde_json::Result<bool> {
        out.fill(None);
        let mut de = serde_json::Deserializer::from_str(text);
        let object = Object { reader: self, node: 0, out }.deserialize(&mut de)?;
        de.end()?;
        Ok(object)
    }
}

/// The value at a node: when an object, its keys' values go to their fields.
struct Object<'r, 'o, 't> {
    reader: &'r JsonReader,
    node: usize,
    out: &'o mut [Option<Cow<'t, str>>],
}

impl<'t> DeserializeSeed<'t> for Object<'_, '_, 't> {
    /// Whether the value is an object.
    type Value = bool;

    fn deserialize<D: Deserializer<'t>>(self, deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'t> Visitor<'t> for Object<'_, '_, 't> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_map<A: MapAccess<'t>>(self, mut map: A) -> Result<bool, A::Error> {
        let Object { reader, node, out } = self;
        while let Some(child) = map.next_key_seed(Key(&reader.nodes[node]))? {
            let Some(child) = child else {
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            let Some((slot, read)) = reader.nodes[child].field else {
                map.next_value_seed(Object { reader, node: child, out: &mut *out })?;
                continue;
            };
            let raw: &'t RawValue = map.next_value()?;
            out[slot] = value_text(raw.get(), read).map_err(A::Error::custom)?;
            // A field inside this field's value: its text is read again for it.
            if !reader.nodes[child].keys.is_empty() {
                let mut de = serde_json::Deserializer::from_str(raw.get());
                Object { reader, node: child, out: &mut *out }.deserialize(&mut de).map_err(A::Error::custom)?;
            }
        }
        Ok(true)
    }

    fn visit_seq<A: SeqAccess<'t>>(self, mut seq: A) -> Result<bool, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(false)
    }

    fn visit_unit<E>(self) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_bool<E>(self, _: bool) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_i64<E>(self, _: i64) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_u64<E>(self, _: u64) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_f64<E>(self, _: f64) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_str<E>(self, _: &str) -> Result<bool, E> {
        Ok(false)
    }
}

/// A key of an object at a node: the child node it leads to, if a field is under it.
struct Key<'r>(&'r Node);

impl<'t> DeserializeSeed<'t> for Key<'_> {
    type Value = Option<usize>;

    fn deserialize<D: Deserializer<'t>>(self, deserializer: D) -> Result<Option<usize>, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'t> Visitor<'t> for Key<'_> {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E>(self, key: &str) -> Result<Option<usize>, E> {
        Ok(self.0.keys.iter().find(|(k, _)| **k == *key).map(|&(_, child)| child))
    }
}

/// A value's text as `read` asks for it, from its JSON text `raw`; `None` for null. The text
/// is the one the value would have written anew as JSON (a number `1.50` reads as `1.5`),
/// taken straight from `raw` where the two are the same.
fn value_text(raw: &str, read: ReadAs) -> serde_json::Result<Option<Cow<'_, str>>> {
    let bytes = raw.as_bytes();
    let plain_integer = || {
        let digits = bytes.strip_prefix(b"-").unwrap_or(bytes);
        // Past 18 digits an integer may not fit 64 bits (then it is a double); "-0" is -0.0.
        digits.len() <= 18 && digits.iter().all(u8::is_ascii_digit) && !bytes.starts_with(b"-0")
    };
    // A decimal written as a double writes itself: at most 15 significant digits (no other
    // such decimal is the same double, so the shortest text of the double is this one), no
    // trailing zero, no exponent, and a magnitude (0.1 to 10^15) that is written without one.
    let plain_decimal = || {
        let digits = bytes.strip_prefix(b"-").unwrap_or(bytes);
        let Some(point) = digits.iter().position(|&b| b == b'.') else { return false };
        let (whole, fraction) = (&digits[..point], &digits[point + 1..]);
        let significant = if whole == b"0" { fraction.len() } else { whole.len() + fraction.len() };
        !whole.is_empty()
            && (whole == b"0" || whole[0] != b'0')
            && (whole != b"0" || fraction.first().is_some_and(|&d| d != b'0'))
            && fraction.last().is_some_and(|&d| d != b'0')
            && significant <= 15
            && whole.iter().chain(fraction).all(u8::is_ascii_digit)
    };
    Ok(match bytes.first() {
        Some(b'n') => None,
        Some(b'"') => match &raw[1..raw.len() - 1] {
            inner if !inner.contains('\\') => Some(Cow::Borrowed(inner)),
            _ => Some(Cow::Owned(serde_json::from_str::<String>(raw)?)),
        },
        Some(b't' | b'f') => Some(Cow::Borrowed(raw)),
        Some(b'{' | b'[') if read == ReadAs::Json => Some(Cow::Borrowed(raw)),
        Some(b'-' | b'0'..=b'9') if plain_integer() || plain_decimal() => Some(Cow::Borrowed(raw)),
        _ => Some(Cow::Owned(serde_json::from_str::<serde_json::Value>(raw)?.to_string())),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(p: &str) -> Vec<String> {
        p.split('.').map(String::from).collect()
    }

    /// The values of `text` at `paths` (each read as text), or the error.
    fn read(paths: &[&str], text: &str) -> Result<Option<Vec<Option<String>>>, String> {
        let fields: Vec<Vec<String>> = paths.iter().map(|p| path(p)).collect();
        let reader = JsonReader::text(&fields);
        let mut out = vec![None; fields.len()];
        match reader.read(text, &mut out) {
            Ok(true) => Ok(Some(out.into_iter().map(|v| v.map(Cow::into_owned)).collect())),
            Ok(false) => Ok(None),
            Err(e) => Err(e.to_string()),
        }
    }

    fn some(values: &[Option<&str>]) -> Result<Option<Vec<Option<String>>>, String> {
        Ok(Some(values.iter().map(|v| v.map(String::from)).collect()))
    }

    #[test]
    fn values_read_as_text_as_json_writes_them() {
        let text = r#"{"s":"a\"b","n":1.50,"i":-12,"z":-0,"e":1e3,"b":true,"o":{"x":[1, 2]},"nul":null}"#;
        assert_eq!(
            read(&["s", "n", "i", "z", "e", "b", "o", "nul", "missing"], text),
            some(&[
                Some("a\"b"),
                Some("1.5"),
                Some("-12"),
                Some("-0.0"),
                Some("1000.0"),
                Some("true"),
                Some(r#"{"x":[1,2]}"#),
                None,
                None
            ])
        );
        // Every value as the JSON value's text would be.
        for (key, value) in serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(text).unwrap() {
            let expected = match value {
                serde_json::Value::Null => None,
                serde_json::Value::String(s) => Some(s),
                other => Some(other.to_string()),
            };
            assert_eq!(read(&[&key], text), Ok(Some(vec![expected])), "{key}");
        }
    }

    #[test]
    fn numbers_read_as_their_doubles_write_them() {
        let mut numbers: Vec<String> =
            ["0.1", "-0.5", "0.05", "62.35", "1.10", "100.0", "1e3", "0.30000000000000004"].map(String::from).to_vec();
        // Decimals of every length and magnitude around the limits.
        let mut seed = 7u64;
        for _ in 0..20_000 {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let digits = (seed ^ (seed >> 29)) % 10u64.pow(1 + (seed >> 59) as u32 % 17);
            let point = 1 + (seed >> 8) % 17;
            let text = format!("{digits:0>19}");
            let (whole, fraction) = text.split_at(19 - point as usize);
            let whole = whole.trim_start_matches('0');
            numbers.push(format!(
                "{}{}.{fraction}",
                if seed & 1 == 1 { "-" } else { "" },
                if whole.is_empty() { "0" } else { whole }
            ));
        }
        for number in numbers {
            let written = serde_json::from_str::<serde_json::Value>(&number).unwrap().to_string();
            assert_eq!(value_text(&number, ReadAs::Text).unwrap(), Some(Cow::Owned(written)), "{number}");
        }
    }

    #[test]
    fn nested_fields_and_a_field_inside_another() {
        let text = r#"{"a":{"b":{"c":7},"d":"x"},"skip":{"deep":[{"q":1}]},"a2":null}"#;
        assert_eq!(read(&["a.b.c", "a.d", "a2.b"], text), some(&[Some("7"), Some("x"), None]));
        // `a.b` is a field, and so is `a.b.c` inside its value.
        assert_eq!(read(&["a.b", "a.b.c"], text), some(&[Some(r#"{"c":7}"#), Some("7")]));
        // A path through a value that is not an object finds nothing.
        assert_eq!(read(&["a.d.e"], text), some(&[None]));
    }

    #[test]
    fn a_json_field_keeps_the_record_s_text() {
        let fields = [path("o"), path("s")];
        let reader = JsonReader::new([(fields[0].as_slice(), Some(ReadAs::Json)), (fields[1].as_slice(), None)]);
        let mut out = vec![None; fields.len()];
        assert!(reader.read(r#"{"o": {"x": [1, 2]}, "s": "left out"}"#, &mut out).unwrap());
        assert_eq!(out, [Some(Cow::Borrowed(r#"{"x": [1, 2]}"#)), None]);
    }

    #[test]
    fn not_an_object_or_not_json() {
        assert_eq!(read(&["a"], "[1, {\"a\": 2}]"), Ok(None));
        assert_eq!(read(&["a"], "\"a\""), Ok(None));
        assert!(read(&["a"], r#"{"a": 1"#).unwrap_err().contains("EOF while parsing"));
        // A skipped value is still checked.
        assert!(read(&["a"], r#"{"b": [1,, 2], "a": 1}"#).unwrap_err().contains("expected value"));
        assert!(read(&["a"], r#"{"a": 1} x"#).unwrap_err().contains("trailing characters"));
        // The last of two equal keys counts, as in a JSON object read whole.
        assert_eq!(read(&["a"], r#"{"a": 1, "a": 2}"#), some(&[Some("2")]));
    }
}
