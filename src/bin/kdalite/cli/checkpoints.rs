//! `kdalite run --checkpoint-dir DIR`: a run that checkpoints on the virtual clock and restarts
//! from its latest checkpoint, with exactly-once output files.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

use super::*;

/// A run that checkpoints on the virtual clock (as KDA's CheckpointConfiguration says:
/// every `interval` ms) and can restart from its latest checkpoint. With `--output FILE`,
/// output is exactly-once: rows go to `FILE.inprogress` and reach FILE when the checkpoint
/// that covers them completes; a restore cuts FILE back to what its checkpoint committed.
/// So after `kill -9` at any moment and a rerun with `--restore`, FILE holds exactly the
/// rows of an uninterrupted run.
pub(super) struct Checkpoints {
    dir: PathBuf,
    interval: i64,
    min_pause: i64,
    restore: bool,
    restore_from: Option<String>,
    allow_non_restored: bool,
}

/// Checkpoints kept: the newest two (the newest may be the one a crash interrupted).
const RETAINED: usize = 2;

impl Checkpoints {
    pub(super) fn new(args: &RunArgs, dir: &std::path::Path) -> Result<Checkpoints> {
        let interval = args.checkpoint_interval.unwrap_or(60_000);
        if interval < 1 {
            return Err(Error::Input("--checkpoint-interval must be at least 1 ms".into()));
        }
        if args.output.is_some() && args.format != Format::Jsonl {
            return Err(Error::Input("with --checkpoint-dir, --output writes --format jsonl only".into()));
        }
        Ok(Checkpoints {
            dir: dir.to_path_buf(),
            interval: interval as i64,
            min_pause: args.min_pause_between_checkpoints as i64,
            restore: args.restore || args.restore_from.is_some(),
            restore_from: args.restore_from.clone(),
            allow_non_restored: args.allow_non_restored_state,
        })
    }

    /// The state, which must outlive the process: RocksDB, its checkpoints in `dir`.
    pub(super) fn backend(&self, spec: &str) -> Result<Box<dyn kdalite::state::StateBackend>> {
        match spec.split_once(':') {
            #[cfg(feature = "rocksdb")]
            Some(("rocksdb", dir)) if !dir.is_empty() => {
                use kdalite::state::StateBackend;
                let path = std::path::Path::new(dir);
                // The live state an earlier run left is never carried on from: a run starts
                // empty or from a checkpoint, which a restore copies over the live state.
                let mut backend = kdalite::state::RocksDbBackend::open_with(path, &self.dir, true)?;
                if !self.restore {
                    // A fresh run is a new job: its predecessor's checkpoints go.
                    for id in backend.checkpoints()? {
                        backend.drop_checkpoint(&id)?;
                    }
                }
                Ok(Box::new(backend))
            }
            _ => Err(Error::Input("checkpoints need state that outlives the process: --state rocksdb:DIR".into())),
        }
    }

    pub(super) fn run(
        self,
        runtime: &mut runtime::Runtime,
        output: Option<&std::path::Path>,
        format: Format,
    ) -> Result<()> {
        runtime.checkpointable()?;
        let mut sink = match output {
            Some(path) => Sink::File(CommittedFile::open(path, self.restore)?),
            None => Sink::Stdout(Printer::new(format, BufWriter::new(Box::new(std::io::stdout().lock())))),
        };
        let mut taken = 0u64;
        if self.restore {
            // No checkpoint yet: the run starts over, and so does its output.
            let mut committed = 0;
            let ids = runtime.checkpoints()?;
            // New checkpoints are numbered after every one there, so the latest stays last.
            taken = ids.iter().filter_map(|id| id.strip_prefix("chk-")?.parse().ok()).max().unwrap_or(0);
            let chosen = self.restore_from.clone().or_else(|| ids.last().cloned());
            if let Some(id) = chosen {
                if !ids.contains(&id) {
                    return Err(Error::Input(format!(
                        "--restore-from {id}: {} has no such checkpoint (it has: {})",
                        self.dir.display(),
                        if ids.is_empty() { "none".to_string() } else { ids.join(", ") }
                    )));
                }
                let extra = runtime.restore(&id, self.allow_non_restored)?;
                committed = extra.get(..8).and_then(|b| b.try_into().ok()).map_or(0, u64::from_le_bytes);
            }
            sink.restart_at(committed)?;
        }
        let mut schedule = runtime::CheckpointSchedule::new(self.interval, self.min_pause);
        schedule.start_at(runtime.now());
        while !runtime.is_closed() {
            runtime.run_step_into(self.interval.min(60_000), |batches| sink.print(batches))?;
            if !runtime.is_closed() && schedule.due(runtime.now()) {
                let committed = sink.commit()?;
                taken += 1;
                runtime.checkpoint(&format!("chk-{taken:09}"), &committed.to_le_bytes())?;
                sink.committed()?;
                let ids = runtime.checkpoints()?;
                for id in ids.iter().take(ids.len().saturating_sub(RETAINED)) {
                    runtime.drop_checkpoint(id)?;
                }
            }
        }
        sink.commit()?;
        sink.committed()
    }
}

