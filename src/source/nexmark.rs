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

use std::fmt::Write;
use std::sync::Arc;

use arrow_array::{ArrayRef, Int32Array, Int64Array, StringArray, StructArray, TimestampMillisecondArray};
use arrow_buffer::NullBuffer;

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
/// The hot channels' URLs: three path segments of five characters, as the Nexmark generator's
/// (it draws them once per run; these are fixed, so runs are reproducible).
const HOT_URLS: &[&str] = &[
    "https://www.nexmark.com/lrfyk/ehmpk/vxzqw/item.htm?query=1",
    "https://www.nexmark.com/kswcd/pmaha/uobit/item.htm?query=1",
    "https://www.nexmark.com/zmnjo/cwbxt/qgyfa/item.htm?query=1",
    "https://www.nexmark.com/ahdyr/nhsqi/vmdkj/item.htm?query=1",
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
    /// Flink's single event stream: `event_type` (0 person, 1 auction, 2 bid) and one ROW
    /// column per kind, the event's own filled, the others NULL.
    Event,
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

/// The generator Flink's nexmark connector (`'connector' = 'nexmark'`, the suite's
/// `ddl_gen.sql`) makes of its `WITH` options: the event table at `first-event.rate` events per
/// second, `events.num` of them (0: without end). kdalite's generator keeps the suite's default
/// mix of events (1 person, 3 auctions, 46 bids; its hot ratios) and one rate: other values of
/// those options are refused, as is an option the connector does not have.
pub fn connector_spec(table: &str, options: &[(String, String)]) -> Result<super::GeneratorSpec> {
    /// The options kdalite's generator has only at their defaults.
    const FIXED: &[(&str, u64)] = &[
        ("person.proportion", PERSON_PROPORTION),
        ("auction.proportion", AUCTION_PROPORTION),
        ("bid.proportion", BID_PROPORTION),
        ("bid.hot-ratio.auctions", HOT_AUCTION_RATIO as u64),
        ("bid.hot-ratio.bidders", HOT_BIDDER_RATIO as u64),
        ("auction.hot-ratio.sellers", HOT_SELLER_RATIO as u64),
    ];
    /// Options that change nothing here: the rate's shape between two rates (kdalite keeps one),
    /// pacing by the wall clock (kdalite's clock is virtual).
    const MOOT: &[&str] = &["rate.shape", "rate.period", "rate.limited"];
    let number = |key: &str, default: u64| -> Result<u64> {
        let Some((_, value)) = options.iter().find(|(k, _)| k == key) else { return Ok(default) };
        match value.trim().parse::<u64>() {
            Ok(n) => Ok(n),
            Err(_) => crate::input_err!("table \"{table}\": option '{key}' is '{value}': expected a whole number"),
        }
    };
    for (key, value) in options {
        if value.contains("${") {
            return crate::input_err!(
                "table \"{table}\": option '{key}' is '{value}', a placeholder the Nexmark suite's runner fills in: \
                 give a number, or bind the nexmark generator to the table (--generator {table}=nexmark:table=event)"
            );
        }
        if key.ends_with(".avg-size") {
            return crate::input_err!(
                "table \"{table}\": option '{key}': kdalite's nexmark events keep their `extra` at 8 letters; \
                 they are not padded to an average size"
            );
        }
        let known = key == "connector"
            || ["first-event.rate", "next-event.rate", "events.num"].contains(&key.as_str())
            || FIXED.iter().any(|(k, _)| k == key)
            || MOOT.contains(&key.as_str());
        if !known {
            return crate::input_err!(
                "table \"{table}\": the nexmark connector has no option '{key}' kdalite reads (it reads first-event.rate, \
                 next-event.rate, events.num, {}, {})",
                FIXED.iter().map(|(k, _)| *k).collect::<Vec<_>>().join(", "),
                MOOT.join(", ")
            );
        }
    }
    for (key, default) in FIXED {
        if number(key, *default)? != *default {
            return crate::input_err!(
                "table \"{table}\": option '{key}': kdalite's nexmark generator makes the suite's default mix, with '{key}' = '{default}'"
            );
        }
    }
    let rate = number("first-event.rate", 10_000)?;
    // As the connector's: 10,000 each, whatever the other is.
    let next = number("next-event.rate", 10_000)?;
    if rate == 0 {
        return crate::input_err!(
            "table \"{table}\": option 'first-event.rate' is 0: expected events per second, more than 0"
        );
    }
    if next != rate {
        return crate::input_err!(
            "table \"{table}\": options 'first-event.rate' ({rate}) and 'next-event.rate' ({next}) differ: kdalite's nexmark \
             generator keeps one rate"
        );
    }
    let mut params = vec![("table".to_string(), "event".to_string()), ("rate".to_string(), rate.to_string())];
    match number("events.num", 0)? {
        0 => {}
        events => params.push(("count".to_string(), events.to_string())),
    }
    Ok(super::GeneratorSpec { name: "nexmark".into(), params })
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

/// Log-uniform from 100 to 100,000,000 (cents): 100 × 10^(6u), u = bits / 2^32.
fn price(rng: &mut Random) -> i64 {
    (PriceTables::get().pow10(rng.word()) * 100.0 + 0.5) as i64
}

/// 10^(6 · bits / 2^32) for any 32 bits, as a product of four tabulated powers, one for each
/// byte of `bits` (8 KB in all, which stays in the cache): three multiplies replace a chain of a
/// dozen dependent float operations, which made `price` a third of a bid's time.
struct PriceTables([[f64; 256]; 4]);

impl PriceTables {
    fn get() -> &'static PriceTables {
        static TABLES: std::sync::OnceLock<PriceTables> = std::sync::OnceLock::new();
        TABLES.get_or_init(|| {
            let mut tables = [[0.0; 256]; 4];
            for (k, table) in tables.iter_mut().enumerate() {
                // Byte k (from the lowest) counts 2^(8k) of 2^32; dividing by a power of 2 is exact.
                let unit = 6.0 / (1u64 << (32 - 8 * k)) as f64;
                for (i, power) in table.iter_mut().enumerate() {
                    *power = pow10(i as f64 * unit);
                }
            }
            PriceTables(tables)
        })
    }

    fn pow10(&self, bits: u32) -> f64 {
        let [b0, b1, b2, b3] = bits.to_le_bytes();
        let t = &self.0;
        (t[3][b3 as usize] * t[2][b2 as usize]) * (t[1][b1 as usize] * t[0][b0 as usize])
    }
}

/// Steps of 10^x tabulated: 10^(1/64).
const POW10_STEPS_PER_DECADE: usize = 64;
const POW10_STEP: f64 = 1.036_632_928_437_698;

/// 10^x for x in [0, 6], in additions and multiplications only (no `exp`, whose last bit may
/// differ between the native and the wasm libm): the price tables are made of it. A table of
/// 10^(j/64), made by multiplying, times e^r for the rest r < ln 10 / 64 by its Taylor series.
fn pow10(x: f64) -> f64 {
    static TABLE: std::sync::OnceLock<Vec<f64>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut table = vec![1.0f64; 6 * POW10_STEPS_PER_DECADE + 1];
        for j in 1..table.len() {
            // Each decade starts exact; the steps within it multiply.
            table[j] = if j % POW10_STEPS_PER_DECADE == 0 {
                table[j - POW10_STEPS_PER_DECADE] * 10.0
            } else {
                table[j - 1] * POW10_STEP
            };
        }
        table
    });
    let scaled = x * POW10_STEPS_PER_DECADE as f64;
    let j = (scaled as usize).min(table.len() - 1);
    let r = (scaled - j as f64) * (std::f64::consts::LN_10 / POW10_STEPS_PER_DECADE as f64);
    let e = 1.0 + r * (1.0 + r * (0.5 + r * (1.0 / 6.0 + r * (1.0 / 24.0 + r * (1.0 / 120.0 + r / 720.0)))));
    table[j] * e
}

