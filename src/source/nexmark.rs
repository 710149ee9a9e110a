//! The Nexmark benchmark's streams, as its reference generator (Apache Beam's, which Flink's
//! nexmark suite uses) defines them: one sequence of events, in every 50 one person, 3
//! auctions and 46 bids; ids from 1000; a bid goes to a hot auction (the newest of a batch)
//! half the time and comes from a hot bidder three times in four; prices log-uniform from $1
//! to $1M (in cents); event time advancing with the rate (events per second of all kinds).
//!
//! Each table (`table=bid`, `auction` or `person`) is the events of its kind: the three are
//! one sequence, so bids name auctions and people the other tables hold (each event draws
//! from a generator seeded by its own number). Columns carry Flink's nexmark names: `bid
//! (auction, bidder, price, channel, url, dateTime, extra)` and so on.

use std::sync::Arc;

use arrow_array::builder::{Int64Builder, StringBuilder, TimestampMillisecondBuilder};
use arrow_array::ArrayRef;

use super::synth::{skewed, Random, Rows};
use crate::error::Result;
use crate::plan::{ColumnDef, SqlType};

const PERSON_PROPORTION: u64 = 1;
const AUCTION_PROPORTION: u64 = 3;
const BID_PROPORTION: u64 = 46;
const TOTAL: u64 = PERSON_PROPORTION + AUCTION_PROPORTION + BID_PROPORTION;
const FIRST_PERSON_ID: i64 = 1000;
const FIRST_AUCTION_ID: i64 = 1000;
const FIRST_CATEGORY_ID: i64 = 10;
const NUM_CATEGORIES: usize = 5;
const ACTIVE_PEOPLE: i64 = 1000;
const IN_FLIGHT_AUCTIONS: i64 = 100;
const PERSON_ID_LEAD: i64 = 10;
const AUCTION_ID_LEAD: i64 = 10;
const HOT_AUCTION_RATIO: usize = 2;
const HOT_BIDDER_RATIO: usize = 4;
const HOT_SELLER_RATIO: usize = 4;
const HOT_CHANNEL_RATIO: usize = 2;
/// Skew partitions: the generator instances of a parallel source, each with its clock.
const PARTITIONS: usize = 16;

const CHANNELS: &[&str] = &["Apple", "Google", "Facebook", "Baidu"];
const HOT_URLS: &[&str] = &[
    "https://www.nexmark.com/apple/item.htm?query=1",
    "https://www.nexmark.com/google/item.htm?query=1",
    "https://www.nexmark.com/facebook/item.htm?query=1",
    "https://www.nexmark.com/baidu/item.htm?query=1",
];
const FIRST_NAMES: &[&str] =
    &["Peter", "Paul", "Luke", "John", "Saul", "Vicky", "Kate", "Julie", "Sarah", "Deiter", "Walter"];
const LAST_NAMES: &[&str] = &["Shultz", "Abrams", "Spencer", "White", "Bartels", "Walton", "Smith", "Jones", "Noris"];
const CITIES: &[&str] =
    &["Phoenix", "Los Angeles", "San Francisco", "Boise", "Portland", "Bend", "Redmond", "Seattle", "Kent", "Cheyenne"];
const STATES: &[&str] = &["AZ", "CA", "ID", "OR", "WA", "WY"];

/// Which of Nexmark's tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    Person,
    Auction,
    Bid,
}

pub struct Nexmark {
    table: Table,
    seed: u64,
}

impl Nexmark {
    pub fn new(table: Table, seed: u64) -> Nexmark {
        Nexmark { table, seed }
    }

    /// The random draws of event `event`: the same whichever table asks.
    fn random(&self, event: u64) -> Random {
        Random::for_event(self.seed, event)
    }
}

/// The newest person (0-based) at event `event`.
#[allow(clippy::unnecessary_min_or_max)] // general in the proportions, of which persons are 1
fn last_person(event: u64) -> i64 {
    let (epoch, offset) = (event / TOTAL, (event % TOTAL).min(PERSON_PROPORTION - 1));
    (epoch * PERSON_PROPORTION + offset) as i64
}

/// The newest auction (0-based) at event `event`.
fn last_auction(event: u64) -> i64 {
    let (mut epoch, mut offset) = ((event / TOTAL) as i64, event % TOTAL);
    if offset < PERSON_PROPORTION {
        epoch -= 1;
        offset = AUCTION_PROPORTION - 1;
    } else if offset >= PERSON_PROPORTION + AUCTION_PROPORTION {
        offset = AUCTION_PROPORTION - 1;
    } else {
        offset -= PERSON_PROPORTION;
    }
    epoch * AUCTION_PROPORTION as i64 + offset as i64
}

