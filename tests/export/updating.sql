=== an aggregate of an aggregate: MIN and MAX take back the extreme an update replaces
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Bids` (
  `bidder` STRING,
  `item` STRING,
  `price` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Bids.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `low` INT,
  `high` INT,
  `bids` BIGINT,
  `bidders` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

CREATE VIEW `Best` AS
SELECT `bidder`, MAX(`price`) AS `top`, COUNT(*) AS `bids` FROM `Bids` GROUP BY `bidder`;

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT MIN(`top`) AS `low`, MAX(`top`) AS `high`, SUM(`bids`) AS `bids`, COUNT(*) AS `bidders` FROM `Best`;

END;

=== FIRST_VALUE and LAST_VALUE of an updating result: a value taken back is its earliest copy, as Flink's take back a value's first order
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `id` INT,
  `v` STRING,
  `ts` TIMESTAMP(3)
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `f` STRING,
  `l` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

CREATE VIEW `u` AS
SELECT `id`, LAST_VALUE(`v`) AS `v` FROM `t` GROUP BY `id`;

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT FIRST_VALUE(`v`) AS `f`, LAST_VALUE(`v`) AS `l` FROM `u`;

END;

=== SELECT DISTINCT sends each row the first time it is seen
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Bids` (
  `bidder` STRING,
  `item` STRING,
  `price` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Bids.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `bidder` STRING,
  `item` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT DISTINCT `bidder`, `item` FROM `Bids`;

END;

=== SELECT ALL keeps every row, duplicates included: it is the opposite of DISTINCT, as a select without either (it had been read as DISTINCT)
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Bids` (
  `bidder` STRING,
  `item` STRING,
  `price` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Bids.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `bidder` STRING,
  `item` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT ALL `bidder`, `item` FROM `Bids` WHERE `bidder` = 'bob';

END;

=== SELECT DISTINCT over an updating result deletes a row when its last copy is taken back
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Bids` (
  `bidder` STRING,
  `item` STRING,
  `price` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Bids.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `item` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

CREATE VIEW `Latest` AS
SELECT `bidder`, MAX(`item`) AS `item` FROM `Bids` GROUP BY `bidder`;

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT DISTINCT `item` FROM `Latest`;

END;

=== MIN and MAX of text leave NULLs out, compare by code point, and an unchanged result sends nothing
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Bids` (
  `bidder` STRING,
  `item` STRING,
  `price` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Bids.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `bidder` STRING,
  `first_item` STRING,
  `last_item` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `bidder`, MIN(NULLIF(`item`, '')) AS `first_item`, MAX(NULLIF(`item`, '')) AS `last_item` FROM `Bids` GROUP BY `bidder`;

END;

=== FILTER (WHERE …) counts the rows it names, and an unchanged result sends nothing
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Bids` (
  `bidder` STRING,
  `item` STRING,
  `price` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Bids.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `item` STRING,
  `bids` BIGINT,
  `big` BIGINT,
  `small_bidders` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `item`, COUNT(*) AS `bids`, COUNT(*) FILTER (WHERE `price` > 20) AS `big`, COUNT(DISTINCT `bidder`) FILTER (WHERE `price` < 40) AS `small_bidders` FROM `Bids` GROUP BY `item`;

END;

=== COUNT(DISTINCT x) of one BIGINT column, with and without FILTERs, counts each value once a count: a value one FILTER counted is new to another, a NULL counts in none
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Bids` (
  `bidder` BIGINT,
  `item` STRING,
  `price` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Bids.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `item` STRING,
  `bidders` BIGINT,
  `small` BIGINT,
  `large` BIGINT,
  `prices` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `item`, COUNT(DISTINCT `bidder`) AS `bidders`, COUNT(DISTINCT `bidder`) FILTER (WHERE `price` < 40) AS `small`, COUNT(DISTINCT `bidder`) FILTER (WHERE `price` >= 40) AS `large`, COUNT(DISTINCT `price`) AS `prices` FROM `Bids` GROUP BY `item`;

END;

=== Top-N with the rank: a row that enters moves the ranks below it, ties keep arrival order
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Bids` (
  `bidder` STRING,
  `item` STRING,
  `price` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Bids.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `item` STRING,
  `bidder` STRING,
  `price` INT,
  `rownum` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT * FROM (SELECT `item`, `bidder`, `price`, ROW_NUMBER() OVER (PARTITION BY `item` ORDER BY `price` DESC) AS `rownum` FROM `Bids`) WHERE `rownum` <= 2;

END;

=== Top-N without the rank: the row pushed out is deleted; NULL sorts first ascending
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Bids` (
  `bidder` STRING,
  `item` STRING,
  `price` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Bids.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `item` STRING,
  `bidder` STRING,
  `price` INT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `item`, `bidder`, `price` FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY `item` ORDER BY `price`) AS `rownum` FROM `Bids`) WHERE `rownum` < 3;

END;

=== Top-1 without the rank: a better row replaces the kept one (-U, +U)
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Bids` (
  `bidder` STRING,
  `item` STRING,
  `price` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Bids.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `item` STRING,
  `bidder` STRING,
  `price` INT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `item`, `bidder`, `price` FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY `item` ORDER BY `price` DESC, `ts`) AS `rownum` FROM `Bids`) WHERE `rownum` = 1;

END;

=== the rank's bound among other conditions: they still filter what the Top-N sends
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Bids` (
  `bidder` STRING,
  `item` STRING,
  `price` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Bids.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `item` STRING,
  `bidder` STRING,
  `price` INT,
  `rownum` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `item`, `bidder`, `price`, `rownum` FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY `item` ORDER BY `price` DESC) AS `rownum` FROM `Bids`) WHERE `bidder` <> 'bob' AND `rownum` <= 1;

END;

=== Top-N of an aggregate (every row kept): a row taken back lets the next one in
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Bids` (
  `bidder` STRING,
  `item` STRING,
  `price` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Bids.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `bidder` STRING,
  `total` BIGINT,
  `rn` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

CREATE VIEW `Spent` AS
SELECT `bidder`, SUM(`price`) AS `total` FROM `Bids` GROUP BY `bidder`;

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT * FROM (SELECT `bidder`, `total`, ROW_NUMBER() OVER (ORDER BY `total` DESC) AS `rn` FROM `Spent`) WHERE `rn` <= 2;

END;

=== window Top-N: each window's ranks sent once, insert-only, when the watermark passes its end
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Bids` (
  `bidder` STRING,
  `item` STRING,
  `price` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Bids.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `window_start` TIMESTAMP(3),
  `window_end` TIMESTAMP(3),
  `bidder` STRING,
  `price` INT,
  `rn` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT CAST(`window_start` AS TIMESTAMP(3)) AS `window_start`, CAST(`window_end` AS TIMESTAMP(3)) AS `window_end`, `bidder`, `price`, `rn` FROM (
SELECT * FROM (SELECT `window_start`, `window_end`, `bidder`, `price`, ROW_NUMBER() OVER (PARTITION BY `window_start`, `window_end` ORDER BY `price` DESC) AS `rn` FROM TABLE(TUMBLE(TABLE `Bids`, DESCRIPTOR(`ts`), INTERVAL '4' SECOND))) WHERE `rn` <= 2
) AS `q`(`window_start`, `window_end`, `bidder`, `price`, `rn`);

END;

=== window deduplication keeping the last row: of rows at the same time, the one that came last (Flink's WindowDeduplicate)
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Bids` (
  `bidder` STRING,
  `item` STRING,
  `price` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Bids.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `window_start` TIMESTAMP(3),
  `item` STRING,
  `bidder` STRING,
  `price` INT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `window_start`, `item`, `bidder`, `price` FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY `window_start`, `window_end`, `item` ORDER BY `ts` DESC) AS `rn` FROM TABLE(TUMBLE(TABLE `Bids`, DESCRIPTOR(`ts`), INTERVAL '4' SECOND))) WHERE `rn` = 1;

END;

=== window deduplication keeping the first row: of rows at the same time, the one that came first
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Bids` (
  `bidder` STRING,
  `item` STRING,
  `price` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Bids.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `window_start` TIMESTAMP(3),
  `item` STRING,
  `bidder` STRING,
  `price` INT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `window_start`, `item`, `bidder`, `price` FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY `window_start`, `window_end`, `item` ORDER BY `ts`) AS `rn` FROM TABLE(TUMBLE(TABLE `Bids`, DESCRIPTOR(`ts`), INTERVAL '4' SECOND))) WHERE `rn` = 1;

END;

=== deduplication keeping the last row by event time
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Bids` (
  `bidder` STRING,
  `item` STRING,
  `price` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Bids.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `bidder` STRING,
  `item` STRING,
  `price` INT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `bidder`, `item`, `price` FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY `bidder` ORDER BY `ts` DESC) AS `rn` FROM `Bids`) WHERE `rn` = 1;

END;

=== deduplication keeping the first row by event time: a later row with an earlier time replaces it
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Bids` (
  `bidder` STRING,
  `item` STRING,
  `price` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Bids.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `item` STRING,
  `bidder` STRING,
  `ts` TIMESTAMP(3)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `item`, `bidder`, `ts` FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY `item` ORDER BY `ts`) AS `rn` FROM `Bids`) WHERE `rn` <= 1;

END;

=== UNION ALL of an updating result and an append-only one is updating: each row keeps its kind
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Bids` (
  `bidder` STRING,
  `item` STRING,
  `price` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Bids.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `item` STRING,
  `total` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

CREATE VIEW `Totals` AS
SELECT `item`, SUM(`price`) AS `total` FROM `Bids` GROUP BY `item`;

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `item`, `total` FROM `Totals` UNION ALL SELECT `bidder`, `price` FROM `Bids` WHERE `price` > 40;

END;

=== a regular join of an updating result: its -U takes back the pairs it made; an outer side's padded row comes back when its last match goes
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Bids` (
  `bidder` STRING,
  `item` STRING,
  `price` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Bids.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `bidder` STRING,
  `price` INT,
  `top` INT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

CREATE VIEW `Best` AS
SELECT `item`, MAX(`price`) AS `top` FROM `Bids` GROUP BY `item`;

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `b`.`bidder`, `b`.`price`, `t`.`top` FROM `Bids` AS `b` LEFT JOIN `Best` AS `t` ON `b`.`item` = `t`.`item` AND `b`.`price` = `t`.`top`;

END;

=== an updating result joined to a reference table keeps its row kinds
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

-- kdalite note: reference table `Kinds` joined as Flink joins two tables: both kept whole
CREATE TABLE `Kinds` (
  `item` STRING,
  `kind` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Kinds.jsonl',
  'format' = 'json'
);

CREATE TABLE `Bids` (
  `bidder` STRING,
  `item` STRING,
  `price` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Bids.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `item` STRING,
  `total` BIGINT,
  `kind` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `t`.`item`, `t`.`total`, `k`.`kind` FROM (SELECT `item`, SUM(`price`) AS `total` FROM `Bids` GROUP BY `item`) AS `t` JOIN `Kinds` AS `k` ON `t`.`item` = `k`.`item`;

END;

=== Flink's DDL as applications write it: COMMENTs on columns and tables (read, and left out), a named CONSTRAINT … PRIMARY KEY, and a column's own PRIMARY KEY NOT ENFORCED
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Bids` (
  `bidder` STRING,
  `item` STRING,
  `price` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Bids.jsonl',
  'format' = 'json'
);

CREATE TABLE `Totals` (
  `item` STRING,
  `total` BIGINT,
  PRIMARY KEY (`item`) NOT ENFORCED
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/Totals',
  'format' = 'debezium-json'
);

CREATE TABLE `Highest` (
  `item` STRING,
  `price` INT,
  PRIMARY KEY (`item`) NOT ENFORCED
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/Highest',
  'format' = 'debezium-json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `Totals`
SELECT `item`, SUM(`price`) FROM `Bids` GROUP BY `item`;

INSERT INTO `Highest`
SELECT `item`, MAX(`price`) FROM `Bids` GROUP BY `item`;

END;

=== INSERT INTO an upsert table (a PRIMARY KEY) sends no -U; into a print table the whole changelog
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Bids` (
  `bidder` STRING,
  `item` STRING,
  `price` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Bids.jsonl',
  'format' = 'json'
);

CREATE TABLE `Totals` (
  `item` STRING,
  `total` BIGINT,
  PRIMARY KEY (`item`) NOT ENFORCED
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/Totals',
  'format' = 'debezium-json'
);

CREATE TABLE `Counts` (
  `item` STRING,
  `bids` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/Counts',
  'format' = 'debezium-json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `Totals`
SELECT `item`, SUM(`price`) FROM `Bids` GROUP BY `item`;

INSERT INTO `Counts`
SELECT `item`, COUNT(*) FROM `Bids` GROUP BY `item`;

END;

=== an update whose new row fails (its reading does not cast) takes the old row back for good: -D, so an upsert table forgets it rather than keeping it as current
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Readings` (
  `sensor` STRING,
  `reading` STRING,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Readings.jsonl',
  'format' = 'json'
);

CREATE TABLE `Latest` (
  `sensor` STRING,
  `reading` INT,
  PRIMARY KEY (`sensor`) NOT ENFORCED
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/Latest',
  'format' = 'debezium-json'
);

CREATE TABLE `Changes` (
  `sensor` STRING,
  `reading` INT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/Changes',
  'format' = 'debezium-json'
);

CREATE VIEW `Last` AS
SELECT `sensor`, `reading` FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY `sensor` ORDER BY `ts` DESC) AS `rn` FROM `Readings`) WHERE `rn` = 1;

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `Latest`
SELECT `sensor`, CAST(`reading` AS INT) FROM `Last`;

INSERT INTO `Changes`
SELECT `sensor`, CAST(`reading` AS INT) FROM `Last`;

END;

=== a filesystem table in a changelog format (Debezium JSON) takes an updating result, as Flink's does
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Bids` (
  `bidder` STRING,
  `item` STRING,
  `price` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Bids.jsonl',
  'format' = 'json'
);

CREATE TABLE `Out` (
  `item` STRING,
  `total` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/Out',
  'format' = 'debezium-json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `Out`
SELECT `item`, SUM(`price`) FROM `Bids` GROUP BY `item`;

END;

=== LIMIT without ORDER BY keeps the first rows as they come, insert-only (Flink's Limit)
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Bids` (
  `bidder` STRING,
  `item` STRING,
  `price` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Bids.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `bidder` STRING,
  `price` INT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `bidder`, `price` FROM `Bids` LIMIT 3;

END;

=== LIMIT with OFFSET skips the first rows that come; FETCH FIRST is the same
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Bids` (
  `bidder` STRING,
  `item` STRING,
  `price` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Bids.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `bidder` STRING,
  `price` INT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

CREATE TABLE `RESULT_2` (
  `bidder` STRING,
  `item` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT_2',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `bidder`, `price` FROM `Bids` LIMIT 2 OFFSET 3;

INSERT INTO `RESULT_2`
SELECT `bidder`, `item` FROM `Bids` FETCH FIRST 2 ROWS ONLY;

END;

=== ORDER BY … LIMIT is a Top-N over the whole stream (Flink's SortLimit): the row pushed out is deleted
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Bids` (
  `bidder` STRING,
  `item` STRING,
  `price` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Bids.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `bidder` STRING,
  `price` INT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `bidder`, `price` FROM `Bids` ORDER BY `price` DESC LIMIT 2;

END;

=== ORDER BY … LIMIT … OFFSET: the ranks after the offset, updated as rows move into them
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Bids` (
  `bidder` STRING,
  `item` STRING,
  `price` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Bids.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `bidder` STRING,
  `price` INT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `bidder`, `price` FROM `Bids` ORDER BY `price` LIMIT 2 OFFSET 1;

END;

=== ORDER BY … LIMIT of an updating result: a row taken back lets the next one in
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Bids` (
  `bidder` STRING,
  `item` STRING,
  `price` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Bids.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `bidder` STRING,
  `top` INT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `bidder`, `top` FROM (SELECT `bidder`, MAX(`price`) AS `top` FROM `Bids` GROUP BY `bidder`) ORDER BY `top` LIMIT 2;

END;

=== UNION keeps the distinct rows of both sides, the first time each is seen (an updating result, as SELECT DISTINCT)
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Bids` (
  `bidder` STRING,
  `item` STRING,
  `price` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Bids.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `bidder` STRING,
  `item` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `bidder`, `item` FROM `Bids` WHERE `price` > 20 UNION SELECT `bidder`, `item` FROM `Bids` WHERE `item` = 'vase';

END;

=== INTERSECT ALL and EXCEPT ALL keep each row as many times as the counts of the two sides give (Flink's ReplicateRows), NULLs equal, and update as the counts change
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Bids` (
  `bidder` STRING,
  `item` STRING,
  `price` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Bids.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `bidder` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

CREATE TABLE `RESULT_2` (
  `bidder` STRING,
  `price` INT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT_2',
  'format' = 'debezium-json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `bidder` FROM `Bids` INTERSECT ALL SELECT `bidder` FROM `Bids` WHERE `price` > 20;

INSERT INTO `RESULT_2`
SELECT `bidder`, `price` FROM `Bids` EXCEPT ALL SELECT `bidder`, `price` FROM `Bids` WHERE `item` = 'vase';

END;

=== ROLLUP without a window: each row updates one group per set (Flink's Expand), an aggregate's argument keeps its value
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Bids` (
  `bidder` STRING,
  `item` STRING,
  `price` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Bids.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `bidder` STRING,
  `item` STRING,
  `bids` BIGINT,
  `named` BIGINT,
  `top` INT,
  `all_bidders` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `bidder`, `item`, COUNT(*) AS `bids`, COUNT(`bidder`) AS `named`, MAX(`price`) AS `top`, GROUPING(`bidder`) AS `all_bidders` FROM `Bids` GROUP BY ROLLUP (`bidder`, `item`);

END;

=== GROUPING SETS with a plain key beside them, and HAVING on a grouped column
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Bids` (
  `bidder` STRING,
  `item` STRING,
  `price` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Bids.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `item` STRING,
  `bidder` STRING,
  `total` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `item`, `bidder`, SUM(`price`) AS `total` FROM `Bids` GROUP BY `item`, GROUPING SETS ((`bidder`), ()) HAVING `item` = 'lamp';

END;

=== CUBE without aggregates lists each set's distinct rows
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Bids` (
  `bidder` STRING,
  `item` STRING,
  `price` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Bids.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `bidder` STRING,
  `item` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `bidder`, `item` FROM `Bids` GROUP BY CUBE (`bidder`, `item`);

END;

=== INTERSECT keeps the distinct rows both sides have, a NULL equal to a NULL (a semi join on every column)
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Bids` (
  `bidder` STRING,
  `item` STRING,
  `price` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Bids.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `item` STRING,
  `price` INT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `item`, `price` FROM `Bids` WHERE `bidder` = 'ann' INTERSECT SELECT `item`, `price` FROM `Bids` WHERE `bidder` <> 'bob';

END;

=== EXCEPT keeps the distinct rows of the left the right does not have, taking one back when the right gets it
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Bids` (
  `bidder` STRING,
  `item` STRING,
  `price` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Bids.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `item` STRING,
  `price` INT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

CREATE TABLE `RESULT_2` (
  `bidder` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT_2',
  'format' = 'debezium-json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `item`, `price` FROM `Bids` EXCEPT SELECT `item`, `price` FROM `Bids` WHERE `price` > 20;

INSERT INTO `RESULT_2`
SELECT `bidder` FROM `Bids` EXCEPT SELECT `bidder` FROM `Bids` WHERE `item` = 'vase';

END;

=== GROUP BY () is one group of every row, as an aggregate without GROUP BY
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Bids` (
  `bidder` STRING,
  `item` STRING,
  `price` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Bids.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `bids` BIGINT,
  `top` INT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT COUNT(*) AS `bids`, MAX(`price`) AS `top` FROM `Bids` GROUP BY ();

END;

=== mini-batch: a GROUP BY sends one change a group for the rows that reach it together
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';
SET 'table.exec.mini-batch.enabled' = 'true';
SET 'table.exec.mini-batch.allow-latency' = '5 s';
SET 'table.exec.mini-batch.size' = '5000';

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
  `n` BIGINT,
  `s` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `k`, COUNT(*) AS `n`, SUM(`v`) AS `s` FROM `t` GROUP BY `k`;

END;

=== mini-batch: a bundle holds at most table.exec.mini-batch.size rows
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';
SET 'table.exec.mini-batch.enabled' = 'true';
SET 'table.exec.mini-batch.allow-latency' = '5 s';
SET 'table.exec.mini-batch.size' = '2';

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
  `n` BIGINT,
  `s` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

CREATE TABLE `RESULT_2` (
  `d` BIGINT,
  `m` INT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT_2',
  'format' = 'debezium-json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `k`, COUNT(*) AS `n`, SUM(`v`) AS `s` FROM `t` GROUP BY `k`;

INSERT INTO `RESULT_2`
SELECT COUNT(DISTINCT `k`) AS `d`, MAX(`v`) AS `m` FROM `t`;

END;

=== mini-batch: an aggregate of an aggregate folds the changes it is fed, and a group a bundle empties sends -D
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';
SET 'table.exec.mini-batch.enabled' = 'true';
SET 'table.exec.mini-batch.allow-latency' = '5 s';
SET 'table.exec.mini-batch.size' = '3';

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
  `n` BIGINT,
  `c` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

CREATE VIEW `counts` AS
SELECT `k`, COUNT(*) AS `n` FROM `t` GROUP BY `k`;

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `n`, COUNT(*) AS `c` FROM `counts` GROUP BY `n`;

END;