/// `N` random lowercase letters, made on the stack: 6 from each 32 random bits, read as a
/// fraction of which each letter takes the whole part of 26 times it (one multiply a letter;
/// `% 26` and `/ 26` cost twice that and a seventh of a bid's time).
struct Letters<const N: usize>([u8; N]);

impl<const N: usize> Letters<N> {
    fn new(rng: &mut Random) -> Letters<N> {
        let mut bytes = [b'a'; N];
        let mut fraction = 0u32;
        for (i, byte) in bytes.iter_mut().enumerate() {
            if i % 6 == 0 {
                fraction = rng.word();
            }
            let scaled = u64::from(fraction) * 26;
            *byte += (scaled >> 32) as u8;
            fraction = scaled as u32;
        }
        Letters(bytes)
    }

    /// The letters, each `b'a'` plus less than 26 (a 32-bit fraction times 26, shifted right
    /// by 32): ASCII, which [`Texts`] relies on.
    fn ascii(&self) -> &[u8] {
        &self.0
    }
}

/// `N` random lowercase letters, written into `out`.
fn put_text<const N: usize>(out: &mut Texts, rng: &mut Random) {
    out.write_letters(&Letters::<N>::new(rng));
}

/// The columns of one kind of event: person, auction or bid.
trait Kind {
    fn columns() -> Vec<ColumnDef>
    where
        Self: Sized;
    /// Appends the event `event` (at event time `at`), drawing from its own generator.
    fn push(&mut self, event: u64, at: i64, rng: &mut Random);
    /// Appends a row under a NULL ROW (in the single event stream, an event of another kind):
    /// placeholders, which the ROW's NULL hides.
    fn push_null(&mut self);
    fn finish(self) -> Result<Vec<ArrayRef>>
    where
        Self: Sized;
}

