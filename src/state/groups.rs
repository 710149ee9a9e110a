//! [`GroupTable`]: the typed in-memory state table of a windowed operator. Groups are found by
//! their key bytes through a hash index and kept in slots that are reused once freed, so the
//! hot path does no per-row allocation and no serialization.
//!
//! [`KeyDictionary`]: group keys interned as small ids, so an operator that keeps one group per
//! (window, key) looks each key's bytes up once per row and finds its groups by integers.

use std::hash::BuildHasher;

use super::id_index::IdIndex;
use super::{StateBackend, WriteOp};
use crate::error::{Error, Result};

/// The hasher of the in-memory tables: FxHash, deterministic (runs stay reproducible) and
/// built from 64-bit multiplies, which wasm has, where ahash's fallback multiplies 128-bit
/// numbers that wasm emulates (tumbling windows ran at 27% of native speed with it).
pub type TableHasher = rustc_hash::FxBuildHasher;

pub fn fixed_hasher() -> TableHasher {
    rustc_hash::FxBuildHasher
}

/// Groups by byte key, each with a stable `u32` id while it lives. With a write-through
/// backend, [`GroupTable::flush`] writes the groups changed since the last flush, one value per
/// group, under their keys.
pub struct GroupTable<V> {
    hasher: TableHasher,
    /// Ids, found by the hash of their keys (each key is kept once, in its slot).
    index: IdIndex,
    slots: Vec<Option<(Box<[u8]>, V)>>,
    /// Per id, the hash of its key, to find its place in the index when it is removed.
    hashes: Vec<u64>,
    free: Vec<u32>,
    changes: Changes,
}

impl<V> Default for GroupTable<V> {
    fn default() -> Self {
        GroupTable {
            hasher: fixed_hasher(),
            index: IdIndex::default(),
            slots: Vec::new(),
            hashes: Vec::new(),
            free: Vec::new(),
            changes: Changes::default(),
        }
    }
}

impl<V> GroupTable<V> {
    /// The id of the group with `key`, made with `make` if there is none; `true` if it is new.
    pub fn get_or_insert_with(&mut self, key: &[u8], make: impl FnOnce() -> V) -> (u32, bool) {
        let hash = self.hasher.hash_one(key);
        if let Some(id) = self.find_hashed(hash, key) {
            return (id, false);
        }
        (self.place(hash, key, make()), true)
    }

    /// The id of a new group with `key`, which no live group has (the caller knows: a key that
    /// ends with an arrival number, say), without looking for it first.
    pub fn insert_new(&mut self, key: &[u8], value: V) -> u32 {
        debug_assert!(self.find(key).is_none(), "a new group's key is new");
        self.place(self.hasher.hash_one(key), key, value)
    }

    /// Puts a new group in a free slot (or a new one) and indexes it.
    fn place(&mut self, hash: u64, key: &[u8], value: V) -> u32 {
        let slot = Some((key.into(), value));
        let id = match self.free.pop() {
            Some(id) => {
                self.slots[id as usize] = slot;
                self.hashes[id as usize] = hash;
                id
            }
            None => {
                self.slots.push(slot);
                self.hashes.push(hash);
                (self.slots.len() - 1) as u32
            }
        };
        self.index.insert(hash, id);
        self.changes.changed(id);
        id
    }

    /// The id of the group with `key`, if there is one.
    pub fn find(&self, key: &[u8]) -> Option<u32> {
        self.find_hashed(self.hasher.hash_one(key), key)
    }

    fn find_hashed(&self, hash: u64, key: &[u8]) -> Option<u32> {
        let slots = &self.slots;
        let live = |id: u32| &slots[id as usize].as_ref().expect("an indexed group is live").0;
        self.index.find(hash, |id| same_bytes(live(id), key))
    }

    /// The group with `id`. Ids come from this table and live until removed.
    pub fn get(&self, id: u32) -> &V {
        &self.slots[id as usize].as_ref().expect("a live group id").1
    }

