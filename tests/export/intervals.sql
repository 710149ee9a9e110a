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

=== a TIME moves around the clock by a day-time interval
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

-- kdalite note: `S`: ROWTIME is the event-time attribute, its watermark a millisecond behind it (KDA's rows arrive in ROWTIME order, several at one ROWTIME)
CREATE TABLE `S` (
  `ROWTIME` TIMESTAMP(3),
  `N` BIGINT,
  WATERMARK FOR `ROWTIME` AS `ROWTIME` - INTERVAL '0.001' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/S.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `ROWTIME` TIMESTAMP(3),
  `A` TIME(3),
  `B` TIME(3),
  `C` TIME(3),
  `WHOLE_DAYS` TIME(3),
  `N` TIME(3)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `S`.`ROWTIME` AS `ROWTIME`,
  CAST(TIME '23:00:00' + INTERVAL '2' HOUR AS TIME(3)) AS `A`,
  CAST(TIME '01:00:00' - INTERVAL '90' MINUTE AS TIME(3)) AS `B`,
  CAST(INTERVAL '1:30' HOUR TO MINUTE + TIME '12:00:00.250' AS TIME(3)) AS `C`,
  CAST(TIME '12:00:00' - INTERVAL '3' DAY AS TIME(3)) AS `WHOLE_DAYS`,
  CAST(CAST(NULL AS TIME) + INTERVAL '1' HOUR AS TIME(3)) AS `N` FROM `S`;

END;

=== CAST to and from intervals: text both ways, a one-field interval to a number and back, another qualifier
-- refused: cannot export to Flink: column MINUTES of RESULT is an INTERVAL MINUTE, which Flink's JSON format writes as a number of milliseconds or months: CAST it to a number of its one field, CAST(CAST(x AS INTERVAL SECOND) AS BIGINT)

=== interval columns of a stream: declared, pumped, grouped by, and aggregated, keeping their qualifiers
-- refused: cannot export to Flink: column WAITED of WAITS is an INTERVAL MINUTE, which Flink's JSON format writes as a number of milliseconds or months: CAST it to a number of its one field, CAST(CAST(x AS INTERVAL SECOND) AS BIGINT)

=== an interval keeps its qualifier through a subquery, a UNION ALL (the wider of the two) and a join
-- refused: cannot export to Flink: column X of RESULT is an INTERVAL MINUTE, which Flink's JSON format writes as a number of milliseconds or months: CAST it to a number of its one field, CAST(CAST(x AS INTERVAL SECOND) AS BIGINT)

=== NULL with intervals is NULL; an interval's NULLs stay NULL through ABS, EXTRACT and CAST
-- refused: cannot export to Flink: column TIMES_NULL of RESULT is an INTERVAL DAY, which Flink's JSON format writes as a number of milliseconds or months: CAST it to a number of its one field, CAST(CAST(x AS INTERVAL SECOND) AS BIGINT)

=== a value an interval cannot take sends its row to error_stream with the reason
-- refused: cannot export to Flink: column PARSED of RESULT is an INTERVAL DAY TO HOUR, which Flink's JSON format writes as a number of milliseconds or months: CAST it to a number of its one field, CAST(CAST(x AS INTERVAL SECOND) AS BIGINT)

=== Flink's TIMESTAMPDIFF and TIMESTAMPADD: whole units between two times (a month once its day and time are reached), and a time moved by units
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `a` TIMESTAMP(3),
  `b` TIMESTAMP(3),
  `d` DATE,
  `n` INT,
  WATERMARK FOR `a` AS `a`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `s` INT,
  `mi` INT,
  `h` INT,
  `dd` INT,
  `w` INT,
  `mo` INT,
  `q` INT,
  `y` INT,
  `from_date` INT,
  `plus_s` TIMESTAMP(3),
  `plus_d` TIMESTAMP(3),
  `plus_mo` TIMESTAMP(3),
  `date_plus_w` DATE,
  `plus_q` TIMESTAMP(3),
  `minus_y` TIMESTAMP(3)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT `s`, `mi`, `h`, `dd`, `w`, `mo`, `q`, `y`, `from_date`, CAST(`plus_s` AS TIMESTAMP(3)) AS `plus_s`, CAST(`plus_d` AS TIMESTAMP(3)) AS `plus_d`, CAST(`plus_mo` AS TIMESTAMP(3)) AS `plus_mo`, `date_plus_w`, CAST(`plus_q` AS TIMESTAMP(3)) AS `plus_q`, CAST(`minus_y` AS TIMESTAMP(3)) AS `minus_y` FROM (
SELECT TIMESTAMPDIFF(SECOND, `a`, `b`) AS `s`, TIMESTAMPDIFF(MINUTE, `a`, `b`) AS `mi`, TIMESTAMPDIFF(HOUR, `a`, `b`) AS `h`, TIMESTAMPDIFF(DAY, `a`, `b`) AS `dd`, TIMESTAMPDIFF(WEEK, `a`, `b`) AS `w`, TIMESTAMPDIFF(MONTH, `a`, `b`) AS `mo`, TIMESTAMPDIFF(QUARTER, `a`, `b`) AS `q`, TIMESTAMPDIFF(YEAR, `a`, `b`) AS `y`, TIMESTAMPDIFF(DAY, `d`, `b`) AS `from_date`, TIMESTAMPADD(SECOND, `n`, `a`) AS `plus_s`, TIMESTAMPADD(DAY, `n`, `a`) AS `plus_d`, TIMESTAMPADD(MONTH, `n`, `a`) AS `plus_mo`, TIMESTAMPADD(WEEK, `n`, `d`) AS `date_plus_w`, TIMESTAMPADD(QUARTER, `n`, `a`) AS `plus_q`, TIMESTAMPADD(YEAR, -1, `a`) AS `minus_y` FROM `t`
) AS `q`(`s`, `mi`, `h`, `dd`, `w`, `mo`, `q`, `y`, `from_date`, `plus_s`, `plus_d`, `plus_mo`, `date_plus_w`, `plus_q`, `minus_y`);

END;

=== Flink SQL's interval arithmetic: timestamps and dates moved by intervals of both kinds, intervals scaled, compared and read
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `a` TIMESTAMP(3),
  `n` INT,
  WATERMARK FOR `a` AS `a`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `next_month` TIMESTAMP(3),
  `earlier` TIMESTAMP(3),
  `two_days` TIMESTAMP(3),
  `later` TIMESTAMP(3),
  `half_second` TIMESTAMP(3),
  `date_month` DATE,
  `n_hours` TIMESTAMP(3),
  `longer` BOOLEAN,
  `same` BOOLEAN,
  `h` BIGINT,
  `mo` BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT CAST(`next_month` AS TIMESTAMP(3)) AS `next_month`, CAST(`earlier` AS TIMESTAMP(3)) AS `earlier`, CAST(`two_days` AS TIMESTAMP(3)) AS `two_days`, CAST(`later` AS TIMESTAMP(3)) AS `later`, CAST(`half_second` AS TIMESTAMP(3)) AS `half_second`, `date_month`, CAST(`n_hours` AS TIMESTAMP(3)) AS `n_hours`, `longer`, `same`, `h`, `mo` FROM (
SELECT `a` + INTERVAL '1' MONTH AS `next_month`, `a` - INTERVAL '1-2' YEAR TO MONTH AS `earlier`, `a` + 2 * INTERVAL '1' DAY AS `two_days`, INTERVAL '1:30' HOUR TO MINUTE + `a` AS `later`, `a` - INTERVAL '0 00:00:00.500' DAY TO SECOND AS `half_second`, CAST(`a` AS DATE) + INTERVAL '1' MONTH AS `date_month`, `a` + `n` * INTERVAL '1' HOUR AS `n_hours`, INTERVAL '1' DAY > INTERVAL '23' HOUR AS `longer`, INTERVAL '3 4' DAY TO HOUR = INTERVAL '76' HOUR AS `same`, EXTRACT(HOUR FROM INTERVAL '1 2:30' DAY TO MINUTE) AS `h`, EXTRACT(MONTH FROM INTERVAL '3-4' YEAR TO MONTH) AS `mo` FROM `t`
) AS `q`(`next_month`, `earlier`, `two_days`, `later`, `half_second`, `date_month`, `n_hours`, `longer`, `same`, `h`, `mo`);

END;

=== an interval literal of three digits and more: kdalite reads it, and the export gives its field the precision Flink needs (INTERVAL '100' SECOND is an error there, SECOND(3) is not; past DAY(3), a number of units)
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.auto-watermark-interval' = '0 ms';
SET 'execution.checkpointing.interval' = '60000 ms';
SET 'restart-strategy.type' = 'none';

CREATE TABLE `t` (
  `a` TIMESTAMP(3),
  WATERMARK FOR `a` AS `a`
) WITH (
  'connector' = 'filesystem',
  'path' = 'data/t.jsonl',
  'format' = 'json'
);

CREATE TABLE `RESULT` (
  `s` TIMESTAMP(3),
  `h` TIMESTAMP(3),
  `d` TIMESTAMP(3),
  `dh` TIMESTAMP(3),
  `m` TIMESTAMP(3),
  `p` TIMESTAMP(3),
  `back` TIMESTAMP(3),
  `century` TIMESTAMP(3),
  `wide` TIMESTAMP(3)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/RESULT',
  'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO `RESULT`
SELECT CAST(`s` AS TIMESTAMP(3)) AS `s`, CAST(`h` AS TIMESTAMP(3)) AS `h`, CAST(`d` AS TIMESTAMP(3)) AS `d`, CAST(`dh` AS TIMESTAMP(3)) AS `dh`, CAST(`m` AS TIMESTAMP(3)) AS `m`, CAST(`p` AS TIMESTAMP(3)) AS `p`, CAST(`back` AS TIMESTAMP(3)) AS `back`, CAST(`century` AS TIMESTAMP(3)) AS `century`, CAST(`wide` AS TIMESTAMP(3)) AS `wide` FROM (
SELECT `a` + INTERVAL '100' SECOND (3) AS `s`, `a` + INTERVAL '100' HOUR (3) AS `h`, `a` - (INTERVAL '1' DAY * 1000) AS `d`, `a` + INTERVAL '100 10' DAY (3) TO HOUR AS `dh`, `a` + INTERVAL '99' MINUTE AS `m`, `a` + INTERVAL '100' SECOND (3) AS `p`, `a` + (INTERVAL '-1' SECOND * 86400) AS `back`, `a` + INTERVAL '1200' MONTH (4) AS `century`, `a` + (INTERVAL '1' SECOND * 1000) AS `wide` FROM `t`
) AS `q`(`s`, `h`, `d`, `dh`, `m`, `p`, `back`, `century`, `wide`);

END;

=== a day-time interval whose leading field has more than three digits, with more fields after it, runs but is not exported: Flink's fields hold three
-- refused: cannot export to Flink: Flink's DAY interval field holds at most 3 digits, not '1000 10': add intervals of one field each, INTERVAL '1' DAY * n + … at line 2, column 21

