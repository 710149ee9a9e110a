//! The generators besides the ticker: IoT `sensors`, `clicks` in user sessions, and Apache
//! `weblogs`. Each is a [`Rows`]: see `synth.rs` for rate, chaos and arrival order.

use std::sync::Arc;

use arrow_array::{ArrayRef, Float64Array, StringArray, TimestampMillisecondArray};

use super::synth::{skewed, Random, Rows};
use crate::error::Result;
use crate::plan::{ColumnDef, SqlType};

fn column(name: &str, sql_type: SqlType) -> ColumnDef {
    ColumnDef { name: name.into(), sql_type }
}

fn event_times(nominal: &[i64], partitions: &[usize], skew: &[i64]) -> ArrayRef {
    Arc::new(TimestampMillisecondArray::from(
        nominal.iter().zip(partitions).map(|(t, p)| skewed(*t, skew, *p)).collect::<Vec<_>>(),
    ))
}

/// IoT readings: `DEVICE_ID`, `TEMPERATURE` (°C), `HUMIDITY` (%), `BATTERY` (%), `EVENT_TIME`.
/// Each device's temperature and humidity wander around its own level and its battery drains;
/// `anomalies` of the readings (0.5% unless set) are spikes of 15–30 °C, to find.
pub struct Sensors {
    devices: Vec<Device>,
    pub anomalies: f64,
}

struct Device {
    name: String,
    temperature: f64,
    humidity: f64,
    battery: f64,
}

impl Sensors {
    pub fn new(devices: usize, rng_seed: u64) -> Sensors {
        let mut rng = Random::new(rng_seed ^ 0x5e45_0125);
        let devices = (0..devices.max(1))
            .map(|d| Device {
                name: format!("sensor-{d:02}"),
                temperature: 18.0 + rng.unit() * 8.0,
                humidity: 35.0 + rng.unit() * 25.0,
                battery: 70.0 + rng.unit() * 30.0,
            })
            .collect();
        Sensors { devices, anomalies: 0.005 }
    }
}

impl Rows for Sensors {
    fn columns(&self) -> Vec<ColumnDef> {
        vec![
            column("DEVICE_ID", SqlType::Varchar(Some(16))),
            column("TEMPERATURE", SqlType::Double),
            column("HUMIDITY", SqlType::Double),
            column("BATTERY", SqlType::Double),
            column("EVENT_TIME", SqlType::Timestamp),
        ]
    }

    fn partitions(&self) -> usize {
        self.devices.len()
    }

    fn batch(&mut self, rng: &mut Random, _first: u64, nominal: &[i64], skew: &[i64]) -> Result<Vec<ArrayRef>> {
        let n = nominal.len();
        let (mut temps, mut hums, mut batts, mut parts) =
            (Vec::with_capacity(n), Vec::with_capacity(n), Vec::with_capacity(n), Vec::with_capacity(n));
        let round = |x: f64, places: i32| (x * 10f64.powi(places)).round() / 10f64.powi(places);
        for _ in nominal {
            let d = rng.below(self.devices.len());
            let device = &mut self.devices[d];
            device.temperature += 0.3 * (rng.unit() - 0.5);
            device.humidity = (device.humidity + (rng.unit() - 0.5)).clamp(5.0, 95.0);
            device.battery = (device.battery - 0.01 * rng.unit()).max(0.0);
            let spike = if rng.chance(self.anomalies) { 15.0 + 15.0 * rng.unit() } else { 0.0 };
            temps.push(round(device.temperature + spike, 2));
            hums.push(round(device.humidity, 1));
            batts.push(round(device.battery, 2));
            parts.push(d);
        }
        let ids: StringArray = parts.iter().map(|d| Some(self.devices[*d].name.as_str())).collect();
        Ok(vec![
            Arc::new(ids),
            Arc::new(Float64Array::from(temps)),
            Arc::new(Float64Array::from(hums)),
            Arc::new(Float64Array::from(batts)),
            event_times(nominal, &parts, skew),
        ])
    }
}

/// A clickstream: `USER_ID`, `PAGE`, `ACTION` (view, click, add_to_cart, purchase),
/// `EVENT_TIME`. Users come in sessions of 30 s to 5 min and leave for 1 to 10 min, so
/// `SESSION(… PARTITION BY USER_ID, …, INTERVAL '30' SECOND)` finds them.
pub struct Clicks {
    users: Vec<User>,
    /// Users in a session (some may have ended by the time they are next picked).
    active: Vec<usize>,
    /// Users who may start a session.
    available: Vec<usize>,
    /// Users away, soonest back first.
    away: std::collections::BinaryHeap<std::cmp::Reverse<(i64, usize)>>,
}

struct User {
    name: String,
    /// In a session until this time.
    session_end: i64,
    /// Away (no session can start) until this time.
    away_until: i64,
}