    /// The group with `id`, if it is live, to read.
    pub fn try_get(&self, id: u32) -> Option<&V> {
        self.slots.get(id as usize)?.as_ref().map(|(_, v)| v)
    }

    /// The group with `id`, if it is live (ids kept in side indexes may have been removed).
    pub fn try_get_mut(&mut self, id: u32) -> Option<&mut V> {
        let group = self.slots.get_mut(id as usize)?.as_mut().map(|(_, v)| v);
        if group.is_some() {
            self.changes.changed(id);
        }
        group
    }

    /// The group with `id`, to update.
    pub fn get_mut(&mut self, id: u32) -> &mut V {
        self.changes.changed(id);
        &mut self.slots[id as usize].as_mut().expect("a live group id").1
    }

    pub fn key(&self, id: u32) -> &[u8] {
        &self.slots[id as usize].as_ref().expect("a live group id").0
    }

    /// Takes the group out; its id may be reused.
    pub fn remove(&mut self, id: u32) -> (Box<[u8]>, V) {
        let (key, value) = self.slots[id as usize].take().expect("a live group id");
        self.index.remove(self.hashes[id as usize], id);
        self.free.push(id);
        self.changes.removed(id, || key.to_vec());
        (key, value)
    }

    /// Every live group: id, key, value.
    pub fn iter(&self) -> impl Iterator<Item = (u32, &[u8], &V)> {
        self.slots.iter().enumerate().filter_map(|(id, slot)| slot.as_ref().map(|(k, v)| (id as u32, k.as_ref(), v)))
    }

    /// Number of live groups.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }
}

impl<V: serde::Serialize> GroupTable<V> {
    /// Whether the table's groups are in a write-through backend (it has been flushed to one):
    /// a checkpoint then needs none of them encoded.
    pub fn in_backend(&self) -> bool {
        self.changes.is_on()
    }

    /// The groups a checkpoint's bytes must hold: every one, or none when they are in a
    /// write-through backend.
    pub fn to_checkpoint(&self) -> impl Iterator<Item = (u32, &[u8], &V)> {
        self.iter().take(if self.in_backend() { 0 } else { usize::MAX })
    }

    /// As a restore reads the table's groups back from `state`: if it is write-through, they
    /// are there already, and only changes from here on are written.
    pub fn restored_from(&mut self, namespace: &str, state: &dyn StateBackend) {
        if state.write_through() && !self.changes.is_on() {
            let live: Vec<u32> = self.iter().map(|(id, _, _)| id).collect();
            self.changes.restored(namespace, live);
        }
    }

    /// Writes the groups changed since the last flush (and deletes the removed ones) to
    /// `state`'s table `namespace`, if `state` is write-through; the first flush writes every
    /// group. With any other backend, nothing.
    pub fn flush(&mut self, namespace: &str, state: &mut dyn StateBackend) -> Result<()> {
        if !state.write_through() {
            return Ok(());
        }
        if !self.changes.is_on() {
            let live: Vec<u32> = self.iter().map(|(id, _, _)| id).collect();
            self.changes.enable(namespace, live);
        }
        let slots = &self.slots;
        let ops = self.changes.take(|id, key| {
            let (k, v) = slots[id as usize].as_ref().expect("a changed group is live");
            key.extend_from_slice(k);
            v
        })?;
        state.write(ops)
    }
}

impl<V: serde::Serialize + serde::de::DeserializeOwned + Clone> GroupTable<V> {
    /// The groups a checkpoint's bytes hold ([`GroupTable::to_checkpoint`]), by key.
    pub fn checkpoint_entries(&self) -> Vec<(Vec<u8>, V)> {
        let mut entries: Vec<(Vec<u8>, V)> = self.to_checkpoint().map(|(_, k, v)| (k.to_vec(), v.clone())).collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        entries
    }

