=== Example 1: a time window on one side of an INNER JOIN (the page prints this row)
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

-- kdalite note: `SOURCE_SQL_STREAM_001`: ROWTIME is the event-time attribute, its watermark a millisecond behind it (KDA's rows arrive in ROWTIME order, several at one ROWTIME)
CREATE TABLE `SOURCE_SQL_STREAM_001` (
  `ROWTIME` TIMESTAMP(3),
  `ORDERID` BIGINT,
  `ORDERS` BIGINT,
  `SHIPMENTS` BIGINT,
  WATERMARK FOR `ROWTIME` AS `ROWTIME` - INTERVAL '0.001' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/SOURCE_SQL_STREAM_001.jsonl',
  'format' = 'json'
);

CREATE TABLE `OUTPUT_STREAM` (
  `ROWTIME` TIMESTAMP(3),
  `resultrowtime` TIMESTAMP(3),
  `orderid` INT,
  `shipmenttime` TIMESTAMP(3),
  `ordertime` TIMESTAMP(3)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/OUTPUT_STREAM',
  'format' = 'json'
);

CREATE VIEW `ORDERS_STREAM` AS
SELECT `SOURCE_SQL_STREAM_001`.`ROWTIME` AS `ROWTIME`,
  CAST(`ORDERID` AS INT) AS `orderid`,
  CAST(`ROWTIME` AS TIMESTAMP(3)) AS `orderrowtime` FROM `SOURCE_SQL_STREAM_001` WHERE `ORDERS` = 1;

CREATE VIEW `SHIPMENTS_STREAM` AS
SELECT `SOURCE_SQL_STREAM_001`.`ROWTIME` AS `ROWTIME`,
  CAST(`ORDERID` AS INT) AS `orderid`,
  CAST(`ROWTIME` AS TIMESTAMP(3)) AS `shipmentrowtime` FROM `SOURCE_SQL_STREAM_001` WHERE `SHIPMENTS` = 2;

EXECUTE STATEMENT SET
BEGIN

-- kdalite note (line 13, column 12): KDA's join windows became an interval join (`O`.`ROWTIME` BETWEEN `S`.`ROWTIME` - INTERVAL '1' MINUTE AND `S`.`ROWTIME`); a pair's ROWTIME is the later of the two, an unmatched row's the end of its side's window
INSERT INTO `OUTPUT_STREAM`
SELECT GREATEST(`O`.`ROWTIME`, `S`.`ROWTIME`) AS `ROWTIME`,
  CAST(GREATEST(`O`.`ROWTIME`, `S`.`ROWTIME`) AS TIMESTAMP(3)) AS `resultrowtime`,
  CAST(`S`.`orderid` AS INT) AS `orderid`,
  CAST(`S`.`ROWTIME` AS TIMESTAMP(3)) AS `shipmenttime`,
  CAST(`O`.`ROWTIME` AS TIMESTAMP(3)) AS `ordertime` FROM `ORDERS_STREAM` AS `O` JOIN `SHIPMENTS_STREAM` AS `S` ON (`O`.`orderid` = `S`.`orderid`) AND `O`.`ROWTIME` BETWEEN `S`.`ROWTIME` - INTERVAL '1' MINUTE AND `S`.`ROWTIME`;

END;

=== Example 2: time windows on both sides of an INNER JOIN (the page prints these two rows)
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

-- kdalite note: `SOURCE_SQL_STREAM_001`: ROWTIME is the event-time attribute, its watermark a millisecond behind it (KDA's rows arrive in ROWTIME order, several at one ROWTIME)
CREATE TABLE `SOURCE_SQL_STREAM_001` (
  `ROWTIME` TIMESTAMP(3),
  `ORDERID` BIGINT,
  `ORDERS` BIGINT,
  `SHIPMENTS` BIGINT,
  WATERMARK FOR `ROWTIME` AS `ROWTIME` - INTERVAL '0.001' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/SOURCE_SQL_STREAM_001.jsonl',
  'format' = 'json'
);

CREATE TABLE `OUTPUT_STREAM` (
  `ROWTIME` TIMESTAMP(3),
  `resultrowtime` TIMESTAMP(3),
  `orderid` INT,
  `shipmenttime` TIMESTAMP(3),
  `ordertime` TIMESTAMP(3)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/OUTPUT_STREAM',
  'format' = 'json'
);

CREATE VIEW `ORDERS_STREAM` AS
SELECT `SOURCE_SQL_STREAM_001`.`ROWTIME` AS `ROWTIME`,
  CAST(`ORDERID` AS INT) AS `orderid`,
  CAST(`ROWTIME` AS TIMESTAMP(3)) AS `orderrowtime` FROM `SOURCE_SQL_STREAM_001` WHERE `ORDERS` = 1;

CREATE VIEW `SHIPMENTS_STREAM` AS
SELECT `SOURCE_SQL_STREAM_001`.`ROWTIME` AS `ROWTIME`,
  CAST(`ORDERID` AS INT) AS `orderid`,
  CAST(`ROWTIME` AS TIMESTAMP(3)) AS `shipmentrowtime` FROM `SOURCE_SQL_STREAM_001` WHERE `SHIPMENTS` = 2;

EXECUTE STATEMENT SET
BEGIN

-- kdalite note (line 13, column 12): KDA's join windows became an interval join (`O`.`ROWTIME` BETWEEN `S`.`ROWTIME` - INTERVAL '1' MINUTE AND `S`.`ROWTIME` + INTERVAL '1' MINUTE); a pair's ROWTIME is the later of the two, an unmatched row's the end of its side's window
INSERT INTO `OUTPUT_STREAM`
SELECT GREATEST(`O`.`ROWTIME`, `S`.`ROWTIME`) AS `ROWTIME`,
  CAST(GREATEST(`O`.`ROWTIME`, `S`.`ROWTIME`) AS TIMESTAMP(3)) AS `resultrowtime`,
  CAST(`S`.`orderid` AS INT) AS `orderid`,
  CAST(`S`.`ROWTIME` AS TIMESTAMP(3)) AS `shipmenttime`,
  CAST(`O`.`ROWTIME` AS TIMESTAMP(3)) AS `ordertime` FROM `ORDERS_STREAM` AS `O` JOIN `SHIPMENTS_STREAM` AS `S` ON (`O`.`orderid` = `S`.`orderid`) AND `O`.`ROWTIME` BETWEEN `S`.`ROWTIME` - INTERVAL '1' MINUTE AND `S`.`ROWTIME` + INTERVAL '1' MINUTE;

END;

=== Example 3: a time window on one side of a RIGHT JOIN (the page prints these three rows)
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

-- kdalite note: `SOURCE_SQL_STREAM_001`: ROWTIME is the event-time attribute, its watermark a millisecond behind it (KDA's rows arrive in ROWTIME order, several at one ROWTIME)
CREATE TABLE `SOURCE_SQL_STREAM_001` (
  `ROWTIME` TIMESTAMP(3),
  `ORDERID` BIGINT,
  `ORDERS` BIGINT,
  `SHIPMENTS` BIGINT,
  WATERMARK FOR `ROWTIME` AS `ROWTIME` - INTERVAL '0.001' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/SOURCE_SQL_STREAM_001.jsonl',
  'format' = 'json'
);

CREATE TABLE `OUTPUT_STREAM` (
  `ROWTIME` TIMESTAMP(3),
  `resultrowtime` TIMESTAMP(3),
  `orderid` INT,
  `ordertime` TIMESTAMP(3)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/OUTPUT_STREAM',
  'format' = 'json'
);

CREATE VIEW `ORDERS_STREAM` AS
SELECT `SOURCE_SQL_STREAM_001`.`ROWTIME` AS `ROWTIME`,
  CAST(`ORDERID` AS INT) AS `orderid`,
  CAST(`ROWTIME` AS TIMESTAMP(3)) AS `orderrowtime` FROM `SOURCE_SQL_STREAM_001` WHERE `ORDERS` = 1;

CREATE VIEW `SHIPMENTS_STREAM` AS
SELECT `SOURCE_SQL_STREAM_001`.`ROWTIME` AS `ROWTIME`,
  CAST(`ORDERID` AS INT) AS `orderid`,
  CAST(`ROWTIME` AS TIMESTAMP(3)) AS `shipmentrowtime` FROM `SOURCE_SQL_STREAM_001` WHERE `SHIPMENTS` = 2;

EXECUTE STATEMENT SET
BEGIN

-- kdalite note (line 13, column 18): KDA's join windows became an interval join (`O`.`ROWTIME` BETWEEN `S`.`ROWTIME` - INTERVAL '1' MINUTE AND `S`.`ROWTIME`); a pair's ROWTIME is the later of the two, an unmatched row's the end of its side's window
INSERT INTO `OUTPUT_STREAM`
SELECT CASE WHEN `O`.`ROWTIME` IS NULL THEN `S`.`ROWTIME` ELSE GREATEST(`O`.`ROWTIME`, `S`.`ROWTIME`) END AS `ROWTIME`,
  CAST(CASE WHEN `O`.`ROWTIME` IS NULL THEN `S`.`ROWTIME` ELSE GREATEST(`O`.`ROWTIME`, `S`.`ROWTIME`) END AS TIMESTAMP(3)) AS `resultrowtime`,
  CAST(`S`.`orderid` AS INT) AS `orderid`,
  CAST(`O`.`ROWTIME` AS TIMESTAMP(3)) AS `ordertime` FROM `ORDERS_STREAM` AS `O` RIGHT JOIN `SHIPMENTS_STREAM` AS `S` ON (`O`.`orderid` = `S`.`orderid`) AND `O`.`ROWTIME` BETWEEN `S`.`ROWTIME` - INTERVAL '1' MINUTE AND `S`.`ROWTIME`;

END;

=== Example 4: time windows on both sides of a RIGHT JOIN (the page prints these rows, but with shipmenttime and ordertime swapped in the two matched ones)
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

-- kdalite note: `SOURCE_SQL_STREAM_001`: ROWTIME is the event-time attribute, its watermark a millisecond behind it (KDA's rows arrive in ROWTIME order, several at one ROWTIME)
CREATE TABLE `SOURCE_SQL_STREAM_001` (
  `ROWTIME` TIMESTAMP(3),
  `ORDERID` BIGINT,
  `ORDERS` BIGINT,
  `SHIPMENTS` BIGINT,
  WATERMARK FOR `ROWTIME` AS `ROWTIME` - INTERVAL '0.001' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/SOURCE_SQL_STREAM_001.jsonl',
  'format' = 'json'
);

CREATE TABLE `OUTPUT_STREAM` (
  `ROWTIME` TIMESTAMP(3),
  `resultrowtime` TIMESTAMP(3),
  `orderid` INT,
  `shipmenttime` TIMESTAMP(3),
  `ordertime` TIMESTAMP(3)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/OUTPUT_STREAM',
  'format' = 'json'
);

CREATE VIEW `ORDERS_STREAM` AS
SELECT `SOURCE_SQL_STREAM_001`.`ROWTIME` AS `ROWTIME`,
  CAST(`ORDERID` AS INT) AS `orderid`,
  CAST(`ROWTIME` AS TIMESTAMP(3)) AS `orderrowtime` FROM `SOURCE_SQL_STREAM_001` WHERE `ORDERS` = 1;

CREATE VIEW `SHIPMENTS_STREAM` AS
SELECT `SOURCE_SQL_STREAM_001`.`ROWTIME` AS `ROWTIME`,
  CAST(`ORDERID` AS INT) AS `orderid`,
  CAST(`ROWTIME` AS TIMESTAMP(3)) AS `shipmentrowtime` FROM `SOURCE_SQL_STREAM_001` WHERE `SHIPMENTS` = 2;

EXECUTE STATEMENT SET
BEGIN

-- kdalite note (line 13, column 18): KDA's join windows became an interval join (`O`.`ROWTIME` BETWEEN `S`.`ROWTIME` - INTERVAL '1' MINUTE AND `S`.`ROWTIME` + INTERVAL '1' MINUTE); a pair's ROWTIME is the later of the two, an unmatched row's the end of its side's window
INSERT INTO `OUTPUT_STREAM`
SELECT CASE WHEN `O`.`ROWTIME` IS NULL THEN `S`.`ROWTIME` + INTERVAL '1' MINUTE ELSE GREATEST(`O`.`ROWTIME`, `S`.`ROWTIME`) END AS `ROWTIME`,
  CAST(CASE WHEN `O`.`ROWTIME` IS NULL THEN `S`.`ROWTIME` + INTERVAL '1' MINUTE ELSE GREATEST(`O`.`ROWTIME`, `S`.`ROWTIME`) END AS TIMESTAMP(3)) AS `resultrowtime`,
  CAST(`S`.`orderid` AS INT) AS `orderid`,
  CAST(`S`.`ROWTIME` AS TIMESTAMP(3)) AS `shipmenttime`,
  CAST(`O`.`ROWTIME` AS TIMESTAMP(3)) AS `ordertime` FROM `ORDERS_STREAM` AS `O` RIGHT JOIN `SHIPMENTS_STREAM` AS `S` ON (`O`.`orderid` = `S`.`orderid`) AND `O`.`ROWTIME` BETWEEN `S`.`ROWTIME` - INTERVAL '1' MINUTE AND `S`.`ROWTIME` + INTERVAL '1' MINUTE;

END;

=== Example 5: a time window on one side of a LEFT JOIN (the page also prints 10:01:40 for order 104, which matched at 10:00:45)
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

-- kdalite note: `SOURCE_SQL_STREAM_001`: ROWTIME is the event-time attribute, its watermark a millisecond behind it (KDA's rows arrive in ROWTIME order, several at one ROWTIME)
CREATE TABLE `SOURCE_SQL_STREAM_001` (
  `ROWTIME` TIMESTAMP(3),
  `ORDERID` BIGINT,
  `ORDERS` BIGINT,
  `SHIPMENTS` BIGINT,
  WATERMARK FOR `ROWTIME` AS `ROWTIME` - INTERVAL '0.001' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/SOURCE_SQL_STREAM_001.jsonl',
  'format' = 'json'
);

CREATE TABLE `OUTPUT_STREAM` (
  `ROWTIME` TIMESTAMP(3),
  `resultrowtime` TIMESTAMP(3),
  `orderid` INT,
  `ordertime` TIMESTAMP(3)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/OUTPUT_STREAM',
  'format' = 'json'
);

CREATE VIEW `ORDERS_STREAM` AS
SELECT `SOURCE_SQL_STREAM_001`.`ROWTIME` AS `ROWTIME`,
  CAST(`ORDERID` AS INT) AS `orderid`,
  CAST(`ROWTIME` AS TIMESTAMP(3)) AS `orderrowtime` FROM `SOURCE_SQL_STREAM_001` WHERE `ORDERS` = 1;

CREATE VIEW `SHIPMENTS_STREAM` AS
SELECT `SOURCE_SQL_STREAM_001`.`ROWTIME` AS `ROWTIME`,
  CAST(`ORDERID` AS INT) AS `orderid`,
  CAST(`ROWTIME` AS TIMESTAMP(3)) AS `shipmentrowtime` FROM `SOURCE_SQL_STREAM_001` WHERE `SHIPMENTS` = 2;

EXECUTE STATEMENT SET
BEGIN

-- kdalite note (line 13, column 17): KDA's join windows became an interval join (`O`.`ROWTIME` BETWEEN `S`.`ROWTIME` - INTERVAL '1' MINUTE AND `S`.`ROWTIME`); a pair's ROWTIME is the later of the two, an unmatched row's the end of its side's window
INSERT INTO `OUTPUT_STREAM`
SELECT CASE WHEN `S`.`ROWTIME` IS NULL THEN `O`.`ROWTIME` + INTERVAL '1' MINUTE ELSE GREATEST(`O`.`ROWTIME`, `S`.`ROWTIME`) END AS `ROWTIME`,
  CAST(CASE WHEN `S`.`ROWTIME` IS NULL THEN `O`.`ROWTIME` + INTERVAL '1' MINUTE ELSE GREATEST(`O`.`ROWTIME`, `S`.`ROWTIME`) END AS TIMESTAMP(3)) AS `resultrowtime`,
  CAST(`O`.`orderid` AS INT) AS `orderid`,
  CAST(`O`.`ROWTIME` AS TIMESTAMP(3)) AS `ordertime` FROM `ORDERS_STREAM` AS `O` LEFT JOIN `SHIPMENTS_STREAM` AS `S` ON (`O`.`orderid` = `S`.`orderid`) AND `O`.`ROWTIME` BETWEEN `S`.`ROWTIME` - INTERVAL '1' MINUTE AND `S`.`ROWTIME`;

END;

=== Example 6: time windows on both sides of a LEFT JOIN (the page also prints padded rows for orders 104 and 100, which matched, with s.orderid filled in where the query's NULL is)
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

-- kdalite note: `SOURCE_SQL_STREAM_001`: ROWTIME is the event-time attribute, its watermark a millisecond behind it (KDA's rows arrive in ROWTIME order, several at one ROWTIME)
CREATE TABLE `SOURCE_SQL_STREAM_001` (
  `ROWTIME` TIMESTAMP(3),
  `ORDERID` BIGINT,
  `ORDERS` BIGINT,
  `SHIPMENTS` BIGINT,
  WATERMARK FOR `ROWTIME` AS `ROWTIME` - INTERVAL '0.001' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/SOURCE_SQL_STREAM_001.jsonl',
  'format' = 'json'
);

CREATE TABLE `OUTPUT_STREAM` (
  `ROWTIME` TIMESTAMP(3),
  `resultrowtime` TIMESTAMP(3),
  `orderid` INT,
  `shipmenttime` TIMESTAMP(3),
  `ordertime` TIMESTAMP(3)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/OUTPUT_STREAM',
  'format' = 'json'
);

CREATE VIEW `ORDERS_STREAM` AS
SELECT `SOURCE_SQL_STREAM_001`.`ROWTIME` AS `ROWTIME`,
  CAST(`ORDERID` AS INT) AS `orderid`,
  CAST(`ROWTIME` AS TIMESTAMP(3)) AS `orderrowtime` FROM `SOURCE_SQL_STREAM_001` WHERE `ORDERS` = 1;

CREATE VIEW `SHIPMENTS_STREAM` AS
SELECT `SOURCE_SQL_STREAM_001`.`ROWTIME` AS `ROWTIME`,
  CAST(`ORDERID` AS INT) AS `orderid`,
  CAST(`ROWTIME` AS TIMESTAMP(3)) AS `shipmentrowtime` FROM `SOURCE_SQL_STREAM_001` WHERE `SHIPMENTS` = 2;

EXECUTE STATEMENT SET
BEGIN

-- kdalite note (line 13, column 17): KDA's join windows became an interval join (`O`.`ROWTIME` BETWEEN `S`.`ROWTIME` - INTERVAL '1' MINUTE AND `S`.`ROWTIME` + INTERVAL '1' MINUTE); a pair's ROWTIME is the later of the two, an unmatched row's the end of its side's window
INSERT INTO `OUTPUT_STREAM`
SELECT CASE WHEN `S`.`ROWTIME` IS NULL THEN `O`.`ROWTIME` + INTERVAL '1' MINUTE ELSE GREATEST(`O`.`ROWTIME`, `S`.`ROWTIME`) END AS `ROWTIME`,
  CAST(CASE WHEN `S`.`ROWTIME` IS NULL THEN `O`.`ROWTIME` + INTERVAL '1' MINUTE ELSE GREATEST(`O`.`ROWTIME`, `S`.`ROWTIME`) END AS TIMESTAMP(3)) AS `resultrowtime`,
  CAST(`S`.`orderid` AS INT) AS `orderid`,
  CAST(`S`.`ROWTIME` AS TIMESTAMP(3)) AS `shipmenttime`,
  CAST(`O`.`ROWTIME` AS TIMESTAMP(3)) AS `ordertime` FROM `ORDERS_STREAM` AS `O` LEFT JOIN `SHIPMENTS_STREAM` AS `S` ON (`O`.`orderid` = `S`.`orderid`) AND `O`.`ROWTIME` BETWEEN `S`.`ROWTIME` - INTERVAL '1' MINUTE AND `S`.`ROWTIME` + INTERVAL '1' MINUTE;

END;

=== a ROWS window on one side, a named window on the other, a FULL join and a CROSS join
-- refused: cannot export to Flink: a ROWS join window has no Flink counterpart (Flink's interval joins bound time) at line 11, column 47

