//! Applications to start from: KDA's patterns, Flink's window TVFs and Nexmark queries, each
//! with the generator (and reference table) it runs on as it is. The page's templates menu
//! offers them; a test builds every one.

/// One template: its name, code, and the source it runs on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Template {
    pub name: &'static str,
    pub sql: &'static str,
    /// The generator and the stream it feeds; none (`""`) when the code's tables make their own
    /// rows (Flink's datagen connector).
    pub generator: &'static str,
    pub stream: &'static str,
    /// More generator settings (`key=value,…`).
    pub settings: &'static str,
    /// A reference table: its name, its file's name and contents.
    pub reference: Option<(&'static str, &'static str, &'static str)>,
}

impl Template {
    /// The template's inputs: its generator, with `settings` (`key=value,…`) before its own, and
    /// its reference table.
    pub fn bindings(&self, settings: &str) -> crate::error::Result<Vec<crate::runtime::InputBinding>> {
        use crate::runtime::{InputBinding, InputSource};
        let own = if self.settings.is_empty() { String::new() } else { format!(",{}", self.settings) };
        let mut bindings = Vec::new();
        // Without a generator, the code's tables make their own rows (datagen).
        if !self.generator.is_empty() {
            let spec = format!("{}:{settings}{own}", self.generator).parse()?;
            bindings.push(InputBinding { stream: self.stream.to_string(), source: InputSource::Generator(spec) });
        }
        if let Some((table, file, text)) = self.reference {
            let input = crate::source::file::FileInput::from_bytes(text.as_bytes().to_vec());
            bindings.push(InputBinding {
                stream: table.to_string(),
                source: InputSource::Table { name: file.to_string(), input, schema: None },
            });
        }
        Ok(bindings)
    }
}

impl Template {
    /// `sql` (the template's code, or code in its place) run over the template's inputs (seed 7,
    /// 50 rows a second) for `seconds` of the virtual clock: each stream's rows as JSON lines, in
    /// the order they came. The page's end-to-end test compares a template's rows with its
    /// formatted code's.
    pub fn rows(&self, sql: &str, seconds: i64) -> crate::error::Result<String> {
        let mut runtime = crate::runtime::build(sql, self.bindings("seed=7,rate=50")?, crate::source::DEFAULT_START)?;
        runtime.advance_to(runtime.now() + seconds * 1000)?;
        let mut text = Vec::new();
        for o in runtime.drain_output() {
            crate::output::write_json_lines(Some(&o.stream), &o.batch, &mut text)?;
        }
        String::from_utf8(text).map_err(|e| crate::error::Error::Internal(e.to_string()))
    }
}

/// The Nexmark suite's event table and its views per event kind, as its `ddl_gen.sql` and
/// `ddl_views.sql` write them (tests/nexmark/ holds them, `${NEXMARK_TABLE}` = `datagen`).
macro_rules! nexmark_ddl {
    () => {
        concat!(include_str!("../tests/nexmark/ddl_gen.sql"), include_str!("../tests/nexmark/ddl_views.sql"))
    };
}

/// The Nexmark suite's event table and views (the benchmarks run its queries on them).
pub const NEXMARK_DDL: &str = nexmark_ddl!();

const TICKER: &str = "SOURCE_SQL_STREAM_001";

const COMPANIES: &str = "TICKER,COMPANY\nAAPL,Apple\nAMZN,Amazon\nGOOG,Alphabet\nMSFT,Microsoft\nJPM,JPMorgan Chase\n\
KO,Coca-Cola\nPEP,PepsiCo\nXOM,Exxon Mobil\nCVX,Chevron\nWMT,Walmart\n";

