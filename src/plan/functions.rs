//! Scalar functions: what each one computes ([`ScalarFunction`], the planned form) and the
//! catalogue a user reads ([`FUNCTIONS`]: every function's signature, shown by plan errors and
//! completed by the page's editor).

use std::fmt;

use super::interval::{IntervalField, IntervalQualifier};

/// A scalar function, planned: its arguments already have the types listed in [`FUNCTIONS`]
/// (text as Utf8, integers as Int64, other numbers as Float64 unless said otherwise), and a
/// NULL argument gives NULL unless said otherwise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScalarFunction {
    Upper,
    Lower,
    CharLength,
    /// `INITCAP(s)`: each word's first letter upper case, the rest lower case.
    Initcap,
    /// `TRIM([BOTH|LEADING|TRAILING] [chars] FROM s)`: arguments `s`, `chars`; also LTRIM/RTRIM.
    Trim(TrimSide),
    /// `SUBSTRING(s FROM start [FOR length])`: arguments `s`, `start`[, `length`]; KDA's
    /// `SUBSTRING(s, start, length)` gives NULL for a start past the end (`null_past_end`).
    Substring {
        null_past_end: bool,
    },
    /// Flink's `SUBSTR(s, start [, length])`: a negative start counts from the end.
    Substr,
    /// `POSITION(needle IN s)`: 1-based, 0 when absent; arguments `needle`, `s`.
    Position,
    /// `OVERLAY(s PLACING r FROM start [FOR length])`: arguments `s`, `r`, `start`[, `length`].
    Overlay,
    /// Flink's `CONCAT(a, …)` and `a || b`: NULL when any argument is.
    Concat,
    /// Flink's `CONCAT_WS(separator, a, …)`: NULL arguments are skipped.
    ConcatWs,
    /// `REPLACE(s, from, to)`.
    Replace,
    /// KDA's `REGEX_REPLACE(s, regex, replacement, start, occurrence)` (occurrence 0 is
    /// every one; the replacement's `$1` is group 1, as Java's `replaceAll`) and Flink's
    /// `REGEXP_REPLACE(s, regex, replacement)` (every one; the replacement taken `literally`,
    /// as Flink does).
    RegexReplace {
        literal: bool,
    },
    /// Flink's `REGEXP_EXTRACT(s, regex [, group])`: the group (0, the whole match, by
    /// default) of the first match; NULL when nothing matches.
    RegexpExtract,
    /// Flink's `SPLIT_INDEX(s, separator, index)`: the 0-based index-th piece, or NULL.
    SplitIndex,
    /// `LPAD(s, length, pad)` and `RPAD`.
    Pad {
        left: bool,
    },
    /// `REPEAT(s, n)`.
    Repeat,
    /// Flink's `LEFT(s, n)` and `RIGHT(s, n)`: the first or last `n` characters ('' when
    /// `n` < 0).
    Side {
        left: bool,
    },
    /// Flink's `REVERSE(s)`.
    Reverse,
    /// Flink's `LOCATE(needle, s, start)` (and `INSTR(s, needle)`): the 1-based position of
    /// `needle` in `s` from character `start`, 0 when absent.
    Locate,
    /// Flink's `ASCII(s)`: the code of the first character (0 for '').
    Ascii,
    /// Flink's `CHR(n)`: the character of code `n` modulo 256 (NULL for a negative `n`).
    Chr,
    /// Flink's `TO_BASE64(s)` and `FROM_BASE64(s)` (of the text's UTF-8 bytes; text that is not
    /// base64 of UTF-8 fails the row).
    Base64 {
        encode: bool,
    },
    /// Flink's `JSON_EXISTS(json, path)`: whether the path finds a value (FALSE for text that
    /// is not JSON).
    JsonExists(Vec<super::json_path::JsonStep>),
    /// Flink's `JSON_QUERY(json, path)`: the object or array the path finds, as JSON text; NULL
    /// for a scalar (Flink's default WITHOUT WRAPPER, NULL ON ERROR), for nothing, or for text
    /// that is not JSON.
    JsonQuery(Vec<super::json_path::JsonStep>),
    /// Flink's `PARSE_URL(url, part [, key])`: a part of the URL as Java's `URL` reads it (HOST,
    /// PATH, QUERY, REF, PROTOCOL, FILE, AUTHORITY, USERINFO); with a key, that query
    /// parameter's value. NULL for a URL that does not read or a part it does not have.
    ParseUrl(UrlPart),
    /// Flink's tests and conversions of a text, each one row at a time ([`TextOp`]).
    Text(TextOp),
    /// Flink's `ENCODE(text, charset)`: the text's bytes in the charset (a character it
    /// cannot hold is `?`, as Java writes it).
    Encode(Charset),
    /// Flink's `DECODE(bytes, charset)`: the text the bytes are in the charset (bytes that are
    /// not one are U+FFFD, as Java reads them).
    Decode(Charset),
    /// Flink's `UNHEX(text)`: the bytes two hex digits each stand for; NULL for other text.
    Unhex,
    /// Flink's `PRINTF(format, value, …)`: Java's `String.format`; NULL where Java would throw.
    Printf,
    /// `ELT(n, value, …)`: the n-th value, from 1; NULL out of range.
    Elt,
    /// `REGEXP_EXTRACT_ALL(s, regex, group)`: each match's group, as an array.
    RegexpExtractAll,
    /// Flink's `MD5(s)`, `SHA1(s)`, `SHA224(s)` … `SHA512(s)` and `SHA2(s, bits)`: the digest of
    /// the text's UTF-8 bytes in lower-case hex.
    Digest(DigestKind),
    /// `COUNT_CHAR(s, c)`: how many times the character `c` occurs in `s` (the Nexmark suite's
    /// `count_char` function, which its q14 declares with CREATE FUNCTION).
    CountChar,
    /// Flink's `JSON_OBJECT(key VALUE value, … [NULL ON NULL | ABSENT ON NULL])`: arguments
    /// key, value, key, value…, written with the keys sorted (as Flink writes them, a repeated
    /// key's last value kept). `raw[i]`: value `i` is JSON text already (a nested JSON_OBJECT
    /// or JSON_ARRAY), written as it is.
    JsonObject {
        absent_on_null: bool,
        raw: Vec<bool>,
    },
    /// Flink's `JSON_ARRAY(value, … [NULL ON NULL | ABSENT ON NULL])`.
    JsonArray {
        absent_on_null: bool,
        raw: Vec<bool>,
    },
    /// Flink's `JSON_STRING(value)`: the value as JSON text (NULL for NULL).
    JsonString,
    /// An array as JSON text, `[]` for NULL: what Flink's `JSON_ARRAYAGG(x)` writes, planned
    /// as this around `ARRAY_AGG(x IGNORE NULLS)` (`RESPECT NULLS` for `NULL ON NULL`). `raw`:
    /// the items are JSON already (`x` is a JSON_OBJECT or JSON_ARRAY).
    JsonArrayOf {
        raw: bool,
    },
    /// A list of (key, value) rows as one JSON object, its keys sorted: what Flink's
    /// `JSON_OBJECTAGG(k VALUE v)` writes, planned as this around `ARRAY_AGG(ROW(k, v))`. A NULL
    /// or repeated key fails the row (Flink fails the job); `absent_on_null` leaves out the
    /// members whose value is NULL; `raw`, as JsonArrayOf's.
    JsonObjectOf {
        absent_on_null: bool,
        raw: bool,
    },
    /// Flink's `PERCENTILE(x, p)`, planned as this around `ARRAY_AGG(x IGNORE NULLS)`: the
    /// values' continuous percentile (linear between the two nearest, as Flink's), for each
    /// percentage `p` (a DOUBLE, or an ARRAY of them); NULL for no values.
    PercentileOf(Vec<super::ScalarValue>),
    /// Flink's `ROW(a, b, …)` and `(a, b, …)`: a ROW value of the arguments, its fields named
    /// `EXPR$0`, `EXPR$1`, … as Flink names them.
    Row,
    /// Flink's arrays: the `ARRAY[…]` constructor, `a[i]`, `=` and the ARRAY_* functions (see
    /// [`ArrayOp`]).
    Array(ArrayOp),
    /// Flink's maps: the `MAP[…]` constructor, `m[k]`, `=` and the MAP_* functions (see
    /// [`MapOp`]).
    Map(MapOp),
    /// Flink's `JSON_VALUE(json, path)` for paths such as `$.a.b` and `$.items[0].id` (read
    /// once, when planned); NULL when the text is not JSON or the path finds nothing.
    JsonValue(Vec<super::json_path::JsonStep>),
    Abs,
    /// `CEIL(x)`, `CEILING(x)`, `FLOOR(x)` of a number; integers are returned as they are.
    Ceil,
    Floor,
    /// `EXP`, `LN`, `LOG10`, `LOG2`, `SQRT` of a DOUBLE; a value out of the domain fails the row.
    Exp,
    Ln,
    Log10,
    Log2,
    Sqrt,
    /// Flink's `LOG(base, x)`.
    Log,
    /// `POWER(x, y)`.
    Power,
    /// `ROUND(x, digits)` of a DOUBLE, half away from zero.
    Round,
    /// Flink's `TRUNCATE(x, digits)`: ROUND toward zero.
    Truncate,
    /// Flink's trigonometric functions, DEGREES and RADIANS, of a DOUBLE.
    Trig(Trig),
    /// Flink's `ATAN2(y, x)`.
    Atan2,
    /// `SIGN(x)` of a DOUBLE.
    Sign,
    /// KDA's `STEP(n BY width)` of integers: `n` rounded down to a multiple of `width`.
    StepNumber,
    Coalesce,
    /// Flink's `GREATEST(a, …)` and `LEAST(a, …)`: NULL if any argument is.
    Greatest,
    Least,
    /// `EXTRACT(part FROM ts)`, `HOUR(ts)`, `DAYOFWEEK(ts)`, …
    Extract(DatePart),
    /// `TSDIFF(a, b)`: `a - b` in milliseconds.
    TsDiff,
    /// `(a - b) qualifier` of two timestamps, dates or times: the interval from `b` to `a`
    /// in whole trailing fields of the qualifier.
    IntervalBetween(IntervalQualifier),
    /// `interval * x`, `x * interval` and `interval / x`: arguments the interval and `x` as a
    /// DOUBLE.
    ScaleInterval {
        divide: bool,
    },
    /// `EXTRACT(field FROM interval)`: BIGINT, or DECIMAL(5, 3) seconds.
    IntervalPart(IntervalField),
    /// A single-field interval CAST to a number: how many of its field (BIGINT).
    IntervalNumber(IntervalField),
    /// An interval CAST to text, as its qualifier prints it.
    FormatInterval(IntervalQualifier),
    /// Text CAST to an interval of the qualifier.
    ParseInterval(IntervalQualifier),
    /// An interval CAST to another qualifier of its kind: cut to whole trailing fields.
    Requalify(IntervalQualifier),
    /// KDA's `UNIX_TIMESTAMP(ts)`: milliseconds since the epoch.
    UnixTimestamp,
    /// Flink's `UNIX_TIMESTAMP(text [, format])`: seconds since the epoch.
    UnixSeconds(Option<String>),
    /// `CHAR_TO_TIMESTAMP(format, text)` with a Java-style format, kept as a chrono format.
    CharToTimestamp(String),
    /// `CHAR_TO_DATE(format, text)`.
    CharToDate(String),
    /// `CHAR_TO_TIME(format, text)`.
    CharToTime(String),
    /// `TIMESTAMP_TO_CHAR(format, ts)`, `DATE_TO_CHAR(format, date)`, `TIME_TO_CHAR(format, time)`
    /// and Flink's `DATE_FORMAT(ts, format)`: the argument is a timestamp (dates and times are
    /// cast to one).
    TimestampToChar(String),
    /// Flink's `TO_TIMESTAMP_LTZ(epoch, precision)`: precision 0 is seconds, 3 milliseconds.
    ToTimestampLtz(u8),
    /// Flink's `TO_TIMESTAMP(text [, format])`; no format reads the usual spellings.
    ToTimestamp(Option<String>),
    /// KDA's `TO_TIMESTAMP(millis)` of a BIGINT.
    FromMillis,
    /// Flink's `TRY_CAST(x AS type)`: the call's `data_type`, NULL where `x` does not cast.
    TryCast,
    /// The value written to a column declared `NOT NULL` (named): a NULL fails its row.
    NotNull(String),
    /// KDA's log parsers (`REGEX_LOG_PARSE`, `W3C_LOG_PARSE`, …): a ROW of the line's fields,
    /// NULL when the line does not parse; the call's `data_type` names and types the fields.
    LogParse(LogParser),
    /// Flink's `RAND([seed])` (a DOUBLE from 0 up to 1), `RAND_INTEGER([seed,] bound)` (an INT
    /// from 0 up to `bound`) and `UUID()`: each row draws the next number of the call's own
    /// generator, Java's `java.util.Random`, so that a seeded call gives Flink's numbers row for
    /// row (at parallelism 1). Without a seed the generator is seeded by where the call is
    /// written, so that a run is reproducible (Flink's differ every run).
    Random(RandomKind, RandomState),
    /// Flink's `PROCTIME()`, KDA's `CURRENT_ROW_TIMESTAMP`, and `CURRENT_TIMESTAMP`,
    /// `LOCALTIMESTAMP`, `NOW()`: when the row arrived, on the virtual clock (its ROWTIME,
    /// the one argument), so that a run is reproducible.
    Proctime,
}

