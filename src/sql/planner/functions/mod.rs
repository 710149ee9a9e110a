//! Planning calls of scalar functions by name (`UPPER`, `TSDIFF`, `CHAR_TO_TIMESTAMP`, …) and
//! the helpers they share with the expression planner: type unification, literals' values.

mod json;
mod numeric;
mod time;

use arrow_schema::DataType;
use sqlparser::ast;

use super::ast_util::{function_args, function_name};
use super::expr::ExprPlanner;
use super::patterns::{java_to_chrono_format, regex_syntax_check};
use crate::error::{Position, Result};
use crate::plan::function_docs::{function_doc, FUNCTIONS};
use crate::plan::functions::TextOp;
use crate::plan::types::{common_numeric_type, is_integer, is_numeric, sql_name, timestamp_type};
use crate::plan::{BinaryOp, Expr, LikeKind, ScalarFunction, ScalarValue, TrimSide};
use crate::plan_err;

impl ExprPlanner<'_> {
    /// `UPPER(x)`, `TSDIFF(a, b)`, `CHAR_TO_TIMESTAMP(format, text)`, …: a function of the
    /// catalogue ([`FUNCTIONS`]) called by name.
    pub(crate) fn plan_call(&self, f: &ast::Function, position: Option<Position>) -> Result<Expr> {
        let name = function_name(f);
        if matches!(name.as_str(), "JSON_OBJECT" | "JSON_ARRAY") {
            return self.plan_json_constructor(&name, f, position);
        }
        let mut args = Vec::new();
        // Flink's TIMESTAMPDIFF(unit, a, b) and TIMESTAMPADD(unit, n, t) name their unit as a word.
        let unit_first = matches!(name.as_str(), "TIMESTAMPDIFF" | "TIMESTAMPADD");
        for (i, arg) in function_args(f).into_iter().enumerate() {
            match arg {
                Some(ast::Expr::Identifier(unit)) if unit_first && i == 0 && unit.quote_style.is_none() => {
                    args.push(text_literal(&unit.value.to_uppercase()))
                }
                Some(a) => args.push(self.plan(a)?),
                None => return plan_err!(position, "{name} takes plain arguments"),
            }
        }
        self.call_named(&name, args, position)
    }

    /// The call of the scalar function `name` (upper case) on planned arguments: each argument
    /// checked and cast to the type the function takes, or a plan error that shows the
    /// function's signature.
    pub(crate) fn call_named(&self, name: &str, args: Vec<Expr>, position: Option<Position>) -> Result<Expr> {
        use ScalarFunction as F;
        if let Some(parsed) = self.plan_log_parser(name, &args, position)? {
            return Ok(parsed);
        }
        let c = Call { name, args, position };
        if name == crate::sql::parser::PERCENTILE_OF {
            // Messages name the function as written.
            return numeric::percentile(Call { name: "PERCENTILE", ..c });
        }
        if name == crate::sql::parser::JSON_ARRAY_OF {
            return json::array_of(Call { name: "JSON_ARRAYAGG", ..c });
        }
        if name == crate::sql::parser::JSON_OBJECT_OF {
            return json::object_of(Call { name: "JSON_OBJECTAGG", ..c });
        }
        if name == crate::sql::parser::MAP_CONSTRUCTOR {
            return super::maps::make(c.args, position);
        }
        if let Some(op) = super::maps::by_name(name) {
            return super::maps::call(op, c);
        }
        if name == "CARDINALITY" && c.args.len() == 1 && super::maps::is_map(&c.args[0]) {
            return super::maps::call(crate::plan::MapOp::Cardinality, c);
        }
        if let Some(op) = super::arrays::by_name(name) {
            return super::arrays::call(op, c);
        }
        // Each family plans the names it knows and passes on the others (None).
        for family in [Self::numeric_call, Self::json_call, Self::time_call] {
            if let Some(planned) = family(self, &c)? {
                return Ok(planned);
            }
        }
        let flink = !self.scope.naming.fold;
        Ok(match name {
            "UPPER" | "LOWER" | "CHAR_LENGTH" | "CHARACTER_LENGTH" | "INITCAP" => {
                c.arity(1, 1)?;
                let (func, t) = match name {
                    "UPPER" => (F::Upper, DataType::Utf8),
                    "LOWER" => (F::Lower, DataType::Utf8),
                    "INITCAP" => (F::Initcap, DataType::Utf8),
                    _ => (F::CharLength, DataType::Int32),
                };
                c.done(func, t, vec![c.text(0)?])
            }
            // Flink 2.x's second argument: the characters to remove (spaces by default).
            "LTRIM" | "RTRIM" => {
                c.arity(1, 2)?;
                let side = if name == "LTRIM" { TrimSide::Leading } else { TrimSide::Trailing };
                let chars = if c.args.len() == 2 { c.text(1)? } else { text_literal(" ") };
                c.done(F::Trim(side), DataType::Utf8, vec![c.text(0)?, chars])
            }
            "SUBSTRING" | "SUBSTR" => {
                c.arity(2, 3)?;
                // Flink's SUBSTRING is its SUBSTR: a start of 0 or below counts differently.
                let func = if name == "SUBSTR" || flink { F::Substr } else { F::Substring { null_past_end: false } };
                c.done(func, DataType::Utf8, c.each(|i| if i == 0 { c.text(i) } else { c.int(i) })?)
            }
            "POSITION" => {
                c.arity(2, 2)?;
                c.done(F::Position, DataType::Int32, vec![c.text(0)?, c.text(1)?])
            }
            "OVERLAY" => {
                c.arity(3, 4)?;
                c.done(F::Overlay, DataType::Utf8, c.each(|i| if i < 2 { c.text(i) } else { c.int(i) })?)
            }
            "ROW" => {
                c.arity(1, usize::MAX)?;
                row(c.args)
            }
            "CONCAT" => {
                c.arity(1, usize::MAX)?;
                c.done(F::Concat, DataType::Utf8, c.each(|i| c.text(i))?)
            }
            "CONCAT_WS" => {
                c.arity(2, usize::MAX)?;
                c.done(F::ConcatWs, DataType::Utf8, c.each(|i| c.text(i))?)
            }
            "REPLACE" => {
                c.arity(3, 3)?;
                c.done(F::Replace, DataType::Utf8, c.each(|i| c.text(i))?)
            }
            "REGEX_REPLACE" | "REGEXP_REPLACE" => {
                if name == "REGEX_REPLACE" {
                    c.arity(5, 5)?
                } else {
                    c.arity(3, 3)?
                };
                c.regex_literal(1)?;
                let literal = name == "REGEXP_REPLACE";
                c.done(
                    F::RegexReplace { literal },
                    DataType::Utf8,
                    c.each(|i| if i < 3 { c.text(i) } else { c.int(i) })?,
                )
            }
            "REGEXP_EXTRACT" => {
                c.arity(2, 3)?;
                c.regex_literal(1)?;
                c.done(F::RegexpExtract, DataType::Utf8, c.each(|i| if i < 2 { c.text(i) } else { c.int(i) })?)
            }
            "SPLIT_INDEX" => {
                c.arity(3, 3)?;
                c.done(F::SplitIndex, DataType::Utf8, vec![c.text(0)?, c.text(1)?, c.int(2)?])
            }
            "LPAD" | "RPAD" => {
                c.arity(3, 3)?;
                c.done(F::Pad { left: name == "LPAD" }, DataType::Utf8, vec![c.text(0)?, c.int(1)?, c.text(2)?])
            }
            "REPEAT" => {
                c.arity(2, 2)?;
                c.done(F::Repeat, DataType::Utf8, vec![c.text(0)?, c.int(1)?])
            }
            "LEFT" | "RIGHT" => {
                c.arity(2, 2)?;
                c.done(F::Side { left: name == "LEFT" }, DataType::Utf8, vec![c.text(0)?, c.int(1)?])
            }
            "REVERSE" => {
                c.arity(1, 1)?;
                c.done(F::Reverse, DataType::Utf8, vec![c.text(0)?])
            }
            // LOCATE(needle, s [, start]); INSTR(s, needle) is LOCATE(needle, s).
            "LOCATE" | "INSTR" => {
                let (needle, within) = if name == "LOCATE" {
                    c.arity(2, 3)?;
                    (0, 1)
                } else {
                    c.arity(2, 2)?;
                    (1, 0)
                };
                let start = if c.args.len() == 3 { c.int(2)? } else { Expr::Literal(ScalarValue::Int64(1)) };
                c.done(F::Locate, DataType::Int32, vec![c.text(needle)?, c.text(within)?, start])
            }
            // The type kdalite gave the argument, as Flink writes types (kdalite does not track
            // NOT NULL, which Flink adds to a literal's).
            "TYPEOF" => {
                c.arity(1, 2)?;
                if c.args.len() == 2 {
                    c.typed(1, &DataType::Boolean)?;
                }
                let name = match c.args[0].data_type() {
                    DataType::Null => "NULL".to_string(),
                    t => match crate::plan::types::SqlType::from_arrow(&t) {
                        Some(sql) => crate::sql::flink::flink_type(&sql),
                        None => sql_name(&t),
                    },
                };
                text_literal(&name)
            }
            "PRINTF" => {
                c.arity(1, usize::MAX)?;
                let format = c.text(0)?;
                if let Expr::Literal(ScalarValue::Utf8(f)) = &format {
                    if let Some(conversion) = crate::exec::functions::printf_unsupported(f) {
                        return c.fail(&format!(
                            "%{conversion} is not supported: it formats a Java object kdalite does not have"
                        ));
                    }
                }
                let mut args = vec![format];
                for (i, a) in c.args.iter().enumerate().skip(1) {
                    // Flink hands these over as Java objects, which print as their addresses.
                    if matches!(
                        a.data_type(),
                        DataType::List(_) | DataType::Map(..) | DataType::Struct(_) | DataType::Binary
                    ) {
                        return c.fail(&format!(
                            "argument {} is {a}: PRINTF formats numbers, text, booleans and times",
                            i + 1
                        ));
                    }
                    args.push(a.clone());
                }
                c.done(F::Printf, DataType::Utf8, args)
            }
            "BIN" => {
                c.arity(1, 1)?;
                c.done(F::Text(TextOp::Bin), DataType::Utf8, vec![c.int(0)?])
            }
            "HEX" => {
                c.arity(1, 1)?;
                match c.args[0].data_type() {
                    DataType::Utf8 => c.done(F::Text(TextOp::HexText), DataType::Utf8, vec![c.text(0)?]),
                    _ => c.done(F::Text(TextOp::HexInteger), DataType::Utf8, vec![c.int(0)?]),
                }
            }
            "IS_ALPHA" | "IS_DIGIT" | "IS_DECIMAL" | "URL_DECODE" | "URL_ENCODE" | "JSON_QUOTE" | "JSON_UNQUOTE" => {
                c.arity(1, 1)?;
                let (op, t) = match name {
                    "JSON_QUOTE" => (TextOp::JsonQuote, DataType::Utf8),
                    "JSON_UNQUOTE" => (TextOp::JsonUnquote, DataType::Utf8),
                    "IS_ALPHA" => (TextOp::IsAlpha, DataType::Boolean),
                    "IS_DIGIT" => (TextOp::IsDigit, DataType::Boolean),
                    "IS_DECIMAL" => (TextOp::IsDecimal, DataType::Boolean),
                    "URL_DECODE" => (TextOp::UrlDecode, DataType::Utf8),
                    _ => (TextOp::UrlEncode, DataType::Utf8),
                };
                c.done(F::Text(op), t, vec![c.text(0)?])
            }
            "TRANSLATE" => {
                c.arity(3, 3)?;
                c.done(F::Text(TextOp::Translate), DataType::Utf8, c.each(|i| c.text(i))?)
            }
            "BTRIM" => {
                c.arity(1, 2)?;
                let chars = if c.args.len() == 2 { c.text(1)? } else { text_literal(" ") };
                c.done(F::Text(TextOp::Btrim), DataType::Utf8, vec![c.text(0)?, chars])
            }
            "STARTSWITH" | "ENDSWITH" => {
                c.arity(2, 2)?;
                let op = if name == "STARTSWITH" { TextOp::StartsWith } else { TextOp::EndsWith };
                c.done(F::Text(op), DataType::Boolean, c.each(|i| c.text(i))?)
            }
            "REGEXP_COUNT" | "REGEXP_INSTR" | "REGEXP_SUBSTR" => {
                c.arity(2, 2)?;
                c.regex_literal(1)?;
                let (op, t) = match name {
                    "REGEXP_COUNT" => (TextOp::RegexpCount, DataType::Int32),
                    "REGEXP_INSTR" => (TextOp::RegexpInstr, DataType::Int32),
                    _ => (TextOp::RegexpSubstr, DataType::Utf8),
                };
                c.done(F::Text(op), t, c.each(|i| c.text(i))?)
            }
            "REGEXP_EXTRACT_ALL" => {
                c.arity(2, 3)?;
                c.regex_literal(1)?;
                let group = if c.args.len() == 3 { c.int(2)? } else { Expr::Literal(ScalarValue::Int64(1)) };
                let t = crate::plan::types::list_type(DataType::Utf8);
                c.done(F::RegexpExtractAll, t, vec![c.text(0)?, c.text(1)?, group])
            }
            "ELT" => {
                c.arity(2, usize::MAX)?;
                let t = unify(c.args[1..].iter().map(|a| a.data_type()), position, "ELT's values")?;
                let mut args = vec![c.int(0)?];
                args.extend(c.args[1..].iter().map(|a| a.clone().cast_to(&t)));
                c.done(F::Elt, t, args)
            }
            "ASCII" => {
                c.arity(1, 1)?;
                c.done(F::Ascii, DataType::Int32, vec![c.text(0)?])
            }
            "CHR" => {
                c.arity(1, 1)?;
                c.done(F::Chr, DataType::Utf8, vec![c.int(0)?])
            }
            "PARSE_URL" => {
                c.arity(2, 3)?;
                let part =
                    c.string_literal(1, "a part: HOST, PATH, QUERY, REF, PROTOCOL, FILE, AUTHORITY or USERINFO")?;
                let Some(part) = crate::plan::UrlPart::by_name(&part.to_uppercase()) else {
                    return c.fail(&format!(
                        "the part is HOST, PATH, QUERY, REF, PROTOCOL, FILE, AUTHORITY or USERINFO, not '{part}'"
                    ));
                };
                if c.args.len() == 3 && part != crate::plan::UrlPart::Query {
                    return c.fail("a key reads a QUERY parameter: PARSE_URL(url, 'QUERY', 'key')");
                }
                let mut args = vec![c.text(0)?];
                if c.args.len() == 3 {
                    args.push(c.text(2)?);
                }
                c.done(F::ParseUrl(part), DataType::Utf8, args)
            }
            "MD5" | "SHA1" | "SHA224" | "SHA256" | "SHA384" | "SHA512" | "SHA2" => {
                use crate::plan::DigestKind as D;
                let kind = match name {
                    "MD5" => D::Md5,
                    "SHA1" => D::Sha1,
                    "SHA224" => D::Sha224,
                    "SHA256" => D::Sha256,
                    "SHA384" => D::Sha384,
                    "SHA512" => D::Sha512,
                    _ => {
                        c.arity(2, 2)?;
                        match c.args.get(1).and_then(int_literal) {
                            Some(224) => D::Sha224,
                            Some(256) => D::Sha256,
                            Some(384) => D::Sha384,
                            Some(512) => D::Sha512,
                            _ => return c.fail("the length is 224, 256, 384 or 512, written in the query"),
                        }
                    }
                };
                if name != "SHA2" {
                    c.arity(1, 1)?;
                }
                c.done(F::Digest(kind), DataType::Utf8, vec![c.text_or_bytes(0)?])
            }
            "TO_BASE64" => {
                c.arity(1, 1)?;
                c.done(F::Base64 { encode: true }, DataType::Utf8, vec![c.text_or_bytes(0)?])
            }
            "FROM_BASE64" => {
                c.arity(1, 1)?;
                c.done(F::Base64 { encode: false }, DataType::Utf8, vec![c.text(0)?])
            }
            "ENCODE" | "DECODE" => {
                c.arity(2, 2)?;
                let charset = c.string_literal(1, "a charset's name")?;
                let Some(charset) = crate::plan::functions::Charset::by_name(&charset) else {
                    return c.fail(&format!("'{charset}' is not a charset kdalite knows"));
                };
                if name == "ENCODE" {
                    c.done(F::Encode(charset), DataType::Binary, vec![c.text(0)?])
                } else {
                    c.done(F::Decode(charset), DataType::Utf8, vec![c.typed(0, &DataType::Binary)?])
                }
            }
            "UNHEX" => {
                c.arity(1, 1)?;
                c.done(F::Unhex, DataType::Binary, vec![c.text(0)?])
            }
            // Flink's REGEXP(s, regex): whether any part of `s` matches.
            "REGEXP" => {
                c.arity(2, 2)?;
                c.regex_literal(1)?;
                let Expr::Literal(ScalarValue::Utf8(_)) = &c.args[1] else {
                    return c.fail("the regular expression is a literal");
                };
                let (value, pattern) = (c.text(0)?, c.args[1].clone());
                Expr::Like { expr: Box::new(value), pattern: Box::new(pattern), negated: false, kind: LikeKind::Regexp }
            }
            // KDA's assertion that an expression never changes direction: its value.
            "MONOTONIC" => {
                c.arity(1, 1)?;
                c.args.into_iter().next().expect("one argument")
            }
            "COUNT_CHAR" => {
                c.arity(2, 2)?;
                c.done(F::CountChar, DataType::Int64, vec![c.text(0)?, c.text(1)?])
            }
            "NULLIF" => {
                // NULLIF(a, b) is CASE WHEN a = b THEN NULL ELSE a END.
                c.arity(2, 2)?;
                let [a, b]: [Expr; 2] = c.args.try_into().expect("two arguments");
                let equal = super::operators::binary(BinaryOp::Eq, a.clone(), b, position)?;
                let data_type = a.data_type();
                Expr::Case {
                    branches: vec![(equal, Expr::Literal(ScalarValue::Null).cast_to(&data_type))],
                    otherwise: Some(Box::new(a)),
                    data_type,
                }
            }
            "IF" => {
                c.arity(3, 3)?;
                if !matches!(c.args[0].data_type(), DataType::Boolean | DataType::Null) {
                    return c.fail(&format!("the first argument is a condition, not {}", c.args[0]));
                }
                let [test, then, otherwise]: [Expr; 3] = c.args.try_into().expect("three arguments");
                let data_type =
                    unify([then.data_type(), otherwise.data_type()].into_iter(), position, "IF's branches")?;
                Expr::Case {
                    branches: vec![(test.cast_to(&DataType::Boolean), then.cast_to(&data_type))],
                    otherwise: Some(Box::new(otherwise.cast_to(&data_type))),
                    data_type,
                }
            }
            "COALESCE" | "IFNULL" => {
                if name == "IFNULL" {
                    c.arity(2, 2)?
                } else {
                    c.arity(1, usize::MAX)?
                };
                let t = unify(c.args.iter().map(|a| a.data_type()), position, "COALESCE arguments")?;
                let args = c.args.iter().map(|a| a.clone().cast_to(&t)).collect();
                c.done(F::Coalesce, t, args)
            }
            "GREATEST" | "LEAST" => {
                c.arity(1, usize::MAX)?;
                let t = unify(c.args.iter().map(|a| a.data_type()), position, &format!("{name}'s arguments"))?;
                let args = c.args.iter().map(|a| a.clone().cast_to(&t)).collect();
                c.done(if name == "GREATEST" { F::Greatest } else { F::Least }, t, args)
            }
            name if name == "CURSOR" || super::table_functions::is_kda_table_function(name) => {
                return c.fail("it is read as a table, in FROM");
            }
            _ => return plan_err!(position, "function {name} is not supported yet{}", suggestion(name)),
        })
    }
}

