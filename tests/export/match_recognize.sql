=== rows that rise: the default AFTER MATCH SKIP TO NEXT ROW lets matches overlap
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `sym` STRING,
  `price` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `sym` STRING,
  `a` INT,
  `b` INT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT * FROM `t` MATCH_RECOGNIZE(PARTITION BY `sym` ORDER BY `ts` MEASURES FIRST(`A`.`price`) AS `a`, LAST(`B`.`price`) AS `b` PATTERN (`A` `B`) DEFINE `B` AS `B`.`price` > `A`.`price`) AS `m`;

END;

=== Flink's V shape (the documentation's price drop then rise), skipping to the last rise
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `sym` STRING,
  `price` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `sym` STRING,
  `s` INT,
  `bottom` INT,
  `up` INT,
  `mt` TIMESTAMP(3)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT * FROM `t` MATCH_RECOGNIZE(PARTITION BY `sym` ORDER BY `ts` MEASURES `START_ROW`.`price` AS `s`, LAST(`PRICE_DOWN`.`price`) AS `bottom`, LAST(`PRICE_UP`.`price`) AS `up`, MATCH_ROWTIME() AS `mt` ONE ROW PER MATCH AFTER MATCH SKIP TO LAST `PRICE_UP` PATTERN (`START_ROW` `PRICE_DOWN`+ `PRICE_UP`) DEFINE `PRICE_DOWN` AS (LAST(`PRICE_DOWN`.`price`, 1) IS NULL AND `PRICE_DOWN`.`price` < `START_ROW`.`price`) OR `PRICE_DOWN`.`price` < LAST(`PRICE_DOWN`.`price`, 1), `PRICE_UP` AS `PRICE_UP`.`price` > LAST(`PRICE_DOWN`.`price`, 1)) AS `m`;

END;

=== a greedy loop takes every row its condition holds for: with A undefined, B never gets a row
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `sym` STRING,
  `price` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `sym` STRING,
  `a` INT,
  `n` BIGINT,
  `b` INT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT * FROM `t` MATCH_RECOGNIZE(PARTITION BY `sym` ORDER BY `ts` MEASURES FIRST(`A`.`price`) AS `a`, COUNT(`A`.`price`) AS `n`, LAST(`B`.`price`) AS `b` PATTERN (`A`+ `B`) DEFINE `B` AS `B`.`price` > 10) AS `m`;

END;

=== a reluctant loop stops at the first row B takes; PAST LAST ROW starts the next match after it
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `sym` STRING,
  `price` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `sym` STRING,
  `a` INT,
  `n` BIGINT,
  `b` INT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT * FROM `t` MATCH_RECOGNIZE(PARTITION BY `sym` ORDER BY `ts` MEASURES FIRST(`A`.`price`) AS `a`, COUNT(`A`.`price`) AS `n`, LAST(`B`.`price`) AS `b` AFTER MATCH SKIP PAST LAST ROW PATTERN (`A`+? `B`) DEFINE `B` AS `B`.`price` > 10) AS `m`;

END;

=== a greedy {2,3}: the row after it must not satisfy A
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `sym` STRING,
  `price` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `sym` STRING,
  `a` INT,
  `n` BIGINT,
  `b` INT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT * FROM `t` MATCH_RECOGNIZE(PARTITION BY `sym` ORDER BY `ts` MEASURES FIRST(`A`.`price`) AS `a`, COUNT(`A`.`price`) AS `n`, `B`.`price` AS `b` PATTERN (`A`{2,3} `B`) DEFINE `A` AS `A`.`price` < 12, `B` AS `B`.`price` > 9) AS `m`;

END;

=== a reluctant {2,3}? with aggregates, LAST and FIRST with offsets
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `sym` STRING,
  `price` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `sym` STRING,
  `av` BIGINT,
  `s` BIGINT,
  `mn` INT,
  `l1` INT,
  `f1` INT,
  `b` INT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT * FROM `t` MATCH_RECOGNIZE(PARTITION BY `sym` ORDER BY `ts` MEASURES AVG(`A`.`price`) AS `av`, SUM(`A`.`price`) AS `s`, MIN(`A`.`price`) AS `mn`, LAST(`A`.`price`, 1) AS `l1`, FIRST(`A`.`price`, 1) AS `f1`, `B`.`price` AS `b` PATTERN (`A`{2,3}? `B`) DEFINE `A` AS `A`.`price` < 12, `B` AS `B`.`price` >= 12) AS `m`;

END;

=== {2,} with a running AVG in its own condition; COUNT(*) counts every row of the match
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `sym` STRING,
  `price` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `sym` STRING,
  `av` BIGINT,
  `c` BIGINT,
  `b` INT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT * FROM `t` MATCH_RECOGNIZE(PARTITION BY `sym` ORDER BY `ts` MEASURES AVG(`A`.`price`) AS `av`, COUNT(*) AS `c`, `B`.`price` AS `b` PATTERN (`A`{2,} `B`) DEFINE `A` AS `A`.`price` < 12 AND AVG(`A`.`price`) < 11, `B` AS `B`.`price` >= 12) AS `m`;

