//! The clipboard over SSH: OSC 52 asks the terminal on the user's side to set
//! its clipboard, so a copy works on a remote server and inside tmux (with
//! `set -g set-clipboard on`). No X11, no pbcopy, no files.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

/// The escape sequence that puts `text` on the system clipboard ("c").
pub fn osc52(text: &str) -> String {
    format!("\x1b]52;c;{}\x07", STANDARD.encode(text.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_the_text_as_base64_in_an_osc_52_sequence() {
        assert_eq!(osc52("errorId 1a2b"), "\x1b]52;c;ZXJyb3JJZCAxYTJi\x07");
        assert_eq!(osc52(""), "\x1b]52;c;\x07");
    }

    #[test]
    fn never_contains_a_raw_escape_from_the_text() {
        let seq = osc52("\x1b]0;evil\x07 ü");
        assert_eq!(seq.matches('\x1b').count(), 1, "{seq:?}");
        assert_eq!(seq.matches('\x07').count(), 1);
    }
}
