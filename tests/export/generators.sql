=== sensors: jitter and late rows, a Flink tumbling window on EVENT_TIME
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `readings` (
  `DEVICE_ID` STRING,
  `TEMPERATURE` DOUBLE,
  `HUMIDITY` DOUBLE,
  `BATTERY` DOUBLE,
  `EVENT_TIME` TIMESTAMP(3),
  WATERMARK FOR `EVENT_TIME` AS `EVENT_TIME` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/readings.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `window_start` TIMESTAMP(3),
  `n` BIGINT,
  `hottest` DOUBLE
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `window_start`, COUNT(*) AS `n`, MAX(`TEMPERATURE`) AS `hottest` FROM TABLE(TUMBLE(TABLE `readings`, DESCRIPTOR(`EVENT_TIME`), INTERVAL '10' SECOND)) GROUP BY `window_start`, `window_end`;

END;

=== clicks: user sessions found by SESSION windows, out of order by up to 2 s
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `clicks` (
  `USER_ID` STRING,
  `PAGE` STRING,
  `ACTION` STRING,
  `EVENT_TIME` TIMESTAMP(3),
  WATERMARK FOR `EVENT_TIME` AS `EVENT_TIME` - INTERVAL '2' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/clicks.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `USER_ID` STRING,
  `window_start` TIMESTAMP(3),
  `window_end` TIMESTAMP(3),
  `clicks` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `USER_ID`, CAST(`window_start` AS TIMESTAMP(3)) AS `window_start`, CAST(`window_end` AS TIMESTAMP(3)) AS `window_end`, `clicks` FROM (
SELECT `USER_ID`, `window_start`, `window_end`, COUNT(*) AS `clicks` FROM TABLE(SESSION(TABLE `clicks` PARTITION BY `USER_ID`, DESCRIPTOR(`EVENT_TIME`), INTERVAL '30' SECOND)) GROUP BY `USER_ID`, `window_start`, `window_end`
) AS `q`(`USER_ID`, `window_start`, `window_end`, `clicks`);

END;

=== weblogs: server errors picked out of the log lines
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

-- kdalite note: `LOGS`: ROWTIME is the event-time attribute, its watermark a millisecond behind it (KDA's rows arrive in ROWTIME order, several at one ROWTIME)
CREATE TABLE `LOGS` (
  `ROWTIME` TIMESTAMP(3),
  `LOG_LINE` STRING,
  WATERMARK FOR `ROWTIME` AS `ROWTIME` - INTERVAL '0.001' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/LOGS.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `ROWTIME` TIMESTAMP(3),
  `LOG_LINE` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `LOGS`.`ROWTIME` AS `ROWTIME`,
  CAST(`LOG_LINE` AS STRING) AS `LOG_LINE` FROM `LOGS` WHERE `LOG_LINE` LIKE '%" 500 %';

END;

=== ticker: duplicated rows arriving in bursts, counted per 10-second STEP
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

-- kdalite note: `SOURCE_SQL_STREAM_001`: ROWTIME is the event-time attribute, its watermark a millisecond behind it (KDA's rows arrive in ROWTIME order, several at one ROWTIME)
CREATE TABLE `SOURCE_SQL_STREAM_001` (
  `ROWTIME` TIMESTAMP(3),
  `TICKER_SYMBOL` VARCHAR(4),
  `SECTOR` VARCHAR(16),
  `CHANGE` FLOAT,
  `PRICE` FLOAT,
  `EVENT_TIME` TIMESTAMP(3),
  WATERMARK FOR `ROWTIME` AS `ROWTIME` - INTERVAL '0.001' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/SOURCE_SQL_STREAM_001.jsonl',
  'format' = 'json'
);

CREATE TABLE `DEST` (
  `ROWTIME` TIMESTAMP(3),
  `N` BIGINT,
  `SYMBOLS` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/DEST',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `DEST`
SELECT `window_end` AS `ROWTIME`,
  CAST(COUNT(*) AS BIGINT) AS `N`,
  CAST(COUNT(DISTINCT `TICKER_SYMBOL`) AS BIGINT) AS `SYMBOLS` FROM TABLE(TUMBLE(TABLE `SOURCE_SQL_STREAM_001`, DESCRIPTOR(`ROWTIME`), INTERVAL '10' SECOND)) AS `SOURCE_SQL_STREAM_001` GROUP BY `window_start`, `window_end`;

END;

=== Nexmark Q1: prices in euros, as Flink's nexmark suite writes it
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `bid` (
  `auction` BIGINT,
  `bidder` BIGINT,
  `price` BIGINT,
  `channel` STRING,
  `url` STRING,
  `dateTime` TIMESTAMP(3),
  `extra` STRING,
  WATERMARK FOR `dateTime` AS `dateTime` - INTERVAL '4' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/bid.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `auction` BIGINT,
  `bidder` BIGINT,
  `price` DECIMAL(24, 3),
  `dateTime` TIMESTAMP(3),
  `extra` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `auction`, `bidder`, 0.908 * `price` AS `price`, `dateTime`, `extra` FROM `bid`;

END;

=== Nexmark Q2: bids on a few auctions
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `bid` (
  `auction` BIGINT,
  `bidder` BIGINT,
  `price` BIGINT,
  `channel` STRING,
  `url` STRING,
  `dateTime` TIMESTAMP(3),
  `extra` STRING,
  WATERMARK FOR `dateTime` AS `dateTime` - INTERVAL '4' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/bid.jsonl',
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

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `auction`, `price` FROM `bid` WHERE MOD(`auction`, 123) = 0;

END;

=== Nexmark Q11 as the suite writes it: the legacy GROUP BY SESSION(...) window
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `bid` (
  `auction` BIGINT,
  `bidder` BIGINT,
  `price` BIGINT,
  `channel` STRING,
  `url` STRING,
  `dateTime` TIMESTAMP(3),
  `extra` STRING,
  WATERMARK FOR `dateTime` AS `dateTime` - INTERVAL '4' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/bid.jsonl',
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

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `bidder`, `bid_count`, CAST(`starttime` AS TIMESTAMP(3)) AS `starttime`, CAST(`endtime` AS TIMESTAMP(3)) AS `endtime` FROM (
SELECT `B`.`bidder`, count(*) AS `bid_count`, SESSION_START(`B`.`dateTime`, INTERVAL '10' SECOND) AS `starttime`, SESSION_END(`B`.`dateTime`, INTERVAL '10' SECOND) AS `endtime` FROM `bid` `B` GROUP BY `B`.`bidder`, SESSION(`B`.`dateTime`, INTERVAL '10' SECOND)
) AS `q`(`bidder`, `bid_count`, `starttime`, `endtime`);

END;

=== Flink's datagen connector: a table that makes its own rows, bound to nothing; a sequence ends it, a window over an event time made from the sequence (the same rows on Flink 2.3)
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `id` BIGINT,
  `v` INT,
  `ts` AS TO_TIMESTAMP_LTZ(`id` * 250, 3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `window_start` TIMESTAMP(3),
  `n` BIGINT,
  `total` BIGINT,
  `first_id` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `window_start`, COUNT(*) AS `n`, SUM(`v`) AS `total`, MIN(`id`) AS `first_id` FROM TABLE(TUMBLE(TABLE `t`, DESCRIPTOR(`ts`), INTERVAL '2' SECOND)) GROUP BY `window_start`, `window_end`;

END;

=== datagen's random values: seeded, the same natively and in the browser; rows-per-second on the virtual clock, a TIMESTAMP up to max-past (a duration) before its row arrives, text of hex digits, NULLs at null-rate
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `id` INT,
  `s` VARCHAR(6),
  `code` STRING,
  `price` DECIMAL(6,2),
  `ok` BOOLEAN,
  `ts` TIMESTAMP(3),
  `d` DATE
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `id` INT,
  `s` STRING,
  `code` STRING,
  `price` DECIMAL(6, 2),
  `ok` BOOLEAN,
  `ts` TIMESTAMP(3),
  `d` DATE
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT * FROM `t`;

END;

=== the Nexmark suite's own connector: its ddl_gen.sql, the runner's placeholders filled in (1000 events a second, 60 of them), makes its own rows, the same as the nexmark generator bound to it gives (nexmark_suite.slt's q0)
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

=== datagen makes ARRAY, MAP, ROW and BYTES columns as Flink's does: 3 elements or entries unless length says, each value inside with its own options under Flink's names for it (element, key, value, a ROW's fields), a MAP's key drawn twice kept once
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `id` INT,
  `a` ARRAY<INT>,
  `m` MAP<STRING, INT>,
  `r` ROW<`x` INT, `s` STRING>,
  `b` BYTES,
  `words` ARRAY<ARRAY<VARCHAR(2)>>
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `id` INT,
  `a` ARRAY<INT>,
  `n` INT,
  `entries` INT,
  `m` MAP<STRING, INT>,
  `x` INT,
  `s` STRING,
  `b` BYTES,
  `words` ARRAY<ARRAY<STRING>>
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `id`, `a`, CARDINALITY(`a`) AS `n`, CARDINALITY(`m`) AS `entries`, `m`, `r`.`x` AS `x`, `r`.`s` AS `s`, `b`, `words` FROM `t`;

END;

=== a MAP's key drawn twice is kept once, where it first came, with its last value, as Flink's map puts it: a BOOLEAN key makes at most two entries of five
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `id` INT,
  `m` MAP<BOOLEAN, INT>
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `id` INT,
  `m` MAP<BOOLEAN, INT>,
  `entries` INT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `id`, `m`, CARDINALITY(`m`) AS `entries` FROM `t`;

END;

