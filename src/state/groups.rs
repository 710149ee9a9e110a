//! [`GroupTable`]: the typed in-memory state table of a windowed operator. Groups are found by
//! their key bytes through a hash index and kept in slots that are reused once freed, so the
//! hot path does no per-row allocation and no serialization.
//!
//! [`KeyDictionary`]: group keys interned as small ids, so an operator that keeps one group per
//! (window, key) looks each key's bytes up once per row and finds its groups by integers.

use std::collections::HashMap;

/// The hasher of the in-memory tables. Fixed seeds: nothing iterates the indexes in hash
/// order into output, and runs stay reproducible.
pub fn fixed_hasher() -> ahash::RandomState {
    ahash::RandomState::with_seeds(0x6b64_616c, 0x6974_6521, 0x7374_6174, 0x6520_7462)
}

/// Groups by byte key, each with a stable `u32` id while it lives.
pub struct GroupTable<V> {
    index: HashMap<Box<[u8]>, u32, ahash::RandomState>,
    slots: Vec<Option<(Box<[u8]>, V)>>,
    free: Vec<u32>,
}

impl<V> Default for GroupTable<V> {
    fn default() -> Self {
        GroupTable { index: HashMap::with_hasher(fixed_hasher()), slots: Vec::new(), free: Vec::new() }
    }
}

impl<V> GroupTable<V> {
    /// The id of the group with `key`, made with `make` if there is none; `true` if it is new.
    pub fn get_or_insert_with(&mut self, key: &[u8], make: impl FnOnce() -> V) -> (u32, bool) {
        if let Some(&id) = self.index.get(key) {
            return (id, false);
        }
        let boxed: Box<[u8]> = key.into();
        let slot = Some((boxed.clone(), make()));
        let id = match self.free.pop() {
            Some(id) => {
                self.slots[id as usize] = slot;
                id
            }
            None => {
                self.slots.push(slot);
                (self.slots.len() - 1) as u32
            }
        };
        self.index.insert(boxed, id);
        (id, true)
    }

    /// The id of the group with `key`, if there is one.
    pub fn find(&self, key: &[u8]) -> Option<u32> {
        self.index.get(key).copied()
    }

    /// The group with `id`. Ids come from this table and live until removed.
    pub fn get(&self, id: u32) -> &V {
        &self.slots[id as usize].as_ref().expect("a live group id").1
    }

    /// The group with `id`, if it is live (ids kept in side indexes may have been removed).
    pub fn try_get_mut(&mut self, id: u32) -> Option<&mut V> {
        self.slots.get_mut(id as usize)?.as_mut().map(|(_, v)| v)
    }

    /// The group with `id`, to update.
    pub fn get_mut(&mut self, id: u32) -> &mut V {
        &mut self.slots[id as usize].as_mut().expect("a live group id").1
    }

    pub fn key(&self, id: u32) -> &[u8] {
        &self.slots[id as usize].as_ref().expect("a live group id").0
    }

    /// Takes the group out; its id may be reused.
    pub fn remove(&mut self, id: u32) -> (Box<[u8]>, V) {
        let (key, value) = self.slots[id as usize].take().expect("a live group id");
        self.index.remove(&key);
        self.free.push(id);
        (key, value)
    }

    /// Number of live groups.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }
}

/// Key bytes interned as dense `u32` ids. Each id counts the holders that use it (`retain`,
/// `release`); an id no one holds is forgotten and reused, so the dictionary holds only the keys
/// of live state and its ids stay below the number of live keys.
pub struct KeyDictionary {
    hasher: ahash::RandomState,
    /// Ids, found by the hash of their bytes.
    index: hashbrown::HashTable<u32>,
    entries: Vec<KeyEntry>,
    free: Vec<u32>,
}

struct KeyEntry {
    bytes: Box<[u8]>,
    hash: u64,
    /// 0 for a free id.
    holders: u32,
}

