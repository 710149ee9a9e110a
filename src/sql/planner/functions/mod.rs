//! Planning calls of scalar functions by name (`UPPER`, `TSDIFF`, `CHAR_TO_TIMESTAMP`, …) and
//! the helpers they share with the expression planner: type unification, literals' values.
//!
//! This file dispatches a call (`call_named`) and checks its arguments (`Call`); the families
//! of functions plan their own names: `text`, `numeric`, `json` and `time`. The conditionals
//! (`IF`, `COALESCE`, `NULLIF`, …), `ROW` and `TYPEOF` are planned here.

mod json;
mod numeric;
mod text;
mod time;

use arrow_schema::DataType;
use sqlparser::ast;

use super::ast_util::{function_args, function_name};
use super::expr::ExprPlanner;
use super::patterns::{java_to_chrono_format, regex_syntax_check};
use crate::error::{Position, Result};
use crate::plan::function_docs::{function_doc, FUNCTIONS};
use crate::plan::types::{
    common_numeric_type, common_time_type, is_integer, is_numeric, ltz_zone, sql_name, timestamp_type,
};
use crate::plan::{BinaryOp, Expr, ScalarFunction, ScalarValue};
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
        for family in [Self::text_call, Self::numeric_call, Self::json_call, Self::time_call] {
            if let Some(planned) = family(self, &c)? {
                return Ok(planned);
            }
        }
        // What no family took: the conditionals, ROW, TYPEOF, and names that are not functions.
        Ok(match name {
            "ROW" => {
                c.arity(1, usize::MAX)?;
                row(c.args)
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
                        Some(sql) => crate::sql::spelling::flink_type(&sql),
                        None => sql_name(&t),
                    },
                };
                text_literal(&name)
            }
            "ELT" => {
                c.arity(2, usize::MAX)?;
                let t = unify(c.args[1..].iter().map(|a| a.data_type()), position, "ELT's values")?;
                let mut args = vec![c.int(0)?];
                args.extend(c.args[1..].iter().map(|a| a.clone().cast_to(&t)));
                c.done(F::Elt, t, args)
            }
            // KDA's assertion that an expression never changes direction: its value.
            "MONOTONIC" => {
                c.arity(1, 1)?;
                c.args.into_iter().next().expect("one argument")
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
            // A TIMESTAMP_LTZ where a TIMESTAMP is wanted: its zone's wall clock, as Flink reads
            // it in HOUR, DATE_FORMAT, EXTRACT, ….
            ref have if ltz_zone(have).is_some() && *t == timestamp_type() => Ok(e.clone().cast_to(t)),
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
        } else if let Some(time) = common_time_type(&out, &t) {
            time
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
