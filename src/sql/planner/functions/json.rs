//! JSON functions by name: `JSON_OBJECT` and `JSON_ARRAY` (with their `KEY … VALUE` and `ON NULL`
//! clauses), `JSON_VALUE`, `JSON_QUERY` and `JSON_EXISTS` (with their RETURNING, wrapper, ON
//! EMPTY and ON ERROR clauses, which the parser hands over as arguments: `parser::json_clauses`),
//! `JSON_STRING`, the calls that finish `JSON_ARRAYAGG` and `JSON_OBJECTAGG`, and which values
//! JSON text can hold.

use arrow_schema::DataType;
use sqlparser::ast;

use super::{literal_of, Call};
use crate::error::{Position, Result};
use crate::plan::json_path::{JsonBehavior, JsonFunction, JsonPathCall, JsonWrapper};
use crate::plan::types::sql_name;
use crate::plan::{Expr, ScalarFunction, ScalarValue};
use crate::plan_err;
use crate::sql::planner::expr::ExprPlanner;

impl ExprPlanner<'_> {
    /// Flink's `JSON_OBJECT([KEY] k VALUE v, … [NULL | ABSENT ON NULL])` and `JSON_ARRAY(v, …
    /// [NULL | ABSENT ON NULL])`. A value that is itself a JSON_OBJECT or JSON_ARRAY goes in
    /// as JSON, not as text.
    pub(super) fn plan_json_constructor(
        &self,
        name: &str,
        f: &ast::Function,
        position: Option<Position>,
    ) -> Result<Expr> {
        use ScalarFunction as F;
        let ast::FunctionArguments::List(list) = &f.args else {
            let func = if name == "JSON_OBJECT" {
                F::JsonObject { absent_on_null: false, raw: vec![] }
            } else {
                F::JsonArray { absent_on_null: true, raw: vec![] }
            };
            return Ok(Expr::Call { func, args: vec![], data_type: DataType::Utf8 });
        };
        let mut null_clause = None;
        for clause in &list.clauses {
            match clause {
                ast::FunctionArgumentClause::JsonNullClause(c) => null_clause = Some(c.clone()),
                other => return plan_err!(position, "{name} does not take {other}"),
            }
        }
        let object = name == "JSON_OBJECT";
        let absent_on_null = match null_clause {
            Some(ast::JsonNullClause::AbsentOnNull) => true,
            Some(ast::JsonNullClause::NullOnNull) => false,
            // Flink's defaults: an object keeps NULL members, an array leaves NULLs out.
            None => !object,
        };
        let mut args = Vec::new();
        let mut raw = Vec::new();
        for arg in &list.args {
            let value = match (object, arg) {
                (true, ast::FunctionArg::ExprNamed { name: key, arg, operator: ast::FunctionArgOperator::Value }) => {
                    let key = self.plan(key)?;
                    if !matches!(key.data_type(), DataType::Utf8 | DataType::Null) {
                        return plan_err!(position, "a JSON_OBJECT key is text, not {key}");
                    }
                    args.push(key.cast_to(&DataType::Utf8));
                    arg
                }
                (false, ast::FunctionArg::Unnamed(arg)) => arg,
                _ => {
                    let form = if object { "key VALUE value" } else { "values" };
                    return plan_err!(position, "{name} takes {form}, not {arg}");
                }
            };
            let ast::FunctionArgExpr::Expr(value) = value else {
                return plan_err!(position, "{name} takes values, not {value}");
            };
            let value = self.plan(value)?;
            let nested = matches!(&value, Expr::Call { func: F::JsonObject { .. } | F::JsonArray { .. }, .. });
            args.push(json_value(name, value, position)?);
            raw.push(nested);
        }
        let func = if object { F::JsonObject { absent_on_null, raw } } else { F::JsonArray { absent_on_null, raw } };
        Ok(Expr::Call { func, args, data_type: DataType::Utf8 })
    }

    /// The JSON functions called by name; None for any other name.
    pub(super) fn json_call(&self, c: &Call) -> Result<Option<Expr>> {
        use ScalarFunction as F;
        let (name, position) = (c.name, c.position);
        Ok(Some(match name {
            "JSON_STRING" => {
                c.arity(1, 1)?;
                let value = json_value(name, c.args[0].clone(), position)?;
                c.done(F::JsonString, DataType::Utf8, vec![value])
            }
            "JSON_EXISTS" | "JSON_QUERY" | "JSON_VALUE" => json_path_call(c)?,
            _ => return Ok(None),
        }))
    }
}

