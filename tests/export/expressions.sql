=== CASE, IN, BETWEEN, LIKE, SIMILAR TO in a filtering pump
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

CREATE TABLE `OUT` (
  `ROWTIME` TIMESTAMP(3),
  `CITY` VARCHAR(16),
  `TEMP` INT,
  `BAND` VARCHAR(8),
  `COASTAL` BOOLEAN
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/OUT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `OUT`
SELECT `WEATHERSTREAM`.`ROWTIME` AS `ROWTIME`,
  CAST(`CITY` AS VARCHAR(16)) AS `CITY`,
  CAST(`TEMP` AS INT) AS `TEMP`,
  CAST(CASE WHEN `TEMP` < 10 THEN 'cold' WHEN `TEMP` BETWEEN 10 AND 49 THEN 'mild' ELSE 'hot' END AS VARCHAR(8)) AS `BAND`,
  CAST(`CITY` IN ('Miami', 'Anchorage') AS BOOLEAN) AS `COASTAL` FROM `WEATHERSTREAM` WHERE `CITY` LIKE '%a%' AND `CITY` NOT SIMILAR TO '(Den|Bos)%' AND `TEMP` NOT IN (2, 3);

END;

=== simple CASE, COALESCE, UPPER, LOWER, CHAR_LENGTH, ABS
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
  `U` STRING,
  `L` STRING,
  `N` INT,
  `D` BIGINT,
  `STATE` STRING,
  `FEEL` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `WEATHERSTREAM`.`ROWTIME` AS `ROWTIME`,
  CAST(UPPER(`CITY`) AS STRING) AS `U`,
  CAST(LOWER(`CITY`) AS STRING) AS `L`,
  CAST(CHAR_LENGTH(`CITY`) AS INT) AS `N`,
  CAST(ABS(`TEMP` - 40) AS BIGINT) AS `D`,
  CAST(CASE `CITY` WHEN 'Denver' THEN 'CO' WHEN 'Miami' THEN 'FL' END AS STRING) AS `STATE`,
  CAST(COALESCE(CASE WHEN `TEMP` > 60 THEN 'warm' END, 'not warm') AS STRING) AS `FEEL` FROM `WEATHERSTREAM` WHERE `ROWTIME` < TIMESTAMP '2018-11-01 10:00:00';

END;

=== time functions: CEIL, EXTRACT, TSDIFF, UNIX_TIMESTAMP, CHAR_TO_TIMESTAMP, TIMESTAMP_TO_CHAR
-- refused: cannot export to Flink: Flink SQL has no TSDIFF at line 2, column 8

=== division by zero sends that row to error_stream and the others on
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

-- kdalite note: `S`: ROWTIME is the event-time attribute, its watermark a millisecond behind it (KDA's rows arrive in ROWTIME order, several at one ROWTIME)
CREATE TABLE `S` (
  `ROWTIME` TIMESTAMP(3),
  `CITY` VARCHAR(16),
  `TEMP` INT,
  `DIVISOR` INT,
  WATERMARK FOR `ROWTIME` AS `ROWTIME` - INTERVAL '0.001' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/S.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `ROWTIME` TIMESTAMP(3),
  `CITY` STRING,
  `Q` INT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `S`.`ROWTIME` AS `ROWTIME`,
  CAST(`CITY` AS STRING) AS `CITY`,
  CAST(`TEMP` / `DIVISOR` AS INT) AS `Q` FROM `S`;

END;

=== DATE and TIME columns, Flink's TO_TIMESTAMP_LTZ and TO_TIMESTAMP
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `E` (
  `ms` BIGINT,
  `d` DATE,
  `t` TIME,
  `s` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/E.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `ts_ms` TIMESTAMP(3),
  `ts_s` TIMESTAMP(3),
  `d` DATE,
  `t` TIME(3),
  `sd` DATE,
  `parsed` TIMESTAMP(3)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT CAST(`ts_ms` AS TIMESTAMP(3)) AS `ts_ms`, CAST(`ts_s` AS TIMESTAMP(3)) AS `ts_s`, `d`, `t`, `sd`, CAST(`parsed` AS TIMESTAMP(3)) AS `parsed` FROM (
SELECT TO_TIMESTAMP_LTZ(`ms`, 3) AS `ts_ms`, TO_TIMESTAMP_LTZ(`ms` / 1000, 0) AS `ts_s`, `d`, `t`, CAST(TO_TIMESTAMP(`s`) AS DATE) AS `sd`, TO_TIMESTAMP('15/04/2020 08:05', 'dd/MM/yyyy HH:mm') AS `parsed` FROM `E` WHERE `d` >= DATE '2020-01-01'
) AS `q`(`ts_ms`, `ts_s`, `d`, `t`, `sd`, `parsed`);

END;

=== DECIMAL arithmetic is exact, typed as Flink types it
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `price` DECIMAL(10,2),
  `q` INT
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `a` DECIMAL(21, 2),
  `b` DECIMAL(11, 2),
  `c` DECIMAL(21, 13),
  `d` DECIMAL(13, 3),
  `e` DECIMAL(10, 2),
  `f` DECIMAL(13, 1),
  `g` DECIMAL(21, 13),
  `h` DECIMAL(3, 1)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `price` * 2 AS `a`, `price` + 1.5 AS `b`, `price` / 3 AS `c`, `price` * 1.1 AS `d`, `price` % 3 AS `e`, `q` * 0.5 AS `f`, `price` / `q` AS `g`, 0.1 + 0.2 AS `h` FROM `t`;

END;

=== IS [NOT] DISTINCT FROM (NULL equals NULL), IS [NOT] TRUE, FALSE and UNKNOWN, and CAST to VARCHAR(n), which keeps n characters
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `s` STRING,
  `a` INT,
  `b` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `d` BOOLEAN,
  `nd` BOOLEAN,
  `t_` BOOLEAN,
  `nt` BOOLEAN,
  `f` BOOLEAN,
  `nf` BOOLEAN,
  `u` BOOLEAN,
  `nu` BOOLEAN,
  `v3` STRING,
  `v1` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `a` IS DISTINCT FROM `b` AS `d`, `a` IS NOT DISTINCT FROM `b` AS `nd`, (`a` > `b`) IS TRUE AS `t_`, (`a` > `b`) IS NOT TRUE AS `nt`, (`a` > `b`) IS FALSE AS `f`, (`a` > `b`) IS NOT FALSE AS `nf`, (`a` > `b`) IS UNKNOWN AS `u`, (`a` > `b`) IS NOT UNKNOWN AS `nu`, CAST(`s` AS VARCHAR(3)) AS `v3`, CAST(`a` AS VARCHAR(1)) AS `v1` FROM `t`;

END;

=== CAST to text as Flink and KDA print it: a BOOLEAN 'TRUE' or 'FALSE', a DOUBLE or FLOAT as Java writes it ('1.0E7', '1.0E-5'), a TIMESTAMP as every output writes it (arrow's own casts gave 'false', '10000000.0' and '2024-05-06T07:08:09'); identical on Flink 2.3
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
  `tb` STRING,
  `big` STRING,
  `third` STRING,
  `tiny` STRING,
  `r` STRING,
  `t_` STRING,
  `c` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT CAST(`n` > 1 AS STRING) AS `b`, TRY_CAST(`n` < 1 AS STRING) AS `tb`, CAST(CAST(`n` AS DOUBLE) * 1e7 AS STRING) AS `big`, CAST(CAST(`n` AS DOUBLE) / 3 AS STRING) AS `third`, CAST(CAST(`n` AS DOUBLE) * 1e-5 AS STRING) AS `tiny`, CAST(CAST(`n` AS FLOAT) / 4 AS STRING) AS `r`, CAST(`ts` AS STRING) AS `t_`, CONCAT('at ', CAST(`ts` AS STRING)) AS `c` FROM `t`;

END;

=== a WHERE below a select list: rows the WHERE drops are never computed (10 / v for v = 0 would go to error_stream), and a select list of columns and fields keeps the rows it picks, NULL fields too
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `v` INT,
  `r` ROW<`a` INT, `b` STRING>,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `tenth` INT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

CREATE TABLE `RESULT_2` (
  `b` STRING,
  `v` INT,
  `x` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT_2',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT 10 / `v` AS `tenth` FROM `t` WHERE `v` <> 0;

INSERT INTO `RESULT_2`
SELECT `r`.`b` AS `b`, `v`, 'x' AS `x` FROM `t` WHERE `v` > 0;

END;

=== BETWEEN SYMMETRIC takes its bounds either way round, NOT BETWEEN SYMMETRIC too, and BETWEEN ASYMMETRIC is BETWEEN: row for row as Flink 2.3 gives them (NULLs included)
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `v` (
  `a` INT,
  `b` INT,
  `s` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/v.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `a` INT,
  `b` INT,
  `x` BOOLEAN,
  `y` BOOLEAN,
  `z` BOOLEAN,
  `w` BOOLEAN
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `a`, `b`, `a` BETWEEN SYMMETRIC 3 AND 1 AS `x`, `a` NOT BETWEEN SYMMETRIC `b` AND 2 AS `y`, `a` BETWEEN 3 AND 1 AS `z`, `a` BETWEEN SYMMETRIC (CASE WHEN `b` > 1 AND `b` < 3 THEN 5 ELSE 0 END) AND 1 AS `w` FROM `v`;

END;

