//! Operator state: a small byte key–value [`StateBackend`] trait, and typed [`StateTable`]s
//! that operators use on top of it.
//!
//! Operators never see a concrete backend: they get `&mut dyn StateBackend` from the runtime
//! and reach it through a `StateTable`, which prefixes every key with the operator's namespace
//! and encodes values with postcard. The browser uses [`MemoryBackend`]; RocksDB comes natively
//! behind the same trait.
//!
//! Operators on the hot path (the window aggregates) keep their open groups in a typed
//! [`GroupTable`] (or groups by interned [`KeyDictionary`] ids) instead, so no row pays for
//! serialization; checkpoints (issue #5) are where
//! such tables will meet the backend.

mod groups;
mod memory;

use std::marker::PhantomData;

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::{Error, Result};

pub use groups::{cmp_bytes, fixed_hasher, sort_prefix, GroupTable, KeyDictionary, TableHasher};
pub use memory::MemoryBackend;

/// An ordered map from byte keys to byte values.
///
/// Edge cases every backend honours: `get` of a missing key is `Ok(None)`; `delete` of a missing
/// key is not an error; `scan` returns pairs in ascending key order, `start` inclusive and
/// `end` exclusive, and an empty range when `start >= end`.
pub trait StateBackend {
    fn get(&self, key: &[u8]) -> Result<Option<Vec<u8>>>;
    fn put(&mut self, key: &[u8], value: &[u8]) -> Result<()>;
    fn delete(&mut self, key: &[u8]) -> Result<()>;
    fn scan(&self, start: &[u8], end: &[u8]) -> Result<Vec<(Vec<u8>, Vec<u8>)>>;
    /// Number of keys held, for the UI's state-size figures.
    fn len(&self) -> usize;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A typed view of one operator's keys in a backend.
pub struct StateTable<V> {
    prefix: Vec<u8>,
    _value: PhantomData<fn() -> V>,
}

impl<V: Serialize + DeserializeOwned> StateTable<V> {
    /// A table whose keys all start with `namespace` (unique per operator and table).
    pub fn new(namespace: &str) -> StateTable<V> {
        let mut prefix = (namespace.len() as u32).to_be_bytes().to_vec();
        prefix.extend_from_slice(namespace.as_bytes());
        StateTable { prefix, _value: PhantomData }
    }

    fn full_key(&self, key: &[u8]) -> Vec<u8> {
        let mut k = Vec::with_capacity(self.prefix.len() + key.len());
        k.extend_from_slice(&self.prefix);
        k.extend_from_slice(key);
        k
    }

    pub fn get(&self, backend: &dyn StateBackend, key: &[u8]) -> Result<Option<V>> {
        match backend.get(&self.full_key(key))? {
            Some(bytes) => Ok(Some(decode(&bytes)?)),
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

    /// Entries with `start <= key < end` (keys without the namespace), in key order.
    pub fn range(&self, backend: &dyn StateBackend, start: &[u8], end: &[u8]) -> Result<Vec<(Vec<u8>, V)>> {
        let strip = self.prefix.len();
        backend
            .scan(&self.full_key(start), &self.full_key(end))?
            .into_iter()
            .map(|(k, v)| Ok((k[strip..].to_vec(), decode(&v)?)))
            .collect()
    }
}

fn decode<V: DeserializeOwned>(bytes: &[u8]) -> Result<V> {
    postcard::from_bytes(bytes).map_err(|e| Error::Internal(format!("decoding state: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The conformance suite every backend must pass.
    pub fn conformance(backend: &mut dyn StateBackend) {
        assert_eq!(backend.get(b"missing").unwrap(), None);
        backend.delete(b"missing").unwrap();
        backend.put(b"b", b"2").unwrap();
        backend.put(b"a", b"1").unwrap();
        backend.put(b"c", b"3").unwrap();
        backend.put(b"b", b"22").unwrap();
        assert_eq!(backend.get(b"b").unwrap(), Some(b"22".to_vec()));
        let keys: Vec<Vec<u8>> = backend.scan(b"a", b"c").unwrap().into_iter().map(|(k, _)| k).collect();
        assert_eq!(keys, vec![b"a".to_vec(), b"b".to_vec()]);
        assert!(backend.scan(b"c", b"a").unwrap().is_empty());
        backend.delete(b"a").unwrap();
        assert_eq!(backend.len(), 2);
    }

    #[test]
    fn memory_backend_conforms() {
        conformance(&mut MemoryBackend::default());
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
