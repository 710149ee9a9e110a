=== REGEX_LOG_PARSE, the SQL Reference's example 2: a stream field and two capture groups; no match is NULL
-- refused: cannot export to Flink: a pump reading a subquery or a KDA join window is not translated yet at line 5, column 11

=== W3C_LOG_PARSE, the SQL Reference's COMMON example; the format written out gives the same fields
-- refused: cannot export to Flink: a pump reading a subquery or a KDA join window is not translated yet at line 3, column 7

=== W3C_LOG_PARSE's NCSA EXTENDED format over the web-log generator: referer and user agent too
-- refused: cannot export to Flink: a pump reading a subquery or a KDA join window is not translated yet at line 2, column 7

=== FAST_REGEX_LOG_PARSE: groups take as little as the rest of the pattern lets them (the Reference's examples B and C; example 1's printed a_little_lamb leaves nothing for its final _.*, and example A matches here, with backtracking)
-- refused: cannot export to Flink: a pump reading a subquery or a KDA join window is not translated yet at line 3, column 7

=== the SQL Reference's own form: a parser over a VALUES row, read as t.r."COLUMN1"
-- refused: cannot export to Flink: Flink SQL has no FAST_REGEX_LOG_PARSE at line 2, column 10

=== FIXED_COLUMN_LOG_PARSE, VARIABLE_COLUMN_LOG_PARSE (quotes and an escape) and SYS_LOG_PARSE (the year is the row's)
-- refused: cannot export to Flink: a pump reading a subquery or a KDA join window is not translated yet at line 3, column 7

=== a field that does not cast to its type sends its row to error_stream
-- refused: cannot export to Flink: a pump reading a subquery or a KDA join window is not translated yet at line 2, column 7

