//! The RocksDB backend (native builds, `rocksdb` feature): the live state in `DIR/live`, each
//! checkpoint a RocksDB checkpoint (hard links to the live SST files, taken consistently) in
//! `DIR/checkpoints/ID`. Restoring copies a checkpoint over the live state and reopens it.
//!
//! Each operator's state has a column family of its own: a key in a state table's namespace
//! (`PUMP/INDEX/…`, see [`super::namespace`]) lives in the family `PUMP/INDEX`; other keys (the
//! runtime's checkpoint record, the control plane's records) in the default family. Scans
//! read every family and merge them in key order.
//!
//! Operator state is written without RocksDB's write-ahead log, as Flink's RocksDB backend
//! writes it: a crash may lose live state not yet flushed to disk, which recovery never reads
//! (it restores a checkpoint, and RocksDB flushes before it checkpoints). A store whose every
//! write must survive a crash (the control plane's records) opens with
//! [`RocksDbBackend::open_logged`].

use std::path::{Path, PathBuf};

use rocksdb::{checkpoint::Checkpoint, ColumnFamily, Direction, IteratorMode, Options, WriteBatch, WriteOptions, DB};

use super::{StateBackend, WriteOp};
use crate::error::{Error, Result};

pub struct RocksDbBackend {
    dir: PathBuf,
    /// Where checkpoints go: `DIR/checkpoints` unless given.
    checkpoint_dir: PathBuf,
    /// Closed only while a restore replaces the live state.
    db: Option<DB>,
    /// Whether writes go through the write-ahead log.
    logged: bool,
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

    /// [`RocksDbBackend::open`], every write through the write-ahead log: what was written is
    /// there after a crash.
    pub fn open_logged(dir: &Path) -> Result<RocksDbBackend> {
        Ok(RocksDbBackend { logged: true, ..RocksDbBackend::open(dir)? })
    }

    /// Opens the state in `dir` with its checkpoints in `checkpoint_dir`; `fresh`: with empty
    /// live state.
    pub fn open_with(dir: &Path, checkpoint_dir: &Path, fresh: bool) -> Result<RocksDbBackend> {
        let live = dir.join("live");
        if fresh && live.exists() {
            std::fs::remove_dir_all(&live).map_err(|e| io("cannot clear", &live, e))?;
        }
        std::fs::create_dir_all(checkpoint_dir).map_err(|e| io("cannot create", checkpoint_dir, e))?;
        let db = open_db(&live)?;
        Ok(RocksDbBackend {
            dir: dir.to_path_buf(),
            checkpoint_dir: checkpoint_dir.to_path_buf(),
            db: Some(db),
            logged: false,
        })
    }

    fn write_options(&self) -> WriteOptions {
        let mut options = WriteOptions::default();
        options.disable_wal(!self.logged);
        options
    }

    fn db_mut(&mut self) -> Result<&mut DB> {
        self.db.as_mut().ok_or_else(|| Error::Execution("the RocksDB state is closed after a failed restore".into()))
    }

