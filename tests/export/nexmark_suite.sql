=== Nexmark q0, pass-through
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `datagen` (
  `event_type` INT,
  `person` ROW<`id` BIGINT, `name` VARCHAR, `emailAddress` VARCHAR, `creditCard` VARCHAR, `city` VARCHAR, `state` VARCHAR, `dateTime` TIMESTAMP(3), `extra` VARCHAR>,
  `auction` ROW<`id` BIGINT, `itemName` VARCHAR, `description` VARCHAR, `initialBid` BIGINT, `reserve` BIGINT, `dateTime` TIMESTAMP(3), `expires` TIMESTAMP(3), `seller` BIGINT, `category` BIGINT, `extra` VARCHAR>,
  `bid` ROW<`auction` BIGINT, `bidder` BIGINT, `price` BIGINT, `channel` VARCHAR, `url` VARCHAR, `dateTime` TIMESTAMP(3), `extra` VARCHAR>,
  `dateTime` AS CASE WHEN `event_type` = 0 THEN `person`.`dateTime` WHEN `event_type` = 1 THEN `auction`.`dateTime` ELSE `bid`.`dateTime` END,
  WATERMARK FOR `dateTime` AS `dateTime` - INTERVAL '4' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/datagen.jsonl',
  'format' = 'json'
);

CREATE TABLE `nexmark_q0` (
  `auction` BIGINT,
  `bidder` BIGINT,
  `price` BIGINT,
  `dateTime` TIMESTAMP(3),
  `extra` VARCHAR
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/nexmark_q0',
  'format' = 'json'
);

CREATE VIEW `person` AS
SELECT `person`.`id`, `person`.`name`, `person`.`emailAddress`, `person`.`creditCard`, `person`.`city`, `person`.`state`, `dateTime`, `person`.`extra` FROM `datagen` WHERE `event_type` = 0;

CREATE VIEW `auction` AS
SELECT `auction`.`id`, `auction`.`itemName`, `auction`.`description`, `auction`.`initialBid`, `auction`.`reserve`, `dateTime`, `auction`.`expires`, `auction`.`seller`, `auction`.`category`, `auction`.`extra` FROM `datagen` WHERE `event_type` = 1;

CREATE VIEW `bid` AS
SELECT `bid`.`auction`, `bid`.`bidder`, `bid`.`price`, `bid`.`channel`, `bid`.`url`, `dateTime`, `bid`.`extra` FROM `datagen` WHERE `event_type` = 2;

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `nexmark_q0`
SELECT `auction`, `bidder`, `price`, `dateTime`, `extra` FROM `bid`;

END;

=== Nexmark q1, currency conversion
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `datagen` (
  `event_type` INT,
  `person` ROW<`id` BIGINT, `name` VARCHAR, `emailAddress` VARCHAR, `creditCard` VARCHAR, `city` VARCHAR, `state` VARCHAR, `dateTime` TIMESTAMP(3), `extra` VARCHAR>,
  `auction` ROW<`id` BIGINT, `itemName` VARCHAR, `description` VARCHAR, `initialBid` BIGINT, `reserve` BIGINT, `dateTime` TIMESTAMP(3), `expires` TIMESTAMP(3), `seller` BIGINT, `category` BIGINT, `extra` VARCHAR>,
  `bid` ROW<`auction` BIGINT, `bidder` BIGINT, `price` BIGINT, `channel` VARCHAR, `url` VARCHAR, `dateTime` TIMESTAMP(3), `extra` VARCHAR>,
  `dateTime` AS CASE WHEN `event_type` = 0 THEN `person`.`dateTime` WHEN `event_type` = 1 THEN `auction`.`dateTime` ELSE `bid`.`dateTime` END,
  WATERMARK FOR `dateTime` AS `dateTime` - INTERVAL '4' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/datagen.jsonl',
  'format' = 'json'
);

CREATE TABLE `nexmark_q1` (
  `auction` BIGINT,
  `bidder` BIGINT,
  `price` DECIMAL(23,3),
  `dateTime` TIMESTAMP(3),
  `extra` VARCHAR
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/nexmark_q1',
  'format' = 'json'
);

CREATE VIEW `person` AS
SELECT `person`.`id`, `person`.`name`, `person`.`emailAddress`, `person`.`creditCard`, `person`.`city`, `person`.`state`, `dateTime`, `person`.`extra` FROM `datagen` WHERE `event_type` = 0;

CREATE VIEW `auction` AS
SELECT `auction`.`id`, `auction`.`itemName`, `auction`.`description`, `auction`.`initialBid`, `auction`.`reserve`, `dateTime`, `auction`.`expires`, `auction`.`seller`, `auction`.`category`, `auction`.`extra` FROM `datagen` WHERE `event_type` = 1;

CREATE VIEW `bid` AS
SELECT `bid`.`auction`, `bid`.`bidder`, `bid`.`price`, `bid`.`channel`, `bid`.`url`, `dateTime`, `bid`.`extra` FROM `datagen` WHERE `event_type` = 2;

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `nexmark_q1`
SELECT `auction`, `bidder`, 0.908 * `price` AS `price`, `dateTime`, `extra` FROM `bid`;

END;

=== Nexmark q2, selection
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `datagen` (
  `event_type` INT,
  `person` ROW<`id` BIGINT, `name` VARCHAR, `emailAddress` VARCHAR, `creditCard` VARCHAR, `city` VARCHAR, `state` VARCHAR, `dateTime` TIMESTAMP(3), `extra` VARCHAR>,
  `auction` ROW<`id` BIGINT, `itemName` VARCHAR, `description` VARCHAR, `initialBid` BIGINT, `reserve` BIGINT, `dateTime` TIMESTAMP(3), `expires` TIMESTAMP(3), `seller` BIGINT, `category` BIGINT, `extra` VARCHAR>,
  `bid` ROW<`auction` BIGINT, `bidder` BIGINT, `price` BIGINT, `channel` VARCHAR, `url` VARCHAR, `dateTime` TIMESTAMP(3), `extra` VARCHAR>,
  `dateTime` AS CASE WHEN `event_type` = 0 THEN `person`.`dateTime` WHEN `event_type` = 1 THEN `auction`.`dateTime` ELSE `bid`.`dateTime` END,
  WATERMARK FOR `dateTime` AS `dateTime` - INTERVAL '4' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/datagen.jsonl',
  'format' = 'json'
);

CREATE TABLE `nexmark_q2` (
  `auction` BIGINT,
  `price` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/nexmark_q2',
  'format' = 'json'
);

CREATE VIEW `person` AS
SELECT `person`.`id`, `person`.`name`, `person`.`emailAddress`, `person`.`creditCard`, `person`.`city`, `person`.`state`, `dateTime`, `person`.`extra` FROM `datagen` WHERE `event_type` = 0;

CREATE VIEW `auction` AS
SELECT `auction`.`id`, `auction`.`itemName`, `auction`.`description`, `auction`.`initialBid`, `auction`.`reserve`, `dateTime`, `auction`.`expires`, `auction`.`seller`, `auction`.`category`, `auction`.`extra` FROM `datagen` WHERE `event_type` = 1;

CREATE VIEW `bid` AS
SELECT `bid`.`auction`, `bid`.`bidder`, `bid`.`price`, `bid`.`channel`, `bid`.`url`, `dateTime`, `bid`.`extra` FROM `datagen` WHERE `event_type` = 2;

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `nexmark_q2`
SELECT `auction`, `price` FROM `bid` WHERE MOD(`auction`, 123) = 0;

END;

=== Nexmark q3, local item suggestion: a regular join of the auction and person views
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `datagen` (
  `event_type` INT,
  `person` ROW<`id` BIGINT, `name` VARCHAR, `emailAddress` VARCHAR, `creditCard` VARCHAR, `city` VARCHAR, `state` VARCHAR, `dateTime` TIMESTAMP(3), `extra` VARCHAR>,
  `auction` ROW<`id` BIGINT, `itemName` VARCHAR, `description` VARCHAR, `initialBid` BIGINT, `reserve` BIGINT, `dateTime` TIMESTAMP(3), `expires` TIMESTAMP(3), `seller` BIGINT, `category` BIGINT, `extra` VARCHAR>,
  `bid` ROW<`auction` BIGINT, `bidder` BIGINT, `price` BIGINT, `channel` VARCHAR, `url` VARCHAR, `dateTime` TIMESTAMP(3), `extra` VARCHAR>,
  `dateTime` AS CASE WHEN `event_type` = 0 THEN `person`.`dateTime` WHEN `event_type` = 1 THEN `auction`.`dateTime` ELSE `bid`.`dateTime` END,
  WATERMARK FOR `dateTime` AS `dateTime` - INTERVAL '4' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/datagen.jsonl',
  'format' = 'json'
);

