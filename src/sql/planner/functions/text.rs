//! Text functions by name: case, trimming, substrings and positions, padding, concatenation,
//! regular expressions, conversions to and from text (binary, hex, base64, charsets, URLs),
//! digests and PRINTF.

use arrow_schema::DataType;

use super::{int_literal, text_literal, Call};
use crate::error::Result;
use crate::plan::functions::TextOp;
use crate::plan::{Expr, LikeKind, ScalarFunction, ScalarValue, TrimSide};
use crate::sql::planner::expr::ExprPlanner;

impl ExprPlanner<'_> {
    /// The text functions called by name; None for any other name.
    pub(super) fn text_call(&self, c: &Call) -> Result<Option<Expr>> {
        use ScalarFunction as F;
        let name = c.name;
        let flink = !self.scope.naming.fold;
        Ok(Some(match name {
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
            "COUNT_CHAR" => {
                c.arity(2, 2)?;
                c.done(F::CountChar, DataType::Int64, vec![c.text(0)?, c.text(1)?])
            }
            _ => return Ok(None),
        }))
    }
}