/// A call being planned: its arguments and what to say when they do not fit.
pub(super) struct Call<'a> {
    pub name: &'a str,
    pub args: Vec<Expr>,
    pub position: Option<Position>,
}

impl Call<'_> {
    pub(super) fn fail<T>(&self, why: &str) -> Result<T> {
        let signature = function_doc(self.name).map_or(self.name, |d| d.signature);
        plan_err!(self.position, "{}: {why}; it is called as {signature}", self.name)
    }

    pub(super) fn arity(&self, min: usize, max: usize) -> Result<()> {
        let n = self.args.len();
        if (min..=max).contains(&n) {
            return Ok(());
        }
        let wanted = match (min, max) {
            (a, b) if a == b => format!("{a}"),
            (a, usize::MAX) => format!("at least {a}"),
            (a, b) => format!("{a} to {b}"),
        };
        self.fail(&format!("takes {wanted} argument(s), not {n}"))
    }

    fn each(&self, f: impl Fn(usize) -> Result<Expr>) -> Result<Vec<Expr>> {
        (0..self.args.len()).map(f).collect()
    }

    pub(super) fn done(&self, func: ScalarFunction, data_type: DataType, args: Vec<Expr>) -> Expr {
        Expr::Call { func, args, data_type }
    }

    pub(super) fn text(&self, i: usize) -> Result<Expr> {
        self.typed(i, &DataType::Utf8)
    }

    /// Argument `i`, text or BYTES (a function of bytes reads a text's UTF-8 bytes).
    fn text_or_bytes(&self, i: usize) -> Result<Expr> {
        match self.args[i].data_type() {
            DataType::Binary => Ok(self.args[i].clone()),
            _ => self.text(i),
        }
    }

    fn timestamp(&self, i: usize) -> Result<Expr> {
        self.typed(i, &timestamp_type())
    }

    /// Argument `i`, which must have type `t` (or be NULL).
    pub(super) fn typed(&self, i: usize, t: &DataType) -> Result<Expr> {
        let e = &self.args[i];
        match e.data_type() {
            ref have if have == t => Ok(e.clone()),
            DataType::Null => Ok(e.clone().cast_to(t)),
            have => self.fail(&format!("argument {} is {e} of type {}, not {}", i + 1, sql_name(&have), sql_name(t))),
        }
    }

    pub(super) fn int(&self, i: usize) -> Result<Expr> {
        let e = &self.args[i];
        match e.data_type() {
            t if is_integer(&t) || t == DataType::Null => Ok(e.clone().cast_to(&DataType::Int64)),
            t => self.fail(&format!("argument {} is {e} of type {}, not an integer", i + 1, sql_name(&t))),
        }
    }

    fn number(&self, i: usize) -> Result<Expr> {
        let e = &self.args[i];
        match e.data_type() {
            t if is_numeric(&t) => Ok(e.clone()),
            DataType::Null => Ok(e.clone().cast_to(&DataType::Float64)),
            t => self.fail(&format!("argument {} is {e} of type {}, not a number", i + 1, sql_name(&t))),
        }
    }

    fn double(&self, i: usize) -> Result<Expr> {
        Ok(self.number(i)?.cast_to(&DataType::Float64))
    }

    fn string_literal(&self, i: usize, what: &str) -> Result<String> {
        match &self.args[i] {
            Expr::Literal(ScalarValue::Utf8(f)) => Ok(f.clone()),
            _ => self.fail(&format!("argument {} must be {what}, written as a string literal", i + 1)),
        }
    }

    /// A Java-style date format, as a chrono format.
    fn format(&self, i: usize) -> Result<String> {
        Ok(java_to_chrono_format(&self.string_literal(i, "a format such as 'yyyy-MM-dd HH:mm:ss'")?))
    }

    /// A literal pattern is checked here, so that a typo is a plan error, not a failed row.
    pub(super) fn regex_literal(&self, i: usize) -> Result<()> {
        if let Some(Expr::Literal(ScalarValue::Utf8(p))) = self.args.get(i) {
            if let Err(err) = regex_syntax_check(p) {
                return self.fail(&format!("the regular expression '{p}' is not valid: {err}"));
            }
        }
        Ok(())
    }
}

