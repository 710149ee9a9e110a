=== a KDA pump with a tumbling window
-- refused: cannot export to Flink: the application writes nothing (only EXPLAIN, or no query)

=== a Flink window TVF with its watermark strategy
-- refused: cannot export to Flink: the application writes nothing (only EXPLAIN, or no query)

=== a join's two inputs, an interval join's bounds, and views' watermarks
-- refused: cannot export to Flink: the application writes nothing (only EXPLAIN, or no query)

=== EXPLAIN says which operators' state only grows: a GROUP BY without a window, a Top-N (a join without a time bound says it in stream_joins.slt)
-- refused: cannot export to Flink: the application writes nothing (only EXPLAIN, or no query)

=== EXPLAIN says which COUNT(DISTINCT …)s of one column (with FILTERs) share one set of the values seen
-- refused: cannot export to Flink: the application writes nothing (only EXPLAIN, or no query)

=== DESCRIBE, SHOW COLUMNS, SHOW TABLES and SHOW VIEWS list what the code declared before them, with the columns Flink's SQL client prints (Flink 2.3 gives the same rows, but for a view's NOT NULL, which kdalite's views do not keep, and a computed column's text, which kdalite writes as it planned it)
-- refused: cannot export to Flink: the application writes nothing (only EXPLAIN, or no query)

