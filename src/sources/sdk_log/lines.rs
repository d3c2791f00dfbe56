//! Lines out of any byte stream, in bounded memory: a line longer than the cap
//! keeps its first `max_line` bytes and the rest is skipped (the line is marked
//! cut), so a 100 MB line costs the cap, not 100 MB. A trailing CR is dropped
//! (CRLF logs). Nothing here looks at the text.

use std::io::{self, Read};

/// How much is read from the source at once.
const CHUNK: usize = 256 * 1024;

/// One line without its terminator, numbered from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line<'a> {
    pub number: u64,
    pub bytes: &'a [u8],
    /// The line was longer than the cap: `bytes` is its head.
    pub cut: bool,
    /// Where the line starts in the source, and where the next one starts
    /// (so a line can be read again from a file).
    pub offset: u64,
    pub end: u64,
}

/// Splits a reader into lines. `next_line` returns `Ok(None)` when the source
/// has nothing more *for now*: a file being written may grow, so an
/// unterminated last line stays buffered until `take_partial` (at the real end).
pub struct LineSplitter<R> {
    source: R,
    buf: Vec<u8>,
    start: usize,
    end: usize,
    number: u64,
    max_line: usize,
    /// The head of a line over the cap while its rest is being skipped.
    long: Vec<u8>,
    skipping: bool,
    /// Where the line being skipped started.
    long_offset: u64,
    bytes_read: u64,
}

impl<R: Read> LineSplitter<R> {
    pub fn new(source: R, max_line: usize) -> Self {
        Self::at_offset(source, max_line, 0, Vec::new())
    }

    /// A splitter of a source that starts `offset` bytes into the input (a
    /// part of a file read by itself): the lines say where they are in the
    /// whole input. `offset` must be where a line starts. `buf` is a buffer
    /// to use again (from [`Self::into_buffer`]), or empty.
    pub fn at_offset(source: R, max_line: usize, offset: u64, buf: Vec<u8>) -> Self {
        let max_line = max_line.max(1);
        let want = CHUNK.min(max_line + 1).max(4096);
        let mut buf = buf;
        if buf.len() < want {
            buf.resize(want, 0);
        }
        LineSplitter {
            source,
            buf,
            start: 0,
            end: 0,
            number: 0,
            max_line,
            long: Vec::new(),
            skipping: false,
            long_offset: 0,
            bytes_read: offset,
        }
    }

    /// The buffer, to read another source with (no allocation per part).
    pub fn into_buffer(self) -> Vec<u8> {
        self.buf
    }

    /// Bytes read from the source so far.
    pub fn bytes_read(&self) -> u64 {
        self.bytes_read
    }

    /// The number of the last line returned.
    pub fn line_number(&self) -> u64 {
        self.number
    }

    /// The source, to look at or act on (a followed file checks for rotation).
    pub fn source_mut(&mut self) -> &mut R {
        &mut self.source
    }

    /// Numbers lines from 1 again (a followed file replaced or truncated).
    pub fn restart_numbering(&mut self) {
        self.number = 0;
    }

    /// Swaps in another source (a rotated file's successor); what is buffered
    /// of the old one, a partial line included, must be taken first.
    pub fn replace_source(&mut self, source: R) -> R {
        std::mem::replace(&mut self.source, source)
    }

    /// Where `buf[i]` is in the source: `at(i)`.
    fn at(&self, i: usize) -> u64 {
        self.bytes_read - (self.end - i) as u64
    }