pub const TEMPLATES: &[Template] = &[
    Template {
        name: "KDA: continuous filter",
        sql: r#"-- Trades that moved the price by more than 1%, as they come.
CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (ticker_symbol VARCHAR(4), price REAL, change REAL);
CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
  SELECT STREAM TICKER_SYMBOL, PRICE, CHANGE
  FROM "SOURCE_SQL_STREAM_001"
  WHERE ABS(CHANGE) > PRICE * 0.01;
"#,
        generator: "ticker",
        stream: TICKER,
        settings: "",
        reference: None,
    },
    Template {
        name: "KDA: tumbling window aggregate",
        sql: r#"-- Average price and trade count per ticker, every 10 seconds.
CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (ticker_symbol VARCHAR(4), avg_price DOUBLE, trades INTEGER);
CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
  SELECT STREAM TICKER_SYMBOL, AVG(PRICE), COUNT(*)
  FROM "SOURCE_SQL_STREAM_001"
  GROUP BY TICKER_SYMBOL, STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '10' SECOND);
"#,
        generator: "ticker",
        stream: TICKER,
        settings: "",
        reference: None,
    },
    Template {
        name: "KDA: sliding window",
        sql: r#"-- Each trade with its ticker's average and highest price over the last minute.
CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (ticker_symbol VARCHAR(4), price REAL, avg_price DOUBLE, max_price REAL);
CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
  SELECT STREAM TICKER_SYMBOL, PRICE, AVG(PRICE) OVER last_minute, MAX(PRICE) OVER last_minute
  FROM "SOURCE_SQL_STREAM_001"
  WINDOW last_minute AS (PARTITION BY TICKER_SYMBOL RANGE INTERVAL '1' MINUTE PRECEDING);
"#,
        generator: "ticker",
        stream: TICKER,
        settings: "",
        reference: None,
    },
    Template {
        name: "KDA: stagger window",
        sql: r#"-- Trades per ticker and event-time minute, each window opening with its first row
-- (late rows, up to the range, still count).
CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (ticker_symbol VARCHAR(4), event_minute TIMESTAMP, trades INTEGER);
CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
  SELECT STREAM TICKER_SYMBOL, FLOOR(EVENT_TIME TO MINUTE), COUNT(*)
  FROM "SOURCE_SQL_STREAM_001"
  WINDOWED BY STAGGER (PARTITION BY FLOOR(EVENT_TIME TO MINUTE), TICKER_SYMBOL RANGE INTERVAL '1' MINUTE);
"#,
        generator: "ticker",
        stream: TICKER,
        settings: "jitter=5s",
        reference: None,
    },
    Template {
        name: "KDA: two windows, arrival and event time",
        sql: r#"-- Grouped by arrival time (ROWTIME, which closes the window) and by event time (which
-- places each row in its own minute, late rows included).
CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (ticker_symbol VARCHAR(4), event_minute TIMESTAMP, trades INTEGER);
CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
  SELECT STREAM TICKER_SYMBOL, STEP(EVENT_TIME BY INTERVAL '1' MINUTE), COUNT(*)
  FROM "SOURCE_SQL_STREAM_001"
  GROUP BY TICKER_SYMBOL,
           STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '1' MINUTE),
           STEP(EVENT_TIME BY INTERVAL '1' MINUTE);
"#,
        generator: "ticker",
        stream: TICKER,
        settings: "jitter=20s",
        reference: None,
    },
    Template {
        name: "KDA: how late trades arrive (intervals)",
        sql: r#"-- How long after its event time each trade arrived, as an interval (ROWTIME - EVENT_TIME)
-- MINUTE TO SECOND: per ticker every 10 seconds, the latest arrival and the trades more than
-- 3 seconds late.
CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (ticker_symbol VARCHAR(4), latest INTERVAL MINUTE TO SECOND, late_trades INTEGER, trades INTEGER);
CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
  SELECT STREAM TICKER_SYMBOL,
         MAX((s.ROWTIME - EVENT_TIME) MINUTE TO SECOND),
         COUNT(*) FILTER (WHERE (s.ROWTIME - EVENT_TIME) SECOND > INTERVAL '3' SECOND),
         COUNT(*)
  FROM "SOURCE_SQL_STREAM_001" AS s
  GROUP BY TICKER_SYMBOL, STEP(s.ROWTIME BY INTERVAL '10' SECOND);
"#,
        generator: "ticker",
        stream: TICKER,
        settings: "jitter=5s",
        reference: None,
    },
    Template {
        name: "KDA: join a reference table",
        sql: r#"-- Each trade with its company's name, from the reference table COMPANIES.
CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (ticker_symbol VARCHAR(4), company VARCHAR(32), price REAL);
CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
  SELECT STREAM s.TICKER_SYMBOL, c.COMPANY, s.PRICE
  FROM "SOURCE_SQL_STREAM_001" AS s
  LEFT JOIN "COMPANIES" AS c ON s.TICKER_SYMBOL = c.TICKER;
"#,
        generator: "ticker",
        stream: TICKER,
        settings: "",
        reference: Some(("COMPANIES", "companies.csv", COMPANIES)),
    },
    Template {
        name: "KDA: count distinct",
        sql: r#"-- How many different tickers traded in each sector, every minute.
CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (sector VARCHAR(16), tickers INTEGER, trades INTEGER);
CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
  SELECT STREAM SECTOR, COUNT(DISTINCT TICKER_SYMBOL), COUNT(*)
  FROM "SOURCE_SQL_STREAM_001"
  GROUP BY SECTOR, STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '1' MINUTE);
