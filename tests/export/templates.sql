=== KDA: continuous filter
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
  `PRICE` FLOAT,
  `CHANGE` FLOAT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/DESTINATION_SQL_STREAM',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `DESTINATION_SQL_STREAM`
SELECT `SOURCE_SQL_STREAM_001`.`ROWTIME` AS `ROWTIME`,
  CAST(`TICKER_SYMBOL` AS VARCHAR(4)) AS `TICKER_SYMBOL`,
  CAST(`PRICE` AS FLOAT) AS `PRICE`,
  CAST(`CHANGE` AS FLOAT) AS `CHANGE` FROM `SOURCE_SQL_STREAM_001` WHERE ABS(`CHANGE`) > `PRICE` * 0.01;

END;

=== KDA: tumbling window aggregate
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
  CAST(COUNT(*) AS INT) AS `TRADES` FROM TABLE(TUMBLE(TABLE `SOURCE_SQL_STREAM_001`, DESCRIPTOR(`ROWTIME`), INTERVAL '10' SECOND)) AS `SOURCE_SQL_STREAM_001` GROUP BY `TICKER_SYMBOL`, `window_start`, `window_end`;

END;

=== KDA: sliding window
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
  `PRICE` FLOAT,
  `AVG_PRICE` DOUBLE,
  `MAX_PRICE` FLOAT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/DESTINATION_SQL_STREAM',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

-- kdalite note (line 4, column 3): rows of the same ROWTIME: Flink computes each one's OVER window over all of them, KDA over those that arrived before it
INSERT INTO `DESTINATION_SQL_STREAM`
SELECT `SOURCE_SQL_STREAM_001`.`ROWTIME` AS `ROWTIME`,
  CAST(`TICKER_SYMBOL` AS VARCHAR(4)) AS `TICKER_SYMBOL`,
  CAST(`PRICE` AS FLOAT) AS `PRICE`,
  CAST(AVG(CAST(`PRICE` AS DOUBLE)) OVER `LAST_MINUTE` AS DOUBLE) AS `AVG_PRICE`,
  CAST(MAX(`PRICE`) OVER `LAST_MINUTE` AS FLOAT) AS `MAX_PRICE` FROM `SOURCE_SQL_STREAM_001` WINDOW `LAST_MINUTE` AS (PARTITION BY `TICKER_SYMBOL` ORDER BY `SOURCE_SQL_STREAM_001`.`ROWTIME` RANGE BETWEEN INTERVAL '1' MINUTE PRECEDING AND CURRENT ROW);

END;

