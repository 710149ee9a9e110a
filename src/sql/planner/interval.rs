//! Planning interval values: literals, `(a - b) qualifier`, arithmetic with intervals, CASTs to
//! and from them, and EXTRACT of their fields (see [`crate::plan::interval`]).

use arrow_schema::{DataType, Schema};
use sqlparser::ast;

use crate::error::{Position, Result};
use crate::plan::types::{is_numeric, is_timestamp, ltz_zone, sql_name, timestamp_type};
use crate::plan::{BinaryOp, Expr, IntervalField, IntervalQualifier, ScalarFunction, ScalarValue, SqlType};
use crate::plan_err;

/// `INTERVAL 'text' qualifier`, as months or milliseconds.
pub(crate) fn literal(interval: &ast::Interval, position: Option<Position>) -> Result<ScalarValue> {
    let text = match interval.value.as_ref() {
        ast::Expr::Value(v) => match &v.value {
            ast::Value::SingleQuotedString(s) | ast::Value::Number(s, _) => s.clone(),
            other => return plan_err!(position, "an interval's value is written in quotes, not {other}"),
        },
        other => return plan_err!(position, "an interval's value is written in quotes, not {other}"),
    };
    if interval.fractional_seconds_precision.is_some() {
        return plan_err!(
            position,
            "an interval's fractional precision is not supported: write INTERVAL '{text}' with its fields alone"
        );
    }
    let Some(start) = interval.leading_field.as_ref() else {
        return plan_err!(position, "INTERVAL '{text}' needs its unit, such as INTERVAL '10' SECOND");
    };
    // `SECOND(3)`: the leading field's digits, as Flink checks them (without one, kdalite reads
    // any number of digits where Flink takes two).
    if let Some(precision) = interval.leading_precision {
        if leading_digits(&text) as u64 > precision {
            return plan_err!(position, "Interval field value {text} exceeds precision of {start}({precision}) field");
        }
    }
    let end = interval.last_field.as_ref().unwrap_or(start);
    let (Some(start), Some(end)) = (field(start), field(end)) else {
        return plan_err!(position, "an interval is in YEAR, MONTH, DAY, HOUR, MINUTE or SECOND, not {start}");
    };
    let Some(q) = IntervalQualifier::new(start, end) else {
        return plan_err!(
            position,
            "{} TO {} is not an interval qualifier: the larger field comes first, and YEAR and MONTH do not mix with DAY to SECOND",
            start.name(),
            end.name()
        );
    };
    match q.read(&text) {
        Some(value) => Ok(ScalarValue::Interval(value, q)),
        None => plan_err!(position, "'{text}' is not an INTERVAL {q}, which is written as '{}'", example(q)),
    }
}

/// A value of `q` as its literal is written, for messages: `'3 04'` for DAY TO HOUR.
/// How many digits an interval's text gives its leading field (`'-100 10'`: 3).
pub(crate) fn leading_digits(text: &str) -> usize {
    text.trim().trim_start_matches(['-', '+']).chars().take_while(|c| c.is_ascii_digit()).count()
}

fn example(q: IntervalQualifier) -> String {
    let value: i64 = q.fields().zip(3..).map(|(f, n)| n * f.unit()).sum();
    q.format(value)[1..].to_string()
}

pub(crate) fn field(f: &ast::DateTimeField) -> Option<IntervalField> {
    use ast::DateTimeField as F;
    Some(match f {
        F::Year | F::Years => IntervalField::Year,
        F::Month | F::Months => IntervalField::Month,
        F::Day | F::Days => IntervalField::Day,
        F::Hour | F::Hours => IntervalField::Hour,
        F::Minute | F::Minutes => IntervalField::Minute,
        F::Second | F::Seconds => IntervalField::Second,
        _ => return None,
    })
}