/// A charset `ENCODE` and `DECODE` know, by Java's names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Charset {
    Utf8,
    Ascii,
    Latin1,
    /// `UTF-16`: big-endian, written after a byte-order mark; read by its mark if it has one.
    Utf16,
    Utf16Be,
    Utf16Le,
}

impl Charset {
    /// Java's names and aliases, any case.
    pub fn by_name(name: &str) -> Option<Charset> {
        Some(match name.to_ascii_uppercase().as_str() {
            "UTF-8" | "UTF8" => Charset::Utf8,
            "US-ASCII" | "ASCII" => Charset::Ascii,
            "ISO-8859-1" | "ISO8859_1" | "LATIN1" | "ISO-LATIN-1" => Charset::Latin1,
            "UTF-16" | "UTF16" => Charset::Utf16,
            "UTF-16BE" | "UNICODEBIGUNMARKED" => Charset::Utf16Be,
            "UTF-16LE" | "UNICODELITTLEUNMARKED" => Charset::Utf16Le,
            _ => return None,
        })
    }
}

/// What a random call draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RandomKind {
    Double,
    /// From 0 up to the call's one argument, the bound.
    Integer,
    /// A version 4 UUID's text.
    Uuid,
}

/// A random call's generator: the 48 bits of state of Java's `java.util.Random`, shared by every
/// copy of the planned call (a call is one generator, however its plan is cloned).
#[derive(Debug, Clone)]
pub struct RandomState(pub std::sync::Arc<std::sync::Mutex<u64>>);

impl RandomState {
    /// The state `new java.util.Random(seed)` starts from.
    pub fn seeded(seed: i64) -> RandomState {
        RandomState(std::sync::Arc::new(std::sync::Mutex::new((seed as u64 ^ 0x5_DEEC_E66D) & ((1 << 48) - 1))))
    }
}

