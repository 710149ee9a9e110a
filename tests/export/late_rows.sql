=== TUMBLE: rows behind a fired window go to the late lane; empty windows emit nothing
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `T` (
  `ts` TIMESTAMP(3),
  `k` STRING,
  `v` INT,
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/T.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `window_start` TIMESTAMP(3),
  `window_end` TIMESTAMP(3),
  `k` STRING,
  `total` BIGINT,
  `n` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT CAST(`window_start` AS TIMESTAMP(3)) AS `window_start`, CAST(`window_end` AS TIMESTAMP(3)) AS `window_end`, `k`, `total`, `n` FROM (
SELECT `window_start`, `window_end`, `k`, SUM(`v`) AS `total`, COUNT(*) AS `n` FROM TABLE(TUMBLE(TABLE `T`, DESCRIPTOR(`ts`), INTERVAL '10' SECOND)) GROUP BY `window_start`, `window_end`, `k`
) AS `q`(`window_start`, `window_end`, `k`, `total`, `n`);

END;

=== HOP: a row late for one window still counts in the others
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `T` (
  `ts` TIMESTAMP(3),
  `k` STRING,
  `v` INT,
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/T.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `window_start` TIMESTAMP(3),
  `window_end` TIMESTAMP(3),
  `total` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT CAST(`window_start` AS TIMESTAMP(3)) AS `window_start`, CAST(`window_end` AS TIMESTAMP(3)) AS `window_end`, `total` FROM (
SELECT `window_start`, `window_end`, SUM(`v`) AS `total` FROM TABLE(HOP(TABLE `T`, DESCRIPTOR(`ts`), INTERVAL '5' SECOND, INTERVAL '10' SECOND)) GROUP BY `window_start`, `window_end`
) AS `q`(`window_start`, `window_end`, `total`);

END;

=== CUMULATE: late for the short window, counted in the long one
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `T` (
  `ts` TIMESTAMP(3),
  `k` STRING,
  `v` INT,
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/T.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `window_start` TIMESTAMP(3),
  `window_end` TIMESTAMP(3),
  `total` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT CAST(`window_start` AS TIMESTAMP(3)) AS `window_start`, CAST(`window_end` AS TIMESTAMP(3)) AS `window_end`, `total` FROM (
SELECT `window_start`, `window_end`, SUM(`v`) AS `total` FROM TABLE(CUMULATE(TABLE `T`, DESCRIPTOR(`ts`), INTERVAL '5' SECOND, INTERVAL '10' SECOND)) GROUP BY `window_start`, `window_end`
) AS `q`(`window_start`, `window_end`, `total`);

END;

=== SESSION: touching sessions merge; a row for a fired session is late
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `T` (
  `ts` TIMESTAMP(3),
  `k` STRING,
  `v` INT,
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/T.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `window_start` TIMESTAMP(3),
  `window_end` TIMESTAMP(3),
  `k` STRING,
  `total` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT CAST(`window_start` AS TIMESTAMP(3)) AS `window_start`, CAST(`window_end` AS TIMESTAMP(3)) AS `window_end`, `k`, `total` FROM (
SELECT `window_start`, `window_end`, `k`, SUM(`v`) AS `total` FROM TABLE(SESSION(TABLE `T` PARTITION BY `k`, DESCRIPTOR(`ts`), INTERVAL '5' SECOND)) GROUP BY `window_start`, `window_end`, `k`
) AS `q`(`window_start`, `window_end`, `k`, `total`);

END;

=== a filter before the window does not hold the watermark back
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `T` (
  `ts` TIMESTAMP(3),
  `k` STRING,
  `v` INT,
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/T.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `window_start` TIMESTAMP(3),
  `window_end` TIMESTAMP(3),
  `total` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT CAST(`window_start` AS TIMESTAMP(3)) AS `window_start`, CAST(`window_end` AS TIMESTAMP(3)) AS `window_end`, `total` FROM (
SELECT `window_start`, `window_end`, SUM(`v`) AS `total` FROM TABLE(TUMBLE(TABLE `T`, DESCRIPTOR(`ts`), INTERVAL '10' SECOND)) WHERE `k` = 'a' GROUP BY `window_start`, `window_end`
) AS `q`(`window_start`, `window_end`, `total`);

END;

=== an OVER window on the event-time attribute runs in event-time order, as Flink's
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `O` (
  `ts` TIMESTAMP(3),
  `product` STRING,
  `amount` INT,
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/O.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `product` STRING,
  `ts` TIMESTAMP(3),
  `amount` INT,
  `s` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `product`, `ts`, `amount`, SUM(`amount`) OVER (PARTITION BY `product` ORDER BY `ts` RANGE BETWEEN INTERVAL '10' SECOND PRECEDING AND CURRENT ROW) AS `s` FROM `O`;

END;

=== a RANGE OVER window keeps Flink's state cleanup timers, superseded ones included
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `O` (
  `ts` TIMESTAMP(3),
  `product` STRING,
  `amount` INT,
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/O.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `product` STRING,
  `ts` TIMESTAMP(3),
  `amount` INT,
  `n` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `product`, `ts`, `amount`, COUNT(*) OVER (PARTITION BY `product` ORDER BY `ts` RANGE BETWEEN INTERVAL '10' SECOND PRECEDING AND CURRENT ROW) AS `n` FROM `O`;

END;

=== a bounded OVER frame keeps its aggregates running, as Flink's bounded OVER functions do: a row entering the frame is added, one leaving it taken back, the frame's MIN and MAX among them; FIRST_VALUE is computed over the frame's rows
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `O` (
  `ts` TIMESTAMP(3),
  `k` STRING,
  `v` INT,
  `d` DOUBLE,
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/O.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `k` STRING,
  `ts` TIMESTAMP(3),
  `v` INT,
  `lo` INT,
  `hi` INT,
  `mean` BIGINT,
  `sd` DOUBLE,
  `nd` BIGINT,
  `n` BIGINT,
  `first_v` INT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

CREATE TABLE `RESULT_2` (
  `k` STRING,
  `ts` TIMESTAMP(3),
  `v` INT,
  `lo` INT,
  `hi` INT,
  `sd` DOUBLE,
  `nd` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT_2',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `k`, `ts`, `v`, MIN(`v`) OVER `w` AS `lo`, MAX(`v`) OVER `w` AS `hi`, AVG(`v`) OVER `w` AS `mean`, SUM(`d`) OVER `w` AS `sd`, COUNT(DISTINCT `v`) OVER `w` AS `nd`, COUNT(*) OVER `w` AS `n`, FIRST_VALUE(`v`) OVER `w` AS `first_v` FROM `O` WINDOW `w` AS (PARTITION BY `k` ORDER BY `ts` RANGE BETWEEN INTERVAL '3' SECOND PRECEDING AND CURRENT ROW);

INSERT INTO `RESULT_2`
SELECT `k`, `ts`, `v`, MIN(`v`) OVER `w` AS `lo`, MAX(`v`) OVER `w` AS `hi`, SUM(`d`) OVER `w` AS `sd`, COUNT(DISTINCT `v`) OVER `w` AS `nd` FROM `O` WINDOW `w` AS (PARTITION BY `k` ORDER BY `ts` ROWS BETWEEN 2 PRECEDING AND CURRENT ROW);

END;

=== an UNBOUNDED OVER window takes a row as late once the watermark has passed its time
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `O` (
  `ts` TIMESTAMP(3),
  `product` STRING,
  `amount` INT,
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/O.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `product` STRING,
  `ts` TIMESTAMP(3),
  `amount` INT,
  `s` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `product`, `ts`, `amount`, SUM(`amount`) OVER (PARTITION BY `product` ORDER BY `ts` RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS `s` FROM `O`;

END;

=== ROWS and RANGE UNBOUNDED differ at rows of the same time, and ROW_NUMBER() without a Top-N numbers each partition's rows as ROWS does (Flink 2.3 gives these rows)
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `O` (
  `ts` TIMESTAMP(3),
  `product` STRING,
  `amount` INT,
  WATERMARK FOR `ts` AS `ts` - INTERVAL '2' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/O.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `product` STRING,
  `amount` INT,
  `n` BIGINT,
  `s` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

CREATE TABLE `RESULT_2` (
  `product` STRING,
  `amount` INT,
  `s` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT_2',
  'format' = 'json'
);

CREATE TABLE `RESULT_3` (
  `product` STRING,
  `amount` INT,
  `rn` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT_3',
  'format' = 'json'
);

CREATE TABLE `RESULT_4` (
  `product` STRING,
  `amount` INT,
  `rn` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT_4',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `product`, `amount`, COUNT(*) OVER (PARTITION BY `product` ORDER BY `ts` ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS `n`, SUM(`amount`) OVER (PARTITION BY `product` ORDER BY `ts` ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS `s` FROM `O`;

INSERT INTO `RESULT_2`
SELECT `product`, `amount`, SUM(`amount`) OVER (PARTITION BY `product` ORDER BY `ts`) AS `s` FROM `O`;

INSERT INTO `RESULT_3`
SELECT `product`, `amount`, ROW_NUMBER() OVER (PARTITION BY `product` ORDER BY `ts`) AS `rn` FROM `O`;

INSERT INTO `RESULT_4`
SELECT * FROM (SELECT `product`, `amount`, ROW_NUMBER() OVER `w` AS `rn` FROM `O` WINDOW `w` AS (PARTITION BY `product` ORDER BY `ts`)) WHERE `amount` > 1;

END;