CREATE TABLE `nexmark_q3` (
  `name` VARCHAR,
  `city` VARCHAR,
  `state` VARCHAR,
  `id` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/nexmark_q3',
  'format' = 'json'
);

CREATE VIEW `person` AS
SELECT `person`.`id`, `person`.`name`, `person`.`emailAddress`, `person`.`creditCard`, `person`.`city`, `person`.`state`, `dateTime`, `person`.`extra` FROM `datagen` WHERE `event_type` = 0;

CREATE VIEW `auction` AS
SELECT `auction`.`id`, `auction`.`itemName`, `auction`.`description`, `auction`.`initialBid`, `auction`.`reserve`, `dateTime`, `auction`.`expires`, `auction`.`seller`, `auction`.`category`, `auction`.`extra` FROM `datagen` WHERE `event_type` = 1;

CREATE VIEW `bid` AS
SELECT `bid`.`auction`, `bid`.`bidder`, `bid`.`price`, `bid`.`channel`, `bid`.`url`, `dateTime`, `bid`.`extra` FROM `datagen` WHERE `event_type` = 2;

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `nexmark_q3`
SELECT `P`.`name`, `P`.`city`, `P`.`state`, `A`.`id` FROM `auction` AS `A` INNER JOIN `person` AS `P` ON `A`.`seller` = `P`.`id` WHERE `A`.`category` = 10 AND (`P`.`state` = 'OR' OR `P`.`state` = 'ID' OR `P`.`state` = 'CA');

END;

=== Nexmark q5, hot items: HOP window counts joined on their windows to their maximum, a window aggregate over window aggregates
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `datagen` (
  `event_type` INT,
  `person` ROW<`id` BIGINT, `name` VARCHAR, `emailAddress` VARCHAR, `creditCard` VARCHAR, `city` VARCHAR, `state` VARCHAR, `dateTime` TIMESTAMP(3), `extra` VARCHAR>,
  `auction` ROW<`id` BIGINT, `itemName` VARCHAR, `description` VARCHAR, `initialBid` BIGINT, `reserve` BIGINT, `dateTime` TIMESTAMP(3), `expires` TIMESTAMP(3), `seller` BIGINT, `category` BIGINT, `extra` VARCHAR>,
  `bid` ROW<`auction` BIGINT, `bidder` BIGINT, `price` BIGINT, `channel` VARCHAR, `url` VARCHAR, `dateTime` TIMESTAMP(3), `extra` VARCHAR>,
  `dateTime` AS CASE WHEN `event_type` = 0 THEN `person`.`dateTime` WHEN `event_type` = 1 THEN `auction`.`dateTime` ELSE `bid`.`dateTime` END,
  WATERMARK FOR `dateTime` AS `dateTime` - INTERVAL '4' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/datagen.jsonl',
  'format' = 'json'
);

CREATE TABLE `nexmark_q5` (
  `auction` BIGINT,
  `num` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/nexmark_q5',
  'format' = 'json'
);

CREATE VIEW `person` AS
SELECT `person`.`id`, `person`.`name`, `person`.`emailAddress`, `person`.`creditCard`, `person`.`city`, `person`.`state`, `dateTime`, `person`.`extra` FROM `datagen` WHERE `event_type` = 0;

CREATE VIEW `auction` AS
SELECT `auction`.`id`, `auction`.`itemName`, `auction`.`description`, `auction`.`initialBid`, `auction`.`reserve`, `dateTime`, `auction`.`expires`, `auction`.`seller`, `auction`.`category`, `auction`.`extra` FROM `datagen` WHERE `event_type` = 1;

CREATE VIEW `bid` AS
SELECT `bid`.`auction`, `bid`.`bidder`, `bid`.`price`, `bid`.`channel`, `bid`.`url`, `dateTime`, `bid`.`extra` FROM `datagen` WHERE `event_type` = 2;

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `nexmark_q5`
SELECT `AuctionBids`.`auction`, `AuctionBids`.`num` FROM (SELECT `auction`, count(*) AS `num`, `window_start` AS `starttime`, `window_end` AS `endtime` FROM TABLE(HOP(TABLE `bid`, DESCRIPTOR(`dateTime`), INTERVAL '2' SECOND, INTERVAL '10' SECOND)) GROUP BY `auction`, `window_start`, `window_end`) AS `AuctionBids` JOIN (SELECT max(`CountBids`.`num`) AS `maxn`, `CountBids`.`starttime`, `CountBids`.`endtime` FROM (SELECT count(*) AS `num`, `window_start` AS `starttime`, `window_end` AS `endtime` FROM TABLE(HOP(TABLE `bid`, DESCRIPTOR(`dateTime`), INTERVAL '2' SECOND, INTERVAL '10' SECOND)) GROUP BY `auction`, `window_start`, `window_end`) AS `CountBids` GROUP BY `CountBids`.`starttime`, `CountBids`.`endtime`) AS `MaxBids` ON `AuctionBids`.`starttime` = `MaxBids`.`starttime` AND `AuctionBids`.`endtime` = `MaxBids`.`endtime` AND `AuctionBids`.`num` >= `MaxBids`.`maxn`;

END;

=== Nexmark q7, highest bid: the bids joined to the highest price of each window
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `datagen` (
  `event_type` INT,
  `person` ROW<`id` BIGINT, `name` VARCHAR, `emailAddress` VARCHAR, `creditCard` VARCHAR, `city` VARCHAR, `state` VARCHAR, `dateTime` TIMESTAMP(3), `extra` VARCHAR>,
  `auction` ROW<`id` BIGINT, `itemName` VARCHAR, `description` VARCHAR, `initialBid` BIGINT, `reserve` BIGINT, `dateTime` TIMESTAMP(3), `expires` TIMESTAMP(3), `seller` BIGINT, `category` BIGINT, `extra` VARCHAR>,
  `bid` ROW<`auction` BIGINT, `bidder` BIGINT, `price` BIGINT, `channel` VARCHAR, `url` VARCHAR, `dateTime` TIMESTAMP(3), `extra` VARCHAR>,
  `dateTime` AS CASE WHEN `event_type` = 0 THEN `person`.`dateTime` WHEN `event_type` = 1 THEN `auction`.`dateTime` ELSE `bid`.`dateTime` END,
  WATERMARK FOR `dateTime` AS `dateTime` - INTERVAL '4' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/datagen.jsonl',
  'format' = 'json'
);

CREATE TABLE `nexmark_q7` (
  `auction` BIGINT,
  `bidder` BIGINT,
  `price` BIGINT,
  `dateTime` TIMESTAMP(3),
  `extra` VARCHAR
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/nexmark_q7',
  'format' = 'json'
);

CREATE VIEW `person` AS
SELECT `person`.`id`, `person`.`name`, `person`.`emailAddress`, `person`.`creditCard`, `person`.`city`, `person`.`state`, `dateTime`, `person`.`extra` FROM `datagen` WHERE `event_type` = 0;

CREATE VIEW `auction` AS
SELECT `auction`.`id`, `auction`.`itemName`, `auction`.`description`, `auction`.`initialBid`, `auction`.`reserve`, `dateTime`, `auction`.`expires`, `auction`.`seller`, `auction`.`category`, `auction`.`extra` FROM `datagen` WHERE `event_type` = 1;

CREATE VIEW `bid` AS
SELECT `bid`.`auction`, `bid`.`bidder`, `bid`.`price`, `bid`.`channel`, `bid`.`url`, `dateTime`, `bid`.`extra` FROM `datagen` WHERE `event_type` = 2;

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `nexmark_q7`
SELECT `B`.`auction`, `B`.`bidder`, `B`.`price`, `B`.`dateTime`, `B`.`extra` FROM `bid` `B` JOIN (SELECT MAX(`price`) AS `maxprice`, `window_end` AS `dateTime` FROM TABLE(TUMBLE(TABLE `bid`, DESCRIPTOR(`dateTime`), INTERVAL '10' SECOND)) GROUP BY `window_start`, `window_end`) `B1` ON `B`.`price` = `B1`.`maxprice` WHERE `B`.`dateTime` BETWEEN `B1`.`dateTime` - INTERVAL '10' SECOND AND `B1`.`dateTime`;

END;

