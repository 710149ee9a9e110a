=== RANDOM_CUT_FOREST on the Developer Guide's heart-rate data: after the forest learns (0 for its first 256 rows), every HIGH row scores above every NORMAL one
-- refused: cannot export to Flink: a pump reading a subquery or a KDA join window is not translated yet at line 3, column 12

=== streaming ORDER BY, as the RCF tutorial ends: each second's rows, highest score first, sent when the next second begins
-- refused: cannot export to Flink: KDA's streaming ORDER BY has no Flink counterpart (Flink sorts only by its time attribute) at line 3, column 3

=== RANDOM_CUT_FOREST_WITH_EXPLANATION: each numeric column's part in the score; every HIGH row HIGH, every LOW row LOW
-- refused: cannot export to Flink: a pump reading a subquery or a KDA join window is not translated yet at line 4, column 14

