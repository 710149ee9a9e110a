//! Flink's map functions, a row at a time on the maps' values: maps are small, and each
//! function is a few lines over the entries as [`ScalarValue`]s.

use arrow_array::ArrayRef;
use arrow_schema::DataType;
use regex::Regex;

use crate::error::{Error, Result};
use crate::plan::{MapOp, ScalarValue};

pub fn call(op: MapOp, args: &[ArrayRef], data_type: &DataType, rows: usize) -> Result<ArrayRef> {
    let mut out = Vec::with_capacity(rows);
    let mut values = Vec::with_capacity(args.len());
    let mut separators = Separators::default();
    for row in 0..rows {
        values.clear();
        for a in args {
            values.push(ScalarValue::try_from_array(a.as_ref(), row)?);
        }
        out.push(apply(op, &mut values, &mut separators)?);
    }
    ScalarValue::to_array(&out, data_type)
}

type Entries = Vec<(ScalarValue, ScalarValue)>;

fn apply(op: MapOp, args: &mut [ScalarValue], separators: &mut Separators) -> Result<ScalarValue> {
    use MapOp as M;
    use ScalarValue as V;
    match op {
        M::Make => {
            let pairs = args.chunks(2).map(|kv| (kv[0].clone(), kv[1].clone()));
            return Ok(V::Map(entries(pairs)?));
        }
        M::FromArrays => {
            let (V::Array(keys), V::Array(values)) = (&args[0], &args[1]) else { return Ok(V::Null) };
            if keys.len() != values.len() {
                return Err(Error::Execution(format!(
                    "MAP_FROM_ARRAYS takes arrays of one length, not {} keys and {} values",
                    keys.len(),
                    values.len()
                )));
            }
            return Ok(V::Map(entries(keys.iter().cloned().zip(values.iter().cloned()))?));
        }
        M::FromText => {
            let text = |i: usize, default: &str| match args.get(i) {
                None => Some(default.to_string()),
                Some(V::Utf8(s)) => Some(s.clone()),
                Some(_) => None,
            };
            let (Some(text), Some(pairs), Some(key_value)) = (text(0, ""), text(1, ","), text(2, "=")) else {
                return Ok(V::Null);
            };
            return from_text(&text, &separators.get(&pairs)?, &separators.get(&key_value)?);
        }
        _ => {}
    }
    if args.iter().any(ScalarValue::is_null) && op != M::Get {
        return Ok(V::Null);
    }
    // The map arguments: all of them, or (for `m[k]`) the first.
    let maps: Vec<Entries> = args
        .iter_mut()
        .take_while(|v| matches!(v, V::Map(_)))
        .map(|v| match std::mem::replace(v, V::Null) {
            V::Map(entries) => entries,
            _ => unreachable!("a map"),
        })
        .collect();
    let Some(map) = maps.first() else { return Ok(V::Null) };
    Ok(match op {
        M::Get => map.iter().find(|(k, _)| k == &args[1]).map_or(V::Null, |(_, v)| v.clone()),
        M::Equal => V::Boolean(V::Map(maps[0].clone()) == V::Map(maps[1].clone())),
        M::Text => V::Utf8(V::Map(maps[0].clone()).to_text()),
        M::Cardinality => V::Int32(map.len() as i32),
        M::Keys => V::Array(map.iter().map(|(k, _)| k.clone()).collect()),
        M::Values => V::Array(map.iter().map(|(_, v)| v.clone()).collect()),
        M::Entries => V::Array(
            map.iter().map(|(k, v)| V::Row(vec![("key".into(), k.clone()), ("value".into(), v.clone())])).collect(),
        ),
        // The last map's entries, then each earlier map's keys not seen yet (Flink's order).
        M::Union => {
            let mut out: Entries = Vec::new();
            for map in maps.iter().rev() {
                for (k, v) in map {
                    if !out.iter().any(|(seen, _)| seen == k) {
                        out.push((k.clone(), v.clone()));
                    }
                }
            }
            V::Map(out)
        }
        M::Make | M::FromArrays | M::FromText => unreachable!("computed above"),
    })
}

/// A map's entries from pairs: a repeated key keeps its first place and its last value; a NULL
/// key fails the row (Flink's maps may have one; Arrow's, which kdalite's are, may not).
fn entries(pairs: impl Iterator<Item = (ScalarValue, ScalarValue)>) -> Result<Entries> {
    let mut out: Entries = Vec::new();
    for (k, v) in pairs {
        if k.is_null() {
            return Err(Error::Execution("a map's key cannot be NULL".into()));
        }
        match out.iter_mut().find(|(seen, _)| seen == &k) {
            Some(entry) => entry.1 = v,
            None => out.push((k, v)),
        }
    }
    Ok(out)
}

/// `STR_TO_MAP`, as Flink's: the text split by the pair separator as Java's `String.split`
/// splits (trailing empty pieces dropped), each piece split once by the key-value separator;
/// '' is an empty map. Entries come in the order of the Java HashMap Flink makes.
fn from_text(text: &str, pairs: &Regex, key_value: &Regex) -> Result<ScalarValue> {
    let mut pieces = if text.is_empty() { vec![] } else { java_split(pairs, text) };
    while pieces.last() == Some(&"") {
        pieces.pop();
    }
    // Flink sizes the HashMap for the pieces (CollectionUtil.newHashMapWithExpectedSize): a
    // table of the power of two at or above n + 1 for n ≤ 2, n / 0.75 above.
    let n = pieces.len();
    let buckets = if n <= 2 { n + 1 } else { (n * 4).div_ceil(3) }.next_power_of_two() as u32;
    let mut out = entries(pieces.into_iter().map(|piece| {
        let mut kv = key_value.splitn(piece, 2);
        let key = ScalarValue::Utf8(kv.next().unwrap_or_default().to_string());
        (key, kv.next().map_or(ScalarValue::Null, |v| ScalarValue::Utf8(v.to_string())))
    }))?;
    // Java's HashMap iterates by bucket (the spread hash's low bits), then by arrival.
    let bucket = |k: &ScalarValue| {
        let h = java_hash(&k.to_text());
        (h ^ (h >> 16)) & (buckets - 1)
    };
    out.sort_by_key(|(k, _)| bucket(k));
    Ok(ScalarValue::Map(out))
}

/// Java's `String.hashCode`, over UTF-16 code units.
fn java_hash(s: &str) -> u32 {
    s.encode_utf16().fold(0u32, |h, c| h.wrapping_mul(31).wrapping_add(c as u32))
}

/// The pieces Java's `String.split` gives before it drops trailing empty ones: a match of
/// nothing at the start makes no empty first piece.
fn java_split<'a>(regex: &Regex, text: &'a str) -> Vec<&'a str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    for m in regex.find_iter(text) {
        if m.end() == 0 {
            continue;
        }
        if m.start() == m.end() && m.start() >= text.len() {
            break;
        }
        pieces.push(&text[start..m.start()]);
        start = m.end();
    }
    pieces.push(&text[start..]);
    pieces
}

/// STR_TO_MAP's separators, compiled once per pattern.
#[derive(Default)]
struct Separators(Vec<(String, Regex)>);

impl Separators {
    fn get(&mut self, pattern: &str) -> Result<Regex> {
        if let Some((_, regex)) = self.0.iter().find(|(p, _)| p == pattern) {
            return Ok(regex.clone());
        }
        let regex = Regex::new(pattern)
            .map_err(|e| Error::Execution(format!("STR_TO_MAP: '{pattern}' is not a regular expression: {e}")))?;
        self.0.push((pattern.to_string(), regex.clone()));
        Ok(regex)
    }
}