const PAGES: &[&str] = &[
    "/",
    "/search",
    "/category/shoes",
    "/category/books",
    "/product/1042",
    "/product/2213",
    "/product/3307",
    "/cart",
    "/checkout",
];

impl Clicks {
    pub fn new(users: usize) -> Clicks {
        let users: Vec<User> =
            (0..users.max(1)).map(|u| User { name: format!("user-{u:03}"), session_end: 0, away_until: 0 }).collect();
        let available = (0..users.len()).collect();
        Clicks { users, active: Vec::new(), available, away: Default::default() }
    }
}

impl Rows for Clicks {
    fn columns(&self) -> Vec<ColumnDef> {
        vec![
            column("USER_ID", SqlType::Varchar(Some(16))),
            column("PAGE", SqlType::Varchar(Some(32))),
            column("ACTION", SqlType::Varchar(Some(16))),
            column("EVENT_TIME", SqlType::Timestamp),
        ]
    }

    fn partitions(&self) -> usize {
        self.users.len()
    }

    fn batch(&mut self, rng: &mut Random, _first: u64, nominal: &[i64], skew: &[i64]) -> Result<Vec<ArrayRef>> {
        let n = nominal.len();
        let text = |bytes: usize| arrow_array::builder::StringBuilder::with_capacity(n, n * bytes);
        let (mut names, mut pages, mut actions) = (text(8), text(16), text(8));
        let mut parts = Vec::with_capacity(n);
        for &t in nominal {
            while let Some(&std::cmp::Reverse((back, u))) = self.away.peek() {
                if back > t {
                    break;
                }
                self.away.pop();
                self.available.push(u);
            }
            // Someone in a session clicks, about as often as one of eight users picked at
            // random would be in one; otherwise someone available starts a session (or,
            // failing that, the one soonest back from away).
            let idle = 1.0 - self.active.len() as f64 / self.users.len() as f64;
            let (idle2, mut at) = (idle * idle, None);
            // Multiplied out, not powi: the same rounding in every build.
            if rng.unit() < 1.0 - idle2 * idle2 * (idle2 * idle2) {
                while !self.active.is_empty() {
                    let i = rng.below(self.active.len());
                    if t < self.users[self.active[i]].session_end {
                        at = Some(i);
                        break;
                    }
                    // The session ran out: the user may start another.
                    let u = self.active.swap_remove(i);
                    self.available.push(u);
                }
            }
            let at = match at {
                Some(i) => i,
                None => {
                    let u = if self.available.is_empty() {
                        self.away.pop().map_or(0, |std::cmp::Reverse((_, u))| u)
                    } else {
                        let i = rng.below(self.available.len());
                        self.available.swap_remove(i)
                    };
                    self.users[u].session_end = t + rng.between(30_000, 300_000);
                    self.active.push(u);
                    self.active.len() - 1
                }
            };
            let u = self.active[at];
            let user = &mut self.users[u];
            let action = match rng.unit() {
                x if x < 0.6 => "view",
                x if x < 0.9 => "click",
                x if x < 0.98 => "add_to_cart",
                _ => "purchase",
            };
            let page = if action == "purchase" { PAGES.len() - 1 } else { rng.below(PAGES.len() - 1) };
            names.append_value(&user.name);
            pages.append_value(PAGES[page]);
            actions.append_value(action);
            parts.push(u);
            // A purchase, or now and then nothing, ends the session: the user goes away a while.
            if action == "purchase" || rng.chance(0.02) {
                user.session_end = t;
                user.away_until = t + rng.between(60_000, 600_000);
                self.active.swap_remove(at);
                self.away.push(std::cmp::Reverse((user.away_until, u)));
            }
        }
        Ok(vec![
            Arc::new(names.finish()),
            Arc::new(pages.finish()),
            Arc::new(actions.finish()),
            event_times(nominal, &parts, skew),
        ])
    }
}

/// Points on a 10 × 10 plane, as the KDA Developer Guide's hotspots example sends them: `X`,
/// `Y` and `IS_HOT`. Each point is, one time in five, in a 1 × 1 square that moves every 1,000
/// points (`IS_HOT` 'Y'), and otherwise anywhere ('N'): what `HOTSPOTS` finds.
pub struct Hotspots {
    seed: u64,
}

impl Hotspots {
    pub fn new(seed: u64) -> Hotspots {
        Hotspots { seed }
    }
}

impl Rows for Hotspots {
    fn columns(&self) -> Vec<ColumnDef> {
        vec![column("X", SqlType::Double), column("Y", SqlType::Double), column("IS_HOT", SqlType::Varchar(Some(4)))]
    }

    fn partitions(&self) -> usize {
        1
    }