    /// The next complete line, or None when the source has no more for now.
    pub fn next_line(&mut self) -> io::Result<Option<Line<'_>>> {
        loop {
            if let Some(pos) = memchr::memchr(b'\n', &self.buf[self.start..self.end]) {
                let line_start = self.start;
                let end = self.at(line_start + pos + 1);
                self.start += pos + 1;
                self.number += 1;
                if self.skipping {
                    self.skipping = false;
                    return Ok(Some(Line {
                        number: self.number,
                        bytes: &self.long,
                        cut: true,
                        offset: self.long_offset,
                        end,
                    }));
                }
                let offset = self.at(line_start);
                // Over the cap though whole in the buffer: cut the same way as a
                // line that did not fit, so a line reads the same wherever the
                // reads of the source happen to fall.
                let cut = pos > self.max_line;
                let bytes = if cut {
                    &self.buf[line_start..line_start + self.max_line]
                } else {
                    strip_cr(&self.buf[line_start..line_start + pos])
                };
                return Ok(Some(Line {
                    number: self.number,
                    bytes,
                    cut,
                    offset,
                    end,
                }));
            }
            if self.skipping {
                self.start = self.end;
            } else if self.end - self.start >= self.max_line {
                self.long_offset = self.at(self.start);
                self.long.clear();
                self.long
                    .extend_from_slice(&self.buf[self.start..self.start + self.max_line]);
                self.skipping = true;
                self.start = self.end;
            }
            if !self.fill()? {
                return Ok(None);
            }
        }
    }

    /// The unterminated last line at the real end of the input, if any.
    pub fn take_partial(&mut self) -> Option<Line<'_>> {
        let end = self.bytes_read;
        if self.skipping {
            self.skipping = false;
            self.start = self.end;
            self.number += 1;
            return Some(Line {
                number: self.number,
                bytes: &self.long,
                cut: true,
                offset: self.long_offset,
                end,
            });
        }
        if self.start == self.end {
            return None;
        }
        let (s, e) = (self.start, self.end);
        let offset = self.at(s);
        self.start = self.end;
        self.number += 1;
        let cut = e - s > self.max_line;
        Some(Line {
            number: self.number,
            bytes: if cut {
                &self.buf[s..s + self.max_line]
            } else {
                strip_cr(&self.buf[s..e])
            },
            cut,
            offset,
            end,
        })
    }

    /// Reads more into the buffer; false when the source gave nothing.
    fn fill(&mut self) -> io::Result<bool> {
        if self.start > 0 {
            self.buf.copy_within(self.start..self.end, 0);
            self.end -= self.start;
            self.start = 0;
        }
        if self.end == self.buf.len() {
            // A line longer than the buffer but under the cap: grow up to it.
            let grown = (self.buf.len() * 2).min(self.max_line + CHUNK);
            self.buf.resize(grown.max(self.end + 1), 0);
        }
        loop {
            match self.source.read(&mut self.buf[self.end..]) {
                Ok(0) => return Ok(false),
                Ok(n) => {
                    self.end += n;
                    self.bytes_read += n as u64;
                    return Ok(true);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        }
    }
}

fn strip_cr(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\r").unwrap_or(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(input: &[u8], max: usize) -> Vec<(u64, Vec<u8>, bool)> {
        let mut s = LineSplitter::new(input, max);
        let mut out = Vec::new();
        while let Some(l) = s.next_line().expect("read") {
            out.push((l.number, l.bytes.to_vec(), l.cut));
        }
        if let Some(l) = s.take_partial() {
            out.push((l.number, l.bytes.to_vec(), l.cut));
        }
        out
    }

    #[test]
    fn lines_are_numbered_and_crlf_is_dropped() {
        let got = all(b"a\r\nbb\n\nlast", 100);
        assert_eq!(
            got,
            vec![
                (1, b"a".to_vec(), false),
                (2, b"bb".to_vec(), false),
                (3, b"".to_vec(), false),
                (4, b"last".to_vec(), false)
            ]
        );
    }

    #[test]
    fn each_line_says_where_it_is_in_the_source() {
        let input = b"a\r\nbb\nxxxxxxxxxxxxxxxxxxxx\nlast";
        let mut s = LineSplitter::new(&input[..], 5);
        let mut got = Vec::new();
        while let Some(l) = s.next_line().expect("read") {
            got.push((l.offset, l.end));
        }
        let l = s.take_partial().expect("the last");
        got.push((l.offset, l.end));
        assert_eq!(got, vec![(0, 3), (3, 6), (6, 27), (27, 31)]);
    }

    #[test]
    fn a_line_over_the_cap_keeps_its_head_and_is_marked_cut() {
        let mut input = vec![b'x'; 1_000_000];
        input.extend_from_slice(b"\nnext\n");
        let got = all(&input, 10);
        assert_eq!(got[0], (1, b"xxxxxxxxxx".to_vec(), true));
        assert_eq!(got[1], (2, b"next".to_vec(), false));
        let unterminated = vec![b'y'; 50];
        assert_eq!(
            all(&unterminated, 10),
            vec![(1, b"yyyyyyyyyy".to_vec(), true)]
        );
    }

    #[test]
    fn a_line_over_the_cap_is_cut_the_same_whole_in_the_buffer_or_not() {
        // 30 bytes fit the buffer at once: cut all the same.
        let input = b"0123456789012345678901234567\r\nok\n0123456789012";
        assert_eq!(
            all(input, 10),
            vec![
                (1, b"0123456789".to_vec(), true),
                (2, b"ok".to_vec(), false),
                (3, b"0123456789".to_vec(), true)
            ]
        );
    }

    #[test]
    fn a_partial_line_waits_for_the_rest() {
        struct Twice(Vec<&'static [u8]>);
        impl Read for Twice {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                match self.0.first() {
                    Some(chunk) => {
                        let n = chunk.len().min(buf.len());
                        buf[..n].copy_from_slice(&chunk[..n]);
                        self.0.remove(0);
                        Ok(n)
                    }
                    None => Ok(0),
                }
            }
        }
        let mut s = LineSplitter::new(Twice(vec![b"hal"]), 100);
        assert!(s.next_line().expect("read").is_none());
        s.replace_source(Twice(vec![b"f\n"]));
        let line = s.next_line().expect("read").expect("a line");
        assert_eq!(line.bytes, b"half");
    }
}
