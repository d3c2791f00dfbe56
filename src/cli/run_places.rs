//! Where a place in a filled request body is in the `.http` file, so `cinspect run` prints
//! `FILE:LINE:COL` an editor can jump to (vim's `:cfile`, emacs' compilation mode). The body
//! is filled piece by piece — text as written, and each `{{variable}}` or `{paymentId}` — so
//! a place in written text maps to itself, and one inside a filled value to the reference
//! that brought it in (what to edit).

use std::ops::Range;

use crate::sources::http_file::{RequestFill, VarError};

/// A request body as sent, and where each piece of it came from in the body as written.
#[derive(Debug)]
pub(super) struct FilledBody {
    pub text: String,
    pieces: Vec<Piece>,
}

#[derive(Debug)]
struct Piece {
    /// Bytes of the filled text.
    filled: Range<usize>,
    /// Where it starts in the written body.
    written: usize,
    /// Written text, unchanged by filling: offsets inside it map one to one.
    literal: bool,
}

/// `written` filled by `fill`. The pieces are filled in order by the same fill (a file
/// variable is still filled once); an error is the whole body's, so it names every
/// variable that cannot be filled at once, as filling it whole does.
pub(super) fn fill_body(fill: &mut RequestFill, written: &str) -> Result<FilledBody, VarError> {
    let mut body = FilledBody {
        text: String::new(),
        pieces: Vec::new(),
    };
    for (range, literal) in split(written) {
        let piece = if literal {
            written[range.clone()].to_owned()
        } else {
            match fill.fill(&written[range.clone()]) {
                Ok(text) => text,
                Err(_) => return fill.fill_anew(written).map(unmapped),
            }
        };
        let start = body.text.len();
        body.text.push_str(&piece);
        body.pieces.push(Piece {
            filled: start..body.text.len(),
            written: range.start,
            literal,
        });
    }
    Ok(body)
}

/// Not reached in practice (a piece failed but the whole filled): the whole as sent, every
/// place in it taken for the body's start.
fn unmapped(text: String) -> FilledBody {
    FilledBody {
        pieces: vec![Piece {
            filled: 0..text.len(),
            written: 0,
            literal: false,
        }],
        text,
    }
}

impl FilledBody {
    /// The file's (line, column) for a 1-based (line, column) of the filled body (columns in
    /// characters); `body_line` is the file's line where the body starts.
    pub(super) fn file_place(
        &self,
        written: &str,
        body_line: usize,
        place: (usize, usize),
    ) -> (usize, usize) {
        let offset = offset_of(&self.text, place);
        let at = self
            .pieces
            .iter()
            .find(|p| p.filled.contains(&offset))
            .map_or(written.len(), |p| {
                if p.literal {
                    p.written + (offset - p.filled.start)
                } else {
                    p.written
                }
            });
        let (line, column) = place_of(written, at);
        (body_line + line - 1, column)
    }
}

/// Written text and references, in order: `(range, literal)`. A reference is `{{…}}` (as the
/// fill finds it: to the next `}}`) or `{name}` (an id carried from a create).
fn split(text: &str) -> Vec<(Range<usize>, bool)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let (mut start, mut i) = (0, 0);
    while i < bytes.len() {
        let end = if text[i..].starts_with("{{") {
            text[i + 2..].find("}}").map(|c| i + 2 + c + 2)
        } else if bytes[i] == b'{' {
            let name = text[i + 1..]
                .find(|c: char| !c.is_ascii_alphanumeric() && c != '_')
                .map_or(0, |n| n);
            (name > 0 && bytes.get(i + 1 + name) == Some(&b'}')).then_some(i + name + 2)
        } else {
            None
        };
        match end {
            Some(end) => {
                if start < i {
                    out.push((start..i, true));
                }
                out.push((i..end, false));
                (start, i) = (end, end);
            }
            // On to the next character: `text[i..]` must start on one.
            None => i += text[i..].chars().next().map_or(1, char::len_utf8),
        }
    }
    if start < bytes.len() {
        out.push((start..bytes.len(), true));
    }
    out
}

/// The byte offset of a 1-based (line, column in characters); past the end, the end.
fn offset_of(text: &str, (line, column): (usize, usize)) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text[start..].find('\n') {
            Some(n) => start += n + 1,
            None => return text.len(),
        }
    }
    text[start..]
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(text.len(), |(i, _)| start + i)
}

/// The 1-based (line, column in characters) of a byte offset.
fn place_of(text: &str, offset: usize) -> (usize, usize) {
    let head = text.get(..offset).unwrap_or(text);
    let line = head.matches('\n').count() + 1;
    let line_start = head.rfind('\n').map_or(0, |n| n + 1);
    (line, head[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The split as text: each part and whether it is written text.
    fn parts(text: &str) -> Vec<(&str, bool)> {
        split(text)
            .into_iter()
            .map(|(r, l)| (&text[r], l))
            .collect()
    }

    #[test]
    fn written_text_and_references_split_as_the_fill_reads_them() {
        let text = "{\"a\": {{amount}}, \"id\": \"{paymentId}\", \"b\": {}}";
        let parts = parts(text);
        assert_eq!(
            parts,
            vec![
                ("{\"a\": ", true),
                ("{{amount}}", false),
                (", \"id\": \"", true),
                ("{paymentId}", false),
                ("\", \"b\": {}}", true),
            ]
        );
    }

    #[test]
    fn text_with_multi_byte_characters_splits_around_them() {
        let text = "{\"name\": \"Wile É. Coyoté\", \"ü\": {{x}}é}";
        let parts = parts(text);
        assert_eq!(
            parts,
            vec![
                ("{\"name\": \"Wile É. Coyoté\", \"ü\": ", true),
                ("{{x}}", false),
                ("é}", true),
            ]
        );
    }

    #[test]
    fn places_in_what_was_sent_map_back_to_the_file() {
        let written = "{\n  \"amount\": {{amount}}, \"currency\": \"EUR\",\n  \"é\": 1\n}";
        let text = "{\n  \"amount\": 2980, \"currency\": \"EUR\",\n  \"é\": 1\n}".to_string();
        let end = text.len();
        let piece = |filled: Range<usize>, written: usize, literal: bool| Piece {
            filled,
            written,
            literal,
        };
        let body = FilledBody {
            text,
            pieces: vec![
                piece(0..14, 0, true),
                piece(14..18, 14, false),
                piece(18..end, 24, true),
            ],
        };
        // The value a variable filled: the reference.
        assert_eq!(body.file_place(written, 10, (2, 14)), (11, 13));
        // Written text after it on the same line: shifted back by what the fill added.
        assert_eq!(body.file_place(written, 10, (2, 20)), (11, 26));
        // A later line, with a multi-byte character before the place.
        assert_eq!(body.file_place(written, 10, (3, 4)), (12, 4));
    }
}
