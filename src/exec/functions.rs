//! Scalar functions over whole columns: text, numbers, and KDA's and Flink's time functions.
//! The planner has given every argument the type the function takes (see
//! [`ScalarFunction`]); a value a function cannot handle is an execution error, which sends
//! its row to `error_stream`.

mod array;
mod bytes;
mod interval;
mod json;
mod json_path;
mod logs;
mod map;
mod printf;
mod random;
mod strings;
mod text;
mod time;

use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::{Decimal128Type, Float64Type, Int64Type, TimestampMillisecondType};
use arrow_array::{Array, ArrayRef, Float64Array, Int32Array, Int64Array, StringArray, TimestampMillisecondArray};
use arrow_schema::{DataType, TimeUnit};

use crate::error::{Error, Result};
use crate::plan::zone::WallClock;
use crate::plan::ScalarFunction;

pub use printf::unsupported_conversion as printf_unsupported;

pub fn call(func: &ScalarFunction, args: &[ArrayRef], data_type: &DataType, rows: usize) -> Result<ArrayRef> {
    use ScalarFunction as F;
    let out: ArrayRef = match func {
        F::Upper => Arc::new(text::texts(&args[0]).iter().map(|v| v.map(str::to_uppercase)).collect::<StringArray>()),
        F::Lower => Arc::new(text::texts(&args[0]).iter().map(|v| v.map(str::to_lowercase)).collect::<StringArray>()),
        F::CharLength => {
            Arc::new(text::texts(&args[0]).iter().map(|v| v.map(|s| s.chars().count() as i32)).collect::<Int32Array>())
        }
        F::Initcap => text::initcap(args, rows)?,
        F::Trim(side) => text::trim(*side, args, rows)?,
        F::Substring { null_past_end } => text::substring(*null_past_end, args, rows)?,
        F::Substr => text::substr(args, rows)?,
        F::Position => text::position(args),
        F::Overlay => text::overlay(args, rows)?,
        F::Concat => text::concat(args, rows)?,
        F::ConcatWs => text::concat_ws(args, rows)?,
        F::Replace => text::replace(args, rows)?,
        F::RegexReplace { literal } => text::regex_replace(*literal, args, rows)?,
        F::RegexpExtract => text::regexp_extract(args, rows)?,
        F::SplitIndex => text::split_index(args, rows)?,
        F::Pad { left } => text::pad(*left, args, rows)?,
        F::Repeat => text::repeat(args, rows)?,
        F::Side { left } => text::side(*left, args, rows)?,
        F::Reverse => text::reverse(args, rows)?,
        F::Locate => text::locate(args),
        F::Ascii => {
            let s = text::texts(&args[0]);
            Arc::new(s.iter().map(|v| v.map(|s| s.chars().next().map_or(0, |c| c as i32))).collect::<Int32Array>())
        }
        F::Chr => text::chr(args, rows)?,
        F::Base64 { encode } => text::base64(*encode, args, rows)?,
        F::JsonPath(call) => json_path::json_path(call, args, data_type, rows)?,
        F::IsJson(kind) => json_path::is_json(*kind, args),
        F::Digest(kind) => text::digest(*kind, args, rows)?,
        F::ParseUrl(part) => text::parse_url(*part, args, rows)?,
        F::Text(op) => strings::call(*op, args, rows)?,
        F::Elt => strings::elt(args, data_type, rows)?,
        F::RegexpExtractAll => strings::regexp_extract_all(args, data_type, rows)?,
        F::CountChar => {
            let (s, c) = (text::texts(&args[0]), text::texts(&args[1]));
            let counts: Int64Array = s
                .iter()
                .zip(c.iter())
                .map(|(s, c)| {
                    let target = c?.chars().next()?;
                    Some(s?.chars().filter(|x| *x == target).count() as i64)
                })
                .collect();
            Arc::new(counts)
        }
        F::JsonObject { absent_on_null, raw } => json::object(args, rows, *absent_on_null, raw)?,
        F::JsonArray { absent_on_null, raw } => json::array(args, rows, *absent_on_null, raw)?,
        F::JsonArrayOf { raw } => json::array_of(&args[0], *raw)?,
        F::JsonObjectOf { absent_on_null, raw } => json::object_of(&args[0], *absent_on_null, *raw)?,
        F::PercentileOf(percentages) => array::percentiles(&args[0], percentages, data_type)?,
        F::JsonString => json::string(args, rows)?,
        F::Row => {
            let DataType::Struct(fields) = data_type else {
                return Err(Error::Internal(format!("ROW(…) typed {data_type}")));
            };
            Arc::new(arrow_array::StructArray::try_new(fields.clone(), args.to_vec(), None)?)
        }
        F::Array(op) => array::call(*op, args, data_type, rows)?,
        F::Map(op) => map::call(*op, args, data_type, rows)?,
        F::Printf => printf::call(args, rows)?,
        F::Encode(charset) => bytes::encode(&args[0], *charset)?,
        F::Decode(charset) => bytes::decode(&args[0], *charset)?,
        F::Unhex => bytes::unhex(&args[0])?,
        F::Random(kind, state) => random::call(*kind, state, args, rows)?,
        F::LogParse(parser) => logs::parse(parser, args, data_type)?,
        F::Abs if interval::is_interval(args[0].as_ref()) => interval::abs(&args[0])?,
        F::Abs => abs(&args[0])?,
        F::Ceil => round_to_integer(&args[0], data_type, f64::ceil)?,
        F::Floor => round_to_integer(&args[0], data_type, f64::floor)?,
        // libm, not the platform's: the same last digit natively and in the browser.
        F::Exp => doubles(func, &args[0], libm::exp)?,
        F::Ln => doubles(func, &args[0], libm::log)?,
        F::Log10 => doubles(func, &args[0], libm::log10)?,
        F::Log2 => doubles(func, &args[0], libm::log2)?,
        F::Sqrt => doubles(func, &args[0], libm::sqrt)?,
        F::Sign => doubles(func, &args[0], |x| if x == 0.0 { 0.0 } else { x.signum() })?,
        F::Log => doubles2(func, &args[0], &args[1], |base, x| libm::log(x) / libm::log(base))?,
        F::Power => doubles2(func, &args[0], &args[1], libm::pow)?,
        F::Round => round(&args[0], &args[1], data_type, false)?,
        F::Truncate => round(&args[0], &args[1], data_type, true)?,
        F::Trig(trig) => doubles(func, &args[0], |x| trig.apply(x))?,
        F::Atan2 => doubles2(func, &args[0], &args[1], libm::atan2)?,
        F::StepNumber => {
            let (x, width) = (args[0].as_primitive::<Int64Type>(), args[1].as_primitive::<Int64Type>());
            let stepped = x
                .iter()
                .zip(width.iter())
                .map(|(x, w)| match (x, w) {
                    (Some(x), Some(w)) if w > 0 => Ok(Some(x - x.rem_euclid(w))),
                    (Some(_), Some(w)) => Err(Error::Execution(format!("STEP's width must be positive, not {w}"))),
                    _ => Ok(None),
                })
                .collect::<Result<Int64Array>>()?;
            Arc::new(stepped)
        }
        F::Coalesce => {
            let mut out = args[0].clone();
            for next in &args[1..] {
                let missing = arrow_arith::boolean::is_null(&out)?;
                out = arrow_select::zip::zip(&missing, next, &out)?;
            }
            out
        }
        F::Greatest | F::Least => {
            let mut out = args[0].clone();
            let mut any_null = arrow_arith::boolean::is_null(&out)?;
            for next in &args[1..] {
                let pick = match func {
                    F::Greatest => arrow_ord::cmp::gt(next, &out)?,
                    _ => arrow_ord::cmp::lt(next, &out)?,
                };
                out = arrow_select::zip::zip(&null_as_false(&pick), next, &out)?;
                any_null = arrow_arith::boolean::or(&any_null, &arrow_arith::boolean::is_null(next)?)?;
            }
            arrow_select::nullif::nullif(&out, &any_null)?
        }
        F::Extract(part) => time::extract(args, *part),
        F::TsDiff => {
            let (a, b) = (time::times(&args[0]), time::times(&args[1]));
            Arc::new(a.iter().zip(b.iter()).map(|(a, b)| Some(a? - b?)).collect::<Int64Array>())
        }
        F::IntervalBetween(q) => interval::between(*q, &args[0], &args[1])?,
        F::ScaleInterval { divide } => interval::scale(*divide, &args[0], &args[1])?,
        F::IntervalPart(field) => interval::part(*field, &args[0])?,
        F::IntervalNumber(field) => interval::number(*field, &args[0])?,
        F::FormatInterval(q) => interval::format(*q, &args[0])?,
        F::ParseInterval(q) => interval::parse(*q, &args[0])?,
        F::Requalify(q) => interval::requalify(*q, &args[0])?,
        F::UnixTimestamp => Arc::new(time::times(&args[0]).reinterpret_cast::<Int64Type>()),
        F::UnixSeconds(format, zone) => {
            let parsed = match format {
                Some(f) => time::parse_timestamps(&args[0], f),
                None => parse_default_timestamps(&args[0]),
            };
            let clock = WallClock::new(zone).map_err(Error::Execution)?;
            // A time the zone shows twice is the later, as Java's SimpleDateFormat reads it.
            let moment = |ms| clock.moment_or_later(ms, true);
            let seconds: Int64Array =
                time::times(&parsed).iter().map(|v| v.map(|ms| moment(ms).div_euclid(1000))).collect();
            Arc::new(seconds)
        }
        F::Proctime | F::FromMillis => arrow_cast::cast(&args[0], &crate::plan::types::timestamp_type())?,
        F::NotNull(column) if args[0].null_count() > 0 => {
            return Err(Error::Execution(format!("column {column} is declared NOT NULL, and the row has NULL there")))
        }
        F::NotNull(_) => args[0].clone(),
        F::TryCast => super::cast::cast(&args[0], data_type, true)?,
        F::CharToTimestamp(format) => time::parse_timestamps(&args[0], format),
        F::CharToDate(format) => time::parse_dates(&args[0], format),
        F::CharToTime(format) => time::parse_times(&args[0], format),
        F::ToTimestampLtz(precision) => {
            let scale = if *precision == 0 { 1000 } else { 1 };
            let epochs = args[0].as_primitive::<Int64Type>();
            Arc::new(epochs.iter().map(|v| v.and_then(|e| e.checked_mul(scale))).collect::<TimestampMillisecondArray>())
        }
        F::ToTimestamp(Some(format)) => time::parse_timestamps(&args[0], format),
        F::ToTimestamp(None) => parse_default_timestamps(&args[0]),
        F::TimestampToChar(format) => time::format_timestamps(&args[0], format)?,
        F::ConvertTz => time::convert_tz(args)?,
        F::WallWatermark(zone) => {
            let clock = WallClock::new(zone).map_err(Error::Execution)?;
            Arc::new(time::times(&args[0]).unary::<_, TimestampMillisecondType>(|ms| clock.watermark(ms)))
        }
    };
    match (out.data_type(), data_type) {
        (have, wanted) if have == wanted => Ok(out),
        // Moments the function computed, as the TIMESTAMP_LTZ it returns.
        (DataType::Timestamp(TimeUnit::Millisecond, _), DataType::Timestamp(TimeUnit::Millisecond, zone)) => {
            Ok(Arc::new(out.as_primitive::<TimestampMillisecondType>().clone().with_timezone_opt(zone.clone())))
        }
        _ => Ok(arrow_cast::cast(&out, data_type)?),
    }
}

