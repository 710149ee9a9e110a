//! The RocksDB backend (native builds, `rocksdb` feature): the live state in `DIR/live`, each
//! checkpoint a RocksDB checkpoint (hard links to the live SST files, taken consistently) in
//! `DIR/checkpoints/ID`. Restoring copies a checkpoint over the live state and reopens it.

use std::path::{Path, PathBuf};

use rocksdb::{checkpoint::Checkpoint, Direction, IteratorMode, WriteBatch, DB};

use super::{StateBackend, WriteOp};
use crate::error::{Error, Result};

pub struct RocksDbBackend {
    dir: PathBuf,
    /// Where checkpoints go: `DIR/checkpoints` unless given.
    checkpoint_dir: PathBuf,
    /// Closed only while a restore replaces the live state.
    db: Option<DB>,
}

fn rocks(e: rocksdb::Error) -> Error {
    Error::Execution(format!("RocksDB: {e}"))
}

fn io(what: &str, path: &Path, e: std::io::Error) -> Error {
    Error::Execution(format!("{what} {}: {e}", path.display()))
}

impl RocksDbBackend {
    /// Opens `dir` with empty live state (its checkpoints kept), for a run that starts afresh.
    pub fn open_fresh(dir: &Path) -> Result<RocksDbBackend> {
        RocksDbBackend::open_with(dir, &dir.join("checkpoints"), true)
    }

    /// Opens the state in `dir`, creating it if it is not there.
    pub fn open(dir: &Path) -> Result<RocksDbBackend> {
        RocksDbBackend::open_with(dir, &dir.join("checkpoints"), false)
    }

    /// Opens the state in `dir` with its checkpoints in `checkpoint_dir`; `fresh`: with empty
    /// live state.
    pub fn open_with(dir: &Path, checkpoint_dir: &Path, fresh: bool) -> Result<RocksDbBackend> {
        let live = dir.join("live");
        if fresh && live.exists() {
            std::fs::remove_dir_all(&live).map_err(|e| io("cannot clear", &live, e))?;
        }
        std::fs::create_dir_all(checkpoint_dir).map_err(|e| io("cannot create", checkpoint_dir, e))?;
        let db = DB::open_default(&live).map_err(rocks)?;
        Ok(RocksDbBackend { dir: dir.to_path_buf(), checkpoint_dir: checkpoint_dir.to_path_buf(), db: Some(db) })
    }

    fn db(&self) -> Result<&DB> {
        self.db.as_ref().ok_or_else(|| Error::Execution("the RocksDB state is closed after a failed restore".into()))
    }

    fn checkpoint_dir(&self, id: &str) -> Result<PathBuf> {
        if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)) || id.starts_with('.') {
            return Err(Error::Input(format!("\"{id}\" cannot name a checkpoint (letters, digits, - _ . only)")));
        }
        Ok(self.checkpoint_dir.join(id))
    }

    fn collect(&self, mode: IteratorMode, end: Option<&[u8]>) -> Result<Vec<(Vec<u8>, Vec<u8>)>> {
        let mut out = Vec::new();
        for item in self.db()?.iterator(mode) {
            let (k, v) = item.map_err(rocks)?;
            if end.is_some_and(|end| k.as_ref() >= end) {
                break;
            }
            out.push((k.into_vec(), v.into_vec()));
        }
        Ok(out)
    }
}

/// Copies the files of a checkpoint (a flat directory) into `to`.
fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to).map_err(|e| io("cannot create", to, e))?;
    for entry in std::fs::read_dir(from).map_err(|e| io("cannot read", from, e))? {
        let entry = entry.map_err(|e| io("cannot read", from, e))?;
        let target = to.join(entry.file_name());
        std::fs::copy(entry.path(), &target).map_err(|e| io("cannot copy to", &target, e))?;
    }
    Ok(())
}

impl StateBackend for RocksDbBackend {
    fn get(&self, key: &[u8]) -> Result<Option<Vec<u8>>> {
        self.db()?.get(key).map_err(rocks)
    }

    fn put(&mut self, key: &[u8], value: &[u8]) -> Result<()> {
        self.db()?.put(key, value).map_err(rocks)
    }

    fn delete(&mut self, key: &[u8]) -> Result<()> {
        self.db()?.delete(key).map_err(rocks)
    }

    fn scan(&self, start: &[u8], end: &[u8]) -> Result<Vec<(Vec<u8>, Vec<u8>)>> {
        if start >= end {
            return Ok(vec![]);
        }
        self.collect(IteratorMode::From(start, Direction::Forward), Some(end))
    }

    fn scan_from(&self, start: &[u8]) -> Result<Vec<(Vec<u8>, Vec<u8>)>> {
        self.collect(IteratorMode::From(start, Direction::Forward), None)
    }

