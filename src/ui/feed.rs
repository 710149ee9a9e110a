//! A file picked in the page, read from its `Blob` a chunk at a time just ahead of the engine:
//! the page never holds a whole file, whatever its size.

use futures_channel::mpsc;
use gloo::file::Blob;

use crate::error::{Error, Result};
use crate::source::file::{Chunk, Chunks, CHUNK_BYTES};

/// Chunks read but not yet taken by the engine (one more may be in the channel's sender slot
/// and one being read): what bounds the memory a file takes.
const AHEAD: usize = 2;

/// The chunks of a file, read by a task that waits whenever [`AHEAD`] chunks are ready and
/// stops when these chunks are dropped (the application stopped).
pub struct BlobChunks {
    ready: mpsc::Receiver<std::result::Result<Vec<u8>, String>>,
}

impl BlobChunks {
    pub fn new(blob: Blob) -> BlobChunks {
        let (mut sender, ready) = mpsc::channel(AHEAD);
        yew::platform::spawn_local(async move {
            let (mut offset, size) = (0, blob.size());
            while offset < size {
                let end = (offset + CHUNK_BYTES as u64).min(size);
                let chunk =
                    gloo::file::futures::read_as_bytes(&blob.slice(offset, end)).await.map_err(|e| e.to_string());
                let failed = chunk.is_err();
                if send(&mut sender, chunk).await.is_err() || failed {
                    return;
                }
                offset = end;
            }
        });
        BlobChunks { ready }
    }
}

/// Sends when the channel has room: resolves once the engine has taken enough chunks.
async fn send<T>(sender: &mut mpsc::Sender<T>, value: T) -> std::result::Result<(), mpsc::SendError> {
    std::future::poll_fn(|cx| sender.poll_ready(cx)).await?;
    sender.start_send(value)
}

impl Chunks for BlobChunks {
    fn next_chunk(&mut self) -> Result<Chunk> {
        match self.ready.try_recv() {
            Ok(Ok(bytes)) => Ok(Chunk::Bytes(bytes)),
            Ok(Err(e)) => Err(Error::Input(format!("reading the file: {e}"))),
            // The reading task finished and dropped its sender.
            Err(mpsc::TryRecvError::Closed) => Ok(Chunk::End),
            Err(mpsc::TryRecvError::Empty) => Ok(Chunk::Pending),
        }
    }
}
