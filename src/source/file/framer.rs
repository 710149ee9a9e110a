//! A file's bytes cut into segments of whole records, wherever its chunks end.

use std::ops::Range;

use super::Format;

/// Whole records, cut from a file's bytes; for a JSON array, where each element lies.
pub(super) struct Segment {
    pub(super) bytes: Vec<u8>,
    pub(super) elements: Vec<Range<usize>>,
}

/// Cuts a file's bytes into runs of whole records wherever its chunks end: a CSV record ends
/// at a line end outside quotes, a JSON line at a line end, a JSON array's element at a comma
/// or the closing bracket outside strings and nested values.
pub(super) struct Framer {
    format: Format,
    buf: Vec<u8>,
    /// How much of `buf` has been scanned, and where the last whole record in it ends.
    scanned: usize,
    cut: usize,
    /// Inside a quoted CSV field or a JSON string; after a backslash in a JSON string.
    quoted: bool,
    escaped: bool,
    /// JSON array: nesting depth (1 inside the array), where the element being scanned
    /// starts, and the whole elements scanned.
    depth: u32,
    start: usize,
    elements: Vec<Range<usize>>,
}

impl Framer {
    pub(super) fn new(format: Format) -> Framer {
        Framer {
            format,
            buf: Vec::new(),
            scanned: 0,
            cut: 0,
            quoted: false,
            escaped: false,
            depth: 0,
            start: 0,
            elements: Vec::new(),
        }
    }

    pub(super) fn push(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
        let from = self.scanned;
        match self.format {
            Format::Csv { .. } => {
                // Whether a line end is inside quotes is the parity of the quotes before it:
                // count them once, then walk back from the end to the last line end outside.
                let odd = |bytes: &[u8]| memchr::memchr_iter(b'"', bytes).count() % 2 == 1;
                let end_quoted = self.quoted ^ odd(&self.buf[from..]);
                let (mut quoted, mut to) = (end_quoted, self.buf.len());
                while let Some(at) = memchr::memrchr(b'\n', &self.buf[from..to]) {
                    quoted ^= odd(&self.buf[from + at..to]);
                    if !quoted {
                        self.cut = from + at + 1;
                        break;
                    }
                    to = from + at;
                }
                self.quoted = end_quoted;
            }
            Format::JsonLines => {
                if let Some(at) = memchr::memrchr(b'\n', &self.buf[from..]) {
                    self.cut = from + at + 1;
                }
            }
            Format::JsonArray => self.scan_array(from),
        }
        self.scanned = self.buf.len();
    }

    fn scan_array(&mut self, from: usize) {
        for at in from..self.buf.len() {
            let b = self.buf[at];
            if self.quoted {
                match b {
                    _ if self.escaped => self.escaped = false,
                    b'\\' => self.escaped = true,
                    b'"' => self.quoted = false,
                    _ => {}
                }
                continue;
            }
            match b {
                b'"' if self.depth > 0 => self.quoted = true,
                b'[' if self.depth == 0 => {
                    self.depth = 1;
                    self.start = at + 1;
                }
                b'[' | b'{' if self.depth > 0 => self.depth += 1,
                b',' | b']' if self.depth == 1 => {
                    self.end_element(at);
                    if b == b']' {
                        self.depth = 0;
                    }
                    self.start = at + 1;
                    self.cut = at + 1;
                }
                b']' | b'}' if self.depth > 1 => self.depth -= 1,
                _ => {}
            }
        }
    }

    /// The element from `start` to `end`, unless it is blank (`[]`, a trailing comma).
    fn end_element(&mut self, end: usize) {
        if !self.buf[self.start..end].iter().all(u8::is_ascii_whitespace) {
            self.elements.push(self.start..end);
        }
    }

    /// The whole records received so far, or, at the `end` of the file, everything left (an
    /// unfinished record becomes a bad row rather than vanishing).
    pub(super) fn take(&mut self, end: bool) -> Option<Segment> {
        if end && self.format == Format::JsonArray && self.depth > 0 {
            self.end_element(self.buf.len());
            self.depth = 0;
            self.cut = self.buf.len();
        }
        let cut = if end { self.buf.len() } else { self.cut };
        if cut == 0 {
            return None;
        }
        let rest = self.buf.split_off(cut);
        let bytes = std::mem::replace(&mut self.buf, rest);
        self.scanned -= cut;
        self.cut = 0;
        self.start = self.start.saturating_sub(cut);
        let elements = std::mem::take(&mut self.elements);
        Some(Segment { bytes, elements })
    }
}
