//! Filling `{{name}}` in a text, the file's `@name = value` lines included,
//! without recursion on the text's shape: a file's variables are a graph an
//! attacker draws. Each variable is filled once and reused (a chain of
//! doublings costs its output, not 2^n), the chain is at most [`MAX_DEPTH`]
//! deep, and no value grows past [`MAX_FILLED`] bytes.
//!
//! The same walk measures instead of building (`Len`): the TUI asks whether a
//! name would fill on every edit, and a length answers that without the bytes.

use std::collections::HashMap;

use super::vars::VarError;

/// Variables referring to variables, at most this deep.
pub const MAX_DEPTH: usize = 64;
/// A filled text (or one variable's value) is at most a request file's size.
pub const MAX_FILLED: usize = super::load::MAX_FILE_BYTES as usize;
/// Bytes built in all while filling one request: the cap four times over,
/// so the whole of a fill is bounded, however many variables a file has.
const BUDGET: usize = 4 * MAX_FILLED;

/// What a walk builds: the text, or only its length.
pub(super) trait Out: Default + Clone {
    fn push(&mut self, s: &str);
    fn push_out(&mut self, other: &Self);
    fn len(&self) -> usize;
}

impl Out for String {
    fn push(&mut self, s: &str) {
        self.push_str(s);
    }
    fn push_out(&mut self, other: &Self) {
        self.push_str(other);
    }
    fn len(&self) -> usize {
        String::len(self)
    }
}

/// The length a text would have.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Len(pub usize);

impl Out for Len {
    fn push(&mut self, s: &str) {
        self.0 = self.0.saturating_add(s.len());
    }
    fn push_out(&mut self, other: &Self) {
        self.0 = self.0.saturating_add(other.0);
    }
    fn len(&self) -> usize {
        self.0
    }
}

/// One fill's memory: each file variable's value, once filled, and the
/// names nothing fills. Reused for every part of one request, so a
/// `@key = {{$guid}}` is the same value in the header and the body.
pub(super) struct Filler<'s, O: Out> {
    file: &'s HashMap<String, String>,
    /// Each variable filled so far, and whether a name in it had no value.
    memo: HashMap<&'s str, (O, bool)>,
    /// The names nothing fills, in the order met (at most [`MAX_NAMED`]).
    pub unresolved: Vec<String>,
    /// All of them, for a lookup that stays cheap however many there are.
    unresolved_seen: std::collections::HashSet<String>,
    spent: usize,
}

/// Names that nothing fills listed in an error at most; the rest are counted.
pub const MAX_NAMED: usize = 20;

/// A file variable being filled: its name, what is left of its raw value,
/// and whether a name in it had no value.
struct Frame<'s, 'a, O> {
    name: Option<&'s str>,
    rest: &'a str,
    out: O,
    unresolved: bool,
}

impl<'s, O: Out> Filler<'s, O> {
    pub fn new(file: &'s HashMap<String, String>) -> Self {
        Self {
            file,
            memo: HashMap::new(),
            unresolved: Vec::new(),
            unresolved_seen: Default::default(),
            spent: 0,
        }
    }

    /// How many names nothing fills were met, listed or not.
    pub fn unresolved_count(&self) -> usize {
        self.unresolved_seen.len()
    }

    /// Forgets the names met so far (the memory of filled values stays).
    pub fn clear_unresolved(&mut self) {
        self.unresolved.clear();
        self.unresolved_seen.clear();
    }

    fn note_unresolved(&mut self, name: &str) {
        if self.unresolved_seen.insert(name.to_owned()) && self.unresolved.len() < MAX_NAMED {
            self.unresolved.push(name.to_owned());
        }
    }