/// JSON_VALUE, JSON_QUERY or JSON_EXISTS: the JSON text, the path (a string literal, `lax` or
/// `strict` first), then its clauses, each an argument that starts with
/// [`crate::sql::parser::JSON_CLAUSE`] (a RETURNING's type and a DEFAULT's value after it).
fn json_path_call(c: &Call) -> Result<Expr> {
    use ScalarFunction as F;
    c.arity(2, usize::MAX)?;
    let path = c.string_literal(1, "a JSON path such as '$.a.b'")?;
    let (strict, rest) = crate::plan::json_path::split_mode(&path);
    let steps = match crate::plan::json_path::parse(rest) {
        Ok(steps) => steps,
        Err(why) => return c.fail(&format!("'{path}' is not a JSON path ({why})")),
    };
    let (value, query) = (c.name == "JSON_VALUE", c.name == "JSON_QUERY");
    let mut returning = None;
    let mut wrapper = None;
    let (mut on_empty, mut on_error) = (None, None);
    let mut defaults: Vec<Expr> = Vec::new();
    let mut i = 2;
    while i < c.args.len() {
        let clause = match &c.args[i] {
            Expr::Literal(ScalarValue::Utf8(text)) => text.strip_prefix(crate::sql::parser::JSON_CLAUSE),
            _ => None,
        };
        let Some(clause) = clause else {
            return c.fail("takes the JSON text and a path, then its clauses (RETURNING, ON EMPTY, ON ERROR)");
        };
        // The expression a RETURNING or DEFAULT carries, next.
        let mut carried = || {
            i += 1;
            c.args.get(i).cloned().ok_or(())
        };
        match clause {
            // Flink's RETURNING types, by name (kdalite's FLOAT is a DOUBLE).
            _ if clause.starts_with("RETURNING ") && (value || query) => {
                let name = &clause["RETURNING ".len()..];
                let text = name == "STRING" || name.starts_with("VARCHAR") || name.starts_with("CHAR");
                let known = ["BOOLEAN", "INT", "INTEGER", "DOUBLE", "DOUBLE PRECISION"].contains(&name);
                let _ = carried();
                // JSON_QUERY's ARRAY<STRING>: the array found, its elements as text.
                let texts = c.args.get(i).map(Expr::data_type).filter(|t| {
                    query && matches!(t, DataType::List(element) if element.data_type() == &DataType::Utf8)
                });
                returning = match (text, known && value) {
                    (true, _) => Some(DataType::Utf8),
                    (false, true) => c.args.get(i).map(Expr::data_type),
                    (false, false) if texts.is_some() => texts,
                    (false, false) => {
                        let takes =
                            if value { "STRING, BOOLEAN, INT or DOUBLE, as Flink" } else { "STRING or ARRAY<STRING>" };
                        return c.fail(&format!("RETURNING {name} is not supported: {} returns {takes}", c.name));
                    }
                };
            }
            "WITHOUT WRAPPER" if query => wrapper = Some(JsonWrapper::Without),
            "WITH CONDITIONAL WRAPPER" if query => wrapper = Some(JsonWrapper::Conditional),
            "WITH WRAPPER" | "WITH UNCONDITIONAL WRAPPER" if query => wrapper = Some(JsonWrapper::Unconditional),
            _ => {
                let Some((behavior, case)) = clause.rsplit_once(" ON ") else {
                    return c.fail(&format!("does not take {clause}"));
                };
                let behavior = match (behavior, c.name) {
                    ("NULL", "JSON_VALUE" | "JSON_QUERY") => JsonBehavior::Null,
                    ("ERROR", _) => JsonBehavior::Error,
                    ("DEFAULT", "JSON_VALUE") => match carried() {
                        Ok(default) => {
                            defaults.push(default);
                            JsonBehavior::Default(defaults.len())
                        }
                        Err(()) => return c.fail("DEFAULT needs a value"),
                    },
                    ("EMPTY ARRAY", "JSON_QUERY") => JsonBehavior::EmptyArray,
                    ("EMPTY OBJECT", "JSON_QUERY") => JsonBehavior::EmptyObject,
                    ("TRUE", "JSON_EXISTS") => JsonBehavior::True,
                    ("FALSE", "JSON_EXISTS") => JsonBehavior::False,
                    ("UNKNOWN", "JSON_EXISTS") => JsonBehavior::Unknown,
                    _ => return c.fail(&format!("does not take {clause}")),
                };
                let slot = match case {
                    "EMPTY" if c.name != "JSON_EXISTS" => &mut on_empty,
                    "ERROR" => &mut on_error,
                    _ => return c.fail(&format!("does not take {clause}")),
                };
                if slot.replace(behavior).is_some() {
                    return c.fail(&format!("takes one ON {case} clause"));
                }
            }
        }
        i += 1;
    }
    // Flink's RETURNING types, and its defaults.
    let data_type = match c.name {
        "JSON_EXISTS" => DataType::Boolean,
        _ => returning.unwrap_or(DataType::Utf8),
    };
    let function = match c.name {
        "JSON_VALUE" => JsonFunction::Value,
        "JSON_QUERY" => JsonFunction::Query(wrapper.unwrap_or(JsonWrapper::Without)),
        _ => JsonFunction::Exists,
    };
    let (on_empty, on_error) = match function {
        JsonFunction::Exists => (JsonBehavior::False, on_error.unwrap_or(JsonBehavior::False)),
        _ => (on_empty.unwrap_or(JsonBehavior::Null), on_error.unwrap_or(JsonBehavior::Null)),
    };
    if matches!(data_type, DataType::List(_)) && [on_empty, on_error].contains(&JsonBehavior::EmptyObject) {
        return c.fail("EMPTY OBJECT is not an ARRAY<STRING>: it takes NULL, EMPTY ARRAY or ERROR, as Flink");
    }
    let mut args = vec![c.text(0)?];
    for default in defaults {
        if !matches!(default.data_type(), DataType::Null) && !can_cast(&default.data_type(), &data_type) {
            return c.fail(&format!("DEFAULT {default} is not of the result's type, {}", sql_name(&data_type)));
        }
        args.push(default.cast_to(&data_type));
    }
    let call = JsonPathCall { function, steps, strict, on_empty, on_error };
    Ok(c.done(F::JsonPath(Box::new(call)), data_type, args))
}

