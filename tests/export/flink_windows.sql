=== TUMBLE, as the window TVF page shows it
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Bid` (
  `bidtime` TIMESTAMP(3),
  `price` DECIMAL(10,2),
  `item` STRING,
  `supplier_id` STRING,
  WATERMARK FOR `bidtime` AS `bidtime` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Bid.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `bidtime` TIMESTAMP(3),
  `price` DECIMAL(10, 2),
  `item` STRING,
  `window_start` TIMESTAMP(3),
  `window_end` TIMESTAMP(3),
  `window_time` TIMESTAMP(3)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT CAST(`bidtime` AS TIMESTAMP(3)) AS `bidtime`, `price`, `item`, CAST(`window_start` AS TIMESTAMP(3)) AS `window_start`, CAST(`window_end` AS TIMESTAMP(3)) AS `window_end`, CAST(`window_time` AS TIMESTAMP(3)) AS `window_time` FROM (
SELECT `bidtime`, `price`, `item`, `window_start`, `window_end`, `window_time` FROM TABLE(TUMBLE(TABLE `Bid`, DESCRIPTOR(`bidtime`), INTERVAL '10' MINUTES))
) AS `q`(`bidtime`, `price`, `item`, `window_start`, `window_end`, `window_time`);

END;

=== TUMBLE aggregation
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Bid` (
  `bidtime` TIMESTAMP(3),
  `price` DECIMAL(10,2),
  `item` STRING,
  `supplier_id` STRING,
  WATERMARK FOR `bidtime` AS `bidtime` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Bid.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `window_start` TIMESTAMP(3),
  `window_end` TIMESTAMP(3),
  `total_price` DECIMAL(38, 2)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT CAST(`window_start` AS TIMESTAMP(3)) AS `window_start`, CAST(`window_end` AS TIMESTAMP(3)) AS `window_end`, `total_price` FROM (
SELECT `window_start`, `window_end`, SUM(`price`) AS `total_price` FROM TABLE(TUMBLE(TABLE `Bid`, DESCRIPTOR(`bidtime`), INTERVAL '10' MINUTES)) GROUP BY `window_start`, `window_end`
) AS `q`(`window_start`, `window_end`, `total_price`);

END;

=== HOP
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Bid` (
  `bidtime` TIMESTAMP(3),
  `price` DECIMAL(10,2),
  `item` STRING,
  WATERMARK FOR `bidtime` AS `bidtime` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Bid.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `bidtime` TIMESTAMP(3),
  `price` DECIMAL(10, 2),
  `item` STRING,
  `window_start` TIMESTAMP(3),
  `window_end` TIMESTAMP(3),
  `window_time` TIMESTAMP(3)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT CAST(`bidtime` AS TIMESTAMP(3)) AS `bidtime`, `price`, `item`, CAST(`window_start` AS TIMESTAMP(3)) AS `window_start`, CAST(`window_end` AS TIMESTAMP(3)) AS `window_end`, CAST(`window_time` AS TIMESTAMP(3)) AS `window_time` FROM (
SELECT * FROM TABLE(HOP(TABLE `Bid`, DESCRIPTOR(`bidtime`), INTERVAL '5' MINUTES, INTERVAL '10' MINUTES))
) AS `q`(`bidtime`, `price`, `item`, `window_start`, `window_end`, `window_time`);

END;

=== HOP aggregation
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Bid` (
  `bidtime` TIMESTAMP(3),
  `price` DECIMAL(10,2),
  `item` STRING,
  `supplier_id` STRING,
  WATERMARK FOR `bidtime` AS `bidtime` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Bid.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `window_start` TIMESTAMP(3),
  `window_end` TIMESTAMP(3),
  `total_price` DECIMAL(38, 2)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT CAST(`window_start` AS TIMESTAMP(3)) AS `window_start`, CAST(`window_end` AS TIMESTAMP(3)) AS `window_end`, `total_price` FROM (
SELECT `window_start`, `window_end`, SUM(`price`) AS `total_price` FROM TABLE(HOP(TABLE `Bid`, DESCRIPTOR(`bidtime`), INTERVAL '5' MINUTES, INTERVAL '10' MINUTES)) GROUP BY `window_start`, `window_end`
) AS `q`(`window_start`, `window_end`, `total_price`);

END;

=== CUMULATE
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Bid` (
  `bidtime` TIMESTAMP(3),
  `price` DECIMAL(10,2),
  `item` STRING,
  WATERMARK FOR `bidtime` AS `bidtime` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Bid.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `bidtime` TIMESTAMP(3),
  `price` DECIMAL(10, 2),
  `item` STRING,
  `window_start` TIMESTAMP(3),
  `window_end` TIMESTAMP(3),
  `window_time` TIMESTAMP(3)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT CAST(`bidtime` AS TIMESTAMP(3)) AS `bidtime`, `price`, `item`, CAST(`window_start` AS TIMESTAMP(3)) AS `window_start`, CAST(`window_end` AS TIMESTAMP(3)) AS `window_end`, CAST(`window_time` AS TIMESTAMP(3)) AS `window_time` FROM (
SELECT * FROM TABLE(CUMULATE(TABLE `Bid`, DESCRIPTOR(`bidtime`), INTERVAL '2' MINUTES, INTERVAL '10' MINUTES))
) AS `q`(`bidtime`, `price`, `item`, `window_start`, `window_end`, `window_time`);

END;

=== CUMULATE aggregation
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Bid` (
  `bidtime` TIMESTAMP(3),
  `price` DECIMAL(10,2),
  `item` STRING,
  `supplier_id` STRING,
  WATERMARK FOR `bidtime` AS `bidtime` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Bid.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `window_start` TIMESTAMP(3),
  `window_end` TIMESTAMP(3),
  `total_price` DECIMAL(38, 2)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT CAST(`window_start` AS TIMESTAMP(3)) AS `window_start`, CAST(`window_end` AS TIMESTAMP(3)) AS `window_end`, `total_price` FROM (
SELECT `window_start`, `window_end`, SUM(`price`) AS `total_price` FROM TABLE(CUMULATE(TABLE `Bid`, DESCRIPTOR(`bidtime`), INTERVAL '2' MINUTES, INTERVAL '10' MINUTES)) GROUP BY `window_start`, `window_end`
) AS `q`(`window_start`, `window_end`, `total_price`);

END;

=== TUMBLE with an offset
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Bid` (
  `bidtime` TIMESTAMP(3),
  `price` DECIMAL(10,2),
  `item` STRING,
  WATERMARK FOR `bidtime` AS `bidtime` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Bid.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `bidtime` TIMESTAMP(3),
  `price` DECIMAL(10, 2),
  `item` STRING,
  `window_start` TIMESTAMP(3),
  `window_end` TIMESTAMP(3),
  `window_time` TIMESTAMP(3)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT CAST(`bidtime` AS TIMESTAMP(3)) AS `bidtime`, `price`, `item`, CAST(`window_start` AS TIMESTAMP(3)) AS `window_start`, CAST(`window_end` AS TIMESTAMP(3)) AS `window_end`, CAST(`window_time` AS TIMESTAMP(3)) AS `window_time` FROM (
SELECT * FROM TABLE(TUMBLE(TABLE `Bid`, DESCRIPTOR(`bidtime`), INTERVAL '10' MINUTES, INTERVAL '1' MINUTES))
) AS `q`(`bidtime`, `price`, `item`, `window_start`, `window_end`, `window_time`);

END;

=== TUMBLE with an offset, aggregated
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Bid` (
  `bidtime` TIMESTAMP(3),
  `price` DECIMAL(10,2),
  `item` STRING,
  WATERMARK FOR `bidtime` AS `bidtime` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Bid.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `window_start` TIMESTAMP(3),
  `window_end` TIMESTAMP(3),
  `EXPR$2` DECIMAL(38, 2)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT CAST(`window_start` AS TIMESTAMP(3)) AS `window_start`, CAST(`window_end` AS TIMESTAMP(3)) AS `window_end`, `EXPR$2` FROM (
SELECT `window_start`, `window_end`, SUM(`price`) FROM TABLE(TUMBLE(TABLE `Bid`, DESCRIPTOR(`bidtime`), INTERVAL '10' MINUTES, INTERVAL '1' MINUTES)) GROUP BY `window_start`, `window_end`
) AS `q`(`window_start`, `window_end`, `EXPR$2`);

END;

=== SESSION aggregation with partition keys (window aggregation page)
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Bid` (
  `bidtime` TIMESTAMP(3),
  `price` DECIMAL(10,2),
  `item` STRING,
  `supplier_id` STRING,
  WATERMARK FOR `bidtime` AS `bidtime` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Bid.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `window_start` TIMESTAMP(3),
  `window_end` TIMESTAMP(3),
  `supplier_id` STRING,
  `total_price` DECIMAL(38, 2)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT CAST(`window_start` AS TIMESTAMP(3)) AS `window_start`, CAST(`window_end` AS TIMESTAMP(3)) AS `window_end`, `supplier_id`, `total_price` FROM (
SELECT `window_start`, `window_end`, `supplier_id`, SUM(`price`) AS `total_price` FROM TABLE(SESSION(TABLE `Bid` PARTITION BY `supplier_id`, DESCRIPTOR(`bidtime`), INTERVAL '2' MINUTES)) GROUP BY `window_start`, `window_end`, `supplier_id`
) AS `q`(`window_start`, `window_end`, `supplier_id`, `total_price`);

END;

=== SESSION aggregation without partition keys
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Bid` (
  `bidtime` TIMESTAMP(3),
  `price` DECIMAL(10,2),
  `item` STRING,
  `supplier_id` STRING,
  WATERMARK FOR `bidtime` AS `bidtime` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Bid.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `window_start` TIMESTAMP(3),
  `window_end` TIMESTAMP(3),
  `total_price` DECIMAL(38, 2)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT CAST(`window_start` AS TIMESTAMP(3)) AS `window_start`, CAST(`window_end` AS TIMESTAMP(3)) AS `window_end`, `total_price` FROM (
SELECT `window_start`, `window_end`, SUM(`price`) AS `total_price` FROM TABLE(SESSION(TABLE `Bid`, DESCRIPTOR(`bidtime`), INTERVAL '2' MINUTES)) GROUP BY `window_start`, `window_end`
) AS `q`(`window_start`, `window_end`, `total_price`);

END;

=== SESSION over out-of-order rows, partitioned (window TVF page)
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Bid` (
  `bidtime` TIMESTAMP(3),
  `price` DECIMAL(10,2),
  `item` STRING,
  WATERMARK FOR `bidtime` AS `bidtime` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Bid.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `window_start` TIMESTAMP(3),
  `window_end` TIMESTAMP(3),
  `item` STRING,
  `total_price` DECIMAL(38, 2)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT CAST(`window_start` AS TIMESTAMP(3)) AS `window_start`, CAST(`window_end` AS TIMESTAMP(3)) AS `window_end`, `item`, `total_price` FROM (
SELECT `window_start`, `window_end`, `item`, SUM(`price`) AS `total_price` FROM TABLE(SESSION(TABLE `Bid` PARTITION BY `item`, DESCRIPTOR(`bidtime`), INTERVAL '5' MINUTES)) GROUP BY `item`, `window_start`, `window_end`
) AS `q`(`window_start`, `window_end`, `item`, `total_price`);

END;

=== SESSION over out-of-order rows, unpartitioned
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Bid` (
  `bidtime` TIMESTAMP(3),
  `price` DECIMAL(10,2),
  `item` STRING,
  WATERMARK FOR `bidtime` AS `bidtime` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Bid.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `window_start` TIMESTAMP(3),
  `window_end` TIMESTAMP(3),
  `total_price` DECIMAL(38, 2)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT CAST(`window_start` AS TIMESTAMP(3)) AS `window_start`, CAST(`window_end` AS TIMESTAMP(3)) AS `window_end`, `total_price` FROM (
SELECT `window_start`, `window_end`, SUM(`price`) AS `total_price` FROM TABLE(SESSION(TABLE `Bid`, DESCRIPTOR(`bidtime`), INTERVAL '5' MINUTES)) GROUP BY `window_start`, `window_end`
) AS `q`(`window_start`, `window_end`, `total_price`);

END;

=== a computed event-time column from epoch milliseconds
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Clicks` (
  `user_id` STRING,
  `ms` BIGINT,
  `ts` AS TO_TIMESTAMP_LTZ(`ms`, 3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '2' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Clicks.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `window_start` TIMESTAMP(3),
  `window_end` TIMESTAMP(3),
  `user_id` STRING,
  `clicks` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT CAST(`window_start` AS TIMESTAMP(3)) AS `window_start`, CAST(`window_end` AS TIMESTAMP(3)) AS `window_end`, `user_id`, `clicks` FROM (
SELECT `window_start`, `window_end`, `user_id`, COUNT(*) AS `clicks` FROM TABLE(TUMBLE(TABLE `Clicks`, DESCRIPTOR(`ts`), INTERVAL '10' SECOND)) GROUP BY `window_start`, `window_end`, `user_id`
) AS `q`(`window_start`, `window_end`, `user_id`, `clicks`);

END;

=== a window GROUP BY without aggregates lists each window's distinct keys
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Bid` (
  `bidtime` TIMESTAMP(3),
  `price` DECIMAL(10,2),
  `item` STRING,
  `supplier_id` STRING,
  WATERMARK FOR `bidtime` AS `bidtime` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Bid.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `window_start` TIMESTAMP(3),
  `window_end` TIMESTAMP(3),
  `supplier_id` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT CAST(`window_start` AS TIMESTAMP(3)) AS `window_start`, CAST(`window_end` AS TIMESTAMP(3)) AS `window_end`, `supplier_id` FROM (
SELECT `window_start`, `window_end`, `supplier_id` FROM TABLE(TUMBLE(TABLE `Bid`, DESCRIPTOR(`bidtime`), INTERVAL '10' MINUTES)) GROUP BY `window_start`, `window_end`, `supplier_id`
) AS `q`(`window_start`, `window_end`, `supplier_id`);

END;

=== the legacy group-window syntax: GROUP BY TUMBLE(...) with TUMBLE_START and TUMBLE_END
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Bid` (
  `bidtime` TIMESTAMP(3),
  `price` DECIMAL(10,2),
  `item` STRING,
  `supplier_id` STRING,
  WATERMARK FOR `bidtime` AS `bidtime` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Bid.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `window_start` TIMESTAMP(3),
  `window_end` TIMESTAMP(3),
  `total_price` DECIMAL(38, 2)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT CAST(`window_start` AS TIMESTAMP(3)) AS `window_start`, CAST(`window_end` AS TIMESTAMP(3)) AS `window_end`, `total_price` FROM (
SELECT TUMBLE_START(`bidtime`, INTERVAL '10' MINUTES) AS `window_start`, TUMBLE_END(`bidtime`, INTERVAL '10' MINUTES) AS `window_end`, SUM(`price`) AS `total_price` FROM `Bid` GROUP BY TUMBLE(`bidtime`, INTERVAL '10' MINUTES)
) AS `q`(`window_start`, `window_end`, `total_price`);

END;

=== the legacy HOP window, grouped by supplier, with HOP_ROWTIME
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Bid` (
  `bidtime` TIMESTAMP(3),
  `price` DECIMAL(10,2),
  `item` STRING,
  `supplier_id` STRING,
  WATERMARK FOR `bidtime` AS `bidtime` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Bid.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `supplier_id` STRING,
  `hop_start` TIMESTAMP(3),
  `hop_time` TIMESTAMP(3),
  `bids` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `supplier_id`, CAST(`hop_start` AS TIMESTAMP(3)) AS `hop_start`, CAST(`hop_time` AS TIMESTAMP(3)) AS `hop_time`, `bids` FROM (
SELECT `supplier_id`, HOP_START(`bidtime`, INTERVAL '5' MINUTES, INTERVAL '10' MINUTES) AS `hop_start`, HOP_ROWTIME(`bidtime`, INTERVAL '5' MINUTES, INTERVAL '10' MINUTES) AS `hop_time`, COUNT(*) AS `bids` FROM `Bid` GROUP BY HOP(`bidtime`, INTERVAL '5' MINUTES, INTERVAL '10' MINUTES), `supplier_id` HAVING COUNT(*) > 1
) AS `q`(`supplier_id`, `hop_start`, `hop_time`, `bids`);

END;

=== a Flink SQL client script runs as written: its SETs, USE of the default catalog and database, TEMPORARY tables, and its INSERTs in a statement set
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '4';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '10 s';
SET 'restart-strategy.type' = 'none';
SET 'table.exec.state.ttl' = '0 ms';

CREATE TABLE `Bid` (
  `bidtime` TIMESTAMP(3),
  `price` DECIMAL(10,2),
  `item` STRING,
  `supplier_id` STRING,
  WATERMARK FOR `bidtime` AS `bidtime` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Bid.jsonl',
  'format' = 'json'
);

CREATE TABLE `totals` (
  `window_start` TIMESTAMP(3),
  `total_price` DECIMAL(10,2)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/totals',
  'format' = 'json'
);

CREATE TABLE `counts` (
  `window_start` TIMESTAMP(3),
  `bids` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/counts',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `totals`
SELECT `window_start`, SUM(`price`) FROM TABLE(TUMBLE(TABLE `Bid`, DESCRIPTOR(`bidtime`), INTERVAL '10' MINUTES)) GROUP BY `window_start`, `window_end`;

INSERT INTO `counts`
SELECT `window_start`, COUNT(*) FROM TABLE(TUMBLE(TABLE `default_catalog`.`default_database`.`Bid`, DESCRIPTOR(`bidtime`), INTERVAL '10' MINUTES)) GROUP BY `window_start`, `window_end`;

END;

=== Flink's older BEGIN STATEMENT SET, and EXECUTE INSERT
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Bid` (
  `bidtime` TIMESTAMP(3),
  `price` DECIMAL(10,2),
  `item` STRING,
  `supplier_id` STRING,
  WATERMARK FOR `bidtime` AS `bidtime` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Bid.jsonl',
  'format' = 'json'
);

CREATE TABLE `items` (
  `item` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/items',
  'format' = 'json'
);

CREATE TABLE `prices` (
  `price` DECIMAL(10,2)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/prices',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `items`
SELECT `item` FROM `Bid` WHERE `price` > 4;

INSERT INTO `prices`
SELECT `price` FROM `Bid` WHERE `price` < 2;

END;

=== GROUPING SETS in a window aggregate, as the window aggregation page shows it
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Bid` (
  `bidtime` TIMESTAMP(3),
  `price` DECIMAL(10,2),
  `item` STRING,
  `supplier_id` STRING,
  WATERMARK FOR `bidtime` AS `bidtime` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Bid.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `window_start` TIMESTAMP(3),
  `window_end` TIMESTAMP(3),
  `supplier_id` STRING,
  `total_price` DECIMAL(38, 2)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT CAST(`window_start` AS TIMESTAMP(3)) AS `window_start`, CAST(`window_end` AS TIMESTAMP(3)) AS `window_end`, `supplier_id`, `total_price` FROM (
SELECT `window_start`, `window_end`, `supplier_id`, SUM(`price`) AS `total_price` FROM TABLE(TUMBLE(TABLE `Bid`, DESCRIPTOR(`bidtime`), INTERVAL '10' MINUTES)) GROUP BY `window_start`, `window_end`, GROUPING SETS ((`supplier_id`), ())
) AS `q`(`window_start`, `window_end`, `supplier_id`, `total_price`);

END;

=== ROLLUP in a window aggregate, with GROUPING and GROUPING_ID
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Bid` (
  `bidtime` TIMESTAMP(3),
  `price` DECIMAL(10,2),
  `item` STRING,
  `supplier_id` STRING,
  WATERMARK FOR `bidtime` AS `bidtime` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Bid.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `window_start` TIMESTAMP(3),
  `supplier_id` STRING,
  `item` STRING,
  `total_price` DECIMAL(38, 2),
  `bids` BIGINT,
  `no_item` BIGINT,
  `gid` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `window_start`, `supplier_id`, `item`, SUM(`price`) AS `total_price`, COUNT(`supplier_id`) AS `bids`, GROUPING(`item`) AS `no_item`, GROUPING_ID(`supplier_id`, `item`) AS `gid` FROM TABLE(TUMBLE(TABLE `Bid`, DESCRIPTOR(`bidtime`), INTERVAL '10' MINUTES)) GROUP BY `window_start`, `window_end`, ROLLUP (`supplier_id`, `item`);

END;

=== CUBE in a window aggregate
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Bid` (
  `bidtime` TIMESTAMP(3),
  `price` DECIMAL(10,2),
  `item` STRING,
  `supplier_id` STRING,
  WATERMARK FOR `bidtime` AS `bidtime` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Bid.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `window_start` TIMESTAMP(3),
  `window_end` TIMESTAMP(3),
  `supplier_id` STRING,
  `item` STRING,
  `total_price` DECIMAL(38, 2)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT CAST(`window_start` AS TIMESTAMP(3)) AS `window_start`, CAST(`window_end` AS TIMESTAMP(3)) AS `window_end`, `supplier_id`, `item`, `total_price` FROM (
SELECT `window_start`, `window_end`, `supplier_id`, `item`, SUM(`price`) AS `total_price` FROM TABLE(TUMBLE(TABLE `Bid`, DESCRIPTOR(`bidtime`), INTERVAL '10' MINUTES)) GROUP BY `window_start`, `window_end`, CUBE (`supplier_id`, `item`)
) AS `q`(`window_start`, `window_end`, `supplier_id`, `item`, `total_price`);

END;

=== a window over a TIMESTAMP_LTZ runs on the wall clock of table.local-time-zone: hours of Los Angeles, where the hour the clock turns back is one window of four rows; as Flink 2.3 gives it
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'America/Los_Angeles';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `ev` (
  `ts` BIGINT,
  `v` INT,
  `ltz` AS TO_TIMESTAMP_LTZ(`ts`, 3),
  WATERMARK FOR `ltz` AS `ltz`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/ev.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `window_start` TIMESTAMP(3),
  `window_end` TIMESTAMP(3),
  `window_time` TIMESTAMP(3),
  `c` BIGINT,
  `s` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT CAST(`window_start` AS TIMESTAMP(3)) AS `window_start`, CAST(`window_end` AS TIMESTAMP(3)) AS `window_end`, CAST(`window_time` AS TIMESTAMP(3)) AS `window_time`, `c`, `s` FROM (
SELECT `window_start`, `window_end`, `window_time`, COUNT(*) AS `c`, SUM(`v`) AS `s` FROM TABLE(TUMBLE(TABLE `ev`, DESCRIPTOR(`ltz`), INTERVAL '1' HOUR)) GROUP BY `window_start`, `window_end`, `window_time`
) AS `q`(`window_start`, `window_end`, `window_time`, `c`, `s`);

END;

=== a window over a TIMESTAMP_LTZ runs on the wall clock of table.local-time-zone: days of Los Angeles from its midnight, the day the clock turns back 25 hours long; as Flink 2.3 gives it
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'America/Los_Angeles';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `ev` (
  `ts` BIGINT,
  `v` INT,
  `ltz` AS TO_TIMESTAMP_LTZ(`ts`, 3),
  WATERMARK FOR `ltz` AS `ltz`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/ev.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `window_start` TIMESTAMP(3),
  `window_end` TIMESTAMP(3),
  `window_time` TIMESTAMP(3),
  `c` BIGINT,
  `s` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT CAST(`window_start` AS TIMESTAMP(3)) AS `window_start`, CAST(`window_end` AS TIMESTAMP(3)) AS `window_end`, CAST(`window_time` AS TIMESTAMP(3)) AS `window_time`, `c`, `s` FROM (
SELECT `window_start`, `window_end`, `window_time`, COUNT(*) AS `c`, SUM(`v`) AS `s` FROM TABLE(TUMBLE(TABLE `ev`, DESCRIPTOR(`ltz`), INTERVAL '1' DAY)) GROUP BY `window_start`, `window_end`, `window_time`
) AS `q`(`window_start`, `window_end`, `window_time`, `c`, `s`);

END;

=== a window over a TIMESTAMP_LTZ runs on the wall clock of table.local-time-zone: days of Shanghai from its midnight, eight hours before UTC's; as Flink 2.3 gives it
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'Asia/Shanghai';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `ev` (
  `ts` BIGINT,
  `v` INT,
  `ltz` AS TO_TIMESTAMP_LTZ(`ts`, 3),
  WATERMARK FOR `ltz` AS `ltz`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/ev.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `window_start` TIMESTAMP(3),
  `window_end` TIMESTAMP(3),
  `window_time` TIMESTAMP(3),
  `c` BIGINT,
  `s` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT CAST(`window_start` AS TIMESTAMP(3)) AS `window_start`, CAST(`window_end` AS TIMESTAMP(3)) AS `window_end`, CAST(`window_time` AS TIMESTAMP(3)) AS `window_time`, `c`, `s` FROM (
SELECT `window_start`, `window_end`, `window_time`, COUNT(*) AS `c`, SUM(`v`) AS `s` FROM TABLE(TUMBLE(TABLE `ev`, DESCRIPTOR(`ltz`), INTERVAL '1' DAY)) GROUP BY `window_start`, `window_end`, `window_time`
) AS `q`(`window_start`, `window_end`, `window_time`, `c`, `s`);

END;

=== a window over PROCTIME() runs on the wall clock of table.local-time-zone: a day of Shanghai from its midnight
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
SELECT `window_start`, `window_end`, COUNT(*) AS `c` FROM TABLE(TUMBLE(TABLE `t`, DESCRIPTOR(`pt`), INTERVAL '1' DAY)) GROUP BY `window_start`, `window_end`
) AS `q`(`window_start`, `window_end`, `c`);

END;

=== a HOP window over a TIMESTAMP_LTZ runs on the wall clock of table.local-time-zone: in Los Angeles, a window that ends in the hour the clock turns back holds that hour's rows of both passes; as Flink 2.3 gives it
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'America/Los_Angeles';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `ev` (
  `ts` BIGINT,
  `v` INT,
  `ltz` AS TO_TIMESTAMP_LTZ(`ts`, 3),
  WATERMARK FOR `ltz` AS `ltz`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/ev.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `window_start` TIMESTAMP(3),
  `window_end` TIMESTAMP(3),
  `c` BIGINT,
  `s` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT CAST(`window_start` AS TIMESTAMP(3)) AS `window_start`, CAST(`window_end` AS TIMESTAMP(3)) AS `window_end`, `c`, `s` FROM (
SELECT `window_start`, `window_end`, COUNT(*) AS `c`, SUM(`v`) AS `s` FROM TABLE(HOP(TABLE `ev`, DESCRIPTOR(`ltz`), INTERVAL '30' MINUTE, INTERVAL '1' HOUR)) GROUP BY `window_start`, `window_end`
) AS `q`(`window_start`, `window_end`, `c`, `s`);

END;

=== window Top-N with ROW_NUMBER beside the GROUP BY it ranks (ORDER BY SUM(v)), as Flink takes it: the same rows as the aggregate in a subquery; as Flink 2.3 gives it
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `ev` (
  `ts` BIGINT,
  `v` INT,
  `k` STRING,
  `t` AS TO_TIMESTAMP_LTZ(`ts`, 3),
  WATERMARK FOR `t` AS `t`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/ev.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `window_start` TIMESTAMP(3),
  `k` STRING,
  `s` BIGINT,
  `rn` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT * FROM (SELECT `window_start`, `k`, SUM(`v`) AS `s`, ROW_NUMBER() OVER (PARTITION BY `window_start`, `window_end` ORDER BY SUM(`v`) DESC) AS `rn` FROM TABLE(TUMBLE(TABLE `ev`, DESCRIPTOR(`t`), INTERVAL '1' DAY)) GROUP BY `window_start`, `window_end`, `k`) WHERE `rn` = 1;

END;

