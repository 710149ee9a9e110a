=== Example 1: a time window on one side of an INNER JOIN (the page prints this row)
-- refused: cannot export to Flink: a pump reading a subquery or a KDA join window is not translated yet at line 12, column 10

=== Example 2: time windows on both sides of an INNER JOIN (the page prints these two rows)
-- refused: cannot export to Flink: a pump reading a subquery or a KDA join window is not translated yet at line 12, column 10

=== Example 3: a time window on one side of a RIGHT JOIN (the page prints these three rows)
-- refused: cannot export to Flink: a pump reading a subquery or a KDA join window is not translated yet at line 12, column 10

=== Example 4: time windows on both sides of a RIGHT JOIN (the page prints these rows, but with shipmenttime and ordertime swapped in the two matched ones)
-- refused: cannot export to Flink: a pump reading a subquery or a KDA join window is not translated yet at line 12, column 10

=== Example 5: a time window on one side of a LEFT JOIN (the page also prints 10:01:40 for order 104, which matched at 10:00:45)
-- refused: cannot export to Flink: a pump reading a subquery or a KDA join window is not translated yet at line 12, column 10

=== Example 6: time windows on both sides of a LEFT JOIN (the page also prints padded rows for orders 104 and 100, which matched, with s.orderid filled in where the query's NULL is)
-- refused: cannot export to Flink: a pump reading a subquery or a KDA join window is not translated yet at line 12, column 10

=== a ROWS window on one side, a named window on the other, a FULL join and a CROSS join
-- refused: cannot export to Flink: a pump reading a subquery or a KDA join window is not translated yet at line 11, column 47