=== Nexmark q8, monitor new users: two window aggregates joined on their windows
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `datagen` (
  `event_type` INT,
  `person` ROW<`id` BIGINT, `name` VARCHAR, `emailAddress` VARCHAR, `creditCard` VARCHAR, `city` VARCHAR, `state` VARCHAR, `dateTime` TIMESTAMP(3), `extra` VARCHAR>,
  `auction` ROW<`id` BIGINT, `itemName` VARCHAR, `description` VARCHAR, `initialBid` BIGINT, `reserve` BIGINT, `dateTime` TIMESTAMP(3), `expires` TIMESTAMP(3), `seller` BIGINT, `category` BIGINT, `extra` VARCHAR>,
  `bid` ROW<`auction` BIGINT, `bidder` BIGINT, `price` BIGINT, `channel` VARCHAR, `url` VARCHAR, `dateTime` TIMESTAMP(3), `extra` VARCHAR>,
  `dateTime` AS CASE WHEN `event_type` = 0 THEN `person`.`dateTime` WHEN `event_type` = 1 THEN `auction`.`dateTime` ELSE `bid`.`dateTime` END,
  WATERMARK FOR `dateTime` AS `dateTime` - INTERVAL '4' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/datagen.jsonl',
  'format' = 'json'
);

CREATE TABLE `nexmark_q8` (
  `id` BIGINT,
  `name` VARCHAR,
  `stime` TIMESTAMP(3)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/nexmark_q8',
  'format' = 'json'
);

CREATE VIEW `person` AS
SELECT `person`.`id`, `person`.`name`, `person`.`emailAddress`, `person`.`creditCard`, `person`.`city`, `person`.`state`, `dateTime`, `person`.`extra` FROM `datagen` WHERE `event_type` = 0;

CREATE VIEW `auction` AS
SELECT `auction`.`id`, `auction`.`itemName`, `auction`.`description`, `auction`.`initialBid`, `auction`.`reserve`, `dateTime`, `auction`.`expires`, `auction`.`seller`, `auction`.`category`, `auction`.`extra` FROM `datagen` WHERE `event_type` = 1;

CREATE VIEW `bid` AS
SELECT `bid`.`auction`, `bid`.`bidder`, `bid`.`price`, `bid`.`channel`, `bid`.`url`, `dateTime`, `bid`.`extra` FROM `datagen` WHERE `event_type` = 2;

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `nexmark_q8`
SELECT `P`.`id`, `P`.`name`, `P`.`starttime` FROM (SELECT `id`, `name`, `window_start` AS `starttime`, `window_end` AS `endtime` FROM TABLE(TUMBLE(TABLE `person`, DESCRIPTOR(`dateTime`), INTERVAL '10' SECOND)) GROUP BY `id`, `name`, `window_start`, `window_end`) `P` JOIN (SELECT `seller`, `window_start` AS `starttime`, `window_end` AS `endtime` FROM TABLE(TUMBLE(TABLE `auction`, DESCRIPTOR(`dateTime`), INTERVAL '10' SECOND)) GROUP BY `seller`, `window_start`, `window_end`) `A` ON `P`.`id` = `A`.`seller` AND `P`.`starttime` = `A`.`starttime` AND `P`.`endtime` = `A`.`endtime`;

END;

=== Nexmark q11, user sessions: the legacy SESSION group window
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `datagen` (
  `event_type` INT,
  `person` ROW<`id` BIGINT, `name` VARCHAR, `emailAddress` VARCHAR, `creditCard` VARCHAR, `city` VARCHAR, `state` VARCHAR, `dateTime` TIMESTAMP(3), `extra` VARCHAR>,
  `auction` ROW<`id` BIGINT, `itemName` VARCHAR, `description` VARCHAR, `initialBid` BIGINT, `reserve` BIGINT, `dateTime` TIMESTAMP(3), `expires` TIMESTAMP(3), `seller` BIGINT, `category` BIGINT, `extra` VARCHAR>,
  `bid` ROW<`auction` BIGINT, `bidder` BIGINT, `price` BIGINT, `channel` VARCHAR, `url` VARCHAR, `dateTime` TIMESTAMP(3), `extra` VARCHAR>,
  `dateTime` AS CASE WHEN `event_type` = 0 THEN `person`.`dateTime` WHEN `event_type` = 1 THEN `auction`.`dateTime` ELSE `bid`.`dateTime` END,
  WATERMARK FOR `dateTime` AS `dateTime` - INTERVAL '4' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/datagen.jsonl',
  'format' = 'json'
);

CREATE TABLE `nexmark_q11` (
  `bidder` BIGINT,
  `bid_count` BIGINT,
  `starttime` TIMESTAMP(3),
  `endtime` TIMESTAMP(3)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/nexmark_q11',
  'format' = 'json'
);

CREATE VIEW `person` AS
SELECT `person`.`id`, `person`.`name`, `person`.`emailAddress`, `person`.`creditCard`, `person`.`city`, `person`.`state`, `dateTime`, `person`.`extra` FROM `datagen` WHERE `event_type` = 0;

CREATE VIEW `auction` AS
SELECT `auction`.`id`, `auction`.`itemName`, `auction`.`description`, `auction`.`initialBid`, `auction`.`reserve`, `dateTime`, `auction`.`expires`, `auction`.`seller`, `auction`.`category`, `auction`.`extra` FROM `datagen` WHERE `event_type` = 1;

CREATE VIEW `bid` AS
SELECT `bid`.`auction`, `bid`.`bidder`, `bid`.`price`, `bid`.`channel`, `bid`.`url`, `dateTime`, `bid`.`extra` FROM `datagen` WHERE `event_type` = 2;

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `nexmark_q11`
SELECT `B`.`bidder`, count(*) AS `bid_count`, SESSION_START(`B`.`dateTime`, INTERVAL '10' SECOND) AS `starttime`, SESSION_END(`B`.`dateTime`, INTERVAL '10' SECOND) AS `endtime` FROM `bid` `B` GROUP BY `B`.`bidder`, SESSION(`B`.`dateTime`, INTERVAL '10' SECOND);

END;

=== Nexmark q12, processing-time windows: TUMBLE on PROCTIME(), which the virtual clock makes the bids' arrival
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `datagen` (
  `event_type` INT,
  `person` ROW<`id` BIGINT, `name` VARCHAR, `emailAddress` VARCHAR, `creditCard` VARCHAR, `city` VARCHAR, `state` VARCHAR, `dateTime` TIMESTAMP(3), `extra` VARCHAR>,
  `auction` ROW<`id` BIGINT, `itemName` VARCHAR, `description` VARCHAR, `initialBid` BIGINT, `reserve` BIGINT, `dateTime` TIMESTAMP(3), `expires` TIMESTAMP(3), `seller` BIGINT, `category` BIGINT, `extra` VARCHAR>,
  `bid` ROW<`auction` BIGINT, `bidder` BIGINT, `price` BIGINT, `channel` VARCHAR, `url` VARCHAR, `dateTime` TIMESTAMP(3), `extra` VARCHAR>,
  `dateTime` AS CASE WHEN `event_type` = 0 THEN `person`.`dateTime` WHEN `event_type` = 1 THEN `auction`.`dateTime` ELSE `bid`.`dateTime` END,
  WATERMARK FOR `dateTime` AS `dateTime` - INTERVAL '4' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/datagen.jsonl',
  'format' = 'json'
);

CREATE TABLE `discard_sink` (
  `bidder` BIGINT,
  `bid_count` BIGINT,
  `starttime` TIMESTAMP(3),
  `endtime` TIMESTAMP(3)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/discard_sink',
  'format' = 'json'
);

CREATE VIEW `person` AS
SELECT `person`.`id`, `person`.`name`, `person`.`emailAddress`, `person`.`creditCard`, `person`.`city`, `person`.`state`, `dateTime`, `person`.`extra` FROM `datagen` WHERE `event_type` = 0;

CREATE VIEW `auction` AS
SELECT `auction`.`id`, `auction`.`itemName`, `auction`.`description`, `auction`.`initialBid`, `auction`.`reserve`, `dateTime`, `auction`.`expires`, `auction`.`seller`, `auction`.`category`, `auction`.`extra` FROM `datagen` WHERE `event_type` = 1;

CREATE VIEW `bid` AS
SELECT `bid`.`auction`, `bid`.`bidder`, `bid`.`price`, `bid`.`channel`, `bid`.`url`, `dateTime`, `bid`.`extra` FROM `datagen` WHERE `event_type` = 2;

