=== a KDA pump with a tumbling window
-- refused: cannot export to Flink: the application writes nothing (only EXPLAIN, or no query)

=== a Flink window TVF with its watermark strategy
-- refused: cannot export to Flink: the application writes nothing (only EXPLAIN, or no query)

=== a join's two inputs, an interval join's bounds, and views' watermarks
-- refused: cannot export to Flink: the application writes nothing (only EXPLAIN, or no query)

=== EXPLAIN says which operators' state only grows: a GROUP BY without a window, a Top-N (a join without a time bound says it in stream_joins.slt)
-- refused: cannot export to Flink: the application writes nothing (only EXPLAIN, or no query)

