//! [`IdIndex`]: the hash index of [`super::GroupTable`] and [`super::KeyDictionary`], from a
//! key's hash to the dense `u32` id its bytes live under (the tables keep the bytes and
//! compare them).
//!
//! Open addressing with linear probing, at most half full: each slot is one `u64`, the id
//! plus one (0: empty) and the hash's low 32 bits as a tag, so a probe compares tags before it
//! reads a key, and the whole lookup is a short loop the compiler inlines into the caller.
//! (hashbrown's `HashTable`, used before, compares keys through a `dyn FnMut`; the browser
//! build, optimized for size, kept its lookup as two calls a row.) A removal shifts the slots
//! after it back instead of leaving a tombstone, so lookups never slow down as groups come and
//! go.

/// At most this many slots in ten are full: past it, the index doubles (at 7, tumbling
/// windows over 100K keys, which look up a new key most rows, ran slower than with hashbrown).
const LOAD_TENTHS: usize = 5;

#[derive(Default)]
pub struct IdIndex {
    /// `tag << 32 | (id + 1)`, or 0; the length is 0 or a power of two.
    slots: Vec<u64>,
    len: usize,
}

/// The tag of a hash: its low 32 bits, from which the slot it belongs in is taken too.
#[inline]
fn tag(hash: u64) -> u64 {
    hash & 0xffff_ffff
}

impl IdIndex {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The slots' mask; the index must have slots.
    #[inline]
    fn mask(&self) -> usize {
        self.slots.len() - 1
    }

    /// The id under `hash` for which `eq` holds.
    #[inline]
    pub fn find(&self, hash: u64, mut eq: impl FnMut(u32) -> bool) -> Option<u32> {
        let id = |slot: u64| (slot as u32).wrapping_sub(1);
        let tag = tag(hash);
        self.probe(tag, |slot| slot >> 32 == tag && eq(id(slot))).map(|at| id(self.slots[at]))
    }

    /// Where the first slot of `tag`'s run that `hit` takes is (`None` at an empty slot first).
    #[inline]
    fn probe(&self, tag: u64, mut hit: impl FnMut(u64) -> bool) -> Option<usize> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.mask();
        let mut at = tag as usize & mask;
        loop {
            match self.slots[at] {
                0 => return None,
                slot if hit(slot) => return Some(at),
                _ => at = (at + 1) & mask,
            }
        }
    }

    /// Adds `id` under `hash` (`id` must not be in the index, and below `u32::MAX`: ids are
    /// the places of their tables' slots).
    pub fn insert(&mut self, hash: u64, id: u32) {
        if (self.len + 1) * 10 > self.slots.len() * LOAD_TENTHS {
            self.grow(self.len + 1);
        }
        self.place(tag(hash) << 32 | (u64::from(id) + 1));
        self.len += 1;
    }

    /// Puts a full slot's value in the first empty slot from its own.
    fn place(&mut self, value: u64) {
        let mask = self.mask();
        let mut at = (value >> 32) as usize & mask;
        while self.slots[at] != 0 {
            at = (at + 1) & mask;
        }
        self.slots[at] = value;
    }

    /// Makes room for `more` ids beyond those in the index.
    pub fn reserve(&mut self, more: usize) {
        if (self.len + more) * 10 > self.slots.len() * LOAD_TENTHS {
            self.grow(self.len + more);
        }
    }

    /// Rebuilds the index with room for `ids` ids.
    fn grow(&mut self, ids: usize) {
        let size = (ids * 10 / LOAD_TENTHS + 1).next_power_of_two().max(16);
        let old = std::mem::replace(&mut self.slots, vec![0; size]);
        old.into_iter().filter(|&slot| slot != 0).for_each(|slot| self.place(slot));
    }

    /// Takes `id`, kept under `hash`, out of the index; false if it was not there.
    pub fn remove(&mut self, hash: u64, id: u32) -> bool {
        let value = tag(hash) << 32 | (u64::from(id) + 1);
        let Some(mut hole) = self.probe(value >> 32, |slot| slot == value) else { return false };
        // Each later slot of the run moves back into the hole if its own slot is not between
        // the hole and where it is (it would otherwise be found no more).
        let mask = self.mask();
        let mut at = hole;
        loop {
            at = (at + 1) & mask;
            let slot = self.slots[at];
            if slot == 0 {
                break;
            }
            let home = (slot >> 32) as usize & mask;
            let stays = if hole <= at { hole < home && home <= at } else { hole < home || home <= at };
            if !stays {
                self.slots[hole] = slot;
                hole = at;
            }
        }
        self.slots[hole] = 0;
        self.len -= 1;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Ids inserted, looked up and removed at random, with hashes that collide on purpose (a
    // few distinct low bits), match a map kept beside them at every step.
    #[test]
    fn the_index_finds_what_a_map_finds_through_inserts_and_removals() {
        let mut index = IdIndex::default();
        let mut map: std::collections::HashMap<u32, u64> = std::collections::HashMap::new();
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for step in 0..20_000 {
            let id = (next() % 3_000) as u32;
            // Hashes that share their low bits often, so that runs form and wrap around.
            let hash = (next() & 0xff) | (u64::from(id) << 40);
            match map.get(&id) {
                Some(&kept) if next() % 2 == 0 => {
                    assert!(index.remove(kept, id), "step {step}: {id} removed");
                    map.remove(&id);
                }
                Some(_) => {}
                None => {
                    index.insert(hash, id);
                    map.insert(id, hash);
                }
            }
            assert_eq!(index.len(), map.len());
            if step % 97 == 0 {
                for (&id, &hash) in &map {
                    assert_eq!(index.find(hash, |other| other == id), Some(id), "step {step}: {id} found");
                }
            }
        }
        assert!(!index.remove(1 << 40, 4_000), "an id never inserted is not removed");
        assert_eq!(index.find(7, |_| false), None);
    }
}
