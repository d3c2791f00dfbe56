//! Splitting a pasted shell command into words the way a POSIX shell (and bash's `$'…'`)
//! would, without running anything: no expansion, no globbing, no command substitution.
//! Quoting for the way back is [`quote`].

/// One word of the command, and the byte offset where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Word {
    pub text: String,
    pub at: usize,
}

/// The words, plus things a shell would have expanded (`$NAME`, `` `…` ``), which are kept
/// as written: the caller tells the person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Split {
    pub words: Vec<Word>,
    pub expansions: Vec<(String, usize)>,
}

/// Why the text is not one plain command. Offsets are bytes into the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum SplitError {
    /// A quote opened at `at` is never closed. `quote` is how it opened: `'`, `"` or `$'`.
    Unterminated { quote: &'static str, at: usize },
    /// An unquoted `|`, `;`, `&`, `<`, `>`, `(`, `)`: the text is more than one command.
    Operator { op: char, at: usize },
    /// A `$'…'` escape produced bytes that are not UTF-8, in the word starting at `at`.
    NotUtf8 { at: usize },
}

/// Single-quotes `s` for a POSIX shell: nothing inside single quotes is special, and `'`
/// itself becomes `'\''` (close, escaped quote, reopen).
pub(super) fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

pub(super) fn split(input: &str) -> Result<Split, SplitError> {
    let mut lexer = Lexer {
        chars: input.char_indices().collect(),
        pos: 0,
        word: None,
        words: Vec::new(),
        expansions: Vec::new(),
    };
    lexer.run()?;
    Ok(Split {
        words: lexer.words,
        expansions: lexer.expansions,
    })
}

struct Lexer {
    chars: Vec<(usize, char)>,
    pos: usize,
    /// The word being built (bytes, because `$'\xHH'` can make any byte) and its start.
    word: Option<(Vec<u8>, usize)>,
    words: Vec<Word>,
    expansions: Vec<(String, usize)>,
}

