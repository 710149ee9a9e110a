=== KDA's reference data example: each trade with its company, NULL for an unknown ticker
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

-- kdalite note: `SOURCE_SQL_STREAM_001`: ROWTIME is the event-time attribute, its watermark a millisecond behind it (KDA's rows arrive in ROWTIME order, several at one ROWTIME)
CREATE TABLE `SOURCE_SQL_STREAM_001` (
  `ROWTIME` TIMESTAMP(3),
  `TICKER_SYMBOL` STRING,
  `SECTOR` STRING,
  `CHANGE` DOUBLE,
  `PRICE` DOUBLE,
  WATERMARK FOR `ROWTIME` AS `ROWTIME` - INTERVAL '0.001' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/SOURCE_SQL_STREAM_001.jsonl',
  'format' = 'json'
);

-- kdalite note: reference table `CompanyName`: joined as Flink joins two tables, both read whole (Flink's filesystem tables cannot be looked up)
CREATE TABLE `CompanyName` (
  `TICKER` STRING,
  `COMPANY` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/CompanyName.jsonl',
  'format' = 'json'
);

CREATE TABLE `DESTINATION_SQL_STREAM` (
  `ROWTIME` TIMESTAMP(3),
  `TICKER_SYMBOL` VARCHAR(4),
  `Company` VARCHAR(20),
  `SECTOR` VARCHAR(12),
  `CHANGE` DOUBLE,
  `PRICE` DOUBLE
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/DESTINATION_SQL_STREAM',
  'format' = 'debezium-json'
);

EXECUTE STATEMENT SET
BEGIN

-- kdalite note (line 4, column 3): an outer join to a reference table: its target is written as a changelog (Debezium JSON), since Flink may pad a row before the table's row arrives and then take it back
INSERT INTO `DESTINATION_SQL_STREAM`
SELECT `SOURCE_SQL_STREAM_001`.`ROWTIME` AS `ROWTIME`,
  CAST(`TICKER_SYMBOL` AS VARCHAR(4)) AS `TICKER_SYMBOL`,
  CAST(`c`.`COMPANY` AS VARCHAR(20)) AS `Company`,
  CAST(`SECTOR` AS VARCHAR(12)) AS `SECTOR`,
  CAST(`CHANGE` AS DOUBLE) AS `CHANGE`,
  CAST(`PRICE` AS DOUBLE) AS `PRICE` FROM `SOURCE_SQL_STREAM_001` LEFT JOIN `CompanyName` AS `c` ON `SOURCE_SQL_STREAM_001`.`TICKER_SYMBOL` = `c`.`TICKER`;

END;

=== an inner join drops rows without a match and repeats rows with several
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

-- kdalite note: `SOURCE_SQL_STREAM_001`: ROWTIME is the event-time attribute, its watermark a millisecond behind it (KDA's rows arrive in ROWTIME order, several at one ROWTIME)
CREATE TABLE `SOURCE_SQL_STREAM_001` (
  `ROWTIME` TIMESTAMP(3),
  `TICKER_SYMBOL` STRING,
  `SECTOR` STRING,
  `CHANGE` DOUBLE,
  `PRICE` DOUBLE,
  WATERMARK FOR `ROWTIME` AS `ROWTIME` - INTERVAL '0.001' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/SOURCE_SQL_STREAM_001.jsonl',
  'format' = 'json'
);

-- kdalite note: reference table `Listings`: joined as Flink joins two tables, both read whole (Flink's filesystem tables cannot be looked up)
CREATE TABLE `Listings` (
  `TICKER` STRING,
  `EXCHANGE` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Listings.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `ROWTIME` TIMESTAMP(3),
  `TICKER_SYMBOL` STRING,
  `EXCHANGE` STRING,
  `PRICE` DOUBLE
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `S`.`ROWTIME` AS `ROWTIME`,
  CAST(`S`.`TICKER_SYMBOL` AS STRING) AS `TICKER_SYMBOL`,
  CAST(`P`.`EXCHANGE` AS STRING) AS `EXCHANGE`,
  CAST(`S`.`PRICE` AS DOUBLE) AS `PRICE` FROM `SOURCE_SQL_STREAM_001` AS `S` JOIN `Listings` AS `P` ON `S`.`TICKER_SYMBOL` = `P`.`TICKER`;

END;

=== the rest of the ON condition is checked on each pair; a LEFT join keeps a row that loses them all
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

-- kdalite note: `SOURCE_SQL_STREAM_001`: ROWTIME is the event-time attribute, its watermark a millisecond behind it (KDA's rows arrive in ROWTIME order, several at one ROWTIME)
CREATE TABLE `SOURCE_SQL_STREAM_001` (
  `ROWTIME` TIMESTAMP(3),
  `TICKER_SYMBOL` STRING,
  `SECTOR` STRING,
  `CHANGE` DOUBLE,
  `PRICE` DOUBLE,
  WATERMARK FOR `ROWTIME` AS `ROWTIME` - INTERVAL '0.001' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/SOURCE_SQL_STREAM_001.jsonl',
  'format' = 'json'
);

-- kdalite note: reference table `Listings`: joined as Flink joins two tables, both read whole (Flink's filesystem tables cannot be looked up)
CREATE TABLE `Listings` (
  `TICKER` STRING,
  `EXCHANGE` STRING,
  `MIN_PRICE` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Listings.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `ROWTIME` TIMESTAMP(3),
  `TICKER_SYMBOL` STRING,
  `EXCHANGE` STRING,
  `PRICE` DOUBLE
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

EXECUTE STATEMENT SET
BEGIN

-- kdalite note (line 1, column 1): an outer join to a reference table: its target is written as a changelog (Debezium JSON), since Flink may pad a row before the table's row arrives and then take it back
INSERT INTO `RESULT`
SELECT `S`.`ROWTIME` AS `ROWTIME`,
  CAST(`S`.`TICKER_SYMBOL` AS STRING) AS `TICKER_SYMBOL`,
  CAST(`L`.`EXCHANGE` AS STRING) AS `EXCHANGE`,
  CAST(`S`.`PRICE` AS DOUBLE) AS `PRICE` FROM `SOURCE_SQL_STREAM_001` AS `S` LEFT JOIN `Listings` AS `L` ON `S`.`TICKER_SYMBOL` = `L`.`TICKER` AND `S`.`PRICE` >= `L`.`MIN_PRICE`;

END;

=== joined rows aggregate in a window: trades per company every 10 seconds
-- refused: cannot export to Flink: a window over a join is not translated yet at line 1, column 1

=== a Flink query joins a table with a watermark to a reference table and windows the result
-- refused: cannot export to Flink: table `Enriched` is written and read, with a WATERMARK of its own: Flink reads a file table when the job starts, and a view keeps no watermark of its own (write it to a Kafka topic and read it back) at line 3, column 14

=== a NULL key matches nothing, and unreadable table records go to error_stream
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

-- kdalite note: `SOURCE_SQL_STREAM_001`: ROWTIME is the event-time attribute, its watermark a millisecond behind it (KDA's rows arrive in ROWTIME order, several at one ROWTIME)
CREATE TABLE `SOURCE_SQL_STREAM_001` (
  `ROWTIME` TIMESTAMP(3),
  `TICKER_SYMBOL` STRING,
  `SECTOR` STRING,
  `CHANGE` DOUBLE,
  `PRICE` BIGINT,
  WATERMARK FOR `ROWTIME` AS `ROWTIME` - INTERVAL '0.001' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/SOURCE_SQL_STREAM_001.jsonl',
  'format' = 'json'
);

-- kdalite note: reference table `Bands`: joined as Flink joins two tables, both read whole (Flink's filesystem tables cannot be looked up)
CREATE TABLE `Bands` (
  `PRICE` BIGINT,
  `BAND` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Bands.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `ROWTIME` TIMESTAMP(3),
  `TICKER_SYMBOL` STRING,
  `PRICE` BIGINT,
  `BAND` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

EXECUTE STATEMENT SET
BEGIN

-- kdalite note (line 1, column 1): an outer join to a reference table: its target is written as a changelog (Debezium JSON), since Flink may pad a row before the table's row arrives and then take it back
INSERT INTO `RESULT`
SELECT `S`.`ROWTIME` AS `ROWTIME`,
  CAST(`S`.`TICKER_SYMBOL` AS STRING) AS `TICKER_SYMBOL`,
  CAST(`S`.`PRICE` AS BIGINT) AS `PRICE`,
  CAST(`B`.`BAND` AS STRING) AS `BAND` FROM `SOURCE_SQL_STREAM_001` AS `S` LEFT JOIN `Bands` AS `B` ON `S`.`PRICE` = `B`.`PRICE`;

END;

=== a table's computed column AS PROCTIME() is a processing-time attribute a lookup joins on
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

-- kdalite note: reference table `Products` joined as Flink joins two tables: both kept whole
CREATE TABLE `Products` (
  `item` STRING,
  `category` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Products.jsonl',
  'format' = 'json'
);

CREATE TABLE `Bid` (
  `bidtime` TIMESTAMP(3),
  `price` DECIMAL(10,2),
  `item` STRING,
  `proc` AS PROCTIME(),
  WATERMARK FOR `bidtime` AS `bidtime` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Bid.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `price` DECIMAL(10, 2),
  `category` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `b`.`price`, `p`.`category` FROM `Bid` AS `b` JOIN `Products` FOR SYSTEM_TIME AS OF `b`.`proc` AS `p` ON `b`.`item` = `p`.`item`;

END;