    /// The one restore of a table: the groups of `state`'s table `namespace` (a write-through
    /// backend's), then the checkpoint's own `entries` ([`GroupTable::checkpoint_entries`]), and
    /// the table flushed to `state` from there on. Returns the ids it put back, in that order,
    /// from which an operator rebuilds what it indexes them by (timers, windows' ends).
    pub fn restore(
        &mut self,
        namespace: &str,
        entries: Vec<(Vec<u8>, V)>,
        state: &mut dyn StateBackend,
    ) -> Result<Vec<u32>> {
        let mut ids = Vec::new();
        for (key, value) in super::read_table::<V>(state, namespace)? {
            ids.push(self.get_or_insert_with(&key, || value).0);
        }
        self.restored_from(namespace, state);
        for (key, value) in entries {
            ids.push(self.get_or_insert_with(&key, || value).0);
        }
        self.flush(namespace, state)?;
        Ok(ids)
    }
}

/// What changed in a typed in-memory table since it was last written to a write-through
/// backend ([`StateBackend::write_through`]): the ids of groups changed, the keys of groups
/// removed that the backend has. Off until [`Changes::enable`]: with the in-memory backend the
/// hot path pays one branch per update and nothing is written.
#[derive(Default)]
pub struct Changes {
    /// The table's namespace, as [`super::table_key`] prefixes it; `None` while off.
    prefix: Option<Vec<u8>>,
    /// Per id: [`CHANGED`] and [`STORED`] flags.
    flags: Vec<u8>,
    changed: Vec<u32>,
    removed: Vec<Vec<u8>>,
    /// Ranges of keys removed (`start..end`).
    removed_ranges: Vec<(Vec<u8>, Vec<u8>)>,
}

/// The group changed since the last write.
const CHANGED: u8 = 1;
/// The backend has (a version of) the group.
const STORED: u8 = 2;

impl Changes {
    /// Starts recording the changes of the table in `namespace`. `live` are the ids of groups
    /// the backend lacks, which the next write puts; every other group the table holds is in
    /// the backend already.
    pub fn enable(&mut self, namespace: &str, live: impl IntoIterator<Item = u32>) {
        self.prefix = Some(super::table_key(namespace, b""));
        for id in live {
            self.changed(id);
        }
    }

    pub fn is_on(&self) -> bool {
        self.prefix.is_some()
    }

    /// The flags of group `id` (none set for an id not seen before).
    fn flags(&mut self, id: u32) -> &mut u8 {
        let at = id as usize;
        if at >= self.flags.len() {
            self.flags.resize(at + 1, 0);
        }
        &mut self.flags[at]
    }

    /// Group `id` changed (or is new).
    #[inline]
    pub fn changed(&mut self, id: u32) {
        if self.prefix.is_none() {
            return;
        }
        let flags = self.flags(id);
        if *flags & CHANGED == 0 {
            *flags |= CHANGED;
            self.changed.push(id);
        }
    }

    /// Starts recording the changes of the table in `namespace` as a restore has just read
    /// it back from the backend: the groups `stored` are there, unchanged.
    pub fn restored(&mut self, namespace: &str, stored: impl IntoIterator<Item = u32>) {
        self.enable(namespace, []);
        for id in stored {
            *self.flags(id) = STORED;
        }
    }

    /// Group `id`, whose key in the backend is `key`, is gone; its id may be reused. A group
    /// the backend never had (made and removed between two writes) costs nothing.
    pub fn removed(&mut self, id: u32, key: impl FnOnce() -> Vec<u8>) {
        if self.prefix.is_none() {
            return;
        }
        if let Some(flags) = self.flags.get_mut(id as usize) {
            if *flags & STORED != 0 {
                self.removed.push(key());
            }
            *flags = 0;
        }
    }

    /// Group `id` is gone, its key to be deleted with others by [`Changes::removed_range`]:
    /// whether the backend has it (if none has, no range need be deleted).
    pub fn forget(&mut self, id: u32) -> bool {
        match self.flags.get_mut(id as usize) {
            Some(flags) if self.prefix.is_some() => std::mem::take(flags) & STORED != 0,
            _ => false,
        }
    }

    /// Every key from `start` up to `end` (without the namespace) is gone.
    pub fn removed_range(&mut self, start: Vec<u8>, end: Vec<u8>) {
        if self.prefix.is_some() {
            self.removed_ranges.push((start, end));
        }
    }