    fn write(&mut self, ops: Vec<WriteOp>) -> Result<()> {
        let mut batch = WriteBatch::default();
        for op in ops {
            match op {
                WriteOp::Put(k, v) => batch.put(k, v),
                WriteOp::Delete(k) => batch.delete(k),
            }
        }
        self.db()?.write(batch).map_err(rocks)
    }

    fn clear(&mut self) -> Result<()> {
        self.db = None;
        let live = self.dir.join("live");
        std::fs::remove_dir_all(&live).map_err(|e| io("cannot clear", &live, e))?;
        self.db = Some(DB::open_default(&live).map_err(rocks)?);
        Ok(())
    }

    fn checkpoint(&mut self, id: &str) -> Result<()> {
        let dir = self.checkpoint_dir(id)?;
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(|e| io("cannot replace", &dir, e))?;
        }
        Checkpoint::new(self.db()?).map_err(rocks)?.create_checkpoint(&dir).map_err(rocks)
    }

    fn restore(&mut self, id: &str) -> Result<()> {
        let from = self.checkpoint_dir(id)?;
        if !from.is_dir() {
            return Err(Error::Input(format!("there is no checkpoint \"{id}\"")));
        }
        // Copy first, beside the live state, so that a failed copy leaves it as it was.
        let fresh = self.dir.join("restoring");
        let _ = std::fs::remove_dir_all(&fresh);
        copy_dir(&from, &fresh)?;
        // Then close the live database and put the copy in its place.
        self.db = None;
        let live = self.dir.join("live");
        std::fs::remove_dir_all(&live).map_err(|e| io("cannot remove", &live, e))?;
        std::fs::rename(&fresh, &live).map_err(|e| io("cannot move into place", &live, e))?;
        self.db = Some(DB::open_default(&live).map_err(rocks)?);
        Ok(())
    }

    fn checkpoint_value(&self, id: &str, key: &[u8]) -> Result<Option<Vec<u8>>> {
        let dir = self.checkpoint_dir(id)?;
        if !dir.is_dir() {
            return Err(Error::Input(format!("there is no checkpoint \"{id}\"")));
        }
        let db = DB::open_for_read_only(&rocksdb::Options::default(), &dir, false).map_err(rocks)?;
        db.get(key).map_err(rocks)
    }

    fn export_checkpoint(&self, id: &str) -> Result<Vec<u8>> {
        let dir = self.checkpoint_dir(id)?;
        if !dir.is_dir() {
            return Err(Error::Input(format!("there is no checkpoint \"{id}\"")));
        }
        let db = DB::open_for_read_only(&rocksdb::Options::default(), &dir, false).map_err(rocks)?;
        let mut pairs = Vec::new();
        for item in db.iterator(IteratorMode::Start) {
            pairs.push(item.map_err(rocks)?);
        }
        super::encode_pairs(pairs.iter().map(|(k, v)| (k, v)))
    }

    /// Writes the pairs into a database of their own and checkpoints that as `id`.
    fn import_checkpoint(&mut self, id: &str, bytes: &[u8]) -> Result<()> {
        let pairs: Vec<(Vec<u8>, Vec<u8>)> = super::decode_pairs(bytes)?;
        let staging = self.dir.join("importing");
        let _ = std::fs::remove_dir_all(&staging);
        {
            let db = DB::open_default(&staging).map_err(rocks)?;
            let mut batch = WriteBatch::default();
            for (k, v) in pairs {
                batch.put(k, v);
            }
            db.write(batch).map_err(rocks)?;
            let dir = self.checkpoint_dir(id)?;
            if dir.exists() {
                std::fs::remove_dir_all(&dir).map_err(|e| io("cannot replace", &dir, e))?;
            }
            Checkpoint::new(&db).map_err(rocks)?.create_checkpoint(&dir).map_err(rocks)?;
        }
        std::fs::remove_dir_all(&staging).map_err(|e| io("cannot remove", &staging, e))
    }

    fn checkpoints(&self) -> Result<Vec<String>> {
        let dir = &self.checkpoint_dir;
        let mut ids: Vec<String> = std::fs::read_dir(dir)
            .map_err(|e| io("cannot read", dir, e))?
            .filter_map(|e| e.ok())
            .filter(|e| e.path().is_dir())
            .filter_map(|e| e.file_name().into_string().ok())
            // RocksDB builds a checkpoint in `ID.tmp` and renames it when complete.
            .filter(|id| !id.ends_with(".tmp"))
            .collect();
        ids.sort();
        Ok(ids)
    }

    fn drop_checkpoint(&mut self, id: &str) -> Result<()> {
        let dir = self.checkpoint_dir(id)?;
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(|e| io("cannot remove", &dir, e))?;
        }
        Ok(())
    }

    /// Counts the keys (every key is read: for state-size figures, not for hot paths).
    fn len(&self) -> usize {
        self.db.as_ref().map_or(0, |db| db.iterator(IteratorMode::Start).count())
    }
}