/// `a == b`, without a call into `memcmp` for the short keys most groups have.
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    let word = |s: &[u8], at: usize| u64::from_le_bytes(s[at..at + 8].try_into().expect("8 bytes"));
    match n {
        0..8 => a.iter().zip(b).all(|(x, y)| x == y),
        // Two words that overlap when n < 16.
        8..=16 => word(a, 0) == word(b, 0) && word(a, n - 8) == word(b, n - 8),
        _ => a == b,
    }
}

impl Default for KeyDictionary {
    fn default() -> Self {
        KeyDictionary {
            hasher: fixed_hasher(),
            index: hashbrown::HashTable::new(),
            entries: Vec::new(),
            free: Vec::new(),
        }
    }
}

impl KeyDictionary {
    /// The id of `key`, made if it has none. A new id has no holders yet: `retain` it.
    pub fn intern(&mut self, key: &[u8]) -> u32 {
        let hash = self.hasher.hash_one(key);
        let entries = &self.entries;
        if let Some(&id) = self.index.find(hash, |&id| same_bytes(&entries[id as usize].bytes, key)) {
            return id;
        }
        let entry = KeyEntry { bytes: key.into(), hash, holders: 0 };
        let id = match self.free.pop() {
            Some(id) => {
                self.entries[id as usize] = entry;
                id
            }
            None => {
                self.entries.push(entry);
                (self.entries.len() - 1) as u32
            }
        };
        let entries = &self.entries;
        self.index.insert_unique(hash, id, |&id| entries[id as usize].hash);
        id
    }

    pub fn bytes(&self, id: u32) -> &[u8] {
        &self.entries[id as usize].bytes
    }

    pub fn retain(&mut self, id: u32) {
        self.entries[id as usize].holders += 1;
    }

    /// Drops one holder of `id`; with none left the key is forgotten.
    pub fn release(&mut self, id: u32) {
        let entry = &mut self.entries[id as usize];
        entry.holders -= 1;
        if entry.holders == 0 {
            entry.bytes = Box::default();
            if let Ok(found) = self.index.find_entry(entry.hash, |&other| other == id) {
                found.remove();
            }
            self.free.push(id);
        }
    }

    /// One more than the largest id handed out: a bound for tables indexed by id.
    pub fn id_bound(&self) -> usize {
        self.entries.len()
    }

    /// Number of keys held.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_and_reused_after_removal() {
        let mut t: GroupTable<u32> = GroupTable::default();
        let (a, new_a) = t.get_or_insert_with(b"a", || 1);
        let (b, _) = t.get_or_insert_with(b"b", || 2);
        assert!(new_a);
        assert_eq!(t.get_or_insert_with(b"a", || 9), (a, false));
        *t.get_mut(b) += 10;
        assert_eq!(t.remove(b), (b"b".to_vec().into_boxed_slice(), 12));
        let (c, _) = t.get_or_insert_with(b"c", || 3);
        assert_eq!(c, b, "the freed slot is reused");
        assert_eq!(t.key(c), b"c");
        assert_eq!(t.len(), 2);
    }

    #[test]
    fn keys_live_while_held() {
        let mut d = KeyDictionary::default();
        let a = d.intern(b"a");
        d.retain(a);
        d.retain(a);
        assert_eq!(d.intern(b"a"), a);
        let b = d.intern(b"b");
        d.retain(b);
        d.release(a);
        assert_eq!(d.bytes(a), b"a", "still held once");
        d.release(a);
        assert_eq!(d.len(), 1);
        let c = d.intern(b"c");
        assert_eq!(c, a, "the forgotten id is reused");
        assert_eq!((d.bytes(c), d.bytes(b)), (&b"c"[..], &b"b"[..]));
        let long = [7u8; 40];
        let l = d.intern(&long);
        assert_eq!(d.intern(&long), l);
        assert_eq!(d.bytes(l), &long[..]);
        assert_ne!(d.intern(&long[..23]), l, "a prefix is another key");
        for n in 0..20 {
            let a: Vec<u8> = (0..n as u8).collect();
            assert!(same_bytes(&a, &a.clone()));
            for i in 0..n {
                let mut b = a.clone();
                b[i] ^= 1;
                assert!(!same_bytes(&a, &b), "differs at {i} of {n}");
            }
        }
    }
}
