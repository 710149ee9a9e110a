//! Numeric functions by name: ABS, rounding, logarithms and powers, trigonometry, MOD, random
//! numbers (and UUIDs), and the call that finishes PERCENTILE.

use arrow_schema::DataType;

use super::{int_literal, literal_of, Call};
use crate::error::Result;
use crate::plan::functions::{RandomKind, RandomState};
use crate::plan::types::{is_integer, is_numeric, sql_name};
use crate::plan::{BinaryOp, Expr, ScalarFunction, ScalarValue};
use crate::sql::planner::expr::ExprPlanner;
use crate::sql::planner::operators;

impl ExprPlanner<'_> {
    /// The numeric functions called by name; None for any other name.
    pub(super) fn numeric_call(&self, c: &Call) -> Result<Option<Expr>> {
        use ScalarFunction as F;
        let (name, position) = (c.name, c.position);
        Ok(Some(match name {
            "RAND" | "RAND_INTEGER" | "UUID" => {
                let (kind, data_type, bound) = match name {
                    "RAND" => (RandomKind::Double, DataType::Float64, 0),
                    "RAND_INTEGER" => (RandomKind::Integer, DataType::Int32, 1),
                    _ => (RandomKind::Uuid, DataType::Utf8, 0),
                };
                let seeds = if kind == RandomKind::Uuid { 0 } else { 1 };
                c.arity(bound, bound + seeds)?;
                let seeded = c.args.len() > bound;
                let seed = match c.args.first().filter(|_| seeded) {
                    // A NULL seed (as Flink's): NULL for every row.
                    Some(e) if literal_of(e).is_some_and(ScalarValue::is_null) => {
                        return Ok(Some(Expr::Literal(ScalarValue::Null).cast_to(&data_type)))
                    }
                    Some(e) => match int_literal(e) {
                        Some(seed) => seed,
                        None => return c.fail(&format!("the seed is an integer written as a literal, not {e}")),
                    },
                    // Where the call is written: a run is reproducible, and two calls differ.
                    None => position.map_or(0, |p| ((p.line as i64) << 32) | p.column as i64),
                };
                let args = if bound == 1 { vec![c.int(c.args.len() - 1)?.cast_to(&DataType::Int32)] } else { vec![] };
                c.done(F::Random(kind, RandomState::seeded(seed)), data_type, args)
            }
            "ABS" => {
                c.arity(1, 1)?;
                let interval = crate::plan::IntervalQualifier::of_type(&c.args[0].data_type()).is_some();
                let x = if interval { c.args[0].clone() } else { c.number(0)? };
                c.done(F::Abs, x.data_type(), vec![x])
            }
            "CEIL" | "CEILING" | "FLOOR" => {
                c.arity(1, 1)?;
                let x = c.number(0)?;
                let t = match x.data_type() {
                    DataType::Float32 | DataType::Float64 => DataType::Float64,
                    DataType::Decimal128(p, s) => DataType::Decimal128((p as i16 - s as i16 + 1).clamp(1, 38) as u8, 0),
                    other => other,
                };
                let x = if t == DataType::Float64 { x.cast_to(&t) } else { x };
                c.done(if name == "FLOOR" { F::Floor } else { F::Ceil }, t, vec![x])
            }
            "EXP" | "LN" | "LOG10" | "LOG2" | "SQRT" | "SIGN" => {
                c.arity(1, 1)?;
                let func = match name {
                    "EXP" => F::Exp,
                    "LN" => F::Ln,
                    "LOG10" => F::Log10,
                    "LOG2" => F::Log2,
                    "SQRT" => F::Sqrt,
                    _ => F::Sign,
                };
                c.done(func, DataType::Float64, vec![c.double(0)?])
            }
            name if crate::plan::Trig::by_name(name).is_some() => {
                c.arity(1, 1)?;
                let trig = crate::plan::Trig::by_name(name).expect("a trigonometric function");
                c.done(F::Trig(trig), DataType::Float64, vec![c.double(0)?])
            }
            "ATAN2" => {
                c.arity(2, 2)?;
                c.done(F::Atan2, DataType::Float64, vec![c.double(0)?, c.double(1)?])
            }
            "PI" | "E" => {
                c.arity(0, 0)?;
                let value = if name == "PI" { std::f64::consts::PI } else { std::f64::consts::E };
                Expr::Literal(ScalarValue::Float64(value))
            }
            "LOG" => {
                c.arity(1, 2)?;
                if c.args.len() == 1 {
                    c.done(F::Ln, DataType::Float64, vec![c.double(0)?])
                } else {
                    c.done(F::Log, DataType::Float64, vec![c.double(0)?, c.double(1)?])
                }
            }
            "POWER" | "POW" => {
                c.arity(2, 2)?;
                c.done(F::Power, DataType::Float64, vec![c.double(0)?, c.double(1)?])
            }
            "ROUND" | "TRUNCATE" => {
                c.arity(1, 2)?;
                let x = c.number(0)?;
                let digits = match c.args.get(1).map(int_literal) {
                    None => 0,
                    Some(Some(d)) => d,
                    Some(None) => return c.fail("the digits must be an integer literal"),
                };
                let t = match x.data_type() {
                    DataType::Float32 | DataType::Float64 => DataType::Float64,
                    DataType::Decimal128(p, s) => DataType::Decimal128(p, (digits.clamp(0, 38) as i8).min(s)),
                    other => other,
                };
                let x = if t == DataType::Float64 { x.cast_to(&t) } else { x };
                let func = if name == "ROUND" { F::Round } else { F::Truncate };
                c.done(func, t, vec![x, Expr::Literal(ScalarValue::Int64(digits))])
            }
            "MOD" => {
                c.arity(2, 2)?;
                let (a, b) = (c.args[0].clone(), c.args[1].clone());
                operators::binary(BinaryOp::Modulo, a, b, position)?
            }
            _ => return Ok(None),
        }))
    }
}