END;

=== an optional variable: a row either is B or goes on to C
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `sym` STRING,
  `price` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `sym` STRING,
  `a` INT,
  `b` INT,
  `c` INT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT * FROM `t` MATCH_RECOGNIZE(PARTITION BY `sym` ORDER BY `ts` MEASURES `A`.`price` AS `a`, `B`.`price` AS `b`, `C`.`price` AS `c` PATTERN (`A` `B`? `C`) DEFINE `A` AS `A`.`price` > 10, `B` AS `B`.`price` > 10, `C` AS `C`.`price` < 12) AS `m`;

END;

=== A* B: a match may have no A
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `sym` STRING,
  `price` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `sym` STRING,
  `a` INT,
  `n` BIGINT,
  `b` INT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT * FROM `t` MATCH_RECOGNIZE(PARTITION BY `sym` ORDER BY `ts` MEASURES FIRST(`A`.`price`) AS `a`, COUNT(`A`.`price`) AS `n`, `B`.`price` AS `b` PATTERN (`A`* `B`) DEFINE `A` AS `A`.`price` < 12, `B` AS `B`.`price` > 9) AS `m`;

END;

=== A*? B: the first match of a row is B alone, and the others that start there are skipped
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `sym` STRING,
  `price` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `sym` STRING,
  `a` INT,
  `n` BIGINT,
  `b` INT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT * FROM `t` MATCH_RECOGNIZE(PARTITION BY `sym` ORDER BY `ts` MEASURES FIRST(`A`.`price`) AS `a`, COUNT(`A`.`price`) AS `n`, `B`.`price` AS `b` PATTERN (`A`*? `B`) DEFINE `A` AS `A`.`price` < 12, `B` AS `B`.`price` > 9) AS `m`;

END;

=== SKIP TO FIRST B
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `sym` STRING,
  `price` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `sym` STRING,
  `a` INT,
  `n` BIGINT,
  `b` INT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT * FROM `t` MATCH_RECOGNIZE(PARTITION BY `sym` ORDER BY `ts` MEASURES FIRST(`A`.`price`) AS `a`, COUNT(`A`.`price`) AS `n`, `B`.`price` AS `b` AFTER MATCH SKIP TO FIRST `B` PATTERN (`A`+ `B`) DEFINE `A` AS `A`.`price` < 12, `B` AS `B`.`price` > 9) AS `m`;

END;

=== without PARTITION BY, the rows of every symbol in time order
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `sym` STRING,
  `price` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `a` INT,
  `s` STRING,
  `b` INT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT * FROM `t` MATCH_RECOGNIZE(ORDER BY `ts` MEASURES `A`.`price` AS `a`, `A`.`sym` AS `s`, `B`.`price` AS `b` PATTERN (`A` `B`) DEFINE `A` AS `A`.`price` > 10, `B` AS `B`.`price` < 5) AS `m`;

END;

=== expressions over measures, a column of the match's row, a filter after it
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `sym` STRING,
  `price` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `sym` STRING,
  `s` INT,
  `h` DOUBLE,
  `ats` TIMESTAMP(3)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `m`.`sym`, `m`.`s`, `m`.`h`, `m`.`ats` FROM `t` MATCH_RECOGNIZE(PARTITION BY `sym` ORDER BY `ts` MEASURES `A`.`price` + `B`.`price` AS `s`, CAST(`A`.`price` AS DOUBLE) / 2 AS `h`, `A`.`ts` AS `ats` PATTERN (`A` `B`) DEFINE `B` AS `B`.`price` > 10 AND `A`.`price` < 11) AS `m` WHERE `m`.`s` > 20;

END;

=== unqualified columns read the last row, FIRST(price) the first
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `sym` STRING,
  `price` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `sym` STRING,
  `a` INT,
  `p` INT,
  `fp` INT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT * FROM `t` MATCH_RECOGNIZE(PARTITION BY `sym` ORDER BY `ts` MEASURES `A`.`price` AS `a`, `price` AS `p`, FIRST(`price`) AS `fp` PATTERN (`A` `B` `C`) DEFINE `C` AS `C`.`price` > `A`.`price`) AS `m`;

END;

=== B+? then C reading LAST(B.price)
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `sym` STRING,
  `price` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `sym` STRING,
  `a` INT,
  `b1` INT,
  `b2` INT,
  `nb` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT * FROM `t` MATCH_RECOGNIZE(PARTITION BY `sym` ORDER BY `ts` MEASURES `A`.`price` AS `a`, FIRST(`B`.`price`) AS `b1`, LAST(`B`.`price`) AS `b2`, COUNT(`B`.`price`) AS `nb` PATTERN (`A` `B`+? `C`) DEFINE `A` AS `A`.`price` > 12, `B` AS `B`.`price` < `A`.`price`, `C` AS `C`.`price` > LAST(`B`.`price`)) AS `m`;

END;