/// Where a checkpointed run writes rows.
enum Sink {
    File(CommittedFile),
    Stdout(Printer<BufWriter<Box<dyn Write>>>),
}

impl Sink {
    fn print(&mut self, batches: Vec<OutputBatch>) -> Result<()> {
        match self {
            Sink::File(file) => file.print(batches),
            Sink::Stdout(printer) => printer.print(batches),
        }
    }

    /// Makes the rows written so far part of the output; returns the output's length.
    fn commit(&mut self) -> Result<u64> {
        match self {
            Sink::File(file) => file.commit(),
            Sink::Stdout(printer) => printer.flush().map(|_| 0),
        }
    }

    /// The checkpoint holding the last commit is complete: its rows are done with.
    fn committed(&mut self) -> Result<()> {
        match self {
            Sink::File(file) => file.clear_in_progress(),
            Sink::Stdout(_) => Ok(()),
        }
    }

    /// After a restore: the output as the checkpoint committed it.
    fn restart_at(&mut self, committed: u64) -> Result<()> {
        match self {
            Sink::File(file) => file.restart_at(committed),
            Sink::Stdout(_) => Ok(()),
        }
    }
}

/// An output file written exactly once: rows go to `FILE.inprogress` first and are
/// appended to FILE at each commit.
struct CommittedFile {
    path: PathBuf,
    in_progress: PathBuf,
    pending: BufWriter<File>,
    /// A step's rows as text, kept between steps so its memory is reused.
    text: Vec<u8>,
}

impl CommittedFile {
    /// `keep`: a restored run, whose FILE holds committed rows; otherwise FILE starts empty.
    fn open(path: &std::path::Path, keep: bool) -> Result<CommittedFile> {
        let fail = |e: std::io::Error| Error::Input(format!("cannot write {}: {e}", path.display()));
        if !keep || !path.exists() {
            File::create(path).map_err(fail)?;
        }
        let in_progress = PathBuf::from(format!("{}.inprogress", path.display()));
        let pending = BufWriter::new(File::create(&in_progress).map_err(fail)?);
        Ok(CommittedFile { path: path.to_path_buf(), in_progress, pending, text: Vec::new() })
    }

    /// FILE cut back to what the restored checkpoint committed.
    fn restart_at(&mut self, committed: u64) -> Result<()> {
        let fail = |e: std::io::Error| Error::Input(format!("cannot write {}: {e}", self.path.display()));
        let file = std::fs::OpenOptions::new().write(true).open(&self.path).map_err(fail)?;
        file.set_len(committed).map_err(fail)?;
        file.sync_all().map_err(fail)
    }

    fn print(&mut self, batches: Vec<OutputBatch>) -> Result<()> {
        self.text.clear();
        for OutputBatch { stream, batch } in batches {
            write_json_lines(Some(&stream), &batch, &mut self.text)?;
        }
        self.pending.write_all(&self.text).map_err(|e| Error::Input(format!("writing output: {e}")))
    }

    fn commit(&mut self) -> Result<u64> {
        let fail = |e: std::io::Error| Error::Input(format!("writing {}: {e}", self.path.display()));
        self.pending.flush().map_err(fail)?;
        let mut out = std::fs::OpenOptions::new().append(true).open(&self.path).map_err(fail)?;
        std::io::copy(&mut File::open(&self.in_progress).map_err(fail)?, &mut out).map_err(fail)?;
        out.sync_all().map_err(fail)?;
        Ok(out.metadata().map_err(fail)?.len())
    }

    fn clear_in_progress(&mut self) -> Result<()> {
        let fail = |e: std::io::Error| Error::Input(format!("writing {}: {e}", self.in_progress.display()));
        self.pending = BufWriter::new(File::create(&self.in_progress).map_err(fail)?);
        Ok(())
    }
}
