=== Query 1, currency conversion, over Flink's single Nexmark event stream: a ROW per event kind, a computed event time, views
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

=== Query 2, selection: bids on every 123rd auction
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

CREATE TABLE `RESULT` (
  `auction` BIGINT,
  `price` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
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

INSERT INTO `RESULT`
SELECT `auction`, `price` FROM `bid` WHERE MOD(`auction`, 123) = 0;

END;

=== Query 3's filter on the person view: people from three states
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

CREATE TABLE `RESULT` (
  `id` BIGINT,
  `name` STRING,
  `city` STRING,
  `state` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
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

INSERT INTO `RESULT`
SELECT `id`, `name`, `city`, `state` FROM `person` WHERE `state` = 'OR' OR `state` = 'ID' OR `state` = 'CA';

END;

=== a TUMBLE window over the bid view: its dateTime is still the time attribute, watermark 4 s behind
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

CREATE TABLE `RESULT` (
  `window_start` TIMESTAMP(3),
  `window_end` TIMESTAMP(3),
  `bids` BIGINT,
  `top_price` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
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

INSERT INTO `RESULT`
SELECT CAST(`window_start` AS TIMESTAMP(3)) AS `window_start`, CAST(`window_end` AS TIMESTAMP(3)) AS `window_end`, `bids`, `top_price` FROM (
SELECT `window_start`, `window_end`, COUNT(*) AS `bids`, MAX(`price`) AS `top_price` FROM TABLE(TUMBLE(TABLE `bid`, DESCRIPTOR(`dateTime`), INTERVAL '10' SECOND)) GROUP BY `window_start`, `window_end`
) AS `q`(`window_start`, `window_end`, `bids`, `top_price`);

END;

=== Query 11, user sessions: bids per bidder in sessions with 10 s gaps (Flink's legacy group window)
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

CREATE TABLE `RESULT` (
  `bidder` BIGINT,
  `bid_count` BIGINT,
  `starttime` TIMESTAMP(3),
  `endtime` TIMESTAMP(3)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
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

INSERT INTO `RESULT`
SELECT `bidder`, `bid_count`, CAST(`starttime` AS TIMESTAMP(3)) AS `starttime`, CAST(`endtime` AS TIMESTAMP(3)) AS `endtime` FROM (
SELECT `B`.`bidder`, COUNT(*) AS `bid_count`, SESSION_START(`B`.`dateTime`, INTERVAL '10' SECOND) AS `starttime`, SESSION_END(`B`.`dateTime`, INTERVAL '10' SECOND) AS `endtime` FROM `bid` `B` GROUP BY `B`.`bidder`, SESSION(`B`.`dateTime`, INTERVAL '10' SECOND)
) AS `q`(`bidder`, `bid_count`, `starttime`, `endtime`);

END;

=== a ROW field read straight from the event table, and a field that does not exist
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

CREATE TABLE `RESULT` (
  `id` BIGINT,
  `margin` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
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

INSERT INTO `RESULT`
SELECT `auction`.`id`, `auction`.`reserve` - `auction`.`initialBid` AS `margin` FROM `datagen` WHERE `event_type` = 1 AND `auction`.`category` = 10;

END;