=== rows out of order are matched in time order; a row behind the watermark is late
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `sym` STRING,
  `price` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '3' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `sym` STRING,
  `a` INT,
  `b` INT,
  `mt` TIMESTAMP(3)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT * FROM `t` MATCH_RECOGNIZE(PARTITION BY `sym` ORDER BY `ts` MEASURES `A`.`price` AS `a`, `B`.`price` AS `b`, MATCH_ROWTIME() AS `mt` PATTERN (`A` `B`) DEFINE `B` AS `B`.`price` > `A`.`price`) AS `m`;

END;

=== WITHIN: a partial match ends when a row is the interval or more past its first (rows 2 s apart)
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `sym` STRING,
  `price` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `sym` STRING,
  `a` INT,
  `b` INT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT * FROM `t` MATCH_RECOGNIZE(PARTITION BY `sym` ORDER BY `ts` MEASURES `A`.`price` AS `a`, `B`.`price` AS `b` PATTERN (`A` `B`) WITHIN INTERVAL '2' SECOND DEFINE `B` AS `B`.`price` > 10) AS `m`;

END;

=== WITHIN a millisecond longer than the rows' gap
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `sym` STRING,
  `price` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `sym` STRING,
  `a` INT,
  `b` INT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT * FROM `t` MATCH_RECOGNIZE(PARTITION BY `sym` ORDER BY `ts` MEASURES `A`.`price` AS `a`, `B`.`price` AS `b` PATTERN (`A` `B`) WITHIN INTERVAL '2.001' SECOND DEFINE `B` AS `B`.`price` > 10) AS `m`;

END;

=== WITHIN cuts a reluctant loop's long matches
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `sym` STRING,
  `price` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `sym` STRING,
  `a` INT,
  `n` BIGINT,
  `b` INT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT * FROM `t` MATCH_RECOGNIZE(PARTITION BY `sym` ORDER BY `ts` MEASURES FIRST(`A`.`price`) AS `a`, COUNT(`A`.`price`) AS `n`, `B`.`price` AS `b` PATTERN (`A`+? `B`) WITHIN INTERVAL '5' SECOND DEFINE `B` AS `B`.`price` > 12) AS `m`;

END;

=== WITHIN over both symbols, B*? C
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `sym` STRING,
  `price` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `s` STRING,
  `a` INT,
  `c` INT,
  `cs` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT * FROM `t` MATCH_RECOGNIZE(ORDER BY `ts` MEASURES `A`.`sym` AS `s`, `A`.`price` AS `a`, `C`.`price` AS `c`, `C`.`sym` AS `cs` PATTERN (`A` `B`*? `C`) WITHIN INTERVAL '6' SECOND DEFINE `A` AS `A`.`price` > 10, `C` AS `C`.`price` < 4) AS `m`;

END;

=== WITHIN with PAST LAST ROW and MATCH_ROWTIME
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `sym` STRING,
  `price` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `sym` STRING,
  `a` INT,
  `c` INT,
  `mt` TIMESTAMP(3)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT * FROM `t` MATCH_RECOGNIZE(PARTITION BY `sym` ORDER BY `ts` MEASURES `A`.`price` AS `a`, `C`.`price` AS `c`, MATCH_ROWTIME() AS `mt` AFTER MATCH SKIP PAST LAST ROW PATTERN (`A` `B`+? `C`) WITHIN INTERVAL '9' SECOND DEFINE `A` AS `A`.`price` > 9, `C` AS `C`.`price` > 12) AS `m`;

END;

=== a match waits for a partial match that started before it: without WITHIN for ever (the later A's match is never sent), with WITHIN until the input's end ends the earlier one, as Flink's last watermark does
-- Flink's planner takes MATCH_RECOGNIZE clauses that differ only in WITHIN for one (WITHIN is not in its
-- digest) and runs one for all of them: with sub-plans not reused, each runs as written.
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';
SET 'table.optimizer.reuse-sub-plan-enabled' = 'false';

CREATE TABLE `t` (
  `sym` STRING,
  `price` DOUBLE,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `sym` STRING,
  `a` DOUBLE,
  `c` DOUBLE
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

CREATE TABLE `RESULT_2` (
  `sym` STRING,
  `a` DOUBLE,
  `c` DOUBLE
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT_2',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT * FROM `t` MATCH_RECOGNIZE(PARTITION BY `sym` ORDER BY `ts` MEASURES `A`.`price` AS `a`, `C`.`price` AS `c` PATTERN (`A` `B`*? `C`) DEFINE `A` AS `A`.`price` >= 20, `C` AS `C`.`price` < `A`.`price` / 10) AS `m`;

INSERT INTO `RESULT_2`
SELECT * FROM `t` MATCH_RECOGNIZE(PARTITION BY `sym` ORDER BY `ts` MEASURES `A`.`price` AS `a`, `C`.`price` AS `c` PATTERN (`A` `B`*? `C`) WITHIN INTERVAL '1' MINUTE DEFINE `A` AS `A`.`price` >= 20, `C` AS `C`.`price` < `A`.`price` / 10) AS `m`;

END;

