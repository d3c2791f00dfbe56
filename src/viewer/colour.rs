//! Highlighting degrades before responsiveness: which lines the pane may colour.
//!
//! Drawing colours only the visible rows, so the cost per frame is the length of the
//! lines drawn, not the size of the body; what hurts is a very long line (one huge
//! string, or a text body that is a single 50 MB line) tokenized on every frame.
//! Hence a per-line length limit, tighter for large bodies, and a size above which
//! colouring is off altogether. The defaults keep a frame well under a millisecond
//! of tokenizing.

/// Where colouring stops. Sizes are in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColourPolicy {
    /// Bodies up to this size are "small".
    pub large_body: usize,
    /// Small bodies: lines up to this length are coloured.
    pub max_line: usize,
    /// Large bodies: lines up to this length are coloured.
    pub large_body_max_line: usize,
    /// Bodies above this size are drawn without colour; None: never off.
    pub off_above: Option<usize>,
}

impl Default for ColourPolicy {
    fn default() -> Self {
        ColourPolicy {
            large_body: 8 << 20,
            max_line: 64 << 10,
            large_body_max_line: 4 << 10,
            off_above: Some(512 << 20),
        }
    }
}

impl ColourPolicy {
    /// True when a line of `line_len` bytes in a body of `body_size` bytes is coloured.
    pub fn should_colour(&self, line_len: usize, body_size: usize) -> bool {
        if self.off_above.is_some_and(|limit| body_size > limit) {
            return false;
        }
        let max = if body_size > self.large_body {
            self.large_body_max_line
        } else {
            self.max_line
        };
        line_len <= max
    }
}

/// `ColourPolicy::default().should_colour(..)`.
pub fn should_colour(line_len: usize, body_size: usize) -> bool {
    ColourPolicy::default().should_colour(line_len, body_size)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_bodies_colour_all_but_huge_lines() {
        assert!(should_colour(80, 1_000));
        assert!(should_colour(64 << 10, 1 << 20));
        assert!(!should_colour((64 << 10) + 1, 1 << 20));
    }

    #[test]
    fn large_bodies_colour_only_short_lines() {
        let big = 50 << 20;
        assert!(should_colour(120, big));
        assert!(!should_colour(5_000, big));
    }

    #[test]
    fn colour_is_off_above_the_limit_and_the_limit_is_configurable() {
        let policy = ColourPolicy {
            off_above: Some(1_000),
            ..ColourPolicy::default()
        };
        assert!(policy.should_colour(10, 1_000));
        assert!(!policy.should_colour(10, 1_001));
        let never_off = ColourPolicy {
            off_above: None,
            ..ColourPolicy::default()
        };
        assert!(never_off.should_colour(10, usize::MAX));
    }
}
