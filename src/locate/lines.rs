//! Byte offset ⇄ 1-based line/column, columns counting Unicode scalar values.
//!
//! Line breaks are `\n` and `\r\n` (one break). A lone `\r` is an ordinary character:
//! JSON bodies and editors on every platform we target break lines on `\n`, and treating
//! `\r` alone as a break would make the editor's row and ours disagree. A tab is one
//! column (one scalar value); how wide the UI draws it is the UI's business.

use super::outcome::Position;

/// Start offsets of every line, computed once per text.
#[derive(Clone, Debug)]
pub struct LineIndex {
    /// `starts[i]` is the byte offset where line `i + 1` begins; `starts[0] == 0`.
    starts: Vec<u32>,
}

impl LineIndex {
    /// Indexes `bytes` (already capped to `u32` offsets by the caller).
    pub fn new(bytes: &[u8]) -> Self {
        let mut starts = Vec::with_capacity((bytes.len() / 32).min(1 << 22) + 1);
        starts.push(0);
        // Eight bytes at a time (SWAR): one bit per newline byte, visited lowest first.
        const LF: u64 = u64::from_le_bytes([b'\n'; 8]);
        let mut chunks = bytes.chunks_exact(8);
        let mut base = 0u32;
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            let mut found = zero_bytes(u64::from_le_bytes(word) ^ LF);
            while found != 0 {
                starts.push(base + found.trailing_zeros() / 8 + 1);
                found &= found - 1;
            }
            base += 8;
        }
        for (i, &b) in chunks.remainder().iter().enumerate() {
            if b == b'\n' {
                starts.push(base + i as u32 + 1);
            }
        }
        LineIndex { starts }
    }

    /// The 1-based position of `byte` in `text`; offsets past the end map to the end.
    /// The column counts the scalar values that start before `byte` on its line.
    pub fn position(&self, text: &str, byte: usize) -> Position {
        let byte = byte.min(text.len());
        let line = self.starts.partition_point(|&s| s as usize <= byte).max(1);
        let start = self.starts[line - 1] as usize;
        let bytes = text.as_bytes();
        let mut chars = bytes[start..byte]
            .iter()
            .filter(|&&b| !is_continuation(b))
            .count();
        // The `\n` of a `\r\n` is in the same break as the `\r`: same column.
        if byte > start && bytes.get(byte) == Some(&b'\n') && bytes[byte - 1] == b'\r' {
            chars -= 1;
        }
        Position {
            line,
            column: chars + 1,
        }
    }

    /// The 1-based line of `byte` and the byte offset where that line starts (offsets
    /// past the end are on the last line). For callers that count columns themselves,
    /// incrementally, over many sorted offsets on one long line.
    pub fn line_start(&self, byte: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s as usize <= byte).max(1);
        (line, self.starts[line - 1] as usize)
    }

    /// The byte offset of a 1-based position; None when the line does not exist or the
    /// column lies past the line's end (the end itself, before the break, is valid).
    pub fn byte_offset(&self, text: &str, pos: Position) -> Option<usize> {
        if pos.line == 0 || pos.column == 0 {
            return None;
        }
        let start = *self.starts.get(pos.line - 1)? as usize;
        let end = match self.starts.get(pos.line) {
            Some(&next) => {
                let lf = next as usize - 1;
                // `\r\n` is one break: the `\r` is not part of the line's content.
                if lf > start && text.as_bytes()[lf - 1] == b'\r' {
                    lf - 1
                } else {
                    lf
                }
            }
            None => text.len(),
        };
        let line = text.get(start..end)?;
        let wanted = pos.column - 1;
        if wanted == 0 {
            return Some(start);
        }
        match line.char_indices().nth(wanted) {
            Some((i, _)) => Some(start + i),
            None if line.chars().count() == wanted => Some(end),
            None => None,
        }
    }
}

/// SWAR: the high bit of every byte of `x` that is zero, and no other bit (exact,
/// unlike the borrow-based test, so every set bit can be trusted).
#[inline]
fn zero_bytes(x: u64) -> u64 {
    const LOW7: u64 = u64::from_le_bytes([0x7F; 8]);
    !(((x & LOW7).wrapping_add(LOW7)) | x | LOW7)
}

