//! Evaluating expressions over a whole batch at once with Arrow's kernels.

use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::{Decimal128Type, TimestampMillisecondType};
use arrow_array::{new_null_array, Array, ArrayRef, RecordBatch, TimestampMillisecondArray};
use arrow_schema::DataType;

use super::cast::cast;
use crate::error::{Error, Result};
use crate::plan::{BinaryOp, Expr, LikeKind, ScalarValue, TimeUnitKw, WindowSize};

/// The value of `expr` for every row of `batch`.
pub fn evaluate(expr: &Expr, batch: &RecordBatch) -> Result<ArrayRef> {
    let rows = batch.num_rows();
    Ok(match expr {
        Expr::Column { index, .. } => batch.column(*index).clone(),
        Expr::Literal(ScalarValue::Null) => new_null_array(&DataType::Null, rows),
        Expr::Literal(v) => ScalarValue::to_array(std::iter::repeat_n(v, rows), &v.data_type())?,
        Expr::Binary { op, left, right } => {
            let (l, r) = (evaluate(left, batch)?, evaluate(right, batch)?);
            binary(*op, &l, &r)?
        }
        Expr::Not(e) => Arc::new(arrow_arith::boolean::not(evaluate(e, batch)?.as_boolean())?),
        Expr::Negate(e) => arrow_arith::numeric::neg(evaluate(e, batch)?.as_ref())?,
        Expr::IsNull { expr, negated } => {
            let v = evaluate(expr, batch)?;
            Arc::new(if *negated { arrow_arith::boolean::is_not_null(&v)? } else { arrow_arith::boolean::is_null(&v)? })
        }
        // A value that does not cast is an error, not a NULL: the row goes to error_stream.
        Expr::Cast { expr, to } => cast(&evaluate(expr, batch)?, to, false)?,
        Expr::FloorTime { expr, unit } => {
            let unit = *unit;
            map_timestamps(&evaluate(expr, batch)?, |ms| floor_time(ms, unit))?
        }
        Expr::Step { expr, size: WindowSize::Millis(step) } => {
            let step = *step;
            map_timestamps(&evaluate(expr, batch)?, |ms| ms - ms.rem_euclid(step))?
        }
        Expr::Step { expr, size: WindowSize::Months(n) } => {
            let n = *n as i64;
            map_timestamps(&evaluate(expr, batch)?, |ms| step_months(ms, n))?
        }
        Expr::TimeShift { expr, millis } => {
            let by = *millis;
            map_timestamps(&evaluate(expr, batch)?, |ms| ms.saturating_add(by))?
        }
        Expr::CeilTime { expr, unit } => {
            let unit = *unit;
            map_timestamps(&evaluate(expr, batch)?, |ms| ceil_time(ms, unit))?
        }
        Expr::Case { branches, otherwise, data_type } => {
            let mut result = match otherwise {
                Some(e) => evaluate(e, batch)?,
                None => new_null_array(data_type, rows),
            };
            // The first true condition wins: apply branches from the last to the first.
            for (condition, value) in branches.iter().rev() {
                let mask = super::functions::null_as_false(evaluate(condition, batch)?.as_boolean());
                result = arrow_select::zip::zip(&mask, &evaluate(value, batch)?, &result)?;
            }
            result
        }
        Expr::Field { expr, index, .. } => {
            let value = evaluate(expr, batch)?;
            let row = value.as_struct_opt().ok_or_else(|| Error::Internal(format!("{expr} is not a ROW")))?;
            field_of(row, *index)?
        }
        Expr::Like { expr, pattern, negated, kind } => {
            let value = evaluate(expr, batch)?;
            let matched = match (kind, pattern.as_ref()) {
                (LikeKind::SimilarTo | LikeKind::Regexp, Expr::Literal(ScalarValue::Utf8(regex))) => {
                    arrow_string::regexp::regexp_is_match_scalar(value.as_string::<i32>(), regex, None)?
                }
                (LikeKind::SimilarTo | LikeKind::Regexp, _) => {
                    return Err(Error::Internal(format!("{kind:?} needs a literal pattern")))
                }
                (LikeKind::Like, p) => arrow_string::like::like(&value, &evaluate(p, batch)?)?,
                (LikeKind::ILike, p) => arrow_string::like::ilike(&value, &evaluate(p, batch)?)?,
            };
            if *negated {
                Arc::new(arrow_arith::boolean::not(&matched)?)
            } else {
                Arc::new(matched)
            }
        }
        Expr::Call { func, args, data_type } => {
            let args = args.iter().map(|a| evaluate(a, batch)).collect::<Result<Vec<_>>>()?;
            super::functions::call(func, &args, data_type, rows)?
        }
    })
}

