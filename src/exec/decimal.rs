//! Exact DECIMAL arithmetic on arrow columns: operands keep their own precision and scale, the
//! result takes Flink's ([`decimal_result`]). Results that round are rounded half up, as
//! Java's `BigDecimal` does for Flink; a result that does not fit its precision is NULL, as in
//! Flink; dividing by zero is an error, so the row goes to `error_stream`.

use arrow_array::{Array, Decimal128Array};

use crate::error::{Error, Result};
use crate::plan::types::decimal_result;
use crate::plan::BinaryOp;

/// `a op b`, row by row.
pub fn arithmetic(op: BinaryOp, a: &Decimal128Array, b: &Decimal128Array) -> Result<Decimal128Array> {
    let (p, s) = decimal_result(op, (a.precision(), a.scale()), (b.precision(), b.scale()));
    let (sa, sb, s) = (a.scale() as i32, b.scale() as i32, s as i32);
    let limit = 10i128.pow(p as u32);
    let mut out = Vec::with_capacity(a.len());
    for row in 0..a.len() {
        if a.is_null(row) || b.is_null(row) {
            out.push(None);
            continue;
        }
        let (x, y) = (a.value(row), b.value(row));
        let value = match op {
            BinaryOp::Plus | BinaryOp::Minus | BinaryOp::Modulo => {
                let common = sa.max(sb);
                let (x, y) = (rescale(x, common - sa), rescale(y, common - sb));
                match (x, y) {
                    (Some(x), Some(y)) => match op {
                        BinaryOp::Plus => x.checked_add(y),
                        BinaryOp::Minus => x.checked_sub(y),
                        _ if y == 0 => return Err(Error::Execution("division by zero".into())),
                        _ => x.checked_rem(y),
                    }
                    .and_then(|v| rescale(v, s - common)),
                    _ => None,
                }
            }
            // x·y has scale sa + sb.
            BinaryOp::Multiply => x.checked_mul(y).and_then(|v| rescale(v, s - sa - sb)),
            BinaryOp::Divide => {
                if y == 0 {
                    return Err(Error::Execution("division by zero".into()));
                }
                // x / y has scale sa - sb; widen x first so the quotient has scale s.
                rescale(x, s - sa + sb).map(|n| divide_half_up(n, y))
            }
            _ => return Err(Error::Internal(format!("{op} is not decimal arithmetic"))),
        };
        out.push(value.filter(|v| v.abs() < limit));
    }
    Ok(Decimal128Array::from(out).with_precision_and_scale(p, s as i8)?)
}

/// `v` with `by` more fractional digits (fewer when negative, rounded half up); None on overflow.
fn rescale(v: i128, by: i32) -> Option<i128> {
    if by >= 0 {
        10i128.checked_pow(by as u32).and_then(|f| v.checked_mul(f))
    } else {
        match 10i128.checked_pow((-by) as u32) {
            Some(f) => Some(divide_half_up(v, f)),
            None => Some(0),
        }
    }
}

/// `n / d` rounded half away from zero.
fn divide_half_up(n: i128, d: i128) -> i128 {
    let (q, r) = (n / d, n % d);
    if r.unsigned_abs() * 2 >= d.unsigned_abs() {
        q + if (n < 0) == (d < 0) { 1 } else { -1 }
    } else {
        q
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(v: &[i128], p: u8, s: i8) -> Decimal128Array {
        Decimal128Array::from(v.to_vec()).with_precision_and_scale(p, s).unwrap()
    }

    fn text(a: &Decimal128Array) -> Vec<String> {
        (0..a.len()).map(|i| if a.is_null(i) { "NULL".into() } else { a.value_as_string(i) }).collect()
    }

    #[test]
    fn arithmetic_is_exact_with_flinks_types() {
        let price = dec(&[400, 250, -125], 10, 2); // 4.00, 2.50, -1.25
        let qty = dec(&[3, 3, 3], 10, 0);
        let sum = arithmetic(BinaryOp::Plus, &price, &qty).unwrap();
        assert_eq!((sum.precision(), sum.scale()), (13, 2));
        assert_eq!(text(&sum), ["7.00", "5.50", "1.75"]);
        let product = arithmetic(BinaryOp::Multiply, &price, &qty).unwrap();
        assert_eq!((product.precision(), product.scale()), (21, 2));
        assert_eq!(text(&product), ["12.00", "7.50", "-3.75"]);
        let quotient = arithmetic(BinaryOp::Divide, &price, &qty).unwrap();
        assert_eq!((quotient.precision(), quotient.scale()), (21, 13));
        assert_eq!(text(&quotient), ["1.3333333333333", "0.8333333333333", "-0.4166666666667"]);
        let rest = arithmetic(BinaryOp::Modulo, &price, &qty).unwrap();
        assert_eq!(text(&rest), ["1.00", "2.50", "-1.25"]);
    }

    #[test]
    fn division_by_zero_is_an_error_and_overflow_is_null() {
        let one = dec(&[1], 1, 0);
        assert!(arithmetic(BinaryOp::Divide, &one, &dec(&[0], 1, 0)).is_err());
        let big = dec(&[10i128.pow(37)], 38, 0);
        assert_eq!(text(&arithmetic(BinaryOp::Multiply, &big, &big).unwrap()), ["NULL"]);
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        assert_eq!((divide_half_up(5, 2), divide_half_up(-5, 2), divide_half_up(4, 3)), (3, -3, 1));
        assert_eq!(rescale(12345, -2), Some(123));
        assert_eq!(rescale(-12355, -1), Some(-1236));
    }
}
