//! The in-memory backend: an ordered map. The browser's backend and the tests' default.

use std::collections::BTreeMap;

use super::StateBackend;
use crate::error::Result;

#[derive(Debug, Default, Clone)]
pub struct MemoryBackend {
    map: BTreeMap<Vec<u8>, Vec<u8>>,
}

impl StateBackend for MemoryBackend {
    fn get(&self, key: &[u8]) -> Result<Option<Vec<u8>>> {
        Ok(self.map.get(key).cloned())
    }

    fn put(&mut self, key: &[u8], value: &[u8]) -> Result<()> {
        self.map.insert(key.to_vec(), value.to_vec());
        Ok(())
    }

    fn delete(&mut self, key: &[u8]) -> Result<()> {
        self.map.remove(key);
        Ok(())
    }

    fn scan(&self, start: &[u8], end: &[u8]) -> Result<Vec<(Vec<u8>, Vec<u8>)>> {
        if start >= end {
            return Ok(vec![]);
        }
        Ok(self.map.range(start.to_vec()..end.to_vec()).map(|(k, v)| (k.clone(), v.clone())).collect())
    }

    fn len(&self) -> usize {
        self.map.len()
    }
}