    /// The recorded changes as one write batch, forgotten: the removed keys' and ranges'
    /// deletes, then a put of each changed group, its key and value from `group` (value
    /// encoded with postcard).
    pub fn take<'a, T: serde::Serialize + ?Sized + 'a>(
        &mut self,
        mut group: impl FnMut(u32, &mut Vec<u8>) -> &'a T,
    ) -> Result<Vec<WriteOp>> {
        let Some(prefix) = &self.prefix else { return Ok(vec![]) };
        let mut ops = Vec::with_capacity(self.removed.len() + self.changed.len());
        ops.extend(self.removed.drain(..).map(|key| WriteOp::Delete([prefix.as_slice(), &key].concat())));
        ops.extend(self.removed_ranges.drain(..).map(|(start, end)| {
            WriteOp::DeleteRange([prefix.as_slice(), &start].concat(), [prefix.as_slice(), &end].concat())
        }));
        for id in self.changed.drain(..) {
            let flags = &mut self.flags[id as usize];
            if *flags & CHANGED == 0 {
                continue;
            }
            *flags = STORED;
            let mut key = prefix.clone();
            let value = group(id, &mut key);
            let bytes = postcard::to_allocvec(value).map_err(|e| Error::Internal(format!("encoding state: {e}")))?;
            ops.push(WriteOp::Put(key, bytes));
        }
        Ok(ops)
    }
}

/// Key bytes interned as dense `u32` ids. Each id counts the holders that use it (`retain`,
/// `release`). Ids no one holds are forgotten in sweeps, once they outnumber the held ones (and
/// 1024): a key that comes back soon, as keys do from one tumbling window to the next, keeps
/// its id without a new allocation, and the dictionary never holds more than about twice the
/// keys of live state.
#[derive(Default)]
pub struct KeyDictionary {
    /// Ids, found by the hash of their bytes.
    index: IdIndex,
    entries: Vec<KeyEntry>,
    free: Vec<u32>,
    /// Interned ids with no holders, not yet swept.
    unheld: usize,
}

struct KeyEntry {
    bytes: KeyBytes,
    hash: u64,
    holders: u32,
    /// False for a free id.
    interned: bool,
}

/// A key's bytes: a short key's inside its entry, so that comparing it reads no other memory
/// (the dictionary's keys are looked up once a row), a long key's on the heap.
enum KeyBytes {
    Short { len: u8, bytes: [u8; SHORT_KEY] },
    Long(Box<[u8]>),
}

/// The longest key kept inside its entry (the entry stays 40 bytes).
const SHORT_KEY: usize = 22;

impl KeyBytes {
    fn new(head: u8, rest: &[u8]) -> KeyBytes {
        if rest.len() < SHORT_KEY {
            let mut bytes = [0; SHORT_KEY];
            bytes[0] = head;
            bytes[1..=rest.len()].copy_from_slice(rest);
            KeyBytes::Short { len: rest.len() as u8 + 1, bytes }
        } else {
            let mut bytes = Vec::with_capacity(rest.len() + 1);
            bytes.push(head);
            bytes.extend_from_slice(rest);
            KeyBytes::Long(bytes.into())
        }
    }

    #[inline]
    fn as_slice(&self) -> &[u8] {
        match self {
            KeyBytes::Short { len, bytes } => &bytes[..*len as usize],
            KeyBytes::Long(bytes) => bytes,
        }
    }
}

/// Unheld keys kept at least, before a sweep.
const SWEEP_MIN: usize = 1024;

/// The hash of a key: its first byte's, then the rest's, so that a key can be hashed from
/// those two parts without being put together (the empty key hashes as `[0]` does; their
/// bytes tell them apart).
#[inline]
fn key_hash(head: u8, rest: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut hasher = rustc_hash::FxHasher::default();
    hasher.write_u8(head);
    hasher.write(rest);
    hasher.finish()
}

/// `a == b`, without a call into `memcmp` for the short keys most groups have.
#[inline]
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
        _ => cmp_bytes(a, b).is_eq(),
    }
}

