=== INITCAP, POSITION, ||, CHAR_LENGTH, LOWER, UPPER, as the SQL Reference prints them
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

-- kdalite note: `S`: ROWTIME is the event-time attribute, its watermark a millisecond behind it (KDA's rows arrive in ROWTIME order, several at one ROWTIME)
CREATE TABLE `S` (
  `ROWTIME` TIMESTAMP(3),
  `S` STRING,
  `N` BIGINT,
  WATERMARK FOR `ROWTIME` AS `ROWTIME` - INTERVAL '0.001' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/S.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `ROWTIME` TIMESTAMP(3),
  `INITCAP` STRING,
  `P1` INT,
  `P2` INT,
  `P3` INT,
  `P4` INT,
  `P5` INT,
  `C1` STRING,
  `C2` STRING,
  `C3` STRING,
  `L1` INT,
  `L2` INT,
  `L3` INT,
  `L4` INT,
  `L5` INT,
  `LOWER_` STRING,
  `UPPER_` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `S`.`ROWTIME` AS `ROWTIME`,
  CAST(INITCAP('Each FIRST lEtTeR is cAPITALIZED') AS STRING) AS `INITCAP`,
  CAST(POSITION('findme' IN '1234findmeXXX') AS INT) AS `P1`,
  CAST(POSITION('findme' IN '1234not-hereXXX') AS INT) AS `P2`,
  CAST(POSITION('1' IN '1234567') AS INT) AS `P3`,
  CAST(POSITION('7' IN '1234567') AS INT) AS `P4`,
  CAST(POSITION('' IN '1234567') AS INT) AS `P5`,
  CAST('SQL' || 'stream' AS STRING) AS `C1`,
  CAST('SQL' || '' || 'stream' AS STRING) AS `C2`,
  CAST('SQL' || 'stream' || ' Incorporated' AS STRING) AS `C3`,
  CAST(CHAR_LENGTH('one') AS INT) AS `L1`,
  CAST(CHAR_LENGTH('') AS INT) AS `L2`,
  CAST(CHARACTER_LENGTH('fred') AS INT) AS `L3`,
  CAST(CHARACTER_LENGTH(CAST(NULL AS VARCHAR(16))) AS INT) AS `L4`,
  CAST(CHARACTER_LENGTH(CAST('fred' AS CHAR(16))) AS INT) AS `L5`,
  CAST(LOWER('abcDEFghi123') AS STRING) AS `LOWER_`,
  CAST(UPPER('abcDEFghi123') AS STRING) AS `UPPER_` FROM `S`;

END;

=== LIKE, with and without ESCAPE, as the SQL Reference's string operators page prints it
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

-- kdalite note: `S`: ROWTIME is the event-time attribute, its watermark a millisecond behind it (KDA's rows arrive in ROWTIME order, several at one ROWTIME)
CREATE TABLE `S` (
  `ROWTIME` TIMESTAMP(3),
  `S` STRING,
  `N` BIGINT,
  WATERMARK FOR `ROWTIME` AS `ROWTIME` - INTERVAL '0.001' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/S.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `ROWTIME` TIMESTAMP(3),
  `L1` BOOLEAN,
  `L2` BOOLEAN,
  `L3` BOOLEAN,
  `L4` BOOLEAN,
  `L5` BOOLEAN,
  `L6` BOOLEAN,
  `L7` BOOLEAN,
  `L8` BOOLEAN,
  `L9` BOOLEAN,
  `L10` BOOLEAN,
  `L11` BOOLEAN,
  `L12` BOOLEAN,
  `L13` BOOLEAN,
  `L14` BOOLEAN,
  `L15` BOOLEAN,
  `L16` BOOLEAN,
  `L17` BOOLEAN,
  `HASH_ESCAPE` BOOLEAN,
  `BACKSLASH` BOOLEAN
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `S`.`ROWTIME` AS `ROWTIME`,
  CAST('a' LIKE 'a' AS BOOLEAN) AS `L1`,
  CAST('a' LIKE 'A' AS BOOLEAN) AS `L2`,
  CAST('a' LIKE 'b' AS BOOLEAN) AS `L3`,
  CAST('ab' LIKE 'a_' AS BOOLEAN) AS `L4`,
  CAST('ab' LIKE 'a%' AS BOOLEAN) AS `L5`,
  CAST('ab' LIKE 'a\_' ESCAPE '\' AS BOOLEAN) AS `L6`,
  CAST('ab' LIKE 'a\%' ESCAPE '\' AS BOOLEAN) AS `L7`,
  CAST('a_' LIKE 'a\_' ESCAPE '\' AS BOOLEAN) AS `L8`,
  CAST('a%' LIKE 'a\%' ESCAPE '\' AS BOOLEAN) AS `L9`,
  CAST('a' LIKE 'a_' AS BOOLEAN) AS `L10`,
  CAST('a' LIKE 'a%' AS BOOLEAN) AS `L11`,
  CAST('abcd' LIKE 'a_' AS BOOLEAN) AS `L12`,
  CAST('abcd' LIKE 'a%' AS BOOLEAN) AS `L13`,
  CAST('' LIKE '' AS BOOLEAN) AS `L14`,
  CAST('1a' LIKE '_a' AS BOOLEAN) AS `L15`,
  CAST('123aXYZ' LIKE '%a%' AS BOOLEAN) AS `L16`,
  CAST('123aXYZ' LIKE '_%_a%_' AS BOOLEAN) AS `L17`,
  CAST('a%b' LIKE 'a#%%' ESCAPE '#' AS BOOLEAN) AS `HASH_ESCAPE`,
  CAST('a\b' LIKE 'a\b' AS BOOLEAN) AS `BACKSLASH` FROM `S`;

END;

=== SIMILAR TO with ESCAPE: the character after the escape is itself, the rest keeps its meaning
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

-- kdalite note: `S`: ROWTIME is the event-time attribute, its watermark a millisecond behind it (KDA's rows arrive in ROWTIME order, several at one ROWTIME)
CREATE TABLE `S` (
  `ROWTIME` TIMESTAMP(3),
  `S` STRING,
  `N` BIGINT,
  WATERMARK FOR `ROWTIME` AS `ROWTIME` - INTERVAL '0.001' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/S.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `ROWTIME` TIMESTAMP(3),
  `S1` BOOLEAN,
  `S2` BOOLEAN,
  `S3` BOOLEAN,
  `S4` BOOLEAN,
  `S5` BOOLEAN,
  `S6` BOOLEAN,
  `S7` BOOLEAN,
  `S8` BOOLEAN
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `S`.`ROWTIME` AS `ROWTIME`,
  CAST('50%' SIMILAR TO '[0-9]+#%' ESCAPE '#' AS BOOLEAN) AS `S1`,
  CAST('50x' SIMILAR TO '[0-9]+#%' ESCAPE '#' AS BOOLEAN) AS `S2`,
  CAST('a_b' SIMILAR TO 'a!_b' ESCAPE '!' AS BOOLEAN) AS `S3`,
  CAST('axb' SIMILAR TO 'a!_b' ESCAPE '!' AS BOOLEAN) AS `S4`,
  CAST('a|b' SIMILAR TO 'a\|b' ESCAPE '\' AS BOOLEAN) AS `S5`,
  CAST('a' SIMILAR TO 'a\|b' ESCAPE '\' AS BOOLEAN) AS `S6`,
  CAST('(x)' SIMILAR TO '#(%#)' ESCAPE '#' AS BOOLEAN) AS `S7`,
  CAST(`S` SIMILAR TO '%##' ESCAPE '#' AS BOOLEAN) AS `S8` FROM `S`;

END;

=== OVERLAY, as the SQL Reference prints it (a start below 1 prepends)
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

-- kdalite note: `S`: ROWTIME is the event-time attribute, its watermark a millisecond behind it (KDA's rows arrive in ROWTIME order, several at one ROWTIME)
CREATE TABLE `S` (
  `ROWTIME` TIMESTAMP(3),
  `S` STRING,
  `N` BIGINT,
  WATERMARK FOR `ROWTIME` AS `ROWTIME` - INTERVAL '0.001' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/S.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `ROWTIME` TIMESTAMP(3),
  `O1` STRING,
  `O2` STRING,
  `O3` STRING,
  `O4` STRING,
  `O5` STRING,
  `O6` STRING,
  `O7` STRING,
  `O8` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `S`.`ROWTIME` AS `ROWTIME`,
  CAST(OVERLAY('12345' PLACING 'foo' FROM 1) AS STRING) AS `O1`,
  CAST(OVERLAY('12345' PLACING 'foo' FROM 0) AS STRING) AS `O2`,
  CAST(OVERLAY('12345' PLACING 'foo' FROM -2) AS STRING) AS `O3`,
  CAST(OVERLAY('12345' PLACING 'foo' FROM 4) AS STRING) AS `O4`,
  CAST(OVERLAY('12345' PLACING 'foo' FROM 17) AS STRING) AS `O5`,
  CAST(OVERLAY('12345' PLACING 'foo' FROM 2 FOR 0) AS STRING) AS `O6`,
  CAST(OVERLAY('12345' PLACING 'foo' FROM 2 FOR 2) AS STRING) AS `O7`,
  CAST(OVERLAY('12345' PLACING 'foo' FROM 2 FOR 9) AS STRING) AS `O8` FROM `S`;

END;

=== SUBSTRING in its four forms, as the SQL Reference prints them
-- refused: cannot export to Flink: Flink SQL has no SUBSTRING … SIMILAR at line 7, column 8

=== TRIM with BOTH, LEADING and TRAILING, as the SQL Reference prints it
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

-- kdalite note: `S`: ROWTIME is the event-time attribute, its watermark a millisecond behind it (KDA's rows arrive in ROWTIME order, several at one ROWTIME)
CREATE TABLE `S` (
  `ROWTIME` TIMESTAMP(3),
  `S` STRING,
  `N` BIGINT,
  WATERMARK FOR `ROWTIME` AS `ROWTIME` - INTERVAL '0.001' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/S.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `ROWTIME` TIMESTAMP(3),
  `T1` STRING,
  `T2` STRING,
  `T3` STRING,
  `T4` STRING,
  `T5` STRING,
  `T6` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `S`.`ROWTIME` AS `ROWTIME`,
  CAST(TRIM(' Trim front and back ') AS STRING) AS `T1`,
  CAST(TRIM(BOTH ' Trim front and back ') AS STRING) AS `T2`,
  CAST(TRIM(BOTH ' ' FROM ' Trim front and back ') AS STRING) AS `T3`,
  CAST(TRIM(LEADING 'x' FROM 'xxxTrim frontxxx') AS STRING) AS `T4`,
  CAST(TRIM(TRAILING 'x' FROM 'xxxTrimxBackxxx') AS STRING) AS `T5`,
  CAST(TRIM(BOTH 'y' FROM 'xxxNo y to trimxxx') AS STRING) AS `T6` FROM `S`;

END;

=== ABS, CEIL, CEILING and FLOOR of numbers, as the SQL Reference prints them
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

-- kdalite note: `S`: ROWTIME is the event-time attribute, its watermark a millisecond behind it (KDA's rows arrive in ROWTIME order, several at one ROWTIME)
CREATE TABLE `S` (
  `ROWTIME` TIMESTAMP(3),
  `S` STRING,
  `N` BIGINT,
  WATERMARK FOR `ROWTIME` AS `ROWTIME` - INTERVAL '0.001' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/S.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `ROWTIME` TIMESTAMP(3),
  `A1` DECIMAL(2, 1),
  `A2` DECIMAL(2, 1),
  `A3` INT,
  `A4` INT,
  `C1` DECIMAL(2, 0),
  `C2` DECIMAL(2, 0),
  `C3` DECIMAL(2, 0),
  `C4` DECIMAL(2, 0),
  `C5` DECIMAL(13, 0),
  `F1` DECIMAL(2, 0),
  `F2` DECIMAL(2, 0),
  `F3` DECIMAL(2, 0),
  `F4` DECIMAL(2, 0),
  `F5` DECIMAL(13, 0)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `S`.`ROWTIME` AS `ROWTIME`,
  CAST(ABS(2.0) AS DECIMAL(2, 1)) AS `A1`,
  CAST(ABS(-1.0) AS DECIMAL(2, 1)) AS `A2`,
  CAST(ABS(0) AS INT) AS `A3`,
  CAST(ABS(-3 * 3) AS INT) AS `A4`,
  CAST(CEIL(2.0) AS DECIMAL(2, 0)) AS `C1`,
  CAST(CEIL(-1.0) AS DECIMAL(2, 0)) AS `C2`,
  CAST(CEIL(5.2) AS DECIMAL(2, 0)) AS `C3`,
  CAST(CEIL(-3.3) AS DECIMAL(2, 0)) AS `C4`,
  CAST(CEIL(-3 * 3.1) AS DECIMAL(13, 0)) AS `C5`,
  CAST(FLOOR(2.0) AS DECIMAL(2, 0)) AS `F1`,
  CAST(FLOOR(-1.0) AS DECIMAL(2, 0)) AS `F2`,
  CAST(FLOOR(5.2) AS DECIMAL(2, 0)) AS `F3`,
  CAST(FLOOR(-3.3) AS DECIMAL(2, 0)) AS `F4`,
  CAST(FLOOR(-3 * 3.1) AS DECIMAL(13, 0)) AS `F5` FROM `S`;

END;

=== EXP, LN, LOG10, MOD and POWER, as the SQL Reference prints them
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

-- kdalite note: `S`: ROWTIME is the event-time attribute, its watermark a millisecond behind it (KDA's rows arrive in ROWTIME order, several at one ROWTIME)
CREATE TABLE `S` (
  `ROWTIME` TIMESTAMP(3),
  `S` STRING,
  `N` BIGINT,
  WATERMARK FOR `ROWTIME` AS `ROWTIME` - INTERVAL '0.001' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/S.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `ROWTIME` TIMESTAMP(3),
  `E1` DOUBLE,
  `E2` DOUBLE,
  `E3` DOUBLE,
  `E4` DOUBLE,
  `E5` DOUBLE,
  `LN1` DOUBLE,
  `LN2` DOUBLE,
  `LN3` DOUBLE,
  `LG1` DOUBLE,
  `LG2` DOUBLE,
  `LG3` DOUBLE,
  `M1` INT,
  `M2` INT,
  `M3` INT,
  `M4` INT,
  `P1` DOUBLE,
  `P2` DOUBLE,
  `P3` DOUBLE,
  `P4` DOUBLE
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `S`.`ROWTIME` AS `ROWTIME`,
  CAST(EXP(1) AS DOUBLE) AS `E1`,
  CAST(EXP(0) AS DOUBLE) AS `E2`,
  CAST(EXP(-1) AS DOUBLE) AS `E3`,
  CAST(EXP(10) AS DOUBLE) AS `E4`,
  CAST(EXP(2.5) AS DOUBLE) AS `E5`,
  CAST(LN(1) AS DOUBLE) AS `LN1`,
  CAST(LN(10) AS DOUBLE) AS `LN2`,
  CAST(LN(2.5) AS DOUBLE) AS `LN3`,
  CAST(LOG10(1) AS DOUBLE) AS `LG1`,
  CAST(LOG10(100) AS DOUBLE) AS `LG2`,
  CAST(LOG10(CAST('23' AS DECIMAL)) AS DOUBLE) AS `LG3`,
  CAST(MOD(4, 2) AS INT) AS `M1`,
  CAST(MOD(5, 3) AS INT) AS `M2`,
  CAST(MOD(-4, 3) AS INT) AS `M3`,
  CAST(MOD(5, 12) AS INT) AS `M4`,
  CAST(POWER(3, 2) AS DOUBLE) AS `P1`,
  CAST(POWER(-2, 3) AS DOUBLE) AS `P2`,
  CAST(POWER(4, -2) AS DOUBLE) AS `P3`,
  CAST(POWER(10.1, 2.5) AS DOUBLE) AS `P4` FROM `S`;

END;

=== NULLIF and COALESCE, as the SQL Reference prints them
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

-- kdalite note: `S`: ROWTIME is the event-time attribute, its watermark a millisecond behind it (KDA's rows arrive in ROWTIME order, several at one ROWTIME)
CREATE TABLE `S` (
  `ROWTIME` TIMESTAMP(3),
  `S` STRING,
  `N` BIGINT,
  WATERMARK FOR `ROWTIME` AS `ROWTIME` - INTERVAL '0.001' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/S.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `ROWTIME` TIMESTAMP(3),
  `N1` INT,
  `N2` INT,
  `N3` STRING,
  `N4` STRING,
  `N5` STRING,
  `C1` STRING,
  `C2` STRING,
  `C3` STRING,
  `C4` INT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `S`.`ROWTIME` AS `ROWTIME`,
  CAST(NULLIF(4, 2) AS INT) AS `N1`,
  CAST(NULLIF(4, 4) AS INT) AS `N2`,
  CAST(NULLIF('amy', 'fred') AS STRING) AS `N3`,
  CAST(NULLIF('amy', CAST(NULL AS VARCHAR(3))) AS STRING) AS `N4`,
  CAST(NULLIF(CAST(NULL AS VARCHAR(3)), 'fred') AS STRING) AS `N5`,
  CAST(COALESCE('chair') AS STRING) AS `C1`,
  CAST(COALESCE('chair', NULL, 'sofa') AS STRING) AS `C2`,
  CAST(COALESCE(NULL, NULL, 'sofa') AS STRING) AS `C3`,
  CAST(COALESCE(NULL, 2, 5) AS INT) AS `C4` FROM `S`;

END;

=== STEP of timestamps by any unit and of integers; FLOOR and CEIL of timestamps (STEP counts from 1970-01-01, as the Reference's formula says)
-- refused: cannot export to Flink: Flink SQL has no STEP at line 1, column 15

=== STEP by months groups a KDA window by calendar months
-- refused: cannot export to Flink: Flink SQL has no STEP at line 1, column 15

=== the current time is the row's arrival on the virtual clock; conversions to and from text
-- refused: cannot export to Flink: Flink SQL has no CHAR_TO_DATE at line 5, column 8

=== REGEX_REPLACE from a position, one occurrence or all, with groups
-- refused: cannot export to Flink: Flink's REGEXP_REPLACE replaces every match from the start: it has no position or occurrence at line 1, column 15

=== Flink's text functions: REGEXP_EXTRACT, REGEXP_REPLACE, SPLIT_INDEX, CONCAT, CONCAT_WS, SUBSTR, REPLACE, LPAD, RPAD
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `s` STRING,
  `n` INT,
  `x` DOUBLE,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `channel` STRING,
  `page` STRING,
  `masked` STRING,
  `seg` STRING,
  `none_` STRING,
  `c` STRING,
  `ws` STRING,
  `tail` STRING,
  `head` STRING,
  `mid` STRING,
  `rep` STRING,
  `lp` STRING,
  `rp` STRING,
  `cut` STRING,
  `rpt` STRING,
  `lt` STRING,
  `rt` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT REGEXP_EXTRACT(`s`, 'channel_id=([^&]*)', 1) AS `channel`, REGEXP_EXTRACT(`s`, '(\w+)\.htm') AS `page`, REGEXP_REPLACE(`s`, '[0-9]', '#') AS `masked`, SPLIT_INDEX(`s`, '/', 3) AS `seg`, SPLIT_INDEX(`s`, '/', 9) AS `none_`, CONCAT('n=', CAST(`n` AS STRING)) AS `c`, CONCAT_WS('|', 'a', CAST(`n` AS STRING), 'b') AS `ws`, SUBSTR('hello', -3) AS `tail`, SUBSTR('hello', 0, 2) AS `head`, SUBSTRING('hello' FROM 2 FOR 3) AS `mid`, REPLACE('a-b-c', '-', '+') AS `rep`, LPAD('7', 3, '0') AS `lp`, RPAD('ab', 5, 'xy') AS `rp`, LPAD('hello', 2, '0') AS `cut`, REPEAT('ab', 3) AS `rpt`, LTRIM('  a ') AS `lt`, RTRIM(' a  ') AS `rt` FROM `t`;

END;

=== Flink's numbers, conditions, JSON and time functions
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `s` STRING,
  `n` INT,
  `x` DOUBLE,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `sign_` STRING,
  `n0` INT,
  `r0` DOUBLE,
  `r2` DECIMAL(4, 2),
  `r_2` INT,
  `sq` DOUBLE,
  `l2` DOUBLE,
  `lb` DOUBLE,
  `sg` DOUBLE,
  `pw` DOUBLE,
  `jv` STRING,
  `not_json` STRING,
  `y` BIGINT,
  `q` BIGINT,
  `mo` BIGINT,
  `w` BIGINT,
  `dom` BIGINT,
  `dow` BIGINT,
  `doy` BIGINT,
  `h` BIGINT,
  `mi` BIGINT,
  `se` BIGINT,
  `fmt` STRING,
  `unix_s` BIGINT,
  `unix_fmt` BIGINT,
  `ltz` TIMESTAMP(3)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `sign_`, `n0`, `r0`, `r2`, `r_2`, `sq`, `l2`, `lb`, `sg`, `pw`, `jv`, `not_json`, `y`, `q`, `mo`, `w`, `dom`, `dow`, `doy`, `h`, `mi`, `se`, `fmt`, `unix_s`, `unix_fmt`, CAST(`ltz` AS TIMESTAMP(3)) AS `ltz` FROM (
SELECT IF(`n` > 0, 'pos', 'neg') AS `sign_`, IFNULL(`n`, 0) AS `n0`, ROUND(`x`, 0) AS `r0`, ROUND(2.345, 2) AS `r2`, ROUND(1250, -2) AS `r_2`, SQRT(ABS(`x`)) AS `sq`, LOG2(8) AS `l2`, LOG(2, 8) AS `lb`, SIGN(`x`) AS `sg`, POWER(`x`, 2) AS `pw`, JSON_VALUE('{"a": {"b": [10, "twenty"]}}', '$.a.b[1]') AS `jv`, JSON_VALUE(`s`, '$.a') AS `not_json`, YEAR(`ts`) AS `y`, QUARTER(`ts`) AS `q`, MONTH(`ts`) AS `mo`, WEEK(`ts`) AS `w`, DAYOFMONTH(`ts`) AS `dom`, DAYOFWEEK(`ts`) AS `dow`, DAYOFYEAR(`ts`) AS `doy`, HOUR(`ts`) AS `h`, MINUTE(`ts`) AS `mi`, SECOND(`ts`) AS `se`, DATE_FORMAT(`ts`, 'yyyy/MM/dd HH:mm:ss.SSS') AS `fmt`, UNIX_TIMESTAMP('2024-05-06 07:08:09') AS `unix_s`, UNIX_TIMESTAMP('06.05.2024', 'dd.MM.yyyy') AS `unix_fmt`, TO_TIMESTAMP_LTZ(1714979289, 0) AS `ltz` FROM `t`
) AS `q`(`sign_`, `n0`, `r0`, `r2`, `r_2`, `sq`, `l2`, `lb`, `sg`, `pw`, `jv`, `not_json`, `y`, `q`, `mo`, `w`, `dom`, `dow`, `doy`, `h`, `mi`, `se`, `fmt`, `unix_s`, `unix_fmt`, `ltz`);

END;

=== GREATEST and LEAST of numbers, texts and times: NULL if any argument is
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `a` INT,
  `b` DOUBLE,
  `s` STRING,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `a` INT,
  `g` INT,
  `l` DOUBLE,
  `gs` STRING,
  `lt` TIMESTAMP(3)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `a`, GREATEST(`a`, 2) AS `g`, LEAST(`a`, `b`) AS `l`, GREATEST(`s`, 'm', 'c') AS `gs`, LEAST(`ts`, TIMESTAMP '2024-01-01 00:00:30') AS `lt` FROM `t`;

END;

=== NULL in, NULL out; empty texts and positions past the end
-- refused: cannot export to Flink: Flink SQL has no STEP at line 4, column 8

=== a value a function cannot take sends its row to error_stream with the reason
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

-- kdalite note: `S`: ROWTIME is the event-time attribute, its watermark a millisecond behind it (KDA's rows arrive in ROWTIME order, several at one ROWTIME)
CREATE TABLE `S` (
  `ROWTIME` TIMESTAMP(3),
  `N` BIGINT,
  `L` BIGINT,
  `P` STRING,
  WATERMARK FOR `ROWTIME` AS `ROWTIME` - INTERVAL '0.001' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/S.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `ROWTIME` TIMESTAMP(3),
  `N` BIGINT,
  `LN_` DOUBLE,
  `SUB` STRING,
  `RE` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `S`.`ROWTIME` AS `ROWTIME`,
  CAST(`N` AS BIGINT) AS `N`,
  CAST(LN(`N`) AS DOUBLE) AS `LN_`,
  CAST(SUBSTRING('abc' FROM 1 FOR `L`) AS STRING) AS `SUB`,
  CAST(REGEXP_EXTRACT('abc', `P`) AS STRING) AS `RE` FROM `S`;

END;

=== the statistical and positional aggregates in a KDA window: STDDEV_POP, STDDEV_SAMP, VAR_POP, VAR_SAMP, FIRST_VALUE, LAST_VALUE
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

-- kdalite note: `WEATHERSTREAM`: ROWTIME is the event-time attribute, its watermark a millisecond behind it (KDA's rows arrive in ROWTIME order, several at one ROWTIME)
CREATE TABLE `WEATHERSTREAM` (
  `ROWTIME` TIMESTAMP(3),
  `CITY` STRING,
  `TEMP` BIGINT,
  WATERMARK FOR `ROWTIME` AS `ROWTIME` - INTERVAL '0.001' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/WEATHERSTREAM.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `ROWTIME` TIMESTAMP(3),
  `CITY` STRING,
  `N` BIGINT,
  `SD_POP` DOUBLE,
  `SD_SAMP` DOUBLE,
  `VAR_POP` DOUBLE,
  `VAR_SAMP` DOUBLE,
  `FIRST_TEMP` BIGINT,
  `LAST_TEMP` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `window_end` AS `ROWTIME`,
  CAST(`CITY` AS STRING) AS `CITY`,
  CAST(COUNT(*) AS BIGINT) AS `N`,
  CAST(STDDEV_POP(CAST(`TEMP` AS DOUBLE)) AS DOUBLE) AS `SD_POP`,
  CAST(STDDEV_SAMP(CAST(`TEMP` AS DOUBLE)) AS DOUBLE) AS `SD_SAMP`,
  CAST(VAR_POP(CAST(`TEMP` AS DOUBLE)) AS DOUBLE) AS `VAR_POP`,
  CAST(VAR_SAMP(CAST(`TEMP` AS DOUBLE)) AS DOUBLE) AS `VAR_SAMP`,
  CAST(FIRST_VALUE(`TEMP`) AS BIGINT) AS `FIRST_TEMP`,
  CAST(LAST_VALUE(`TEMP`) AS BIGINT) AS `LAST_TEMP` FROM TABLE(TUMBLE(TABLE `WEATHERSTREAM`, DESCRIPTOR(`ROWTIME`), INTERVAL '1' DAY)) AS `WEATHERSTREAM` GROUP BY `CITY`, `window_start`, `window_end`;

END;

=== LAG, as the SQL Reference's example writes it (IGNORE NULLS, a default, a one-minute window), and RESPECT NULLS over rows
-- refused: cannot export to Flink: Flink needs every OVER window of one SELECT to be the same window; KDA's query has several (split it into one pump per window) at line 5, column 5

=== Flink's LAG over an event-time OVER, with a default
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `k` STRING,
  `v` BIGINT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `k` STRING,
  `v` BIGINT,
  `prev` BIGINT,
  `prev2` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `k`, `v`, LAG(`v`) OVER (PARTITION BY `k` ORDER BY `ts`) AS `prev`, LAG(`v`, 2, -1) OVER (PARTITION BY `k` ORDER BY `ts`) AS `prev2` FROM `t`;

END;

=== EVERY, ANY and SOME; MONOTONIC; APPROXIMATE_ARRIVAL_TIME (the row's arrival, its ROWTIME here) as the STEP page's ingest-time window uses it
-- refused: cannot export to Flink: Flink SQL has no EVERY at line 1, column 15

=== NTH_VALUE from the window's first row, respecting or ignoring NULLs
-- refused: cannot export to Flink: Flink SQL has no NTH_VALUE at line 2, column 8

=== NTH_VALUE FROM LAST counts back from the current row (the first from last); FROM FIRST is the default
-- refused: cannot export to Flink: Flink SQL has no NTH_VALUE … FROM LAST at line 2, column 8

=== EXP_AVG, as the SQL Reference's example writes it: each price weighs half as much per 10 seconds of age
-- refused: cannot export to Flink: Flink SQL has no EXP_AVG at line 1, column 41

=== Flink's CURRENT_WATERMARK: the watermark each row meets (NULL before the first), here dropping the rows it has passed
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Orders` (
  `id` INT,
  `order_time` TIMESTAMP(3),
  WATERMARK FOR `order_time` AS `order_time` - INTERVAL '2' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Orders.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `id` INT,
  `order_time` TIMESTAMP(3),
  `wm` TIMESTAMP(3)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `id`, CAST(`order_time` AS TIMESTAMP(3)) AS `order_time`, CAST(`wm` AS TIMESTAMP(3)) AS `wm` FROM (
SELECT `id`, `order_time`, CURRENT_WATERMARK(`order_time`) AS `wm` FROM `Orders` WHERE CURRENT_WATERMARK(`order_time`) IS NULL OR `order_time` > CURRENT_WATERMARK(`order_time`)
) AS `q`(`id`, `order_time`, `wm`);

END;

=== Flink's trigonometry, TRUNCATE, PI and E
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `x` DOUBLE,
  `n` INT,
  `d` DECIMAL(10,3),
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `s` DOUBLE,
  `c` DOUBLE,
  `t_` DOUBLE,
  `ct` DOUBLE,
  `as_` DOUBLE,
  `ac` DOUBLE,
  `at` DOUBLE,
  `a2` DOUBLE,
  `sh` DOUBLE,
  `ch` DOUBLE,
  `th` DOUBLE,
  `dg` DOUBLE,
  `rd` DOUBLE,
  `pi_` DOUBLE,
  `e_` DOUBLE,
  `tx` DOUBLE,
  `t0` DOUBLE,
  `tn` INT,
  `td` DECIMAL(10, 1)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT SIN(`x`) AS `s`, COS(`x`) AS `c`, TAN(`x`) AS `t_`, COT(`x`) AS `ct`, ASIN(`x` / 4) AS `as_`, ACOS(`x` / 4) AS `ac`, ATAN(`x`) AS `at`, ATAN2(`x`, 2) AS `a2`, SINH(`x`) AS `sh`, COSH(`x`) AS `ch`, TANH(`x`) AS `th`, DEGREES(`x`) AS `dg`, RADIANS(`x`) AS `rd`, PI() AS `pi_`, E() AS `e_`, TRUNCATE(`x`, 1) AS `tx`, TRUNCATE(`x`) AS `t0`, TRUNCATE(`n`, -1) AS `tn`, TRUNCATE(`d`, 1) AS `td` FROM `t`;

END;

=== Flink's LEFT, RIGHT, REVERSE, LOCATE, INSTR, ASCII, CHR, base64, REGEXP, JSON_EXISTS, JSON_QUERY and TRY_CAST
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `s` STRING,
  `n` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `l3` STRING,
  `lneg` STRING,
  `r3` STRING,
  `rall` STRING,
  `rev` STRING,
  `loc` INT,
  `loc3` INT,
  `nowhere` INT,
  `ins` INT,
  `asc_` INT,
  `ch` STRING,
  `b64` STRING,
  `back` STRING,
  `re` BOOLEAN,
  `re_start` BOOLEAN,
  `je` BOOLEAN,
  `jq` STRING,
  `jq_obj` STRING,
  `jq_scalar` STRING,
  `jq_text` STRING,
  `je_text` BOOLEAN,
  `try_int` INT,
  `try_text` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT LEFT(`s`, 3) AS `l3`, LEFT(`s`, -1) AS `lneg`, RIGHT(`s`, 3) AS `r3`, RIGHT(`s`, 99) AS `rall`, REVERSE(`s`) AS `rev`, LOCATE('b', `s`) AS `loc`, LOCATE('b', `s`, 3) AS `loc3`, LOCATE('zz', `s`) AS `nowhere`, INSTR(`s`, 'c') AS `ins`, ASCII(`s`) AS `asc_`, CHR(`n`) AS `ch`, TO_BASE64(`s`) AS `b64`, FROM_BASE64(TO_BASE64(`s`)) AS `back`, REGEXP(`s`, 'b[a-z]') AS `re`, REGEXP(`s`, '^x') AS `re_start`, JSON_EXISTS('{"a": [1, {"b": 2}]}', '$.a[1].b') AS `je`, JSON_QUERY('{"a": [1, {"b": "x y"}]}', '$.a') AS `jq`, JSON_QUERY('{"a": {"c": null}}', '$.a') AS `jq_obj`, JSON_QUERY('{"a": 1}', '$.a') AS `jq_scalar`, JSON_QUERY(`s`, '$.a') AS `jq_text`, JSON_EXISTS(`s`, '$.a') AS `je_text`, TRY_CAST(`s` AS INT) AS `try_int`, TRY_CAST(`n` AS STRING) AS `try_text` FROM `t`;

END;

=== Flink 2.x's BIN, HEX, IS_ALPHA, IS_DIGIT, IS_DECIMAL, URL_ENCODE, URL_DECODE, TRANSLATE, BTRIM, STARTSWITH, ENDSWITH, REGEXP_COUNT, REGEXP_INSTR, REGEXP_SUBSTR, REGEXP_EXTRACT_ALL, ELT, and CAST to text of a BOOLEAN, a DOUBLE and a TIMESTAMP: every value as Flink 2.3 gives it on these rows
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `s` STRING,
  `n` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `b` STRING,
  `hx` STRING,
  `hs` STRING,
  `alpha` BOOLEAN,
  `digit` BOOLEAN,
  `dec_` BOOLEAN,
  `enc` STRING,
  `dec2` STRING,
  `tr` STRING,
  `bt` STRING,
  `sw` BOOLEAN,
  `ew` BOOLEAN,
  `rc` INT,
  `ri` INT,
  `rs` STRING,
  `rea` STRING,
  `elt_` STRING,
  `bool_text` STRING,
  `dbl_text` STRING,
  `ts_text` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT BIN(`n`) AS `b`, HEX(`n`) AS `hx`, HEX(`s`) AS `hs`, IS_ALPHA(`s`) AS `alpha`, IS_DIGIT(`s`) AS `digit`, IS_DECIMAL(`s`) AS `dec_`, URL_ENCODE(`s`) AS `enc`, URL_DECODE(URL_ENCODE(`s`)) AS `dec2`, TRANSLATE(`s`, 'lo2', 'LO') AS `tr`, BTRIM(`s`, 'Hd2a') AS `bt`, STARTSWITH(`s`, 'He') AS `sw`, ENDSWITH(`s`, '22') AS `ew`, REGEXP_COUNT(`s`, '[lo2]') AS `rc`, REGEXP_INSTR(`s`, '[0-9]') AS `ri`, REGEXP_SUBSTR(`s`, '[0-9]+') AS `rs`, CAST(REGEXP_EXTRACT_ALL(`s`, '([a-z])([0-9])', 2) AS STRING) AS `rea`, ELT(`n`, 'one', 'two') AS `elt_`, CAST(`n` > 1 AS STRING) AS `bool_text`, CAST(CAST(`n` AS DOUBLE) * 1e7 AS STRING) AS `dbl_text`, CAST(`ts` AS STRING) AS `ts_text` FROM `t`;

END;

=== their edge cases as Flink 2.3 gives them: IS_DECIMAL as Java's parseDouble reads a number (spaces, a d suffix, NaN), a regex's empty match right after a match counted, a bad escape NULL, a NULL TRANSLATE target removing, a group that did not take part NULL and one the regex lacks a NULL array, a DOUBLE's text in and out of plain notation
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `s` STRING,
  `n` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `d1` BOOLEAN,
  `d2` BOOLEAN,
  `d3` BOOLEAN,
  `d4` BOOLEAN,
  `d5` BOOLEAN,
  `d6` BOOLEAN,
  `c1` INT,
  `c2` INT,
  `bad` STRING,
  `tr` STRING,
  `groups` STRING,
  `none_` ARRAY<STRING>,
  `h` STRING,
  `e` STRING,
  `small` STRING,
  `tiny` STRING,
  `plain` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT IS_DECIMAL(' 1') AS `d1`, IS_DECIMAL('1d') AS `d2`, IS_DECIMAL('NaN') AS `d3`, IS_DECIMAL('1e') AS `d4`, IS_DECIMAL('.') AS `d5`, IS_DECIMAL('0x1F') AS `d6`, REGEXP_COUNT('aaa', 'a*') AS `c1`, REGEXP_COUNT('', 'a*') AS `c2`, URL_DECODE('%C3%A9%2') AS `bad`, TRANSLATE(`s`, 'lo', CAST(NULL AS STRING)) AS `tr`, CAST(REGEXP_EXTRACT_ALL('a1b22', '(\d)(\d)?', 2) AS STRING) AS `groups`, REGEXP_EXTRACT_ALL(`s`, 'z') AS `none_`, HEX('é') AS `h`, ELT(CAST(NULL AS INT), 'a') AS `e`, CAST(CAST(0.1 AS DOUBLE) / 3 AS STRING) AS `small`, CAST(CAST(1e-5 AS DOUBLE) AS STRING) AS `tiny`, CAST(CAST(1234567.0 AS DOUBLE) AS STRING) AS `plain` FROM `t`;

END;

=== Flink's TO_DATE and FROM_UNIXTIME
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `s` STRING,
  `n` BIGINT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `d` DATE,
  `d2` DATE,
  `fu` STRING,
  `fu2` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT TO_DATE(`s`) AS `d`, TO_DATE('06/05/2024', 'dd/MM/yyyy') AS `d2`, FROM_UNIXTIME(`n`) AS `fu`, FROM_UNIXTIME(`n`, 'yyyy/MM/dd HH:mm') AS `fu2` FROM `t`;

END;

=== Flink's CONVERT_TZ: a 'yyyy-MM-dd HH:mm:ss' time in one zone as another shows it, zones named as Java names them (tz database names, GMT offsets, three-letter names), the hour daylight saving skips read with the offset before it and the hour it repeats as the later; text that is not such a time is NULL
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `s` STRING,
  `z` STRING,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `s` STRING,
  `la` STRING,
  `pst` STRING,
  `est` STRING,
  `plus` STRING,
  `ny` STRING,
  `to_z` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `s`, CONVERT_TZ(`s`, 'UTC', 'America/Los_Angeles') AS `la`, CONVERT_TZ(`s`, 'UTC', 'PST') AS `pst`, CONVERT_TZ(`s`, 'UTC', 'EST') AS `est`, CONVERT_TZ(`s`, 'UTC', 'GMT+05:30') AS `plus`, CONVERT_TZ(`s`, 'America/New_York', 'UTC') AS `ny`, CONVERT_TZ(`s`, 'UTC', `z`) AS `to_z` FROM `t`;

END;

=== table.local-time-zone: a TIMESTAMP_LTZ is a moment that reads, prints, rounds and casts as the zone's wall clock (Shanghai, eight hours ahead of UTC), and moves by an interval as a moment; as Flink 2.3 gives each
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'Asia/Shanghai';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `n` BIGINT,
  `s` STRING,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `ltz` TIMESTAMP(3),
  `txt` STRING,
  `wall` TIMESTAMP(3),
  `d` DATE,
  `tm` TIME(3),
  `fu` STRING,
  `us` BIGINT,
  `df` STRING,
  `h` BIGINT,
  `ed` BIGINT,
  `dow` BIGINT,
  `plus_hour` TIMESTAMP(3),
  `plus_month` TIMESTAMP(3),
  `minus_day` TIMESTAMP(3),
  `fl` TIMESTAMP(3),
  `ce` TIMESTAMP(3),
  `same` BOOLEAN,
  `earlier` BOOLEAN,
  `from_text` TIMESTAMP(3),
  `from_ts` TIMESTAMP(3),
  `diff` INT,
  `co` TIMESTAMP(3)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT CAST(`ltz` AS TIMESTAMP(3)) AS `ltz`, `txt`, CAST(`wall` AS TIMESTAMP(3)) AS `wall`, `d`, `tm`, `fu`, `us`, `df`, `h`, `ed`, `dow`, CAST(`plus_hour` AS TIMESTAMP(3)) AS `plus_hour`, CAST(`plus_month` AS TIMESTAMP(3)) AS `plus_month`, CAST(`minus_day` AS TIMESTAMP(3)) AS `minus_day`, CAST(`fl` AS TIMESTAMP(3)) AS `fl`, CAST(`ce` AS TIMESTAMP(3)) AS `ce`, `same`, `earlier`, CAST(`from_text` AS TIMESTAMP(3)) AS `from_text`, CAST(`from_ts` AS TIMESTAMP(3)) AS `from_ts`, `diff`, CAST(`co` AS TIMESTAMP(3)) AS `co` FROM (
SELECT TO_TIMESTAMP_LTZ(`n`, 3) AS `ltz`, CAST(TO_TIMESTAMP_LTZ(`n`, 3) AS STRING) AS `txt`, CAST(TO_TIMESTAMP_LTZ(`n`, 3) AS TIMESTAMP(3)) AS `wall`, CAST(TO_TIMESTAMP_LTZ(`n`, 3) AS DATE) AS `d`, CAST(TO_TIMESTAMP_LTZ(`n`, 3) AS TIME) AS `tm`, FROM_UNIXTIME(`n` / 1000) AS `fu`, UNIX_TIMESTAMP(`s`) AS `us`, DATE_FORMAT(TO_TIMESTAMP_LTZ(`n`, 3), 'yyyy-MM-dd HH:mm') AS `df`, HOUR(TO_TIMESTAMP_LTZ(`n`, 3)) AS `h`, EXTRACT(DAY FROM TO_TIMESTAMP_LTZ(`n`, 3)) AS `ed`, DAYOFWEEK(TO_TIMESTAMP_LTZ(`n`, 3)) AS `dow`, TO_TIMESTAMP_LTZ(`n`, 3) + INTERVAL '1' HOUR AS `plus_hour`, TO_TIMESTAMP_LTZ(`n`, 3) + INTERVAL '1' MONTH AS `plus_month`, TO_TIMESTAMP_LTZ(`n`, 3) - INTERVAL '1' DAY AS `minus_day`, FLOOR(TO_TIMESTAMP_LTZ(`n`, 3) TO DAY) AS `fl`, CEIL(TO_TIMESTAMP_LTZ(`n`, 3) TO HOUR) AS `ce`, TO_TIMESTAMP_LTZ(`n`, 3) = `ts` AS `same`, TO_TIMESTAMP_LTZ(`n`, 3) < `ts` AS `earlier`, CAST(`s` AS TIMESTAMP_LTZ(3)) AS `from_text`, CAST(`ts` AS TIMESTAMP_LTZ(3)) AS `from_ts`, TIMESTAMPDIFF(MINUTE, CAST(`ts` AS TIMESTAMP_LTZ(3)), TO_TIMESTAMP_LTZ(`n`, 3)) AS `diff`, COALESCE(TO_TIMESTAMP_LTZ(`n`, 3), `ts`) AS `co` FROM `t`
) AS `q`(`ltz`, `txt`, `wall`, `d`, `tm`, `fu`, `us`, `df`, `h`, `ed`, `dow`, `plus_hour`, `plus_month`, `minus_day`, `fl`, `ce`, `same`, `earlier`, `from_text`, `from_ts`, `diff`, `co`);

END;

=== table.local-time-zone with daylight saving (Los Angeles): the hour it repeats prints twice, a wall clock in it casts to the earlier moment and UNIX_TIMESTAMP reads it as the later, the hour it skips moves on by the skip; as Flink 2.3 gives each
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'America/Los_Angeles';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `n` BIGINT,
  `s` STRING,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `ltz` TIMESTAMP(3),
  `txt` STRING,
  `wall` TIMESTAMP(3),
  `d` DATE,
  `tm` TIME(3),
  `fu` STRING,
  `us` BIGINT,
  `df` STRING,
  `h` BIGINT,
  `ed` BIGINT,
  `dow` BIGINT,
  `plus_hour` TIMESTAMP(3),
  `plus_month` TIMESTAMP(3),
  `minus_day` TIMESTAMP(3),
  `fl` TIMESTAMP(3),
  `ce` TIMESTAMP(3),
  `same` BOOLEAN,
  `earlier` BOOLEAN,
  `from_text` TIMESTAMP(3),
  `from_ts` TIMESTAMP(3),
  `diff` INT,
  `co` TIMESTAMP(3)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT CAST(`ltz` AS TIMESTAMP(3)) AS `ltz`, `txt`, CAST(`wall` AS TIMESTAMP(3)) AS `wall`, `d`, `tm`, `fu`, `us`, `df`, `h`, `ed`, `dow`, CAST(`plus_hour` AS TIMESTAMP(3)) AS `plus_hour`, CAST(`plus_month` AS TIMESTAMP(3)) AS `plus_month`, CAST(`minus_day` AS TIMESTAMP(3)) AS `minus_day`, CAST(`fl` AS TIMESTAMP(3)) AS `fl`, CAST(`ce` AS TIMESTAMP(3)) AS `ce`, `same`, `earlier`, CAST(`from_text` AS TIMESTAMP(3)) AS `from_text`, CAST(`from_ts` AS TIMESTAMP(3)) AS `from_ts`, `diff`, CAST(`co` AS TIMESTAMP(3)) AS `co` FROM (
SELECT TO_TIMESTAMP_LTZ(`n`, 3) AS `ltz`, CAST(TO_TIMESTAMP_LTZ(`n`, 3) AS STRING) AS `txt`, CAST(TO_TIMESTAMP_LTZ(`n`, 3) AS TIMESTAMP(3)) AS `wall`, CAST(TO_TIMESTAMP_LTZ(`n`, 3) AS DATE) AS `d`, CAST(TO_TIMESTAMP_LTZ(`n`, 3) AS TIME) AS `tm`, FROM_UNIXTIME(`n` / 1000) AS `fu`, UNIX_TIMESTAMP(`s`) AS `us`, DATE_FORMAT(TO_TIMESTAMP_LTZ(`n`, 3), 'yyyy-MM-dd HH:mm') AS `df`, HOUR(TO_TIMESTAMP_LTZ(`n`, 3)) AS `h`, EXTRACT(DAY FROM TO_TIMESTAMP_LTZ(`n`, 3)) AS `ed`, DAYOFWEEK(TO_TIMESTAMP_LTZ(`n`, 3)) AS `dow`, TO_TIMESTAMP_LTZ(`n`, 3) + INTERVAL '1' HOUR AS `plus_hour`, TO_TIMESTAMP_LTZ(`n`, 3) + INTERVAL '1' MONTH AS `plus_month`, TO_TIMESTAMP_LTZ(`n`, 3) - INTERVAL '1' DAY AS `minus_day`, FLOOR(TO_TIMESTAMP_LTZ(`n`, 3) TO DAY) AS `fl`, CEIL(TO_TIMESTAMP_LTZ(`n`, 3) TO HOUR) AS `ce`, TO_TIMESTAMP_LTZ(`n`, 3) = `ts` AS `same`, TO_TIMESTAMP_LTZ(`n`, 3) < `ts` AS `earlier`, CAST(`s` AS TIMESTAMP_LTZ(3)) AS `from_text`, CAST(`ts` AS TIMESTAMP_LTZ(3)) AS `from_ts`, TIMESTAMPDIFF(MINUTE, CAST(`ts` AS TIMESTAMP_LTZ(3)), TO_TIMESTAMP_LTZ(`n`, 3)) AS `diff`, COALESCE(TO_TIMESTAMP_LTZ(`n`, 3), `ts`) AS `co` FROM `t`
) AS `q`(`ltz`, `txt`, `wall`, `d`, `tm`, `fu`, `us`, `df`, `h`, `ed`, `dow`, `plus_hour`, `plus_month`, `minus_day`, `fl`, `ce`, `same`, `earlier`, `from_text`, `from_ts`, `diff`, `co`);

END;

=== table.local-time-zone: the current time is a TIMESTAMP_LTZ (the row's arrival), LOCALTIMESTAMP, CURRENT_DATE and LOCALTIME that moment on the zone's wall clock
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'Asia/Shanghai';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `k` STRING,
  `pt` AS PROCTIME()
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `k` STRING,
  `pt` TIMESTAMP(3),
  `now_` TIMESTAMP(3),
  `now2` TIMESTAMP(3),
  `local_` TIMESTAMP(3),
  `today` DATE,
  `time_` TIME(3),
  `h` BIGINT,
  `epoch_s` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `k`, CAST(`pt` AS TIMESTAMP(3)) AS `pt`, CAST(`now_` AS TIMESTAMP(3)) AS `now_`, CAST(`now2` AS TIMESTAMP(3)) AS `now2`, CAST(`local_` AS TIMESTAMP(3)) AS `local_`, `today`, `time_`, `h`, `epoch_s` FROM (
SELECT `k`, `pt`, CURRENT_TIMESTAMP AS `now_`, NOW() AS `now2`, LOCALTIMESTAMP AS `local_`, CURRENT_DATE AS `today`, LOCALTIME AS `time_`, HOUR(CURRENT_TIMESTAMP) AS `h`, UNIX_TIMESTAMP() AS `epoch_s` FROM `t`
) AS `q`(`k`, `pt`, `now_`, `now2`, `local_`, `today`, `time_`, `h`, `epoch_s`);

END;

=== table.local-time-zone: a TIMESTAMP_LTZ event-time column keeps its watermark in moments, and CURRENT_WATERMARK is a TIMESTAMP_LTZ
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'Asia/Shanghai';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `k` STRING,
  `n` BIGINT,
  `ltz` AS TO_TIMESTAMP_LTZ(`n`, 3),
  WATERMARK FOR `ltz` AS `ltz` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `k` STRING,
  `ltz` TIMESTAMP(3),
  `wm` TIMESTAMP(3)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `k`, CAST(`ltz` AS TIMESTAMP(3)) AS `ltz`, CAST(`wm` AS TIMESTAMP(3)) AS `wm` FROM (
SELECT `k`, `ltz`, CURRENT_WATERMARK(`ltz`) AS `wm` FROM `t`
) AS `q`(`k`, `ltz`, `wm`);

END;

=== a window over a TIMESTAMP_LTZ in UTC (the zone by default) starts and ends as over a TIMESTAMP
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `k` STRING,
  `n` BIGINT,
  `ltz` AS TO_TIMESTAMP_LTZ(`n`, 3),
  WATERMARK FOR `ltz` AS `ltz`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `window_start` TIMESTAMP(3),
  `window_end` TIMESTAMP(3),
  `c` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT CAST(`window_start` AS TIMESTAMP(3)) AS `window_start`, CAST(`window_end` AS TIMESTAMP(3)) AS `window_end`, `c` FROM (
SELECT `window_start`, `window_end`, COUNT(*) AS `c` FROM TABLE(TUMBLE(TABLE `t`, DESCRIPTOR(`ltz`), INTERVAL '1' DAY)) GROUP BY `window_start`, `window_end`
) AS `q`(`window_start`, `window_end`, `c`);

END;

=== CONVERT_TZ of a zone a column names that is no zone sends its row to error_stream (Flink takes a name it does not know as GMT)
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `s` STRING,
  `z` STRING,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `z` STRING,
  `to_z` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `z`, CONVERT_TZ(`s`, 'UTC', `z`) AS `to_z` FROM `t`;

END;

=== Flink's LISTAGG: a window's texts in the order they came, joined (',' by default); NULLs skipped, NULL when none
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `k` STRING,
  `s` STRING,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `window_start` TIMESTAMP(3),
  `k` STRING,
  `all_` STRING,
  `piped` STRING,
  `not_b` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `window_start`, `k`, LISTAGG(NULLIF(`s`, '')) AS `all_`, LISTAGG(`s`, ' | ') AS `piped`, LISTAGG(`s`) FILTER (WHERE `s` <> 'b') AS `not_b` FROM TABLE(TUMBLE(TABLE `t`, DESCRIPTOR(`ts`), INTERVAL '10' SECOND)) GROUP BY `window_start`, `window_end`, `k`;

END;

=== LISTAGG over an updating input takes back what is retracted, and over a sliding window drops what slides out
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `k` STRING,
  `s` STRING,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `everyone` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

CREATE TABLE `RESULT_2` (
  `k` STRING,
  `s` STRING,
  `recent` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT_2',
  'format' = 'json'
);

CREATE VIEW `latest` AS
SELECT `k`, LAST_VALUE(`s`) AS `s` FROM `t` GROUP BY `k`;

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT LISTAGG(`s`, ';') AS `everyone` FROM `latest`;

INSERT INTO `RESULT_2`
SELECT `k`, `s`, LISTAGG(`s`) OVER (ORDER BY `ts` ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS `recent` FROM `t`;

END;

=== LISTAGG(DISTINCT …) over an updating input and a sliding frame: each text once, where it first came; a text leaves with its last row and goes last if it comes again (the rows leaving a frame go before the new row comes); the same rows and changes on Flink 2.3
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `k` STRING,
  `s` STRING,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `kinds` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

CREATE TABLE `RESULT_2` (
  `k` STRING,
  `recent` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT_2',
  'format' = 'json'
);

CREATE VIEW `latest` AS
SELECT `k`, LAST_VALUE(`s`) AS `s` FROM `t` GROUP BY `k`;

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT LISTAGG(DISTINCT `s`, ';') AS `kinds` FROM `latest`;

INSERT INTO `RESULT_2`
SELECT `k`, LISTAGG(DISTINCT `s`) OVER (PARTITION BY `k` ORDER BY `ts` ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS `recent` FROM `t`;

END;

=== LISTAGG(DISTINCT …) of a window, with FILTER: a window's texts once each, in the order each first came (Flink 2.3's two-phase window aggregate lists them in its hash map's order instead: x's are a,c,b there)
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `k` STRING,
  `s` STRING,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `window_start` TIMESTAMP(3),
  `k` STRING,
  `kinds` STRING,
  `not_b` STRING,
  `n` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `window_start`, `k`, LISTAGG(DISTINCT `s`) AS `kinds`, LISTAGG(DISTINCT `s`, '|') FILTER (WHERE `s` <> 'b') AS `not_b`, COUNT(DISTINCT `s`) AS `n` FROM TABLE(TUMBLE(TABLE `t`, DESCRIPTOR(`ts`), INTERVAL '10' SECOND)) GROUP BY `window_start`, `window_end`, `k`;

END;

=== Flink's MD5, SHA1 and SHA-2 digests, in hex
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `s` STRING,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `md5_` STRING,
  `sha1_` STRING,
  `sha224_` STRING,
  `sha256_` STRING,
  `sha384_` STRING,
  `sha512_` STRING,
  `sha2_` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT MD5(`s`) AS `md5_`, SHA1(`s`) AS `sha1_`, SHA224(`s`) AS `sha224_`, SHA256(`s`) AS `sha256_`, SHA384(`s`) AS `sha384_`, SHA512(`s`) AS `sha512_`, SHA2(`s`, 256) AS `sha2_` FROM `t`;

END;

=== Flink's PARSE_URL: a URL's parts as Java's URL reads them, a query parameter by its key
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `u` STRING,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `host` STRING,
  `path_` STRING,
  `q` STRING,
  `channel` STRING,
  `ref_` STRING,
  `proto` STRING,
  `file_` STRING,
  `auth` STRING,
  `who` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT PARSE_URL(`u`, 'HOST') AS `host`, PARSE_URL(`u`, 'PATH') AS `path_`, PARSE_URL(`u`, 'QUERY') AS `q`, PARSE_URL(`u`, 'QUERY', 'channel_id') AS `channel`, PARSE_URL(`u`, 'REF') AS `ref_`, PARSE_URL(`u`, 'PROTOCOL') AS `proto`, PARSE_URL(`u`, 'FILE') AS `file_`, PARSE_URL(`u`, 'AUTHORITY') AS `auth`, PARSE_URL(`u`, 'USERINFO') AS `who` FROM `t`;

END;

=== JSON_OBJECT, JSON_ARRAY and JSON_STRING write JSON as Flink does: keys sorted, NULL ON NULL for an object, ABSENT ON NULL for an array, a nested one as JSON
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `k` STRING,
  `v` INT,
  `price` DECIMAL(6,2),
  `ratio` DOUBLE,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `o` STRING,
  `absent` STRING,
  `a` STRING,
  `with_nulls` STRING,
  `s` STRING,
  `t2` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT JSON_OBJECT('k' VALUE `k`, 'n' VALUE `v`, 'price' VALUE `price`, 'ratio' VALUE `ratio`, 'at' VALUE `ts`, 'ok' VALUE `v` > 1) AS `o`, JSON_OBJECT('k' VALUE `k`, 'n' VALUE `v` ABSENT ON NULL) AS `absent`, JSON_ARRAY(`k`, `v`, JSON_OBJECT('price' VALUE `price`), JSON_ARRAY()) AS `a`, JSON_ARRAY(`k`, `v` NULL ON NULL) AS `with_nulls`, JSON_STRING(`k`) AS `s`, JSON_STRING(`ts`) AS `t2` FROM `t`;

END;

=== ROW(a, b) and (a, b) make ROW values (fields EXPR$0, EXPR$1, … as Flink names them); a table's ROW column takes one by position; ROW values compare with = and IN
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `k` STRING,
  `v` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `s` (
  `r` ROW<`name` STRING, `n` BIGINT>
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/s',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `r` ROW<`EXPR$0` STRING, `EXPR$1` INT>,
  `r2` ROW<`EXPR$0` STRING, `EXPR$1` INT>
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `s`
SELECT ROW(`k`, `v`) FROM `t` WHERE `v` > 1;

INSERT INTO `RESULT`
SELECT ROW(`k`, `v`) AS `r`, (`k`, `v` + 1) AS `r2` FROM `t` WHERE (`k`, `v`) IN (('a', 1), ('b', 2)) OR (`k`, `v`) = ('c', 0);

END;

=== columns named key and value stay columns beside JSON_OBJECT's KEY … VALUE
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `kv` (
  `key` STRING,
  `value` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/kv.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `key` STRING,
  `value` INT,
  `j` STRING,
  `value2` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `key`, `value`, JSON_OBJECT('k' VALUE `key`, 'v' VALUE `value`) AS `j`, `key` AS `value2` FROM `kv`;

END;

=== RAND(seed) and RAND_INTEGER(seed, bound) draw Flink's numbers row for row (Java's Random); unseeded calls and UUID() draw numbers of their own, the same every run
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `k` INT,
  `s` STRING,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `k` INT,
  `r` DOUBLE,
  `ri` INT,
  `below_k` INT,
  `no_seed` DOUBLE,
  `in_range` BOOLEAN,
  `uuid_length` INT,
  `version` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `k`, RAND(42) AS `r`, RAND_INTEGER(7, 100) AS `ri`, RAND_INTEGER(5, `k`) AS `below_k`, RAND(CAST(NULL AS INT)) AS `no_seed`, RAND() >= 0 AND RAND() < 1 AS `in_range`, CHAR_LENGTH(UUID()) AS `uuid_length`, SUBSTR(UUID(), 15, 1) AS `version` FROM `t`;

END;

=== RAND_INTEGER's bound must be positive: a row whose bound is not goes to error_stream
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `k` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `k` INT,
  `r` INT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `k`, RAND_INTEGER(1, `k`) AS `r` FROM `t`;

END;

=== TYPEOF names a value's type as Flink writes types; JSON_QUOTE and JSON_UNQUOTE as Flink 2.3's
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `k` INT,
  `b` BIGINT,
  `d` DOUBLE,
  `s` STRING,
  `a` ARRAY<INT>,
  `m` MAP<STRING, INT>,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `tk` STRING,
  `tb` STRING,
  `td` STRING,
  `ts_` STRING,
  `ta` STRING,
  `tm` STRING,
  `te` STRING,
  `tsum` STRING,
  `tnull` STRING,
  `quoted` STRING,
  `unquoted` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT TYPEOF(`k`) AS `tk`, TYPEOF(`b`) AS `tb`, TYPEOF(`d`) AS `td`, TYPEOF(`s`) AS `ts_`, TYPEOF(`a`) AS `ta`, TYPEOF(`m`) AS `tm`, TYPEOF(MAP_ENTRIES(`m`)) AS `te`, TYPEOF(`k` + `b`) AS `tsum`, TYPEOF(CAST(NULL AS INT), true) AS `tnull`, JSON_QUOTE(`s`) AS `quoted`, JSON_UNQUOTE(`s`) AS `unquoted` FROM `t`;

END;

=== PRINTF formats as Java's String.format of Flink's values: flags, widths, precisions (half up), %e and %g, a DATE as its day number; NULL where Java would throw
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `k` INT,
  `b` BIGINT,
  `d` DOUBLE,
  `s` STRING,
  `ok` BOOLEAN,
  `dt` DATE,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `k` INT,
  `ints` STRING,
  `doubles` STRING,
  `texts` STRING,
  `others` STRING,
  `wrong_type` STRING,
  `missing` STRING,
  `as_format` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `k`, PRINTF('%d|%5d|%-5d|%05d|%,d|%+d|%(d|%x|%X|%#o', `k`, `k`, `k`, `k`, `b`, `k`, `k`, `k`, `b`, `k`) AS `ints`, PRINTF('%f|%.2f|%10.3f|%-10.1f|%,.2f|%e|%.3E|%g|%G', `d`, `d`, `d`, `d`, `d`, `d`, `d`, `d`, `d`) AS `doubles`, PRINTF('%s|%S|%8s|%-8s|%.2s|%b|%c', `s`, `s`, `s`, `s`, `s`, `ok`, `k` + 64) AS `texts`, PRINTF('%s|%s|%s|%d|%2$s', `dt`, `ts`, `d`, `dt`) AS `others`, PRINTF('%d', `d`) AS `wrong_type`, PRINTF('%s %s', `s`) AS `missing`, PRINTF(`s`, `k`) AS `as_format` FROM `t`;

END;

=== BYTES columns (read from base64, written as base64, as Flink's JSON format does), X'…' literals, CAST between BYTES and STRING, ENCODE and DECODE in Java's charsets, UNHEX, TO_BASE64 and MD5 of bytes
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `k` INT,
  `s` STRING,
  `b` BYTES,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `k` INT,
  `b` BYTES,
  `b_text` STRING,
  `utf8` BYTES,
  `latin1` BYTES,
  `ascii` BYTES,
  `round_trip` STRING,
  `b_latin1` STRING,
  `b64` STRING,
  `md5` STRING,
  `same` BOOLEAN,
  `unhexed` BYTES,
  `bad_hex` BYTES,
  `literal` BYTES,
  `not_utf8` STRING,
  `t` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `k`, `b`, CAST(`b` AS STRING) AS `b_text`, ENCODE(`s`, 'UTF-8') AS `utf8`, ENCODE(`s`, 'ISO-8859-1') AS `latin1`, ENCODE(`s`, 'US-ASCII') AS `ascii`, DECODE(ENCODE(`s`, 'UTF-16'), 'UTF-16') AS `round_trip`, DECODE(`b`, 'ISO-8859-1') AS `b_latin1`, TO_BASE64(ENCODE(`s`, 'UTF-16LE')) AS `b64`, MD5(`b`) AS `md5`, `b` = CAST(`s` AS BYTES) AS `same`, UNHEX('616263') AS `unhexed`, UNHEX('6g') AS `bad_hex`, X'414243' AS `literal`, CAST(X'E9' AS STRING) AS `not_utf8`, TYPEOF(`b`) AS `t` FROM `t`;

END;

=== JSON_ARRAYAGG: a group's values as a JSON array in arrival order, NULLs left out (ABSENT ON NULL) or written (NULL ON NULL), taken back as the group changes; in a window; LTRIM and RTRIM of given characters (Flink 2.x)
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `k` STRING,
  `v` INT,
  `s` STRING,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `k` STRING,
  `a` STRING,
  `b` STRING,
  `c` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

CREATE TABLE `RESULT_2` (
  `window_start` TIMESTAMP(3),
  `a` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT_2',
  'format' = 'json'
);

CREATE TABLE `RESULT_3` (
  `s` STRING,
  `l` STRING,
  `r` STRING,
  `spaces` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT_3',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `k`, JSON_ARRAYAGG(`v`) AS `a`, JSON_ARRAYAGG(`v` NULL ON NULL) AS `b`, JSON_ARRAYAGG(`s`) AS `c` FROM `t` GROUP BY `k`;

INSERT INTO `RESULT_2`
SELECT `window_start`, JSON_ARRAYAGG(`v`) AS `a` FROM TABLE(TUMBLE(TABLE `t`, DESCRIPTOR(`ts`), INTERVAL '10' SECOND)) GROUP BY `window_start`, `window_end`;

INSERT INTO `RESULT_3`
SELECT `s`, LTRIM(`s`, 'x') AS `l`, RTRIM(`s`, 'yz') AS `r`, LTRIM(`s`) AS `spaces` FROM `t`;

END;

=== JSON_OBJECTAGG: a group's keys and values as one JSON object, keys sorted, NULL values written (NULL ON NULL) or left out (ABSENT ON NULL), nested JSON written in, taken back as the group changes; in a window; JSON_ARRAYAGG of JSON_OBJECT writes objects, not text
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `k` STRING,
  `v` INT,
  `s` STRING,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `k` STRING,
  `o` STRING,
  `a` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

CREATE TABLE `RESULT_2` (
  `window_start` TIMESTAMP(3),
  `o` STRING,
  `a` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT_2',
  'format' = 'json'
);

CREATE TABLE `RESULT_3` (
  `mk` STRING,
  `o` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT_3',
  'format' = 'debezium-json'
);

CREATE TABLE `RESULT_4` (
  `j` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT_4',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `k`, JSON_OBJECTAGG(KEY COALESCE(`s`, 'n') VALUE `v`) AS `o`, JSON_OBJECTAGG(KEY COALESCE(`s`, 'n') VALUE `v` ABSENT ON NULL) AS `a` FROM `t` GROUP BY `k`;

INSERT INTO `RESULT_2`
SELECT `window_start`, JSON_OBJECTAGG(KEY COALESCE(`s`, 'n') VALUE JSON_OBJECT('v' VALUE `v`)) AS `o`, JSON_ARRAYAGG(JSON_OBJECT('s' VALUE `s`)) AS `a` FROM TABLE(TUMBLE(TABLE `t`, DESCRIPTOR(`ts`), INTERVAL '3' SECOND)) GROUP BY `window_start`, `window_end`;

INSERT INTO `RESULT_3`
SELECT `mk`, JSON_OBJECTAGG(KEY `k` VALUE `n`) AS `o` FROM (SELECT 'm' AS `mk`, `k`, COUNT(*) AS `n` FROM `t` GROUP BY `k`) GROUP BY `mk`;

INSERT INTO `RESULT_4`
SELECT JSON_OBJECT('k' || COALESCE(`s`, '') VALUE `v`) AS `j` FROM `t`;

END;

=== JSON_OBJECTAGG: a NULL key or a key twice in a group sends the group's row to error_stream (Flink fails the job)
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `k` STRING,
  `v` INT,
  `s` STRING,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `k` STRING,
  `o` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `k`, JSON_OBJECTAGG(KEY NULLIF(`s`, '') VALUE `v`) AS `o` FROM `t` GROUP BY `k`;

END;

=== PERCENTILE: the values' continuous percentile (linear between the nearest two, to Flink's last digit), NULLs left out, for one percentage or an ARRAY of them; taken back as a group changes; in a window
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `k` STRING,
  `v` INT,
  `d` DOUBLE,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `k` STRING,
  `median` DOUBLE,
  `q1` DOUBLE,
  `tails` ARRAY<DOUBLE>
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

CREATE TABLE `RESULT_2` (
  `window_start` TIMESTAMP(3),
  `p90` DOUBLE,
  `lowest` DOUBLE,
  `highest` DOUBLE
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT_2',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `k`, PERCENTILE(`v`, 0.5) AS `median`, PERCENTILE(`v`, 0.25) AS `q1`, PERCENTILE(`d`, ARRAY[0.1, 0.9]) AS `tails` FROM `t` GROUP BY `k`;

INSERT INTO `RESULT_2`
SELECT `window_start`, PERCENTILE(`v`, 0.9) AS `p90`, PERCENTILE(`v`, 0) AS `lowest`, PERCENTILE(`v`, 1) AS `highest` FROM TABLE(TUMBLE(TABLE `t`, DESCRIPTOR(`ts`), INTERVAL '10' SECOND)) GROUP BY `window_start`, `window_end`;

END;

=== PERCENTILE with a frequency: each value counted that many times, rows whose frequency is NULL or below 1 left out (as Flink's), DISTINCT over (value, frequency) pairs; taken back as a group changes; in a window
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `k` STRING,
  `v` INT,
  `f` BIGINT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `k` STRING,
  `m2` DOUBLE,
  `w` ARRAY<DOUBLE>
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

CREATE TABLE `RESULT_2` (
  `k` STRING,
  `d` DOUBLE
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT_2',
  'format' = 'debezium-json'
);

CREATE TABLE `RESULT_3` (
  `window_start` TIMESTAMP(3),
  `p` DOUBLE
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT_3',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `k`, PERCENTILE(`v`, 0.5, 2) AS `m2`, PERCENTILE(`v`, ARRAY[0.1, 0.5, 0.9], `f`) AS `w` FROM `t` GROUP BY `k`;

INSERT INTO `RESULT_2`
SELECT `k`, PERCENTILE(DISTINCT `v`, 0.5, `f`) AS `d` FROM `t` GROUP BY `k`;

INSERT INTO `RESULT_3`
SELECT `window_start`, PERCENTILE(`v`, 0.3, `f`) AS `p` FROM TABLE(TUMBLE(TABLE `t`, DESCRIPTOR(`ts`), INTERVAL '10' SECOND)) GROUP BY `window_start`, `window_end`;

END;

=== JSON_VALUE's modes and clauses as Flink 2.3 runs them: a path without a mode is strict; RETURNING STRING, BOOLEAN, INT, DOUBLE; NULL, DEFAULT on empty and on error
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `k` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `x1` STRING,
  `x2` INT,
  `x3` BOOLEAN,
  `x4` DOUBLE,
  `x5` DOUBLE,
  `x6` STRING,
  `x7` STRING,
  `x8` STRING,
  `x9` STRING,
  `x10` STRING,
  `x11` STRING,
  `x12` STRING,
  `x13` STRING,
  `x14` STRING,
  `x15` INT,
  `x16` STRING,
  `x17` STRING,
  `x18` STRING,
  `x19` STRING,
  `x20` STRING,
  `x21` STRING,
  `x22` STRING,
  `x23` STRING,
  `x24` STRING,
  `x25` STRING,
  `x26` STRING,
  `x27` STRING,
  `x28` STRING,
  `x29` STRING,
  `x30` STRING,
  `x31` DOUBLE,
  `x32` STRING,
  `x33` STRING,
  `x34` INT,
  `x35` STRING,
  `x36` STRING,
  `x37` STRING,
  `x38` STRING,
  `x39` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT JSON_VALUE('{"a":1}', '$.a') AS `x1`, JSON_VALUE('{"a":1}', '$.a' RETURNING INT) AS `x2`, JSON_VALUE('{"a":true}', '$.a' RETURNING BOOLEAN) AS `x3`, JSON_VALUE('{"a.b":[0.998,0.996]}', '$.["a.b"][1]' RETURNING DOUBLE) AS `x4`, JSON_VALUE('{"a":[0.998,0.996]}', '$.a[1]' RETURNING DOUBLE) AS `x5`, JSON_VALUE('{}', 'lax $.invalid' DEFAULT 'Default' ON EMPTY) AS `x6`, JSON_VALUE('{}', 'strict $.invalid' DEFAULT 'Default' ON ERROR) AS `x7`, JSON_VALUE('{}', 'strict $.invalid' DEFAULT 'Default' ON EMPTY) AS `x8`, JSON_VALUE('{"a":null}', '$.a' DEFAULT 'd' ON EMPTY) AS `x9`, JSON_VALUE('{"a":[1]}', '$.a' DEFAULT 'd' ON EMPTY) AS `x10`, JSON_VALUE('{"a":[1]}', 'strict $.a' DEFAULT 'd' ON ERROR) AS `x11`, JSON_VALUE('{"a":[1]}', 'strict $.a' DEFAULT 'd' ON EMPTY) AS `x12`, JSON_VALUE('not json', '$.a' DEFAULT 'd' ON ERROR) AS `x13`, JSON_VALUE('not json', '$.a') AS `x14`, JSON_VALUE('{"a":1}', '$.b' RETURNING INT DEFAULT 5 ON EMPTY) AS `x15`, JSON_VALUE('{"a":1}', '$.b' NULL ON EMPTY) AS `x16`, JSON_VALUE(CAST(NULL AS STRING), '$.a' DEFAULT 'd' ON EMPTY) AS `x17`, JSON_VALUE('{"a":{"b":2}}', '$.a' RETURNING STRING) AS `x18`, JSON_VALUE('{"a":null}', '$.a' DEFAULT 'd' ON ERROR) AS `x19`, JSON_VALUE('{"a":null}', 'lax $.a' DEFAULT 'd' ON EMPTY) AS `x20`, JSON_VALUE('{"a":null}', 'lax $.a' DEFAULT 'd' ON ERROR) AS `x21`, JSON_VALUE('{"a":[1]}', 'lax $.a' DEFAULT 'd' ON EMPTY) AS `x22`, JSON_VALUE('{"a":[1]}', 'lax $.a' DEFAULT 'd' ON ERROR) AS `x23`, JSON_VALUE('{"a":1}', 'lax $.b' DEFAULT 'd' ON ERROR) AS `x24`, JSON_VALUE('{"a":1}', 'lax $.b' DEFAULT 'd' ON EMPTY) AS `x25`, JSON_VALUE('{"a":1}', '$.b' DEFAULT 'd' ON ERROR) AS `x26`, JSON_VALUE('not json', 'lax $.a' DEFAULT 'd' ON ERROR) AS `x27`, JSON_VALUE('not json', 'lax $.a' DEFAULT 'd' ON EMPTY) AS `x28`, JSON_VALUE('{"a":true}', '$.a') AS `x29`, JSON_VALUE('{"a":12345678901}', '$.a') AS `x30`, JSON_VALUE('{"a":1.5}', '$.a' RETURNING DOUBLE) AS `x31`, JSON_VALUE('{"a":1}', '$.a' RETURNING VARCHAR(3)) AS `x32`, JSON_VALUE('{"a":1}', '$.a' RETURNING STRING) AS `x33`, JSON_VALUE('{"a":1}', '$.a' RETURNING INT NULL ON EMPTY ERROR ON ERROR) AS `x34`, JSON_VALUE('{"a":1}', 'lax $.b' DEFAULT 'x' ON EMPTY DEFAULT 'y' ON ERROR) AS `x35`, JSON_VALUE('{"a":[1,2]}', '$.a[5]' DEFAULT 'y' ON ERROR) AS `x36`, JSON_VALUE('{"a":[1,2]}', 'lax $.a[5]' DEFAULT 'y' ON EMPTY) AS `x37`, JSON_VALUE('{"a":1}', 'LAX $.a') AS `x38`, JSON_VALUE('{"a":1}', '  lax   $.a') AS `x39` FROM `t`;

END;

=== JSON_QUERY's wrappers and its ON EMPTY and ON ERROR clauses, as Flink 2.3 runs them
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `k` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `x1` STRING,
  `x2` STRING,
  `x3` STRING,
  `x4` STRING,
  `x5` STRING,
  `x6` STRING,
  `x7` STRING,
  `x8` STRING,
  `x9` STRING,
  `x10` STRING,
  `x11` STRING,
  `x12` STRING,
  `x13` STRING,
  `x14` STRING,
  `x15` STRING,
  `x16` STRING,
  `x17` STRING,
  `x18` STRING,
  `x19` STRING,
  `x20` STRING,
  `x21` STRING,
  `x22` STRING,
  `x23` STRING,
  `x24` STRING,
  `x25` STRING,
  `x26` STRING,
  `x27` STRING,
  `x28` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT JSON_QUERY('{"a":{"b":1}}', '$.a') AS `x1`, JSON_QUERY('[1, 2]', '$') AS `x2`, JSON_QUERY(CAST(NULL AS STRING), '$') AS `x3`, JSON_QUERY('{"a":1}', '$.a') AS `x4`, JSON_QUERY('{"a":1}', '$.a' WITH WRAPPER) AS `x5`, JSON_QUERY('{"a":[1]}', '$.a' WITH CONDITIONAL WRAPPER) AS `x6`, JSON_QUERY('{"a":[1]}', '$.a' WITH UNCONDITIONAL WRAPPER) AS `x7`, JSON_QUERY('{"a":[1]}', '$.a' WITH UNCONDITIONAL WRAPPER) AS `x8`, JSON_QUERY('{"a":[1]}', '$.a' WITHOUT WRAPPER) AS `x9`, JSON_QUERY('{"a":1}', '$.b' EMPTY ARRAY ON EMPTY) AS `x10`, JSON_QUERY('{"a":1}', '$.b' EMPTY OBJECT ON EMPTY) AS `x11`, JSON_QUERY('{"a":1}', 'strict $.b' EMPTY ARRAY ON ERROR) AS `x12`, JSON_QUERY('{"a":1}', '$.a' EMPTY OBJECT ON ERROR) AS `x13`, JSON_QUERY('{"a":1}', 'lax $.a' EMPTY ARRAY ON EMPTY) AS `x14`, JSON_QUERY('{"a":"x"}', '$.a' WITH WRAPPER) AS `x15`, JSON_QUERY('not json', '$' EMPTY ARRAY ON ERROR) AS `x16`, JSON_QUERY('{"a":null}', '$.a') AS `x17`, JSON_QUERY('{"a":null}', '$.a' WITH WRAPPER) AS `x18`, JSON_QUERY('{"a":null}', '$.a' EMPTY ARRAY ON EMPTY) AS `x19`, JSON_QUERY('{"a":null}', '$.a' EMPTY ARRAY ON ERROR) AS `x20`, JSON_QUERY('{"a":null}', 'lax $.a' EMPTY ARRAY ON EMPTY) AS `x21`, JSON_QUERY('{"a":1}', 'lax $.b' EMPTY ARRAY ON EMPTY) AS `x22`, JSON_QUERY('{"a":1}', 'lax $.b' EMPTY ARRAY ON ERROR) AS `x23`, JSON_QUERY('{"a":1}', 'lax $.a' WITH WRAPPER) AS `x24`, JSON_QUERY('{"a":1}', 'lax $.b' WITH WRAPPER EMPTY OBJECT ON EMPTY) AS `x25`, JSON_QUERY('{"a":1}', '$.b' WITH WRAPPER EMPTY OBJECT ON ERROR) AS `x26`, JSON_QUERY('{"a":{"b":[1,"x",null]}}', '$.a') AS `x27`, JSON_QUERY('{"a":1}', '$' RETURNING STRING) AS `x28` FROM `t`;

END;

=== JSON_QUERY RETURNING ARRAY<STRING>, as Flink 2.3 runs it: the array found, a string element as its text, null as NULL, anything else as its JSON; what is not an array is an error (NULL ON ERROR unless a clause says otherwise)
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `k` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `y1` ARRAY<STRING>,
  `y2` ARRAY<STRING>,
  `y3` ARRAY<STRING>,
  `y4` ARRAY<STRING>,
  `y5` ARRAY<STRING>,
  `y6` ARRAY<STRING>,
  `y7` ARRAY<STRING>,
  `y8` ARRAY<STRING>,
  `y9` ARRAY<STRING>,
  `y10` ARRAY<STRING>,
  `y11` ARRAY<STRING>,
  `y12` ARRAY<STRING>,
  `y13` INT,
  `y14` STRING,
  `y15` BOOLEAN,
  `y16` ARRAY<STRING>,
  `y17` ARRAY<STRING>,
  `y18` ARRAY<STRING>,
  `y19` ARRAY<STRING>
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT JSON_QUERY(`k`, '$.a' RETURNING ARRAY<STRING>) AS `y1`, JSON_QUERY(`k`, '$.e' RETURNING ARRAY<STRING>) AS `y2`, JSON_QUERY(`k`, '$.o' RETURNING ARRAY<STRING>) AS `y3`, JSON_QUERY(`k`, '$.s' RETURNING ARRAY<STRING>) AS `y4`, JSON_QUERY(`k`, '$.s' RETURNING ARRAY<STRING> WITH WRAPPER) AS `y5`, JSON_QUERY(`k`, '$.n' RETURNING ARRAY<STRING> WITH CONDITIONAL WRAPPER) AS `y6`, JSON_QUERY(`k`, '$.a' RETURNING ARRAY<STRING> WITH CONDITIONAL WRAPPER) AS `y7`, JSON_QUERY(`k`, '$.zz' RETURNING ARRAY<STRING> EMPTY ARRAY ON EMPTY) AS `y8`, JSON_QUERY(`k`, 'strict $.zz' RETURNING ARRAY<STRING> EMPTY ARRAY ON ERROR) AS `y9`, JSON_QUERY(`k`, '$.o' RETURNING ARRAY<STRING> EMPTY ARRAY ON ERROR) AS `y10`, JSON_QUERY(CAST(NULL AS STRING), '$' RETURNING ARRAY<STRING>) AS `y11`, JSON_QUERY(`k`, '$.a[1]' RETURNING ARRAY<STRING> WITH WRAPPER) AS `y12`, CARDINALITY(JSON_QUERY(`k`, '$.a' RETURNING ARRAY<STRING>)) AS `y13`, JSON_QUERY(`k`, '$.a' RETURNING ARRAY<STRING>)[3] AS `y14`, JSON_QUERY(`k`, '$.a' RETURNING ARRAY<STRING>)[4] IS NULL AS `y15`, JSON_QUERY('[1,2', '$' RETURNING ARRAY<STRING> EMPTY ARRAY ON ERROR) AS `y16`, JSON_QUERY(`k`, '$.e' RETURNING ARRAY<STRING> WITH WRAPPER) AS `y17`, JSON_QUERY(`k`, 'lax $.zz' RETURNING ARRAY<STRING> EMPTY ARRAY ON EMPTY EMPTY ARRAY ON ERROR) AS `y18`, JSON_QUERY(`k`, '$.t' RETURNING ARRAY<STRING>) AS `y19` FROM `t`;

END;

=== JSON_EXISTS and its ON ERROR clause, as Flink 2.3 runs it (a JSON null is not there)
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `k` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `x1` BOOLEAN,
  `x2` BOOLEAN,
  `x3` BOOLEAN,
  `x4` BOOLEAN,
  `x5` BOOLEAN,
  `x6` BOOLEAN,
  `x7` BOOLEAN,
  `x8` BOOLEAN,
  `x9` BOOLEAN,
  `x10` BOOLEAN,
  `x11` BOOLEAN,
  `x12` BOOLEAN,
  `x13` BOOLEAN
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT JSON_EXISTS('{"a":true}', '$.a') AS `x1`, JSON_EXISTS('{"a":true}', '$.b') AS `x2`, JSON_EXISTS('{"a":[{"b":1}]}', '$.a[0].b') AS `x3`, JSON_EXISTS('{"a":true}', 'strict $.b' TRUE ON ERROR) AS `x4`, JSON_EXISTS('{"a":true}', 'strict $.b' FALSE ON ERROR) AS `x5`, JSON_EXISTS('{"a":true}', 'strict $.b' UNKNOWN ON ERROR) AS `x6`, JSON_EXISTS('not json', '$.a' TRUE ON ERROR) AS `x7`, JSON_EXISTS('not json', '$.a') AS `x8`, JSON_EXISTS('{"a":null}', '$.a') AS `x9`, JSON_EXISTS('{"a":null}', 'lax $.a') AS `x10`, JSON_EXISTS('{"a":true}', 'lax $.b' TRUE ON ERROR) AS `x11`, JSON_EXISTS('not json', 'lax $.a' TRUE ON ERROR) AS `x12`, JSON_EXISTS(CAST(NULL AS STRING), '$.a') AS `x13` FROM `t`;

END;

=== IS [NOT] JSON [VALUE | SCALAR | ARRAY | OBJECT], as Flink 2.3 tests text
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `k` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `x1` BOOLEAN,
  `x2` BOOLEAN,
  `x3` BOOLEAN,
  `x4` BOOLEAN,
  `x5` BOOLEAN,
  `x6` BOOLEAN,
  `x7` BOOLEAN,
  `x8` BOOLEAN,
  `x9` BOOLEAN,
  `x10` BOOLEAN,
  `x11` BOOLEAN,
  `x12` BOOLEAN,
  `x13` BOOLEAN,
  `x14` BOOLEAN,
  `x15` BOOLEAN,
  `x16` BOOLEAN,
  `x17` BOOLEAN,
  `x18` BOOLEAN,
  `x19` BOOLEAN,
  `x20` BOOLEAN,
  `x21` BOOLEAN
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT '1' IS JSON AS `x1`, '[]' IS JSON AS `x2`, '{}' IS JSON AS `x3`, '"abc"' IS JSON AS `x4`, 'abc' IS JSON AS `x5`, CAST(NULL AS STRING) IS JSON AS `x6`, '1' IS JSON SCALAR AS `x7`, '1' IS JSON VALUE AS `x8`, '1' IS JSON OBJECT AS `x9`, '{}' IS JSON OBJECT AS `x10`, '{}' IS NOT JSON OBJECT AS `x11`, '[]' IS JSON ARRAY AS `x12`, '{}' IS JSON ARRAY AS `x13`, '{}' IS JSON SCALAR AS `x14`, 'abc' IS NOT JSON AS `x15`, ' 1 ' IS JSON AS `x16`, '{"a":1,}' IS JSON AS `x17`, 'nul' IS JSON AS `x18`, 'null' IS JSON SCALAR AS `x19`, '"x"' IS JSON SCALAR AS `x20`, '[1] 2' IS JSON AS `x21` FROM `t`;

END;

=== a JSON function's ERROR ON EMPTY or ON ERROR, and a value its RETURNING type does not take, fail the row (Flink's job fails): it goes to error_stream
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `j` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `a` INT,
  `b` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT JSON_VALUE(`j`, '$.a' RETURNING INT DEFAULT -1 ON ERROR) AS `a`, JSON_QUERY(`j`, 'lax $.b' ERROR ON EMPTY) AS `b` FROM `t`;

END;

=== JSON_VALUE and JSON_QUERY write numbers as Flink's Java does (1.50 stays 1.50, 1e2 is 1E+2), and JSON_QUERY a key given twice once, with its last value
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `k` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `x1` STRING,
  `x2` STRING,
  `x3` STRING,
  `x4` STRING,
  `x5` STRING,
  `x6` STRING,
  `x7` STRING,
  `x8` STRING,
  `x9` STRING,
  `x10` STRING,
  `x11` STRING,
  `x12` STRING,
  `x13` STRING,
  `x14` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT JSON_VALUE('{"a":1.50}', '$.a') AS `x1`, JSON_VALUE('{"a":1e2}', '$.a') AS `x2`, JSON_VALUE('{"a":0.0000001}', '$.a') AS `x3`, JSON_VALUE('{"a":1.0E10}', '$.a') AS `x4`, JSON_VALUE('{"a":-0.0}', '$.a') AS `x5`, JSON_VALUE('{"a":-0}', '$.a') AS `x6`, JSON_VALUE('{"a":123.456e1}', '$.a') AS `x7`, JSON_VALUE('{"a":0.000001}', '$.a') AS `x8`, JSON_VALUE('{"a":99999999999999999999}', '$.a') AS `x9`, JSON_VALUE('{"a":"x\ty"}', '$.a') AS `x10`, JSON_QUERY('{ "a" : { "b" : 1.50, "c" : "x  y" } }', '$.a') AS `x11`, JSON_QUERY('{"a":[1e2, 2]}', '$.a') AS `x12`, JSON_QUERY('{"a":{"k":1,"k":2}}', '$.a') AS `x13`, JSON_VALUE('{"a":{"k":1,"k":2}}', '$.a.k') AS `x14` FROM `t`;

END;