impl Lexer {
    fn peek(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.pos + ahead).map(|&(_, c)| c)
    }

    fn bump(&mut self) -> Option<(usize, char)> {
        let next = self.chars.get(self.pos).copied();
        self.pos += usize::from(next.is_some());
        next
    }

    fn start(&mut self, at: usize) {
        if self.word.is_none() {
            self.word = Some((Vec::new(), at));
        }
    }

    fn push(&mut self, c: char) {
        if let Some((bytes, _)) = &mut self.word {
            bytes.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
        }
    }

    fn push_byte(&mut self, b: u8) {
        if let Some((bytes, _)) = &mut self.word {
            bytes.push(b);
        }
    }

    fn finish(&mut self) -> Result<(), SplitError> {
        if let Some((bytes, at)) = self.word.take() {
            let text = String::from_utf8(bytes).map_err(|_| SplitError::NotUtf8 { at })?;
            self.words.push(Word { text, at });
        }
        Ok(())
    }

    /// A backslash followed by a line break (`\n` or `\r\n`) joins the lines; consumes it.
    fn continuation(&mut self) -> bool {
        match (self.peek(0), self.peek(1)) {
            (Some('\n'), _) => {
                self.pos += 1;
                true
            }
            (Some('\r'), Some('\n')) => {
                self.pos += 2;
                true
            }
            _ => false,
        }
    }

    fn run(&mut self) -> Result<(), SplitError> {
        while let Some((at, c)) = self.bump() {
            match c {
                ' ' | '\t' | '\r' | '\n' => self.finish()?,
                // A comment only where a word could start; `a#b` is one word.
                '#' if self.word.is_none() => {
                    while self.peek(0).is_some_and(|c| c != '\n') {
                        self.pos += 1;
                    }
                }
                '\\' => {
                    if !self.continuation()
                        && let Some((_, escaped)) = self.bump()
                    {
                        self.start(at);
                        self.push(escaped);
                    }
                }
                '\'' => {
                    self.start(at);
                    self.single_quoted(at)?;
                }
                '"' => {
                    self.start(at);
                    self.double_quoted(at)?;
                }
                '$' if self.peek(0) == Some('\'') => {
                    self.pos += 1;
                    self.start(at);
                    self.ansi_c_quoted(at)?;
                }
                // `$"…"` is bash's translated string: a double-quoted string here.
                '$' if self.peek(0) == Some('"') => {
                    self.pos += 1;
                    self.start(at);
                    self.double_quoted(at)?;
                }
                '$' => {
                    self.start(at);
                    self.dollar(at);
                }
                '`' => {
                    self.start(at);
                    self.expansions.push(("`".to_owned(), at));
                    self.push(c);
                }
                '|' | ';' | '&' | '<' | '>' | '(' | ')' => {
                    return Err(SplitError::Operator { op: c, at });
                }
                _ => {
                    self.start(at);
                    self.push(c);
                }
            }
        }
        self.finish()
    }

    fn single_quoted(&mut self, open: usize) -> Result<(), SplitError> {
        loop {
            match self.bump() {
                Some((_, '\'')) => return Ok(()),
                Some((_, c)) => self.push(c),
                None => {
                    return Err(SplitError::Unterminated {
                        quote: "'",
                        at: open,
                    });
                }
            }
        }
    }

    fn double_quoted(&mut self, open: usize) -> Result<(), SplitError> {
        loop {
            match self.bump() {
                Some((_, '"')) => return Ok(()),
                Some((_, '\\')) => {
                    if self.continuation() {
                        continue;
                    }
                    // Inside double quotes a backslash escapes only these; elsewhere it stays.
                    match self.peek(0) {
                        Some(c @ ('$' | '`' | '"' | '\\')) => {
                            self.pos += 1;
                            self.push(c);
                        }
                        _ => self.push('\\'),
                    }
                }
                Some((at, '$')) => self.dollar(at),
                Some((at, '`')) => {
                    self.expansions.push(("`".to_owned(), at));
                    self.push('`');
                }
                Some((_, c)) => self.push(c),
                None => {
                    return Err(SplitError::Unterminated {
                        quote: "\"",
                        at: open,
                    });
                }
            }
        }
    }

    /// A `$` that is not a quote: kept as written, noted when a shell would expand it.
    fn dollar(&mut self, at: usize) {
        self.push('$');
        let mut name = String::from("$");
        match self.peek(0) {
            Some('(') => name.push('('),
            Some('{') => {
                let mut ahead = 0;
                while let Some(c) = self.peek(ahead) {
                    name.push(c);
                    ahead += 1;
                    if c == '}' || c == '\n' {
                        break;
                    }
                }
            }
            Some(c) if c.is_ascii_alphanumeric() || "_@*#?$!-".contains(c) => {
                let mut ahead = 0;
                while let Some(c) = self
                    .peek(ahead)
                    .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
                {
                    name.push(c);
                    ahead += 1;
                }
                if ahead == 0 {
                    name.extend(self.peek(0));
                }
            }
            _ => return,
        }
        self.expansions.push((name, at));
    }

    /// bash's `$'…'`: backslash escapes as in C, the rest literal.
    fn ansi_c_quoted(&mut self, open: usize) -> Result<(), SplitError> {
        let unterminated = SplitError::Unterminated {
            quote: "$'",
            at: open,
        };
        loop {
            match self.bump() {
                Some((_, '\'')) => return Ok(()),
                Some((_, '\\')) => {
                    let Some((_, e)) = self.bump() else {
                        return Err(unterminated);
                    };
                    self.ansi_c_escape(e);
                }
                Some((_, c)) => self.push(c),
                None => return Err(unterminated),
            }
        }
    }

    fn ansi_c_escape(&mut self, e: char) {
        match e {
            'a' => self.push_byte(0x07),
            'b' => self.push_byte(0x08),
            'e' | 'E' => self.push_byte(0x1b),
            'f' => self.push_byte(0x0c),
            'n' => self.push_byte(b'\n'),
            'r' => self.push_byte(b'\r'),
            't' => self.push_byte(b'\t'),
            'v' => self.push_byte(0x0b),
            '\\' | '\'' | '"' | '?' => self.push(e),
            '0'..='7' => {
                let digits = format!("{e}{}", self.take_digits(8, 2));
                let value = u32::from_str_radix(&digits, 8).unwrap_or(0);
                // bash keeps the low eight bits of `\nnn`.
                self.push_byte(value.to_le_bytes()[0]);
            }
            'x' => match self.take_digits(16, 2) {
                digits if digits.is_empty() => self.push_str("\\x"),
                digits => self.push_byte(u8::from_str_radix(&digits, 16).unwrap_or(0)),
            },
            'u' | 'U' => {
                let digits = self.take_digits(16, if e == 'u' { 4 } else { 8 });
                match u32::from_str_radix(&digits, 16)
                    .ok()
                    .and_then(char::from_u32)
                {
                    Some(c) => self.push(c),
                    None => {
                        self.push('\\');
                        self.push(e);
                        self.push_str(&digits);
                    }
                }
            }
            'c' => match self.bump() {
                Some((_, c)) if c.is_ascii() => self.push_byte(c as u8 & 0x1f),
                Some((_, c)) => {
                    self.push_str("\\c");
                    self.push(c);
                }
                None => self.push_str("\\c"),
            },
            // An unknown escape keeps its backslash, as bash does.
            _ => {
                self.push('\\');
                self.push(e);
            }
        }
    }

    fn push_str(&mut self, s: &str) {
        s.chars().for_each(|c| self.push(c));
    }

    /// Up to `max` digits in `radix`, consumed.
    fn take_digits(&mut self, radix: u32, max: usize) -> String {
        let mut digits = String::new();
        while digits.len() < max
            && let Some(c) = self.peek(0).filter(|c| c.is_digit(radix))
        {
            digits.push(c);
            self.pos += 1;
        }
        digits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(input: &str) -> Vec<String> {
        match split(input) {
            Ok(split) => split.words.into_iter().map(|w| w.text).collect(),
            Err(e) => panic!("{input:?}: {e:?}"),
        }
    }

    #[test]
    fn blanks_separate_words_and_quotes_join_them() {
        assert_eq!(words("a  b\tc"), ["a", "b", "c"]);
        assert_eq!(words("a'b c'\"d e\"f"), ["ab cd ef"]);
        assert_eq!(words("'' \"\""), ["", ""]);
    }

    #[test]
    fn single_quotes_keep_everything_literally() {
        assert_eq!(words(r#"'a\n$HOME "x" \'"#), [r#"a\n$HOME "x" \"#]);
    }

    #[test]
    fn double_quotes_escape_only_dollar_backtick_quote_and_backslash() {
        assert_eq!(words(r#""a\"b\\c\$d\ne""#), [r#"a"b\c$d\ne"#]);
    }

    #[test]
    fn backslash_newline_continues_the_line_everywhere_but_single_quotes() {
        assert_eq!(
            words("a \\\n  b\\\r\nc \"d\\\ne\" 'f\\\ng'"),
            ["a", "bc", "de", "f\\\ng"]
        );
    }

    #[test]
    fn unquoted_backslash_escapes_the_next_character() {
        assert_eq!(words(r"a\ b \'c\\"), ["a b", "'c\\"]);
    }

    #[test]
    fn ansi_c_quoting_decodes_c_escapes() {
        assert_eq!(
            words(r"$'a\nb\tc\'d\\e\x41\101\u00e9\U0001F600\cA\q'"),
            ["a\nb\tc'd\\eAAé😀\u{1}\\q"]
        );
        assert_eq!(words(r"$'\xc3\xa9'"), ["é"]);
    }

    #[test]
    fn comments_start_only_where_a_word_could() {
        assert_eq!(words("# note\na b#c # rest\nd"), ["a", "b#c", "d"]);
    }

    #[test]
    fn dollar_expansions_are_kept_and_reported() {
        let split = split("a $HOME \"${X}\" '$Y' 5$").unwrap_or_else(|e| panic!("{e:?}"));
        let texts: Vec<&str> = split.words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(texts, ["a", "$HOME", "${X}", "$Y", "5$"]);
        let names: Vec<&str> = split.expansions.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["$HOME", "${X}"]);
    }

    #[test]
    fn unterminated_quotes_report_where_they_open() {
        assert_eq!(
            split("a 'b"),
            Err(SplitError::Unterminated { quote: "'", at: 2 })
        );
        assert_eq!(
            split("a \"b\\\""),
            Err(SplitError::Unterminated { quote: "\"", at: 2 })
        );
        assert_eq!(
            split("$'b\\'"),
            Err(SplitError::Unterminated { quote: "$'", at: 0 })
        );
    }

    #[test]
    fn shell_operators_are_refused() {
        assert_eq!(split("a | b"), Err(SplitError::Operator { op: '|', at: 2 }));
        assert_eq!(
            split("x?a=1&b=2"),
            Err(SplitError::Operator { op: '&', at: 5 })
        );
        assert!(split("'a | b' \"c;d\"").is_ok());
    }

    #[test]
    fn ansi_c_bytes_that_are_not_utf8_are_an_error() {
        assert_eq!(split(r"x $'\xff'"), Err(SplitError::NotUtf8 { at: 2 }));
    }

    #[test]
    fn quote_round_trips_any_text() {
        for s in [
            "",
            "plain",
            "it's",
            "'''",
            "a\nb",
            "$HOME `x` \\ \" é 😀",
            "-X",
        ] {
            assert_eq!(words(&quote(s)), [s]);
        }
    }
}