/// `PERCENTILE(x, p [, frequency])`'s finishing call (the parser's `$PERCENTILE_OF`): the
/// percentiles `p` (a number or an ARRAY of them, written in the query) of the group's values.
pub(super) fn percentile(c: Call) -> Result<Expr> {
    use ScalarFunction as F;
    c.arity(2, 3)?;
    let weighted = c.args.len() == 3;
    let usage = "the percentage is a number from 0 to 1, or an ARRAY of them, written in the query";
    let number = |e: &Expr| literal_of(e)?.as_f64().filter(|p| (0.0..=1.0).contains(p));
    let (percentages, data_type) = match &c.args[1] {
        Expr::Call { func: F::Array(crate::plan::ArrayOp::Make), args, .. } => {
            let ps: Option<Vec<f64>> = args.iter().map(number).collect();
            (ps, crate::plan::types::list_type(DataType::Float64))
        }
        e => (number(e).map(|p| vec![p]), DataType::Float64),
    };
    let Some(percentages) = percentages else { return c.fail(usage) };
    let number = |t: &DataType| is_numeric(t) || t == &DataType::Null;
    let DataType::List(item) = c.args[0].data_type() else { return c.fail("takes the values of a group") };
    // PERCENTILE(value, p, frequency): the aggregate keeps ROW(value, frequency).
    let (value, frequency) = match (item.data_type(), weighted) {
        (DataType::Struct(f), true) => (f[0].data_type().clone(), Some(f[1].data_type().clone())),
        (t, _) => (t.clone(), None),
    };
    if !number(&value) {
        return c.fail(&format!("takes numbers, not {}", sql_name(&value)));
    }
    if let Some(t) = frequency.filter(|t| !is_integer(t) && t != &DataType::Null) {
        return c.fail(&format!("the frequency is an integer, not {}", sql_name(&t)));
    }
    let percentages = percentages.into_iter().map(ScalarValue::Float64).collect();
    Ok(c.done(F::PercentileOf(percentages), data_type, vec![c.args[0].clone()]))
}