/// The qualifier an interval expression prints in: a literal's or a CAST's own, the wider of
/// two added, a column's from its field (in full where its field does not say).
pub(crate) fn qualifier_of(expr: &Expr, schema: &Schema) -> Option<IntervalQualifier> {
    let full = IntervalQualifier::of_type(&expr.data_type())?;
    Some(match expr {
        Expr::Literal(ScalarValue::Interval(_, q)) => *q,
        Expr::Column { index, data_type, .. } => match schema.fields().get(*index) {
            Some(f) if f.data_type() == data_type => IntervalQualifier::of_field(f)?,
            _ => full,
        },
        Expr::Binary { left, right, .. } => match (qualifier_of(left, schema), qualifier_of(right, schema)) {
            (Some(l), Some(r)) => l.widest(r),
            (l, r) => l.or(r)?,
        },
        Expr::Negate(e) => qualifier_of(e, schema)?,
        Expr::Case { branches, otherwise, .. } => {
            let first = branches.first().map(|(_, v)| v).or(otherwise.as_deref())?;
            qualifier_of(first, schema)?
        }
        Expr::Call {
            func: ScalarFunction::IntervalBetween(q) | ScalarFunction::ParseInterval(q) | ScalarFunction::Requalify(q),
            ..
        } => *q,
        Expr::Call { func: ScalarFunction::Abs | ScalarFunction::ScaleInterval { .. }, args, .. } => {
            qualifier_of(&args[0], schema)?
        }
        _ => full,
    })
}

fn is_datetime(t: &DataType) -> bool {
    is_timestamp(t) || matches!(t, DataType::Date32 | DataType::Time32(_))
}

/// Whether `l op r` is interval arithmetic: a side is an interval, or a datetime is subtracted
/// from a datetime.
pub(crate) fn applies(op: BinaryOp, lt: &DataType, rt: &DataType) -> bool {
    IntervalQualifier::of_type(lt).is_some()
        || IntervalQualifier::of_type(rt).is_some()
        || (op == BinaryOp::Minus && is_datetime(lt) && is_datetime(rt))
}

/// `l op r` where [`applies`] holds. `ts ± interval` stays a timestamp, a DATE a date, a TIME
/// a time; `interval ± interval` and comparisons need one kind on both sides; `interval * x`,
/// `x * interval` and `interval / x` scale it.
pub(crate) fn binary(op: BinaryOp, l: Expr, r: Expr, position: Option<Position>) -> Result<Expr> {
    let (lt, rt) = (l.data_type(), r.data_type());
    let (lq, rq) = (IntervalQualifier::of_type(&lt), IntervalQualifier::of_type(&rt));
    let refuse = || plan_err!(position, "operator {op} cannot combine {} and {}", sql_name(&lt), sql_name(&rt));
    match (lq, rq) {
        (None, None) if op == BinaryOp::Minus && is_datetime(&lt) && is_datetime(&rt) => plan_err!(
            position,
            "a datetime minus a datetime is an interval: write ({l} - {r}) SECOND (or DAY TO SECOND, …), or TSDIFF({l}, {r}) for milliseconds"
        ),
        (None, None) => refuse(),
        (Some(a), Some(b)) if a.is_year_month() != b.is_year_month() => {
            plan_err!(position, "{l} and {r} do not mix: a year-month interval is not a number of days")
        }
        (Some(_), Some(_)) if op.is_comparison() || matches!(op, BinaryOp::Plus | BinaryOp::Minus) => {
            Ok(Expr::Binary { op, left: Box::new(l), right: Box::new(r) })
        }
        (Some(_), Some(_)) => refuse(),
        (Some(q), None) | (None, Some(q)) => {
            let interval_left = lq.is_some();
            let (interval, other) = if interval_left { (l, r) } else { (r, l) };
            let t = other.data_type();
            match op {
                BinaryOp::Plus | BinaryOp::Minus if is_datetime(&t) && (op == BinaryOp::Plus || !interval_left) => {
                    shift(op, other, interval, q, position)
                }
                BinaryOp::Multiply | BinaryOp::Divide
                    if (is_numeric(&t) || t == DataType::Null) && (op == BinaryOp::Multiply || interval_left) =>
                {
                    let data_type = interval.data_type();
                    let args = vec![interval, other.cast_to(&DataType::Float64)];
                    let func = ScalarFunction::ScaleInterval { divide: op == BinaryOp::Divide };
                    Ok(Expr::Call { func, args, data_type })
                }
                _ if t == DataType::Null && (op.is_comparison() || matches!(op, BinaryOp::Plus | BinaryOp::Minus)) => {
                    let other = other.cast_to(&interval.data_type());
                    let (left, right) = if interval_left { (interval, other) } else { (other, interval) };
                    Ok(Expr::Binary { op, left: Box::new(left), right: Box::new(right) })
                }
                _ => refuse(),
            }
        }
    }
}