    fn batch(&mut self, rng: &mut Random, first: u64, nominal: &[i64], _skew: &[i64]) -> Result<Vec<ArrayRef>> {
        let n = nominal.len();
        let (mut xs, mut ys, mut hot) = (Vec::with_capacity(n), Vec::with_capacity(n), Vec::with_capacity(n));
        for i in 0..n as u64 {
            // The square's corner, drawn afresh for every 1,000 points.
            let mut square = Random::for_event(self.seed ^ 0x4807_5907, (first + i) / 1000);
            let (left, bottom) = (square.unit() * 9.0, square.unit() * 9.0);
            let is_hot = rng.chance(0.2);
            let (x, y) =
                if is_hot { (left + rng.unit(), bottom + rng.unit()) } else { (rng.unit() * 10.0, rng.unit() * 10.0) };
            xs.push(x);
            ys.push(y);
            hot.push(if is_hot { "Y" } else { "N" });
        }
        Ok(vec![Arc::new(Float64Array::from(xs)), Arc::new(Float64Array::from(ys)), Arc::new(StringArray::from(hot))])
    }
}

/// Apache combined-log lines in one `LOG_LINE` column, the event time inside the line:
/// `203.0.113.7 - - [01/Jan/2026:00:00:01 +0000] "GET /index.html HTTP/1.1" 200 5120 "-" "Mozilla/5.0 …"`.
pub struct Weblogs {
    /// Each client's address, as a line starts: `203.0.113.7 - - [`.
    clients: Vec<String>,
    /// The request of each method and path, `"GET /about HTTP/1.1" `, and the end of the
    /// line for each referer and agent, ` "-" "curl/8.8.0"`: lines are written in few pieces.
    requests: Vec<String>,
    endings: Vec<String>,
}

const PATHS: &[&str] = &[
    "/",
    "/index.html",
    "/about",
    "/products",
    "/products/42",
    "/api/orders",
    "/login",
    "/static/app.js",
    "/static/style.css",
    "/favicon.ico",
];
const METHODS: [&str; 2] = ["GET", "POST"];
const REFERERS: [&str; 2] = ["-", "https://www.example.com/"];
const AGENTS: &[&str] = &[
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0",
    "curl/8.8.0",
    "Googlebot/2.1 (+http://www.google.com/bot.html)",
];

impl Weblogs {
    pub fn new(clients: usize, rng_seed: u64) -> Weblogs {
        let mut rng = Random::new(rng_seed ^ 0x1065);
        let clients = (0..clients.max(1))
            .map(|_| {
                format!(
                    "{}.{}.{}.{} - - [",
                    rng.between(1, 223),
                    rng.between(0, 255),
                    rng.between(0, 255),
                    rng.between(1, 254)
                )
            })
            .collect();
        let requests =
            METHODS.iter().flat_map(|m| PATHS.iter().map(move |p| format!("\"{m} {p} HTTP/1.1\" "))).collect();
        let endings = REFERERS.iter().flat_map(|r| AGENTS.iter().map(move |a| format!(" \"{r}\" \"{a}\""))).collect();
        Weblogs { clients, requests, endings }
    }
}

impl Rows for Weblogs {
    fn columns(&self) -> Vec<ColumnDef> {
        vec![column("LOG_LINE", SqlType::Varchar(None))]
    }

    fn partitions(&self) -> usize {
        self.clients.len()
    }

    fn batch(&mut self, rng: &mut Random, _first: u64, nominal: &[i64], skew: &[i64]) -> Result<Vec<ArrayRef>> {
        use std::fmt::Write;
        let mut lines = arrow_array::builder::StringBuilder::with_capacity(nominal.len(), nominal.len() * 200);
        let (mut when, mut second) = (String::new(), i64::MIN);
        let mut number = itoa::Buffer::new();
        for &t in nominal {
            let c = rng.below(self.clients.len());
            let at = skewed(t, skew, c);
            if at.div_euclid(1000) != second {
                second = at.div_euclid(1000);
                when = chrono::DateTime::from_timestamp_millis(at)
                    .map_or_else(String::new, |d| d.format("%d/%b/%Y:%H:%M:%S +0000] ").to_string());
            }
            let method = usize::from(rng.chance(0.1));
            let path = rng.below(PATHS.len());
            let status = match rng.unit() {
                x if x < 0.90 => "200 ",
                x if x < 0.94 => "304 ",
                x if x < 0.98 => "404 ",
                _ => "500 ",
            };
            let bytes = if status == "304 " { 0 } else { rng.between(200, 60_000) };
            let referer = usize::from(rng.chance(0.3));
            let agent = rng.below(AGENTS.len());
            // Written straight into the column, in a few pieces: no string per line.
            for piece in [&self.clients[c], &when, &self.requests[method * PATHS.len() + path], status] {
                let _ = lines.write_str(piece);
            }
            let _ = lines.write_str(number.format(bytes));
            lines.append_value(&self.endings[referer * AGENTS.len() + agent]);
        }
        Ok(vec![Arc::new(lines.finish())])
    }
}
