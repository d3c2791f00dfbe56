//! What a read came across besides exchanges: counts, and the lines where
//! something could not be read (kept up to a limit, counted beyond it).

/// Line numbers kept per list; the counts go on beyond.
const KEPT_LINES: usize = 100;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    pub lines: u64,
    pub bytes: u64,
    /// SDK messages read whole.
    pub messages: u64,
    /// Messages that could not be read: cut at the end of the input,
    /// interrupted by another record, or a first line that does not read.
    pub fragments: u64,
    /// The first lines of the fragments (where each message started).
    pub fragment_lines: Vec<u64>,
    /// Lines over the length cap (their heads were kept).
    pub cut_lines: u64,
    pub cut_line_numbers: Vec<u64>,
    pub unanswered: u64,
    pub responses_without_request: u64,
    pub errors_without_request: u64,
    pub duplicate_request_ids: u64,
}

impl Stats {
    pub(super) fn fragment(&mut self, line: u64) {
        self.fragments += 1;
        if self.fragment_lines.len() < KEPT_LINES {
            self.fragment_lines.push(line);
        }
    }

    pub(super) fn cut(&mut self, line: u64) {
        self.cut_lines += 1;
        if self.cut_line_numbers.len() < KEPT_LINES {
            self.cut_line_numbers.push(line);
        }
    }

    /// The line counts of a later part of the input read by itself (lines
    /// numbered from 1 there), after `base` lines of this one.
    pub(super) fn add_lines(&mut self, part: &Stats, base: u64) {
        self.lines = base + part.lines;
        self.bytes += part.bytes;
        self.cut_lines += part.cut_lines;
        let room = KEPT_LINES.saturating_sub(self.cut_line_numbers.len());
        self.cut_line_numbers
            .extend(part.cut_line_numbers.iter().take(room).map(|n| base + n));
    }

    /// `2 fragments could not be read: lines 120, 4400`, None when there were none.
    pub fn fragments_note(&self) -> Option<String> {
        (self.fragments > 0).then(|| {
            let noun = plural(self.fragments, "fragment");
            let lines = line_list(self.fragments, &self.fragment_lines);
            format!("{} {noun} could not be read: {lines}", self.fragments)
        })
    }

    /// `1 line was cut at 16 MiB: line 7`, None when none was.
    pub fn cut_note(&self, cap: usize) -> Option<String> {
        (self.cut_lines > 0).then(|| {
            let was = if self.cut_lines == 1 {
                "line was"
            } else {
                "lines were"
            };
            let lines = line_list(self.cut_lines, &self.cut_line_numbers);
            format!("{} {was} cut at {}: {lines}", self.cut_lines, size(cap))
        })
    }
}

fn plural(n: u64, noun: &str) -> String {
    if n == 1 {
        noun.to_string()
    } else {
        format!("{noun}s")
    }
}

/// `line 7`, `lines 120, 4400`, with `, …` when more were counted than kept.
fn line_list(n: u64, kept: &[u64]) -> String {
    let list = kept
        .iter()
        .map(u64::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    let more = if n > kept.len() as u64 { ", …" } else { "" };
    format!(
        "{} {list}{more}",
        if kept.len() == 1 { "line" } else { "lines" }
    )
}

fn size(bytes: usize) -> String {
    if bytes >= 1 << 20 && bytes.is_multiple_of(1 << 20) {
        format!("{} MiB", bytes >> 20)
    } else {
        format!("{bytes} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_notes_name_the_lines() {
        let mut s = Stats::default();
        assert_eq!(s.fragments_note(), None);
        s.fragment(120);
        assert_eq!(
            s.fragments_note().as_deref(),
            Some("1 fragment could not be read: line 120")
        );
        s.fragment(4400);
        assert_eq!(
            s.fragments_note().as_deref(),
            Some("2 fragments could not be read: lines 120, 4400")
        );
        s.cut(7);
        assert_eq!(
            s.cut_note(16 << 20).as_deref(),
            Some("1 line was cut at 16 MiB: line 7")
        );
    }
}
