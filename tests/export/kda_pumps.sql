=== a filtering pump casts into the declared columns
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

CREATE TABLE `HOT` (
  `ROWTIME` TIMESTAMP(3),
  `CITY` VARCHAR(16),
  `TEMP` DOUBLE
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/HOT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `HOT`
SELECT `WEATHERSTREAM`.`ROWTIME` AS `ROWTIME`,
  CAST(`CITY` AS VARCHAR(16)) AS `CITY`,
  CAST(`TEMP` + 0.5 AS DOUBLE) AS `TEMP` FROM `WEATHERSTREAM` WHERE `TEMP` >= 50 AND NOT (`CITY` = 'Miami');

END;

=== one pump feeds another
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

CREATE TABLE `COLD_DAYS` (
  `ROWTIME` TIMESTAMP(3),
  `CITY` VARCHAR(16),
  `N` BIGINT,
  `LOWEST` INT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/COLD_DAYS',
  'format' = 'json'
);

CREATE VIEW `COLD` AS
SELECT `WEATHERSTREAM`.`ROWTIME` AS `ROWTIME`,
  CAST(`CITY` AS VARCHAR(16)) AS `CITY`,
  CAST(`TEMP` AS INT) AS `TEMP` FROM `WEATHERSTREAM` WHERE `TEMP` < 10;

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `COLD_DAYS`
SELECT `window_end` AS `ROWTIME`,
  CAST(`CITY` AS VARCHAR(16)) AS `CITY`,
  CAST(COUNT(*) AS BIGINT) AS `N`,
  CAST(MIN(`TEMP`) AS INT) AS `LOWEST` FROM TABLE(TUMBLE(TABLE `COLD`, DESCRIPTOR(`ROWTIME`), INTERVAL '1' DAY)) AS `COLD` GROUP BY `CITY`, `window_start`, `window_end`;

END;

=== quoted names are exact, unquoted fold to upper case
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

CREATE TABLE `lower` (
  `ROWTIME` TIMESTAMP(3),
  `city` VARCHAR(16)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/lower',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `lower`
SELECT `WEATHERSTREAM`.`ROWTIME` AS `ROWTIME`,
  CAST(`CITY` AS VARCHAR(16)) AS `city` FROM `WEATHERSTREAM` WHERE `TEMP` > 70;

END;

=== bad input rows go to error_stream and the rest carries on
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

-- kdalite note: `S`: ROWTIME is the event-time attribute, its watermark a millisecond behind it (KDA's rows arrive in ROWTIME order, several at one ROWTIME)
CREATE TABLE `S` (
  `ROWTIME` TIMESTAMP(3),
  `CITY` VARCHAR(16),
  `TEMP` INT,
  WATERMARK FOR `ROWTIME` AS `ROWTIME` - INTERVAL '0.001' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/S.jsonl',
  'format' = 'json'
);

CREATE TABLE `OUT` (
  `ROWTIME` TIMESTAMP(3),
  `CITY` VARCHAR(16),
  `DOUBLED` INT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/OUT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `OUT`
SELECT `S`.`ROWTIME` AS `ROWTIME`,
  CAST(`CITY` AS VARCHAR(16)) AS `CITY`,
  CAST(`TEMP` * 2 AS INT) AS `DOUBLED` FROM `S`;

END;