impl PartialEq for RandomState {
    fn eq(&self, other: &Self) -> bool {
        std::sync::Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for RandomState {}

/// Flink's text functions of one text and constant-like arguments (checked on Flink 2.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextOp {
    /// `BIN(n)`: the integer in binary, a negative one as 64-bit two's complement.
    Bin,
    /// `HEX(n)`: the integer in upper-case hex (64-bit two's complement when negative).
    HexInteger,
    /// `HEX(s)`: the text's UTF-8 bytes in upper-case hex.
    HexText,
    /// `IS_ALPHA(s)`, `IS_DIGIT(s)`, `IS_DECIMAL(s)`: FALSE for NULL and ''.
    IsAlpha,
    IsDigit,
    IsDecimal,
    /// `URL_DECODE(s)`: `+` and `%XX` decoded as UTF-8 (HTML forms'); NULL when it cannot be.
    UrlDecode,
    /// `URL_ENCODE(s)`: as Java's URLEncoder, letters, digits and `.-*_` kept, a space `+`.
    UrlEncode,
    /// `TRANSLATE(s, from, to)`: each character of `from` replaced by the one at its place in
    /// `to`, removed when `to` is shorter.
    Translate,
    /// `BTRIM(s [, chars])`: the characters (spaces by default) trimmed from both ends.
    Btrim,
    StartsWith,
    EndsWith,
    /// `REGEXP_COUNT(s, regex)`: how many times the regex matches.
    RegexpCount,
    /// `REGEXP_INSTR(s, regex)`: where its first match starts, from 1; 0 when it does not match.
    RegexpInstr,
    /// `REGEXP_SUBSTR(s, regex)`: its first match; NULL when it does not match.
    RegexpSubstr,
    /// `JSON_QUOTE(s)`: the text as a JSON string, as Flink 2.3 writes it (`/` escaped, each
    /// character past ASCII as `\u` and its code point in hex).
    JsonQuote,
    /// `JSON_UNQUOTE(s)`: the text a JSON string literal holds; any other text as it is.
    JsonUnquote,
}

/// A part of a URL that `PARSE_URL` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlPart {
    Host,
    Path,
    Query,
    Ref,
    Protocol,
    File,
    Authority,
    UserInfo,
}

impl UrlPart {
    pub fn by_name(name: &str) -> Option<UrlPart> {
        Some(match name {
            "HOST" => UrlPart::Host,
            "PATH" => UrlPart::Path,
            "QUERY" => UrlPart::Query,
            "REF" => UrlPart::Ref,
            "PROTOCOL" => UrlPart::Protocol,
            "FILE" => UrlPart::File,
            "AUTHORITY" => UrlPart::Authority,
            "USERINFO" => UrlPart::UserInfo,
            _ => return None,
        })
    }
}

/// A digest Flink's hash functions compute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DigestKind {
    Md5,
    Sha1,
    Sha224,
    Sha256,
    Sha384,
    Sha512,
}

/// A trigonometric function (or DEGREES, RADIANS).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trig {
    Sin,
    Cos,
    Tan,
    Cot,
    Asin,
    Acos,
    Atan,
    Sinh,
    Cosh,
    Tanh,
    Degrees,
    Radians,
}

impl Trig {
    pub fn by_name(name: &str) -> Option<Trig> {
        Some(match name {
            "SIN" => Trig::Sin,
            "COS" => Trig::Cos,
            "TAN" => Trig::Tan,
            "COT" => Trig::Cot,
            "ASIN" => Trig::Asin,
            "ACOS" => Trig::Acos,
            "ATAN" => Trig::Atan,
            "SINH" => Trig::Sinh,
            "COSH" => Trig::Cosh,
            "TANH" => Trig::Tanh,
            "DEGREES" => Trig::Degrees,
            "RADIANS" => Trig::Radians,
            _ => return None,
        })
    }

    /// The function, with libm's digits (the same natively and in the browser).
    pub fn apply(self, x: f64) -> f64 {
        match self {
            Trig::Sin => libm::sin(x),
            Trig::Cos => libm::cos(x),
            Trig::Tan => libm::tan(x),
            Trig::Cot => 1.0 / libm::tan(x),
            Trig::Asin => libm::asin(x),
            Trig::Acos => libm::acos(x),
            Trig::Atan => libm::atan(x),
            Trig::Sinh => libm::sinh(x),
            Trig::Cosh => libm::cosh(x),
            Trig::Tanh => libm::tanh(x),
            Trig::Degrees => x.to_degrees(),
            Trig::Radians => x.to_radians(),
        }
    }
}

/// How a log parser cuts a line into fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogParser {
    /// A regular expression that matches the whole line; its groups are the fields
    /// (REGEX_LOG_PARSE, FAST_REGEX_LOG_PARSE).
    Regex(String),
    /// A W3C (Apache) log format: text the line must have, and fields between (W3C_LOG_PARSE).
    W3c(Vec<W3cPart>),
    /// Fields between delimiters; an escape character makes the next one plain, and quotes
    /// keep delimiters in a field (VARIABLE_COLUMN_LOG_PARSE).
    Delimited { delimiter: String, escape: Option<char>, quotes: Option<(char, char)> },
    /// Fields at character positions from 0, each to its length or the end of the line
    /// (FIXED_COLUMN_LOG_PARSE).
    Fixed(Vec<(usize, Option<usize>)>),
    /// `Mon DD HH:MM:SS message`: a TIMESTAMP (the year the row's) and the rest (SYS_LOG_PARSE).
    SysLog,
}

/// A piece of a W3C log format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum W3cPart {
    /// Text the line has here.
    Text(String),
    /// A field: up to the next blank (`%h`, `%u`, …).
    Token,
    /// A field up to the closing quote (`"%r"`).
    Quoted,
    /// `[…]`, brackets included (`%t`).
    Bracketed,
    /// Up to the closing bracket (`[%t]`).
    InBrackets,
    /// A whole number (`%>s`, `%B`, …).
    Number,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrimSide {
    Both,
    Leading,
    Trailing,
}

/// A field `EXTRACT` and the date-part functions read from a timestamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatePart {
    Year,
    Quarter,
    Month,
    /// ISO week of the year, 1 to 53.
    Week,
    Day,
    /// 1 (Sunday) to 7 (Saturday), as Flink's DAYOFWEEK and EXTRACT(DOW …).
    DayOfWeek,
    DayOfYear,
    Hour,
    Minute,
    Second,
    Millisecond,
    /// Seconds since the epoch.
    Epoch,
}

impl fmt::Display for ScalarFunction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self:?}")
    }
}

/// What an array function computes (Flink's semantics, checked on Flink 2.3): NULL when the
/// array is NULL; elements compare as values, NULL equal to NULL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArrayOp {
    /// `ARRAY[a, …]`.
    Make,
    /// `a[i]`: from 1; NULL past either end.
    Element,
    /// `a = b` (and, negated, `a <> b`).
    Equal,
    /// `CAST(a AS STRING)`: `[1, NULL, 3]`.
    Text,
    /// `CARDINALITY(a)`.
    Cardinality,
    /// `ELEMENT(a)`: the one element (NULL when there is none, an error when there are more).
    Only,
    /// `ARRAY_CONTAINS(a, x)`.
    Contains,
    /// `ARRAY_POSITION(a, x)`: the first from 1, 0 when absent, NULL for a NULL `x`.
    Position,
    /// `ARRAY_JOIN(a, separator [, null_text])`: NULLs skipped unless `null_text` stands in.
    Join,
    /// `ARRAY_SLICE(a, start [, end])`: inclusive, from 1; negative counts from the end.
    Slice,
    /// `ARRAY_REMOVE(a, x)`: every element equal to `x`.
    Remove,
    /// `ARRAY_DISTINCT(a)`: first occurrences, in order.
    Distinct,
    /// `ARRAY_REVERSE(a)`.
    Reverse,
    /// `ARRAY_CONCAT(a, …)`: NULL when any is.
    Concat,
    /// `ARRAY_MAX(a)` and `ARRAY_MIN(a)`: NULLs skipped.
    Max,
    Min,
    /// `ARRAY_SORT(a [, ascending [, nulls_first]])`: NULLs first when ascending, by default.
    Sort,
    /// `ARRAY_APPEND(a, x)` and `ARRAY_PREPEND(a, x)`.
    Append,
    Prepend,
    /// `ARRAY_UNION(a, b)`, `ARRAY_INTERSECT(a, b)`, `ARRAY_EXCEPT(a, b)`: distinct elements.
    Union,
    Intersect,
    Except,
    /// `SPLIT(text, separator)`: the pieces, empty ones kept (none of ''); a separator ''
    /// splits into characters.
    Split,
    /// `$REPLICATE(n)`, kdalite's own: an array of `n` elements (none for `n` < 1), which
    /// INTERSECT ALL and EXCEPT ALL unnest to send a row `n` times (Flink's ReplicateRows).
    Replicate,
}