/// `time ± interval` (or `interval + time`): a literal day-time interval moves a timestamp by
/// its milliseconds; any other is added by Arrow's calendar arithmetic (months keep the day
/// of the month where it exists). A DATE stays a date.
fn shift(op: BinaryOp, time: Expr, interval: Expr, q: IntervalQualifier, position: Option<Position>) -> Result<Expr> {
    let t = time.data_type();
    if let DataType::Time32(_) = t {
        return time_of_day(op, time, interval, q, position);
    }
    if ltz_zone(&t).is_some() {
        // A TIMESTAMP_LTZ moves as a moment, months by UTC's calendar, as Flink's does.
        let moved = shift(op, time.as_time_type(timestamp_type()), interval, q, position)?;
        return Ok(moved.as_time_type(t));
    }
    if let (Expr::Literal(ScalarValue::Interval(ms, _)), false) = (&interval, q.is_year_month()) {
        let millis = if op == BinaryOp::Minus { -ms } else { *ms };
        let shifted = Expr::TimeShift { expr: Box::new(time.cast_to(&timestamp_type())), millis };
        return Ok(shifted.cast_to(&t));
    }
    let moved = if t == DataType::Date32 && !q.is_year_month() { time.cast_to(&timestamp_type()) } else { time };
    let moved = Expr::Binary { op, left: Box::new(moved), right: Box::new(interval) };
    Ok(moved.cast_to(&t))
}

/// `time ± interval` of a TIME: around the clock, `TIME '23:00:00' + INTERVAL '2' HOUR` is
/// 01:00, as the SQL standard has it; a year-month interval does not move a time of day.
fn time_of_day(
    op: BinaryOp,
    time: Expr,
    interval: Expr,
    q: IntervalQualifier,
    position: Option<Position>,
) -> Result<Expr> {
    if q.is_year_month() {
        return plan_err!(position, "a time of day moves by days to seconds, not by years and months");
    }
    let t = time.data_type();
    let day = || Expr::Literal(ScalarValue::Int64(86_400_000));
    let arithmetic = |op, left: Expr, right: Expr| Expr::Binary { op, left: Box::new(left), right: Box::new(right) };
    let millis = time.cast_to(&DataType::Int32).cast_to(&DataType::Int64);
    let by = interval.cast_to(&DataType::Int64);
    let moved = arithmetic(op, millis, by);
    // ((m % day) + day) % day: the remainder that is never negative.
    let wrapped = arithmetic(
        BinaryOp::Modulo,
        arithmetic(BinaryOp::Plus, arithmetic(BinaryOp::Modulo, moved, day()), day()),
        day(),
    );
    Ok(wrapped.cast_to(&DataType::Int32).cast_to(&t))
}

