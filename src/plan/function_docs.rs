//! The function catalogue a user reads ([`FUNCTIONS`]): every scalar, aggregate and table
//! function's signature, what it returns and where it comes from, which plan errors quote and
//! the page's editor completes.

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
    doc!(
        "CONVERT_TZ",
        "CONVERT_TZ(text, from_zone, to_zone)",
        "VARCHAR",
        "Flink",
        "a 'yyyy-MM-dd HH:mm:ss' time in one time zone as another shows it; zones as 'America/Los_Angeles', 'GMT-08:00' or 'PST'"
    ),
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
    doc!("FIRST", "FIRST(var.column [, n])", "the column's type", "Flink", "in MATCH_RECOGNIZE: the column of the n-th row (from 0) a pattern variable matched, from the first"),
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
    doc!(
        "JSON_EXISTS",
        "JSON_EXISTS(json, '[lax | strict] $.path' [TRUE | FALSE | UNKNOWN | ERROR ON ERROR])",
        "BOOLEAN",
        "Flink",
        "whether the path finds a value"
    ),
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
    doc!(
        "JSON_QUERY",
        "JSON_QUERY(json, '[lax | strict] $.path' [RETURNING STRING | ARRAY<STRING>] [WITHOUT | WITH [CONDITIONAL | UNCONDITIONAL] [ARRAY] WRAPPER] [NULL | EMPTY ARRAY | EMPTY OBJECT | ERROR ON EMPTY] [… ON ERROR])",
        "VARCHAR",
        "Flink",
        "the object or array the path finds, as JSON text"
    ),
    doc!("JSON_QUOTE", "JSON_QUOTE(text)", "VARCHAR", "Flink", "the text as a JSON string literal"),
    doc!("JSON_STRING", "JSON_STRING(value)", "VARCHAR", "Flink", "the value as JSON text"),
    doc!("JSON_UNQUOTE", "JSON_UNQUOTE(text)", "VARCHAR", "Flink", "the text of a JSON string literal (other text as it is)"),
    doc!(
        "JSON_VALUE",
        "JSON_VALUE(json, '[lax | strict] $.path' [RETURNING STRING | BOOLEAN | INT | DOUBLE] [NULL | ERROR | DEFAULT x ON EMPTY] [… ON ERROR])",
        "VARCHAR",
        "Flink",
        "a scalar out of JSON text"
    ),
    doc!(
        "LAG",
        "LAG(value [, offset [, default]]) [IGNORE NULLS | RESPECT NULLS] OVER w",
        "the argument's type",
        "KDA, Flink",
        "the value offset rows back in the window"
    ),
    doc!("LAST", "LAST(var.column [, n])", "the column's type", "Flink", "in MATCH_RECOGNIZE: the column of the n-th row (from 0) a pattern variable matched, from the last"),
    doc!("LAST_VALUE", "LAST_VALUE(value)", "the argument's type", "KDA, Flink", "aggregate: last value"),
    doc!("LEAST", "LEAST(value, …)", "the arguments' type", "Flink", "the smallest; NULL if any is NULL"),
    doc!("LEFT", "LEFT(text, n)", "VARCHAR", "Flink", "the first n characters"),
    doc!("LISTAGG", "LISTAGG([DISTINCT] text [, separator])", "VARCHAR", "Flink", "aggregate: the texts in the order they came (with DISTINCT each once), joined (',' by default)"),
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
    doc!("MATCH_ROWTIME", "MATCH_ROWTIME()", "TIMESTAMP(3)", "Flink", "in MATCH_RECOGNIZE's MEASURES: the time attribute of the match's last row"),
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
