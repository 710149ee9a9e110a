=== ARRAY[…], a[i] (from 1, NULL past the end), CARDINALITY, = and <>, CAST to STRING as Flink prints an array
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `k` INT,
  `a` ARRAY<INT>,
  `s` ARRAY<STRING>,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `k` INT,
  `a` ARRAY<INT>,
  `first_` INT,
  `third` INT,
  `s2` STRING,
  `n` INT,
  `made` ARRAY<INT>,
  `widened` ARRAY<DOUBLE>,
  `eq` BOOLEAN,
  `ne` BOOLEAN,
  `txt` STRING,
  `stxt` STRING,
  `nested` ARRAY<ARRAY<STRING>>
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `k`, `a`, `a`[1] AS `first_`, `a`[3] AS `third`, `s`[2] AS `s2`, CARDINALITY(`a`) AS `n`, ARRAY[`k`, `k` * 10] AS `made`, ARRAY[`k`, 2.5] AS `widened`, `a` = ARRAY[1, 2] AS `eq`, `a` <> ARRAY[1, 2] AS `ne`, CAST(`a` AS STRING) AS `txt`, CAST(`s` AS STRING) AS `stxt`, ARRAY[`s`, ARRAY['z']] AS `nested` FROM `t`;

END;

=== the array functions, as Flink's function reference and Flink 2.3 give them
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `k` INT,
  `a` ARRAY<INT>,
  `s` ARRAY<STRING>,
  `line` STRING,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `k` INT,
  `has2` BOOLEAN,
  `has_null` BOOLEAN,
  `pos5` INT,
  `joined` STRING,
  `joined_nulls` STRING,
  `slice23` ARRAY<INT>,
  `last2` ARRAY<INT>,
  `first2` ARRAY<INT>,
  `none_` ARRAY<INT>,
  `removed` ARRAY<INT>,
  `distinct_` ARRAY<INT>,
  `reversed` ARRAY<INT>,
  `concat_` ARRAY<INT>,
  `max_` INT,
  `min_` INT,
  `sorted` ARRAY<INT>,
  `desc_` ARRAY<INT>,
  `nulls_last` ARRAY<INT>,
  `appended` ARRAY<INT>,
  `prepended` ARRAY<INT>,
  `union_` ARRAY<INT>,
  `intersect_` ARRAY<INT>,
  `except_` ARRAY<INT>,
  `pieces` ARRAY<STRING>,
  `chars` ARRAY<STRING>,
  `one` INT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `k`, ARRAY_CONTAINS(`a`, 2) AS `has2`, ARRAY_CONTAINS(`a`, CAST(NULL AS INT)) AS `has_null`, ARRAY_POSITION(`a`, 5) AS `pos5`, ARRAY_JOIN(`s`, ',') AS `joined`, ARRAY_JOIN(`s`, ',', '?') AS `joined_nulls`, ARRAY_SLICE(`a`, 2, 3) AS `slice23`, ARRAY_SLICE(`a`, -2) AS `last2`, ARRAY_SLICE(`a`, 0, 2) AS `first2`, ARRAY_SLICE(`a`, 3, 1) AS `none_`, ARRAY_REMOVE(`a`, 2) AS `removed`, ARRAY_DISTINCT(`a`) AS `distinct_`, ARRAY_REVERSE(`a`) AS `reversed`, ARRAY_CONCAT(`a`, ARRAY[9], `a`) AS `concat_`, ARRAY_MAX(`a`) AS `max_`, ARRAY_MIN(`a`) AS `min_`, ARRAY_SORT(`a`) AS `sorted`, ARRAY_SORT(`a`, false) AS `desc_`, ARRAY_SORT(`a`, true, false) AS `nulls_last`, ARRAY_APPEND(`a`, `k`) AS `appended`, ARRAY_PREPEND(`a`, `k`) AS `prepended`, ARRAY_UNION(`a`, ARRAY[2, 7]) AS `union_`, ARRAY_INTERSECT(`a`, ARRAY[2, 7]) AS `intersect_`, ARRAY_EXCEPT(`a`, ARRAY[2, 7]) AS `except_`, SPLIT(`line`, ',') AS `pieces`, SPLIT(`line`, '') AS `chars`, ELEMENT(ARRAY_SLICE(`a`, 1, 1)) AS `one` FROM `t`;

END;

=== an array element of the wrong type sends its row to error_stream, as does ELEMENT of two elements
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `k` INT,
  `a` ARRAY<INT>,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `k` INT,
  `e` INT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `k`, ELEMENT(`a`) AS `e` FROM `t`;

END;