=== KDA: stagger window
-- refused: cannot export to Flink: Flink SQL has no stagger window (a window per key that opens with the key's first row); --approximate writes a tumbling window of its range at line 7, column 15

=== KDA: two windows, arrival and event time
-- refused: cannot export to Flink: Flink SQL has no STEP at line 5, column 32

=== KDA: how late trades arrive (intervals)
-- refused: cannot export to Flink: column LATEST of DESTINATION_SQL_STREAM is an INTERVAL MINUTE TO SECOND, which Flink's JSON format writes as a number of milliseconds or months: CAST it to a number of its one field, CAST(CAST(x AS INTERVAL SECOND) AS BIGINT)

=== KDA: join a reference table
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

-- kdalite note: reference table `COMPANIES`: joined as Flink joins two tables, both read whole (Flink's filesystem tables cannot be looked up)
CREATE TABLE `COMPANIES` (
  `TICKER` STRING,
  `COMPANY` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/COMPANIES.jsonl',
  'format' = 'json'
);

CREATE TABLE `DESTINATION_SQL_STREAM` (
  `ROWTIME` TIMESTAMP(3),
  `TICKER_SYMBOL` VARCHAR(4),
  `COMPANY` VARCHAR(32),
  `PRICE` FLOAT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/DESTINATION_SQL_STREAM',
  'format' = 'debezium-json'
);

EXECUTE STATEMENT SET
BEGIN

-- kdalite note (line 4, column 3): an outer join to a reference table: its target is written as a changelog (Debezium JSON), since Flink may pad a row before the table's row arrives and then take it back
INSERT INTO `DESTINATION_SQL_STREAM`
SELECT `S`.`ROWTIME` AS `ROWTIME`,
  CAST(`S`.`TICKER_SYMBOL` AS VARCHAR(4)) AS `TICKER_SYMBOL`,
  CAST(`C`.`COMPANY` AS VARCHAR(32)) AS `COMPANY`,
  CAST(`S`.`PRICE` AS FLOAT) AS `PRICE` FROM `SOURCE_SQL_STREAM_001` AS `S` LEFT JOIN `COMPANIES` AS `C` ON `S`.`TICKER_SYMBOL` = `C`.`TICKER`;

END;

=== KDA: count distinct
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
  `SECTOR` VARCHAR(16),
  `TICKERS` INT,
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
  CAST(`SECTOR` AS VARCHAR(16)) AS `SECTOR`,
  CAST(COUNT(DISTINCT `TICKER_SYMBOL`) AS INT) AS `TICKERS`,
  CAST(COUNT(*) AS INT) AS `TRADES` FROM TABLE(TUMBLE(TABLE `SOURCE_SQL_STREAM_001`, DESCRIPTOR(`ROWTIME`), INTERVAL '1' MINUTE)) AS `SOURCE_SQL_STREAM_001` GROUP BY `SECTOR`, `window_start`, `window_end`;

END;

=== KDA: anomalies against a sliding baseline
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

-- kdalite note: `SOURCE_SQL_STREAM_001`: ROWTIME is the event-time attribute, its watermark a millisecond behind it (KDA's rows arrive in ROWTIME order, several at one ROWTIME)
CREATE TABLE `SOURCE_SQL_STREAM_001` (
  `ROWTIME` TIMESTAMP(3),
  `DEVICE_ID` VARCHAR(16),
  `TEMPERATURE` DOUBLE,
  `HUMIDITY` DOUBLE,
  `BATTERY` DOUBLE,
  `EVENT_TIME` TIMESTAMP(3),
  WATERMARK FOR `ROWTIME` AS `ROWTIME` - INTERVAL '0.001' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/SOURCE_SQL_STREAM_001.jsonl',
  'format' = 'json'
);

CREATE TABLE `DESTINATION_SQL_STREAM` (
  `ROWTIME` TIMESTAMP(3),
  `DEVICE_ID` VARCHAR(16),
  `TEMPERATURE` DOUBLE,
  `BASELINE` DOUBLE,
  `SPREAD` DOUBLE
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/DESTINATION_SQL_STREAM',
  'format' = 'json'
);

-- kdalite note (line 5, column 3): rows of the same ROWTIME: Flink computes each one's OVER window over all of them, KDA over those that arrived before it
CREATE VIEW `BASELINE` AS
SELECT `SOURCE_SQL_STREAM_001`.`ROWTIME` AS `ROWTIME`,
  CAST(`DEVICE_ID` AS VARCHAR(16)) AS `DEVICE_ID`,
  CAST(`TEMPERATURE` AS DOUBLE) AS `TEMPERATURE`,
  CAST(AVG(`TEMPERATURE`) OVER `RECENT` AS DOUBLE) AS `BASELINE`,
  CAST(STDDEV_POP(CAST(`TEMPERATURE` AS DOUBLE)) OVER `RECENT` AS DOUBLE) AS `SPREAD` FROM `SOURCE_SQL_STREAM_001` WINDOW `RECENT` AS (PARTITION BY `DEVICE_ID` ORDER BY `SOURCE_SQL_STREAM_001`.`ROWTIME` RANGE BETWEEN INTERVAL '5' MINUTE PRECEDING AND CURRENT ROW);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `DESTINATION_SQL_STREAM`
SELECT `BASELINE`.`ROWTIME` AS `ROWTIME`,
  CAST(`BASELINE`.`DEVICE_ID` AS VARCHAR(16)) AS `DEVICE_ID`,
  CAST(`BASELINE`.`TEMPERATURE` AS DOUBLE) AS `TEMPERATURE`,
  CAST(`BASELINE`.`BASELINE` AS DOUBLE) AS `BASELINE`,
  CAST(`BASELINE`.`SPREAD` AS DOUBLE) AS `SPREAD` FROM `BASELINE` WHERE ABS(`TEMPERATURE` - `BASELINE`) > 3 * `SPREAD`;

END;

=== KDA: server errors in web logs
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

-- kdalite note: `SOURCE_SQL_STREAM_001`: ROWTIME is the event-time attribute, its watermark a millisecond behind it (KDA's rows arrive in ROWTIME order, several at one ROWTIME)
CREATE TABLE `SOURCE_SQL_STREAM_001` (
  `ROWTIME` TIMESTAMP(3),
  `LOG_LINE` STRING,
  WATERMARK FOR `ROWTIME` AS `ROWTIME` - INTERVAL '0.001' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/SOURCE_SQL_STREAM_001.jsonl',
  'format' = 'json'
);

CREATE TABLE `DESTINATION_SQL_STREAM` (
  `ROWTIME` TIMESTAMP(3),
  `ERRORS` INT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/DESTINATION_SQL_STREAM',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `DESTINATION_SQL_STREAM`
SELECT `window_end` AS `ROWTIME`,
  CAST(COUNT(*) AS INT) AS `ERRORS` FROM TABLE(TUMBLE(TABLE `SOURCE_SQL_STREAM_001`, DESCRIPTOR(`ROWTIME`), INTERVAL '10' SECOND)) AS `SOURCE_SQL_STREAM_001` WHERE `LOG_LINE` SIMILAR TO '%" 5[0-9][0-9] %' GROUP BY `window_start`, `window_end`;

END;

=== KDA: anomaly scores (RANDOM_CUT_FOREST)
-- refused: cannot export to Flink: KDA's streaming ORDER BY has no Flink counterpart (Flink sorts only by its time attribute) at line 5, column 3

=== KDA: dense regions (HOTSPOTS)
-- refused: cannot export to Flink: a pump reading a subquery or a KDA join window is not translated yet at line 7, column 14

=== KDA: most traded tickers (TOP_K_ITEMS_TUMBLING)
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
  `ITEM` VARCHAR(1024),
  `ITEM_COUNT` DOUBLE
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/DESTINATION_SQL_STREAM',
  'format' = 'json'
);

-- kdalite note (line 4, column 30): TOP_K_ITEMS_TUMBLING is a window Top-N of 3, by exact counts as kdalite's are (KDA's are approximate); of items tied for the last place, Flink may keep others than kdalite
CREATE VIEW `kdalite_top_k_1` AS
SELECT `window_end` AS `ROWTIME`, `ITEM`, `ITEM_COUNT` FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY `window_start`, `window_end` ORDER BY `ITEM_COUNT` DESC) AS `rownum`
  FROM (
    SELECT `window_start`, `window_end`, `TICKER_SYMBOL` AS `ITEM`, COUNT(*) AS `ITEM_COUNT`
    FROM TABLE(TUMBLE(TABLE `SOURCE_SQL_STREAM_001`, DESCRIPTOR(`ROWTIME`), INTERVAL '10' SECOND))
    GROUP BY `window_start`, `window_end`, `TICKER_SYMBOL`
  )
) WHERE `rownum` <= 3;

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `DESTINATION_SQL_STREAM`
SELECT `kdalite_top_k_1`.`ROWTIME` AS `ROWTIME`,
  CAST(`kdalite_top_k_1`.`ITEM` AS VARCHAR(1024)) AS `ITEM`,
  CAST(`kdalite_top_k_1`.`ITEM_COUNT` AS DOUBLE) AS `ITEM_COUNT` FROM `kdalite_top_k_1`;

END;

=== KDA: web log fields (W3C_LOG_PARSE)
-- refused: cannot export to Flink: a pump reading a subquery or a KDA join window is not translated yet at line 6, column 9

=== Flink: TUMBLE window TVF
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
  WATERMARK FOR `EVENT_TIME` AS `EVENT_TIME` - INTERVAL '2' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/readings.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `window_start` TIMESTAMP(3),
  `window_end` TIMESTAMP(3),
  `DEVICE_ID` STRING,
  `readings` BIGINT,
  `hottest` DOUBLE
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT CAST(`window_start` AS TIMESTAMP(3)) AS `window_start`, CAST(`window_end` AS TIMESTAMP(3)) AS `window_end`, `DEVICE_ID`, `readings`, `hottest` FROM (
SELECT `window_start`, `window_end`, `DEVICE_ID`, COUNT(*) AS `readings`, MAX(`TEMPERATURE`) AS `hottest` FROM TABLE(TUMBLE(TABLE `readings`, DESCRIPTOR(`EVENT_TIME`), INTERVAL '10' SECOND)) GROUP BY `window_start`, `window_end`, `DEVICE_ID`
) AS `q`(`window_start`, `window_end`, `DEVICE_ID`, `readings`, `hottest`);

END;

=== Flink: HOP window TVF
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `trades` (
  `TICKER_SYMBOL` STRING,
  `SECTOR` STRING,
  `CHANGE` DOUBLE,
  `PRICE` DOUBLE,
  `EVENT_TIME` TIMESTAMP(3),
  WATERMARK FOR `EVENT_TIME` AS `EVENT_TIME` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/trades.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `window_start` TIMESTAMP(3),
  `window_end` TIMESTAMP(3),
  `SECTOR` STRING,
  `trades` BIGINT,
  `avg_price` DOUBLE
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT CAST(`window_start` AS TIMESTAMP(3)) AS `window_start`, CAST(`window_end` AS TIMESTAMP(3)) AS `window_end`, `SECTOR`, `trades`, `avg_price` FROM (
SELECT `window_start`, `window_end`, `SECTOR`, COUNT(*) AS `trades`, AVG(`PRICE`) AS `avg_price` FROM TABLE(HOP(TABLE `trades`, DESCRIPTOR(`EVENT_TIME`), INTERVAL '10' SECOND, INTERVAL '30' SECOND)) GROUP BY `window_start`, `window_end`, `SECTOR`
) AS `q`(`window_start`, `window_end`, `SECTOR`, `trades`, `avg_price`);

END;

=== Flink: SESSION window TVF
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
  WATERMARK FOR `EVENT_TIME` AS `EVENT_TIME` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/clicks.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `window_start` TIMESTAMP(3),
  `window_end` TIMESTAMP(3),
  `USER_ID` STRING,
  `clicks` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT CAST(`window_start` AS TIMESTAMP(3)) AS `window_start`, CAST(`window_end` AS TIMESTAMP(3)) AS `window_end`, `USER_ID`, `clicks` FROM (
SELECT `window_start`, `window_end`, `USER_ID`, COUNT(*) AS `clicks` FROM TABLE(SESSION(TABLE `clicks` PARTITION BY `USER_ID`, DESCRIPTOR(`EVENT_TIME`), INTERVAL '30' SECOND)) GROUP BY `window_start`, `window_end`, `USER_ID`
) AS `q`(`window_start`, `window_end`, `USER_ID`, `clicks`);

END;

=== KDA: windowed stream join
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
  `PRICE` FLOAT,
  `LOW` FLOAT,
  `FELL_AT` TIMESTAMP(3)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/DESTINATION_SQL_STREAM',
  'format' = 'json'
);

CREATE VIEW `RISES` AS
SELECT `SOURCE_SQL_STREAM_001`.`ROWTIME` AS `ROWTIME`,
  CAST(`TICKER_SYMBOL` AS VARCHAR(4)) AS `TICKER_SYMBOL`,
  CAST(`PRICE` AS FLOAT) AS `PRICE` FROM `SOURCE_SQL_STREAM_001` WHERE `CHANGE` > 0;

CREATE VIEW `FALLS` AS
SELECT `SOURCE_SQL_STREAM_001`.`ROWTIME` AS `ROWTIME`,
  CAST(`TICKER_SYMBOL` AS VARCHAR(4)) AS `TICKER_SYMBOL`,
  CAST(`PRICE` AS FLOAT) AS `PRICE` FROM `SOURCE_SQL_STREAM_001` WHERE `CHANGE` < 0;

EXECUTE STATEMENT SET
BEGIN

-- kdalite note (line 15, column 10): KDA's join windows became an interval join (`R`.`ROWTIME` BETWEEN `F`.`ROWTIME` AND `F`.`ROWTIME` + INTERVAL '10' SECOND); a pair's ROWTIME is the later of the two, an unmatched row's the end of its side's window
INSERT INTO `DESTINATION_SQL_STREAM`
SELECT GREATEST(`R`.`ROWTIME`, `F`.`ROWTIME`) AS `ROWTIME`,
  CAST(`R`.`TICKER_SYMBOL` AS VARCHAR(4)) AS `TICKER_SYMBOL`,
  CAST(`R`.`PRICE` AS FLOAT) AS `PRICE`,
  CAST(`F`.`PRICE` AS FLOAT) AS `LOW`,
  CAST(`F`.`ROWTIME` AS TIMESTAMP(3)) AS `FELL_AT` FROM `RISES` AS `R` JOIN `FALLS` AS `F` ON (`R`.`TICKER_SYMBOL` = `F`.`TICKER_SYMBOL`) AND `R`.`ROWTIME` BETWEEN `F`.`ROWTIME` AND `F`.`ROWTIME` + INTERVAL '10' SECOND;

END;

=== Flink: CUMULATE window TVF
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `trades` (
  `TICKER_SYMBOL` STRING,
  `SECTOR` STRING,
  `CHANGE` DOUBLE,
  `PRICE` DOUBLE,
  `EVENT_TIME` TIMESTAMP(3),
  WATERMARK FOR `EVENT_TIME` AS `EVENT_TIME` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/trades.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `window_start` TIMESTAMP(3),
  `window_end` TIMESTAMP(3),
  `trades` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT CAST(`window_start` AS TIMESTAMP(3)) AS `window_start`, CAST(`window_end` AS TIMESTAMP(3)) AS `window_end`, `trades` FROM (
SELECT `window_start`, `window_end`, COUNT(*) AS `trades` FROM TABLE(CUMULATE(TABLE `trades`, DESCRIPTOR(`EVENT_TIME`), INTERVAL '10' SECOND, INTERVAL '1' MINUTE)) GROUP BY `window_start`, `window_end`
) AS `q`(`window_start`, `window_end`, `trades`);

END;

=== Flink: totals per ticker, sector and market (ROLLUP)
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `trades` (
  `TICKER_SYMBOL` STRING,
  `SECTOR` STRING,
  `CHANGE` DOUBLE,
  `PRICE` DOUBLE,
  `EVENT_TIME` TIMESTAMP(3),
  WATERMARK FOR `EVENT_TIME` AS `EVENT_TIME` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/trades.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `window_start` TIMESTAMP(3),
  `SECTOR` STRING,
  `TICKER_SYMBOL` STRING,
  `trades` BIGINT,
  `avg_price` DOUBLE,
  `level` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `window_start`, `SECTOR`, `TICKER_SYMBOL`, COUNT(*) AS `trades`, ROUND(AVG(`PRICE`), 2) AS `avg_price`, GROUPING_ID(`SECTOR`, `TICKER_SYMBOL`) AS `level` FROM TABLE(TUMBLE(TABLE `trades`, DESCRIPTOR(`EVENT_TIME`), INTERVAL '10' SECOND)) GROUP BY `window_start`, `window_end`, ROLLUP (`SECTOR`, `TICKER_SYMBOL`);

END;

=== Flink: each sector's tickers as an array (ARRAY_AGG, UNNEST)
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `trades` (
  `TICKER_SYMBOL` STRING,
  `SECTOR` STRING,
  `CHANGE` DOUBLE,
  `PRICE` DOUBLE,
  `EVENT_TIME` TIMESTAMP(3),
  WATERMARK FOR `EVENT_TIME` AS `EVENT_TIME` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/trades.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `window_start` TIMESTAMP(3),
  `SECTOR` STRING,
  `n` INT,
  `sorted` STRING,
  `tickers` ARRAY<STRING>
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

CREATE TABLE `RESULT_2` (
  `window_start` TIMESTAMP(3),
  `SECTOR` STRING,
  `ticker` STRING,
  `pos` INT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT_2',
  'format' = 'json'
);

CREATE VIEW `sectors` AS
SELECT `window_start`, `window_end`, `SECTOR`, ARRAY_DISTINCT(ARRAY_AGG(`TICKER_SYMBOL`)) AS `tickers` FROM TABLE(TUMBLE(TABLE `trades`, DESCRIPTOR(`EVENT_TIME`), INTERVAL '10' SECOND)) GROUP BY `window_start`, `window_end`, `SECTOR`;

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `window_start`, `SECTOR`, CARDINALITY(`tickers`) AS `n`, ARRAY_JOIN(ARRAY_SORT(`tickers`), ', ') AS `sorted`, `tickers` FROM `sectors`;

INSERT INTO `RESULT_2`
SELECT `window_start`, `SECTOR`, `ticker`, `pos` FROM `sectors` CROSS JOIN UNNEST(`tickers`) WITH ORDINALITY AS `t` (`ticker`, `pos`);

END;

=== Flink: a bid URL's parameters as a map (STR_TO_MAP, MAP_KEYS)
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
  `channel` STRING,
  `params` MAP<STRING, STRING>,
  `channel_id` STRING,
  `n` INT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

CREATE TABLE `RESULT_2` (
  `window_start` TIMESTAMP(3),
  `keys_` STRING,
  `bids` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT_2',
  'format' = 'json'
);

CREATE VIEW `bid_params` AS
SELECT `auction`, `price`, `channel`, `dateTime`, STR_TO_MAP(PARSE_URL(`url`, 'QUERY'), '&', '=') AS `params` FROM `bid`;

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `channel`, `params`, `params`['channel_id'] AS `channel_id`, CARDINALITY(`params`) AS `n` FROM `bid_params`;

INSERT INTO `RESULT_2`
SELECT `window_start`, CAST(MAP_KEYS(`params`) AS STRING) AS `keys_`, COUNT(*) AS `bids` FROM TABLE(TUMBLE(TABLE `bid_params`, DESCRIPTOR(`dateTime`), INTERVAL '10' SECOND)) GROUP BY `window_start`, `window_end`, CAST(MAP_KEYS(`params`) AS STRING);

END;

=== Flink: a price that falls, then rises (MATCH_RECOGNIZE)
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `trades` (
  `TICKER_SYMBOL` STRING,
  `SECTOR` STRING,
  `CHANGE` DOUBLE,
  `PRICE` DOUBLE,
  `EVENT_TIME` TIMESTAMP(3),
  WATERMARK FOR `EVENT_TIME` AS `EVENT_TIME` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/trades.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `TICKER_SYMBOL` STRING,
  `start_price` DOUBLE,
  `bottom_price` DOUBLE,
  `end_price` DOUBLE,
  `falls` BIGINT,
  `end_time` TIMESTAMP(3)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT * FROM `trades` MATCH_RECOGNIZE(PARTITION BY `TICKER_SYMBOL` ORDER BY `EVENT_TIME` MEASURES `START_ROW`.`PRICE` AS `start_price`, LAST(`PRICE_DOWN`.`PRICE`) AS `bottom_price`, `PRICE_UP`.`PRICE` AS `end_price`, COUNT(`PRICE_DOWN`.`PRICE`) AS `falls`, MATCH_ROWTIME() AS `end_time` ONE ROW PER MATCH AFTER MATCH SKIP PAST LAST ROW PATTERN (`START_ROW` `PRICE_DOWN`{2,} `PRICE_UP`) DEFINE `PRICE_DOWN` AS (LAST(`PRICE_DOWN`.`PRICE`, 1) IS NULL AND `PRICE_DOWN`.`PRICE` < `START_ROW`.`PRICE`) OR `PRICE_DOWN`.`PRICE` < LAST(`PRICE_DOWN`.`PRICE`, 1), `PRICE_UP` AS `PRICE_UP`.`PRICE` > LAST(`PRICE_DOWN`.`PRICE`, 1)) AS `m`;

END;

=== Flink: the five biggest rises so far (ORDER BY … LIMIT)
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `trades` (
  `TICKER_SYMBOL` STRING,
  `SECTOR` STRING,
  `CHANGE` DOUBLE,
  `PRICE` DOUBLE,
  `EVENT_TIME` TIMESTAMP(3),
  WATERMARK FOR `EVENT_TIME` AS `EVENT_TIME` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/trades.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `TICKER_SYMBOL` STRING,
  `CHANGE` DOUBLE,
  `PRICE` DOUBLE,
  `EVENT_TIME` TIMESTAMP(3)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `TICKER_SYMBOL`, `CHANGE`, `PRICE`, `EVENT_TIME` FROM `trades` ORDER BY `CHANGE` DESC LIMIT 5;

END;

=== Nexmark Q3: local item suggestion (regular join)
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

=== Nexmark Q5: hot items (window join of window aggregates)
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

=== Nexmark Q7: highest bid (regular join with a window)
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

=== Nexmark Q8: monitor new users (window join)
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

=== Nexmark Q20: expand bid with auction (regular join)
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

=== Nexmark Q4: average winning price per category (an aggregate of an aggregate)
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

=== Nexmark Q19: the ten highest bids of each auction (Top-N)
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

=== Nexmark Q1: prices in euros
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

=== Nexmark Q11: bids per bidder session
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
SELECT `B`.`bidder`, COUNT(*) AS `bid_count`, SESSION_START(`B`.`dateTime`, INTERVAL '10' SECOND) AS `starttime`, SESSION_END(`B`.`dateTime`, INTERVAL '10' SECOND) AS `endtime` FROM `bid` `B` GROUP BY `B`.`bidder`, SESSION(`B`.`dateTime`, INTERVAL '10' SECOND)
) AS `q`(`bidder`, `bid_count`, `starttime`, `endtime`);

END;

=== Flink: a table that makes its own rows (datagen connector)
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `orders` (
  `order_id` BIGINT,
  `product` STRING,
  `price` DECIMAL(8,2),
  `order_time` TIMESTAMP(3),
  WATERMARK FOR `order_time` AS `order_time` - INTERVAL '2' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/orders.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `window_start` TIMESTAMP(3),
  `window_end` TIMESTAMP(3),
  `product` STRING,
  `orders` BIGINT,
  `revenue` DECIMAL(38, 2)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT CAST(`window_start` AS TIMESTAMP(3)) AS `window_start`, CAST(`window_end` AS TIMESTAMP(3)) AS `window_end`, `product`, `orders`, `revenue` FROM (
SELECT `window_start`, `window_end`, `product`, COUNT(*) AS `orders`, SUM(`price`) AS `revenue` FROM TABLE(TUMBLE(TABLE `orders`, DESCRIPTOR(`order_time`), INTERVAL '5' SECOND)) GROUP BY `window_start`, `window_end`, `product`
) AS `q`(`window_start`, `window_end`, `product`, `orders`, `revenue`);

END;

=== Flink: orders per minute on Shanghai's clock (table.local-time-zone)
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'Asia/Shanghai';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `orders` (
  `order_id` BIGINT,
  `price` DECIMAL(8,2),
  `order_time` TIMESTAMP_LTZ(3),
  WATERMARK FOR `order_time` AS `order_time` - INTERVAL '2' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/orders.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `window_start` TIMESTAMP(3),
  `window_end` TIMESTAMP(3),
  `orders` BIGINT,
  `revenue` DECIMAL(38, 2)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT CAST(`window_start` AS TIMESTAMP(3)) AS `window_start`, CAST(`window_end` AS TIMESTAMP(3)) AS `window_end`, `orders`, `revenue` FROM (
SELECT `window_start`, `window_end`, COUNT(*) AS `orders`, SUM(`price`) AS `revenue` FROM TABLE(TUMBLE(TABLE `orders`, DESCRIPTOR(`order_time`), INTERVAL '1' MINUTE)) GROUP BY `window_start`, `window_end`
) AS `q`(`window_start`, `window_end`, `orders`, `revenue`);

END;

