=== running count and sum per item, and a running maximum per supplier
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
  `bids` BIGINT,
  `total` DECIMAL(38, 2)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

CREATE TABLE `RESULT_2` (
  `supplier_id` STRING,
  `top` DECIMAL(10, 2)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT_2',
  'format' = 'debezium-json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `supplier_id`, COUNT(*) AS `bids`, SUM(`price`) AS `total` FROM `Bid` GROUP BY `supplier_id`;

INSERT INTO `RESULT_2`
SELECT `supplier_id`, MAX(`price`) AS `top` FROM `Bid` GROUP BY `supplier_id`;

END;