fn column(name: &str, sql_type: SqlType) -> ColumnDef {
    ColumnDef { name: name.into(), sql_type }
}

/// A text column made as bytes and offsets, written only `&str`s and [`Letters`] (ASCII): its
/// bytes are UTF-8 and every value ends on a character boundary by construction, so Arrow's
/// check of the whole column (a twelfth of a bid's time) is skipped. A value is written in
/// parts, ended by [`Texts::append_value`]. Arrow's builders, which skip the check for the same
/// reason, cost a call per value and a fifth of a bid's time. No value is NULL: under a NULL
/// ROW (in the single event stream, an event of another kind) a column holds a placeholder,
/// which the ROW's own NULL hides (a field of a NULL row is NULL).
struct Texts {
    values: Vec<u8>,
    offsets: Vec<i32>,
}

impl Texts {
    fn new(n: usize, bytes: usize) -> Texts {
        let mut offsets = Vec::with_capacity(n + 1);
        offsets.push(0);
        Texts { values: Vec::with_capacity(n * bytes), offsets }
    }

    /// Part of a value.
    fn push_str(&mut self, part: &str) {
        self.values.extend_from_slice(part.as_bytes());
    }

    fn write_letters<const N: usize>(&mut self, letters: &Letters<N>) {
        self.values.extend_from_slice(letters.ascii());
    }

    /// Ends the value written so far with `last`.
    fn append_value(&mut self, last: &str) {
        self.push_str(last);
        self.end_value();
    }

    fn append_letters<const N: usize>(&mut self, letters: &Letters<N>) {
        self.write_letters(letters);
        self.end_value();
    }

    fn end_value(&mut self) {
        self.offsets.push(self.values.len() as i32);
    }

    /// The placeholder under a NULL row: an empty text.
    fn append_hidden(&mut self) {
        self.end_value();
    }

    fn finish(self) -> Result<ArrayRef> {
        debug_assert!(std::str::from_utf8(&self.values).is_ok());
        let offsets = arrow_buffer::OffsetBuffer::new(self.offsets.into());
        let nulls = None;
        // SAFETY: the values are `&str`s and ASCII letters end to end (the only ways in), so
        // they are UTF-8, and each offset is their length after a whole one, so a character
        // boundary; the offsets rise from 0 (`OffsetBuffer::new` checks) and there is one more
        // of them than nulls, as `new_unchecked` asks.
        Ok(Arc::new(unsafe { StringArray::new_unchecked(offsets, self.values.into(), nulls) }))
    }
}

