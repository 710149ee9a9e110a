=== tumbling: ROWTIME windows split the first minute's events
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
  `EVENT_TIME` TIMESTAMP(3),
  `TICKER_COUNT` DOUBLE
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
  CAST(FLOOR(`EVENT_TIME` TO MINUTE) AS TIMESTAMP(3)) AS `EVENT_TIME`,
  CAST(COUNT(`TICKER_SYMBOL`) AS DOUBLE) AS `TICKER_COUNT` FROM TABLE(TUMBLE(TABLE `SOURCE_SQL_STREAM_001`, DESCRIPTOR(`ROWTIME`), INTERVAL '1' MINUTE)) AS `SOURCE_SQL_STREAM_001` GROUP BY `TICKER_SYMBOL`, FLOOR(`EVENT_TIME` TO MINUTE), `window_start`, `window_end`;

END;

=== stagger: a window opens with each partition's first row and closes a minute later
-- refused: cannot export to Flink: Flink SQL has no stagger window (a window per key that opens with the key's first row); --approximate writes a tumbling window of its range at line 14, column 17

=== stagger windows of one text key (an empty one among them): each key's window opens with its first row and closes a range later; windows closing together come out in key order
-- refused: cannot export to Flink: Flink SQL has no stagger window (a window per key that opens with the key's first row); --approximate writes a tumbling window of its range at line 6, column 17