/// `$INTERVAL_BETWEEN(a, b, 'qualifier')`, the parser's reading of `(a - b) qualifier`.
pub(crate) fn between(mut args: Vec<Expr>, position: Option<Position>) -> Result<Expr> {
    let q = match args.pop() {
        Some(Expr::Literal(ScalarValue::Utf8(text))) => IntervalQualifier::parse(&text),
        _ => None,
    };
    let Some(q) = q else {
        return plan_err!(position, "(a - b) is followed by an interval qualifier, such as DAY TO SECOND");
    };
    let [a, b] = <[Expr; 2]>::try_from(args).map_err(|args| crate::error::Error::Plan {
        message: format!("({}) {q} gives the interval between two datetimes: write (a - b) {q}", args[0]),
        position,
    })?;
    difference(q, a, b).map_err(|why| crate::error::Error::Plan { message: format!("(a - b) {q} {why}"), position })
}

/// The interval from `b` to `a` in `q`'s fields; why not, when they are not two datetimes.
fn difference(q: IntervalQualifier, a: Expr, b: Expr) -> std::result::Result<Expr, String> {
    let (at, bt) = (a.data_type(), b.data_type());
    let time_of_day = matches!(at, DataType::Time32(_)) || matches!(bt, DataType::Time32(_));
    let one_ltz = ltz_zone(&at).is_some() != ltz_zone(&bt).is_some();
    if !is_datetime(&at) || !is_datetime(&bt) || (time_of_day && at != bt) || one_ltz {
        return Err(format!(
            "subtracts two timestamps, dates or times (a TIMESTAMP_LTZ from a TIMESTAMP_LTZ), not {} and {}",
            sql_name(&at),
            sql_name(&bt)
        ));
    }
    if time_of_day && q.is_year_month() {
        return Err(format!("subtracts two TIMEs, which are apart by hours, minutes and seconds, not by INTERVAL {q}"));
    }
    Ok(Expr::Call { func: ScalarFunction::IntervalBetween(q), args: vec![a, b], data_type: q.data_type() })
}

/// A unit of Flink's TIMESTAMPDIFF and TIMESTAMPADD: a field and how many of it.
fn timestamp_unit(unit: &str) -> Option<(IntervalField, i64)> {
    Some(match unit {
        "WEEK" => (IntervalField::Day, 7),
        "QUARTER" => (IntervalField::Month, 3),
        other => (IntervalField::by_name(other).filter(|f| f.name() == other)?, 1),
    })
}

const TIMESTAMP_UNITS: &str = "SECOND, MINUTE, HOUR, DAY, WEEK, MONTH, QUARTER or YEAR";

/// Flink's `TIMESTAMPDIFF(unit, a, b)`: how many whole units from `a` to `b` (an INT, cut toward
/// zero; a month counts once its day and time of day are reached).
pub(crate) fn timestamp_diff(unit: &str, a: Expr, b: Expr) -> std::result::Result<Expr, String> {
    let (field, count) = timestamp_unit(unit).ok_or_else(|| format!("the unit is {TIMESTAMP_UNITS}, not {unit}"))?;
    let between = difference(IntervalQualifier::single(field), b, a).map_err(|why| format!("it {why}"))?;
    let units =
        Expr::Call { func: ScalarFunction::IntervalNumber(field), args: vec![between], data_type: DataType::Int64 };
    let units = match count {
        1 => units,
        n => Expr::Binary {
            op: BinaryOp::Divide,
            left: Box::new(units),
            right: Box::new(Expr::Literal(ScalarValue::Int64(n))),
        },
    };
    Ok(units.cast_to(&DataType::Int32))
}

