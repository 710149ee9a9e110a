=== TOP_K_ITEMS_TUMBLING: each window's K most frequent values, the most frequent first, written as the console's template writes them
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
  `PRICE` BIGINT,
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

-- kdalite note (line 3, column 30): TOP_K_ITEMS_TUMBLING is a window Top-N of 2, by exact counts as kdalite's are (KDA's are approximate); of items tied for the last place, Flink may keep others than kdalite
CREATE VIEW `kdalite_top_k_1` AS
SELECT `window_end` AS `ROWTIME`, `ITEM`, `ITEM_COUNT` FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY `window_start`, `window_end` ORDER BY `ITEM_COUNT` DESC) AS `rownum`
  FROM (
    SELECT `window_start`, `window_end`, `TICKER_SYMBOL` AS `ITEM`, COUNT(*) AS `ITEM_COUNT`
    FROM TABLE(TUMBLE(TABLE `SOURCE_SQL_STREAM_001`, DESCRIPTOR(`ROWTIME`), INTERVAL '10' SECOND))
    GROUP BY `window_start`, `window_end`, `TICKER_SYMBOL`
  )
) WHERE `rownum` <= 2;

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `DESTINATION_SQL_STREAM`
SELECT `kdalite_top_k_1`.`ROWTIME` AS `ROWTIME`,
  CAST(`kdalite_top_k_1`.`ITEM` AS VARCHAR(1024)) AS `ITEM`,
  CAST(`kdalite_top_k_1`.`ITEM_COUNT` AS DOUBLE) AS `ITEM_COUNT` FROM `kdalite_top_k_1`;

END;

=== TOP_K_ITEMS_TUMBLING's columns into the SQL Reference's stream, by position; the cursor filters
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
  `PRICE` BIGINT,
  WATERMARK FOR `ROWTIME` AS `ROWTIME` - INTERVAL '0.001' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/SOURCE_SQL_STREAM_001.jsonl',
  'format' = 'json'
);

CREATE TABLE `DESTINATION_SQL_STREAM` (
  `ROWTIME` TIMESTAMP(3),
  `TICKER_SYMBOL` VARCHAR(4),
  `MOST_FREQUENT_VALUES` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/DESTINATION_SQL_STREAM',
  'format' = 'json'
);

-- kdalite note (line 3, column 30): TOP_K_ITEMS_TUMBLING is a window Top-N of 1, by exact counts as kdalite's are (KDA's are approximate); of items tied for the last place, Flink may keep others than kdalite
CREATE VIEW `kdalite_cursor_1` AS
SELECT * FROM `SOURCE_SQL_STREAM_001` WHERE `PRICE` > 10;

CREATE VIEW `kdalite_top_k_1` AS
SELECT `window_end` AS `ROWTIME`, `ITEM`, `ITEM_COUNT` FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY `window_start`, `window_end` ORDER BY `ITEM_COUNT` DESC) AS `rownum`
  FROM (
    SELECT `window_start`, `window_end`, `TICKER_SYMBOL` AS `ITEM`, COUNT(*) AS `ITEM_COUNT`
    FROM TABLE(TUMBLE(TABLE `kdalite_cursor_1`, DESCRIPTOR(`ROWTIME`), INTERVAL '60' SECOND))
    GROUP BY `window_start`, `window_end`, `TICKER_SYMBOL`
  )
) WHERE `rownum` <= 1;

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `DESTINATION_SQL_STREAM`
SELECT `kdalite_top_k_1`.`ROWTIME` AS `ROWTIME`,
  CAST(`kdalite_top_k_1`.`ITEM` AS VARCHAR(4)) AS `TICKER_SYMBOL`,
  CAST(`kdalite_top_k_1`.`ITEM_COUNT` AS BIGINT) AS `MOST_FREQUENT_VALUES` FROM `kdalite_top_k_1`;

END;