/// Formatted parts of a value (`write!`).
impl std::fmt::Write for Texts {
    fn write_str(&mut self, part: &str) -> std::fmt::Result {
        self.push_str(part);
        Ok(())
    }
}

/// A column of 64-bit integers (BIGINT, or milliseconds of a TIMESTAMP), NULLs as in [`Texts`].
/// An integer (or time) column; as [`Texts`], a placeholder (0) under a NULL row.
struct Ints {
    values: Vec<i64>,
}

impl Ints {
    fn new(n: usize) -> Ints {
        Ints { values: Vec::with_capacity(n) }
    }

    fn append_value(&mut self, value: i64) {
        self.values.push(value);
    }

    fn append_hidden(&mut self) {
        self.values.push(0);
    }

    fn finish(self) -> ArrayRef {
        Arc::new(Int64Array::new(self.values.into(), None))
    }

    fn finish_timestamps(self) -> ArrayRef {
        Arc::new(TimestampMillisecondArray::new(self.values.into(), None))
    }
}

struct Persons {
    id: Ints,
    name: Texts,
    email: Texts,
    card: Texts,
    city: Texts,
    state: Texts,
    time: Ints,
    extra: Texts,
}

impl Persons {
    fn new(n: usize) -> Persons {
        Persons {
            id: Ints::new(n),
            name: Texts::new(n, 12),
            email: Texts::new(n, 16),
            card: Texts::new(n, 20),
            city: Texts::new(n, 10),
            state: Texts::new(n, 2),
            time: Ints::new(n),
            extra: Texts::new(n, 8),
        }
    }
}

impl Kind for Persons {
    fn columns() -> Vec<ColumnDef> {
        let text = || SqlType::Varchar(None);
        vec![
            column("id", SqlType::BigInt),
            column("name", text()),
            column("emailAddress", text()),
            column("creditCard", text()),
            column("city", text()),
            column("state", text()),
            column("dateTime", SqlType::Timestamp),
            column("extra", text()),
        ]
    }

    fn push(&mut self, event: u64, at: i64, rng: &mut Random) {
        self.id.append_value(last_person(event) + FIRST_PERSON_ID);
        let first_name = FIRST_NAMES[rng.below(FIRST_NAMES.len())];
        let _ = write!(self.name, "{first_name} ");
        self.name.append_value(LAST_NAMES[rng.below(LAST_NAMES.len())]);
        put_text::<7>(&mut self.email, rng);
        self.email.push_str("@");
        put_text::<5>(&mut self.email, rng);
        self.email.append_value(".com");
        for i in 0..4 {
            let _ = write!(self.card, "{}{:04}", if i > 0 { " " } else { "" }, rng.between(0, 9999));
        }
        self.card.append_value("");
        self.city.append_value(CITIES[rng.below(CITIES.len())]);
        self.state.append_value(STATES[rng.below(STATES.len())]);
        self.time.append_value(at);
        self.extra.append_letters(&Letters::<8>::new(rng));
    }

    fn push_null(&mut self) {
        self.id.append_hidden();
        for b in [&mut self.name, &mut self.email, &mut self.card, &mut self.city, &mut self.state, &mut self.extra] {
            b.append_hidden();
        }
        self.time.append_hidden();
    }

    fn finish(self) -> Result<Vec<ArrayRef>> {
        Ok(vec![
            self.id.finish(),
            self.name.finish()?,
            self.email.finish()?,
            self.card.finish()?,
            self.city.finish()?,
            self.state.finish()?,
            self.time.finish_timestamps(),
            self.extra.finish()?,
        ])
    }
}

struct Auctions {
    id: Ints,
    item: Texts,
    description: Texts,
    initial: Ints,
    reserve: Ints,
    time: Ints,
    expires: Ints,
    seller: Ints,
    category: Ints,
    extra: Texts,
}

