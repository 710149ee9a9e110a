//! Operator state: a small byte key–value [`StateBackend`] trait, and typed [`StateTable`]s
//! that operators use on top of it.
//!
//! Operators never see a concrete backend: they get `&mut dyn StateBackend` from the runtime
//! and reach it through a `StateTable`, which prefixes every key with the operator's namespace
//! and encodes values with postcard. The browser uses [`MemoryBackend`]; RocksDB comes natively
//! behind the same trait.
//!
//! Operators on the hot path (the windows) keep their open groups in a typed [`GroupTable`]
//! (or groups by interned [`KeyDictionary`] ids) instead, so no row pays for serialization.
//! With a write-through backend (RocksDB), such tables record which groups changed
//! ([`Changes`]) and write those, one value per group, after each flush batch: the backend then
//! holds the live state, and a checkpoint is the backend's own. With the in-memory backend the
//! typed tables are the live state, which a checkpoint encodes whole.

mod groups;
mod id_index;
mod memory;
#[cfg(all(feature = "rocksdb", not(target_arch = "wasm32")))]
mod rocks;

use std::marker::PhantomData;

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::{Error, Result};

pub use groups::{cmp_bytes, fixed_hasher, sort_prefix, Changes, GroupTable, KeyDictionary, TableHasher};
pub use memory::MemoryBackend;
#[cfg(all(feature = "rocksdb", not(target_arch = "wasm32")))]
pub use rocks::RocksDbBackend;

/// What [`StateBackend::visit_prefix`] calls with each key and value.
pub type Visit<'a> = dyn FnMut(&[u8], &[u8]) -> Result<()> + 'a;

/// One change in a [`StateBackend::write`] batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteOp {
    Put(Vec<u8>, Vec<u8>),
    Delete(Vec<u8>),
    /// Every key `k` with `start <= k < end` (nothing when `start >= end`): a fired window's
    /// groups in one operation. Both ends in one table: a backend that keeps tables apart
    /// (RocksDB's column families) deletes in the table of `start`.
    DeleteRange(Vec<u8>, Vec<u8>),
}

