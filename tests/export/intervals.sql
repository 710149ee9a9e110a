=== the Reference's interval operators: + and - of intervals, * and / by numbers
-- refused: cannot export to Flink: column E1 of RESULT is an INTERVAL DAY, which Flink's JSON format writes as a number of milliseconds or months: CAST it to a number of its one field, CAST(CAST(x AS INTERVAL SECOND) AS BIGINT)

=== the Reference's time differences, as minutes to the nearest second and as seconds
-- refused: cannot export to Flink: Flink SQL has no (a - b) with an interval qualifier; TIMESTAMPDIFF(unit, b, a) gives a number at line 1, column 20

=== ABS and EXTRACT of intervals, as their Reference pages print them
-- refused: cannot export to Flink: column A of RESULT is an INTERVAL DAY TO MINUTE, which Flink's JSON format writes as a number of milliseconds or months: CAST it to a number of its one field, CAST(CAST(x AS INTERVAL SECOND) AS BIGINT)

=== (a - b) qualifier: whole trailing fields, cut toward zero; months count once their day and time are reached
-- refused: cannot export to Flink: column DAYS of RESULT is an INTERVAL DAY, which Flink's JSON format writes as a number of milliseconds or months: CAST it to a number of its one field, CAST(CAST(x AS INTERVAL SECOND) AS BIGINT)

=== intervals move timestamps and dates (months by the calendar), compare, and filter
-- refused: cannot export to Flink: Flink SQL has no (a - b) with an interval qualifier; TIMESTAMPDIFF(unit, b, a) gives a number at line 4, column 8

=== CAST to and from intervals: text both ways, a one-field interval to a number and back, another qualifier
-- refused: cannot export to Flink: column MINUTES of RESULT is an INTERVAL MINUTE, which Flink's JSON format writes as a number of milliseconds or months: CAST it to a number of its one field, CAST(CAST(x AS INTERVAL SECOND) AS BIGINT)

=== interval columns of a stream: declared, pumped, grouped by, and aggregated, keeping their qualifiers
-- refused: cannot export to Flink: column WAITED of WAITS is an INTERVAL MINUTE, which Flink's JSON format writes as a number of milliseconds or months: CAST it to a number of its one field, CAST(CAST(x AS INTERVAL SECOND) AS BIGINT)

=== NULL with intervals is NULL; an interval's NULLs stay NULL through ABS, EXTRACT and CAST
-- refused: cannot export to Flink: column TIMES_NULL of RESULT is an INTERVAL DAY, which Flink's JSON format writes as a number of milliseconds or months: CAST it to a number of its one field, CAST(CAST(x AS INTERVAL SECOND) AS BIGINT)

=== a value an interval cannot take sends its row to error_stream with the reason
-- refused: cannot export to Flink: column PARSED of RESULT is an INTERVAL DAY TO HOUR, which Flink's JSON format writes as a number of milliseconds or months: CAST it to a number of its one field, CAST(CAST(x AS INTERVAL SECOND) AS BIGINT)