=== COUNT_DISTINCT_ITEMS_TUMBLING: each window's number of distinct values
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
  `PRICE` BIGINT,
  WATERMARK FOR `ROWTIME` AS `ROWTIME` - INTERVAL '0.001' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/SOURCE_SQL_STREAM_001.jsonl',
  'format' = 'json'
);

CREATE TABLE `DESTINATION_SQL_STREAM` (
  `ROWTIME` TIMESTAMP(3),
  `NUMBER_OF_DISTINCT_ITEMS` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/DESTINATION_SQL_STREAM',
  'format' = 'json'
);

-- kdalite note (line 3, column 30): COUNT_DISTINCT_ITEMS_TUMBLING is COUNT(DISTINCT …) over a tumbling window, exact as kdalite's is (KDA's is approximate)
CREATE VIEW `kdalite_count_distinct_1` AS
SELECT `window_end` AS `ROWTIME`, COUNT(DISTINCT `TICKER_SYMBOL`) AS `NUMBER_OF_DISTINCT_ITEMS`
FROM TABLE(TUMBLE(TABLE `SOURCE_SQL_STREAM_001`, DESCRIPTOR(`ROWTIME`), INTERVAL '10' SECOND))
GROUP BY `window_start`, `window_end`;

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `DESTINATION_SQL_STREAM`
SELECT `kdalite_count_distinct_1`.`ROWTIME` AS `ROWTIME`,
  CAST(`kdalite_count_distinct_1`.`NUMBER_OF_DISTINCT_ITEMS` AS BIGINT) AS `NUMBER_OF_DISTINCT_ITEMS` FROM `kdalite_count_distinct_1`;

END;

=== a table function's result read by an outer query
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
  `PRICE` BIGINT,
  WATERMARK FOR `ROWTIME` AS `ROWTIME` - INTERVAL '0.001' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/SOURCE_SQL_STREAM_001.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `ROWTIME` TIMESTAMP(3),
  `ITEM` STRING,
  `PERCENT_ISH` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

-- kdalite note (line 2, column 12): TOP_K_ITEMS_TUMBLING is a window Top-N of 1, by exact counts as kdalite's are (KDA's are approximate); of items tied for the last place, Flink may keep others than kdalite
CREATE VIEW `kdalite_top_k_1` AS
SELECT `window_end` AS `ROWTIME`, `ITEM`, `ITEM_COUNT` FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY `window_start`, `window_end` ORDER BY `ITEM_COUNT` DESC) AS `rownum`
  FROM (
    SELECT `window_start`, `window_end`, `TICKER_SYMBOL` AS `ITEM`, COUNT(*) AS `ITEM_COUNT`
    FROM TABLE(TUMBLE(TABLE `SOURCE_SQL_STREAM_001`, DESCRIPTOR(`ROWTIME`), INTERVAL '10' SECOND))
    GROUP BY `window_start`, `window_end`, `TICKER_SYMBOL`
  )
) WHERE `rownum` <= 1;

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `T`.`ROWTIME` AS `ROWTIME`,
  CAST(`T`.`ITEM` AS STRING) AS `ITEM`,
  CAST(`T`.`ITEM_COUNT` * 100 AS BIGINT) AS `PERCENT_ISH` FROM `kdalite_top_k_1` AS `T` WHERE `T`.`ITEM` <> 'IBM';

END;

=== GROUP_RANK, as the SQL Reference's example writes it: each second's ticker counts ranked, the most frequent rank 1 (ties share a rank), sent in rank order
-- refused: cannot export to Flink: a pump reading a subquery or a KDA join window is not translated yet at line 29, column 9

=== GROUP_RANK ascending, sent last rank first, at most two rows a group
-- refused: cannot export to Flink: a pump reading a subquery or a KDA join window is not translated yet at line 3, column 45

=== HOTSPOTS, as the Developer Guide's example writes it (its input's names folded): each row with the dense regions among the latest rows (IS_HOT is text, so only X and Y are read)
-- refused: cannot export to Flink: a pump reading a subquery or a KDA join window is not translated yet at line 11, column 9