CREATE VIEW `B` AS
SELECT *, PROCTIME() AS `p_time` FROM `bid`;

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `discard_sink`
SELECT `bidder`, count(*) AS `bid_count`, `window_start` AS `starttime`, `window_end` AS `endtime` FROM TABLE(TUMBLE(TABLE `B`, DESCRIPTOR(`p_time`), INTERVAL '10' SECOND)) GROUP BY `bidder`, `window_start`, `window_end`;

END;

=== Nexmark q13, a bounded side input: a lookup join FOR SYSTEM_TIME AS OF PROCTIME()
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `datagen` (
  `event_type` INT,
  `person` ROW<`id` BIGINT, `name` VARCHAR, `emailAddress` VARCHAR, `creditCard` VARCHAR, `city` VARCHAR, `state` VARCHAR, `dateTime` TIMESTAMP(3), `extra` VARCHAR>,
  `auction` ROW<`id` BIGINT, `itemName` VARCHAR, `description` VARCHAR, `initialBid` BIGINT, `reserve` BIGINT, `dateTime` TIMESTAMP(3), `expires` TIMESTAMP(3), `seller` BIGINT, `category` BIGINT, `extra` VARCHAR>,
  `bid` ROW<`auction` BIGINT, `bidder` BIGINT, `price` BIGINT, `channel` VARCHAR, `url` VARCHAR, `dateTime` TIMESTAMP(3), `extra` VARCHAR>,
  `dateTime` AS CASE WHEN `event_type` = 0 THEN `person`.`dateTime` WHEN `event_type` = 1 THEN `auction`.`dateTime` ELSE `bid`.`dateTime` END,
  WATERMARK FOR `dateTime` AS `dateTime` - INTERVAL '4' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/datagen.jsonl',
  'format' = 'json'
);

CREATE TABLE `side_input` (
  `key` BIGINT,
  `value` VARCHAR
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/side_input.jsonl',
  'format' = 'json'
);

CREATE TABLE `nexmark_q13` (
  `auction` BIGINT,
  `bidder` BIGINT,
  `price` BIGINT,
  `dateTime` TIMESTAMP(3),
  `value` VARCHAR
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/nexmark_q13',
  'format' = 'json'
);

CREATE VIEW `person` AS
SELECT `person`.`id`, `person`.`name`, `person`.`emailAddress`, `person`.`creditCard`, `person`.`city`, `person`.`state`, `dateTime`, `person`.`extra` FROM `datagen` WHERE `event_type` = 0;

CREATE VIEW `auction` AS
SELECT `auction`.`id`, `auction`.`itemName`, `auction`.`description`, `auction`.`initialBid`, `auction`.`reserve`, `dateTime`, `auction`.`expires`, `auction`.`seller`, `auction`.`category`, `auction`.`extra` FROM `datagen` WHERE `event_type` = 1;

CREATE VIEW `bid` AS
SELECT `bid`.`auction`, `bid`.`bidder`, `bid`.`price`, `bid`.`channel`, `bid`.`url`, `dateTime`, `bid`.`extra` FROM `datagen` WHERE `event_type` = 2;

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `nexmark_q13`
SELECT `B`.`auction`, `B`.`bidder`, `B`.`price`, `B`.`dateTime`, `S`.`value` FROM (SELECT *, PROCTIME() AS `p_time` FROM `bid`) `B` JOIN `side_input` FOR SYSTEM_TIME AS OF `B`.`p_time` AS `S` ON mod(`B`.`auction`, 10000) = `S`.`key`;

END;

=== Nexmark q20, expand bid with auction: a regular join filtered on the auction
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `datagen` (
  `event_type` INT,
  `person` ROW<`id` BIGINT, `name` VARCHAR, `emailAddress` VARCHAR, `creditCard` VARCHAR, `city` VARCHAR, `state` VARCHAR, `dateTime` TIMESTAMP(3), `extra` VARCHAR>,
  `auction` ROW<`id` BIGINT, `itemName` VARCHAR, `description` VARCHAR, `initialBid` BIGINT, `reserve` BIGINT, `dateTime` TIMESTAMP(3), `expires` TIMESTAMP(3), `seller` BIGINT, `category` BIGINT, `extra` VARCHAR>,
  `bid` ROW<`auction` BIGINT, `bidder` BIGINT, `price` BIGINT, `channel` VARCHAR, `url` VARCHAR, `dateTime` TIMESTAMP(3), `extra` VARCHAR>,
  `dateTime` AS CASE WHEN `event_type` = 0 THEN `person`.`dateTime` WHEN `event_type` = 1 THEN `auction`.`dateTime` ELSE `bid`.`dateTime` END,
  WATERMARK FOR `dateTime` AS `dateTime` - INTERVAL '4' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/datagen.jsonl',
  'format' = 'json'
);

CREATE TABLE `nexmark_q20` (
  `auction` BIGINT,
  `bidder` BIGINT,
  `price` BIGINT,
  `channel` VARCHAR,
  `url` VARCHAR,
  `bid_dateTime` TIMESTAMP(3),
  `bid_extra` VARCHAR,
  `itemName` VARCHAR,
  `description` VARCHAR,
  `initialBid` BIGINT,
  `reserve` BIGINT,
  `auction_dateTime` TIMESTAMP(3),
  `expires` TIMESTAMP(3),
  `seller` BIGINT,
  `category` BIGINT,
  `auction_extra` VARCHAR
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/nexmark_q20',
  'format' = 'json'
);

CREATE VIEW `person` AS
SELECT `person`.`id`, `person`.`name`, `person`.`emailAddress`, `person`.`creditCard`, `person`.`city`, `person`.`state`, `dateTime`, `person`.`extra` FROM `datagen` WHERE `event_type` = 0;

CREATE VIEW `auction` AS
SELECT `auction`.`id`, `auction`.`itemName`, `auction`.`description`, `auction`.`initialBid`, `auction`.`reserve`, `dateTime`, `auction`.`expires`, `auction`.`seller`, `auction`.`category`, `auction`.`extra` FROM `datagen` WHERE `event_type` = 1;

CREATE VIEW `bid` AS
SELECT `bid`.`auction`, `bid`.`bidder`, `bid`.`price`, `bid`.`channel`, `bid`.`url`, `dateTime`, `bid`.`extra` FROM `datagen` WHERE `event_type` = 2;

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `nexmark_q20`
SELECT `auction`, `bidder`, `price`, `channel`, `url`, `B`.`dateTime`, `B`.`extra`, `itemName`, `description`, `initialBid`, `reserve`, `A`.`dateTime`, `expires`, `seller`, `category`, `A`.`extra` FROM `bid` AS `B` INNER JOIN `auction` AS `A` ON `B`.`auction` = `A`.`id` WHERE `A`.`category` = 10;

END;

=== Nexmark q4, average price for a category: an aggregate of the winning bids (an aggregate of an interval join), taking back the old maximum
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `datagen` (
  `event_type` INT,
  `person` ROW<`id` BIGINT, `name` VARCHAR, `emailAddress` VARCHAR, `creditCard` VARCHAR, `city` VARCHAR, `state` VARCHAR, `dateTime` TIMESTAMP(3), `extra` VARCHAR>,
  `auction` ROW<`id` BIGINT, `itemName` VARCHAR, `description` VARCHAR, `initialBid` BIGINT, `reserve` BIGINT, `dateTime` TIMESTAMP(3), `expires` TIMESTAMP(3), `seller` BIGINT, `category` BIGINT, `extra` VARCHAR>,
  `bid` ROW<`auction` BIGINT, `bidder` BIGINT, `price` BIGINT, `channel` VARCHAR, `url` VARCHAR, `dateTime` TIMESTAMP(3), `extra` VARCHAR>,
  `dateTime` AS CASE WHEN `event_type` = 0 THEN `person`.`dateTime` WHEN `event_type` = 1 THEN `auction`.`dateTime` ELSE `bid`.`dateTime` END,
  WATERMARK FOR `dateTime` AS `dateTime` - INTERVAL '4' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/datagen.jsonl',
  'format' = 'json'
);

CREATE TABLE `nexmark_q4` (
  `id` BIGINT,
  `final` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/nexmark_q4',
  'format' = 'debezium-json'
);

CREATE VIEW `person` AS
SELECT `person`.`id`, `person`.`name`, `person`.`emailAddress`, `person`.`creditCard`, `person`.`city`, `person`.`state`, `dateTime`, `person`.`extra` FROM `datagen` WHERE `event_type` = 0;

