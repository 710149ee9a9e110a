=== a derived table with an alias and column names, nested in another, and t.*
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Bid` (
  `bidtime` TIMESTAMP(3),
  `price` DECIMAL(10,2),
  `item` STRING,
  `supplier_id` STRING,
  WATERMARK FOR `bidtime` AS `bidtime` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Bid.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `it` STRING,
  `doubled` DECIMAL(21, 2)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `t`.* FROM (SELECT `it`, `p` * 2 AS `doubled` FROM (SELECT `item`, `price` FROM `Bid` WHERE `price` > 2) AS `b` (`it`, `p`)) AS `t` WHERE `doubled` < 10;

END;

=== an unaliased derived table, as Flink allows, and a window TVF over a subquery
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Bid` (
  `bidtime` TIMESTAMP(3),
  `price` DECIMAL(10,2),
  `item` STRING,
  `supplier_id` STRING,
  WATERMARK FOR `bidtime` AS `bidtime` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Bid.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `item` STRING,
  `price` DECIMAL(10, 2)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

CREATE TABLE `RESULT_2` (
  `window_start` TIMESTAMP(3),
  `window_end` TIMESTAMP(3),
  `n` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT_2',
  'format' = 'json'
);

CREATE VIEW `kdalite_tvf_input_1` AS
SELECT `bidtime`, `item` FROM `Bid` WHERE `item` <> 'C';

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `item`, `price` FROM (SELECT * FROM `Bid` WHERE `item` <> 'A');

-- kdalite note: the subquery a window TVF reads is the view `kdalite_tvf_input_1`
INSERT INTO `RESULT_2`
SELECT CAST(`window_start` AS TIMESTAMP(3)) AS `window_start`, CAST(`window_end` AS TIMESTAMP(3)) AS `window_end`, `n` FROM (
SELECT `window_start`, `window_end`, COUNT(*) AS `n` FROM TABLE(TUMBLE(TABLE `kdalite_tvf_input_1`, DESCRIPTOR(`bidtime`), INTERVAL '10' MINUTES)) GROUP BY `window_start`, `window_end`
) AS `q`(`window_start`, `window_end`, `n`);

END;

=== CTEs: one reading another, a window over one, and `backticks`
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Bid` (
  `bidtime` TIMESTAMP(3),
  `price` DECIMAL(10,2),
  `item` STRING,
  `supplier_id` STRING,
  WATERMARK FOR `bidtime` AS `bidtime` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Bid.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `window_start` TIMESTAMP(3),
  `total` DECIMAL(38, 2),
  `n` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
WITH `cheap` AS (SELECT `bidtime`, `price`, `item` FROM `Bid` WHERE `price` < 5), `named` (`t`, `p`, `what`) AS (SELECT * FROM `cheap`) SELECT `window_start`, SUM(`p`) AS `total`, COUNT(*) AS `n` FROM TABLE(TUMBLE(TABLE `named`, DESCRIPTOR(`t`), INTERVAL '10' MINUTES)) GROUP BY `window_start`, `window_end`;

END;

=== VALUES as a relation and as INSERT's rows: constant rows, sent once as the application starts; each column typed as all its rows can be
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Bids` (
  `bidder` STRING,
  `price` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Bids.jsonl',
  'format' = 'json'
);

CREATE TABLE `Names` (
  `code` STRING,
  `name` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/Names',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `bidder` STRING,
  `full_name` STRING,
  `price` DOUBLE
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

CREATE TABLE `RESULT_2` (
  `EXPR$0` INT,
  `EXPR$1` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT_2',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `Names`
VALUES ('ann', 'Ann Lee'), ('bob', CAST(NULL AS STRING));

INSERT INTO `RESULT`
SELECT `b`.`bidder`, `n`.`full_name`, `b`.`price` * `rate` AS `price` FROM `Bids` AS `b` JOIN (VALUES ('ann', 'Ann Lee', 1.5), ('bob', 'Bob Ray', 2)) AS `n` (`code`, `full_name`, `rate`) ON `b`.`bidder` = `n`.`code`;

INSERT INTO `RESULT_2`
SELECT * FROM (VALUES (1, 'one'), (2, 'two')) UNION ALL SELECT `price`, `bidder` FROM `Bids`;

END;

=== views over views keep the time attribute and the source's watermark
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Bid` (
  `bidtime` TIMESTAMP(3),
  `price` DECIMAL(10,2),
  `item` STRING,
  `supplier_id` STRING,
  WATERMARK FOR `bidtime` AS `bidtime` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Bid.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `window_end` TIMESTAMP(3),
  `item` STRING,
  `n` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

CREATE VIEW `priced` AS
SELECT `bidtime`, `price`, `item` FROM `Bid` WHERE `price` > 1;

CREATE VIEW `named` AS
SELECT `bidtime`, `item` FROM `priced`;

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `window_end`, `item`, COUNT(*) AS `n` FROM TABLE(TUMBLE(TABLE `named`, DESCRIPTOR(`bidtime`), INTERVAL '10' MINUTES)) GROUP BY `window_start`, `window_end`, `item`;

END;

=== UNION ALL of two Flink tables: as the rows come, a window over the union
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `A` (
  `ts` TIMESTAMP(3),
  `v` INT,
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/A.jsonl',
  'format' = 'json'
);

CREATE TABLE `B` (
  `ts` TIMESTAMP(3),
  `v` BIGINT,
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/B.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `ts` TIMESTAMP(3),
  `v` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

CREATE TABLE `RESULT_2` (
  `window_start` TIMESTAMP(3),
  `total` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT_2',
  'format' = 'json'
);

CREATE VIEW `kdalite_tvf_input_1` AS
SELECT * FROM `A` UNION ALL SELECT * FROM `B`;

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `ts`, `v` FROM `A` UNION ALL SELECT `ts`, `v` FROM `B`;

-- kdalite note: the subquery a window TVF reads is the view `kdalite_tvf_input_1`
INSERT INTO `RESULT_2`
SELECT `window_start`, SUM(`v`) AS `total` FROM TABLE(TUMBLE(TABLE `kdalite_tvf_input_1`, DESCRIPTOR(`ts`), INTERVAL '10' SECOND)) GROUP BY `window_start`, `window_end`;

END;

=== UNION ALL of KDA streams merges them in ROWTIME order
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

-- kdalite note: `NYSE`: ROWTIME is the event-time attribute, its watermark a millisecond behind it (KDA's rows arrive in ROWTIME order, several at one ROWTIME)
CREATE TABLE `NYSE` (
  `ROWTIME` TIMESTAMP(3),
  `TICKER` STRING,
  `PRICE` BIGINT,
  WATERMARK FOR `ROWTIME` AS `ROWTIME` - INTERVAL '0.001' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/NYSE.jsonl',
  'format' = 'json'
);

-- kdalite note: `NASDAQ`: ROWTIME is the event-time attribute, its watermark a millisecond behind it (KDA's rows arrive in ROWTIME order, several at one ROWTIME)
CREATE TABLE `NASDAQ` (
  `ROWTIME` TIMESTAMP(3),
  `TICKER` STRING,
  `PRICE` BIGINT,
  WATERMARK FOR `ROWTIME` AS `ROWTIME` - INTERVAL '0.001' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/NASDAQ.jsonl',
  'format' = 'json'
);

CREATE TABLE `ALL_TRADES` (
  `ROWTIME` TIMESTAMP(3),
  `TICKER` VARCHAR(4),
  `PRICE` DOUBLE
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/ALL_TRADES',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `ALL_TRADES`
SELECT `NYSE`.`ROWTIME` AS `ROWTIME`,
  CAST(`TICKER` AS VARCHAR(4)) AS `TICKER`,
  CAST(`PRICE` AS DOUBLE) AS `PRICE` FROM `NYSE`;

INSERT INTO `ALL_TRADES`
SELECT `NASDAQ`.`ROWTIME` AS `ROWTIME`,
  CAST(`TICKER` AS VARCHAR(4)) AS `TICKER`,
  CAST(`PRICE` AS DOUBLE) AS `PRICE` FROM `NASDAQ`;

END;

=== SELECT DISTINCT * keeps the distinct rows of every column; SELECT DISTINCT of an aggregate, those of the aggregate's changing rows
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Bid` (
  `bidtime` TIMESTAMP(3),
  `price` DECIMAL(10,2),
  `item` STRING,
  `supplier_id` STRING,
  WATERMARK FOR `bidtime` AS `bidtime` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Bid.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `supplier_id` STRING,
  `dear` BOOLEAN
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

CREATE TABLE `RESULT_2` (
  `supplier_id` STRING,
  `busy` BOOLEAN
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT_2',
  'format' = 'debezium-json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT DISTINCT * FROM (SELECT `supplier_id`, `price` > 3 AS `dear` FROM `Bid`);

INSERT INTO `RESULT_2`
SELECT DISTINCT `supplier_id`, COUNT(*) > 2 AS `busy` FROM `Bid` GROUP BY `supplier_id`;

END;

=== Flink's ORDER BY an event-time attribute: rows held until the watermark passes their time, sent sorted by it and the other keys; rows behind the watermark are late
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `f` (
  `k` STRING,
  `v` INT,
  `t` TIMESTAMP(3),
  WATERMARK FOR `t` AS `t` - INTERVAL '2' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/f.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `k` STRING,
  `v` INT,
  `t` TIMESTAMP(3)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `k`, `v`, `t` FROM `f` ORDER BY `t`, `v` DESC;

END;

=== ORDER BY a column the query does not select: computed beside the output and sorted by, as Flink does (here with LIMIT, and an expression of two columns)
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `f` (
  `k` STRING,
  `v` INT,
  `t` TIMESTAMP(3),
  WATERMARK FOR `t` AS `t` - INTERVAL '2' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/f.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `k` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

CREATE TABLE `RESULT_2` (
  `k` STRING,
  `v` INT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT_2',
  'format' = 'debezium-json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `k` FROM `f` ORDER BY `t`, `v` DESC;

INSERT INTO `RESULT_2`
SELECT `k`, `v` FROM `f` ORDER BY `t`, `v` * 2 - CHAR_LENGTH(`k`) LIMIT 3;

END;

=== CREATE TABLE … AS SELECT declares a table of the query's columns and writes the query into it
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Bid` (
  `bidtime` TIMESTAMP(3),
  `price` DECIMAL(10,2),
  `item` STRING,
  `supplier_id` STRING,
  WATERMARK FOR `bidtime` AS `bidtime` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Bid.jsonl',
  'format' = 'json'
);

CREATE TABLE `dear` (
  `item` STRING,
  `doubled` DECIMAL(21, 2)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/dear',
  'format' = 'json'
);

CREATE TABLE `per_supplier` (
  `supplier_id` STRING,
  `bids` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/per_supplier',
  'format' = 'debezium-json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `dear`
SELECT `item`, `price` * 2 AS `doubled` FROM `Bid` WHERE `price` > 3;

INSERT INTO `per_supplier`
SELECT `supplier_id`, COUNT(*) AS `bids` FROM `Bid` GROUP BY `supplier_id`;

END;

=== a table made by CREATE TABLE … AS is read as any table
-- refused: cannot export to Flink: table `cheap` is made by CREATE TABLE … AS and read: not translated yet at line 3, column 14

=== CREATE TABLE IF NOT EXISTS of a declared name keeps the first declaration, as Flink does
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `Bid` (
  `bidtime` TIMESTAMP(3),
  `price` DECIMAL(10,2),
  `item` STRING,
  `supplier_id` STRING,
  WATERMARK FOR `bidtime` AS `bidtime` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/Bid.jsonl',
  'format' = 'json'
);

-- kdalite note (line 3, column 28): a second CREATE … IF NOT EXISTS of the name: left out
CREATE TABLE `RESULT` (
  `item` STRING,
  `price` DECIMAL(10, 2)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `item`, `price` FROM `Bid` WHERE `price` > 4;

END;

=== a subquery as a value in WHERE (Flink's scalar subquery): each row against the aggregate so far; rows it let through are taken back when the value moves past them
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `k` STRING,
  `v` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `k` STRING,
  `v` INT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `k`, `v` FROM `t` WHERE `v` > (SELECT AVG(`v`) FROM `t`);

END;

=== a subquery as a value in the select list, NULL until its stream has a row; the same subquery written twice is joined once
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `k` STRING,
  `v` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `limits` (
  `cap` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/limits.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `k` STRING,
  `v` INT,
  `cap` INT,
  `over_cap` BOOLEAN
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `k`, `v`, (SELECT MAX(`cap`) FROM `limits`) AS `cap`, `v` > (SELECT MAX(`cap`) FROM `limits`) AS `over_cap` FROM `t`;

END;

=== a subquery as a value that reads the outer query (correlated) is its aggregate grouped by the correlation, joined on it: each row against its own key's average so far
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `k` STRING,
  `v` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `k` STRING,
  `v` INT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `k`, `v` FROM `t` AS `o` WHERE `v` > (SELECT AVG(`v`) FROM `t` WHERE `t`.`k` = `o`.`k` AND `v` > 0);

END;

=== a join of an updating join's rows takes back the rows it kept, though the retraction comes with another ROWTIME and watermark: two correlated subqueries, two joins, end with each row's MAX and SUM
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `k` STRING,
  `v` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `u` (
  `k` STRING,
  `cap` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/u.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `k` STRING,
  `v` INT,
  `m` INT,
  `s` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `k`, `v`, (SELECT MAX(`cap`) FROM `u` WHERE `u`.`k` = `o`.`k`) AS `m`, (SELECT SUM(`cap`) FROM `u` WHERE `u`.`k` = `o`.`k`) AS `s` FROM `t` AS `o`;

END;

=== a correlated COUNT as a value is 0 where no row matches, as Flink decorrelates it: the join's NULL becomes the count of no rows, and a row taken back from the count comes again with 0 before its new count
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `k` STRING,
  `v` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `u` (
  `k` STRING,
  `cap` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/u.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `k` STRING,
  `v` INT,
  `n` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `k`, `v`, (SELECT COUNT(*) FROM `u` WHERE `u`.`k` = `o`.`k`) AS `n` FROM `t` AS `o`;

END;

=== a correlated COUNT in WHERE: the rows no other stream's row matches yet
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `k` STRING,
  `v` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `u` (
  `k` STRING,
  `cap` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/u.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `k` STRING,
  `v` INT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `k`, `v` FROM `t` AS `o` WHERE (SELECT COUNT(*) FROM `u` WHERE `u`.`k` = `o`.`k`) = 0;

END;

=== a correlated subquery's value where no row matches is its select list over no rows: COALESCE(SUM(cap), 0) is 0
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `k` STRING,
  `v` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `u` (
  `k` STRING,
  `cap` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/u.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `k` STRING,
  `v` INT,
  `s` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `k`, `v`, (SELECT COALESCE(SUM(`cap`), 0) FROM `u` WHERE `u`.`k` = `o`.`k`) AS `s` FROM `t` AS `o`;

END;

=== a subquery as a value in an aggregate's select list joins the aggregate's rows, as Flink's: a correlated one on the group key
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `k` STRING,
  `v` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `u` (
  `k` STRING,
  `cap` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/u.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `k` STRING,
  `n` BIGINT,
  `cap` INT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `k`, COUNT(*) AS `n`, (SELECT MAX(`cap`) FROM `u` WHERE `u`.`k` = `t`.`k`) AS `cap` FROM `t` GROUP BY `k`;

END;

=== a window aggregate's share of the whole stream: the subquery beside an aggregate in one expression, joined to each window's row
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `k` STRING,
  `v` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

-- kdalite note: table `u` is neither read nor written: left out
CREATE TABLE `RESULT` (
  `window_start` TIMESTAMP(3),
  `n` BIGINT,
  `pct` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `window_start`, COUNT(*) AS `n`, COUNT(*) * 100 / (SELECT COUNT(*) FROM `t`) AS `pct` FROM TABLE(TUMBLE(TABLE `t`, DESCRIPTOR(`ts`), INTERVAL '2' SECOND)) GROUP BY `window_start`, `window_end`;

END;

=== a subquery as a value in HAVING filters the aggregate's rows as its value moves
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `k` STRING,
  `v` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `u` (
  `k` STRING,
  `cap` INT,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/u.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `k` STRING,
  `s` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'debezium-json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `k`, SUM(`v`) AS `s` FROM `t` GROUP BY `k` HAVING SUM(`v`) > (SELECT MAX(`cap`) FROM `u`);

END;

