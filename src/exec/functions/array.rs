//! Flink's array functions, a row at a time on the arrays' values: arrays are small, and each
//! function is a few lines over a `Vec` of [`ScalarValue`]s.

use arrow_array::ArrayRef;
use arrow_schema::DataType;

use crate::error::{Error, Result};
use crate::plan::{ArrayOp, ScalarValue};

pub fn call(op: ArrayOp, args: &[ArrayRef], data_type: &DataType, rows: usize) -> Result<ArrayRef> {
    let mut out = Vec::with_capacity(rows);
    let mut values = Vec::with_capacity(args.len());
    for row in 0..rows {
        values.clear();
        for a in args {
            values.push(ScalarValue::try_from_array(a.as_ref(), row)?);
        }
        out.push(apply(op, &mut values)?);
    }
    ScalarValue::to_array(&out, data_type)
}

fn apply(op: ArrayOp, args: &mut [ScalarValue]) -> Result<ScalarValue> {
    use ArrayOp as A;
    use ScalarValue as V;
    if op == A::Make {
        return Ok(V::Array(args.to_vec()));
    }
    if op == A::Split {
        let (V::Utf8(text), V::Utf8(separator)) = (&args[0], &args[1]) else { return Ok(V::Null) };
        // As Flink's (commons-lang's splitByWholeSeparatorPreserveAllTokens): '' has no pieces.
        let pieces: Vec<V> = if text.is_empty() {
            vec![]
        } else if separator.is_empty() {
            text.chars().map(|c| V::Utf8(c.to_string())).collect()
        } else {
            text.split(separator.as_str()).map(|p| V::Utf8(p.to_string())).collect()
        };
        return Ok(V::Array(pieces));
    }
    // NULL in, NULL out: the array always; both arrays of two; every argument of the functions
    // Flink makes NULL by any of them.
    let nullable = match op {
        A::Concat | A::Union | A::Intersect | A::Except | A::Equal | A::Slice | A::Element | A::Join => args.len(),
        _ => 1,
    };
    if args[..nullable].iter().any(ScalarValue::is_null) {
        return Ok(V::Null);
    }
    let (first, rest) = args.split_first_mut().expect("an array function has an argument");
    let V::Array(items) = std::mem::replace(first, V::Null) else {
        return Err(Error::Internal(format!("{op:?} of {first:?}, not an array")));
    };
    let int = |v: &ScalarValue| v.as_i64().unwrap_or(0);
    let array = |v: &ScalarValue| match v {
        V::Array(items) => items.clone(),
        _ => vec![],
    };
    Ok(match op {
        A::Make | A::Split => unreachable!("handled above"),
        A::Element => {
            let i = int(&rest[0]);
            usize::try_from(i - 1).ok().and_then(|i| items.get(i).cloned()).unwrap_or(V::Null)
        }
        A::Equal => V::Boolean(items == array(&rest[0])),
        A::Text => V::Utf8(V::Array(items).to_text()),
        A::Cardinality => V::Int32(items.len() as i32),
        A::Only => match items.len() {
            0 => V::Null,
            1 => items.into_iter().next().unwrap_or(V::Null),
            n => return Err(Error::Execution(format!("ELEMENT takes an array of at most one element, not {n}"))),
        },
        A::Contains => V::Boolean(items.contains(&rest[0])),
        A::Position if rest[0].is_null() => V::Null,
        A::Position => V::Int32(items.iter().position(|v| v == &rest[0]).map_or(0, |i| i as i32 + 1)),
        A::Join => {
            let null_text = rest.get(1).map(|v| v.to_text());
            let texts: Vec<String> =
                items.iter().filter_map(|v| if v.is_null() { null_text.clone() } else { Some(v.to_text()) }).collect();
            V::Utf8(texts.join(&rest[0].to_text()))
        }
        A::Slice => {
            let n = items.len() as i64;
            let at = |i: i64| if i < 0 { n + i + 1 } else { i };
            let start = at(int(&rest[0])).max(1);
            let end = rest.get(1).map_or(n, |e| at(int(e))).min(n);
            if start > end {
                V::Array(vec![])
            } else {
                V::Array(items[(start - 1) as usize..end as usize].to_vec())
            }
        }
        A::Remove => V::Array(items.into_iter().filter(|v| v != &rest[0]).collect()),
        A::Distinct => V::Array(distinct(items)),
        A::Reverse => V::Array(items.into_iter().rev().collect()),
        A::Concat => V::Array(items.into_iter().chain(rest.iter().flat_map(array)).collect()),
        A::Max => items.into_iter().filter(|v| !v.is_null()).max().unwrap_or(V::Null),
        A::Min => items.into_iter().filter(|v| !v.is_null()).min().unwrap_or(V::Null),
        A::Sort => {
            let flag = |i: usize, default: bool| match rest.get(i) {
                Some(V::Boolean(b)) => *b,
                _ => default,
            };
            let ascending = flag(0, true);
            let nulls_first = flag(1, ascending);
            let (nulls, mut values): (Vec<V>, Vec<V>) = items.into_iter().partition(ScalarValue::is_null);
            values.sort();
            if !ascending {
                values.reverse();
            }
            V::Array(if nulls_first { nulls.into_iter().chain(values).collect() } else { [values, nulls].concat() })
        }
        A::Append => V::Array(items.into_iter().chain([rest[0].clone()]).collect()),
        A::Prepend => V::Array([rest[0].clone()].into_iter().chain(items).collect()),
        A::Union => V::Array(distinct(items.into_iter().chain(array(&rest[0])).collect())),
        A::Intersect => {
            let other = array(&rest[0]);
            V::Array(distinct(items.into_iter().filter(|v| other.contains(v)).collect()))
        }
        A::Except => {
            let other = array(&rest[0]);
            V::Array(distinct(items.into_iter().filter(|v| !other.contains(v)).collect()))
        }
    })
}

/// The first occurrence of each value, in order.
fn distinct(items: Vec<ScalarValue>) -> Vec<ScalarValue> {
    let mut seen = std::collections::HashSet::new();
    items.into_iter().filter(|v| seen.insert(v.clone())).collect()
}