impl Auctions {
    fn new(n: usize) -> Auctions {
        Auctions {
            id: Ints::new(n),
            item: Texts::new(n, 12),
            description: Texts::new(n, 24),
            initial: Ints::new(n),
            reserve: Ints::new(n),
            time: Ints::new(n),
            expires: Ints::new(n),
            seller: Ints::new(n),
            category: Ints::new(n),
            extra: Texts::new(n, 8),
        }
    }
}

impl Kind for Auctions {
    fn columns() -> Vec<ColumnDef> {
        let text = || SqlType::Varchar(None);
        vec![
            column("id", SqlType::BigInt),
            column("itemName", text()),
            column("description", text()),
            column("initialBid", SqlType::BigInt),
            column("reserve", SqlType::BigInt),
            column("dateTime", SqlType::Timestamp),
            column("expires", SqlType::Timestamp),
            column("seller", SqlType::BigInt),
            column("category", SqlType::BigInt),
            column("extra", text()),
        ]
    }

    fn push(&mut self, event: u64, at: i64, rng: &mut Random) {
        self.id.append_value(last_auction(event) + FIRST_AUCTION_ID);
        self.item.append_letters(&Letters::<12>::new(rng));
        self.description.append_letters(&Letters::<24>::new(rng));
        let initial = price(rng);
        self.initial.append_value(initial);
        self.reserve.append_value(initial + price(rng));
        self.time.append_value(at);
        // Auctions run from a few seconds to a few minutes of event time.
        self.expires.append_value(at + rng.between(2_000, 300_000));
        let seller = if rng.below(HOT_SELLER_RATIO) > 0 {
            last_person(event) / HOT_SELLER_RATIO as i64 * HOT_SELLER_RATIO as i64
        } else {
            some_person(event, rng)
        };
        self.seller.append_value(seller + FIRST_PERSON_ID);
        self.category.append_value(FIRST_CATEGORY_ID + rng.below(NUM_CATEGORIES) as i64);
        self.extra.append_letters(&Letters::<8>::new(rng));
    }

    fn push_null(&mut self) {
        for b in [&mut self.id, &mut self.initial, &mut self.reserve, &mut self.seller, &mut self.category] {
            b.append_hidden();
        }
        for b in [&mut self.item, &mut self.description, &mut self.extra] {
            b.append_hidden();
        }
        self.time.append_hidden();
        self.expires.append_hidden();
    }

    fn finish(self) -> Result<Vec<ArrayRef>> {
        Ok(vec![
            self.id.finish(),
            self.item.finish()?,
            self.description.finish()?,
            self.initial.finish(),
            self.reserve.finish(),
            self.time.finish_timestamps(),
            self.expires.finish_timestamps(),
            self.seller.finish(),
            self.category.finish(),
            self.extra.finish()?,
        ])
    }
}

struct Bids {
    auction: Ints,
    bidder: Ints,
    price: Ints,
    channel: Texts,
    url: Texts,
    time: Ints,
    extra: Texts,
}

impl Bids {
    fn new(n: usize) -> Bids {
        Bids {
            auction: Ints::new(n),
            bidder: Ints::new(n),
            price: Ints::new(n),
            // Room for the average value (a third longer for the cold channels), so the
            // columns never grow.
            channel: Texts::new(n, 12),
            url: Texts::new(n, 64),
            time: Ints::new(n),
            extra: Texts::new(n, 8),
        }
    }
}

impl Kind for Bids {
    fn columns() -> Vec<ColumnDef> {
        let text = || SqlType::Varchar(None);
        vec![
            column("auction", SqlType::BigInt),
            column("bidder", SqlType::BigInt),
            column("price", SqlType::BigInt),
            column("channel", text()),
            column("url", text()),
            column("dateTime", SqlType::Timestamp),
            column("extra", text()),
        ]
    }