"#,
        generator: "ticker",
        stream: TICKER,
        settings: "",
        reference: None,
    },
    Template {
        name: "KDA: anomalies against a sliding baseline",
        sql: r#"-- Readings more than three standard deviations from their device's last five minutes:
-- one pump keeps each reading's baseline, the next keeps the outliers.
CREATE OR REPLACE STREAM "BASELINE" (device_id VARCHAR(16), temperature DOUBLE, baseline DOUBLE, spread DOUBLE);
CREATE OR REPLACE PUMP "BASELINE_PUMP" AS INSERT INTO "BASELINE"
  SELECT STREAM DEVICE_ID, TEMPERATURE, AVG(TEMPERATURE) OVER recent, STDDEV_POP(TEMPERATURE) OVER recent
  FROM "SOURCE_SQL_STREAM_001"
  WINDOW recent AS (PARTITION BY DEVICE_ID RANGE INTERVAL '5' MINUTE PRECEDING);
CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (device_id VARCHAR(16), temperature DOUBLE, baseline DOUBLE, spread DOUBLE);
CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
  SELECT STREAM * FROM "BASELINE"
  WHERE ABS(temperature - baseline) > 3 * spread;
"#,
        generator: "sensors",
        stream: TICKER,
        settings: "",
        reference: None,
    },
    Template {
        name: "KDA: server errors in web logs",
        sql: r#"-- Apache log lines whose status is 5xx, counted every 10 seconds.
CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (errors INTEGER);
CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
  SELECT STREAM COUNT(*)
  FROM "SOURCE_SQL_STREAM_001"
  WHERE LOG_LINE SIMILAR TO '%" 5[0-9][0-9] %'
  GROUP BY STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '10' SECOND);
"#,
        generator: "weblogs",
        stream: TICKER,
        settings: "",
        reference: None,
    },
    Template {
        name: "KDA: anomaly scores (RANDOM_CUT_FOREST)",
        sql: r#"-- Each reading scored by a Random Cut Forest of the readings before it (0 while the
-- forest learns its first 256), the most anomalous first within each second.
CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (device_id VARCHAR(16), temperature DOUBLE, humidity DOUBLE, anomaly_score DOUBLE);
CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
  SELECT STREAM DEVICE_ID, TEMPERATURE, HUMIDITY, ANOMALY_SCORE
  FROM TABLE(RANDOM_CUT_FOREST(
    CURSOR(SELECT STREAM DEVICE_ID, TEMPERATURE, HUMIDITY FROM "SOURCE_SQL_STREAM_001"),
    100, 256, 100000, 1)) AS scored
  ORDER BY FLOOR(scored.ROWTIME TO SECOND), ANOMALY_SCORE DESC;
"#,
        generator: "sensors",
        stream: TICKER,
        settings: "",
        reference: None,
    },
    Template {
        name: "KDA: dense regions (HOTSPOTS)",
        sql: r#"-- After each point, the dense regions among the last 1,000 (the Developer Guide's example:
-- a point is in a hotspot with 17 others within 0.2 of it). One point in five falls in a
-- 1 x 1 square that moves every 1,000 points; IS_HOT says which.
CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (x DOUBLE, y DOUBLE, is_hot VARCHAR(4), hotspots_result VARCHAR(10000));
CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
  SELECT STREAM X, Y, IS_HOT, HOTSPOTS_RESULT
  FROM TABLE(HOTSPOTS(
    CURSOR(SELECT STREAM * FROM "SOURCE_SQL_STREAM_001"),
    1000,  -- windowSize: the latest points searched
    0.2,   -- scanRadius: how near a neighbour is
    17     -- minimumNumberOfPointsInAHotspot
  ));
"#,
        generator: "hotspots",
        stream: TICKER,
        settings: "",
        reference: None,
    },
    Template {
        name: "KDA: most traded tickers (TOP_K_ITEMS_TUMBLING)",
        sql: r#"-- The three most traded tickers of every 10 seconds, the most traded first.
CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (item VARCHAR(1024), item_count DOUBLE);
CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
  SELECT STREAM * FROM TABLE(TOP_K_ITEMS_TUMBLING(
    CURSOR(SELECT STREAM * FROM "SOURCE_SQL_STREAM_001"),
    'TICKER_SYMBOL', -- name of column in single quotes
    3,               -- number of the most frequently occurring values
    10               -- tumbling window size in seconds
  ));
"#,
        generator: "ticker",
        stream: TICKER,
        settings: "",
        reference: None,
    },
    Template {
        name: "KDA: web log fields (W3C_LOG_PARSE)",
        sql: r#"-- Each Apache log line cut into its fields (NCSA extended: the common format with the
-- referer and the user agent), read as rec.COLUMN1, rec.COLUMN2, …
CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (host VARCHAR(64), request VARCHAR(256), status INTEGER, bytes VARCHAR(16), agent VARCHAR(256));
CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
  SELECT STREAM t.rec.COLUMN1, t.rec.COLUMN5, t.rec.COLUMN6, t.rec.COLUMN7, t.rec.COLUMN9
  FROM (SELECT STREAM W3C_LOG_PARSE(LOG_LINE, 'NCSA EXTENDED') AS rec FROM "SOURCE_SQL_STREAM_001") AS t;