    /// `text` with every `{{…}}` filled: a file variable from its value (filled
    /// in turn), any other name by `other` (`None`: nothing fills it, noted in
    /// `unresolved` and left empty).
    pub fn fill<'a>(
        &mut self,
        text: &'a str,
        mut other: impl FnMut(&str) -> Result<Option<String>, VarError>,
    ) -> Result<O, VarError>
    where
        's: 'a,
    {
        let mut frames: Vec<Frame<'s, 'a, O>> = vec![Frame {
            name: None,
            rest: text,
            out: O::default(),
            unresolved: false,
        }];
        loop {
            let Some(top) = frames.last_mut() else {
                return Ok(O::default());
            };
            let Some((before, name, after)) = next_reference(top.rest) else {
                let rest = top.rest;
                self.push(&mut frames, |o| o.push(rest))?;
                let Some(done) = frames.pop() else {
                    return Ok(O::default());
                };
                match (done.name, frames.is_empty()) {
                    (None, _) | (_, true) => return Ok(done.out),
                    (Some(name), false) => {
                        self.push(&mut frames, |o| o.push_out(&done.out))?;
                        if let Some(parent) = frames.last_mut() {
                            parent.unresolved |= done.unresolved;
                        }
                        self.memo.insert(name, (done.out, done.unresolved));
                    }
                }
                continue;
            };
            top.rest = after;
            self.push(&mut frames, |o| o.push(before))?;
            if let Some((key, raw)) = self.file.get_key_value(name) {
                if let Some((value, unresolved)) = self.memo.get(key.as_str()) {
                    let (value, unresolved) = (value.clone(), *unresolved);
                    self.push(&mut frames, |o| o.push_out(&value))?;
                    if unresolved {
                        // Its names were listed when it was first filled; say it again by its own.
                        self.note_unresolved(key);
                        if let Some(top) = frames.last_mut() {
                            top.unresolved = true;
                        }
                    }
                    continue;
                }
                let chain = || -> Vec<String> {
                    frames
                        .iter()
                        .filter_map(|f| f.name.map(str::to_owned))
                        .chain([name.to_owned()])
                        .collect()
                };
                if frames.iter().any(|f| f.name == Some(key.as_str())) {
                    return Err(VarError::Cycle { chain: chain() });
                }
                if frames.len() > MAX_DEPTH {
                    return Err(VarError::TooDeep {
                        limit: MAX_DEPTH,
                        chain: chain(),
                    });
                }
                frames.push(Frame {
                    name: Some(key.as_str()),
                    rest: raw.as_str(),
                    out: O::default(),
                    unresolved: false,
                });
                continue;
            }
            match other(name)? {
                Some(value) => self.push(&mut frames, |o| o.push(&value))?,
                None => {
                    self.note_unresolved(name);
                    if let Some(top) = frames.last_mut() {
                        top.unresolved = true;
                    }
                }
            }
        }
    }

    /// Adds to the innermost value being built, within the caps.
    fn push(
        &mut self,
        frames: &mut [Frame<'s, '_, O>],
        add: impl FnOnce(&mut O),
    ) -> Result<(), VarError> {
        let Some(top) = frames.last_mut() else {
            return Ok(());
        };
        let before = top.out.len();
        add(&mut top.out);
        self.spent = self.spent.saturating_add(top.out.len() - before);
        if top.out.len() > MAX_FILLED || self.spent > BUDGET {
            return Err(VarError::TooLong {
                name: top.name.map(str::to_owned),
                limit: MAX_FILLED,
            });
        }
        Ok(())
    }
}