CREATE VIEW `auction` AS
SELECT `auction`.`id`, `auction`.`itemName`, `auction`.`description`, `auction`.`initialBid`, `auction`.`reserve`, `dateTime`, `auction`.`expires`, `auction`.`seller`, `auction`.`category`, `auction`.`extra` FROM `datagen` WHERE `event_type` = 1;

CREATE VIEW `bid` AS
SELECT `bid`.`auction`, `bid`.`bidder`, `bid`.`price`, `bid`.`channel`, `bid`.`url`, `dateTime`, `bid`.`extra` FROM `datagen` WHERE `event_type` = 2;

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `nexmark_q4`
SELECT `Q`.`category`, AVG(`Q`.`final`) FROM (SELECT MAX(`B`.`price`) AS `final`, `A`.`category` FROM `auction` `A`, `bid` `B` WHERE `A`.`id` = `B`.`auction` AND `B`.`dateTime` BETWEEN `A`.`dateTime` AND `A`.`expires` GROUP BY `A`.`id`, `A`.`category`) `Q` GROUP BY `Q`.`category`;

END;

=== Nexmark q9, winning bids: the top bid of each auction over an interval join (Top-1)
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `datagen` (
  `event_type` INT,
  `person` ROW<`id` BIGINT, `name` VARCHAR, `emailAddress` VARCHAR, `creditCard` VARCHAR, `city` VARCHAR, `state` VARCHAR, `dateTime` TIMESTAMP(3), `extra` VARCHAR>,
  `auction` ROW<`id` BIGINT, `itemName` VARCHAR, `description` VARCHAR, `initialBid` BIGINT, `reserve` BIGINT, `dateTime` TIMESTAMP(3), `expires` TIMESTAMP(3), `seller` BIGINT, `category` BIGINT, `extra` VARCHAR>,
  `bid` ROW<`auction` BIGINT, `bidder` BIGINT, `price` BIGINT, `channel` VARCHAR, `url` VARCHAR, `dateTime` TIMESTAMP(3), `extra` VARCHAR>,
  `dateTime` AS CASE WHEN `event_type` = 0 THEN `person`.`dateTime` WHEN `event_type` = 1 THEN `auction`.`dateTime` ELSE `bid`.`dateTime` END,
  WATERMARK FOR `dateTime` AS `dateTime` - INTERVAL '4' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/datagen.jsonl',
  'format' = 'json'
);

CREATE TABLE `nexmark_q9` (
  `id` BIGINT,
  `itemName` VARCHAR,
  `description` VARCHAR,
  `initialBid` BIGINT,
  `reserve` BIGINT,
  `dateTime` TIMESTAMP(3),
  `expires` TIMESTAMP(3),
  `seller` BIGINT,
  `category` BIGINT,
  `extra` VARCHAR,
  `auction` BIGINT,
  `bidder` BIGINT,
  `price` BIGINT,
  `bid_dateTime` TIMESTAMP(3),
  `bid_extra` VARCHAR
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/nexmark_q9',
  'format' = 'debezium-json'
);

CREATE VIEW `person` AS
SELECT `person`.`id`, `person`.`name`, `person`.`emailAddress`, `person`.`creditCard`, `person`.`city`, `person`.`state`, `dateTime`, `person`.`extra` FROM `datagen` WHERE `event_type` = 0;

CREATE VIEW `auction` AS
SELECT `auction`.`id`, `auction`.`itemName`, `auction`.`description`, `auction`.`initialBid`, `auction`.`reserve`, `dateTime`, `auction`.`expires`, `auction`.`seller`, `auction`.`category`, `auction`.`extra` FROM `datagen` WHERE `event_type` = 1;

CREATE VIEW `bid` AS
SELECT `bid`.`auction`, `bid`.`bidder`, `bid`.`price`, `bid`.`channel`, `bid`.`url`, `dateTime`, `bid`.`extra` FROM `datagen` WHERE `event_type` = 2;

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `nexmark_q9`
SELECT `id`, `itemName`, `description`, `initialBid`, `reserve`, `dateTime`, `expires`, `seller`, `category`, `extra`, `auction`, `bidder`, `price`, `bid_dateTime`, `bid_extra` FROM (SELECT `A`.*, `B`.`auction`, `B`.`bidder`, `B`.`price`, `B`.`dateTime` AS `bid_dateTime`, `B`.`extra` AS `bid_extra`, ROW_NUMBER() OVER (PARTITION BY `A`.`id` ORDER BY `B`.`price` DESC, `B`.`dateTime` ASC) AS `rownum` FROM `auction` `A`, `bid` `B` WHERE `A`.`id` = `B`.`auction` AND `B`.`dateTime` BETWEEN `A`.`dateTime` AND `A`.`expires`) WHERE `rownum` <= 1;

END;

=== Nexmark q15, bidding statistics: COUNT(DISTINCT …) FILTER (WHERE …) per day
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `datagen` (
  `event_type` INT,
  `person` ROW<`id` BIGINT, `name` VARCHAR, `emailAddress` VARCHAR, `creditCard` VARCHAR, `city` VARCHAR, `state` VARCHAR, `dateTime` TIMESTAMP(3), `extra` VARCHAR>,
  `auction` ROW<`id` BIGINT, `itemName` VARCHAR, `description` VARCHAR, `initialBid` BIGINT, `reserve` BIGINT, `dateTime` TIMESTAMP(3), `expires` TIMESTAMP(3), `seller` BIGINT, `category` BIGINT, `extra` VARCHAR>,
  `bid` ROW<`auction` BIGINT, `bidder` BIGINT, `price` BIGINT, `channel` VARCHAR, `url` VARCHAR, `dateTime` TIMESTAMP(3), `extra` VARCHAR>,
  `dateTime` AS CASE WHEN `event_type` = 0 THEN `person`.`dateTime` WHEN `event_type` = 1 THEN `auction`.`dateTime` ELSE `bid`.`dateTime` END,
  WATERMARK FOR `dateTime` AS `dateTime` - INTERVAL '4' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/datagen.jsonl',
  'format' = 'json'
);

CREATE TABLE `nexmark_q15` (
  `day` VARCHAR,
  `total_bids` BIGINT,
  `rank1_bids` BIGINT,
  `rank2_bids` BIGINT,
  `rank3_bids` BIGINT,
  `total_bidders` BIGINT,
  `rank1_bidders` BIGINT,
  `rank2_bidders` BIGINT,
  `rank3_bidders` BIGINT,
  `total_auctions` BIGINT,
  `rank1_auctions` BIGINT,
  `rank2_auctions` BIGINT,
  `rank3_auctions` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/nexmark_q15',
  'format' = 'debezium-json'
);

CREATE VIEW `person` AS
SELECT `person`.`id`, `person`.`name`, `person`.`emailAddress`, `person`.`creditCard`, `person`.`city`, `person`.`state`, `dateTime`, `person`.`extra` FROM `datagen` WHERE `event_type` = 0;

CREATE VIEW `auction` AS
SELECT `auction`.`id`, `auction`.`itemName`, `auction`.`description`, `auction`.`initialBid`, `auction`.`reserve`, `dateTime`, `auction`.`expires`, `auction`.`seller`, `auction`.`category`, `auction`.`extra` FROM `datagen` WHERE `event_type` = 1;

CREATE VIEW `bid` AS
SELECT `bid`.`auction`, `bid`.`bidder`, `bid`.`price`, `bid`.`channel`, `bid`.`url`, `dateTime`, `bid`.`extra` FROM `datagen` WHERE `event_type` = 2;

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `nexmark_q15`
SELECT DATE_FORMAT(`dateTime`, 'yyyy-MM-dd') AS `day`, count(*) AS `total_bids`, count(*) FILTER (WHERE `price` < 10000) AS `rank1_bids`, count(*) FILTER (WHERE `price` >= 10000 AND `price` < 1000000) AS `rank2_bids`, count(*) FILTER (WHERE `price` >= 1000000) AS `rank3_bids`, count(DISTINCT `bidder`) AS `total_bidders`, count(DISTINCT `bidder`) FILTER (WHERE `price` < 10000) AS `rank1_bidders`, count(DISTINCT `bidder`) FILTER (WHERE `price` >= 10000 AND `price` < 1000000) AS `rank2_bidders`, count(DISTINCT `bidder`) FILTER (WHERE `price` >= 1000000) AS `rank3_bidders`, count(DISTINCT `auction`) AS `total_auctions`, count(DISTINCT `auction`) FILTER (WHERE `price` < 10000) AS `rank1_auctions`, count(DISTINCT `auction`) FILTER (WHERE `price` >= 10000 AND `price` < 1000000) AS `rank2_auctions`, count(DISTINCT `auction`) FILTER (WHERE `price` >= 1000000) AS `rank3_auctions` FROM `bid` GROUP BY DATE_FORMAT(`dateTime`, 'yyyy-MM-dd');