"#,
        generator: "weblogs",
        stream: TICKER,
        settings: "",
        reference: None,
    },
    Template {
        name: "Flink: TUMBLE window TVF",
        sql: r#"-- Readings per device every 10 seconds of event time, with a 2-second watermark.
CREATE TABLE readings (DEVICE_ID STRING, TEMPERATURE DOUBLE, HUMIDITY DOUBLE, BATTERY DOUBLE, EVENT_TIME TIMESTAMP(3),
  WATERMARK FOR EVENT_TIME AS EVENT_TIME - INTERVAL '2' SECOND);
SELECT window_start, window_end, DEVICE_ID, COUNT(*) AS readings, MAX(TEMPERATURE) AS hottest
FROM TABLE(TUMBLE(TABLE readings, DESCRIPTOR(EVENT_TIME), INTERVAL '10' SECOND))
GROUP BY window_start, window_end, DEVICE_ID;
"#,
        generator: "sensors",
        stream: "readings",
        settings: "jitter=1s",
        reference: None,
    },
    Template {
        name: "Flink: HOP window TVF",
        sql: r#"-- Trades per sector over the last 30 seconds, every 10 seconds.
CREATE TABLE trades (TICKER_SYMBOL STRING, SECTOR STRING, CHANGE DOUBLE, PRICE DOUBLE, EVENT_TIME TIMESTAMP(3),
  WATERMARK FOR EVENT_TIME AS EVENT_TIME - INTERVAL '1' SECOND);
SELECT window_start, window_end, SECTOR, COUNT(*) AS trades, AVG(PRICE) AS avg_price
FROM TABLE(HOP(TABLE trades, DESCRIPTOR(EVENT_TIME), INTERVAL '10' SECOND, INTERVAL '30' SECOND))
GROUP BY window_start, window_end, SECTOR;
"#,
        generator: "ticker",
        stream: "trades",
        settings: "",
        reference: None,
    },
    Template {
        name: "Flink: SESSION window TVF",
        sql: r#"-- Each user's sessions: clicks with less than 30 seconds between them.
CREATE TABLE clicks (USER_ID STRING, PAGE STRING, ACTION STRING, EVENT_TIME TIMESTAMP(3),
  WATERMARK FOR EVENT_TIME AS EVENT_TIME - INTERVAL '1' SECOND);
SELECT window_start, window_end, USER_ID, COUNT(*) AS clicks
FROM TABLE(SESSION(TABLE clicks PARTITION BY USER_ID, DESCRIPTOR(EVENT_TIME), INTERVAL '30' SECOND))
GROUP BY window_start, window_end, USER_ID;
"#,
        generator: "clicks",
        stream: "clicks",
        settings: "",
        reference: None,
    },
    Template {
        name: "KDA: windowed stream join",
        sql: r#"-- Each rise of a ticker's price with its falls in the 10 seconds before: a join of two
-- streams with a window on one side, as the SQL Reference's JOIN clause has it. The output's
-- ROWTIME is the later of the pair's; a LEFT JOIN would give a rise with no fall once its
-- window had passed.
CREATE OR REPLACE STREAM "RISES" (ticker_symbol VARCHAR(4), price REAL);
CREATE OR REPLACE PUMP "RISES_PUMP" AS INSERT INTO "RISES"
  SELECT STREAM TICKER_SYMBOL, PRICE FROM "SOURCE_SQL_STREAM_001" WHERE CHANGE > 0;
CREATE OR REPLACE STREAM "FALLS" (ticker_symbol VARCHAR(4), price REAL);
CREATE OR REPLACE PUMP "FALLS_PUMP" AS INSERT INTO "FALLS"
  SELECT STREAM TICKER_SYMBOL, PRICE FROM "SOURCE_SQL_STREAM_001" WHERE CHANGE < 0;
CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (ticker_symbol VARCHAR(4), price REAL, low REAL, fell_at TIMESTAMP);
CREATE OR REPLACE PUMP "JOIN_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
  SELECT STREAM r.ticker_symbol, r.price, f.price, f.ROWTIME
  FROM "RISES" AS r
    JOIN "FALLS" OVER (RANGE INTERVAL '10' SECOND PRECEDING) AS f
    ON r.ticker_symbol = f.ticker_symbol;
"#,
        generator: "ticker",
        stream: TICKER,
        settings: "",
        reference: None,
    },
    Template {
        name: "Flink: CUMULATE window TVF",
        sql: r#"-- Trades so far in each minute, every 10 seconds.
CREATE TABLE trades (TICKER_SYMBOL STRING, SECTOR STRING, CHANGE DOUBLE, PRICE DOUBLE, EVENT_TIME TIMESTAMP(3),
  WATERMARK FOR EVENT_TIME AS EVENT_TIME - INTERVAL '1' SECOND);
SELECT window_start, window_end, COUNT(*) AS trades
FROM TABLE(CUMULATE(TABLE trades, DESCRIPTOR(EVENT_TIME), INTERVAL '10' SECOND, INTERVAL '1' MINUTE))
GROUP BY window_start, window_end;
"#,
        generator: "ticker",
        stream: "trades",
        settings: "",
        reference: None,
    },
    Template {
        name: "Flink: totals per ticker, sector and market (ROLLUP)",
        sql: r#"-- Every 10 seconds: trades per ticker, each sector's subtotal
-- and the market's total. level (GROUPING_ID) is 0 for a
-- ticker's row, 1 for a sector's, 3 for the market's.
CREATE TABLE trades (TICKER_SYMBOL STRING, SECTOR STRING, CHANGE DOUBLE, PRICE DOUBLE, EVENT_TIME TIMESTAMP(3),
  WATERMARK FOR EVENT_TIME AS EVENT_TIME - INTERVAL '1' SECOND);
SELECT window_start, SECTOR, TICKER_SYMBOL, COUNT(*) AS trades, ROUND(AVG(PRICE), 2) AS avg_price,
       GROUPING_ID(SECTOR, TICKER_SYMBOL) AS level
FROM TABLE(TUMBLE(TABLE trades, DESCRIPTOR(EVENT_TIME), INTERVAL '10' SECOND))
GROUP BY window_start, window_end, ROLLUP (SECTOR, TICKER_SYMBOL);
"#,
        generator: "ticker",
        stream: "trades",
        settings: "",
        reference: None,
    },
    Template {
        name: "Flink: each sector's tickers as an array (ARRAY_AGG, UNNEST)",
        sql: r#"-- Every 10 seconds, the tickers that traded in each sector as
-- an ARRAY (ARRAY_AGG, each once in the order they first came),
-- how many, and the array sorted into text.
-- The second query unnests each array back into rows, numbered
-- (CROSS JOIN UNNEST … WITH ORDINALITY).
CREATE TABLE trades (TICKER_SYMBOL STRING, SECTOR STRING, CHANGE DOUBLE, PRICE DOUBLE, EVENT_TIME TIMESTAMP(3),
  WATERMARK FOR EVENT_TIME AS EVENT_TIME - INTERVAL '1' SECOND);
CREATE VIEW sectors AS
SELECT window_start, window_end, SECTOR, ARRAY_DISTINCT(ARRAY_AGG(TICKER_SYMBOL)) AS tickers
FROM TABLE(TUMBLE(TABLE trades, DESCRIPTOR(EVENT_TIME), INTERVAL '10' SECOND))
GROUP BY window_start, window_end, SECTOR;
SELECT window_start, SECTOR, CARDINALITY(tickers) AS n, ARRAY_JOIN(ARRAY_SORT(tickers), ', ') AS sorted, tickers
FROM sectors;
SELECT window_start, SECTOR, ticker, pos
FROM sectors CROSS JOIN UNNEST(tickers) WITH ORDINALITY AS t (ticker, pos);
"#,
        generator: "ticker",
        stream: "trades",
        settings: "",
        reference: None,
    },
    Template {
        name: "Flink: a bid URL's parameters as a map (STR_TO_MAP, MAP_KEYS)",
        sql: r#"-- Each bid's URL query as a MAP (PARSE_URL reads the query,
-- STR_TO_MAP splits it on & and =), read by key: m['channel_id'].
-- Bids on the four hot channels carry query=1 alone; the others
-- a channel_id too. The second query counts, every 10 seconds,
-- the bids that carried each set of parameters (MAP_KEYS).
CREATE TABLE bid (auction BIGINT, bidder BIGINT, price BIGINT, channel STRING, url STRING, dateTime TIMESTAMP(3),
  extra STRING, WATERMARK FOR dateTime AS dateTime - INTERVAL '4' SECOND);