/// The text before the next `{{name}}`, the name (trimmed), and the text after it.
fn next_reference(text: &str) -> Option<(&str, &str, &str)> {
    let open = text.find("{{")?;
    let close = open + 2 + text[open + 2..].find("}}")?;
    Some((
        &text[..open],
        text[open + 2..close].trim(),
        &text[close + 2..],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn none(_: &str) -> Result<Option<String>, VarError> {
        Ok(None)
    }

    #[test]
    fn a_long_chain_is_refused_at_the_depth_limit_without_recursion() {
        // 10 000 links: the old recursive fill overflowed the stack here.
        let n = 10_000;
        let mut pairs: Vec<(String, String)> = (0..n)
            .map(|i| (format!("v{i}"), format!("{{{{v{}}}}}", i + 1)))
            .collect();
        pairs.push((format!("v{n}"), "end".to_owned()));
        let file: HashMap<String, String> = pairs.into_iter().collect();
        let err = Filler::<String>::new(&file)
            .fill("{{v0}}", none)
            .expect_err("too deep");
        match &err {
            VarError::TooDeep { limit, chain } => {
                assert_eq!(*limit, MAX_DEPTH);
                assert_eq!(chain.first().map(String::as_str), Some("v0"));
                assert_eq!(chain.len(), MAX_DEPTH + 1);
            }
            other => panic!("{other:?}"),
        }
        let message = err.to_string();
        assert!(message.contains("64"), "{message}");
        assert!(message.contains("v0 → v1 → v2"), "{message}");
        // 64 links are fine.
        let file = vars(&[("a", "{{b}}"), ("b", "x")]);
        assert_eq!(
            Filler::<String>::new(&file).fill("{{a}}{{a}}", none),
            Ok("xx".to_owned())
        );
    }

    #[test]
    fn doubling_variables_are_filled_once_each_and_stop_at_the_cap() {
        // 26 levels of doubling: 2^26 copies of a 20-byte value if filled naively.
        let mut pairs = vec![("l0".to_owned(), "x".repeat(20))];
        for i in 1..=26 {
            pairs.push((
                format!("l{i}"),
                format!("{{{{l{p}}}}}{{{{l{p}}}}}", p = i - 1),
            ));
        }
        let file: HashMap<String, String> = pairs.into_iter().collect();
        let err = Filler::<String>::new(&file)
            .fill("{{l26}}", none)
            .expect_err("too long");
        match err {
            VarError::TooLong { name, limit } => {
                assert_eq!(limit, MAX_FILLED);
                // 20 × 2^18 = 5 MiB: l18 is the first value past 4 MiB.
                assert_eq!(name.as_deref(), Some("l18"));
            }
            other => panic!("{other:?}"),
        }
        // Measuring says the same without building the text.
        let err = Filler::<Len>::new(&file).fill("{{l26}}", none);
        assert!(matches!(err, Err(VarError::TooLong { .. })), "{err:?}");
        // Below the cap a doubling fills, each level once.
        let ok = Filler::<Len>::new(&file)
            .fill("{{l10}}", none)
            .expect("fills");
        assert_eq!(ok.0, 20 << 10);
    }

    #[test]
    fn many_variables_each_under_the_cap_stop_at_the_budget() {
        let big = "y".repeat(MAX_FILLED / 2);
        let mut pairs: Vec<(String, String)> =
            (0..20).map(|i| (format!("b{i}"), big.clone())).collect();
        pairs.push(("all".to_owned(), String::new()));
        let file: HashMap<String, String> = pairs.into_iter().collect();
        let mut filler = Filler::<String>::new(&file);
        let mut failed = None;
        for i in 0..20 {
            if let Err(e) = filler.fill(&format!("{{{{b{i}}}}}"), none) {
                failed = Some((i, e));
                break;
            }
        }
        let (at, err) = failed.expect("the budget ends the fill");
        assert!(at < 20, "{at}");
        assert!(matches!(err, VarError::TooLong { .. }), "{err:?}");
    }

    #[test]
    fn a_cycle_is_named_with_its_chain() {
        let file = vars(&[("a", "{{b}}"), ("b", "{{c}}"), ("c", "{{a}}")]);
        assert_eq!(
            Filler::<String>::new(&file).fill("x {{a}}", none),
            Err(VarError::Cycle {
                chain: vec!["a".into(), "b".into(), "c".into(), "a".into()]
            })
        );
    }

    #[test]
    fn many_names_without_a_value_cost_a_lookup_each_and_are_listed_in_part() {
        let refs: String = (0..60_000).map(|i| format!("{{{{u{i}}}}}")).collect();
        let file = vars(&[("a", refs.as_str())]);
        let mut filler = Filler::<Len>::new(&file);
        filler
            .fill("{{a}} {{a}}", none)
            .expect("fills, with names missing");
        assert_eq!(filler.unresolved.len(), MAX_NAMED);
        // The 60 000 names, and `a` itself met again from memory.
        assert_eq!(filler.unresolved_count(), 60_001);
    }
}
