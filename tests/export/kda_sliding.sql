=== global minimum and maximum over the last day
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
  `WMIN_TEMP` BIGINT,
  `WMAX_TEMP` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

-- kdalite note (line 1, column 1): rows of the same ROWTIME: Flink computes each one's OVER window over all of them, KDA over those that arrived before it
INSERT INTO `RESULT`
SELECT `WEATHERSTREAM`.`ROWTIME` AS `ROWTIME`,
  CAST(MIN(`TEMP`) OVER `W1` AS BIGINT) AS `WMIN_TEMP`,
  CAST(MAX(`TEMP`) OVER `W1` AS BIGINT) AS `WMAX_TEMP` FROM `WEATHERSTREAM` WINDOW `W1` AS (ORDER BY `WEATHERSTREAM`.`ROWTIME` RANGE BETWEEN INTERVAL '1' DAY PRECEDING AND CURRENT ROW);

END;

=== per city over the last day, and the last two rows, in two named windows
-- refused: cannot export to Flink: Flink needs every OVER window of one SELECT to be the same window; KDA's query has several (split it into one pump per window) at line 3, column 3

=== an inline window, Flink style
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
  `TEMP` BIGINT,
  `RECENT_MAX` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

-- kdalite note (line 1, column 1): rows of the same ROWTIME: Flink computes each one's OVER window over all of them, KDA over those that arrived before it
INSERT INTO `RESULT`
SELECT `WEATHERSTREAM`.`ROWTIME` AS `ROWTIME`,
  CAST(`CITY` AS STRING) AS `CITY`,
  CAST(`TEMP` AS BIGINT) AS `TEMP`,
  CAST(MAX(`TEMP`) OVER (PARTITION BY `CITY` ORDER BY `ROWTIME` RANGE BETWEEN INTERVAL '12' HOUR PRECEDING AND CURRENT ROW) AS BIGINT) AS `RECENT_MAX` FROM `WEATHERSTREAM`;

END;