/// Text in the usual timestamp spellings, NULL when it is none of them.
fn parse_default_timestamps(text: &ArrayRef) -> ArrayRef {
    let parsed: TimestampMillisecondArray =
        text.as_string::<i32>().iter().map(|v| v.and_then(crate::plan::types::parse_timestamp)).collect();
    Arc::new(parsed)
}

/// A condition where NULL counts as false, as WHERE and CASE treat it (and a zip's mask).
pub(super) fn null_as_false(mask: &arrow_array::BooleanArray) -> arrow_array::BooleanArray {
    if mask.null_count() == 0 {
        mask.clone()
    } else {
        arrow_select::filter::prep_null_mask_filter(mask)
    }
}

fn abs(array: &ArrayRef) -> Result<ArrayRef> {
    use arrow_arith::numeric::neg;
    let negative = arrow_ord::cmp::lt(
        array,
        &arrow_array::Scalar::new(arrow_cast::cast(&Int64Array::from(vec![0]), array.data_type())?),
    )?;
    let negated = neg(array.as_ref())?;
    Ok(arrow_select::zip::zip(&null_as_false(&negative), &negated, array)?)
}

/// `f` of each DOUBLE; a result that is not a finite number (LN(0), SQRT(-1)) fails the row.
fn doubles(func: &ScalarFunction, x: &ArrayRef, f: impl Fn(f64) -> f64) -> Result<ArrayRef> {
    let x = x.as_primitive::<Float64Type>();
    let out = x.iter().map(|v| v.map(|v| finite(func, f(v), v)).transpose()).collect::<Result<Float64Array>>()?;
    Ok(Arc::new(out))
}

