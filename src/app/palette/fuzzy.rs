//! How well a palette entry matches the words typed: every word must be in
//! it as typed, or (a slip of the fingers) its letters in order in the name.

/// Lower is better; None: no match. 0: every word in the name, the first
/// starting one of its parts; 1: every word in the name; 2: every word in the
/// name, help or keys; 3: every word's letters in order in the name.
pub fn rank(words: &[String], name: &str, help: &str, keys: &str) -> Option<u8> {
    if words.is_empty() {
        return Some(0);
    }
    let name = name.to_lowercase();
    let hay = format!("{name} {} {}", help.to_lowercase(), keys.to_lowercase());
    if words.iter().all(|w| hay.contains(w.as_str())) {
        let in_name = words.iter().all(|w| name.contains(w.as_str()));
        let starts = words
            .first()
            .is_some_and(|w| name.split('-').any(|part| part.starts_with(w.as_str())));
        return Some(match (in_name, starts) {
            (true, true) => 0,
            (true, false) => 1,
            _ => 2,
        });
    }
    // Letters in order only in the name: across the help, short words match nearly anything.
    words.iter().all(|w| in_order(w, &name)).then_some(3)
}

/// Whether the characters of `word` appear in `hay` in order.
fn in_order(word: &str, hay: &str) -> bool {
    let mut rest = hay.chars();
    word.chars().all(|c| rest.any(|h| h == c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_lowercase).collect()
    }

    #[test]
    fn words_in_the_name_rank_before_words_in_the_help() {
        let help = "jump to the next error's field";
        assert_eq!(rank(&words("next"), "next-problem", help, "F8"), Some(0));
        assert_eq!(rank(&words("problem"), "next-problem", help, "F8"), Some(0));
        assert_eq!(rank(&words("ext"), "next-problem", help, "F8"), Some(1));
        assert_eq!(
            rank(&words("next err"), "next-problem", help, "F8"),
            Some(2)
        );
        assert_eq!(rank(&words("f8"), "next-problem", help, "F8"), Some(2));
        assert_eq!(
            rank(&words("nxt prblm"), "next-problem", help, "F8"),
            Some(3)
        );
        assert_eq!(rank(&words("zoom"), "next-problem", help, "F8"), None);
        assert_eq!(rank(&[], "next-problem", help, "F8"), Some(0));
    }
}
