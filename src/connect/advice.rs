//! Verdict advice that names a part of the TUI (its errors panel, its string to sign), worded
//! for each front end: a command line has no panels, so it is told what to do there instead.
//! The verdict holds the TUI's words; a command line rewords them as it prints.

/// Who reads a verdict's advice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    /// The TUI: errors panel, F6's string to sign.
    Tui,
    /// `cinspect send`, `run`, `logs` and their `--json`.
    CommandLine,
}

/// A 400's advice, as the TUI says it.
pub(super) const FIX_FIELDS: &str = "fix the fields listed in the errors panel and resend";

/// A 401/403's (or error 9002's) advice, as the TUI says it.
pub(super) const CHECK_CREDENTIALS: &str =
    "check apiKeyId, secret, and the Date/signature — see the string to sign";

/// The TUI's words and a command line's, for each piece of advice that differs.
const COMMAND_LINE: [(&str, &str); 2] = [
    (
        FIX_FIELDS,
        "fix the field each error names, at the line:col given with it, and resend",
    ),
    (
        CHECK_CREDENTIALS,
        "check apiKeyId, secret, and the Date/signature — `cinspect sign --string-to-sign` \
         prints the string to sign",
    ),
];

/// `detail` as `reader` should read it: advice naming the TUI's parts reworded for a command
/// line, anything else as it is.
pub fn worded_for(detail: &str, reader: Reader) -> &str {
    match reader {
        Reader::Tui => detail,
        Reader::CommandLine => COMMAND_LINE
            .iter()
            .find(|(tui, _)| *tui == detail)
            .map_or(detail, |(_, cli)| cli),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_command_line_is_never_sent_to_a_panel() {
        for (tui, _) in COMMAND_LINE {
            let cli = worded_for(tui, Reader::CommandLine);
            assert!(!cli.contains("panel") && cli != tui, "{cli}");
            assert_eq!(worded_for(tui, Reader::Tui), tui);
        }
        assert_eq!(worded_for("temporary", Reader::CommandLine), "temporary");
    }
}
