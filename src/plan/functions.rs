//! Scalar functions: what each one computes ([`ScalarFunction`], the planned form). The
//! catalogue a user reads, every function's signature, is [`super::function_docs`].

use std::fmt;

use super::interval::{IntervalField, IntervalQualifier};

/// A scalar function, planned: its arguments already have the types listed in
/// [`FUNCTIONS`](super::function_docs::FUNCTIONS) (text as Utf8, integers as Int64, other
/// numbers as Float64 unless said otherwise), and a NULL argument gives NULL unless said
/// otherwise.
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
    /// Flink's `JSON_VALUE`, `JSON_QUERY` and `JSON_EXISTS(json, path …clauses)`, the path
    /// read once, when planned (see [`super::json_path::JsonPathCall`]); the arguments are the
    /// JSON text, then the DEFAULT clauses' values.
    JsonPath(Box<super::json_path::JsonPathCall>),
    /// `json IS JSON [VALUE | SCALAR | ARRAY | OBJECT]`: whether the text is JSON of that kind
    /// (FALSE for NULL, as in Flink).
    IsJson(super::json_path::JsonKind),
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
    /// Flink's `UNIX_TIMESTAMP(text [, format])`: seconds since the epoch, the text read as the
    /// wall clock of the zone (the application's `table.local-time-zone`).
    UnixSeconds(Option<String>, std::sync::Arc<str>),
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
    /// Flink's `CONVERT_TZ(text, from_zone, to_zone)`: a 'yyyy-MM-dd HH:mm:ss' time in one zone
    /// as another zone shows it (see [`super::zone`]).
    ConvertTz,
    /// A watermark of a `TIMESTAMP_LTZ` attribute on the wall clock of the zone, for a window
    /// over it (see [`super::zone::WallClock::watermark`]).
    WallWatermark(std::sync::Arc<str>),
    /// Flink's `TO_TIMESTAMP(text [, format])`; no format reads the usual spellings.
    ToTimestamp(Option<String>),
    /// KDA's `TO_TIMESTAMP(millis)` of a BIGINT; also a TIMESTAMP's milliseconds as a
    /// TIMESTAMP_LTZ's and back, unconverted (a moment as UTC's wall clock).
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