/// Whether a DEFAULT of type `from` can stand for a result of type `to`.
fn can_cast(from: &DataType, to: &DataType) -> bool {
    from == to || matches!(to, DataType::Utf8) || (from.is_numeric() && to.is_numeric())
}

/// `JSON_ARRAYAGG(x)`'s finishing call (the parser's `$JSON_ARRAY_OF`): the group's values as
/// one JSON array.
pub(super) fn array_of(c: Call) -> Result<Expr> {
    use ScalarFunction as F;
    let raw = c.args.get(1).and_then(literal_of) == Some(&ScalarValue::Boolean(true));
    match c.args.first().map(Expr::data_type) {
        Some(DataType::List(_)) => Ok(c.done(F::JsonArrayOf { raw }, DataType::Utf8, vec![c.args[0].clone()])),
        _ => c.fail("takes the values of a group"),
    }
}

/// `JSON_OBJECTAGG(k VALUE v)`'s finishing call (the parser's `$JSON_OBJECT_OF`): the group's
/// keys and values as one JSON object.
pub(super) fn object_of(c: Call) -> Result<Expr> {
    use ScalarFunction as F;
    let flag = |i: usize| c.args.get(i).and_then(literal_of) == Some(&ScalarValue::Boolean(true));
    let (absent_on_null, raw) = (flag(1), flag(2));
    let Some(DataType::List(pair)) = c.args.first().map(Expr::data_type) else {
        return c.fail("takes the keys and values of a group");
    };
    let DataType::Struct(fields) = pair.data_type() else {
        return c.fail("takes the keys and values of a group");
    };
    match fields[0].data_type() {
        DataType::Utf8 => {}
        t => return c.fail(&format!("a key is text, not {} (as in Flink)", sql_name(t))),
    }
    json_type("JSON_OBJECTAGG", fields[1].data_type(), c.position)?;
    let func = F::JsonObjectOf { absent_on_null, raw };
    Ok(c.done(func, DataType::Utf8, vec![c.args[0].clone()]))
}

/// A value a JSON function (`name`) writes: text, a number, a boolean or a timestamp, as the
/// JSON functions of `exec` write them (a NULL as text); any other type is refused here, where
/// Flink fails the job on one.
fn json_value(name: &str, value: Expr, position: Option<Position>) -> Result<Expr> {
    json_type(name, &value.data_type(), position)?;
    Ok(if value.data_type() == DataType::Null { value.cast_to(&DataType::Utf8) } else { value })
}

/// Whether a JSON constructor can write a value of `data_type` (Flink fails the job on others).
fn json_type(name: &str, data_type: &DataType, position: Option<Position>) -> Result<()> {
    match data_type {
        DataType::Utf8
        | DataType::Boolean
        | DataType::Int8
        | DataType::Int16
        | DataType::Int32
        | DataType::Int64
        | DataType::Float32
        | DataType::Float64
        | DataType::Decimal128(..)
        | DataType::Timestamp(..)
        | DataType::Null => Ok(()),
        other => plan_err!(
            position,
            "{name} takes text, numbers, booleans and timestamps, not a {} value (Flink fails the job on one); CAST it to VARCHAR",
            sql_name(other)
        ),
    }
}