    /// The family `key` lives in (made if new), or `None` for the default family.
    fn family_for_write(&mut self, key: &[u8]) -> Result<Option<String>> {
        let Some(family) = family(key) else { return Ok(None) };
        let db = self.db_mut()?;
        if db.cf_handle(&family).is_none() {
            db.create_cf(&family, &Options::default()).map_err(rocks)?;
        }
        Ok(Some(family))
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

    /// Pairs from `start` (up to `end`) in every family, in key order.
    fn collect(&self, start: &[u8], end: Option<&[u8]>) -> Result<Vec<(Vec<u8>, Vec<u8>)>> {
        collect_all(self.db()?, &self.families()?, start, end)
    }

    fn families(&self) -> Result<Vec<String>> {
        DB::list_cf(&Options::default(), self.dir.join("live")).map_err(rocks)
    }
}

/// The column family of a key in a state table's namespace: the namespace's first two
/// segments (`PUMP/INDEX`, one operator's); `None` for other keys.
fn family(key: &[u8]) -> Option<String> {
    let namespace = super::namespace(key)?;
    let mut parts = namespace.splitn(3, '/');
    let (pump, operator) = (parts.next()?, parts.next()?);
    (!pump.is_empty() && !operator.is_empty()).then(|| format!("{pump}/{operator}"))
}

/// Opens (or makes) the database at `path` with every column family it has.
fn open_db(path: &Path) -> Result<DB> {
    let mut options = Options::default();
    options.create_if_missing(true);
    options.create_missing_column_families(true);
    let families = DB::list_cf(&options, path).unwrap_or_else(|_| vec!["default".to_string()]);
    DB::open_cf(&options, path, families).map_err(rocks)
}

/// Opens a checkpoint, read only, with its column families.
fn open_checkpoint(path: &Path) -> Result<(DB, Vec<String>)> {
    let options = Options::default();
    let families = DB::list_cf(&options, path).map_err(rocks)?;
    let db = DB::open_cf_for_read_only(&options, path, &families, false).map_err(rocks)?;
    Ok((db, families))
}

/// Every family's pairs from `start` (up to `end`), merged in key order (a key lives in one
/// family only).
fn collect_all(db: &DB, families: &[String], start: &[u8], end: Option<&[u8]>) -> Result<Vec<(Vec<u8>, Vec<u8>)>> {
    let mut out = Vec::new();
    for name in families {
        let mode = IteratorMode::From(start, Direction::Forward);
        let iterator = match db.cf_handle(name) {
            Some(cf) => db.iterator_cf(cf, mode),
            None => continue,
        };
        for item in iterator {
            let (k, v) = item.map_err(rocks)?;
            if end.is_some_and(|end| k.as_ref() >= end) {
                break;
            }
            out.push((k.into_vec(), v.into_vec()));
        }
    }
    out.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

fn handle<'a>(db: &'a DB, family: &Option<String>) -> Result<Option<&'a ColumnFamily>> {
    match family {
        None => Ok(None),
        Some(name) => {
            db.cf_handle(name).map(Some).ok_or_else(|| Error::Execution(format!("RocksDB: no column family {name}")))
        }
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
        let db = self.db()?;
        match family(key) {
            None => db.get(key).map_err(rocks),
            Some(name) => match db.cf_handle(&name) {
                Some(cf) => db.get_cf(cf, key).map_err(rocks),
                None => Ok(None),
            },
        }
    }

    fn put(&mut self, key: &[u8], value: &[u8]) -> Result<()> {
        let family = self.family_for_write(key)?;
        let (db, options) = (self.db()?, self.write_options());
        match handle(db, &family)? {
            None => db.put_opt(key, value, &options).map_err(rocks),
            Some(cf) => db.put_cf_opt(cf, key, value, &options).map_err(rocks),
        }
    }

    fn delete(&mut self, key: &[u8]) -> Result<()> {
        let (db, options) = (self.db()?, self.write_options());
        match family(key) {
            None => db.delete_opt(key, &options).map_err(rocks),
            Some(name) => match db.cf_handle(&name) {
                Some(cf) => db.delete_cf_opt(cf, key, &options).map_err(rocks),
                None => Ok(()),
            },
        }
    }

    fn scan(&self, start: &[u8], end: &[u8]) -> Result<Vec<(Vec<u8>, Vec<u8>)>> {
        if start >= end {
            return Ok(vec![]);
        }
        self.collect(start, Some(end))
    }

    fn scan_from(&self, start: &[u8]) -> Result<Vec<(Vec<u8>, Vec<u8>)>> {
        self.collect(start, None)
    }

    /// A table's prefix reads its own family only, and nothing is collected.
    fn visit_prefix(&self, prefix: &[u8], visit: &mut super::Visit) -> Result<()> {
        let Some(name) = family(prefix) else {
            return self.scan_prefix(prefix)?.iter().try_for_each(|(k, v)| visit(k, v));
        };
        let db = self.db()?;
        let Some(cf) = db.cf_handle(&name) else { return Ok(()) };
        let mut pairs = db.raw_iterator_cf(cf);
        pairs.seek(prefix);
        while let (Some(key), Some(value)) = (pairs.key(), pairs.value()) {
            if !key.starts_with(prefix) {
                break;
            }
            visit(key, value)?;
            pairs.next();
        }
        pairs.status().map_err(rocks)
    }