    fn push(&mut self, event: u64, at: i64, rng: &mut Random) {
        let auction = if rng.below(HOT_AUCTION_RATIO) > 0 {
            last_auction(event).max(0) / HOT_AUCTION_RATIO as i64 * HOT_AUCTION_RATIO as i64
        } else {
            some_auction(event, rng)
        };
        let bidder = if rng.below(HOT_BIDDER_RATIO) > 0 {
            last_person(event) / HOT_BIDDER_RATIO as i64 * HOT_BIDDER_RATIO as i64 + 1
        } else {
            some_person(event, rng)
        };
        self.auction.append_value(auction + FIRST_AUCTION_ID);
        self.bidder.append_value(bidder + FIRST_PERSON_ID);
        self.price.append_value(price(rng));
        if rng.below(HOT_CHANNEL_RATIO) > 0 {
            let c = rng.below(CHANNELS.len());
            self.channel.append_value(CHANNELS[c]);
            self.url.append_value(HOT_URLS[c]);
        } else {
            // Written straight into the columns: no string per row. A channel's URL is its own,
            // the same every time (the Nexmark generator caches one per channel): three path
            // segments drawn from the channel's number, and for nine channels in ten a
            // `channel_id` parameter, the number's bits reversed.
            let number = rng.between(0, 9999) as u32;
            let mut digits = itoa::Buffer::new();
            self.channel.push_str("channel-");
            self.channel.append_value(digits.format(number));
            self.url.push_str("https://www.nexmark.com/");
            // The row's own draws stay as they were (the other columns do not move): the
            // letters it drew for the URL before are drawn and left.
            let _ = Letters::<5>::new(rng);
            let mut own = Random::new(u64::from(number) ^ 0x6e65_786d_6172_6b21);
            for _ in 0..3 {
                put_text::<5>(&mut self.url, &mut own);
                self.url.push_str("/");
            }
            if number.is_multiple_of(10) {
                self.url.append_value("item.htm?query=1");
            } else {
                self.url.push_str("item.htm?query=1&channel_id=");
                // Math.abs(Integer.reverse(n)), which leaves Integer.MIN_VALUE negative.
                self.url.append_value(digits.format((number.reverse_bits() as i32).wrapping_abs()));
            }
        }
        self.time.append_value(at);
        self.extra.append_letters(&Letters::<8>::new(rng));
    }

    fn push_null(&mut self) {
        for b in [&mut self.auction, &mut self.bidder, &mut self.price] {
            b.append_hidden();
        }
        for b in [&mut self.channel, &mut self.url, &mut self.extra] {
            b.append_hidden();
        }
        self.time.append_hidden();
    }

    fn finish(self) -> Result<Vec<ArrayRef>> {
        Ok(vec![
            self.auction.finish(),
            self.bidder.finish(),
            self.price.finish(),
            self.channel.finish()?,
            self.url.finish()?,
            self.time.finish_timestamps(),
            self.extra.finish()?,
        ])
    }
}

/// What kind an event is, by its place in each 50: 0 person, 1 auction, 2 bid (Flink's
/// nexmark `event_type`).
fn event_type(event: u64) -> i32 {
    match event % TOTAL {
        o if o < PERSON_PROPORTION => 0,
        o if o < PERSON_PROPORTION + AUCTION_PROPORTION => 1,
        _ => 2,
    }
}

/// A ROW column of `columns` with the rows of one kind of event, NULL on the others.
fn row_column(columns: Vec<ColumnDef>, children: Vec<ArrayRef>, present: Vec<bool>) -> Result<ArrayRef> {
    let fields: arrow_schema::Fields =
        columns.iter().map(|c| arrow_schema::Field::new(&c.name, c.sql_type.to_arrow(), true)).collect();
    Ok(Arc::new(StructArray::try_new(fields, children, Some(NullBuffer::from(present)))?))
}

fn row_type(columns: Vec<ColumnDef>) -> SqlType {
    SqlType::Row(columns.into_iter().map(|c| (c.name, c.sql_type)).collect())
}

