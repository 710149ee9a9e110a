=== per city per day: FLOOR(ROWTIME TO DAY), integer average
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

-- kdalite note: `WEATHERSTREAM`: ROWTIME is the event-time attribute, its watermark a millisecond behind it (KDA's rows arrive in ROWTIME order, several at one ROWTIME)
CREATE TABLE `WEATHERSTREAM` (
  `ROWTIME` TIMESTAMP(3),
  `CITY` STRING,
  `TEMP` BIGINT,
  WATERMARK FOR `ROWTIME` AS `ROWTIME` - INTERVAL '0.001' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/WEATHERSTREAM.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `ROWTIME` TIMESTAMP(3),
  `FLOOR_DAY` TIMESTAMP(3),
  `CITY` STRING,
  `MIN_TEMP` BIGINT,
  `MAX_TEMP` BIGINT,
  `AVG_TEMP` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `window_end` AS `ROWTIME`,
  CAST(`window_start` AS TIMESTAMP(3)) AS `FLOOR_DAY`,
  CAST(`CITY` AS STRING) AS `CITY`,
  CAST(MIN(`TEMP`) AS BIGINT) AS `MIN_TEMP`,
  CAST(MAX(`TEMP`) AS BIGINT) AS `MAX_TEMP`,
  CAST(SUM(`TEMP`) / COUNT(`TEMP`) AS BIGINT) AS `AVG_TEMP` FROM TABLE(TUMBLE(TABLE `WEATHERSTREAM`, DESCRIPTOR(`ROWTIME`), INTERVAL '1' DAY)) AS `WEATHERSTREAM` GROUP BY `CITY`, `window_start`, `window_end`;

END;

=== global per day, lower-case "to" as documented
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

-- kdalite note: `WEATHERSTREAM`: ROWTIME is the event-time attribute, its watermark a millisecond behind it (KDA's rows arrive in ROWTIME order, several at one ROWTIME)
CREATE TABLE `WEATHERSTREAM` (
  `ROWTIME` TIMESTAMP(3),
  `CITY` STRING,
  `TEMP` BIGINT,
  WATERMARK FOR `ROWTIME` AS `ROWTIME` - INTERVAL '0.001' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/WEATHERSTREAM.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `ROWTIME` TIMESTAMP(3),
  `FLOOR_DAY` TIMESTAMP(3),
  `MIN_TEMP` BIGINT,
  `MAX_TEMP` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `window_end` AS `ROWTIME`,
  CAST(`window_start` AS TIMESTAMP(3)) AS `FLOOR_DAY`,
  CAST(MIN(`TEMP`) AS BIGINT) AS `MIN_TEMP`,
  CAST(MAX(`TEMP`) AS BIGINT) AS `MAX_TEMP` FROM TABLE(TUMBLE(TABLE `WEATHERSTREAM`, DESCRIPTOR(`ROWTIME`), INTERVAL '1' DAY)) AS `WEATHERSTREAM` GROUP BY `window_start`, `window_end`;

END;

=== a group closes only when a row at or past its end arrives
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

-- kdalite note: `WEATHERSTREAM`: ROWTIME is the event-time attribute, its watermark a millisecond behind it (KDA's rows arrive in ROWTIME order, several at one ROWTIME)
CREATE TABLE `WEATHERSTREAM` (
  `ROWTIME` TIMESTAMP(3),
  `CITY` STRING,
  `TEMP` BIGINT,
  WATERMARK FOR `ROWTIME` AS `ROWTIME` - INTERVAL '0.001' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/WEATHERSTREAM.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `ROWTIME` TIMESTAMP(3),
  `CITY` STRING,
  `N` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `window_end` AS `ROWTIME`,
  CAST(`CITY` AS STRING) AS `CITY`,
  CAST(COUNT(*) AS BIGINT) AS `N` FROM TABLE(TUMBLE(TABLE `WEATHERSTREAM`, DESCRIPTOR(`ROWTIME`), INTERVAL '1' HOUR)) AS `WEATHERSTREAM` GROUP BY `CITY`, `window_start`, `window_end`;

END;

=== the stock-ticker demo: 10-second STEP windows over the seeded generator
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

CREATE TABLE `DESTINATION_SQL_STREAM` (
  `ROWTIME` TIMESTAMP(3),
  `TICKER_SYMBOL` VARCHAR(4),
  `AVG_PRICE` DOUBLE,
  `TRADES` INT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/DESTINATION_SQL_STREAM',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `DESTINATION_SQL_STREAM`
SELECT `window_end` AS `ROWTIME`,
  CAST(`TICKER_SYMBOL` AS VARCHAR(4)) AS `TICKER_SYMBOL`,
  CAST(AVG(CAST(`PRICE` AS DOUBLE)) AS DOUBLE) AS `AVG_PRICE`,
  CAST(COUNT(*) AS INT) AS `TRADES` FROM TABLE(TUMBLE(TABLE `SOURCE_SQL_STREAM_001`, DESCRIPTOR(`ROWTIME`), INTERVAL '10' SECOND)) AS `SOURCE_SQL_STREAM_001` WHERE `SECTOR` = 'TECHNOLOGY' GROUP BY `TICKER_SYMBOL`, `window_start`, `window_end`;

END;

=== a window over a windowed stream: per-10-second counts, then per minute, each row in the minute its window's end falls in
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

CREATE TABLE `PER_MINUTE` (
  `ROWTIME` TIMESTAMP(3),
  `TICKER` VARCHAR(4),
  `WINDOWS` BIGINT,
  `TOTAL` BIGINT,
  `PEAK` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/PER_MINUTE',
  'format' = 'json'
);

CREATE VIEW `PER_TEN` AS
SELECT `window_end` AS `ROWTIME`,
  CAST(`TICKER_SYMBOL` AS VARCHAR(4)) AS `TICKER`,
  CAST(COUNT(*) AS BIGINT) AS `N`,
  `window_time` AS `kdalite_time` FROM TABLE(TUMBLE(TABLE `SOURCE_SQL_STREAM_001`, DESCRIPTOR(`ROWTIME`), INTERVAL '10' SECOND)) AS `SOURCE_SQL_STREAM_001` WHERE `SECTOR` = 'TECHNOLOGY' GROUP BY `TICKER_SYMBOL`, `window_start`, `window_end`, `window_time`;

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `PER_MINUTE`
SELECT `window_end` + INTERVAL '0.001' SECOND AS `ROWTIME`,
  CAST(`TICKER` AS VARCHAR(4)) AS `TICKER`,
  CAST(COUNT(*) AS BIGINT) AS `WINDOWS`,
  CAST(SUM(`N`) AS BIGINT) AS `TOTAL`,
  CAST(MAX(`N`) AS BIGINT) AS `PEAK` FROM TABLE(TUMBLE(TABLE `PER_TEN`, DESCRIPTOR(`kdalite_time`), INTERVAL '1' MINUTE, INTERVAL '0 00:00:59.999' DAY TO SECOND)) AS `PER_TEN` GROUP BY `TICKER`, `window_start`, `window_end`;

END;