END;

=== Nexmark q16, channel statistics: q15 per channel, with MAX of a formatted time
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `datagen` (
  `event_type` INT,
  `person` ROW<`id` BIGINT, `name` VARCHAR, `emailAddress` VARCHAR, `creditCard` VARCHAR, `city` VARCHAR, `state` VARCHAR, `dateTime` TIMESTAMP(3), `extra` VARCHAR>,
  `auction` ROW<`id` BIGINT, `itemName` VARCHAR, `description` VARCHAR, `initialBid` BIGINT, `reserve` BIGINT, `dateTime` TIMESTAMP(3), `expires` TIMESTAMP(3), `seller` BIGINT, `category` BIGINT, `extra` VARCHAR>,
  `bid` ROW<`auction` BIGINT, `bidder` BIGINT, `price` BIGINT, `channel` VARCHAR, `url` VARCHAR, `dateTime` TIMESTAMP(3), `extra` VARCHAR>,
  `dateTime` AS CASE WHEN `event_type` = 0 THEN `person`.`dateTime` WHEN `event_type` = 1 THEN `auction`.`dateTime` ELSE `bid`.`dateTime` END,
  WATERMARK FOR `dateTime` AS `dateTime` - INTERVAL '4' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/datagen.jsonl',
  'format' = 'json'
);

CREATE TABLE `nexmark_q16` (
  `channel` VARCHAR,
  `day` VARCHAR,
  `minute` VARCHAR,
  `total_bids` BIGINT,
  `rank1_bids` BIGINT,
  `rank2_bids` BIGINT,
  `rank3_bids` BIGINT,
  `total_bidders` BIGINT,
  `rank1_bidders` BIGINT,
  `rank2_bidders` BIGINT,
  `rank3_bidders` BIGINT,
  `total_auctions` BIGINT,
  `rank1_auctions` BIGINT,
  `rank2_auctions` BIGINT,
  `rank3_auctions` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/nexmark_q16',
  'format' = 'debezium-json'
);

CREATE VIEW `person` AS
SELECT `person`.`id`, `person`.`name`, `person`.`emailAddress`, `person`.`creditCard`, `person`.`city`, `person`.`state`, `dateTime`, `person`.`extra` FROM `datagen` WHERE `event_type` = 0;

CREATE VIEW `auction` AS
SELECT `auction`.`id`, `auction`.`itemName`, `auction`.`description`, `auction`.`initialBid`, `auction`.`reserve`, `dateTime`, `auction`.`expires`, `auction`.`seller`, `auction`.`category`, `auction`.`extra` FROM `datagen` WHERE `event_type` = 1;

CREATE VIEW `bid` AS
SELECT `bid`.`auction`, `bid`.`bidder`, `bid`.`price`, `bid`.`channel`, `bid`.`url`, `dateTime`, `bid`.`extra` FROM `datagen` WHERE `event_type` = 2;

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `nexmark_q16`
SELECT `channel`, DATE_FORMAT(`dateTime`, 'yyyy-MM-dd') AS `day`, max(DATE_FORMAT(`dateTime`, 'HH:mm')) AS `minute`, count(*) AS `total_bids`, count(*) FILTER (WHERE `price` < 10000) AS `rank1_bids`, count(*) FILTER (WHERE `price` >= 10000 AND `price` < 1000000) AS `rank2_bids`, count(*) FILTER (WHERE `price` >= 1000000) AS `rank3_bids`, count(DISTINCT `bidder`) AS `total_bidders`, count(DISTINCT `bidder`) FILTER (WHERE `price` < 10000) AS `rank1_bidders`, count(DISTINCT `bidder`) FILTER (WHERE `price` >= 10000 AND `price` < 1000000) AS `rank2_bidders`, count(DISTINCT `bidder`) FILTER (WHERE `price` >= 1000000) AS `rank3_bidders`, count(DISTINCT `auction`) AS `total_auctions`, count(DISTINCT `auction`) FILTER (WHERE `price` < 10000) AS `rank1_auctions`, count(DISTINCT `auction`) FILTER (WHERE `price` >= 10000 AND `price` < 1000000) AS `rank2_auctions`, count(DISTINCT `auction`) FILTER (WHERE `price` >= 1000000) AS `rank3_auctions` FROM `bid` GROUP BY `channel`, DATE_FORMAT(`dateTime`, 'yyyy-MM-dd');

END;

=== Nexmark q17, auction statistics: filtered counts and MIN, MAX, AVG, SUM per auction and day
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `datagen` (
  `event_type` INT,
  `person` ROW<`id` BIGINT, `name` VARCHAR, `emailAddress` VARCHAR, `creditCard` VARCHAR, `city` VARCHAR, `state` VARCHAR, `dateTime` TIMESTAMP(3), `extra` VARCHAR>,
  `auction` ROW<`id` BIGINT, `itemName` VARCHAR, `description` VARCHAR, `initialBid` BIGINT, `reserve` BIGINT, `dateTime` TIMESTAMP(3), `expires` TIMESTAMP(3), `seller` BIGINT, `category` BIGINT, `extra` VARCHAR>,
  `bid` ROW<`auction` BIGINT, `bidder` BIGINT, `price` BIGINT, `channel` VARCHAR, `url` VARCHAR, `dateTime` TIMESTAMP(3), `extra` VARCHAR>,
  `dateTime` AS CASE WHEN `event_type` = 0 THEN `person`.`dateTime` WHEN `event_type` = 1 THEN `auction`.`dateTime` ELSE `bid`.`dateTime` END,
  WATERMARK FOR `dateTime` AS `dateTime` - INTERVAL '4' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/datagen.jsonl',
  'format' = 'json'
);

CREATE TABLE `nexmark_q17` (
  `auction` BIGINT,
  `day` VARCHAR,
  `total_bids` BIGINT,
  `rank1_bids` BIGINT,
  `rank2_bids` BIGINT,
  `rank3_bids` BIGINT,
  `min_price` BIGINT,
  `max_price` BIGINT,
  `avg_price` BIGINT,
  `sum_price` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/nexmark_q17',
  'format' = 'debezium-json'
);

CREATE VIEW `person` AS
SELECT `person`.`id`, `person`.`name`, `person`.`emailAddress`, `person`.`creditCard`, `person`.`city`, `person`.`state`, `dateTime`, `person`.`extra` FROM `datagen` WHERE `event_type` = 0;

CREATE VIEW `auction` AS
SELECT `auction`.`id`, `auction`.`itemName`, `auction`.`description`, `auction`.`initialBid`, `auction`.`reserve`, `dateTime`, `auction`.`expires`, `auction`.`seller`, `auction`.`category`, `auction`.`extra` FROM `datagen` WHERE `event_type` = 1;

CREATE VIEW `bid` AS
SELECT `bid`.`auction`, `bid`.`bidder`, `bid`.`price`, `bid`.`channel`, `bid`.`url`, `dateTime`, `bid`.`extra` FROM `datagen` WHERE `event_type` = 2;

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `nexmark_q17`
SELECT `auction`, DATE_FORMAT(`dateTime`, 'yyyy-MM-dd') AS `day`, count(*) AS `total_bids`, count(*) FILTER (WHERE `price` < 10000) AS `rank1_bids`, count(*) FILTER (WHERE `price` >= 10000 AND `price` < 1000000) AS `rank2_bids`, count(*) FILTER (WHERE `price` >= 1000000) AS `rank3_bids`, min(`price`) AS `min_price`, max(`price`) AS `max_price`, avg(`price`) AS `avg_price`, sum(`price`) AS `sum_price` FROM `bid` GROUP BY `auction`, DATE_FORMAT(`dateTime`, 'yyyy-MM-dd');

END;

=== Nexmark q18, find last bid: deduplication keeping each bidder's last bid on an auction
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `datagen` (
  `event_type` INT,
  `person` ROW<`id` BIGINT, `name` VARCHAR, `emailAddress` VARCHAR, `creditCard` VARCHAR, `city` VARCHAR, `state` VARCHAR, `dateTime` TIMESTAMP(3), `extra` VARCHAR>,
  `auction` ROW<`id` BIGINT, `itemName` VARCHAR, `description` VARCHAR, `initialBid` BIGINT, `reserve` BIGINT, `dateTime` TIMESTAMP(3), `expires` TIMESTAMP(3), `seller` BIGINT, `category` BIGINT, `extra` VARCHAR>,
  `bid` ROW<`auction` BIGINT, `bidder` BIGINT, `price` BIGINT, `channel` VARCHAR, `url` VARCHAR, `dateTime` TIMESTAMP(3), `extra` VARCHAR>,
  `dateTime` AS CASE WHEN `event_type` = 0 THEN `person`.`dateTime` WHEN `event_type` = 1 THEN `auction`.`dateTime` ELSE `bid`.`dateTime` END,
  WATERMARK FOR `dateTime` AS `dateTime` - INTERVAL '4' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/datagen.jsonl',
  'format' = 'json'
);