/// The first 8 bytes of `key` as a big-endian number (zero-padded): keys whose prefixes differ
/// order as their prefixes do, so a sort compares numbers first and bytes only on ties.
pub fn sort_prefix(key: &[u8]) -> u64 {
    let mut word = [0u8; 8];
    let n = key.len().min(8);
    word[..n].copy_from_slice(&key[..n]);
    u64::from_be_bytes(word)
}

/// `a.cmp(b)` for byte strings, eight bytes at a time (wasm's `memcmp` goes byte by byte).
pub fn cmp_bytes(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
    let (mut ca, mut cb) = (a.chunks_exact(8), b.chunks_exact(8));
    for (x, y) in (&mut ca).zip(&mut cb) {
        let (x, y) =
            (u64::from_be_bytes(x.try_into().expect("8 bytes")), u64::from_be_bytes(y.try_into().expect("8 bytes")));
        if x != y {
            return x.cmp(&y);
        }
    }
    let done = a.len().min(b.len()) / 8 * 8;
    a[done..].cmp(&b[done..])
}

impl KeyDictionary {
    /// The id of `key`, made if it has none. A new id has no holders yet: `retain` it.
    pub fn intern(&mut self, key: &[u8]) -> u32 {
        match key.split_first() {
            Some((&head, rest)) => self.intern_parts(head, rest),
            None => self.intern_hashed(key_hash(0, &[]), <[u8]>::is_empty, || KeyBytes::Long(Box::default())),
        }
    }

    /// The id of the key `head` then `rest` (as [`KeyDictionary::intern`] of the two
    /// together): a text key's marker byte and its UTF-8, interned straight from its column.
    #[inline]
    pub fn intern_parts(&mut self, head: u8, rest: &[u8]) -> u32 {
        let same = |bytes: &[u8]| bytes.len() == rest.len() + 1 && bytes[0] == head && same_bytes(&bytes[1..], rest);
        self.intern_hashed(key_hash(head, rest), same, || KeyBytes::new(head, rest))
    }

    /// The id of the key whose hash is `hash` and whose bytes are `same`, made of `make()` if
    /// it has none.
    #[inline]
    fn intern_hashed(&mut self, hash: u64, same: impl Fn(&[u8]) -> bool, make: impl FnOnce() -> KeyBytes) -> u32 {
        let entries = &self.entries;
        if let Some(id) = self.index.find(hash, |id| same(entries[id as usize].bytes.as_slice())) {
            return id;
        }
        let entry = KeyEntry { bytes: make(), hash, holders: 0, interned: true };
        self.unheld += 1;
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
        self.index.insert(hash, id);
        id
    }

    /// Makes room for `keys` more keys.
    pub fn reserve(&mut self, keys: usize) {
        self.entries.reserve(keys);
        self.index.reserve(keys);
    }

    pub fn bytes(&self, id: u32) -> &[u8] {
        self.entries[id as usize].bytes.as_slice()
    }

    pub fn retain(&mut self, id: u32) {
        let entry = &mut self.entries[id as usize];
        if entry.holders == 0 {
            self.unheld -= 1;
        }
        entry.holders += 1;
    }

    /// Drops one holder of `id`; a key with none left is forgotten at the next sweep.
    pub fn release(&mut self, id: u32) {
        let entry = &mut self.entries[id as usize];
        entry.holders -= 1;
        if entry.holders == 0 {
            self.unheld += 1;
            if self.unheld > SWEEP_MIN && self.unheld * 2 > self.index.len() {
                self.sweep();
            }
        }
    }

    /// Forgets every key no one holds; their ids may be reused.
    fn sweep(&mut self) {
        for (id, entry) in self.entries.iter_mut().enumerate() {
            if entry.interned && entry.holders == 0 {
                self.index.remove(entry.hash, id as u32);
                entry.bytes = KeyBytes::Long(Box::default());
                entry.interned = false;
                self.free.push(id as u32);
            }
        }
        self.unheld = 0;
    }