    fn write(&mut self, ops: Vec<WriteOp>) -> Result<()> {
        if ops.is_empty() {
            return Ok(());
        }
        // Each op's family, as an index in `names` (`None`: the default family). A batch's keys
        // mostly share a namespace: its family is found once per run of them.
        let mut names: Vec<String> = Vec::new();
        let mut families: Vec<Option<usize>> = Vec::with_capacity(ops.len());
        let mut last: Option<(&[u8], Option<usize>)> = None;
        for op in &ops {
            let key = match op {
                WriteOp::Put(k, _) | WriteOp::Delete(k) | WriteOp::DeleteRange(k, _) => k,
            };
            let namespace = super::namespace(key).map_or(&[][..], str::as_bytes);
            let family = match last {
                Some((n, family)) if n == namespace => family,
                _ => self.family_for_write(key)?.map(|name| match names.iter().position(|n| *n == name) {
                    Some(at) => at,
                    None => {
                        names.push(name);
                        names.len() - 1
                    }
                }),
            };
            last = Some((namespace, family));
            families.push(family);
        }
        let db = self.db()?;
        let handles = names.iter().map(|name| handle(db, &Some(name.clone()))).collect::<Result<Vec<_>>>()?;
        let mut batch = WriteBatch::default();
        for (op, family) in ops.into_iter().zip(families) {
            match (op, family.and_then(|at| handles[at])) {
                (WriteOp::Put(k, v), None) => batch.put(k, v),
                (WriteOp::Put(k, v), Some(cf)) => batch.put_cf(cf, k, v),
                (WriteOp::Delete(k), None) => batch.delete(k),
                (WriteOp::Delete(k), Some(cf)) => batch.delete_cf(cf, k),
                // RocksDB leaves a reversed range undefined: it is nothing here.
                (WriteOp::DeleteRange(start, end), _) if start >= end => {}
                (WriteOp::DeleteRange(start, end), None) => batch.delete_range(start, end),
                (WriteOp::DeleteRange(start, end), Some(cf)) => batch.delete_range_cf(cf, start, end),
            }
        }
        db.write_opt(batch, &self.write_options()).map_err(rocks)
    }

    fn clear(&mut self) -> Result<()> {
        self.db = None;
        let live = self.dir.join("live");
        std::fs::remove_dir_all(&live).map_err(|e| io("cannot clear", &live, e))?;
        self.db = Some(open_db(&live)?);
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
        self.db = Some(open_db(&live)?);
        Ok(())
    }

    fn checkpoint_value(&self, id: &str, key: &[u8]) -> Result<Option<Vec<u8>>> {
        let dir = self.checkpoint_dir(id)?;
        if !dir.is_dir() {
            return Err(Error::Input(format!("there is no checkpoint \"{id}\"")));
        }
        let (db, _) = open_checkpoint(&dir)?;
        let family = family(key);
        match (family.as_ref().map(|name| db.cf_handle(name)), family) {
            (None, _) => db.get(key).map_err(rocks),
            (Some(Some(cf)), _) => db.get_cf(cf, key).map_err(rocks),
            (Some(None), _) => Ok(None),
        }
    }

    fn export_checkpoint(&self, id: &str) -> Result<Vec<u8>> {
        let dir = self.checkpoint_dir(id)?;
        if !dir.is_dir() {
            return Err(Error::Input(format!("there is no checkpoint \"{id}\"")));
        }
        let (db, families) = open_checkpoint(&dir)?;
        let pairs = collect_all(&db, &families, b"", None)?;
        super::encode_pairs(pairs.iter().map(|(k, v)| (k, v)))
    }

    /// Writes the pairs into a database of their own and checkpoints that as `id`.
    fn import_checkpoint(&mut self, id: &str, bytes: &[u8]) -> Result<()> {
        let pairs: Vec<(Vec<u8>, Vec<u8>)> = super::decode_pairs(bytes)?;
        let staging = self.dir.join("importing");
        let _ = std::fs::remove_dir_all(&staging);
        {
            let mut db = open_db(&staging)?;
            for name in pairs.iter().filter_map(|(k, _)| family(k)) {
                if db.cf_handle(&name).is_none() {
                    db.create_cf(&name, &Options::default()).map_err(rocks)?;
                }
            }
            let mut batch = WriteBatch::default();
            for (k, v) in pairs {
                match handle(&db, &family(&k))? {
                    None => batch.put(k, v),
                    Some(cf) => batch.put_cf(cf, k, v),
                }
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

    fn write_through(&self) -> bool {
        true
    }

    /// Counts the keys (every key is read, though none copied: for state-size figures, not for
    /// hot paths).
    fn len(&self) -> usize {
        let Some(db) = &self.db else { return 0 };
        let families = self.families().unwrap_or_default();
        let mut keys = 0;
        for cf in families.iter().filter_map(|name| db.cf_handle(name)) {
            let mut pairs = db.raw_iterator_cf(cf);
            pairs.seek_to_first();
            while pairs.valid() {
                keys += 1;
                pairs.next();
            }
        }
        keys
    }
}