fn doubles2(func: &ScalarFunction, a: &ArrayRef, b: &ArrayRef, f: impl Fn(f64, f64) -> f64) -> Result<ArrayRef> {
    let (a, b) = (a.as_primitive::<Float64Type>(), b.as_primitive::<Float64Type>());
    let out = a
        .iter()
        .zip(b.iter())
        .map(|(a, b)| match (a, b) {
            (Some(a), Some(b)) => finite(func, f(a, b), a).map(Some),
            _ => Ok(None),
        })
        .collect::<Result<Float64Array>>()?;
    Ok(Arc::new(out))
}

fn finite(func: &ScalarFunction, result: f64, of: f64) -> Result<f64> {
    if result.is_finite() {
        Ok(result)
    } else {
        Err(Error::Execution(format!("{} of {of} is not a finite number", format!("{func:?}").to_uppercase())))
    }
}

/// `CEIL(x)` / `FLOOR(x)`: integers as they are; a DOUBLE rounded; a DECIMAL rounded to
/// scale 0 (the planner's `data_type`).
fn round_to_integer(x: &ArrayRef, data_type: &DataType, f: fn(f64) -> f64) -> Result<ArrayRef> {
    Ok(match x.data_type() {
        DataType::Float64 => Arc::new(x.as_primitive::<Float64Type>().unary::<_, Float64Type>(f)),
        DataType::Decimal128(_, scale) => {
            let one = 10_i128.pow(*scale as u32);
            let up = f(0.5) > 0.5;
            let rounded = x.as_primitive::<Decimal128Type>().unary::<_, Decimal128Type>(|v| {
                let q = v.div_euclid(one);
                if up && v.rem_euclid(one) != 0 {
                    q + 1
                } else {
                    q
                }
            });
            Arc::new(rounded.with_data_type(data_type.clone()))
        }
        _ => x.clone(),
    })
}