/// The value of an integer literal, negative ones included.
pub(crate) fn int_literal(e: &Expr) -> Option<i64> {
    match e {
        Expr::Literal(v) => v.as_i64(),
        Expr::Negate(inner) => int_literal(inner).and_then(i64::checked_neg),
        Expr::Cast { expr, .. } => int_literal(expr),
        _ => None,
    }
}

/// The value of a literal, cast or not.
fn literal_of(e: &Expr) -> Option<&ScalarValue> {
    match e {
        Expr::Literal(v) => Some(v),
        Expr::Cast { expr, .. } => literal_of(expr),
        _ => None,
    }
}

fn text_literal(s: &str) -> Expr {
    Expr::Literal(ScalarValue::Utf8(s.to_string()))
}

/// "; did you mean X?" for a name one edit away from a catalogue entry's.
fn suggestion(name: &str) -> String {
    let close = FUNCTIONS.iter().map(|d| d.name).find(|d| edit_distance(d, name) <= 1);
    close.map_or(String::new(), |d| format!("; did you mean {d}?"))
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != *cb)).min(row[j] + 1).min(above + 1);
            diagonal = above;
        }
    }
    row[b.len()]
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

/// `ROW(a, b, …)`: a ROW value, its fields `EXPR$0`, `EXPR$1`, … (NULL arguments as text).
pub(crate) fn row(args: Vec<Expr>) -> Expr {
    let args: Vec<Expr> = args
        .into_iter()
        .map(|a| if a.data_type() == DataType::Null { a.cast_to(&DataType::Utf8) } else { a })
        .collect();
    let fields: Vec<arrow_schema::Field> = args
        .iter()
        .enumerate()
        .map(|(i, a)| arrow_schema::Field::new(format!("EXPR${i}"), a.data_type(), true))
        .collect();
    let data_type = DataType::Struct(fields.into());
    Expr::Call { func: ScalarFunction::Row, args, data_type }
}
