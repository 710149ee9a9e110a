//! Planning calls of scalar functions by name (`UPPER`, `TSDIFF`, `CHAR_TO_TIMESTAMP`, …) and
//! the helpers they share with the expression planner: type unification, SIMILAR TO patterns,
//! Java-style date formats.

use arrow_schema::DataType;
use sqlparser::ast;

use super::expr::{function_args, function_name, ExprPlanner};
use crate::error::{Position, Result};
use crate::plan::types::{common_numeric_type, is_numeric, timestamp_type};
use crate::plan::{Expr, ScalarFunction, ScalarValue};
use crate::plan_err;

impl ExprPlanner<'_> {
    /// `UPPER(x)`, `TSDIFF(a, b)`, `CHAR_TO_TIMESTAMP(format, text)`, …
    pub(crate) fn plan_call(&self, f: &ast::Function, position: Option<Position>) -> Result<Expr> {
        let name = function_name(f);
        let mut args = Vec::new();
        for arg in function_args(f) {
            match arg {
                Some(a) => args.push(self.plan(a)?),
                None => return plan_err!(position, "{name} takes plain arguments"),
            }
        }
        // Flink's DATE_FORMAT(ts, format) is KDA's TIMESTAMP_TO_CHAR(format, ts).
        if name == "DATE_FORMAT" && args.len() == 2 {
            args.swap(0, 1);
        }
        let arity = |n: usize| -> Result<()> {
            if args.len() == n {
                Ok(())
            } else {
                plan_err!(position, "{name} takes {n} argument(s), not {}", args.len())
            }
        };
        let format_literal = |e: &Expr| -> Result<String> {
            match e {
                Expr::Literal(ScalarValue::Utf8(f)) => Ok(java_to_chrono_format(f)),
                _ => plan_err!(position, "{name}'s format must be a string literal, such as 'yyyy-MM-dd HH:mm:ss'"),
            }
        };
        let (func, data_type, args) = match scalar_function(&name).expect("checked by the caller") {
            ScalarFunction::Upper | ScalarFunction::Lower | ScalarFunction::Trim => {
                arity(1)?;
                let func = scalar_function(&name).expect("known");
                (func, DataType::Utf8, vec![self.text(args.remove(0), position)?])
            }
            ScalarFunction::CharLength => {
                arity(1)?;
                (ScalarFunction::CharLength, DataType::Int32, vec![self.text(args.remove(0), position)?])
            }
            ScalarFunction::Abs => {
                arity(1)?;
                let t = args[0].data_type();
                if !is_numeric(&t) {
                    return plan_err!(position, "ABS needs a number, not {t}");
                }
                (ScalarFunction::Abs, t, args)
            }
            ScalarFunction::Coalesce => {
                if args.is_empty() {
                    return plan_err!(position, "COALESCE needs at least one argument");
                }
                let t = unify(args.iter().map(|a| a.data_type()), position, "COALESCE arguments")?;
                (ScalarFunction::Coalesce, t.clone(), args.into_iter().map(|a| a.cast_to(&t)).collect())
            }
            ScalarFunction::TsDiff => {
                arity(2)?;
                let b = self.timestamp(args.remove(1), position)?;
                let a = self.timestamp(args.remove(0), position)?;
                (ScalarFunction::TsDiff, DataType::Int64, vec![a, b])
            }
            ScalarFunction::UnixTimestamp => {
                arity(1)?;
                (ScalarFunction::UnixTimestamp, DataType::Int64, vec![self.timestamp(args.remove(0), position)?])
            }
            ScalarFunction::CharToTimestamp(_) => {
                arity(2)?;
                let format = format_literal(&args[0])?;
                (ScalarFunction::CharToTimestamp(format), timestamp_type(), vec![self.text(args.remove(1), position)?])
            }
            ScalarFunction::TimestampToChar(_) => {
                arity(2)?;
                let format = format_literal(&args[0])?;
                (
                    ScalarFunction::TimestampToChar(format),
                    DataType::Utf8,
                    vec![self.timestamp(args.remove(1), position)?],
                )
            }
            ScalarFunction::ToTimestampLtz(_) => {
                let precision = match args.get(1) {
                    None => 3,
                    Some(Expr::Literal(ScalarValue::Int32(p))) if *p == 0 || *p == 3 => *p as u8,
                    Some(_) => {
                        return plan_err!(position, "TO_TIMESTAMP_LTZ's precision is 0 (seconds) or 3 (milliseconds)")
                    }
                };
                let epoch = args.remove(0);
                if !crate::plan::types::is_integer(&epoch.data_type()) {
                    return plan_err!(position, "TO_TIMESTAMP_LTZ takes an epoch number, not {}", epoch.data_type());
                }
                (ScalarFunction::ToTimestampLtz(precision), timestamp_type(), vec![epoch.cast_to(&DataType::Int64)])
            }
            ScalarFunction::ToTimestamp(_) => {
                let format = match args.get(1) {
                    None => None,
                    Some(e) => Some(format_literal(e)?),
                };
                (ScalarFunction::ToTimestamp(format), timestamp_type(), vec![self.text(args.remove(0), position)?])
            }
            ScalarFunction::Extract(_) => return plan_err!(position, "use EXTRACT(unit FROM ts)"),
            ScalarFunction::Proctime => return plan_err!(position, "PROCTIME() takes no argument"),
        };
        Ok(Expr::Call { func, args, data_type })
    }
}