CREATE VIEW bid_params AS
SELECT auction, price, channel, dateTime, STR_TO_MAP(PARSE_URL(url, 'QUERY'), '&', '=') AS params
FROM bid;
SELECT channel, params, params['channel_id'] AS channel_id, CARDINALITY(params) AS n
FROM bid_params;
SELECT window_start, CAST(MAP_KEYS(params) AS STRING) AS keys_, COUNT(*) AS bids
FROM TABLE(TUMBLE(TABLE bid_params, DESCRIPTOR(dateTime), INTERVAL '10' SECOND))
GROUP BY window_start, window_end, CAST(MAP_KEYS(params) AS STRING);
"#,
        generator: "nexmark",
        stream: "bid",
        settings: "",
        reference: None,
    },
    Template {
        name: "Flink: a price that falls, then rises (MATCH_RECOGNIZE)",
        sql: r#"-- Each ticker's price falling for two trades or more, then rising
-- again: the V shape of Flink's MATCH_RECOGNIZE documentation.
CREATE TABLE trades (TICKER_SYMBOL STRING, SECTOR STRING, CHANGE DOUBLE, PRICE DOUBLE, EVENT_TIME TIMESTAMP(3),
  WATERMARK FOR EVENT_TIME AS EVENT_TIME - INTERVAL '1' SECOND);
SELECT *
FROM trades
  MATCH_RECOGNIZE (
    PARTITION BY TICKER_SYMBOL
    ORDER BY EVENT_TIME
    MEASURES
      START_ROW.PRICE AS start_price,
      LAST(PRICE_DOWN.PRICE) AS bottom_price,
      PRICE_UP.PRICE AS end_price,
      COUNT(PRICE_DOWN.PRICE) AS falls,
      MATCH_ROWTIME() AS end_time
    ONE ROW PER MATCH
    AFTER MATCH SKIP PAST LAST ROW
    PATTERN (START_ROW PRICE_DOWN{2,} PRICE_UP)
    DEFINE
      PRICE_DOWN AS (LAST(PRICE_DOWN.PRICE, 1) IS NULL AND PRICE_DOWN.PRICE < START_ROW.PRICE)
        OR PRICE_DOWN.PRICE < LAST(PRICE_DOWN.PRICE, 1),
      PRICE_UP AS PRICE_UP.PRICE > LAST(PRICE_DOWN.PRICE, 1)
  ) AS m;
"#,
        generator: "ticker",
        stream: "trades",
        settings: "",
        reference: None,
    },
    Template {
        name: "Flink: the five biggest rises so far (ORDER BY … LIMIT)",
        sql: r#"-- The five largest price changes so far: an updating result.
-- "As a table" shows the current five; the changelog shows
-- each row that entered (+I) and the one it pushed out (-D).
CREATE TABLE trades (TICKER_SYMBOL STRING, SECTOR STRING, CHANGE DOUBLE, PRICE DOUBLE, EVENT_TIME TIMESTAMP(3),
  WATERMARK FOR EVENT_TIME AS EVENT_TIME - INTERVAL '1' SECOND);
SELECT TICKER_SYMBOL, CHANGE, PRICE, EVENT_TIME
FROM trades
ORDER BY CHANGE DESC
LIMIT 5;
"#,
        generator: "ticker",
        stream: "trades",
        settings: "",
        reference: None,
    },
    Template {
        name: "Nexmark Q3: local item suggestion (regular join)",
        sql: concat!(
            "-- Nexmark query 3, as the suite writes it: a regular join of the auction and person views.\n",
            nexmark_ddl!(),
            include_str!("../tests/nexmark/q3.sql")
        ),
        generator: "nexmark",
        stream: "datagen",
        settings: "table=event",
        reference: None,
    },
    Template {
        name: "Nexmark Q5: hot items (window join of window aggregates)",
        sql: concat!(
            "-- Nexmark query 5, as the suite writes it: HOP window counts joined on their windows to the windows' maximum.\n",
            nexmark_ddl!(),
            include_str!("../tests/nexmark/q5.sql")
        ),
        generator: "nexmark",
        stream: "datagen",
        settings: "table=event",
        reference: None,
    },
    Template {
        name: "Nexmark Q7: highest bid (regular join with a window)",
        sql: concat!(
            "-- Nexmark query 7, as the suite writes it: each window's highest price joined back to its bids (the join's state only grows).\n",
            nexmark_ddl!(),
            include_str!("../tests/nexmark/q7.sql")
        ),
        generator: "nexmark",
        stream: "datagen",
        settings: "table=event",
        reference: None,
    },
    Template {
        name: "Nexmark Q8: monitor new users (window join)",
        sql: concat!(
            "-- Nexmark query 8, as the suite writes it: people and the auctions they opened, joined on the same 10-second windows.\n",
            nexmark_ddl!(),
            include_str!("../tests/nexmark/q8.sql")
        ),
        generator: "nexmark",
        stream: "datagen",
        settings: "table=event",
        reference: None,
    },
    Template {
        name: "Nexmark Q20: expand bid with auction (regular join)",
        sql: concat!(
            "-- Nexmark query 20, as the suite writes it: each bid with its auction, for category 10.\n",
            nexmark_ddl!(),
            include_str!("../tests/nexmark/q20.sql")
        ),
        generator: "nexmark",
        stream: "datagen",
        settings: "table=event",
        reference: None,
    },
    Template {
        name: "Nexmark Q4: average winning price per category (an aggregate of an aggregate)",
        sql: concat!(
            "-- Nexmark query 4, as the suite writes it: each auction's winning bid (MAX over an interval join), averaged per category.\n",
            "-- Both aggregates update their results: As a table shows the averages as they stand.\n",
            nexmark_ddl!(),
            include_str!("../tests/nexmark/q4.sql")
        ),
        generator: "nexmark",
        stream: "datagen",
        settings: "table=event",
        reference: None,
    },
    Template {
        name: "Nexmark Q19: the ten highest bids of each auction (Top-N)",
        sql: concat!(
            "-- Nexmark query 19, as the suite writes it: ROW_NUMBER() over each auction's bids, kept to ranks 1 to 10.\n",
            "-- A bid that enters moves the ranks below it (-U, +U): As a table shows the current top ten.\n",
            nexmark_ddl!(),
            include_str!("../tests/nexmark/q19.sql")
        ),
        generator: "nexmark",
        stream: "datagen",
        settings: "table=event",
        reference: None,
    },
    Template {
        name: "Nexmark Q1: prices in euros",
        sql: r#"-- Nexmark query 1, as Flink's nexmark suite writes it.
CREATE TABLE bid (auction BIGINT, bidder BIGINT, price BIGINT, channel STRING, url STRING, dateTime TIMESTAMP(3),
  extra STRING, WATERMARK FOR dateTime AS dateTime - INTERVAL '4' SECOND);
SELECT auction, bidder, 0.908 * price AS price, dateTime, extra FROM bid;
"#,
        generator: "nexmark",
        stream: "bid",
        settings: "",
        reference: None,
    },
    Template {
        name: "Nexmark Q11: bids per bidder session",
        sql: r#"-- Nexmark query 11: how many bids each bidder makes in a session (10 seconds apart).
CREATE TABLE bid (auction BIGINT, bidder BIGINT, price BIGINT, channel STRING, url STRING, dateTime TIMESTAMP(3),
  extra STRING, WATERMARK FOR dateTime AS dateTime - INTERVAL '4' SECOND);
SELECT B.bidder, COUNT(*) AS bid_count,
       SESSION_START(B.dateTime, INTERVAL '10' SECOND) AS starttime,
       SESSION_END(B.dateTime, INTERVAL '10' SECOND) AS endtime
FROM bid B
GROUP BY B.bidder, SESSION(B.dateTime, INTERVAL '10' SECOND);
"#,
        generator: "nexmark",
        stream: "bid",
        settings: "",
        reference: None,
    },
    Template {
        name: "Flink: a table that makes its own rows (datagen connector)",
        sql: r#"-- Flink's datagen connector: the table makes its own rows, 10 a second, so nothing is bound to
-- it (the source form's input is not used). Each order arrives up to 1.5 s after its time.
CREATE TABLE orders (
  order_id BIGINT,
  product STRING,
  price DECIMAL(8, 2),
  order_time TIMESTAMP(3),
  WATERMARK FOR order_time AS order_time - INTERVAL '2' SECOND
) WITH (
  'connector' = 'datagen',
  'rows-per-second' = '10',
  'fields.order_id.kind' = 'sequence', 'fields.order_id.start' = '1', 'fields.order_id.end' = '1000000',
  'fields.product.length' = '1',
  'fields.price.min' = '1', 'fields.price.max' = '100',
  'fields.order_time.max-past' = '1500'
);
SELECT window_start, window_end, product, COUNT(*) AS orders, SUM(price) AS revenue
FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(order_time), INTERVAL '5' SECOND))
GROUP BY window_start, window_end, product;
"#,
        generator: "",
        stream: "",
        settings: "",
        reference: None,
    },
    Template {
        name: "Flink: orders per minute on Shanghai's clock (table.local-time-zone)",
        sql: r#"-- A TIMESTAMP_LTZ is a moment; table.local-time-zone decides the wall clock it prints, casts and
-- windows on. Here, Shanghai's (UTC+8): window_start is Shanghai's time, and a day window would
-- start at Shanghai's midnight. Try 'America/New_York' or 'UTC'.
SET 'table.local-time-zone' = 'Asia/Shanghai';
CREATE TABLE orders (
  order_id BIGINT,
  price DECIMAL(8, 2),
  order_time TIMESTAMP_LTZ(3),
  WATERMARK FOR order_time AS order_time - INTERVAL '2' SECOND
) WITH (
  'connector' = 'datagen',
  'rows-per-second' = '10',
  'fields.order_id.kind' = 'sequence', 'fields.order_id.start' = '1', 'fields.order_id.end' = '1000000',
  'fields.price.min' = '1', 'fields.price.max' = '100',
  'fields.order_time.max-past' = '1500'
);
SELECT window_start, window_end, COUNT(*) AS orders, SUM(price) AS revenue
FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(order_time), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end;
"#,
        generator: "",
        stream: "",
        settings: "",
        reference: None,
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    /// The template's application, built on its source (seeded) and ready to run.
    fn runtime(t: &Template) -> crate::runtime::Runtime {
        let bindings = t.bindings("seed=7,rate=50").unwrap_or_else(|e| panic!("{}: {e}", t.name));
        crate::runtime::build(t.sql, bindings, crate::source::DEFAULT_START)
            .unwrap_or_else(|e| panic!("{}: {e}", t.name))
    }

    /// Every stream's rows, as text, in the order each stream got them.
    fn rows_by_stream(output: Vec<crate::runtime::OutputBatch>) -> std::collections::BTreeMap<String, Vec<String>> {
        let mut rows = std::collections::BTreeMap::<String, Vec<String>>::new();
        for o in output {
            let stream = rows.entry(o.stream.clone()).or_default();
            stream.extend((0..o.batch.num_rows()).map(|r| crate::output::row_text(&o.batch, r)));
        }
        rows
    }

    /// Every template plans on its source and makes rows within a simulated minute or five.
    #[test]
    fn every_template_runs_as_it_is() {
        for t in TEMPLATES {
            let mut runtime = runtime(t);
            let start = runtime.now();
            runtime.advance_to(start + 300_000).unwrap_or_else(|e| panic!("{}: {e}", t.name));
            let output = runtime.drain_output();
            let rows: usize = output
                .iter()
                .filter(|o| o.stream != crate::runtime::ERROR_STREAM && o.stream != crate::runtime::LATE_STREAM)
                .map(|o| o.batch.num_rows())
                .sum();
            let errors: usize =
                output.iter().filter(|o| o.stream == crate::runtime::ERROR_STREAM).map(|o| o.batch.num_rows()).sum();
            assert!(rows > 0, "{}: no rows in five minutes", t.name);
            assert_eq!(errors, 0, "{}: rows in error_stream", t.name);
        }
    }

    /// The page steps the clock by the wall time between frames, so the same application
    /// must give the same rows however its clock is stepped: at once, or in uneven steps.
    #[test]
    fn every_template_gives_the_same_rows_however_the_clock_is_stepped() {
        for t in TEMPLATES {
            let mut whole = runtime(t);
            let end = whole.now() + 120_000;
            whole.advance_to(end).unwrap();
            let expected = rows_by_stream(whole.drain_output());
            // Two empty runs would agree too: the comparison means something only with rows.
            let results = |(stream, rows): (&String, &Vec<String>)| {
                stream != crate::runtime::ERROR_STREAM && stream != crate::runtime::LATE_STREAM && !rows.is_empty()
            };
            assert!(expected.iter().any(results), "{}: no rows in two minutes", t.name);
            let mut stepped = runtime(t);
            let (mut output, mut step) = (Vec::new(), 1i64);
            while stepped.now() < end {
                // Steps of 1 ms to about 0.7 s, uneven.
                step = (step * 7919 + 13) % 700 + 1;
                stepped.advance_to((stepped.now() + step).min(end)).unwrap();
                output.extend(stepped.drain_output());
            }
            assert_eq!(rows_by_stream(output), expected, "{}", t.name);
        }
    }
}