=== CROSS JOIN UNNEST gives a row per element (WITH ORDINALITY, its number); LEFT JOIN UNNEST … ON TRUE keeps a row whose array is empty or NULL
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `k` INT,
  `a` ARRAY<STRING>,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `k` INT,
  `x` STRING,
  `n` INT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

CREATE TABLE `RESULT_2` (
  `k` INT,
  `x` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT_2',
  'format' = 'json'
);

CREATE TABLE `RESULT_3` (
  `k` INT,
  `x` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT_3',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `k`, `x`, `n` FROM `t` CROSS JOIN UNNEST(`a`) WITH ORDINALITY AS `u` (`x`, `n`);

INSERT INTO `RESULT_2`
SELECT `k`, `x` FROM `t` LEFT JOIN UNNEST(`t`.`a`) AS `u` (`x`) ON true;

INSERT INTO `RESULT_3`
SELECT `k`, `x` FROM `t`, UNNEST(`a`) AS `u` (`x`) WHERE `x` <> 'b';

END;

=== UNNEST of an array of ROWs gives the ROW's fields as columns; the rows keep their event time, so a window can follow
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `orders` (
  `id` INT,
  `lines` ARRAY<ROW<`sku` STRING, `qty` INT>>,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/orders.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `id` INT,
  `sku` STRING,
  `qty` INT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

CREATE TABLE `RESULT_2` (
  `window_start` TIMESTAMP(3),
  `window_end` TIMESTAMP(3),
  `sku` STRING,
  `qty` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT_2',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `o`.`id`, `l`.`sku`, `l`.`qty` FROM `orders` AS `o` CROSS JOIN UNNEST(`o`.`lines`) AS `l`;

INSERT INTO `RESULT_2`
SELECT CAST(`window_start` AS TIMESTAMP(3)) AS `window_start`, CAST(`window_end` AS TIMESTAMP(3)) AS `window_end`, `sku`, `qty` FROM (
SELECT `window_start`, `window_end`, `sku`, SUM(`qty`) AS `qty` FROM TABLE(TUMBLE(TABLE `orders`, DESCRIPTOR(`ts`), INTERVAL '10' SECOND)) CROSS JOIN UNNEST(`lines`) AS `l` (`sku`, `qty`) GROUP BY `window_start`, `window_end`, `sku`
) AS `q`(`window_start`, `window_end`, `sku`, `qty`);

END;

=== ARRAY_AGG over an updating GROUP BY: the values in arrival order, NULLs kept unless IGNORE NULLS, DISTINCT each once
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `k` STRING,
  `v` STRING,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `k` STRING,
  `vs` ARRAY<STRING>,
  `non_null` ARRAY<STRING>,
  `distinct_vs` ARRAY<STRING>
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `k`, ARRAY_AGG(`v`) AS `vs`, ARRAY_AGG(`v` IGNORE NULLS) AS `non_null`, ARRAY_AGG(DISTINCT `v`) AS `distinct_vs` FROM (SELECT `k`, NULLIF(`v`, '') AS `v` FROM `t`) GROUP BY `k`;

END;

=== ARRAY_AGG with FILTER leaves out the rows the filter does, and keeps a NULL value it takes (Flink 2.3 gives the same for the rows without NULLs; it fails on a NULL element); JSON_ARRAYAGG and JSON_OBJECTAGG with FILTER, which kdalite runs and Flink's parser does not take
-- refused: cannot export to Flink: Flink's parser takes no FILTER or OVER after JSON_ARRAYAGG at line 4, column 11

=== ARRAY_AGG in a window: each window's values once it fires
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

CREATE TABLE `RESULT` (
  `k` STRING,
  `window_start` TIMESTAMP(3),
  `vs` ARRAY<INT>
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `k`, `window_start`, ARRAY_AGG(`v`) AS `vs` FROM TABLE(TUMBLE(TABLE `t`, DESCRIPTOR(`ts`), INTERVAL '10' SECOND)) GROUP BY `k`, `window_start`, `window_end`;

END;

=== arrays of ROWs: ARRAY_AGG of a ROW, its elements' fields read as a[i].field
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

CREATE TABLE `RESULT` (
  `k` STRING,
  `pairs` ARRAY<ROW<`EXPR$0` INT, `EXPR$1` TIMESTAMP(3)>>,
  `first_v` INT,
  `n` INT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

CREATE VIEW `g` AS
SELECT `k`, ARRAY_AGG(ROW(`v`, `ts`)) AS `pairs` FROM `t` GROUP BY `k`;

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `k`, `pairs`, `pairs`[1].`EXPR$0` AS `first_v`, CARDINALITY(ARRAY_REVERSE(`pairs`)) AS `n` FROM `g`;

END;