impl Rows for Nexmark {
    fn columns(&self) -> Vec<ColumnDef> {
        match self.table {
            Table::Person => Persons::columns(),
            Table::Auction => Auctions::columns(),
            Table::Bid => Bids::columns(),
            Table::Event => vec![
                column("event_type", SqlType::Integer),
                column("person", row_type(Persons::columns())),
                column("auction", row_type(Auctions::columns())),
                column("bid", row_type(Bids::columns())),
            ],
        }
    }

    fn partitions(&self) -> usize {
        PARTITIONS
    }

    /// Row `row` of a table is the `row`-th event of its kind (of the event stream, the
    /// `row`-th event).
    fn event_index(&self, row: u64) -> u64 {
        let (per_epoch, first) = match self.table {
            Table::Person => (PERSON_PROPORTION, 0),
            Table::Auction => (AUCTION_PROPORTION, PERSON_PROPORTION),
            Table::Bid => (BID_PROPORTION, PERSON_PROPORTION + AUCTION_PROPORTION),
            Table::Event => (TOTAL, 0),
        };
        row / per_epoch * TOTAL + first + row % per_epoch
    }

    fn batch(&mut self, _rng: &mut Random, first: u64, nominal: &[i64], skew: &[i64]) -> Result<Vec<ArrayRef>> {
        let n = nominal.len();
        let events = nominal.iter().enumerate().map(|(i, &t)| {
            let event = self.event_index(first + i as u64);
            (event, skewed(t, skew, event as usize % PARTITIONS), self.random(event))
        });
        Ok(match self.table {
            Table::Person => fill(Persons::new(n), events)?,
            Table::Auction => fill(Auctions::new(n), events)?,
            Table::Bid => fill(Bids::new(n), events)?,
            Table::Event => {
                let (mut persons, mut auctions, mut bids) = (Persons::new(n), Auctions::new(n), Bids::new(n));
                let mut types = Vec::with_capacity(n);
                for (event, at, mut rng) in events {
                    let kind = event_type(event);
                    types.push(kind);
                    let (p, a, b): (&mut dyn Kind, &mut dyn Kind, &mut dyn Kind) =
                        (&mut persons, &mut auctions, &mut bids);
                    for (k, columns) in [(0, p), (1, a), (2, b)] {
                        if k == kind {
                            columns.push(event, at, &mut rng);
                        } else {
                            columns.push_null();
                        }
                    }
                }
                let present = |k: i32| types.iter().map(|t| *t == k).collect::<Vec<_>>();
                vec![
                    Arc::new(Int32Array::from(types.clone())) as ArrayRef,
                    row_column(Persons::columns(), persons.finish()?, present(0))?,
                    row_column(Auctions::columns(), auctions.finish()?, present(1))?,
                    row_column(Bids::columns(), bids.finish()?, present(2))?,
                ]
            }
        })
    }
}

/// The columns of one kind of event, for every event.
fn fill<K: Kind>(mut columns: K, events: impl Iterator<Item = (u64, i64, Random)>) -> Result<Vec<ArrayRef>> {
    for (event, at, mut rng) in events {
        columns.push(event, at, &mut rng);
    }
    columns.finish()
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

    #[test]
    fn price_tables_are_close_to_powf_everywhere() {
        let tables = PriceTables::get();
        for i in 0..=100_000u64 {
            let bits = (i * 42_949) as u32 ^ (i as u32).wrapping_mul(2_654_435_761) >> 20;
            let (ours, exact) = (tables.pow10(bits), 10f64.powf(6.0 * f64::from(bits) / 4_294_967_296.0));
            assert!(((ours - exact) / exact).abs() < 1e-12, "10^(6 · {bits} / 2^32): {ours} against {exact}");
        }
    }

    #[test]
    fn pow10_is_close_to_powf_everywhere() {
        for i in 0..=60_000 {
            let x = i as f64 / 10_000.0;
            let (ours, exact) = (pow10(x), 10f64.powf(x));
            assert!(((ours - exact) / exact).abs() < 1e-12, "10^{x}: {ours} against {exact}");
        }
    }
}
