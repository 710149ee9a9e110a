=== TOP_K_ITEMS_TUMBLING: each window's K most frequent values, the most frequent first, written as the console's template writes them
-- refused: cannot export to Flink: a pump reading a subquery or a KDA join window is not translated yet at line 3, column 30

=== TOP_K_ITEMS_TUMBLING's columns into the SQL Reference's stream, by position; the cursor filters
-- refused: cannot export to Flink: a pump reading a subquery or a KDA join window is not translated yet at line 3, column 30

=== COUNT_DISTINCT_ITEMS_TUMBLING: each window's number of distinct values
-- refused: cannot export to Flink: a pump reading a subquery or a KDA join window is not translated yet at line 3, column 30

=== a table function's result read by an outer query
-- refused: cannot export to Flink: a pump reading a subquery or a KDA join window is not translated yet at line 2, column 12

