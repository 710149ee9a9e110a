//! `RAND`, `RAND_INTEGER` and `UUID`: each row draws from the call's generator, Java's
//! `java.util.Random` (a 48-bit linear congruential generator), so that a seeded call gives the
//! numbers Flink's does.

use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::Int32Type;
use arrow_array::{ArrayRef, Float64Array, Int32Array, StringArray};

use crate::error::{Error, Result};
use crate::plan::functions::{RandomKind, RandomState};

pub fn call(kind: RandomKind, state: &RandomState, args: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
    let mut seed = state.0.lock().map_err(|_| Error::Internal("a random generator's lock is poisoned".into()))?;
    let mut random = JavaRandom(*seed);
    let out: ArrayRef = match kind {
        RandomKind::Double => Arc::new((0..rows).map(|_| random.next_double()).collect::<Float64Array>()),
        RandomKind::Integer => {
            let bounds = args[0].as_primitive::<Int32Type>();
            let mut out = Vec::with_capacity(rows);
            for bound in bounds.iter() {
                out.push(match bound {
                    None => None,
                    Some(b) if b <= 0 => {
                        return Err(Error::Execution(format!("RAND_INTEGER's bound must be positive, not {b}")))
                    }
                    Some(b) => Some(random.next_int(b)),
                });
            }
            Arc::new(Int32Array::from(out))
        }
        RandomKind::Uuid => Arc::new((0..rows).map(|_| Some(random.uuid())).collect::<StringArray>()),
    };
    *seed = random.0;
    Ok(out)
}

/// `java.util.Random`'s state and its draws.
struct JavaRandom(u64);

impl JavaRandom {
    const MULTIPLIER: u64 = 0x5_DEEC_E66D;
    const MASK: u64 = (1 << 48) - 1;

    /// `next(bits)`: the top `bits` of the next state, as Java's int.
    fn next(&mut self, bits: u32) -> i32 {
        self.0 = self.0.wrapping_mul(Self::MULTIPLIER).wrapping_add(0xB) & Self::MASK;
        (self.0 >> (48 - bits)) as i32
    }

    fn next_double(&mut self) -> f64 {
        let high = (self.next(26) as i64) << 27;
        (high + self.next(27) as i64) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// `nextInt(bound)` for a positive bound: unbiased, by rejection.
    fn next_int(&mut self, bound: i32) -> i32 {
        let r = self.next(31);
        let m = bound - 1;
        if bound & m == 0 {
            return ((bound as i64 * r as i64) >> 31) as i32;
        }
        let mut u = r;
        loop {
            let r = u % bound;
            if u.wrapping_sub(r).wrapping_add(m) >= 0 {
                return r;
            }
            u = self.next(31);
        }
    }

    fn next_long(&mut self) -> u64 {
        let high = (self.next(32) as i64) << 32;
        high.wrapping_add(self.next(32) as i64) as u64
    }

    /// A version 4 (random) UUID of two draws.
    fn uuid(&mut self) -> String {
        let (high, low) = (self.next_long(), self.next_long());
        let high = (high & !0xF000) | 0x4000;
        let low = (low & !(0xC << 60)) | (0x8 << 60);
        format!(
            "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
            high >> 32,
            (high >> 16) & 0xFFFF,
            high & 0xFFFF,
            low >> 48,
            low & 0xFFFF_FFFF_FFFF
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seeded(seed: i64) -> JavaRandom {
        JavaRandom(*RandomState::seeded(seed).0.lock().unwrap())
    }

    /// The numbers Flink 2.3 gave for RAND(seed) and RAND_INTEGER(seed, bound), which are
    /// `new java.util.Random(seed)`'s first.
    #[test]
    fn a_seeded_generator_draws_javas_numbers() {
        assert_eq!(seeded(42).next_double(), 0.7275636800328681);
        assert_eq!(seeded(0).next_double(), 0.730967787376657);
        assert_eq!(seeded(-5).next_double(), 0.26930095796932485);
        assert_eq!(seeded(42).next_int(10), 0);
        assert_eq!(seeded(42).next_int(1_000_000), 431130);
        assert_eq!(seeded(7).next_int(16), 11);
    }

    #[test]
    fn a_uuid_is_version_4() {
        let uuid = seeded(1).uuid();
        assert_eq!(uuid.len(), 36);
        assert_eq!(&uuid[14..15], "4");
        assert!("89ab".contains(&uuid[19..20]), "{uuid}");
    }
}
