//! The in-memory backend: an ordered map. The browser's backend and the tests' default.
//! Checkpoints are copies of the map, kept beside it.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::{StateBackend, WriteOp};
use crate::error::{Error, Result};

type Map = BTreeMap<Vec<u8>, Vec<u8>>;

#[derive(Debug, Default, Clone)]
pub struct MemoryBackend {
    map: Map,
    checkpoints: BTreeMap<String, Arc<Map>>,
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

    fn scan_from(&self, start: &[u8]) -> Result<Vec<(Vec<u8>, Vec<u8>)>> {
        Ok(self.map.range(start.to_vec()..).map(|(k, v)| (k.clone(), v.clone())).collect())
    }

    fn write(&mut self, ops: Vec<WriteOp>) -> Result<()> {
        for op in ops {
            match op {
                WriteOp::Put(k, v) => {
                    self.map.insert(k, v);
                }
                WriteOp::Delete(k) => {
                    self.map.remove(&k);
                }
                WriteOp::DeleteRange(start, end) => {
                    if start < end {
                        let doomed: Vec<Vec<u8>> = self.map.range(start..end).map(|(k, _)| k.clone()).collect();
                        doomed.iter().for_each(|k| {
                            self.map.remove(k);
                        });
                    }
                }
            }
        }
        Ok(())
    }

    fn clear(&mut self) -> Result<()> {
        self.map.clear();
        Ok(())
    }

    fn checkpoint(&mut self, id: &str) -> Result<()> {
        self.checkpoints.insert(id.to_string(), Arc::new(self.map.clone()));
        Ok(())
    }

    fn restore(&mut self, id: &str) -> Result<()> {
        let Some(map) = self.checkpoints.get(id) else {
            return Err(Error::Input(format!("there is no checkpoint \"{id}\"")));
        };
        self.map = map.as_ref().clone();
        Ok(())
    }

    fn checkpoint_value(&self, id: &str, key: &[u8]) -> Result<Option<Vec<u8>>> {
        match self.checkpoints.get(id) {
            Some(map) => Ok(map.get(key).cloned()),
            None => Err(Error::Input(format!("there is no checkpoint \"{id}\""))),
        }
    }

    fn export_checkpoint(&self, id: &str) -> Result<Vec<u8>> {
        let Some(map) = self.checkpoints.get(id) else {
            return Err(Error::Input(format!("there is no checkpoint \"{id}\"")));
        };
        super::encode_pairs(map.iter())
    }

    fn import_checkpoint(&mut self, id: &str, bytes: &[u8]) -> Result<()> {
        let pairs: Vec<(Vec<u8>, Vec<u8>)> = super::decode_pairs(bytes)?;
        self.checkpoints.insert(id.to_string(), Arc::new(pairs.into_iter().collect()));
        Ok(())
    }

    fn checkpoints(&self) -> Result<Vec<String>> {
        Ok(self.checkpoints.keys().cloned().collect())
    }

    fn drop_checkpoint(&mut self, id: &str) -> Result<()> {
        self.checkpoints.remove(id);
        Ok(())
    }

    fn len(&self) -> usize {
        self.map.len()
    }
}