/// Field `index` of each ROW value of `row`: NULL where the row is, whatever its children hold.
pub fn field_of(row: &arrow_array::StructArray, index: usize) -> Result<ArrayRef> {
    let field = row.column(index).clone();
    Ok(match arrow_buffer::NullBuffer::union(row.nulls(), field.nulls()) {
        Some(nulls) if row.null_count() > 0 => {
            let data = field.to_data().into_builder().nulls(Some(nulls));
            // SAFETY: the field's data is valid and only its null buffer changes, to one of the
            // same length with more nulls; a value may be anything under a null. (`build`
            // checked every text's UTF-8 again: the Nexmark views' largest cost.)
            arrow_array::make_array(unsafe { data.build_unchecked() })
        }
        _ => field,
    })
}

/// `CEIL(ms TO unit)`: the smallest unit boundary at or after `ms`.
pub fn ceil_time(ms: i64, unit: TimeUnitKw) -> i64 {
    let floor = floor_time(ms, unit);
    if floor == ms {
        return ms;
    }
    match unit.millis() {
        Some(one) => floor + one,
        None => {
            let months = if unit == TimeUnitKw::Year { 12 } else { 1 };
            chrono::DateTime::from_timestamp_millis(floor)
                .and_then(|t| t.checked_add_months(chrono::Months::new(months)))
                .map_or(ms, |t| t.timestamp_millis())
        }
    }
}

fn binary(op: BinaryOp, l: &ArrayRef, r: &ArrayRef) -> Result<ArrayRef> {
    use arrow_arith::numeric;
    use arrow_ord::cmp;
    if let (Some(a), Some(b)) = (l.as_primitive_opt::<Decimal128Type>(), r.as_primitive_opt::<Decimal128Type>()) {
        if !op.is_comparison() && !op.is_logical() {
            return Ok(Arc::new(super::decimal::arithmetic(op, a, b)?));
        }
    }
    let (l, r) = (l.as_ref(), r.as_ref());
    Ok(match op {
        BinaryOp::Plus => numeric::add(&l, &r)?,
        BinaryOp::Minus => numeric::sub(&l, &r)?,
        BinaryOp::Multiply => numeric::mul(&l, &r)?,
        BinaryOp::Divide => numeric::div(&l, &r)?,
        BinaryOp::Modulo => numeric::rem(&l, &r)?,
        BinaryOp::Eq => Arc::new(cmp::eq(&l, &r)?),
        BinaryOp::NotEq => Arc::new(cmp::neq(&l, &r)?),
        BinaryOp::Lt => Arc::new(cmp::lt(&l, &r)?),
        BinaryOp::LtEq => Arc::new(cmp::lt_eq(&l, &r)?),
        BinaryOp::Gt => Arc::new(cmp::gt(&l, &r)?),
        BinaryOp::GtEq => Arc::new(cmp::gt_eq(&l, &r)?),
        BinaryOp::And => Arc::new(arrow_arith::boolean::and_kleene(l.as_boolean(), r.as_boolean())?),
        BinaryOp::Or => Arc::new(arrow_arith::boolean::or_kleene(l.as_boolean(), r.as_boolean())?),
    })
}

fn map_timestamps(array: &ArrayRef, f: impl Fn(i64) -> i64) -> Result<ArrayRef> {
    let ts = array
        .as_primitive_opt::<TimestampMillisecondType>()
        .ok_or_else(|| Error::Internal(format!("expected timestamps, found {}", array.data_type())))?;
    let out: TimestampMillisecondArray = ts.unary(f);
    Ok(Arc::new(out.with_timezone_opt(ts.timezone())))
}

/// `FLOOR(ms TO unit)` in UTC.
pub fn floor_time(ms: i64, unit: TimeUnitKw) -> i64 {
    if let Some(fixed) = unit.millis() {
        return ms - ms.rem_euclid(fixed);
    }
    use chrono::Datelike;
    let Some(t) = chrono::DateTime::from_timestamp_millis(ms) else { return ms };
    let month = if unit == TimeUnitKw::Year { 1 } else { t.month() };
    chrono::NaiveDate::from_ymd_opt(t.year(), month, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map_or(ms, |d| d.and_utc().timestamp_millis())
}

/// `ms` rounded down to the first of a month that is a multiple of `n` months after January
/// 1970.
fn step_months(ms: i64, n: i64) -> i64 {
    use chrono::Datelike;
    let Some(t) = chrono::DateTime::from_timestamp_millis(ms) else { return ms };
    let months = (t.year() as i64 - 1970) * 12 + t.month0() as i64;
    let start = months - months.rem_euclid(n);
    let (year, month) = (1970 + start.div_euclid(12), start.rem_euclid(12) as u32 + 1);
    chrono::NaiveDate::from_ymd_opt(year as i32, month, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map_or(ms, |d| d.and_utc().timestamp_millis())
}