/// An ordered map from byte keys to byte values, with named checkpoints of the whole map.
///
/// Edge cases every backend honours (the conformance suite in this module's tests holds each
/// backend to them):
/// - `get` of a missing key is `Ok(None)`; `delete` of a missing key is not an error; an empty
///   key and an empty value are keys and values like any other.
/// - `scan` returns pairs in ascending byte order, `start` inclusive and `end` exclusive, and
///   nothing when `start >= end`. `scan_prefix` returns every key that starts with the prefix,
///   `0xff` bytes included (a prefix of only `0xff`s has no upper bound).
/// - `write` applies its operations in order and all together: a reader never sees half.
/// - `checkpoint(id)` records the whole map as it is (replacing a checkpoint of that id);
///   later changes leave it as it was. `restore(id)` makes the map exactly the checkpoint's,
///   and fails for an unknown id, leaving the map untouched. `checkpoints` lists ids in
///   ascending order; `drop_checkpoint` of an unknown id is not an error.
pub trait StateBackend {
    fn get(&self, key: &[u8]) -> Result<Option<Vec<u8>>>;
    fn put(&mut self, key: &[u8], value: &[u8]) -> Result<()>;
    fn delete(&mut self, key: &[u8]) -> Result<()>;
    fn scan(&self, start: &[u8], end: &[u8]) -> Result<Vec<(Vec<u8>, Vec<u8>)>>;
    fn scan_prefix(&self, prefix: &[u8]) -> Result<Vec<(Vec<u8>, Vec<u8>)>> {
        match prefix_end(prefix) {
            Some(end) => self.scan(prefix, &end),
            None => self.scan_from(prefix),
        }
    }
    /// Every pair with `key >= start`.
    fn scan_from(&self, start: &[u8]) -> Result<Vec<(Vec<u8>, Vec<u8>)>>;
    /// `visit` called with each pair `scan_prefix` returns, in the same order, without their
    /// being collected first (how a restore reads a table back); the first error stops it.
    fn visit_prefix(&self, prefix: &[u8], visit: &mut Visit) -> Result<()> {
        self.scan_prefix(prefix)?.iter().try_for_each(|(k, v)| visit(k, v))
    }
    fn write(&mut self, ops: Vec<WriteOp>) -> Result<()>;
    /// Empties the map; its checkpoints stay (a run that starts afresh).
    fn clear(&mut self) -> Result<()>;
    fn checkpoint(&mut self, id: &str) -> Result<()>;
    fn restore(&mut self, id: &str) -> Result<()>;
    /// A key's value in checkpoint `id`, without restoring it (an error for an unknown id).
    fn checkpoint_value(&self, id: &str, key: &[u8]) -> Result<Option<Vec<u8>>>;
    /// Checkpoint `id` as bytes that any backend can import: to keep it elsewhere (the page
    /// keeps its last checkpoint in IndexedDB) or move it between backends.
    fn export_checkpoint(&self, id: &str) -> Result<Vec<u8>>;
    /// Makes `bytes` from [`StateBackend::export_checkpoint`] checkpoint `id` here.
    fn import_checkpoint(&mut self, id: &str, bytes: &[u8]) -> Result<()>;
    fn checkpoints(&self) -> Result<Vec<String>>;
    fn drop_checkpoint(&mut self, id: &str) -> Result<()>;
    /// Number of keys held, for the state-size figures.
    fn len(&self) -> usize;
    /// Whether operators keep their live state here: they write what each flush batch changed in
    /// their typed tables, and a checkpoint holds it without their encoding it again. `false`
    /// (the default): the typed tables are the live state, written only at checkpoints.
    fn write_through(&self) -> bool {
        false
    }
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The first key after every key that starts with `prefix`; `None` when there is none (the
/// prefix is empty or all `0xff`).
pub fn prefix_end(prefix: &[u8]) -> Option<Vec<u8>> {
    let mut end = prefix.to_vec();
    while let Some(last) = end.pop() {
        if last < 0xff {
            end.push(last + 1);
            return Some(end);
        }
    }
    None
}

/// A key in the table `namespace` (what [`StateTable`] reads and writes): the namespace's
/// length, the namespace, the key.
pub fn table_key(namespace: &str, key: &[u8]) -> Vec<u8> {
    let mut k = Vec::with_capacity(4 + namespace.len() + key.len());
    k.extend_from_slice(&(namespace.len() as u32).to_be_bytes());
    k.extend_from_slice(namespace.as_bytes());
    k.extend_from_slice(key);
    k
}

/// The namespace of a key [`table_key`] made; `None` for any other key.
pub fn namespace(key: &[u8]) -> Option<&str> {
    let len = u32::from_be_bytes(key.get(..4)?.try_into().ok()?) as usize;
    std::str::from_utf8(key.get(4..4usize.checked_add(len)?)?).ok()
}

/// A typed view of one operator's keys in a backend.
pub struct StateTable<V> {
    prefix: Vec<u8>,
    _value: PhantomData<fn() -> V>,
}

impl<V: Serialize + DeserializeOwned> StateTable<V> {
    /// A table whose keys all start with `namespace` (unique per operator and table).
    pub fn new(namespace: &str) -> StateTable<V> {
        StateTable { prefix: table_key(namespace, b""), _value: PhantomData }
    }

    fn full_key(&self, key: &[u8]) -> Vec<u8> {
        let mut k = Vec::with_capacity(self.prefix.len() + key.len());
        k.extend_from_slice(&self.prefix);
        k.extend_from_slice(key);
        k
    }

    pub fn get(&self, backend: &dyn StateBackend, key: &[u8]) -> Result<Option<V>> {
        match backend.get(&self.full_key(key))? {
            Some(bytes) => Ok(Some(decode_value(&bytes)?)),
            None => Ok(None),
        }
    }

    pub fn put(&self, backend: &mut dyn StateBackend, key: &[u8], value: &V) -> Result<()> {
        let bytes = postcard::to_allocvec(value).map_err(|e| Error::Internal(format!("encoding state: {e}")))?;
        backend.put(&self.full_key(key), &bytes)
    }

    pub fn delete(&self, backend: &mut dyn StateBackend, key: &[u8]) -> Result<()> {
        backend.delete(&self.full_key(key))
    }

    /// Puts (`Some`) and deletes (`None`) in one write batch: what an operator changed in a
    /// batch of rows, one value per key, reaches the backend in one write.
    pub fn write_batch(
        &self,
        backend: &mut dyn StateBackend,
        changes: impl IntoIterator<Item = (Vec<u8>, Option<V>)>,
    ) -> Result<()> {
        let ops = changes
            .into_iter()
            .map(|(key, value)| {
                Ok(match value {
                    Some(value) => WriteOp::Put(
                        self.full_key(&key),
                        postcard::to_allocvec(&value).map_err(|e| Error::Internal(format!("encoding state: {e}")))?,
                    ),
                    None => WriteOp::Delete(self.full_key(&key)),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        backend.write(ops)
    }

    /// Entries with `start <= key < end` (keys without the namespace), in key order.
    pub fn range(&self, backend: &dyn StateBackend, start: &[u8], end: &[u8]) -> Result<Vec<(Vec<u8>, V)>> {
        let strip = self.prefix.len();
        backend
            .scan(&self.full_key(start), &self.full_key(end))?
            .into_iter()
            .map(|(k, v)| Ok((k[strip..].to_vec(), decode_value(&v)?)))
            .collect()
    }
}

/// The entries of table `namespace` (keys without the namespace), in key order, to put back
/// into an operator's typed table as it restores. Unless `state` is write-through, they are
/// deleted: the typed table holds them from then on (a checkpoint made with a write-through
/// backend restored into one that is not).
pub fn read_table<V: DeserializeOwned>(state: &mut dyn StateBackend, namespace: &str) -> Result<Vec<(Vec<u8>, V)>> {
    let prefix = table_key(namespace, b"");
    let mut entries = Vec::new();
    state.visit_prefix(&prefix, &mut |k, v| {
        entries.push((k[prefix.len()..].to_vec(), decode_value(v)?));
        Ok(())
    })?;
    if !state.write_through() && !entries.is_empty() {
        let end = prefix_end(&prefix).ok_or_else(|| Error::Internal("a table without a namespace".into()))?;
        state.write(vec![WriteOp::DeleteRange(prefix, end)])?;
    }
    Ok(entries)
}

/// A time as 8 key bytes that sort as the times do (negative ones first).
pub fn time_key(t: i64) -> [u8; 8] {
    ((t as u64) ^ (1 << 63)).to_be_bytes()
}

/// The time [`time_key`] made of the first 8 bytes of `key`.
pub fn key_time(key: &[u8]) -> Option<i64> {
    Some((u64::from_be_bytes(key.get(..8)?.try_into().ok()?) ^ (1 << 63)) as i64)
}

/// Deletes every key of the tables whose namespace starts with `prefix` (the state of operators
/// a checkpoint is restored without).
pub fn drop_tables(backend: &mut dyn StateBackend, prefix: &str) -> Result<()> {
    let doomed: Vec<WriteOp> = backend
        .scan_prefix(b"")?
        .into_iter()
        .filter(|(key, _)| namespace(key).is_some_and(|ns| ns.starts_with(prefix)))
        .map(|(key, _)| WriteOp::Delete(key))
        .collect();
    backend.write(doomed)
}

/// Key–value pairs as the bytes of an exported checkpoint.
fn encode_pairs<'a, K: AsRef<[u8]> + 'a, V: AsRef<[u8]> + 'a>(
    pairs: impl Iterator<Item = (&'a K, &'a V)>,
) -> Result<Vec<u8>> {
    let pairs: Vec<(&[u8], &[u8])> = pairs.map(|(k, v)| (k.as_ref(), v.as_ref())).collect();
    postcard::to_allocvec(&pairs).map_err(|e| Error::Internal(format!("exporting a checkpoint: {e}")))
}

fn decode_pairs(bytes: &[u8]) -> Result<Vec<(Vec<u8>, Vec<u8>)>> {
    postcard::from_bytes(bytes).map_err(|e| Error::Input(format!("not a kdalite checkpoint: {e}")))
}

fn decode_value<V: DeserializeOwned>(bytes: &[u8]) -> Result<V> {
    postcard::from_bytes(bytes).map_err(|e| Error::Internal(format!("decoding state: {e}")))
}

/// A value as checkpoint bytes: an operator's or a source's own part of a checkpoint.
pub(crate) fn encode<T: serde::Serialize>(value: &T) -> Result<Vec<u8>> {
    postcard::to_allocvec(value).map_err(|e| Error::Internal(format!("encoding a checkpoint: {e}")))
}

/// Checkpoint bytes as a value.
pub(crate) fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T> {
    postcard::from_bytes(bytes).map_err(|e| Error::Execution(format!("reading a checkpoint: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(pairs: Vec<(Vec<u8>, Vec<u8>)>) -> Vec<Vec<u8>> {
        pairs.into_iter().map(|(k, _)| k).collect()
    }

    /// The conformance suite every backend must pass: the edge cases [`StateBackend`] lists.
    pub fn conformance(backend: &mut dyn StateBackend) {
        // Missing keys, overwrites, empty keys and values.
        assert_eq!(backend.get(b"missing").unwrap(), None);
        backend.delete(b"missing").unwrap();
        backend.put(b"b", b"2").unwrap();
        backend.put(b"a", b"1").unwrap();
        backend.put(b"c", b"3").unwrap();
        backend.put(b"b", b"22").unwrap();
        assert_eq!(backend.get(b"b").unwrap(), Some(b"22".to_vec()));
        backend.put(b"", b"").unwrap();
        assert_eq!(backend.get(b"").unwrap(), Some(vec![]));
        backend.delete(b"").unwrap();
        assert_eq!(backend.get(b"").unwrap(), None);

        // Ranges: half-open, ordered by bytes, empty when reversed.
        assert_eq!(keys(backend.scan(b"a", b"c").unwrap()), [b"a".to_vec(), b"b".to_vec()]);
        assert!(backend.scan(b"c", b"a").unwrap().is_empty());
        assert!(backend.scan(b"b", b"b").unwrap().is_empty());
        backend.put(&[b'p', 0xff], b"x").unwrap();
        backend.put(&[b'p', 0xff, 0], b"y").unwrap();
        backend.put(b"p", b"z").unwrap();
        backend.put(b"q", b"w").unwrap();
        backend.put(&[0xff, 0xff], b"top").unwrap();
        assert_eq!(keys(backend.scan_prefix(b"p").unwrap()), [b"p".to_vec(), vec![b'p', 0xff], vec![b'p', 0xff, 0]]);
        assert_eq!(keys(backend.scan_prefix(&[b'p', 0xff]).unwrap()), [vec![b'p', 0xff], vec![b'p', 0xff, 0]]);
        assert_eq!(keys(backend.scan_prefix(&[0xff]).unwrap()), [vec![0xff, 0xff]]);
        assert_eq!(backend.scan_prefix(b"").unwrap().len(), 8);
        assert_eq!(backend.len(), 8);

        // A batch applies in order, all of it.
        backend
            .write(vec![
                WriteOp::Put(b"w1".to_vec(), b"1".to_vec()),
                WriteOp::Delete(b"a".to_vec()),
                WriteOp::Put(b"w1".to_vec(), b"2".to_vec()),
            ])
            .unwrap();
        assert_eq!(backend.get(b"w1").unwrap(), Some(b"2".to_vec()));
        assert_eq!(backend.get(b"a").unwrap(), None);
        // A range deleted: start inclusive, end exclusive; a reversed range deletes nothing; a
        // put after it in the batch stands.
        for key in [&b"r1"[..], b"r2", b"r2\xff", b"r3"] {
            backend.put(key, b"r").unwrap();
        }
        backend
            .write(vec![
                WriteOp::DeleteRange(b"r3".to_vec(), b"r1".to_vec()),
                WriteOp::DeleteRange(b"r1".to_vec(), b"r3".to_vec()),
                WriteOp::Put(b"r2".to_vec(), b"again".to_vec()),
            ])
            .unwrap();
        assert_eq!(keys(backend.scan(b"r", b"s").unwrap()), [b"r2".to_vec(), b"r3".to_vec()]);
        backend.write(vec![WriteOp::DeleteRange(b"r".to_vec(), b"s".to_vec())]).unwrap();
        assert!(backend.scan(b"r", b"s").unwrap().is_empty());

        // Keys of state tables (an operator's namespace: a column family of its own in RocksDB)
        // are keys like any other: they sort among the rest by their bytes, scans merge them.
        let tables = [
            table_key("P/1/over", b"b"),
            table_key("P/0/window", b"z"),
            table_key("P/0/window", b"a"),
            table_key("Q/0/saved", b""),
        ];
        for (i, key) in tables.iter().enumerate() {
            backend.put(key, &[i as u8]).unwrap();
        }
        let mut sorted = tables.to_vec();
        sorted.sort();
        let namespaced = |pairs: Vec<(Vec<u8>, Vec<u8>)>| -> Vec<Vec<u8>> {
            keys(pairs).into_iter().filter(|k| namespace(k).is_some()).collect()
        };
        assert_eq!(namespaced(backend.scan_prefix(b"").unwrap()), sorted);
        assert_eq!(
            keys(backend.scan(&table_key("P/0/window", b""), &table_key("P/0/window", b"\xff")).unwrap()),
            [table_key("P/0/window", b"a"), table_key("P/0/window", b"z")]
        );
        // Visiting a prefix sees what scanning it returns, a table's or any other.
        for prefix in [table_key("P/0/window", b""), table_key("P/1/over", b"b"), b"p".to_vec(), vec![]] {
            let mut visited = Vec::new();
            backend
                .visit_prefix(&prefix, &mut |k, v| {
                    visited.push((k.to_vec(), v.to_vec()));
                    Ok(())
                })
                .unwrap();
            assert_eq!(visited, backend.scan_prefix(&prefix).unwrap(), "{prefix:?}");
        }
        backend
            .write(vec![WriteOp::Delete(tables[0].clone()), WriteOp::Put(tables[3].clone(), b"q".to_vec())])
            .unwrap();
        assert_eq!(backend.get(&tables[0]).unwrap(), None);
        assert_eq!(backend.get(&tables[3]).unwrap(), Some(b"q".to_vec()));
        assert_eq!(backend.get(&table_key("R/0/x", b"")).unwrap(), None, "a namespace never written");
        drop_tables(backend, "P/").unwrap();
        assert_eq!(namespaced(backend.scan_prefix(b"").unwrap()), [tables[3].clone()]);

        // Checkpoints: a copy of the moment, restored exactly, later changes undone.
        let before = backend.scan_prefix(b"").unwrap();
        backend.checkpoint("cp-1").unwrap();
        backend.put(b"after", b"1").unwrap();
        backend.delete(b"b").unwrap();
        backend.checkpoint("cp-2").unwrap();
        backend.put(b"later", b"1").unwrap();
        assert_eq!(backend.checkpoints().unwrap(), ["cp-1", "cp-2"]);
        assert_eq!(backend.checkpoint_value("cp-2", b"after").unwrap(), Some(b"1".to_vec()));
        assert_eq!(backend.checkpoint_value("cp-1", b"after").unwrap(), None);
        assert!(backend.checkpoint_value("nope", b"after").is_err());
        backend.restore("cp-1").unwrap();
        assert_eq!(backend.scan_prefix(b"").unwrap(), before);
        assert_eq!(backend.len(), before.len());
        assert!(backend.restore("nope").is_err());
        assert_eq!(backend.scan_prefix(b"").unwrap(), before, "a failed restore changes nothing");
        backend.restore("cp-2").unwrap();
        assert_eq!(backend.get(b"after").unwrap(), Some(b"1".to_vec()));
        assert_eq!(backend.get(b"b").unwrap(), None);
        assert_eq!(backend.get(b"later").unwrap(), None);
        // A checkpoint taken again replaces the old one; dropping is idempotent.
        backend.put(b"again", b"1").unwrap();
        backend.checkpoint("cp-1").unwrap();
        backend.drop_checkpoint("cp-2").unwrap();
        backend.drop_checkpoint("cp-2").unwrap();
        assert_eq!(backend.checkpoints().unwrap(), ["cp-1"]);
        backend.delete(b"again").unwrap();
        backend.restore("cp-1").unwrap();
        assert_eq!(backend.get(b"again").unwrap(), Some(b"1".to_vec()));

        // A checkpoint exported and imported (here or in another backend) restores the same.
        let exported = backend.export_checkpoint("cp-1").unwrap();
        let mut other = MemoryBackend::default();
        for target in [&mut other as &mut dyn StateBackend, backend] {
            target.import_checkpoint("moved", &exported).unwrap();
            target.put(b"junk", b"1").unwrap();
            target.restore("moved").unwrap();
            assert_eq!(target.get(b"again").unwrap(), Some(b"1".to_vec()));
            assert_eq!(target.get(b"junk").unwrap(), None);
        }
        assert!(backend.export_checkpoint("nope").is_err());
        backend.clear().unwrap();
        assert!(backend.is_empty());
        assert_eq!(backend.checkpoint_value("cp-1", b"again").unwrap(), Some(b"1".to_vec()));
        assert!(backend.import_checkpoint("bad", b"\xff\xff\xff").is_err());
    }

    /// Each operator's state is a column family of its own.
    #[cfg(all(feature = "rocksdb", not(target_arch = "wasm32")))]
    #[test]
    fn rocksdb_keeps_each_operators_state_in_its_column_family() {
        let dir = std::env::temp_dir().join(format!("kdalite-rocks-families-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let mut backend = RocksDbBackend::open(&dir).unwrap();
        backend.put(&table_key("PUMP/0/window", b"k"), b"1").unwrap();
        backend.put(&table_key("PUMP/2/saved", b""), b"2").unwrap();
        backend.put(b"plain", b"3").unwrap();
        backend.checkpoint("c").unwrap();
        for path in [dir.join("live"), dir.join("checkpoints").join("c")] {
            let mut families = rocksdb::DB::list_cf(&rocksdb::Options::default(), &path).unwrap();
            families.sort();
            assert_eq!(families, ["PUMP/0", "PUMP/2", "default"], "{}", path.display());
        }
        drop(backend);
        let reopened = RocksDbBackend::open(&dir).unwrap();
        assert_eq!(reopened.get(&table_key("PUMP/2/saved", b"")).unwrap(), Some(b"2".to_vec()));
        drop(reopened);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn memory_backend_conforms() {
        conformance(&mut MemoryBackend::default());
    }

    #[cfg(all(feature = "rocksdb", not(target_arch = "wasm32")))]
    #[test]
    fn rocksdb_backend_conforms() {
        let dir = std::env::temp_dir().join(format!("kdalite-rocks-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let mut backend = RocksDbBackend::open(&dir).unwrap();
        conformance(&mut backend);
        backend.put(b"kept", b"1").unwrap();
        drop(backend);
        // What was written is there when the directory is opened again.
        let reopened = RocksDbBackend::open(&dir).unwrap();
        assert_eq!(reopened.get(b"kept").unwrap(), Some(b"1".to_vec()));
        assert_eq!(reopened.checkpoints().unwrap(), ["cp-1", "moved"]);
        drop(reopened);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn dropping_a_pumps_tables_leaves_the_others() {
        let mut backend = MemoryBackend::default();
        for namespace in ["P2/0/stagger", "P2/3/window", "P20/0/stagger", "P1/0/group"] {
            StateTable::<u32>::new(namespace).put(&mut backend, b"k", &1).unwrap();
        }
        backend.put(b"\xffother", b"1").unwrap();
        drop_tables(&mut backend, "P2/").unwrap();
        assert_eq!(backend.len(), 3);
        assert_eq!(StateTable::<u32>::new("P2/3/window").get(&backend, b"k").unwrap(), None);
        assert_eq!(StateTable::<u32>::new("P20/0/stagger").get(&backend, b"k").unwrap(), Some(1));
    }

    #[test]
    fn prefix_ends() {
        assert_eq!(prefix_end(b"ab"), Some(b"ac".to_vec()));
        assert_eq!(prefix_end(&[b'a', 0xff]), Some(b"b".to_vec()));
        assert_eq!(prefix_end(&[0xff, 0xff]), None);
        assert_eq!(prefix_end(b""), None);
    }

    #[test]
    fn tables_do_not_see_each_others_keys() {
        let mut backend = MemoryBackend::default();
        let a: StateTable<u32> = StateTable::new("a");
        let ab: StateTable<u32> = StateTable::new("ab");
        a.put(&mut backend, b"k", &1).unwrap();
        ab.put(&mut backend, b"k", &2).unwrap();
        assert_eq!(a.range(&backend, b"", &[0xff]).unwrap(), vec![(b"k".to_vec(), 1)]);
        assert_eq!(ab.get(&backend, b"k").unwrap(), Some(2));
    }
}
