//! Flink's arrays in expressions: `ARRAY[…]`, `a[i]`, `=` and `<>` of two arrays, CAST to text,
//! and the array functions (`CARDINALITY`, `ARRAY_CONTAINS`, …, `SPLIT`), each argument checked
//! against the array's element type as Flink checks it.

use arrow_schema::DataType;

use super::functions::{unify, Call};
use crate::error::{Position, Result};
use crate::plan::types::{common_numeric_type, element_type, list_type, sql_name};
use crate::plan::{ArrayOp, Expr, ScalarFunction};
use crate::plan_err;

/// The array function called `name`, if there is one.
pub(super) fn by_name(name: &str) -> Option<ArrayOp> {
    ArrayOp::CALLED.into_iter().find(|op| op.name() == name)
}

fn array_call(op: ArrayOp, args: Vec<Expr>, data_type: DataType) -> Expr {
    Expr::Call { func: ScalarFunction::Array(op), args, data_type }
}

/// `ARRAY[a, b, …]`: the elements' common type (numbers widen, NULL takes any).
pub(super) fn make(items: Vec<Expr>, position: Option<Position>) -> Result<Expr> {
    if items.is_empty() {
        return plan_err!(position, "ARRAY[] needs an element, as in Flink");
    }
    let element = match unify(items.iter().map(Expr::data_type), position, "an ARRAY's elements")? {
        // ARRAY[NULL]: Flink has no type for it either; text is the one that prints.
        DataType::Null => DataType::Utf8,
        t => t,
    };
    let items = items.into_iter().map(|e| e.cast_to(&element)).collect();
    Ok(array_call(ArrayOp::Make, items, list_type(element)))
}

/// `a[i]`, from 1.
pub(super) fn element(array: Expr, index: Expr, position: Option<Position>) -> Result<Expr> {
    let Some(element) = element_type(&array.data_type()).cloned() else {
        return plan_err!(position, "{array} is not an ARRAY, so it has no element [{index}]");
    };
    if !crate::plan::types::is_integer(&index.data_type()) && index.data_type() != DataType::Null {
        return plan_err!(
            position,
            "an array's index is an integer, not {index} of type {}",
            sql_name(&index.data_type())
        );
    }
    if let Some(i) = super::functions::int_literal(&index).filter(|i| *i < 1) {
        return plan_err!(position, "an array's elements are numbered from 1, so [{i}] finds none");
    }
    Ok(array_call(ArrayOp::Element, vec![array, index.cast_to(&DataType::Int64)], element))
}

/// `a = b` of two arrays (whose elements may differ as numbers do); None for any other pair of
/// operands.
pub(super) fn equal(l: &Expr, r: &Expr) -> Option<Expr> {
    let (lt, rt) = (l.data_type(), r.data_type());
    let (le, re) = (element_type(&lt)?, element_type(&rt)?);
    let element = if le == re { le.clone() } else { common_numeric_type(le, re, false)? };
    let args = vec![l.clone().cast_to(&list_type(element.clone())), r.clone().cast_to(&list_type(element))];
    Some(array_call(ArrayOp::Equal, args, DataType::Boolean))
}

/// `CAST(a AS STRING)`: as Flink prints an array, `[1, NULL, 3]`.
pub(super) fn text(array: Expr) -> Expr {
    array_call(ArrayOp::Text, vec![array], DataType::Utf8)
}

pub(super) fn call(op: ArrayOp, c: Call) -> Result<Expr> {
    use ArrayOp as A;
    if op == A::Split {
        c.arity(2, 2)?;
        return Ok(array_call(op, vec![c.text(0)?, c.text(1)?], list_type(DataType::Utf8)));
    }
    if op == A::Replicate {
        c.arity(1, 1)?;
        return Ok(array_call(op, vec![c.int(0)?], list_type(DataType::Int32)));
    }
    let (min, max) = match op {
        A::Concat => (1, usize::MAX),
        A::Join => (2, 3),
        A::Slice => (2, 3),
        A::Sort => (1, 3),
        A::Contains | A::Position | A::Remove | A::Append | A::Prepend | A::Union | A::Intersect | A::Except => (2, 2),
        _ => (1, 1),
    };
    c.arity(min, max)?;
    let array_type = c.args[0].data_type();
    let Some(element) = element_type(&array_type).cloned() else {
        return c.fail(&format!("argument 1 is {} of type {}, not an ARRAY", c.args[0], sql_name(&array_type)));
    };
    let mut args = vec![c.args[0].clone()];
    for i in 1..c.args.len() {
        args.push(match op {
            A::Contains | A::Position | A::Remove | A::Append | A::Prepend => c.typed(i, &element)?,
            A::Concat | A::Union | A::Intersect | A::Except => c.typed(i, &array_type)?,
            A::Join => c.text(i)?,
            A::Slice => c.int(i)?,
            A::Sort => c.typed(i, &DataType::Boolean)?,
            _ => unreachable!("one argument"),
        });
    }
    let data_type = match op {
        A::Cardinality | A::Position => DataType::Int32,
        A::Contains => DataType::Boolean,
        A::Join => {
            if element != DataType::Utf8 && element != DataType::Null {
                return c.fail(&format!("argument 1 is an ARRAY<{}>, not an ARRAY<STRING>", sql_name(&element)));
            }
            DataType::Utf8
        }
        A::Only | A::Max | A::Min => element,
        _ => array_type,
    };
    Ok(c.done(ScalarFunction::Array(op), data_type, args))
}