/// `ROUND(x, digits)`, half away from zero, or toward zero (`truncate`, Flink's TRUNCATE): a
/// DOUBLE as a DOUBLE, a DECIMAL to the planner's scale, integers to tens, hundreds, … for
/// negative digits.
fn round(x: &ArrayRef, digits: &ArrayRef, data_type: &DataType, truncate: bool) -> Result<ArrayRef> {
    let digits = digits.as_primitive::<Int64Type>();
    let digit = |i: usize| digits.is_valid(i).then(|| digits.value(i).clamp(-38, 38));
    Ok(match x.data_type() {
        DataType::Float64 => {
            let x = x.as_primitive::<Float64Type>();
            let out: Float64Array = (0..x.len())
                .map(|i| {
                    let (v, d) = (x.is_valid(i).then(|| x.value(i))?, digit(i)?);
                    let scale = 10f64.powi(d as i32);
                    Some(if truncate { (v * scale).trunc() } else { (v * scale).round() } / scale)
                })
                .collect();
            Arc::new(out)
        }
        DataType::Decimal128(_, scale) => {
            let x = x.as_primitive::<Decimal128Type>();
            let DataType::Decimal128(_, to) = data_type else {
                return Err(Error::Internal(format!("ROUND of a DECIMAL typed {data_type}")));
            };
            let drop = (*scale as i32 - *to as i32).max(0) as u32;
            let unit = 10_i128.pow(drop);
            let out = x.unary::<_, Decimal128Type>(|v| {
                let q = v / unit;
                let r = v % unit;
                if !truncate && r.abs() * 2 >= unit {
                    q + r.signum()
                } else {
                    q
                }
            });
            Arc::new(out.with_data_type(data_type.clone()))
        }
        _ => {
            let x = arrow_cast::cast(x, &DataType::Int64)?;
            let x = x.as_primitive::<Int64Type>();
            let out: Int64Array = (0..x.len())
                .map(|i| {
                    let (v, d) = (x.is_valid(i).then(|| x.value(i))?, digit(i)?);
                    if d >= 0 {
                        return Some(v);
                    }
                    let unit = 10_i64.checked_pow((-d) as u32)?;
                    let (q, r) = (v / unit, v % unit);
                    Some(if !truncate && r.abs() * 2 >= unit { (q + r.signum()) * unit } else { q * unit })
                })
                .collect();
            Arc::new(out)
        }
    })
}
