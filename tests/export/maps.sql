=== MAP<STRING, INT> columns: m[k] (NULL when absent), CARDINALITY, CAST to STRING as Flink prints a map, MAP_KEYS, MAP_VALUES, MAP_ENTRIES; a map is written as a JSON object
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `k` INT,
  `m` MAP<STRING, INT>,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `k` INT,
  `m` MAP<STRING, INT>,
  `x` INT,
  `nope` INT,
  `n` INT,
  `txt` STRING,
  `ks` ARRAY<STRING>,
  `vs` ARRAY<INT>,
  `es` ARRAY<ROW<`key` STRING, `value` INT>>,
  `first_key` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `k`, `m`, `m`['x'] AS `x`, `m`['nope'] AS `nope`, CARDINALITY(`m`) AS `n`, CAST(`m` AS STRING) AS `txt`, MAP_KEYS(`m`) AS `ks`, MAP_VALUES(`m`) AS `vs`, MAP_ENTRIES(`m`) AS `es`, MAP_ENTRIES(`m`)[1].`key` AS `first_key` FROM `t`;

END;

=== MAP[…] (a repeated key keeps its first place and its last value), = and <> whatever the order, MAP_UNION (the last map's entries first, as Flink orders them), MAP_FROM_ARRAYS, integer keys
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `k` INT,
  `m` MAP<STRING, INT>,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `k` INT,
  `made` MAP<STRING, INT>,
  `repeated` STRING,
  `eq` BOOLEAN,
  `eq_any_order` BOOLEAN,
  `ne` BOOLEAN,
  `union_` STRING,
  `union3` STRING,
  `from_arrays` STRING,
  `by_int` STRING,
  `widened` MAP<STRING, DOUBLE>
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `k`, MAP['a', `k`, 'b', `k` * 10] AS `made`, CAST(MAP['b', 1, 'a', 2, 'b', 3] AS STRING) AS `repeated`, `m` = MAP['x', 1, 'y', 2] AS `eq`, `m` = MAP['y', 2, 'x', 1] AS `eq_any_order`, `m` <> MAP['x', 1] AS `ne`, CAST(MAP_UNION(`m`, MAP['x', 100]) AS STRING) AS `union_`, CAST(MAP_UNION(MAP['a', 1, 'b', 2], MAP['c', 3], MAP['b', 9, 'd', 4]) AS STRING) AS `union3`, CAST(MAP_FROM_ARRAYS(ARRAY['p', 'q'], ARRAY[`k`, `k` + 1]) AS STRING) AS `from_arrays`, MAP[`k`, 'v', 20, 'w'][20] AS `by_int`, MAP['a', 1, 'b', 2.5] AS `widened` FROM `t`;

END;

=== STR_TO_MAP: ',' and '=' by default, separators as regular expressions, a pair without '=' a NULL value, '' an empty map, entries in the order of the Java HashMap Flink makes (sized for the pairs)
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
  `m` STRING,
  `b` STRING,
  `piped` STRING,
  `dots` STRING,
  `once` INT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `k`, CAST(STR_TO_MAP(`s`) AS STRING) AS `m`, STR_TO_MAP(`s`)['b'] AS `b`, CAST(STR_TO_MAP('a=1=2|b=3', '\|', '=') AS STRING) AS `piped`, CAST(STR_TO_MAP('a=1', '.', '=') AS STRING) AS `dots`, CARDINALITY(STR_TO_MAP('a=1,a=2')) AS `once` FROM `t`;

END;

=== a map that does not read, a NULL key and arrays of two lengths send their rows to error_stream; GROUP BY a map groups equal maps
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `k` INT,
  `m` MAP<STRING, INT>,
  `ks` ARRAY<STRING>,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `k` INT,
  `m2` MAP<STRING, INT>
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

CREATE TABLE `RESULT_2` (
  `m` STRING,
  `n` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT_2',
  'format' = 'debezium-json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `k`, MAP_FROM_ARRAYS(`ks`, ARRAY[1, 2]) AS `m2` FROM `t`;

INSERT INTO `RESULT_2`
SELECT CAST(`m` AS STRING) AS `m`, COUNT(*) AS `n` FROM `t` GROUP BY `m`;

END;