/// One of the people active at event `event`, now and then one about to join.
fn some_person(event: u64, rng: &mut Random) -> i64 {
    let people = last_person(event) + 1;
    let active = people.min(ACTIVE_PEOPLE);
    people - active + rng.between(0, active + PERSON_ID_LEAD - 1)
}

/// One of the auctions in flight at event `event`, now and then one about to open.
fn some_auction(event: u64, rng: &mut Random) -> i64 {
    let newest = last_auction(event).max(0);
    let oldest = (newest - IN_FLIGHT_AUCTIONS).max(0);
    oldest + rng.between(0, newest - oldest + AUCTION_ID_LEAD)
}

/// Log-uniform from 100 to 100,000,000 (cents): 10^(6u) as e^(6u ln 10), which is faster.
fn price(rng: &mut Random) -> i64 {
    ((rng.unit() * 6.0 * std::f64::consts::LN_10).exp() * 100.0 + 0.5) as i64
}

/// Up to 32 random lowercase letters, 13 from each 64 random bits, made on the stack.
struct Letters {
    bytes: [u8; 32],
    len: usize,
}

impl Letters {
    fn new(rng: &mut Random, len: usize) -> Letters {
        let mut bytes = [0u8; 32];
        let len = len.min(bytes.len());
        let mut bits = 0;
        for (i, byte) in bytes[..len].iter_mut().enumerate() {
            if i % 13 == 0 {
                bits = rng.bits();
            }
            *byte = b'a' + (bits % 26) as u8;
            bits /= 26;
        }
        Letters { bytes, len }
    }

    fn as_str(&self) -> &str {
        // Only ASCII letters were written.
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or_default()
    }
}

/// `len` random lowercase letters, written into `out`.
fn put_text(out: &mut impl std::fmt::Write, rng: &mut Random, len: usize) {
    let _ = out.write_str(Letters::new(rng, len).as_str());
}

fn text(rng: &mut Random, len: usize) -> String {
    Letters::new(rng, len).as_str().to_string()
}

impl Rows for Nexmark {
    fn columns(&self) -> Vec<ColumnDef> {
        let c = |name: &str, sql_type: SqlType| ColumnDef { name: name.into(), sql_type };
        let text = || SqlType::Varchar(None);
        match self.table {
            Table::Person => vec![
                c("id", SqlType::BigInt),
                c("name", text()),
                c("emailAddress", text()),
                c("creditCard", text()),
                c("city", text()),
                c("state", text()),
                c("dateTime", SqlType::Timestamp),
                c("extra", text()),
            ],
            Table::Auction => vec![
                c("id", SqlType::BigInt),
                c("itemName", text()),
                c("description", text()),
                c("initialBid", SqlType::BigInt),
                c("reserve", SqlType::BigInt),
                c("dateTime", SqlType::Timestamp),
                c("expires", SqlType::Timestamp),
                c("seller", SqlType::BigInt),
                c("category", SqlType::BigInt),
                c("extra", text()),
            ],
            Table::Bid => vec![
                c("auction", SqlType::BigInt),
                c("bidder", SqlType::BigInt),
                c("price", SqlType::BigInt),
                c("channel", text()),
                c("url", text()),
                c("dateTime", SqlType::Timestamp),
                c("extra", text()),
            ],
        }
    }

    fn partitions(&self) -> usize {
        PARTITIONS
    }

    /// Row `row` of a table is the `row`-th event of its kind.
    fn event_index(&self, row: u64) -> u64 {
        let (per_epoch, first) = match self.table {
            Table::Person => (PERSON_PROPORTION, 0),
            Table::Auction => (AUCTION_PROPORTION, PERSON_PROPORTION),
            Table::Bid => (BID_PROPORTION, PERSON_PROPORTION + AUCTION_PROPORTION),
        };
        row / per_epoch * TOTAL + first + row % per_epoch
    }