    /// One more than the largest id handed out: a bound for tables indexed by id.
    pub fn id_bound(&self) -> usize {
        self.entries.len()
    }

    /// Number of keys interned (held, or unheld and not yet swept).
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
    fn a_table_records_what_changed_since_its_last_write() {
        use crate::state::{MemoryBackend, StateBackend, StateTable};
        // What a write-through backend would receive, applied to a map to look at.
        fn write(t: &mut GroupTable<u32>, to: &mut MemoryBackend) -> Vec<WriteOp> {
            let slots = &t.slots;
            let ops = t
                .changes
                .take(|id, key| {
                    let (k, v) = slots[id as usize].as_ref().unwrap();
                    key.extend_from_slice(k);
                    v
                })
                .unwrap();
            to.write(ops.clone()).unwrap();
            ops
        }
        let table = StateTable::<u32>::new("P/0/window");
        let mut backend = MemoryBackend::default();
        let mut t: GroupTable<u32> = GroupTable::default();
        let (a, _) = t.get_or_insert_with(b"a", || 1);
        let (gone, _) = t.get_or_insert_with(b"gone", || 9);
        t.remove(gone);
        // Off (the in-memory backend): nothing recorded, nothing written.
        t.flush("P/0/window", &mut backend).unwrap();
        assert!(write(&mut t, &mut backend).is_empty() && !t.in_backend());

        // Turned on, with the groups the backend lacks: they are written.
        t.changes.enable("P/0/window", [a]);
        assert_eq!(write(&mut t, &mut backend).len(), 1);
        assert_eq!(table.get(&backend, b"a").unwrap(), Some(1));

        // Then only what changed: an update, a new group; a group made and removed between
        // two writes is never written nor deleted.
        *t.get_mut(a) += 10;
        let (b, _) = t.get_or_insert_with(b"b", || 2);
        let (brief, _) = t.get_or_insert_with(b"brief", || 3);
        t.remove(brief);
        assert_eq!(write(&mut t, &mut backend).len(), 2, "a and b, nothing for brief");
        assert_eq!(table.get(&backend, b"a").unwrap(), Some(11));
        assert!(write(&mut t, &mut backend).is_empty(), "nothing changed since");
        // Removed groups the backend has are deleted, before any put.
        t.remove(b);
        let (c, _) = t.get_or_insert_with(b"c", || 4);
        let ops = write(&mut t, &mut backend);
        assert!(matches!(ops.as_slice(), [WriteOp::Delete(_), WriteOp::Put(..)]), "{ops:?}");
        assert_eq!(t.key(c), b"c");
        assert_eq!(backend.len(), 2);
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
        assert_eq!(d.intern(b"a"), a, "an unheld key keeps its id until a sweep");
        // Enough unheld keys to outnumber the held ones: the sweep forgets all of them.
        for i in 0..SWEEP_MIN as u32 {
            let k = d.intern(&i.to_be_bytes());
            d.retain(k);
            d.release(k);
        }
        assert_eq!(d.len(), 1, "only b is left");
        let c = d.intern(b"c");
        assert!(c <= SWEEP_MIN as u32 + 1, "a forgotten id is reused");
        assert_eq!((d.bytes(c), d.bytes(b)), (&b"c"[..], &b"b"[..]));
        let long = [7u8; 40];
        let l = d.intern(&long);
        assert_eq!(d.intern(&long), l);
        assert_eq!(d.bytes(l), &long[..]);
        assert_ne!(d.intern(&long[..23]), l, "a prefix is another key");
        for (a, b) in
            [(&b"key-10"[..], &b"key-9"[..]), (b"abcdefghij", b"abcdefghi"), (b"", b"a"), (b"abcdefgh1", b"abcdefgh1")]
        {
            assert_eq!(cmp_bytes(a, b), a.cmp(b));
            assert_eq!(cmp_bytes(b, a), b.cmp(a));
            let by_prefix = sort_prefix(a).cmp(&sort_prefix(b));
            assert!(by_prefix.is_eq() || by_prefix == a.cmp(b), "a prefix order agrees with the byte order");
        }
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
