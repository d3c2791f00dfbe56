//! Edits to a file's text as it is on disk: one block replaced, or a request
//! appended at the end in the file's line ends. Pure; `save` reads and writes.

use super::HttpFile;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// Block `index` becomes `text` (made from the file as read, which must
    /// still be what is on disk).
    Block { index: usize, text: String },
    /// A new request at the end: `### name` and `# @name name` above `lines`
    /// (written with LF; the file's own line ends are used).
    Append { name: String, lines: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditError {
    /// Append: the file already has a request of that name, in this block.
    NameTaken { block: usize },
    /// Block: the file has no such block.
    Gone,
}

/// The top line of a file cinspect makes.
pub const MADE_NOTE: &str = "# cinspect signs these requests (v1HMAC) as it sends them; {{baseUrl}} and {{merchantId}} come from its environment";

/// `\r\n` when the file uses it, else `\n`.
pub fn line_end(text: &str) -> &'static str {
    if text.contains("\r\n") { "\r\n" } else { "\n" }
}

/// The block holding the request named `name`, if the file has one.
pub fn request_named(file: &HttpFile, name: &str) -> Option<usize> {
    file.requests()
        .find(|(_, r)| r.name.as_deref() == Some(name))
        .map(|(block, _)| block)
}

/// The file after `edit`, and the block its request is now in.
pub fn apply(on_disk: &str, edit: &Edit) -> Result<(HttpFile, usize), EditError> {
    match edit {
        Edit::Block { index, text } => {
            let mut file = HttpFile::parse(on_disk);
            if !file.replace_block(*index, text) {
                return Err(EditError::Gone);
            }
            Ok((file, *index))
        }
        Edit::Append { name, lines } => {
            if let Some(block) = request_named(&HttpFile::parse(on_disk), name) {
                return Err(EditError::NameTaken { block });
            }
            let nl = line_end(on_disk);
            let mut text = on_disk.to_string();
            if !text.is_empty() && !text.ends_with('\n') {
                text.push_str(nl);
            }
            if on_disk.trim().is_empty() {
                // A file cinspect makes: one comment at its top, none per request.
                text.push_str(MADE_NOTE);
                text.push_str(nl);
            }
            text.push_str(nl);
            text.push_str(&format!("### {name}{nl}# @name {name}{nl}"));
            text.push_str(&lines.replace("\r\n", "\n").replace('\n', nl));
            let file = HttpFile::parse(text);
            // The `###` line starts a block of its own: the last one.
            let block = file.blocks().len().saturating_sub(1);
            Ok((file, block))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appending_uses_the_file_line_ends_and_leaves_the_rest() {
        let old = "### a\r\nGET /a\r\n";
        let edit = Edit::Append {
            name: "b".to_string(),
            lines: "GET /b\n".to_string(),
        };
        let (file, block) = apply(old, &edit).unwrap();
        assert_eq!(
            file.text(),
            "### a\r\nGET /a\r\n\r\n### b\r\n# @name b\r\nGET /b\r\n"
        );
        assert_eq!(file.blocks()[block].line, 4);
        assert!(file.text().starts_with(old));
    }

    #[test]
    fn appending_a_name_the_file_has_is_refused_with_its_block() {
        let old = "### a\n# @name a\nGET /a\n\n### b\n# @name b\nGET /b\n";
        let edit = Edit::Append {
            name: "b".to_string(),
            lines: "GET /c\n".to_string(),
        };
        assert_eq!(apply(old, &edit), Err(EditError::NameTaken { block: 1 }));
    }

    #[test]
    fn replacing_a_block_keeps_every_other_byte() {
        let old = "@x = 1\n\n### a\nGET /a\n\n### b\r\nGET /b\n";
        let edit = Edit::Block {
            index: 1,
            text: "### a\nGET /changed\n\n".to_string(),
        };
        let (file, block) = apply(old, &edit).unwrap();
        assert_eq!(block, 1);
        assert_eq!(
            file.text(),
            "@x = 1\n\n### a\nGET /changed\n\n### b\r\nGET /b\n"
        );
        let gone = Edit::Block {
            index: 9,
            text: String::new(),
        };
        assert_eq!(apply(old, &gone), Err(EditError::Gone));
    }
}
