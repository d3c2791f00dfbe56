//! A narrowed view: only the values a path filter selected, each headed by a row
//! with its canonical path. Rows map to sections by binary search, so a filter
//! selecting every payment of a large page still pages instantly.

use super::path_filter::PathHit;

/// What one row of a narrowed view shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NarrowRow<'a> {
    /// The header of hit number `hit`: its canonical path.
    Header { hit: usize, path: &'a str },
    /// A line of the document (0-based), belonging to hit number `hit`.
    Line { hit: usize, line: usize },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Narrowed {
    hits: Vec<PathHit>,
    /// `header_rows[i]`: the row of hit `i`'s header; one more entry holds the total.
    header_rows: Vec<usize>,
}

impl Narrowed {
    pub fn new(hits: Vec<PathHit>) -> Self {
        let mut header_rows = Vec::with_capacity(hits.len() + 1);
        let mut row = 0;
        for hit in &hits {
            header_rows.push(row);
            row += 1 + hit.last_line.saturating_sub(hit.first_line) + 1;
        }
        header_rows.push(row);
        Narrowed { hits, header_rows }
    }

    pub fn hits(&self) -> &[PathHit] {
        &self.hits
    }

    /// Rows the view takes: one header plus the value's lines, per hit.
    pub fn rows(&self) -> usize {
        self.header_rows.last().copied().unwrap_or(0)
    }

    /// What row `row` shows; None past the end.
    pub fn row(&self, row: usize) -> Option<NarrowRow<'_>> {
        if row >= self.rows() {
            return None;
        }
        let hit = self.header_rows.partition_point(|&r| r <= row) - 1;
        let h = &self.hits[hit];
        match row - self.header_rows[hit] {
            0 => Some(NarrowRow::Header { hit, path: &h.path }),
            k => Some(NarrowRow::Line {
                hit,
                line: h.first_line + k - 1,
            }),
        }
    }

    /// The row of hit `hit`'s header (to jump between hits).
    pub fn header_row(&self, hit: usize) -> Option<usize> {
        (hit < self.hits.len()).then(|| self.header_rows[hit])
    }

    /// The row showing document line `line`, to keep the cursor's place when
    /// entering the narrowed view; None when no hit holds it. Hits are in document
    /// order (the locator sorts them), so the last one starting at or before `line`
    /// is the innermost candidate.
    pub fn row_of_line(&self, line: usize) -> Option<usize> {
        let i = self
            .hits
            .partition_point(|h| h.first_line <= line)
            .checked_sub(1)?;
        let h = &self.hits[i];
        (line <= h.last_line).then(|| self.header_rows[i] + 1 + line - h.first_line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::body::BodyDoc;
    use crate::viewer::filter_path;

    fn hit(path: &str, first_line: usize, last_line: usize) -> PathHit {
        PathHit {
            path: path.to_owned(),
            first_line,
            last_line,
        }
    }

    #[test]
    fn each_hit_is_a_header_then_its_lines() {
        let n = Narrowed::new(vec![hit("a", 3, 5), hit("b", 9, 9)]);
        assert_eq!(n.rows(), 6);
        let rows: Vec<_> = (0..7).map(|r| n.row(r)).collect();
        assert_eq!(
            rows,
            [
                Some(NarrowRow::Header { hit: 0, path: "a" }),
                Some(NarrowRow::Line { hit: 0, line: 3 }),
                Some(NarrowRow::Line { hit: 0, line: 4 }),
                Some(NarrowRow::Line { hit: 0, line: 5 }),
                Some(NarrowRow::Header { hit: 1, path: "b" }),
                Some(NarrowRow::Line { hit: 1, line: 9 }),
                None
            ]
        );
        assert_eq!(n.header_row(1), Some(4));
        assert_eq!(n.row_of_line(9), Some(5));
        assert_eq!(n.row_of_line(6), None);
    }

    #[test]
    fn narrowing_a_filter_shows_only_the_selected_values() {
        let doc = BodyDoc::build(
            br#"{"items":[{"id":"a","n":{"v":1}},{"id":"b","n":{"v":2}},{"id":"c"}]}"#,
        );
        let found = filter_path(&doc, "items.n", false).unwrap();
        let n = Narrowed::new(found.hits);
        let shown: Vec<String> = (0..n.rows())
            .filter_map(|r| match n.row(r)? {
                NarrowRow::Header { path, .. } => Some(format!("# {path}")),
                NarrowRow::Line { line, .. } => doc.line(line).map(|t| t.trim().to_owned()),
            })
            .collect();
        assert_eq!(
            shown,
            [
                "# items[0].n",
                "\"n\": {",
                "\"v\": 1",
                "}",
                "# items[1].n",
                "\"n\": {",
                "\"v\": 2",
                "}"
            ]
        );
    }

    #[test]
    fn an_empty_narrowing_has_no_rows() {
        let n = Narrowed::new(Vec::new());
        assert_eq!((n.rows(), n.row(0), n.header_row(0)), (0, None, None));
    }
}
