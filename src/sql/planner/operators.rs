//! Binary operators: the parser's operator as kdalite's, and its operands cast to a common type
//! (intervals, ROW values, arrays and maps compared their own way).

use arrow_schema::DataType;
use sqlparser::ast;

use crate::error::{Position, Result};
use crate::plan::types::{common_numeric_type, common_time_type, decimal_operand, is_numeric, sql_name};
use crate::plan::{BinaryOp, Expr, ScalarValue};
use crate::plan_err;

/// A binary operator with its operands cast to a common type.
pub(crate) fn binary(op: BinaryOp, l: Expr, r: Expr, position: Option<Position>) -> Result<Expr> {
    let (lt, rt) = (l.data_type(), r.data_type());
    if super::interval::applies(op, &lt, &rt) {
        return super::interval::binary(op, l, r, position);
    }
    if let (DataType::Struct(lf), DataType::Struct(rf)) = (&lt, &rt) {
        return rows_compared(op, (&l, lf), (&r, rf), position);
    }
    let map = matches!(lt, DataType::Map(..)) || matches!(rt, DataType::Map(..));
    if map || matches!(lt, DataType::List(_)) || matches!(rt, DataType::List(_)) {
        let equal = match op {
            BinaryOp::Eq | BinaryOp::NotEq if map => super::maps::equal(&l, &r),
            BinaryOp::Eq | BinaryOp::NotEq => super::arrays::equal(&l, &r),
            _ => None,
        };
        return match equal {
            Some(e) if op == BinaryOp::NotEq => Ok(Expr::Not(Box::new(e))),
            Some(e) => Ok(e),
            None => {
                let what = if map { "maps" } else { "arrays" };
                plan_err!(position, "{l} {op} {r}: {what} compare with = and <> only, to {what} of the same type")
            }
        };
    }
    let operand = if op.is_logical() {
        Some(DataType::Boolean).filter(|_| {
            matches!(lt, DataType::Boolean | DataType::Null) && matches!(rt, DataType::Boolean | DataType::Null)
        })
    } else if lt == DataType::Null {
        Some(rt.clone())
    } else if rt == DataType::Null || lt == rt {
        Some(lt.clone())
    } else if let Some(t) = common_numeric_type(&lt, &rt, op.is_comparison()) {
        Some(t)
    } else if let Some(time) = common_time_type(&lt, &rt).filter(|_| op.is_comparison()) {
        Some(time)
    } else if op.is_comparison() && (lt == DataType::Utf8 || rt == DataType::Utf8) {
        // '2018-11-01 00:00:00' = ts and '5' = n: compare as the non-string side's type.
        Some(if lt == DataType::Utf8 { rt.clone() } else { lt.clone() })
    } else {
        None
    };
    // Arithmetic on a DECIMAL and a DECIMAL or an integer is exact: each side as its own
    // decimal, the result typed by `decimal_result`.
    let decimal = matches!(lt, DataType::Decimal128(..)) || matches!(rt, DataType::Decimal128(..));
    if decimal && !op.is_comparison() && !op.is_logical() {
        if let (Some((p1, s1)), Some((p2, s2))) = (decimal_operand(&lt), decimal_operand(&rt)) {
            return Ok(Expr::Binary {
                op,
                left: Box::new(l.cast_to(&DataType::Decimal128(p1, s1))),
                right: Box::new(r.cast_to(&DataType::Decimal128(p2, s2))),
            });
        }
    }
    let arithmetic_ok = |t: &DataType| op.is_comparison() || op.is_logical() || is_numeric(t);
    match operand {
        Some(t) if arithmetic_ok(&t) => {
            Ok(Expr::Binary { op, left: Box::new(l.cast_to(&t)), right: Box::new(r.cast_to(&t)) })
        }
        _ => plan_err!(position, "operator {op} cannot combine {} and {}", sql_name(&lt), sql_name(&rt)),
    }
}

/// `(a, b) = (c, d)` is `a = c AND b = d`, `<>` its negation; ROW values compare no other way.
fn rows_compared(
    op: BinaryOp,
    (l, lf): (&Expr, &arrow_schema::Fields),
    (r, rf): (&Expr, &arrow_schema::Fields),
    position: Option<Position>,
) -> Result<Expr> {
    if !matches!(op, BinaryOp::Eq | BinaryOp::NotEq) || lf.len() != rf.len() {
        return plan_err!(position, "ROW values compare with = and <> when they have as many fields, not {l} {op} {r}");
    }
    let field = |e: &Expr, fields: &arrow_schema::Fields, i: usize| Expr::Field {
        expr: Box::new(e.clone()),
        index: i,
        name: fields[i].name().clone(),
        data_type: fields[i].data_type().clone(),
    };
    let mut equal: Option<Expr> = None;
    for i in 0..lf.len() {
        let pair = binary(BinaryOp::Eq, field(l, lf, i), field(r, rf, i), position)?;
        equal = Some(match equal {
            Some(acc) => Expr::Binary { op: BinaryOp::And, left: Box::new(acc), right: Box::new(pair) },
            None => pair,
        });
    }
    let equal = equal.unwrap_or(Expr::Literal(ScalarValue::Boolean(true)));
    Ok(if op == BinaryOp::NotEq { Expr::Not(Box::new(equal)) } else { equal })
}

pub(super) fn binary_op(op: &ast::BinaryOperator) -> Option<BinaryOp> {
    use ast::BinaryOperator as B;
    Some(match op {
        B::Plus => BinaryOp::Plus,
        B::Minus => BinaryOp::Minus,
        B::Multiply => BinaryOp::Multiply,
        B::Divide => BinaryOp::Divide,
        B::Modulo => BinaryOp::Modulo,
        B::Eq => BinaryOp::Eq,
        B::NotEq => BinaryOp::NotEq,
        B::Lt => BinaryOp::Lt,
        B::LtEq => BinaryOp::LtEq,
        B::Gt => BinaryOp::Gt,
        B::GtEq => BinaryOp::GtEq,
        B::And => BinaryOp::And,
        B::Or => BinaryOp::Or,
        _ => return None,
    })
}
