=== a regular inner join of two append-only tables is append-only
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Orders` (
  `id` INT,
  `product` STRING,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Orders.jsonl',
  'format' = 'json'
);

CREATE TABLE `Shipments` (
  `order_id` INT,
  `warehouse` STRING,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Shipments.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `id` INT,
  `product` STRING,
  `warehouse` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `o`.`id`, `o`.`product`, `s`.`warehouse` FROM `Orders` `o` JOIN `Shipments` `s` ON `o`.`id` = `s`.`order_id`;

END;

=== a column of the data named op is an ordinary column: joined, selected and filtered as any other (only an updating result's kind of change is written as op)
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Changes` (
  `id` INT,
  `op` STRING,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Changes.jsonl',
  'format' = 'json'
);

CREATE TABLE `Shipments` (
  `order_id` INT,
  `warehouse` STRING,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Shipments.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `id` INT,
  `op` STRING,
  `warehouse` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

CREATE TABLE `RESULT_2` (
  `op` STRING,
  `id` INT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT_2',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `c`.`id`, `c`.`op`, `s`.`warehouse` FROM `Changes` `c` JOIN `Shipments` `s` ON `c`.`id` = `s`.`order_id`;

INSERT INTO `RESULT_2`
SELECT `op`, `id` FROM `Changes` WHERE `op` <> 'd';

END;

=== a join keeps of its sides only the columns read above it, and those its ON and a WHERE over it read: an unselected column still decides which pairs pass and which padded rows stay
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Orders` (
  `id` INT,
  `product` STRING,
  `qty` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Orders.jsonl',
  'format' = 'json'
);

CREATE TABLE `Shipments` (
  `order_id` INT,
  `warehouse` STRING,
  `qty` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Shipments.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `product` STRING,
  `warehouse` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

CREATE TABLE `RESULT_2` (
  `product` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT_2',
  'format' = 'debezium-json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `o`.`product`, `s`.`warehouse` FROM `Orders` `o` JOIN `Shipments` `s` ON `o`.`id` = `s`.`order_id` AND `s`.`qty` >= `o`.`qty`;

INSERT INTO `RESULT_2`
SELECT `o`.`product` FROM `Orders` `o` LEFT JOIN `Shipments` `s` ON `o`.`id` = `s`.`order_id` WHERE `s`.`warehouse` IS NULL OR `s`.`qty` > 5;

END;

=== a window over an interval join's view: its pairs counted per 10-second window of the bid's time, the join keeping only the columns the view selects and its ON reads (a reserve the price must reach, the time bound)
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Bids` (
  `auction` INT,
  `price` INT,
  `bidder` STRING,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Bids.jsonl',
  'format' = 'json'
);

CREATE TABLE `Auctions` (
  `id` INT,
  `seller` STRING,
  `reserve` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Auctions.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `window_start` TIMESTAMP(3),
  `seller` STRING,
  `n` BIGINT,
  `total` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

CREATE VIEW `pairs` AS
SELECT `b`.`ts`, `b`.`price`, `a`.`seller` FROM `Bids` `b` JOIN `Auctions` `a` ON `b`.`auction` = `a`.`id` AND `b`.`price` >= `a`.`reserve` AND `b`.`ts` BETWEEN `a`.`ts` AND `a`.`ts` + INTERVAL '10' SECOND;

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `window_start`, `seller`, COUNT(*) AS `n`, SUM(`price`) AS `total` FROM TABLE(TUMBLE(TABLE `pairs`, DESCRIPTOR(`ts`), INTERVAL '10' SECOND)) GROUP BY `window_start`, `window_end`, `seller`;

END;

=== a join of a join: the inner one keeps only what the outer reads of it (its ON's key and condition, the columns selected)
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Orders` (
  `id` INT,
  `product` STRING,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Orders.jsonl',
  'format' = 'json'
);

CREATE TABLE `Shipments` (
  `order_id` INT,
  `warehouse` STRING,
  `qty` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Shipments.jsonl',
  'format' = 'json'
);

CREATE TABLE `Warehouses` (
  `name` STRING,
  `city` STRING,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Warehouses.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `product` STRING,
  `city` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `o`.`product`, `w`.`city` FROM `Orders` `o` JOIN `Shipments` `s` ON `o`.`id` = `s`.`order_id` JOIN `Warehouses` `w` ON `s`.`warehouse` = `w`.`name` AND `s`.`qty` > 1;

END;

=== join strategy hints leave a streaming join's rows as they are, as in Flink, which checks the tables they name
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Orders` (
  `id` INT,
  `product` STRING,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Orders.jsonl',
  'format' = 'json'
);

CREATE TABLE `Shipments` (
  `order_id` INT,
  `warehouse` STRING,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Shipments.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `id` INT,
  `product` STRING,
  `warehouse` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

CREATE TABLE `RESULT_2` (
  `id` INT,
  `warehouse` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT_2',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT /*+ BROADCAST(Shipments), SHUFFLE_HASH(Orders) */ `o`.`id`, `o`.`product`, `s`.`warehouse` FROM `Orders` `o` JOIN `Shipments` `s` ON `o`.`id` = `s`.`order_id`;

INSERT INTO `RESULT_2`
SELECT /*+ NEST_LOOP(Orders), LOOKUP('table'='Shipments', 'retry-predicate'='lookup_miss', 'max-attempts'='3') */ `o`.`id`, `s`.`warehouse` FROM `Orders` `o` JOIN `Shipments` `s` ON `o`.`id` = `s`.`order_id`;

END;

=== columns of one name from both sides are named apart as Flink names them (ts, ts0, and id0 for a name taken by another), as is a wildcard's, in a view read again
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Orders` (
  `id` INT,
  `product` STRING,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Orders.jsonl',
  'format' = 'json'
);

CREATE TABLE `Shipments` (
  `order_id` INT,
  `warehouse` STRING,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Shipments.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `id` INT,
  `ts` TIMESTAMP(3),
  `ts0` TIMESTAMP(3),
  `id0` INT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

CREATE TABLE `RESULT_2` (
  `id` INT,
  `ts0` TIMESTAMP(3),
  `warehouse` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT_2',
  'format' = 'json'
);

CREATE VIEW `pairs` AS
SELECT * FROM `Orders` `o` JOIN `Shipments` `s` ON `o`.`id` = `s`.`order_id`;

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `id`, CAST(`ts` AS TIMESTAMP(3)) AS `ts`, CAST(`ts0` AS TIMESTAMP(3)) AS `ts0`, `id0` FROM (
SELECT `o`.`id`, `o`.`ts`, `s`.`ts`, `s`.`order_id` AS `id` FROM `Orders` `o` JOIN `Shipments` `s` ON `o`.`id` = `s`.`order_id`
) AS `q`(`id`, `ts`, `ts0`, `id0`);

INSERT INTO `RESULT_2`
SELECT `id`, `ts0`, `warehouse` FROM `pairs`;

END;

=== a LEFT join retracts a padded row when its first match comes, as Flink does
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Orders` (
  `id` INT,
  `product` STRING,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Orders.jsonl',
  'format' = 'json'
);

CREATE TABLE `Shipments` (
  `order_id` INT,
  `warehouse` STRING,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Shipments.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `id` INT,
  `product` STRING,
  `warehouse` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `o`.`id`, `o`.`product`, `s`.`warehouse` FROM `Orders` `o` LEFT JOIN `Shipments` `s` ON `o`.`id` = `s`.`order_id`;

END;

=== RIGHT and FULL joins; the rest of ON decides what matches, so a pair it rejects leaves both rows padded
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Orders` (
  `id` INT,
  `product` STRING,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Orders.jsonl',
  'format' = 'json'
);

CREATE TABLE `Shipments` (
  `order_id` INT,
  `warehouse` STRING,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Shipments.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `id` INT,
  `order_id` INT,
  `warehouse` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

CREATE TABLE `RESULT_2` (
  `id` INT,
  `product` STRING,
  `order_id` INT,
  `warehouse` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT_2',
  'format' = 'debezium-json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `o`.`id`, `s`.`order_id`, `s`.`warehouse` FROM `Orders` `o` RIGHT JOIN `Shipments` `s` ON `o`.`id` = `s`.`order_id`;

INSERT INTO `RESULT_2`
SELECT `o`.`id`, `o`.`product`, `s`.`order_id`, `s`.`warehouse` FROM `Orders` `o` FULL JOIN `Shipments` `s` ON `o`.`id` = `s`.`order_id` AND `s`.`warehouse` <> 'X';

END;

=== a comma join takes its keys from WHERE, and WHERE's conditions on one side filter before the join
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Orders` (
  `id` INT,
  `product` STRING,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Orders.jsonl',
  'format' = 'json'
);

CREATE TABLE `Shipments` (
  `order_id` INT,
  `warehouse` STRING,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Shipments.jsonl',
  'format' = 'json'
);

-- kdalite note: EXPLAIN left out: Flink's EXPLAIN is a statement of its own
CREATE TABLE `RESULT` (
  `product` STRING,
  `warehouse` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `O`.`product`, `S`.`warehouse` FROM `Orders` `O`, `Shipments` `S` WHERE `O`.`id` = `S`.`order_id` AND `S`.`warehouse` <> 'X';

END;

=== an interval join: bids with the auctions opened up to 10 seconds before them; a row out of order still meets what is cached
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Events` (
  `kind` STRING,
  `id` INT,
  `auction` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '2' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Events.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `bid` INT,
  `auction` INT,
  `bid_ts` TIMESTAMP(3),
  `auction_ts` TIMESTAMP(3)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

CREATE VIEW `Auctions` AS
SELECT `id`, `ts` FROM `Events` WHERE `kind` = 'A';

CREATE VIEW `Bids` AS
SELECT `id`, `auction`, `ts` FROM `Events` WHERE `kind` = 'B';

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `bid`, `auction`, CAST(`bid_ts` AS TIMESTAMP(3)) AS `bid_ts`, CAST(`auction_ts` AS TIMESTAMP(3)) AS `auction_ts` FROM (
SELECT `B`.`id` AS `bid`, `A`.`id` AS `auction`, `B`.`ts` AS `bid_ts`, `A`.`ts` AS `auction_ts` FROM `Bids` `B` JOIN `Auctions` `A` ON `B`.`auction` = `A`.`id` WHERE `B`.`ts` BETWEEN `A`.`ts` AND `A`.`ts` + INTERVAL '10' SECOND
) AS `q`(`bid`, `auction`, `bid_ts`, `auction_ts`);

END;

=== an interval join's strict bounds are a millisecond inside, and its LEFT rows that match nothing come out when the watermark passes them
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Events` (
  `kind` STRING,
  `id` INT,
  `auction` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '2' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Events.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `auction` INT,
  `bid` INT,
  `auction_ts` TIMESTAMP(3),
  `bid_ts` TIMESTAMP(3)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

CREATE VIEW `Auctions` AS
SELECT `id`, `ts` FROM `Events` WHERE `kind` = 'A';

CREATE VIEW `Bids` AS
SELECT `id`, `auction`, `ts` FROM `Events` WHERE `kind` = 'B';

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `auction`, `bid`, CAST(`auction_ts` AS TIMESTAMP(3)) AS `auction_ts`, CAST(`bid_ts` AS TIMESTAMP(3)) AS `bid_ts` FROM (
SELECT `A`.`id` AS `auction`, `B`.`id` AS `bid`, `A`.`ts` AS `auction_ts`, `B`.`ts` AS `bid_ts` FROM `Auctions` `A` LEFT JOIN `Bids` `B` ON `B`.`auction` = `A`.`id` AND `B`.`ts` > `A`.`ts` AND `B`.`ts` < `A`.`ts` + INTERVAL '5' SECOND
) AS `q`(`auction`, `bid`, `auction_ts`, `bid_ts`);

END;

=== a window join pairs the rows of each window when it fires; a row for a fired window is late
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Events` (
  `side` STRING,
  `id` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Events.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `id` INT,
  `window_start` TIMESTAMP(3),
  `window_end` TIMESTAMP(3),
  `r_id` INT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

CREATE VIEW `L` AS
SELECT `id`, `ts` FROM `Events` WHERE `side` = 'L';

CREATE VIEW `R` AS
SELECT `id`, `ts` FROM `Events` WHERE `side` = 'R';

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `id`, CAST(`window_start` AS TIMESTAMP(3)) AS `window_start`, CAST(`window_end` AS TIMESTAMP(3)) AS `window_end`, `r_id` FROM (
SELECT `L`.`id`, `L`.`window_start`, `L`.`window_end`, `R`.`id` AS `r_id` FROM (SELECT * FROM TABLE(TUMBLE(TABLE `L`, DESCRIPTOR(`ts`), INTERVAL '5' SECOND))) `L` LEFT JOIN (SELECT * FROM TABLE(TUMBLE(TABLE `R`, DESCRIPTOR(`ts`), INTERVAL '5' SECOND))) `R` ON `L`.`id` = `R`.`id` AND `L`.`window_start` = `R`.`window_start` AND `L`.`window_end` = `R`.`window_end`
) AS `q`(`id`, `window_start`, `window_end`, `r_id`);

END;

=== window aggregates joined on their windows (Nexmark q8's shape), and a window aggregate over another's windows (q5's cascade)
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Events` (
  `side` STRING,
  `k` STRING,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Events.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `k` STRING,
  `n` BIGINT,
  `m` BIGINT,
  `starttime` TIMESTAMP(3)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

CREATE TABLE `RESULT_2` (
  `most` BIGINT,
  `starttime` TIMESTAMP(3),
  `endtime` TIMESTAMP(3)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT_2',
  'format' = 'json'
);

CREATE VIEW `L` AS
SELECT `k`, `ts` FROM `Events` WHERE `side` = 'L';

CREATE VIEW `R` AS
SELECT `k`, `ts` FROM `Events` WHERE `side` = 'R';

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `A`.`k`, `A`.`n`, `B`.`m`, `A`.`starttime` FROM (SELECT `k`, COUNT(*) AS `n`, `window_start` AS `starttime`, `window_end` AS `endtime` FROM TABLE(TUMBLE(TABLE `L`, DESCRIPTOR(`ts`), INTERVAL '10' SECOND)) GROUP BY `k`, `window_start`, `window_end`) `A` JOIN (SELECT `k`, COUNT(*) AS `m`, `window_start` AS `starttime`, `window_end` AS `endtime` FROM TABLE(TUMBLE(TABLE `R`, DESCRIPTOR(`ts`), INTERVAL '10' SECOND)) GROUP BY `k`, `window_start`, `window_end`) `B` ON `A`.`k` = `B`.`k` AND `A`.`starttime` = `B`.`starttime` AND `A`.`endtime` = `B`.`endtime`;

INSERT INTO `RESULT_2`
SELECT `most`, CAST(`starttime` AS TIMESTAMP(3)) AS `starttime`, CAST(`endtime` AS TIMESTAMP(3)) AS `endtime` FROM (
SELECT MAX(`n`) AS `most`, `starttime`, `endtime` FROM (SELECT `k`, COUNT(*) AS `n`, `window_start` AS `starttime`, `window_end` AS `endtime` FROM TABLE(HOP(TABLE `L`, DESCRIPTOR(`ts`), INTERVAL '5' SECOND, INTERVAL '10' SECOND)) GROUP BY `k`, `window_start`, `window_end`) GROUP BY `starttime`, `endtime`
) AS `q`(`most`, `starttime`, `endtime`);

END;

=== IN (SELECT …) is a semi join: each order once, when its first shipment has come; insert-only
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Orders` (
  `id` INT,
  `product` STRING,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Orders.jsonl',
  'format' = 'json'
);

CREATE TABLE `Shipments` (
  `order_id` INT,
  `warehouse` STRING,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Shipments.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `id` INT,
  `product` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `id`, `product` FROM `Orders` WHERE `id` IN (SELECT `order_id` FROM `Shipments`);

END;

=== EXISTS with a correlated condition and a filter of its own: a semi join on the correlation
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Orders` (
  `id` INT,
  `product` STRING,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Orders.jsonl',
  'format' = 'json'
);

CREATE TABLE `Shipments` (
  `order_id` INT,
  `warehouse` STRING,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Shipments.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `id` INT,
  `product` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `o`.`id`, `o`.`product` FROM `Orders` `o` WHERE EXISTS (SELECT * FROM `Shipments` `s` WHERE `s`.`order_id` = `o`.`id` AND `s`.`warehouse` <> 'X');

END;

=== NOT EXISTS is an anti join: an order goes out while nothing matches it, and is deleted when a match comes
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Orders` (
  `id` INT,
  `product` STRING,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Orders.jsonl',
  'format' = 'json'
);

CREATE TABLE `Shipments` (
  `order_id` INT,
  `warehouse` STRING,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Shipments.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `id` INT,
  `product` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `o`.`id`, `o`.`product` FROM `Orders` `o` WHERE NOT EXISTS (SELECT * FROM `Shipments` `s` WHERE `s`.`order_id` = `o`.`id`);

END;

=== NOT IN beside a NULL keeps no row, as SQL's three-valued logic has it
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Orders` (
  `id` INT,
  `product` STRING,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Orders.jsonl',
  'format' = 'json'
);

CREATE TABLE `Shipments` (
  `order_id` INT,
  `warehouse` STRING,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Shipments.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `id` INT,
  `product` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

CREATE TABLE `RESULT_2` (
  `id` INT,
  `product` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT_2',
  'format' = 'debezium-json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `id`, `product` FROM `Orders` WHERE `id` NOT IN (SELECT `order_id` FROM `Shipments`);

INSERT INTO `RESULT_2`
SELECT `id`, `product` FROM `Orders` WHERE `id` NOT IN (SELECT `order_id` FROM `Shipments` WHERE `order_id` IS NOT NULL);

END;

=== IN (SELECT …) beside other conditions, and an aggregate of its rows
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Orders` (
  `id` INT,
  `product` STRING,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Orders.jsonl',
  'format' = 'json'
);

CREATE TABLE `Shipments` (
  `order_id` INT,
  `warehouse` STRING,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Shipments.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `product` STRING,
  `orders` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `product`, COUNT(*) AS `orders` FROM `Orders` WHERE `id` > 1 AND `id` IN (SELECT `order_id` FROM `Shipments` WHERE `warehouse` <> 'north') GROUP BY `product`;

END;

=== EXISTS over an aggregate: grouped by its correlation's inner side too, as Flink decorrelates it (the orders shipped twice; the same table on Flink 2.3)
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Orders` (
  `id` INT,
  `product` STRING,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Orders.jsonl',
  'format' = 'json'
);

CREATE TABLE `Shipments` (
  `order_id` INT,
  `warehouse` STRING,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Shipments.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `id` INT,
  `product` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `id`, `product` FROM `Orders` `o` WHERE EXISTS (SELECT `order_id` FROM `Shipments` `s` WHERE `s`.`order_id` = `o`.`id` GROUP BY `order_id` HAVING COUNT(*) > 1);

END;

=== NOT EXISTS over a join: the subquery's columns in the correlation are selected by it and joined on (no other order of the same id has another product; the same table on Flink 2.3)
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Orders` (
  `id` INT,
  `product` STRING,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Orders.jsonl',
  'format' = 'json'
);

CREATE TABLE `Shipments` (
  `order_id` INT,
  `warehouse` STRING,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Shipments.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `id` INT,
  `product` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `id`, `product` FROM `Orders` `o` WHERE NOT EXISTS (SELECT 1 FROM `Shipments` `s` JOIN `Orders` `p` ON `s`.`order_id` = `p`.`id` WHERE `s`.`order_id` = `o`.`id` AND `p`.`product` <> `o`.`product`);

END;

=== Flink's event-time temporal join: each order, once the watermarks pass its time, with the rate its currency had then (a versioned table: a PRIMARY KEY and a WATERMARK, each row a new version); o4 comes late and still meets the version of its time; the same rows, in the same order, on Flink 2.3
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `orders` (
  `order_id` STRING,
  `price` DECIMAL(10,2),
  `currency` STRING,
  `order_time` TIMESTAMP(3),
  WATERMARK FOR `order_time` AS `order_time`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/orders.jsonl',
  'format' = 'json'
);

CREATE TABLE `rates` (
  `currency` STRING,
  `rate` DECIMAL(10,4),
  `update_time` TIMESTAMP(3),
  WATERMARK FOR `update_time` AS `update_time`,
  PRIMARY KEY (`currency`) NOT ENFORCED
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/rates.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `order_id` STRING,
  `converted` DECIMAL(21, 6),
  `update_time` TIMESTAMP(3)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `o`.`order_id`, `o`.`price` * `r`.`rate` AS `converted`, `r`.`update_time` FROM `orders` AS `o` JOIN `rates` FOR SYSTEM_TIME AS OF `o`.`order_time` AS `r` ON `o`.`currency` = `r`.`currency`;

END;

=== a LEFT temporal join pads an order with no version, or whose version fails the rest of the ON condition (which judges the version current at the order's time, not which version it meets)
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `orders` (
  `order_id` STRING,
  `price` DECIMAL(10,2),
  `currency` STRING,
  `order_time` TIMESTAMP(3),
  WATERMARK FOR `order_time` AS `order_time`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/orders.jsonl',
  'format' = 'json'
);

CREATE TABLE `rates` (
  `currency` STRING,
  `rate` DECIMAL(10,4),
  `update_time` TIMESTAMP(3),
  WATERMARK FOR `update_time` AS `update_time`,
  PRIMARY KEY (`currency`) NOT ENFORCED
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/rates.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `order_id` STRING,
  `rate` DECIMAL(10, 4)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `o`.`order_id`, `r`.`rate` FROM `orders` AS `o` LEFT JOIN `rates` FOR SYSTEM_TIME AS OF `o`.`order_time` AS `r` ON `o`.`currency` = `r`.`currency` AND `r`.`rate` > 1.15;

END;

=== a temporal join keeps the order's time attribute: a window follows it
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `orders` (
  `order_id` STRING,
  `price` DECIMAL(10,2),
  `currency` STRING,
  `order_time` TIMESTAMP(3),
  WATERMARK FOR `order_time` AS `order_time`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/orders.jsonl',
  'format' = 'json'
);

CREATE TABLE `rates` (
  `currency` STRING,
  `rate` DECIMAL(10,4),
  `update_time` TIMESTAMP(3),
  WATERMARK FOR `update_time` AS `update_time`,
  PRIMARY KEY (`currency`) NOT ENFORCED
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/rates.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `window_start` TIMESTAMP(3),
  `n` BIGINT,
  `total` DECIMAL(38, 6)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

CREATE VIEW `kdalite_tvf_input_1` AS
SELECT `o`.`order_time`, `o`.`price`, `r`.`rate` FROM `orders` AS `o` JOIN `rates` FOR SYSTEM_TIME AS OF `o`.`order_time` AS `r` ON `o`.`currency` = `r`.`currency`;

EXECUTE STATEMENT SET
BEGIN

-- kdalite note: the subquery a window TVF reads is the view `kdalite_tvf_input_1`
INSERT INTO `RESULT`
SELECT `window_start`, COUNT(*) AS `n`, SUM(`price` * `rate`) AS `total` FROM TABLE(TUMBLE(TABLE `kdalite_tvf_input_1`, DESCRIPTOR(`order_time`), INTERVAL '10' SECOND)) GROUP BY `window_start`, `window_end`;

END;

=== a versioned view, Flink's documented example: a view keeping each currency's last rate by event time is versioned by currency, its changes the versions (a rate older than its currency's latest, 9.9 at 00:00:07, is not one); JOIN and LEFT JOIN, as on Flink 2.3
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `orders` (
  `order_id` STRING,
  `price` DECIMAL(10,2),
  `currency` STRING,
  `order_time` TIMESTAMP(3),
  WATERMARK FOR `order_time` AS `order_time`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/orders.jsonl',
  'format' = 'json'
);

CREATE TABLE `rates_history` (
  `currency` STRING,
  `conversion_rate` DECIMAL(10,4),
  `update_time` TIMESTAMP(3),
  WATERMARK FOR `update_time` AS `update_time`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/rates_history.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `order_id` STRING,
  `order_time` TIMESTAMP(3),
  `amount` DECIMAL(21, 6),
  `currency` STRING,
  `update_time` TIMESTAMP(3)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

CREATE TABLE `RESULT_2` (
  `order_id` STRING,
  `conversion_rate` DECIMAL(10, 4)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT_2',
  'format' = 'json'
);

CREATE VIEW `versioned_rates` AS
SELECT `currency`, `conversion_rate`, `update_time` FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY `currency` ORDER BY `update_time` DESC) AS `rownum` FROM `rates_history`) WHERE `rownum` = 1;

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `order_id`, CAST(`order_time` AS TIMESTAMP(3)) AS `order_time`, `amount`, `currency`, CAST(`update_time` AS TIMESTAMP(3)) AS `update_time` FROM (
SELECT `o`.`order_id`, `o`.`order_time`, `o`.`price` * `r`.`conversion_rate` AS `amount`, `r`.`currency`, `r`.`update_time` FROM `orders` AS `o` JOIN `versioned_rates` FOR SYSTEM_TIME AS OF `o`.`order_time` AS `r` ON `o`.`currency` = `r`.`currency`
) AS `q`(`order_id`, `order_time`, `amount`, `currency`, `update_time`);

INSERT INTO `RESULT_2`
SELECT `o`.`order_id`, `r`.`conversion_rate` FROM `orders` AS `o` LEFT JOIN `versioned_rates` FOR SYSTEM_TIME AS OF `o`.`order_time` AS `r` ON `o`.`currency` = `r`.`currency`;

END;