CREATE TABLE `nexmark_q18` (
  `auction` BIGINT,
  `bidder` BIGINT,
  `price` BIGINT,
  `channel` VARCHAR,
  `url` VARCHAR,
  `dateTime` TIMESTAMP(3),
  `extra` VARCHAR
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/nexmark_q18',
  'format' = 'debezium-json'
);

CREATE VIEW `person` AS
SELECT `person`.`id`, `person`.`name`, `person`.`emailAddress`, `person`.`creditCard`, `person`.`city`, `person`.`state`, `dateTime`, `person`.`extra` FROM `datagen` WHERE `event_type` = 0;

CREATE VIEW `auction` AS
SELECT `auction`.`id`, `auction`.`itemName`, `auction`.`description`, `auction`.`initialBid`, `auction`.`reserve`, `dateTime`, `auction`.`expires`, `auction`.`seller`, `auction`.`category`, `auction`.`extra` FROM `datagen` WHERE `event_type` = 1;

CREATE VIEW `bid` AS
SELECT `bid`.`auction`, `bid`.`bidder`, `bid`.`price`, `bid`.`channel`, `bid`.`url`, `dateTime`, `bid`.`extra` FROM `datagen` WHERE `event_type` = 2;

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `nexmark_q18`
SELECT `auction`, `bidder`, `price`, `channel`, `url`, `dateTime`, `extra` FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY `bidder`, `auction` ORDER BY `dateTime` DESC) AS `rank_number` FROM `bid`) WHERE `rank_number` <= 1;

END;

=== Nexmark q19, auction top-10 price: Top-N with the rank
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `datagen` (
  `event_type` INT,
  `person` ROW<`id` BIGINT, `name` VARCHAR, `emailAddress` VARCHAR, `creditCard` VARCHAR, `city` VARCHAR, `state` VARCHAR, `dateTime` TIMESTAMP(3), `extra` VARCHAR>,
  `auction` ROW<`id` BIGINT, `itemName` VARCHAR, `description` VARCHAR, `initialBid` BIGINT, `reserve` BIGINT, `dateTime` TIMESTAMP(3), `expires` TIMESTAMP(3), `seller` BIGINT, `category` BIGINT, `extra` VARCHAR>,
  `bid` ROW<`auction` BIGINT, `bidder` BIGINT, `price` BIGINT, `channel` VARCHAR, `url` VARCHAR, `dateTime` TIMESTAMP(3), `extra` VARCHAR>,
  `dateTime` AS CASE WHEN `event_type` = 0 THEN `person`.`dateTime` WHEN `event_type` = 1 THEN `auction`.`dateTime` ELSE `bid`.`dateTime` END,
  WATERMARK FOR `dateTime` AS `dateTime` - INTERVAL '4' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/datagen.jsonl',
  'format' = 'json'
);

CREATE TABLE `nexmark_q19` (
  `auction` BIGINT,
  `bidder` BIGINT,
  `price` BIGINT,
  `channel` VARCHAR,
  `url` VARCHAR,
  `dateTime` TIMESTAMP(3),
  `extra` VARCHAR,
  `rank_number` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/nexmark_q19',
  'format' = 'debezium-json'
);

CREATE VIEW `person` AS
SELECT `person`.`id`, `person`.`name`, `person`.`emailAddress`, `person`.`creditCard`, `person`.`city`, `person`.`state`, `dateTime`, `person`.`extra` FROM `datagen` WHERE `event_type` = 0;

CREATE VIEW `auction` AS
SELECT `auction`.`id`, `auction`.`itemName`, `auction`.`description`, `auction`.`initialBid`, `auction`.`reserve`, `dateTime`, `auction`.`expires`, `auction`.`seller`, `auction`.`category`, `auction`.`extra` FROM `datagen` WHERE `event_type` = 1;

CREATE VIEW `bid` AS
SELECT `bid`.`auction`, `bid`.`bidder`, `bid`.`price`, `bid`.`channel`, `bid`.`url`, `dateTime`, `bid`.`extra` FROM `datagen` WHERE `event_type` = 2;

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `nexmark_q19`
SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY `auction` ORDER BY `price` DESC) AS `rank_number` FROM `bid`) WHERE `rank_number` <= 10;

END;

=== Nexmark q10, log to file system: a table PARTITIONED BY the formatted day and minute
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `datagen` (
  `event_type` INT,
  `person` ROW<`id` BIGINT, `name` VARCHAR, `emailAddress` VARCHAR, `creditCard` VARCHAR, `city` VARCHAR, `state` VARCHAR, `dateTime` TIMESTAMP(3), `extra` VARCHAR>,
  `auction` ROW<`id` BIGINT, `itemName` VARCHAR, `description` VARCHAR, `initialBid` BIGINT, `reserve` BIGINT, `dateTime` TIMESTAMP(3), `expires` TIMESTAMP(3), `seller` BIGINT, `category` BIGINT, `extra` VARCHAR>,
  `bid` ROW<`auction` BIGINT, `bidder` BIGINT, `price` BIGINT, `channel` VARCHAR, `url` VARCHAR, `dateTime` TIMESTAMP(3), `extra` VARCHAR>,
  `dateTime` AS CASE WHEN `event_type` = 0 THEN `person`.`dateTime` WHEN `event_type` = 1 THEN `auction`.`dateTime` ELSE `bid`.`dateTime` END,
  WATERMARK FOR `dateTime` AS `dateTime` - INTERVAL '4' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/datagen.jsonl',
  'format' = 'json'
);

-- kdalite note (line 94, column 19): PARTITIONED BY left out: the sink writes the same rows into one directory
CREATE TABLE `nexmark_q10` (
  `auction` BIGINT,
  `bidder` BIGINT,
  `price` BIGINT,
  `dateTime` TIMESTAMP(3),
  `extra` VARCHAR,
  `dt` STRING,
  `hm` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/nexmark_q10',
  'format' = 'json'
);

CREATE VIEW `person` AS
SELECT `person`.`id`, `person`.`name`, `person`.`emailAddress`, `person`.`creditCard`, `person`.`city`, `person`.`state`, `dateTime`, `person`.`extra` FROM `datagen` WHERE `event_type` = 0;

CREATE VIEW `auction` AS
SELECT `auction`.`id`, `auction`.`itemName`, `auction`.`description`, `auction`.`initialBid`, `auction`.`reserve`, `dateTime`, `auction`.`expires`, `auction`.`seller`, `auction`.`category`, `auction`.`extra` FROM `datagen` WHERE `event_type` = 1;

CREATE VIEW `bid` AS
SELECT `bid`.`auction`, `bid`.`bidder`, `bid`.`price`, `bid`.`channel`, `bid`.`url`, `dateTime`, `bid`.`extra` FROM `datagen` WHERE `event_type` = 2;

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `nexmark_q10`
SELECT `auction`, `bidder`, `price`, `dateTime`, `extra`, DATE_FORMAT(`dateTime`, 'yyyy-MM-dd'), DATE_FORMAT(`dateTime`, 'HH:mm') FROM `bid`;

END;

=== Nexmark q14, calculation: CREATE FUNCTION count_char bound to the built-in COUNT_CHAR, HOUR, DECIMAL arithmetic
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

-- kdalite note (line 86, column 17): the function's class com.github.nexmark.flink.udf.CountChar must be on Flink's class path (its jar in lib/, or ADD JAR)
CREATE FUNCTION `count_char` AS 'com.github.nexmark.flink.udf.CountChar';