/// The scalar functions called by name.
pub(crate) fn scalar_function(name: &str) -> Option<ScalarFunction> {
    Some(match name {
        "UPPER" => ScalarFunction::Upper,
        "LOWER" => ScalarFunction::Lower,
        "TRIM" => ScalarFunction::Trim,
        "CHAR_LENGTH" | "CHARACTER_LENGTH" => ScalarFunction::CharLength,
        "ABS" => ScalarFunction::Abs,
        "COALESCE" => ScalarFunction::Coalesce,
        "TSDIFF" => ScalarFunction::TsDiff,
        "UNIX_TIMESTAMP" => ScalarFunction::UnixTimestamp,
        "CHAR_TO_TIMESTAMP" => ScalarFunction::CharToTimestamp(String::new()),
        "TIMESTAMP_TO_CHAR" | "DATE_FORMAT" => ScalarFunction::TimestampToChar(String::new()),
        "TO_TIMESTAMP_LTZ" => ScalarFunction::ToTimestampLtz(3),
        "TO_TIMESTAMP" => ScalarFunction::ToTimestamp(None),
        _ => return None,
    })
}

/// One type for several values (CASE branches, COALESCE arguments): NULL takes any type,
/// numbers widen, anything else must match.
pub(crate) fn unify(types: impl Iterator<Item = DataType>, position: Option<Position>, what: &str) -> Result<DataType> {
    let mut out = DataType::Null;
    for t in types {
        out = if out == DataType::Null || out == t {
            t
        } else if t == DataType::Null {
            out
        } else if let Some(common) = common_numeric_type(&out, &t, false) {
            common
        } else {
            return plan_err!(position, "{what} have different types: {out} and {t}");
        };
    }
    Ok(out)
}

/// SQL's `SIMILAR TO` pattern as an anchored regular expression: `%` is `.*`, `_` is `.`,
/// and the regex operators SQL shares (`|`, `*`, `+`, `?`, `()`, `[]`, `{}`) keep their meaning.
pub(crate) fn similar_to_regex(pattern: &str) -> String {
    let mut out = String::from("^(?:");
    for c in pattern.chars() {
        match c {
            '%' => out.push_str(".*"),
            '_' => out.push('.'),
            '.' | '^' | '$' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            other => out.push(other),
        }
    }
    out.push_str(")$");
    out
}

pub(crate) fn regex_syntax_check(regex: &str) -> std::result::Result<(), String> {
    let empty = arrow_array::StringArray::from(vec![""]);
    arrow_string::regexp::regexp_is_match_scalar(&empty, regex, None).map(|_| ()).map_err(|e| e.to_string())
}

/// A Java `SimpleDateFormat` pattern (as KDA's CHAR_TO_TIMESTAMP takes) as a chrono format.
/// `hh` without an `a` (AM/PM) marker reads as a 24-hour clock, as KDA's own example
/// (`'yyyy-MM-dd hh:mm:ss'` on `'2009-09-16 03:15:24'`) expects.
pub(crate) fn java_to_chrono_format(java: &str) -> String {
    let twelve_hour = java.contains('a');
    let chars: Vec<char> = java.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let mut run = 1;
        while i + run < chars.len() && chars[i + run] == c {
            run += 1;
        }
        let spec = match (c, run) {
            ('y', 2) => Some("%y"),
            ('y', _) => Some("%Y"),
            ('M', 1 | 2) => Some("%m"),
            ('M', 3) => Some("%b"),
            ('M', _) => Some("%B"),
            ('d', _) => Some("%d"),
            ('H', _) => Some("%H"),
            ('h', _) if twelve_hour => Some("%I"),
            ('h', _) => Some("%H"),
            ('m', _) => Some("%M"),
            ('s', _) => Some("%S"),
            ('S', _) => Some("%3f"),
            ('a', _) => Some("%p"),
            ('E', 1..=3) => Some("%a"),
            ('E', _) => Some("%A"),
            ('Z', _) => Some("%z"),
            _ => None,
        };
        match spec {
            Some(s) => {
                out.push_str(s);
                i += run;
            }
            None if c == '\'' => {
                i += 1;
                while i < chars.len() && chars[i] != '\'' {
                    out.push(chars[i]);
                    i += 1;
                }
                i += 1;
            }
            None => {
                if c == '%' {
                    out.push('%');
                }
                out.push(c);
                i += 1;
            }
        }
    }
    out
}