/// Flink's `TIMESTAMPADD(unit, n, t)`: `t` moved by `n` units (months by the calendar).
pub(crate) fn timestamp_add(unit: &str, n: Expr, t: Expr) -> std::result::Result<Expr, String> {
    let (field, count) = timestamp_unit(unit).ok_or_else(|| format!("the unit is {TIMESTAMP_UNITS}, not {unit}"))?;
    if !crate::plan::types::is_integer(&n.data_type()) && n.data_type() != DataType::Null {
        return Err(format!("the number of units is an integer, not {}", sql_name(&n.data_type())));
    }
    let tt = t.data_type();
    if !(is_timestamp(&tt) || tt == DataType::Date32) {
        return Err(format!("it moves a TIMESTAMP or a DATE, not {}", sql_name(&tt)));
    }
    let q = IntervalQualifier::single(field);
    let one = Expr::Literal(ScalarValue::Interval(count * field.unit(), q));
    let args = vec![one, n.cast_to(&DataType::Float64)];
    let interval = Expr::Call { func: ScalarFunction::ScaleInterval { divide: false }, args, data_type: q.data_type() };
    shift(BinaryOp::Plus, t, interval, q, None).map_err(|e| e.to_string())
}

/// A CAST from or to an interval: `None` when neither side is one. An interval becomes text
/// as its qualifier prints it, a number of its field when it has one field, or another
/// qualifier of its kind; text and numbers become intervals.
pub(crate) fn cast(
    inner: Expr,
    inner_qualifier: Option<IntervalQualifier>,
    to: &SqlType,
    position: Option<Position>,
) -> Result<Option<Expr>> {
    let call = |func, args, data_type| Ok(Some(Expr::Call { func, args, data_type }));
    match (inner_qualifier, to) {
        (Some(q), SqlType::Varchar(_) | SqlType::Char(_)) => {
            call(ScalarFunction::FormatInterval(q), vec![inner], DataType::Utf8)
        }
        (Some(q), to) if is_numeric(&to.to_arrow()) => {
            if q.start != q.end {
                return plan_err!(
                    position,
                    "an INTERVAL {q} has more than one field: CAST it to INTERVAL {} first, or EXTRACT a field",
                    q.end.name()
                );
            }
            let number = Expr::Call {
                func: ScalarFunction::IntervalNumber(q.start),
                args: vec![inner],
                data_type: DataType::Int64,
            };
            Ok(Some(number.cast_to(&to.to_arrow())))
        }
        (Some(q), SqlType::Interval(t)) if q.is_year_month() == t.is_year_month() => {
            call(ScalarFunction::Requalify(*t), vec![inner], t.data_type())
        }
        (Some(q), to) => plan_err!(position, "cannot CAST INTERVAL {q} to {to}"),
        (None, SqlType::Interval(t)) => match inner.data_type() {
            DataType::Utf8 => call(ScalarFunction::ParseInterval(*t), vec![inner], t.data_type()),
            DataType::Null => Ok(Some(inner.cast_to(&t.data_type()))),
            n if is_numeric(&n) && t.start == t.end => {
                let one = Expr::Literal(ScalarValue::Interval(t.start.unit(), *t));
                call(
                    ScalarFunction::ScaleInterval { divide: false },
                    vec![one, inner.cast_to(&DataType::Float64)],
                    t.data_type(),
                )
            }
            other => plan_err!(position, "cannot CAST {} to INTERVAL {t}", sql_name(&other)),
        },
        (None, _) => Ok(None),
    }
}

/// `EXTRACT(field FROM interval)`.
pub(crate) fn extract(f: &ast::DateTimeField, interval: Expr, position: Option<Position>) -> Result<Expr> {
    let q = IntervalQualifier::of_type(&interval.data_type()).expect("an interval");
    let Some(part) = field(f).filter(|p| IntervalQualifier::single(*p).is_year_month() == q.is_year_month()) else {
        let fields = if q.is_year_month() { "YEAR or MONTH" } else { "DAY, HOUR, MINUTE or SECOND" };
        return plan_err!(
            position,
            "EXTRACT of {f} from a {} interval: it has {fields}",
            if q.is_year_month() { "year-month" } else { "day-time" }
        );
    };
    let data_type = if part == IntervalField::Second { DataType::Decimal128(5, 3) } else { DataType::Int64 };
    Ok(Expr::Call { func: ScalarFunction::IntervalPart(part), args: vec![interval], data_type })
}
