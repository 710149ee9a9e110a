//! Flink's maps in expressions: `MAP[…]`, `m[k]`, `=` and `<>` of two maps, CAST to text, and
//! the map functions (`CARDINALITY`, `MAP_KEYS`, …, `STR_TO_MAP`), each argument checked against
//! the map's key and value types as Flink checks it.

use arrow_schema::DataType;

use super::functions::{unify, Call};
use crate::error::{Position, Result};
use crate::plan::types::{common_numeric_type, element_type, list_type, map_type, map_types, sql_name};
use crate::plan::{Expr, MapOp, ScalarFunction};
use crate::plan_err;

/// The map function called `name`, if there is one.
pub(super) fn by_name(name: &str) -> Option<MapOp> {
    MapOp::CALLED.into_iter().find(|op| op.name() == name)
}

fn map_call(op: MapOp, args: Vec<Expr>, data_type: DataType) -> Expr {
    Expr::Call { func: ScalarFunction::Map(op), args, data_type }
}

/// The common type of keys or values (numbers widen; NULL alone is text, the one that prints).
fn common(items: impl Iterator<Item = DataType>, position: Option<Position>, what: &str) -> Result<DataType> {
    Ok(match unify(items, position, what)? {
        DataType::Null => DataType::Utf8,
        t => t,
    })
}

/// `MAP[k, v, …]`: keys of one type, values of one type.
pub(super) fn make(items: Vec<Expr>, position: Option<Position>) -> Result<Expr> {
    if items.is_empty() || items.len() % 2 == 1 {
        return plan_err!(
            position,
            "MAP[…] takes keys and values in pairs, MAP[key, value, …], not {} item(s), as in Flink",
            items.len()
        );
    }
    let key = common(items.iter().step_by(2).map(Expr::data_type), position, "a MAP's keys")?;
    let value = common(items.iter().skip(1).step_by(2).map(Expr::data_type), position, "a MAP's values")?;
    let items = items.into_iter().enumerate().map(|(i, e)| e.cast_to(if i % 2 == 0 { &key } else { &value })).collect();
    Ok(map_call(MapOp::Make, items, map_type(key, value)))
}

/// `m[k]`; None when `map` is not a map.
pub(super) fn get(map: &Expr, key: Expr, position: Option<Position>) -> Option<Result<Expr>> {
    let (key_type, value_type) = map_types(&map.data_type()).map(|(k, v)| (k.clone(), v.clone()))?;
    Some(match key.data_type() {
        t if t == key_type || t == DataType::Null || common_numeric_type(&t, &key_type, true).is_some() => {
            Ok(map_call(MapOp::Get, vec![map.clone(), key.cast_to(&key_type)], value_type))
        }
        t => plan_err!(position, "{map} has keys of type {}, not {key} of type {}", sql_name(&key_type), sql_name(&t)),
    })
}

/// `m = n` of two maps of the same types; None for any other pair of operands.
pub(super) fn equal(l: &Expr, r: &Expr) -> Option<Expr> {
    let (lt, rt) = (l.data_type(), r.data_type());
    (map_types(&lt).is_some() && lt == rt)
        .then(|| map_call(MapOp::Equal, vec![l.clone(), r.clone()], DataType::Boolean))
}

/// `CAST(m AS STRING)`: as Flink prints a map, `{a=1, b=NULL}`.
pub(super) fn text(map: Expr) -> Expr {
    map_call(MapOp::Text, vec![map], DataType::Utf8)
}

/// Whether `e` is a map (CARDINALITY takes an array or a map).
pub(super) fn is_map(e: &Expr) -> bool {
    map_types(&e.data_type()).is_some()
}

pub(super) fn call(op: MapOp, c: Call) -> Result<Expr> {
    use MapOp as M;
    match op {
        M::FromText => {
            c.arity(1, 3)?;
            for i in 1..c.args.len() {
                c.regex_literal(i)?;
            }
            let args = (0..c.args.len()).map(|i| c.text(i)).collect::<Result<Vec<_>>>()?;
            return Ok(c.done(ScalarFunction::Map(op), map_type(DataType::Utf8, DataType::Utf8), args));
        }
        M::FromArrays => {
            c.arity(2, 2)?;
            let mut elements = Vec::with_capacity(2);
            for (i, a) in c.args.iter().enumerate() {
                match element_type(&a.data_type()) {
                    Some(t) => elements.push(t.clone()),
                    None => {
                        return c.fail(&format!(
                            "argument {} is {a} of type {}, not an ARRAY",
                            i + 1,
                            sql_name(&a.data_type())
                        ))
                    }
                }
            }
            let data_type = map_type(elements[0].clone(), elements[1].clone());
            return Ok(c.done(ScalarFunction::Map(op), data_type, c.args.clone()));
        }
        _ => {}
    }
    let (min, max) = if op == M::Union { (1, usize::MAX) } else { (1, 1) };
    c.arity(min, max)?;
    let map = c.args[0].data_type();
    let Some((key, value)) = map_types(&map).map(|(k, v)| (k.clone(), v.clone())) else {
        return c.fail(&format!("argument 1 is {} of type {}, not a MAP", c.args[0], sql_name(&map)));
    };
    let args = (0..c.args.len()).map(|i| c.typed(i, &map)).collect::<Result<Vec<_>>>()?;
    let data_type = match op {
        M::Cardinality => DataType::Int32,
        M::Keys => list_type(key),
        M::Values => list_type(value),
        M::Entries => list_type(DataType::Struct(
            vec![arrow_schema::Field::new("key", key, true), arrow_schema::Field::new("value", value, true)].into(),
        )),
        _ => map,
    };
    Ok(c.done(ScalarFunction::Map(op), data_type, args))
}