/// UTF-8 continuation bytes (`10xxxxxx`) do not start a scalar value.
#[inline]
fn is_continuation(b: u8) -> bool {
    b & 0xC0 == 0x80
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: usize, column: usize) -> Position {
        Position { line, column }
    }

    fn index(text: &str) -> LineIndex {
        LineIndex::new(text.as_bytes())
    }

    #[test]
    fn positions_are_one_based() {
        let t = "ab\ncd";
        let ix = index(t);
        assert_eq!(ix.position(t, 0), pos(1, 1));
        assert_eq!(ix.position(t, 2), pos(1, 3));
        assert_eq!(ix.position(t, 3), pos(2, 1));
        assert_eq!(ix.position(t, 5), pos(2, 3));
    }

    #[test]
    fn crlf_is_one_line_break() {
        let t = "{\r\n  \"a\": 1\r\n}";
        let ix = index(t);
        let a = t.find("\"a\"").unwrap();
        assert_eq!(ix.position(t, a), pos(2, 3));
        assert_eq!(ix.position(t, t.len() - 1), pos(3, 1));
        assert_eq!(ix.byte_offset(t, pos(2, 3)), Some(a));
        // The end of line 1 is before the `\r`, and one column further does not exist.
        assert_eq!(ix.byte_offset(t, pos(1, 2)), Some(1));
        assert_eq!(ix.byte_offset(t, pos(1, 3)), None);
        // Both bytes of the break sit at the end-of-line column.
        assert_eq!(ix.position(t, 1), pos(1, 2));
        assert_eq!(ix.position(t, 2), pos(1, 2));
    }

    #[test]
    fn lone_cr_is_not_a_line_break() {
        let t = "a\rb";
        let ix = index(t);
        assert_eq!(ix.position(t, 2), pos(1, 3));
    }

    #[test]
    fn tab_is_one_column() {
        let t = "\t\t\"x\"";
        assert_eq!(index(t).position(t, 2), pos(1, 3));
    }

    #[test]
    fn columns_count_scalar_values_not_bytes() {
        let t = "\"é😀\": 1";
        let ix = index(t);
        let one = t.find('1').unwrap();
        // `"`, `é`, `😀`, `"`, `:`, ` ` come before the 1.
        assert_eq!(ix.position(t, one), pos(1, 7));
        assert_eq!(ix.byte_offset(t, pos(1, 7)), Some(one));
    }

    #[test]
    fn offsets_past_the_end_clamp() {
        let t = "ab";
        assert_eq!(index(t).position(t, 99), pos(1, 3));
    }

    #[test]
    fn byte_offset_rejects_missing_lines_and_columns() {
        let t = "ab\nc";
        let ix = index(t);
        assert_eq!(ix.byte_offset(t, pos(0, 1)), None);
        assert_eq!(ix.byte_offset(t, pos(1, 0)), None);
        assert_eq!(ix.byte_offset(t, pos(3, 1)), None);
        assert_eq!(ix.byte_offset(t, pos(1, 4)), None);
        assert_eq!(ix.byte_offset(t, pos(2, 2)), Some(4));
    }

    #[test]
    fn zero_bytes_flags_exactly_the_zero_bytes() {
        let x = u64::from_le_bytes([0, 1, 0, 0x80, 0x0B, 0, 0xFF, 0]);
        assert_eq!(
            zero_bytes(x),
            u64::from_le_bytes([0x80, 0, 0x80, 0, 0, 0x80, 0, 0x80])
        );
    }

    #[test]
    fn newlines_next_to_vertical_tabs_are_exact() {
        let t = "\n\x0b\n\x0b\x0b\n\n\x0babc\n";
        let ix = index(t);
        for (i, _) in t.match_indices('\n') {
            assert_eq!(ix.position(t, i + 1).column, 1, "after the newline at {i}");
        }
        assert_eq!(ix.position(t, t.len()).line, 6);
    }

    #[test]
    fn long_texts_find_every_newline() {
        let t = "x\n".repeat(37) + "tail";
        let ix = index(&t);
        assert_eq!(ix.position(&t, t.len()), pos(38, 5));
        for line in 1..=38 {
            assert_eq!(ix.byte_offset(&t, pos(line, 1)), Some((line - 1) * 2));
        }
    }
}