/// What a map function computes (Flink's semantics, checked on Flink 2.3): NULL when a map
/// argument is NULL. A map has each key once, and no NULL key: where Flink would make one, the
/// row goes to `error_stream`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MapOp {
    /// `MAP[k, v, …]`: a repeated key keeps its first place and its last value.
    Make,
    /// `m[k]`: NULL when the key is absent.
    Get,
    /// `m = n` (and, negated, `m <> n`): the same entries, in any order.
    Equal,
    /// `CAST(m AS STRING)`: `{a=1, b=NULL}`.
    Text,
    /// `CARDINALITY(m)`.
    Cardinality,
    /// `MAP_KEYS(m)`, `MAP_VALUES(m)`: arrays, in the map's order.
    Keys,
    Values,
    /// `MAP_ENTRIES(m)`: an array of `ROW<key, value>`.
    Entries,
    /// `MAP_FROM_ARRAYS(keys, values)`: arrays of one length.
    FromArrays,
    /// `MAP_UNION(m, …)`: later maps' values win; the last map's entries come first, then each
    /// earlier one's new keys (Flink's order).
    Union,
    /// `STR_TO_MAP(text [, pair_separator [, key_value_separator]])`: separators are regular
    /// expressions, `,` and `=` by default; a pair without the second is a key with a NULL
    /// value; entries in the order of Java's HashMap, as Flink prints them.
    FromText,
}

impl MapOp {
    /// The ones called by name.
    pub const CALLED: [MapOp; 6] =
        [MapOp::Keys, MapOp::Values, MapOp::Entries, MapOp::FromArrays, MapOp::Union, MapOp::FromText];

    pub fn name(self) -> &'static str {
        use MapOp::*;
        match self {
            Make => "MAP",
            Get => "ELEMENT_AT",
            Equal => "=",
            Text => "CAST",
            Cardinality => "CARDINALITY",
            Keys => "MAP_KEYS",
            Values => "MAP_VALUES",
            Entries => "MAP_ENTRIES",
            FromArrays => "MAP_FROM_ARRAYS",
            Union => "MAP_UNION",
            FromText => "STR_TO_MAP",
        }
    }
}

impl ArrayOp {
    /// The ones called by name.
    pub const CALLED: [ArrayOp; 20] = {
        use ArrayOp::*;
        [
            Cardinality,
            Only,
            Contains,
            Position,
            Join,
            Slice,
            Remove,
            Distinct,
            Reverse,
            Concat,
            Max,
            Min,
            Sort,
            Append,
            Prepend,
            Union,
            Intersect,
            Except,
            Split,
            Replicate,
        ]
    };

    pub fn name(self) -> &'static str {
        use ArrayOp::*;
        match self {
            Make => "ARRAY",
            Element => "ELEMENT_AT",
            Equal => "=",
            Text => "CAST",
            Cardinality => "CARDINALITY",
            Only => "ELEMENT",
            Contains => "ARRAY_CONTAINS",
            Position => "ARRAY_POSITION",
            Join => "ARRAY_JOIN",
            Slice => "ARRAY_SLICE",
            Remove => "ARRAY_REMOVE",
            Distinct => "ARRAY_DISTINCT",
            Reverse => "ARRAY_REVERSE",
            Concat => "ARRAY_CONCAT",
            Max => "ARRAY_MAX",
            Min => "ARRAY_MIN",
            Sort => "ARRAY_SORT",
            Append => "ARRAY_APPEND",
            Prepend => "ARRAY_PREPEND",
            Union => "ARRAY_UNION",
            Intersect => "ARRAY_INTERSECT",
            Except => "ARRAY_EXCEPT",
            Split => "SPLIT",
            Replicate => "$REPLICATE",
        }
    }
}

/// A function as a user reads it: how it is called and what it returns.
#[derive(Debug, Clone, Copy)]
pub struct FunctionDoc {
    pub name: &'static str,
    /// Every form, as written: `SUBSTRING(s FROM start [FOR length])`.
    pub signature: &'static str,
    pub returns: &'static str,
    /// Where it comes from: `KDA`, `Flink` or both.
    pub origin: &'static str,
    pub about: &'static str,
}

macro_rules! doc {
    ($name:literal, $signature:literal, $returns:literal, $origin:literal, $about:literal) => {
        FunctionDoc { name: $name, signature: $signature, returns: $returns, origin: $origin, about: $about }
    };
}