    fn batch(&mut self, _rng: &mut Random, first: u64, nominal: &[i64], skew: &[i64]) -> Result<Vec<ArrayRef>> {
        let n = nominal.len();
        let mut ids = Int64Builder::with_capacity(n);
        let mut times = TimestampMillisecondBuilder::with_capacity(n);
        let mut expires = TimestampMillisecondBuilder::with_capacity(n);
        let mut strings: Vec<StringBuilder> = (0..5).map(|_| StringBuilder::with_capacity(n, n * 24)).collect();
        let mut numbers: Vec<Int64Builder> = (0..4).map(|_| Int64Builder::with_capacity(n)).collect();
        let mut extra = StringBuilder::with_capacity(n, n * 8);
        for (i, &t) in nominal.iter().enumerate() {
            let event = self.event_index(first + i as u64);
            let mut rng = self.random(event);
            let at = skewed(t, skew, event as usize % PARTITIONS);
            times.append_value(at);
            match self.table {
                Table::Person => {
                    ids.append_value(last_person(event) + FIRST_PERSON_ID);
                    let first_name = FIRST_NAMES[rng.below(FIRST_NAMES.len())];
                    strings[0].append_value(format!("{first_name} {}", LAST_NAMES[rng.below(LAST_NAMES.len())]));
                    strings[1].append_value(format!("{}@{}.com", text(&mut rng, 7), text(&mut rng, 5)));
                    let card: Vec<String> = (0..4).map(|_| format!("{:04}", rng.between(0, 9999))).collect();
                    strings[2].append_value(card.join(" "));
                    strings[3].append_value(CITIES[rng.below(CITIES.len())]);
                    strings[4].append_value(STATES[rng.below(STATES.len())]);
                }
                Table::Auction => {
                    ids.append_value(last_auction(event) + FIRST_AUCTION_ID);
                    strings[0].append_value(text(&mut rng, 12));
                    strings[1].append_value(text(&mut rng, 24));
                    let initial = price(&mut rng);
                    numbers[0].append_value(initial);
                    numbers[1].append_value(initial + price(&mut rng));
                    // Auctions run from a few seconds to a few minutes of event time.
                    expires.append_value(at + rng.between(2_000, 300_000));
                    let seller = if rng.below(HOT_SELLER_RATIO) > 0 {
                        last_person(event) / HOT_SELLER_RATIO as i64 * HOT_SELLER_RATIO as i64
                    } else {
                        some_person(event, &mut rng)
                    };
                    numbers[2].append_value(seller + FIRST_PERSON_ID);
                    numbers[3].append_value(FIRST_CATEGORY_ID + rng.below(NUM_CATEGORIES) as i64);
                }
                Table::Bid => {
                    let auction = if rng.below(HOT_AUCTION_RATIO) > 0 {
                        last_auction(event).max(0) / HOT_AUCTION_RATIO as i64 * HOT_AUCTION_RATIO as i64
                    } else {
                        some_auction(event, &mut rng)
                    };
                    let bidder = if rng.below(HOT_BIDDER_RATIO) > 0 {
                        last_person(event) / HOT_BIDDER_RATIO as i64 * HOT_BIDDER_RATIO as i64 + 1
                    } else {
                        some_person(event, &mut rng)
                    };
                    ids.append_value(auction + FIRST_AUCTION_ID);
                    numbers[0].append_value(bidder + FIRST_PERSON_ID);
                    numbers[1].append_value(price(&mut rng));
                    if rng.below(HOT_CHANNEL_RATIO) > 0 {
                        let c = rng.below(CHANNELS.len());
                        strings[0].append_value(CHANNELS[c]);
                        strings[1].append_value(HOT_URLS[c]);
                    } else {
                        // Written straight into the columns: no string per row.
                        use std::fmt::Write;
                        let mut number = itoa::Buffer::new();
                        let c = number.format(rng.between(0, 9999));
                        let _ = strings[0].write_str("channel-");
                        strings[0].append_value(c);
                        let _ = strings[1].write_str("https://www.nexmark.com/");
                        put_text(&mut strings[1], &mut rng, 5);
                        let _ = strings[1].write_str("/item.htm?query=1&channel_id=");
                        strings[1].append_value(c);
                    }
                }
            }
            extra.append_value(Letters::new(&mut rng, 8).as_str());
        }
        let time = |mut b: TimestampMillisecondBuilder| Arc::new(b.finish()) as ArrayRef;
        let mut strings = strings.into_iter().map(|mut b| Arc::new(b.finish()) as ArrayRef);
        let mut numbers = numbers.into_iter().map(|mut b| Arc::new(b.finish()) as ArrayRef);
        let next = |it: &mut dyn Iterator<Item = ArrayRef>| it.next().expect("a column");
        let ids = Arc::new(ids.finish()) as ArrayRef;
        let extra = Arc::new(extra.finish()) as ArrayRef;
        Ok(match self.table {
            Table::Person => {
                let mut out = vec![ids];
                out.extend((0..5).map(|_| next(&mut strings)));
                out.extend([time(times), extra]);
                out
            }
            Table::Auction => {
                let (item, description) = (next(&mut strings), next(&mut strings));
                let (initial, reserve, seller, category) =
                    (next(&mut numbers), next(&mut numbers), next(&mut numbers), next(&mut numbers));
                vec![ids, item, description, initial, reserve, time(times), time(expires), seller, category, extra]
            }
            Table::Bid => {
                let (bidder, price) = (next(&mut numbers), next(&mut numbers));
                let (channel, url) = (next(&mut strings), next(&mut strings));
                vec![ids, bidder, price, channel, url, time(times), extra]
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use arrow_array::cast::AsArray;
    use arrow_array::types::Int64Type;

    use super::*;
    use crate::source::synth::{Settings, Synthetic};
    use crate::source::Source;

    fn column(table: Table, rows: u64, name: &str) -> Vec<i64> {
        let settings = Settings { count: Some(rows), rate: 1000.0, ..Settings::default() };
        let rows_def = Nexmark::new(table, 7);
        let index = rows_def.columns().iter().position(|c| c.name == name).unwrap() + 1;
        let mut source = Synthetic::new("S", rows_def, settings).unwrap();
        let mut out = Vec::new();
        while !source.is_exhausted() {
            if let Some(b) = source.poll(i64::MAX, 8192).unwrap().batch {
                out.extend(b.column(index).as_primitive::<Int64Type>().values().iter().copied());
            }
        }
        out
    }

    #[test]
    fn one_person_three_auctions_46_bids_in_every_50_events() {
        let bids = Nexmark::new(Table::Bid, 1);
        assert_eq!((0..47).map(|r| bids.event_index(r)).collect::<Vec<_>>()[44..], [48, 49, 54]);
        assert_eq!(Nexmark::new(Table::Person, 1).event_index(2), 100);
        assert_eq!(Nexmark::new(Table::Auction, 1).event_index(4), 52);
        // Ids count up in each table, as events of their kind come.
        assert_eq!(column(Table::Person, 3, "id"), [1000, 1001, 1002]);
        assert_eq!(column(Table::Auction, 4, "id"), [1000, 1001, 1002, 1003]);
    }

    #[test]
    fn hot_auctions_and_bidders_and_log_uniform_prices() {
        let n = 46_000;
        let (auctions, bidders, prices) =
            (column(Table::Bid, n, "auction"), column(Table::Bid, n, "bidder"), column(Table::Bid, n, "price"));
        let share = |f: &dyn Fn(usize) -> bool| (0..n as usize).filter(|i| f(*i)).count() as f64 / n as f64;
        // Half the bids go to a hot auction (an even id: the first of each pair of auctions).
        let hot = share(&|i| {
            let event = Nexmark::new(Table::Bid, 7).event_index(i as u64);
            auctions[i] - FIRST_AUCTION_ID == last_auction(event).max(0) / 2 * 2
        });
        assert!((0.48..0.56).contains(&hot), "hot auction share {hot}");
        let hot_bidders = share(&|i| (bidders[i] - FIRST_PERSON_ID) % HOT_BIDDER_RATIO as i64 == 1);
        assert!((0.74..0.82).contains(&hot_bidders), "hot bidder share {hot_bidders}");
        // log10(price / 100) is uniform on [0, 6): a third of prices below $100, one in six above $100K.
        let below_100 = share(&|i| prices[i] < 10_000);
        let above_100k = share(&|i| prices[i] > 10_000_000);
        assert!((0.31..0.36).contains(&below_100), "prices below $100: {below_100}");
        assert!((0.14..0.19).contains(&above_100k), "prices above $100K: {above_100k}");
        assert!(prices.iter().all(|p| (100..=100_000_000).contains(p)));
        // A bid names an auction that exists or is about to.
        assert!((0..n as usize).all(|i| {
            let event = Nexmark::new(Table::Bid, 7).event_index(i as u64);
            auctions[i] - FIRST_AUCTION_ID <= last_auction(event) + AUCTION_ID_LEAD
        }));
    }
}
