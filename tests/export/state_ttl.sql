=== a group left alone for the TTL starts again with +I; with a TTL an unchanged result still sends -U and +U, as Flink's GroupAggFunction does
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';
SET 'table.exec.state.ttl' = '10 s';

-- kdalite approximate (line 1, column 5): Flink expires state by the wall clock, where kdalite expired it by the rows' arrival (ROWTIME): a job that reads files in moments expires nothing that kdalite did
CREATE TABLE `t` (
  `k` STRING,
  `v` INT,
  `ts` TIMESTAMP(3)
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `k` STRING,
  `top` INT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `k`, MAX(`v`) AS `top` FROM `t` GROUP BY `k`;

END;

=== DISTINCT with a TTL: a repeated row sends -U and +U of itself, and a row unseen for the TTL comes again as +I
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';
SET 'table.exec.state.ttl' = '10 s';

-- kdalite approximate (line 1, column 5): Flink expires state by the wall clock, where kdalite expired it by the rows' arrival (ROWTIME): a job that reads files in moments expires nothing that kdalite did
CREATE TABLE `t` (
  `k` STRING,
  `ts` TIMESTAMP(3)
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `k` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT DISTINCT `k` FROM `t`;

END;

=== an aggregate of an aggregate: an expired group's new +I comes without a retraction of its old row, so the count downstream runs ahead, as Flink's does
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';
SET 'table.exec.state.ttl' = '10 s';

-- kdalite approximate (line 1, column 5): Flink expires state by the wall clock, where kdalite expired it by the rows' arrival (ROWTIME): a job that reads files in moments expires nothing that kdalite did
CREATE TABLE `t` (
  `k` STRING,
  `ts` TIMESTAMP(3)
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `n` BIGINT,
  `keys` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

CREATE VIEW `c` AS
SELECT `k`, COUNT(*) AS `n` FROM `t` GROUP BY `k`;

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `n`, COUNT(*) AS `keys` FROM `c` GROUP BY `n`;

END;

=== a LEFT JOIN with a TTL: a kept row is gone a TTL after its last write (its arrival, or a change in its matches), and a row that finds only expired rows comes out padded
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';
SET 'table.exec.state.ttl' = '10 s';

-- kdalite approximate (line 1, column 5): Flink expires state by the wall clock, where kdalite expired it by the rows' arrival (ROWTIME): a job that reads files in moments expires nothing that kdalite did
CREATE TABLE `o` (
  `id` INT,
  `item` STRING,
  `ts` TIMESTAMP(3)
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/o.jsonl',
  'format' = 'json'
);

CREATE TABLE `s` (
  `id` INT,
  `carrier` STRING,
  `ts` TIMESTAMP(3)
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/s.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `id` INT,
  `item` STRING,
  `carrier` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `o`.`id`, `o`.`item`, `s`.`carrier` FROM `o` LEFT JOIN `s` ON `o`.`id` = `s`.`id`;

END;

=== deduplication keeping the first row by processing time: the partition's row expires a TTL after it was kept, and the next row is first again
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';
SET 'table.exec.state.ttl' = '10 s';

-- kdalite approximate (line 1, column 5): Flink expires state by the wall clock, where kdalite expired it by the rows' arrival (ROWTIME): a job that reads files in moments expires nothing that kdalite did
CREATE TABLE `t` (
  `k` STRING,
  `v` INT,
  `pt` AS PROCTIME()
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `k` STRING,
  `v` INT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `k`, `v` FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY `k` ORDER BY `pt`) AS `rn` FROM `t`) WHERE `rn` = 1;

END;

=== deduplication keeping the last row: each row replaces the kept one (-U, +U) and writes it again; after a TTL without rows the next is +I
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';
SET 'table.exec.state.ttl' = '10 s';

-- kdalite approximate (line 1, column 5): Flink expires state by the wall clock, where kdalite expired it by the rows' arrival (ROWTIME): a job that reads files in moments expires nothing that kdalite did
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
  `v` INT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `k`, `v` FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY `k` ORDER BY `ts` DESC) AS `rn` FROM `t`) WHERE `rn` = 1;

END;

=== EXPLAIN says how long the state lives
-- refused: cannot export to Flink: the application writes nothing (only EXPLAIN, or no query)

=== window aggregates keep their windows by time and take no TTL, as Flink's
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';
SET 'table.exec.state.ttl' = '1 s';

-- kdalite approximate (line 1, column 5): Flink expires state by the wall clock, where kdalite expired it by the rows' arrival (ROWTIME): a job that reads files in moments expires nothing that kdalite did
CREATE TABLE `t` (
  `k` STRING,
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
  `n` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `window_start`, `k`, COUNT(*) AS `n` FROM TABLE(TUMBLE(TABLE `t`, DESCRIPTOR(`ts`), INTERVAL '10' SECOND)) GROUP BY `window_start`, `window_end`, `k`;

END;

=== a STATE_TTL hint gives a join's sides their own TTLs: here only the shipments expire, and the orders are kept whole
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

-- kdalite approximate: Flink expires state by the wall clock, where kdalite expired it by the rows' arrival (ROWTIME): a job that reads files in moments expires nothing that kdalite did
CREATE TABLE `o` (
  `id` INT,
  `item` STRING,
  `ts` TIMESTAMP(3)
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/o.jsonl',
  'format' = 'json'
);

CREATE TABLE `s` (
  `id` INT,
  `carrier` STRING,
  `ts` TIMESTAMP(3)
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/s.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `id` INT,
  `item` STRING,
  `carrier` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT /*+ STATE_TTL('s' = '10 s') */ `o`.`id`, `o`.`item`, `s`.`carrier` FROM `o` LEFT JOIN `s` ON `o`.`id` = `s`.`id`;

END;

=== a STATE_TTL hint on a GROUP BY names its input (table or alias) and goes over SET 'table.exec.state.ttl'
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';
SET 'table.exec.state.ttl' = '1 s';

-- kdalite approximate (line 1, column 5): Flink expires state by the wall clock, where kdalite expired it by the rows' arrival (ROWTIME): a job that reads files in moments expires nothing that kdalite did
CREATE TABLE `t` (
  `k` STRING,
  `v` INT,
  `ts` TIMESTAMP(3)
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `k` STRING,
  `top` INT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT /*+ STATE_TTL('x' = '10 s') */ `k`, MAX(`v`) AS `top` FROM `t` AS `x` GROUP BY `k`;

END;

=== a STATE_TTL hint belongs to its select: the outer aggregate takes the SET's TTL, the inner one the hint's
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';
SET 'table.exec.state.ttl' = '10 s';

-- kdalite approximate (line 1, column 5): Flink expires state by the wall clock, where kdalite expired it by the rows' arrival (ROWTIME): a job that reads files in moments expires nothing that kdalite did
CREATE TABLE `t` (
  `k` STRING,
  `ts` TIMESTAMP(3)
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `n` BIGINT,
  `keys` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `n`, COUNT(*) AS `keys` FROM (SELECT /*+ STATE_TTL('t' = '1 h') */ `k`, COUNT(*) AS `n` FROM `t` GROUP BY `k`) GROUP BY `n`;

END;

=== EXPLAIN shows each join side's TTL
-- refused: cannot export to Flink: the application writes nothing (only EXPLAIN, or no query)