/// Every scalar, aggregate and table function kdalite runs, by name.
pub const FUNCTIONS: &[FunctionDoc] = &[
    doc!("ABS", "ABS(number or interval)", "the argument's type", "KDA, Flink", "absolute value"),
    doc!("ACOS", "ACOS(x)", "DOUBLE", "Flink", "arc cosine"),
    doc!("ANY", "ANY(condition)", "BOOLEAN", "KDA", "aggregate: true if the condition holds for any row"),
    doc!(
        "APPROXIMATE_ARRIVAL_TIME",
        "APPROXIMATE_ARRIVAL_TIME",
        "TIMESTAMP",
        "KDA",
        "when an input row arrived, on the virtual clock (its ROWTIME)"
    ),
    doc!("ARRAY", "ARRAY[value, …]", "ARRAY<the values' type>", "Flink", "an array of the values; a[i] is its i-th, from 1"),
    doc!("ARRAY_AGG", "ARRAY_AGG([DISTINCT] value [RESPECT NULLS | IGNORE NULLS])", "ARRAY", "Flink", "aggregate: the values in arrival order"),
    doc!("ARRAY_APPEND", "ARRAY_APPEND(array, value)", "the array's type", "Flink", "the value added at the end"),
    doc!("ARRAY_CONCAT", "ARRAY_CONCAT(array, …)", "the arrays' type", "Flink", "the arrays one after another"),
    doc!("ARRAY_CONTAINS", "ARRAY_CONTAINS(array, value)", "BOOLEAN", "Flink", "whether an element equals the value"),
    doc!("ARRAY_DISTINCT", "ARRAY_DISTINCT(array)", "the array's type", "Flink", "each element once, where it first is"),
    doc!("ARRAY_EXCEPT", "ARRAY_EXCEPT(array, array)", "the arrays' type", "Flink", "distinct elements of the first not in the second"),
    doc!("ARRAY_INTERSECT", "ARRAY_INTERSECT(array, array)", "the arrays' type", "Flink", "distinct elements in both"),
    doc!("ARRAY_JOIN", "ARRAY_JOIN(array, separator [, null_text])", "VARCHAR", "Flink", "the text elements joined, NULLs skipped or replaced"),
    doc!("ARRAY_MAX", "ARRAY_MAX(array)", "the element type", "Flink", "the largest element"),
    doc!("ARRAY_MIN", "ARRAY_MIN(array)", "the element type", "Flink", "the smallest element"),
    doc!("ARRAY_POSITION", "ARRAY_POSITION(array, value)", "INT", "Flink", "where the value first is, from 1; 0 if absent"),
    doc!("ARRAY_PREPEND", "ARRAY_PREPEND(array, value)", "the array's type", "Flink", "the value added at the start"),
    doc!("ARRAY_REMOVE", "ARRAY_REMOVE(array, value)", "the array's type", "Flink", "without the elements equal to the value"),
    doc!("ARRAY_REVERSE", "ARRAY_REVERSE(array)", "the array's type", "Flink", "the elements in reverse order"),
    doc!("ARRAY_SLICE", "ARRAY_SLICE(array, start [, end])", "the array's type", "Flink", "elements start to end, from 1; negative from the end"),
    doc!("ARRAY_SORT", "ARRAY_SORT(array [, ascending [, nulls_first]])", "the array's type", "Flink", "the elements sorted"),
    doc!("ARRAY_UNION", "ARRAY_UNION(array, array)", "the arrays' type", "Flink", "distinct elements of either"),
    doc!("ASCII", "ASCII(text)", "INT", "Flink", "the code of the first character"),
    doc!("ASIN", "ASIN(x)", "DOUBLE", "Flink", "arc sine"),
    doc!("ATAN", "ATAN(x)", "DOUBLE", "Flink", "arc tangent"),
    doc!("ATAN2", "ATAN2(y, x)", "DOUBLE", "Flink", "the angle of the point (x, y)"),
    doc!("AVG", "AVG([DISTINCT] number)", "the argument's type", "KDA, Flink", "aggregate: mean"),
    doc!("BIN", "BIN(integer)", "VARCHAR", "Flink", "the integer in binary (64-bit two's complement when negative)"),
    doc!("BTRIM", "BTRIM(text [, characters])", "VARCHAR", "Flink", "the characters (spaces by default) trimmed from both ends"),
    doc!("CARDINALITY", "CARDINALITY(array or map)", "INT", "Flink", "the number of elements or entries"),
    doc!("CEIL", "CEIL(number) | CEIL(ts TO unit)", "the argument's type", "KDA, Flink", "round up"),
    doc!("CEILING", "CEILING(number) | CEILING(ts TO unit)", "the argument's type", "KDA, Flink", "round up"),
    doc!("CHARACTER_LENGTH", "CHARACTER_LENGTH(text)", "INTEGER", "KDA, Flink", "characters in the text"),
    doc!("CHAR_LENGTH", "CHAR_LENGTH(text)", "INTEGER", "KDA, Flink", "characters in the text"),
    doc!("CHAR_TO_DATE", "CHAR_TO_DATE(format, text)", "DATE", "KDA", "parse a date"),
    doc!("CHAR_TO_TIME", "CHAR_TO_TIME(format, text)", "TIME", "KDA", "parse a time of day"),
    doc!("CHAR_TO_TIMESTAMP", "CHAR_TO_TIMESTAMP(format, text)", "TIMESTAMP", "KDA", "parse a timestamp"),
    doc!("CHR", "CHR(code)", "VARCHAR", "Flink", "the character of a code (modulo 256)"),
    doc!("COALESCE", "COALESCE(value, …)", "the arguments' type", "KDA, Flink", "first non-NULL value"),
    doc!("CONCAT", "CONCAT(text, …)", "VARCHAR", "Flink", "joined text; NULL if any is NULL"),
    doc!("CONCAT_WS", "CONCAT_WS(separator, text, …)", "VARCHAR", "Flink", "joined with a separator, NULLs skipped"),
    doc!("COS", "COS(x)", "DOUBLE", "Flink", "cosine"),
    doc!("COSH", "COSH(x)", "DOUBLE", "Flink", "hyperbolic cosine"),
    doc!("COT", "COT(x)", "DOUBLE", "Flink", "cotangent"),
    doc!("COUNT", "COUNT(*) | COUNT([DISTINCT] value)", "BIGINT", "KDA, Flink", "aggregate: number of rows"),
    doc!(
        "COUNT_CHAR",
        "COUNT_CHAR(text, character)",
        "BIGINT",
        "Nexmark",
        "how many times a character occurs (Nexmark's count_char UDF)"
    ),
    doc!(
        "COUNT_DISTINCT_ITEMS_TUMBLING",
        "FROM TABLE(COUNT_DISTINCT_ITEMS_TUMBLING(CURSOR(SELECT STREAM …), 'column', window_seconds))",
        "NUMBER_OF_DISTINCT_ITEMS BIGINT",
        "KDA",
        "table function: distinct values per tumbling window (exact)"
    ),
    doc!(
        "COUNT_DISTINCT_ITEMS_TUMBLING",
        "TABLE(COUNT_DISTINCT_ITEMS_TUMBLING(CURSOR(SELECT STREAM …), 'column', window_seconds))",
        "NUMBER_OF_DISTINCT_ITEMS BIGINT",
        "KDA",
        "table: each tumbling window's number of distinct values"
    ),
    doc!("CURRENT_DATE", "CURRENT_DATE", "DATE", "KDA, Flink", "the row's arrival date on the virtual clock"),
    doc!(
        "CURRENT_ROW_TIMESTAMP",
        "CURRENT_ROW_TIMESTAMP",
        "TIMESTAMP",
        "KDA",
        "the row's arrival on the virtual clock"
    ),
    doc!("CURRENT_TIME", "CURRENT_TIME", "TIME", "KDA, Flink", "the row's arrival time of day on the virtual clock"),
    doc!("CURRENT_TIMESTAMP", "CURRENT_TIMESTAMP", "TIMESTAMP", "KDA, Flink", "the row's arrival on the virtual clock"),
    doc!(
        "CURRENT_WATERMARK",
        "CURRENT_WATERMARK(time_attribute)",
        "TIMESTAMP(3)",
        "Flink",
        "the watermark the row meets; NULL before the first"
    ),
    doc!("CURSOR", "CURSOR(SELECT STREAM …)", "a stream", "KDA", "a table function's input"),
    doc!("DATE_FORMAT", "DATE_FORMAT(ts, format)", "VARCHAR", "Flink", "format a timestamp"),
    doc!("DATE_TO_CHAR", "DATE_TO_CHAR(format, date)", "VARCHAR", "KDA", "format a date"),
    doc!("DAYOFMONTH", "DAYOFMONTH(ts)", "BIGINT", "Flink", "day of the month, 1–31"),
    doc!("DAYOFWEEK", "DAYOFWEEK(ts)", "BIGINT", "Flink", "day of the week, 1 (Sunday)–7"),
    doc!("DAYOFYEAR", "DAYOFYEAR(ts)", "BIGINT", "Flink", "day of the year, 1–366"),
    doc!("DECODE", "DECODE(bytes, charset)", "VARCHAR", "Flink", "the text the bytes are in the charset"),
    doc!("DEGREES", "DEGREES(radians)", "DOUBLE", "Flink", "radians in degrees"),
    doc!("E", "E()", "DOUBLE", "Flink", "e"),
    doc!("ELEMENT", "ELEMENT(array)", "the element type", "Flink", "the one element (NULL for none; more fail the row)"),
    doc!("ELT", "ELT(n, value, …)", "the values' type", "Flink", "the n-th value, from 1; NULL out of range"),
    doc!("ENCODE", "ENCODE(text, charset)", "BYTES", "Flink", "the text's bytes in the charset (UTF-8, US-ASCII, ISO-8859-1, UTF-16, UTF-16BE, UTF-16LE)"),
    doc!("ENDSWITH", "ENDSWITH(text, suffix)", "BOOLEAN", "Flink", "whether text ends with suffix"),
    doc!("EVERY", "EVERY(condition)", "BOOLEAN", "KDA", "aggregate: true if the condition holds for every row"),
    doc!("EXP", "EXP(number)", "DOUBLE", "KDA, Flink", "e raised to the number"),
    doc!(
        "EXP_AVG",
        "EXP_AVG(number, INTERVAL half_life) OVER w",
        "DOUBLE",
        "KDA",
        "sliding-window average, a row half_life older weighing half"
    ),
    doc!("EXTRACT", "EXTRACT(unit FROM ts or interval)", "BIGINT (an interval's SECOND: DECIMAL(5, 3))", "KDA, Flink", "a field of a timestamp or an interval"),
    doc!(
        "FAST_REGEX_LOG_PARSE",
        "FAST_REGEX_LOG_PARSE(line, 'pattern')",
        "ROW(COLUMN1 … VARCHAR)",
        "KDA",
        "a line's groups, matched lazily"
    ),
    doc!("FIRST_VALUE", "FIRST_VALUE(value)", "the argument's type", "KDA, Flink", "aggregate: first value"),
    doc!(
        "FIXED_COLUMN_LOG_PARSE",
        "FIXED_COLUMN_LOG_PARSE(line, 'name TYPE type START n [FOR m], …')",
        "ROW",
        "KDA",
        "fields at fixed positions"
    ),
    doc!("FLOOR", "FLOOR(number) | FLOOR(ts TO unit)", "the argument's type", "KDA, Flink", "round down"),
    doc!("FROM_BASE64", "FROM_BASE64(text)", "VARCHAR", "Flink", "text from base64"),
    doc!("FROM_UNIXTIME", "FROM_UNIXTIME(seconds [, format])", "VARCHAR", "Flink", "seconds since the epoch as text, 'yyyy-MM-dd HH:mm:ss' by default"),
    doc!("GREATEST", "GREATEST(value, …)", "the arguments' type", "Flink", "the largest; NULL if any is NULL"),
    doc!(
        "GROUP_RANK",
        "TABLE(GROUP_RANK(CURSOR(SELECT STREAM …), 'rankByColumn', 'rankOutColumn', 'asc' | 'desc', 'asc' | 'desc', maxIdle, outputMax))",
        "the cursor's columns and the rank, INTEGER",
        "KDA",
        "table: the rows of each ROWTIME ranked by a column"
    ),
    doc!("HEX", "HEX(integer) | HEX(text)", "VARCHAR", "Flink", "the integer, or the text's UTF-8 bytes, in upper-case hex"),
    doc!(
        "HOTSPOTS",
        "TABLE(HOTSPOTS(CURSOR(SELECT STREAM …), windowSize, scanRadius, minimumNumberOfPointsInAHotspot))",
        "the cursor's columns and HOTSPOTS_RESULT VARCHAR (JSON)",
        "KDA",
        "table: the dense regions among the latest rows"
    ),
    doc!("HOUR", "HOUR(ts)", "BIGINT", "Flink", "hour of the day, 0–23"),
    doc!("IF", "IF(condition, then, else)", "the branches' type", "Flink", "choose a value"),
    doc!("IFNULL", "IFNULL(value, fallback)", "the arguments' type", "Flink", "fallback when NULL"),
    doc!("INITCAP", "INITCAP(text)", "VARCHAR", "KDA, Flink", "first letter of each word in upper case"),
    doc!("INSTR", "INSTR(text, needle)", "INT", "Flink", "1-based position of needle, 0 when absent"),
    doc!("IS_ALPHA", "IS_ALPHA(text)", "BOOLEAN", "Flink", "whether every character is a letter (FALSE for NULL and '')"),
    doc!("IS_DECIMAL", "IS_DECIMAL(text)", "BOOLEAN", "Flink", "whether the text is a number (FALSE for NULL and '')"),
    doc!("IS_DIGIT", "IS_DIGIT(text)", "BOOLEAN", "Flink", "whether every character is a digit (FALSE for NULL and '')"),
    doc!("JSON_ARRAYAGG", "JSON_ARRAYAGG(value [ABSENT ON NULL | NULL ON NULL])", "VARCHAR", "Flink", "aggregate: the values as a JSON array, in arrival order (NULLs left out by default)"),
    doc!("JSON_EXISTS", "JSON_EXISTS(json, path)", "BOOLEAN", "Flink", "whether the path finds a value"),
    doc!(
        "JSON_ARRAY",
        "JSON_ARRAY(value, … [NULL ON NULL | ABSENT ON NULL])",
        "VARCHAR",
        "Flink",
        "JSON array text of the values (NULLs left out unless NULL ON NULL)"
    ),
    doc!(
        "JSON_OBJECT",
        "JSON_OBJECT([KEY] key VALUE value, … [NULL ON NULL | ABSENT ON NULL])",
        "VARCHAR",
        "Flink",
        "JSON object text, its keys sorted"
    ),
    doc!("JSON_OBJECTAGG", "JSON_OBJECTAGG([KEY] key VALUE value [NULL ON NULL | ABSENT ON NULL])", "VARCHAR", "Flink", "aggregate: the group's keys and values as one JSON object, its keys sorted (NULL values written by default; a NULL or repeated key fails the row)"),
    doc!("JSON_QUERY", "JSON_QUERY(json, path)", "VARCHAR", "Flink", "the object or array the path finds, as JSON text"),
    doc!("JSON_QUOTE", "JSON_QUOTE(text)", "VARCHAR", "Flink", "the text as a JSON string literal"),
    doc!("JSON_STRING", "JSON_STRING(value)", "VARCHAR", "Flink", "the value as JSON text"),
    doc!("JSON_UNQUOTE", "JSON_UNQUOTE(text)", "VARCHAR", "Flink", "the text of a JSON string literal (other text as it is)"),
    doc!("JSON_VALUE", "JSON_VALUE(json, '$.path')", "VARCHAR", "Flink", "a scalar out of JSON text"),
    doc!(
        "LAG",
        "LAG(value [, offset [, default]]) [IGNORE NULLS | RESPECT NULLS] OVER w",
        "the argument's type",
        "KDA, Flink",
        "the value offset rows back in the window"
    ),
    doc!("LAST_VALUE", "LAST_VALUE(value)", "the argument's type", "KDA, Flink", "aggregate: last value"),
    doc!("LEAST", "LEAST(value, …)", "the arguments' type", "Flink", "the smallest; NULL if any is NULL"),
    doc!("LEFT", "LEFT(text, n)", "VARCHAR", "Flink", "the first n characters"),
    doc!("LISTAGG", "LISTAGG(text [, separator])", "VARCHAR", "Flink", "aggregate: the texts in the order they came, joined (',' by default)"),
    doc!("LN", "LN(number)", "DOUBLE", "KDA, Flink", "natural logarithm"),
    doc!("LOCALTIME", "LOCALTIME", "TIME", "KDA, Flink", "the row's arrival time of day on the virtual clock"),
    doc!("LOCALTIMESTAMP", "LOCALTIMESTAMP", "TIMESTAMP", "KDA, Flink", "the row's arrival on the virtual clock"),
    doc!("LOCATE", "LOCATE(needle, text [, start])", "INT", "Flink", "1-based position of needle from start, 0 when absent"),
    doc!("LOG", "LOG(x) | LOG(base, x)", "DOUBLE", "Flink", "logarithm"),
    doc!("LOG10", "LOG10(number)", "DOUBLE", "KDA, Flink", "base-10 logarithm"),
    doc!("LOG2", "LOG2(number)", "DOUBLE", "Flink", "base-2 logarithm"),
    doc!("LOWER", "LOWER(text)", "VARCHAR", "KDA, Flink", "lower case"),
    doc!("LPAD", "LPAD(text, length, pad)", "VARCHAR", "Flink", "padded or cut on the left to length"),
    doc!("LTRIM", "LTRIM(text [, chars])", "VARCHAR", "Flink", "leading spaces (or any of the characters) removed"),
    doc!("MAP", "MAP[key, value, …]", "MAP<the keys' type, the values' type>", "Flink", "a map of the pairs; m[key] is a key's value"),
    doc!("MAP_ENTRIES", "MAP_ENTRIES(map)", "ARRAY<ROW<key, value>>", "Flink", "the entries, in the map's order"),
    doc!("MAP_FROM_ARRAYS", "MAP_FROM_ARRAYS(keys, values)", "MAP", "Flink", "a map of two arrays of one length"),
    doc!("MAP_KEYS", "MAP_KEYS(map)", "ARRAY<the key type>", "Flink", "the keys, in the map's order"),
    doc!("MAP_UNION", "MAP_UNION(map, …)", "the maps' type", "Flink", "the entries of all, later maps' values winning"),
    doc!("MAP_VALUES", "MAP_VALUES(map)", "ARRAY<the value type>", "Flink", "the values, in the map's order"),
    doc!("MAX", "MAX(value)", "the argument's type", "KDA, Flink", "aggregate: largest value"),
    doc!("MD5", "MD5(text)", "VARCHAR", "Flink", "MD5 of the text's UTF-8 bytes, in hex"),
    doc!("MIN", "MIN(value)", "the argument's type", "KDA, Flink", "aggregate: smallest value"),
    doc!("MINUTE", "MINUTE(ts)", "BIGINT", "Flink", "minute of the hour"),
    doc!("MOD", "MOD(dividend, divisor)", "the arguments' type", "KDA, Flink", "remainder"),
    doc!(
        "MONOTONIC",
        "MONOTONIC(value)",
        "the argument's type",
        "KDA",
        "the value, declared never to change direction"
    ),
    doc!("MONTH", "MONTH(ts)", "BIGINT", "Flink", "month, 1–12"),
    doc!("NOW", "NOW()", "TIMESTAMP", "Flink", "the row's arrival on the virtual clock"),
    doc!(
        "NTH_VALUE",
        "NTH_VALUE(value, n) [FROM FIRST | FROM LAST] [IGNORE NULLS | RESPECT NULLS] OVER w",
        "the argument's type",
        "KDA, Flink",
        "the n-th value from the window's first row (or its last)"
    ),
    doc!("NULLIF", "NULLIF(value, other)", "the first argument's type", "KDA, Flink", "NULL when the two are equal"),
    doc!(
        "OVERLAY",
        "OVERLAY(text PLACING replacement FROM start [FOR length])",
        "VARCHAR",
        "KDA, Flink",
        "replace part of a text"
    ),
    doc!("PARSE_URL", "PARSE_URL(url, 'HOST' | 'PATH' | 'QUERY' | 'REF' | 'PROTOCOL' | 'FILE' | 'AUTHORITY' | 'USERINFO' [, key])", "VARCHAR", "Flink", "a part of a URL; with a key, a query parameter"),
    doc!("PERCENTILE", "PERCENTILE(value, percentage or ARRAY[percentage, …] [, frequency])", "DOUBLE (an ARRAY of them)", "Flink", "aggregate: the values' continuous percentile, from 0 to 1, linear between the nearest two; each value counted frequency times"),
    doc!("PI", "PI()", "DOUBLE", "Flink", "π"),
    doc!("POSITION", "POSITION(needle IN text)", "INTEGER", "KDA, Flink", "1-based position, 0 if absent"),
    doc!("POWER", "POWER(base, exponent)", "DOUBLE", "KDA, Flink", "base raised to the exponent"),
    doc!("PRINTF", "PRINTF(format, value, …)", "VARCHAR", "Flink", "the values formatted as Java's String.format does (NULL where it cannot)"),
    doc!("PROCTIME", "PROCTIME()", "TIMESTAMP", "Flink", "the row's arrival on the virtual clock"),
    doc!("QUARTER", "QUARTER(ts)", "BIGINT", "Flink", "quarter of the year, 1–4"),
    doc!("RADIANS", "RADIANS(degrees)", "DOUBLE", "Flink", "degrees in radians"),
    doc!("RAND", "RAND([seed])", "DOUBLE", "Flink", "a random number from 0 up to 1; seeded, Flink's numbers row for row"),
    doc!("RAND_INTEGER", "RAND_INTEGER([seed,] bound)", "INT", "Flink", "a random integer from 0 up to the bound; seeded, Flink's numbers row for row"),
    doc!(
        "RANDOM_CUT_FOREST",
        "TABLE(RANDOM_CUT_FOREST(CURSOR(SELECT STREAM …) [, numberOfTrees, subSampleSize, timeDecay, shingleSize]))",
        "the cursor's columns and ANOMALY_SCORE DOUBLE",
        "KDA",
        "table: each row's anomaly score over its numeric columns"
    ),
    doc!(
        "RANDOM_CUT_FOREST_WITH_EXPLANATION",
        "TABLE(RANDOM_CUT_FOREST_WITH_EXPLANATION(CURSOR(SELECT STREAM …) [, numberOfTrees, subSampleSize, timeDecay, shingleSize, withDirectionality]))",
        "the cursor's columns, ANOMALY_SCORE DOUBLE and ANOMALY_EXPLANATION VARCHAR",
        "KDA",
        "table: anomaly score with each column's part in it"
    ),
    doc!("REGEXP", "REGEXP(text, regex)", "BOOLEAN", "Flink", "whether any part of text matches"),
    doc!("REGEXP_COUNT", "REGEXP_COUNT(text, regex)", "INT", "Flink", "how many times the regex matches"),
    doc!("REGEXP_EXTRACT", "REGEXP_EXTRACT(text, regex [, group])", "VARCHAR", "Flink", "a group of the first match"),
    doc!("REGEXP_EXTRACT_ALL", "REGEXP_EXTRACT_ALL(text, regex [, group])", "ARRAY<VARCHAR>", "Flink", "each match's group (1 by default)"),
    doc!("REGEXP_INSTR", "REGEXP_INSTR(text, regex)", "INT", "Flink", "where the first match starts, from 1; 0 when none"),
    doc!("REGEXP_REPLACE", "REGEXP_REPLACE(text, regex, replacement)", "VARCHAR", "Flink", "replace every match"),
    doc!("REGEXP_SUBSTR", "REGEXP_SUBSTR(text, regex)", "VARCHAR", "Flink", "the first match; NULL when none"),
    doc!(
        "REGEX_LOG_PARSE",
        "REGEX_LOG_PARSE(line, 'regex' [, 'name TYPE type, …'])",
        "ROW(COLUMN1 … VARCHAR)",
        "KDA",
        "a whole line's regex groups"
    ),
    doc!(
        "REGEX_REPLACE",
        "REGEX_REPLACE(text, regex, replacement, start, occurrence)",
        "VARCHAR",
        "KDA",
        "replace matches from start; occurrence 0 is all"
    ),
    doc!("REPEAT", "REPEAT(text, n)", "VARCHAR", "Flink", "the text n times"),
    doc!("REPLACE", "REPLACE(text, search, replacement)", "VARCHAR", "Flink", "replace every occurrence"),
    doc!("REVERSE", "REVERSE(text)", "VARCHAR", "Flink", "the characters in reverse order"),
    doc!("RIGHT", "RIGHT(text, n)", "VARCHAR", "Flink", "the last n characters"),
    doc!("ROUND", "ROUND(number [, digits])", "the argument's type", "Flink", "rounded half away from zero"),
    doc!("ROW", "ROW(value, …) or (value, …)", "ROW<EXPR$0, …>", "Flink", "a ROW value of the arguments"),
    doc!("ROW_NUMBER", "ROW_NUMBER() OVER (PARTITION BY … ORDER BY …)", "BIGINT", "Flink", "Top-N and deduplication"),
    doc!("RPAD", "RPAD(text, length, pad)", "VARCHAR", "Flink", "padded or cut on the right to length"),
    doc!("RTRIM", "RTRIM(text [, chars])", "VARCHAR", "Flink", "trailing spaces (or any of the characters) removed"),
    doc!("SECOND", "SECOND(ts)", "BIGINT", "Flink", "second of the minute"),
    doc!("SHA1", "SHA1(text)", "VARCHAR", "Flink", "SHA-1 of the text's UTF-8 bytes, in hex"),
    doc!("SHA2", "SHA2(text, 224 | 256 | 384 | 512)", "VARCHAR", "Flink", "SHA-2 of the text's UTF-8 bytes, in hex"),
    doc!("SHA224", "SHA224(text)", "VARCHAR", "Flink", "SHA-224 in hex"),
    doc!("SHA256", "SHA256(text)", "VARCHAR", "Flink", "SHA-256 in hex"),
    doc!("SHA384", "SHA384(text)", "VARCHAR", "Flink", "SHA-384 in hex"),
    doc!("SHA512", "SHA512(text)", "VARCHAR", "Flink", "SHA-512 in hex"),
    doc!("SIGN", "SIGN(number)", "DOUBLE", "Flink", "-1, 0 or 1"),
    doc!("SIN", "SIN(x)", "DOUBLE", "Flink", "sine (radians)"),
    doc!("SINH", "SINH(x)", "DOUBLE", "Flink", "hyperbolic sine"),
    doc!("SOME", "SOME(condition)", "BOOLEAN", "KDA", "aggregate: ANY"),
    doc!("SPLIT", "SPLIT(text, separator)", "ARRAY<VARCHAR>", "Flink", "the pieces between separators"),
    doc!("SPLIT_INDEX", "SPLIT_INDEX(text, separator, index)", "VARCHAR", "Flink", "the 0-based index-th piece"),
    doc!("SQRT", "SQRT(number)", "DOUBLE", "Flink", "square root"),
    doc!("STARTSWITH", "STARTSWITH(text, prefix)", "BOOLEAN", "Flink", "whether text starts with prefix"),
    doc!("STDDEV_POP", "STDDEV_POP(number)", "DOUBLE", "KDA, Flink", "aggregate: population standard deviation"),
    doc!("STDDEV_SAMP", "STDDEV_SAMP(number)", "DOUBLE", "KDA, Flink", "aggregate: sample standard deviation"),
    doc!(
        "STEP",
        "STEP(ts BY INTERVAL …) | STEP(integer BY width)",
        "the argument's type",
        "KDA",
        "round down to a multiple"
    ),
    doc!("STR_TO_MAP", "STR_TO_MAP(text [, pair_separator [, key_value_separator]])", "MAP<STRING, STRING>", "Flink", "the text's pairs (separators are regular expressions, ',' and '=' by default)"),
    doc!(
        "SUBSTR",
        "SUBSTR(text, start [, length])",
        "VARCHAR",
        "Flink",
        "part of a text; a negative start counts from the end"
    ),
    doc!(
        "SUBSTRING",
        "SUBSTRING(text FROM start [FOR length]) | SUBSTRING(text, start [, length])",
        "VARCHAR",
        "KDA, Flink",
        "part of a text"
    ),
    doc!("SUM", "SUM([DISTINCT] number)", "the argument's type", "KDA, Flink", "aggregate: total"),
    doc!(
        "SYS_LOG_PARSE",
        "SYS_LOG_PARSE(line)",
        "ROW(COLUMN1 TIMESTAMP, COLUMN2 VARCHAR)",
        "KDA",
        "a syslog line's time and message"
    ),
    doc!("TAN", "TAN(x)", "DOUBLE", "Flink", "tangent"),
    doc!("TANH", "TANH(x)", "DOUBLE", "Flink", "hyperbolic tangent"),
    doc!("TIMESTAMPADD", "TIMESTAMPADD(unit, n, t)", "t's type", "Flink", "t moved by n units (months by the calendar)"),
    doc!("TIMESTAMPDIFF", "TIMESTAMPDIFF(unit, t1, t2)", "INT", "Flink", "whole units (SECOND … YEAR, WEEK, QUARTER) from t1 to t2"),
    doc!("TIMESTAMP_TO_CHAR", "TIMESTAMP_TO_CHAR(format, ts)", "VARCHAR", "KDA", "format a timestamp"),
    doc!("TIME_TO_CHAR", "TIME_TO_CHAR(format, time)", "VARCHAR", "KDA", "format a time of day"),
    doc!(
        "TOP_K_ITEMS_TUMBLING",
        "TABLE(TOP_K_ITEMS_TUMBLING(CURSOR(SELECT STREAM …), 'column', k, window_seconds))",
        "ITEM and ITEM_COUNT",
        "KDA",
        "table: each tumbling window's k most frequent values"
    ),
    doc!("TO_BASE64", "TO_BASE64(text)", "VARCHAR", "Flink", "base64 of the text's UTF-8 bytes"),
    doc!("TO_DATE", "TO_DATE(text [, format])", "DATE", "Flink", "text as a date, 'yyyy-MM-dd' by default"),
    doc!(
        "TO_TIMESTAMP",
        "TO_TIMESTAMP(millis) | TO_TIMESTAMP(text [, format])",
        "TIMESTAMP",
        "KDA, Flink",
        "a timestamp from epoch milliseconds or text"
    ),
    doc!(
        "TO_TIMESTAMP_LTZ",
        "TO_TIMESTAMP_LTZ(epoch, 0 | 3)",
        "TIMESTAMP",
        "Flink",
        "a timestamp from epoch seconds (0) or milliseconds (3)"
    ),
    doc!("TRANSLATE", "TRANSLATE(text, from, to)", "VARCHAR", "Flink", "each character of from replaced by the one at its place in to (removed past its end)"),
    doc!(
        "TRIM",
        "TRIM([BOTH | LEADING | TRAILING] [characters] FROM text)",
        "VARCHAR",
        "KDA, Flink",
        "characters removed from the ends"
    ),
    doc!("TRUNCATE", "TRUNCATE(number [, digits])", "the argument's type (DOUBLE for floats)", "Flink", "cut toward zero to digits after the point"),
    doc!("TSDIFF", "TSDIFF(ts1, ts2)", "BIGINT", "KDA", "ts1 - ts2 in milliseconds"),
    doc!("TYPEOF", "TYPEOF(value [, force_serializable])", "VARCHAR", "Flink", "the value's type, as Flink writes types (without NOT NULL)"),
    doc!("UNHEX", "UNHEX(text)", "BYTES", "Flink", "the bytes the hex digits stand for; NULL for other text"),
    doc!(
        "UNIX_TIMESTAMP",
        "UNIX_TIMESTAMP(ts) | UNIX_TIMESTAMP(text [, format])",
        "BIGINT",
        "KDA, Flink",
        "milliseconds since the epoch of a timestamp (KDA); seconds of a text (Flink)"
    ),
    doc!(
        "UNNEST",
        "FROM s CROSS JOIN UNNEST(s.array) [WITH ORDINALITY] AS u(x [, n]) | LEFT JOIN UNNEST(…) AS u(x) ON TRUE",
        "a row per element",
        "Flink",
        "each row once per element of its array (a ROW element as its fields)"
    ),
    doc!("UPPER", "UPPER(text)", "VARCHAR", "KDA, Flink", "upper case"),
    doc!("URL_DECODE", "URL_DECODE(text)", "VARCHAR", "Flink", "+ and %XX decoded (UTF-8); NULL when it cannot be"),
    doc!("URL_ENCODE", "URL_ENCODE(text)", "VARCHAR", "Flink", "encoded as an HTML form's value (UTF-8)"),
    doc!("UUID", "UUID()", "VARCHAR", "Flink", "a random version 4 UUID, as text"),
    doc!(
        "VARIABLE_COLUMN_LOG_PARSE",
        "VARIABLE_COLUMN_LOG_PARSE(line, n | 'name TYPE type, …', 'delimiter' [, 'escape', 'quotes'])",
        "ROW",
        "KDA",
        "delimited fields"
    ),
    doc!("VAR_POP", "VAR_POP(number)", "DOUBLE", "KDA, Flink", "aggregate: population variance"),
    doc!("VAR_SAMP", "VAR_SAMP(number)", "DOUBLE", "KDA, Flink", "aggregate: sample variance"),
    doc!(
        "W3C_LOG_PARSE",
        "W3C_LOG_PARSE(line, 'COMMON' | 'COMMON WITH VHOST' | 'NCSA EXTENDED' | 'REFERER' | 'AGENT' | '%h %l …')",
        "ROW(COLUMN1 …)",
        "KDA",
        "a web server log line's fields"
    ),
    doc!("WEEK", "WEEK(ts)", "BIGINT", "Flink", "ISO week of the year"),
    doc!("YEAR", "YEAR(ts)", "BIGINT", "Flink", "year"),
];

/// The catalogue entry of `name` (upper case).
pub fn function_doc(name: &str) -> Option<&'static FunctionDoc> {
    FUNCTIONS.iter().find(|d| d.name == name)
}