CREATE TABLE `datagen` (
  `event_type` INT,
  `person` ROW<`id` BIGINT, `name` VARCHAR, `emailAddress` VARCHAR, `creditCard` VARCHAR, `city` VARCHAR, `state` VARCHAR, `dateTime` TIMESTAMP(3), `extra` VARCHAR>,
  `auction` ROW<`id` BIGINT, `itemName` VARCHAR, `description` VARCHAR, `initialBid` BIGINT, `reserve` BIGINT, `dateTime` TIMESTAMP(3), `expires` TIMESTAMP(3), `seller` BIGINT, `category` BIGINT, `extra` VARCHAR>,
  `bid` ROW<`auction` BIGINT, `bidder` BIGINT, `price` BIGINT, `channel` VARCHAR, `url` VARCHAR, `dateTime` TIMESTAMP(3), `extra` VARCHAR>,
  `dateTime` AS CASE WHEN `event_type` = 0 THEN `person`.`dateTime` WHEN `event_type` = 1 THEN `auction`.`dateTime` ELSE `bid`.`dateTime` END,
  WATERMARK FOR `dateTime` AS `dateTime` - INTERVAL '4' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/datagen.jsonl',
  'format' = 'json'
);

CREATE TABLE `nexmark_q14` (
  `auction` BIGINT,
  `bidder` BIGINT,
  `price` DECIMAL(23,3),
  `bidTimeType` VARCHAR,
  `dateTime` TIMESTAMP(3),
  `extra` VARCHAR,
  `c_counts` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/nexmark_q14',
  'format' = 'json'
);

CREATE VIEW `person` AS
SELECT `person`.`id`, `person`.`name`, `person`.`emailAddress`, `person`.`creditCard`, `person`.`city`, `person`.`state`, `dateTime`, `person`.`extra` FROM `datagen` WHERE `event_type` = 0;

CREATE VIEW `auction` AS
SELECT `auction`.`id`, `auction`.`itemName`, `auction`.`description`, `auction`.`initialBid`, `auction`.`reserve`, `dateTime`, `auction`.`expires`, `auction`.`seller`, `auction`.`category`, `auction`.`extra` FROM `datagen` WHERE `event_type` = 1;

CREATE VIEW `bid` AS
SELECT `bid`.`auction`, `bid`.`bidder`, `bid`.`price`, `bid`.`channel`, `bid`.`url`, `dateTime`, `bid`.`extra` FROM `datagen` WHERE `event_type` = 2;

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `nexmark_q14`
SELECT `auction`, `bidder`, 0.908 * `price` AS `price`, CASE WHEN HOUR(`dateTime`) >= 8 AND HOUR(`dateTime`) <= 18 THEN 'dayTime' WHEN HOUR(`dateTime`) <= 6 OR HOUR(`dateTime`) >= 20 THEN 'nightTime' ELSE 'otherTime' END AS `bidTimeType`, `dateTime`, `extra`, count_char(`extra`, 'c') AS `c_counts` FROM `bid` WHERE 0.908 * `price` > 1000000 AND 0.908 * `price` < 50000000;

END;

=== Nexmark q21, add channel id: CASE and REGEXP_EXTRACT of the URL's channel_id
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `datagen` (
  `event_type` INT,
  `person` ROW<`id` BIGINT, `name` VARCHAR, `emailAddress` VARCHAR, `creditCard` VARCHAR, `city` VARCHAR, `state` VARCHAR, `dateTime` TIMESTAMP(3), `extra` VARCHAR>,
  `auction` ROW<`id` BIGINT, `itemName` VARCHAR, `description` VARCHAR, `initialBid` BIGINT, `reserve` BIGINT, `dateTime` TIMESTAMP(3), `expires` TIMESTAMP(3), `seller` BIGINT, `category` BIGINT, `extra` VARCHAR>,
  `bid` ROW<`auction` BIGINT, `bidder` BIGINT, `price` BIGINT, `channel` VARCHAR, `url` VARCHAR, `dateTime` TIMESTAMP(3), `extra` VARCHAR>,
  `dateTime` AS CASE WHEN `event_type` = 0 THEN `person`.`dateTime` WHEN `event_type` = 1 THEN `auction`.`dateTime` ELSE `bid`.`dateTime` END,
  WATERMARK FOR `dateTime` AS `dateTime` - INTERVAL '4' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/datagen.jsonl',
  'format' = 'json'
);

CREATE TABLE `nexmark_q21` (
  `auction` BIGINT,
  `bidder` BIGINT,
  `price` BIGINT,
  `channel` VARCHAR,
  `channel_id` VARCHAR
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/nexmark_q21',
  'format' = 'json'
);

CREATE VIEW `person` AS
SELECT `person`.`id`, `person`.`name`, `person`.`emailAddress`, `person`.`creditCard`, `person`.`city`, `person`.`state`, `dateTime`, `person`.`extra` FROM `datagen` WHERE `event_type` = 0;

CREATE VIEW `auction` AS
SELECT `auction`.`id`, `auction`.`itemName`, `auction`.`description`, `auction`.`initialBid`, `auction`.`reserve`, `dateTime`, `auction`.`expires`, `auction`.`seller`, `auction`.`category`, `auction`.`extra` FROM `datagen` WHERE `event_type` = 1;

CREATE VIEW `bid` AS
SELECT `bid`.`auction`, `bid`.`bidder`, `bid`.`price`, `bid`.`channel`, `bid`.`url`, `dateTime`, `bid`.`extra` FROM `datagen` WHERE `event_type` = 2;

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `nexmark_q21`
SELECT `auction`, `bidder`, `price`, `channel`, CASE WHEN lower(`channel`) = 'apple' THEN '0' WHEN lower(`channel`) = 'google' THEN '1' WHEN lower(`channel`) = 'facebook' THEN '2' WHEN lower(`channel`) = 'baidu' THEN '3' ELSE REGEXP_EXTRACT(`url`, '(&|^)channel_id=([^&]*)', 2) END AS `channel_id` FROM `bid` WHERE REGEXP_EXTRACT(`url`, '(&|^)channel_id=([^&]*)', 2) IS NOT NULL OR lower(`channel`) IN ('apple', 'google', 'facebook', 'baidu');

END;

=== Nexmark q22, URL directories: SPLIT_INDEX of the URL's path
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `datagen` (
  `event_type` INT,
  `person` ROW<`id` BIGINT, `name` VARCHAR, `emailAddress` VARCHAR, `creditCard` VARCHAR, `city` VARCHAR, `state` VARCHAR, `dateTime` TIMESTAMP(3), `extra` VARCHAR>,
  `auction` ROW<`id` BIGINT, `itemName` VARCHAR, `description` VARCHAR, `initialBid` BIGINT, `reserve` BIGINT, `dateTime` TIMESTAMP(3), `expires` TIMESTAMP(3), `seller` BIGINT, `category` BIGINT, `extra` VARCHAR>,
  `bid` ROW<`auction` BIGINT, `bidder` BIGINT, `price` BIGINT, `channel` VARCHAR, `url` VARCHAR, `dateTime` TIMESTAMP(3), `extra` VARCHAR>,
  `dateTime` AS CASE WHEN `event_type` = 0 THEN `person`.`dateTime` WHEN `event_type` = 1 THEN `auction`.`dateTime` ELSE `bid`.`dateTime` END,
  WATERMARK FOR `dateTime` AS `dateTime` - INTERVAL '4' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/datagen.jsonl',
  'format' = 'json'
);

CREATE TABLE `nexmark_q22` (
  `auction` BIGINT,
  `bidder` BIGINT,
  `price` BIGINT,
  `channel` VARCHAR,
  `dir1` VARCHAR,
  `dir2` VARCHAR,
  `dir3` VARCHAR
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/nexmark_q22',
  'format' = 'json'
);

CREATE VIEW `person` AS
SELECT `person`.`id`, `person`.`name`, `person`.`emailAddress`, `person`.`creditCard`, `person`.`city`, `person`.`state`, `dateTime`, `person`.`extra` FROM `datagen` WHERE `event_type` = 0;

CREATE VIEW `auction` AS
SELECT `auction`.`id`, `auction`.`itemName`, `auction`.`description`, `auction`.`initialBid`, `auction`.`reserve`, `dateTime`, `auction`.`expires`, `auction`.`seller`, `auction`.`category`, `auction`.`extra` FROM `datagen` WHERE `event_type` = 1;

CREATE VIEW `bid` AS
SELECT `bid`.`auction`, `bid`.`bidder`, `bid`.`price`, `bid`.`channel`, `bid`.`url`, `dateTime`, `bid`.`extra` FROM `datagen` WHERE `event_type` = 2;

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `nexmark_q22`
SELECT `auction`, `bidder`, `price`, `channel`, SPLIT_INDEX(`url`, '/', 3) AS `dir1`, SPLIT_INDEX(`url`, '/', 4) AS `dir2`, SPLIT_INDEX(`url`, '/', 5) AS `dir3` FROM `bid`;

END;

