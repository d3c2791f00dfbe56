//! The propertyName language: the JSONata subset the API documents, and a bit more.
//!
//! ```text
//! path      := ws ( '$' filter* | step filter* ) ( '.' step filter* )* ws
//! step      := identifier | '`' any-but-backtick* '`' | string-literal
//! filter    := '[' ( integer | relative '=' literal ) ']'
//! relative  := ( '$' '.' )? step ( '.' step )*
//! literal   := string-literal | number | true | false | null
//! ```
//! White space may separate tokens. Everything else JSONata has (functions, wildcards,
//! arithmetic, `and`/`or`, ranges, ...) is refused with a short reason.
//!
//! A few forms that jsonata 2.2 rejects or reads otherwise are read leniently, the way
//! an error's author most likely meant them:
//! - `\'` inside a string literal (jsonata: "unsupported escape sequence", S0103);
//! - a step named `true`, `false` or `null` written bare, `card.true` (jsonata: S0213,
//!   a literal cannot be a step) is the member of that name;
//! - a lone string literal, as the whole path or a whole predicate path (jsonata: a
//!   constant; only a step of a longer path is a name) is a name too.
//!
//! `Display` and the canonical paths of matches (`text::push_member`) never use them.

use std::fmt;

use super::text::{self, push_member};

/// A parsed propertyName.
#[derive(Clone, Debug, PartialEq)]
pub struct Path {
    pub steps: Vec<Step>,
}

/// One navigation step with the filters bound to it (`items[type='X'][1]`).
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub target: Target,
    pub filters: Vec<Filter>,
    /// The step as written, without its filters (for "missing" reports).
    pub text: String,
}

/// What a step selects before its filters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// `$`: the whole body. Only ever the first step.
    Root,
    /// A field name (unquoted, backticked or a string literal: unescaped here).
    Field(String),
}

/// A bracket after a step.
#[derive(Clone, Debug, PartialEq)]
pub struct Filter {
    pub kind: FilterKind,
    /// The bracket as written, `[...]` included.
    pub text: String,
}

#[derive(Clone, Debug, PartialEq)]
pub enum FilterKind {
    /// `[n]`; negative counts from the end. How a non-negative `n` is read (0- or
    /// 1-based) is decided when locating.
    Index(i64),
    /// `[b.c = literal]`.
    Predicate(Predicate),
}

/// `relative = literal`, compared without type coercion.
#[derive(Clone, Debug, PartialEq)]
pub struct Predicate {
    /// Field names from the element to the compared value.
    pub path: Vec<String>,
    pub value: Literal,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    String(String),
    /// The literal's text; compared numerically (`2` = `2.0`).
    Number(String),
    Bool(bool),
    Null,
}

/// A path beyond the supported subset, with a short reason for the user.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unsupported path: {reason}")]
pub struct Unsupported {
    pub reason: String,
}

impl Path {
    /// True when the path has a non-negative index, so the index base matters.
    pub fn has_base_dependent_index(&self) -> bool {
        self.steps
            .iter()
            .flat_map(|s| &s.filters)
            .any(|f| matches!(f.kind, FilterKind::Index(i) if i >= 0))
    }
}

impl fmt::Display for Path {
    /// The normalised form: names quoted only when needed, no white space; valid
    /// JSONata (see the module docs) that parses back to the same path.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        for step in &self.steps {
            match &step.target {
                Target::Root => out.push('$'),
                Target::Field(name) => push_member(&mut out, name),
            }
            for filter in &step.filters {
                match &filter.kind {
                    FilterKind::Index(n) => out.push_str(&format!("[{n}]")),
                    FilterKind::Predicate(p) => {
                        out.push('[');
                        // A path of its own: a leading string literal needs `$.` too.
                        let mut relative = String::new();
                        for name in &p.path {
                            push_member(&mut relative, name);
                        }
                        out.push_str(&relative);
                        out.push('=');
                        match &p.value {
                            Literal::String(s) => out.push_str(&quote(s)),
                            Literal::Number(n) => out.push_str(n),
                            Literal::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
                            Literal::Null => out.push_str("null"),
                        }
                        out.push(']');
                    }
                }
            }
        }
        f.write_str(&out)
    }
}

/// A JSON string literal for `s`.
fn quote(s: &str) -> String {
    serde_json::Value::String(s.to_owned()).to_string()
}

/// Parses a propertyName.
pub fn parse_path(s: &str) -> Result<Path, Unsupported> {
    let mut p = Parser { s, pos: 0 };
    p.path()
}

fn unsupported<T>(reason: impl Into<String>) -> Result<T, Unsupported> {
    Err(Unsupported {
        reason: reason.into(),
    })
}

/// Characters that end an unquoted name (JSONata operators and punctuation).
fn ends_name(c: char) -> bool {
    c.is_whitespace() || ".[](){},;:?+-*/%|=<>^!~&@#\"'`\\".contains(c)
}

struct Parser<'a> {
    s: &'a str,
    pos: usize,
}

impl Parser<'_> {
    fn rest(&self) -> &str {
        &self.s[self.pos..]
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn skip_ws(&mut self) {
        let trimmed = self.rest().trim_start();
        self.pos = self.s.len() - trimmed.len();
    }

    /// 1-based column (in characters) of byte `at`, for messages.
    fn column(&self, at: usize) -> usize {
        self.s[..at].chars().count() + 1
    }

    fn path(&mut self) -> Result<Path, Unsupported> {
        self.skip_ws();
        if self.rest().is_empty() {
            return unsupported("empty path");
        }
        let mut steps = vec![self.first_step()?];
        loop {
            self.skip_ws();
            match self.peek() {
                None => break,
                Some('.') => {
                    self.pos += 1;
                    self.skip_ws();
                    steps.push(self.step()?);
                }
                Some(c) => return self.refuse(c),
            }
        }
        Ok(Path { steps })
    }

    fn first_step(&mut self) -> Result<Step, Unsupported> {
        let start = self.pos;
        if self.peek() == Some('$') {
            match self.rest()[1..].chars().next() {
                Some(c) if !ends_name(c) => return self.variable(),
                _ => {}
            }
            self.pos += 1;
            let filters = self.filters()?;
            return Ok(Step {
                target: Target::Root,
                filters,
                text: self.s[start..start + 1].to_owned(),
            });
        }
        self.step()
    }

    /// `$name` or `$name(...)`.
    fn variable(&mut self) -> Result<Step, Unsupported> {
        let name_len = self.rest()[1..]
            .find(ends_name)
            .unwrap_or(self.rest().len() - 1);
        let name = &self.rest()[..1 + name_len];
        let after = self.rest()[1 + name_len..].trim_start();
        if after.starts_with('(') {
            unsupported(format!("functions are not supported (`{name}`)"))
        } else {
            unsupported(format!("variables are not supported (`{name}`)"))
        }
    }

    fn step(&mut self) -> Result<Step, Unsupported> {
        let start = self.pos;
        let name = self.name()?;
        let text = self.s[start..self.pos].to_owned();
        let filters = self.filters()?;
        Ok(Step {
            target: Target::Field(name),
            filters,
            text,
        })
    }

    /// A field name: identifier-ish word, backticked name or string literal.
    fn name(&mut self) -> Result<String, Unsupported> {
        match self.peek() {
            None => unsupported("the path ends with `.`"),
            Some('`') => {
                let body = &self.rest()[1..];
                let Some(end) = body.find('`') else {
                    return unsupported("unclosed backtick");
                };
                let name = body[..end].to_owned();
                self.pos += end + 2;
                Ok(name)
            }
            Some(q @ ('"' | '\'')) => self.string_literal(q),
            Some('$') => {
                let after = self.rest()[1..].chars().next();
                if after.is_some_and(|c| !ends_name(c)) {
                    self.variable().map(|_| String::new())
                } else {
                    unsupported("`$` is only supported at the start of the path")
                }
            }
            Some(c) if c.is_ascii_digit() => unsupported(format!(
                "a name cannot start with a digit (column {})",
                self.column(self.pos)
            )),
            Some(c) if ends_name(c) => self.refuse(c),
            Some(_) => {
                let len = self.rest().find(ends_name).unwrap_or(self.rest().len());
                let name = self.rest()[..len].to_owned();
                self.pos += len;
                Ok(name)
            }
        }
    }

    /// A quoted string with JSON escapes (and, as an extension, `\'`), unescaped.
    fn string_literal(&mut self, quote: char) -> Result<String, Unsupported> {
        let body = &self.rest()[1..];
        let mut escaped = false;
        let mut end = None;
        for (i, c) in body.char_indices() {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == quote {
                end = Some(i);
                break;
            }
        }
        let Some(end) = end else {
            return unsupported("unclosed string literal");
        };
        let raw = &body[..end];
        // `\'` is not a JSON escape and jsonata 2.2 rejects it (S0103); accepted here
        // as an extension, since an author who wrote it meant a quote.
        let value = if raw.contains("\\'") {
            text::unescape(&raw.replace("\\'", "'")).into_owned()
        } else {
            text::unescape(raw).into_owned()
        };
        self.pos += end + 2;
        Ok(value)
    }

    fn filters(&mut self) -> Result<Vec<Filter>, Unsupported> {
        let mut filters = Vec::new();
        loop {
            let before_ws = self.pos;
            self.skip_ws();
            if self.peek() != Some('[') {
                self.pos = before_ws;
                return Ok(filters);
            }
            let start = self.pos;
            self.pos += 1;
            self.skip_ws();
            let kind = self.filter_body()?;
            self.skip_ws();
            match self.peek() {
                Some(']') => self.pos += 1,
                None => return unsupported("missing `]`"),
                Some(c) => return self.refuse_in_brackets(c),
            }
            filters.push(Filter {
                kind,
                text: self.s[start..self.pos].to_owned(),
            });
        }
    }

    fn filter_body(&mut self) -> Result<FilterKind, Unsupported> {
        match self.peek() {
            None => unsupported("missing `]`"),
            Some(']') => unsupported("empty brackets `[]` are not supported"),
            Some(c) if c == '-' || c.is_ascii_digit() => self.index(),
            Some(_) => self.predicate().map(FilterKind::Predicate),
        }
    }

    fn index(&mut self) -> Result<FilterKind, Unsupported> {
        let start = self.pos;
        let len = self.number_len();
        let literal = &self.s[start..start + len];
        self.pos += len;
        self.skip_ws();
        if self.rest().starts_with("..") {
            return unsupported("ranges are not supported");
        }
        if self.peek() == Some(',') {
            return unsupported("lists of indexes are not supported");
        }
        if self.peek() == Some('=') {
            return unsupported("a predicate must compare a field, not a number");
        }
        if literal.is_empty() || literal == "-" || !text::is_json_number(literal) {
            return unsupported(format!("invalid index `{literal}`"));
        }
        match literal.parse::<i64>() {
            Ok(n) => Ok(FilterKind::Index(n)),
            Err(_) if literal.contains(['.', 'e', 'E']) => {
                unsupported(format!("index `{literal}` is not an integer"))
            }
            Err(_) => unsupported(format!("index `{literal}` is out of range")),
        }
    }

    /// Length of the number-like run at `pos` (sign, digits, `.`, exponent).
    fn number_len(&self) -> usize {
        let b = self.rest().as_bytes();
        let mut i = usize::from(b.first() == Some(&b'-'));
        while let Some(&c) = b.get(i) {
            let exponent_sign =
                (c == b'+' || c == b'-') && i > 0 && matches!(b[i - 1], b'e' | b'E');
            // Stop before `..` so that a range is reported as one.
            let range = c == b'.' && b.get(i + 1) == Some(&b'.');
            if range || !(c.is_ascii_digit() || matches!(c, b'.' | b'e' | b'E') || exponent_sign) {
                break;
            }
            i += 1;
        }
        i
    }

    fn predicate(&mut self) -> Result<Predicate, Unsupported> {
        self.skip_context_prefix();
        let mut path = vec![self.name()?];
        loop {
            self.skip_ws();
            match self.peek() {
                Some('.') => {
                    self.pos += 1;
                    self.skip_ws();
                    path.push(self.name()?);
                }
                Some('[') => return unsupported("filters inside a predicate are not supported"),
                _ => break,
            }
        }
        if let Some(word) = self.keyword_at_pos() {
            return unsupported(format!("`{word}` is not supported in predicates"));
        }
        match self.peek() {
            Some('=') => self.pos += 1,
            Some('!') if self.rest().starts_with("!=") => {
                return unsupported("only `=` comparisons are supported in predicates");
            }
            Some('<' | '>') => {
                return unsupported("only `=` comparisons are supported in predicates");
            }
            Some(']') => return unsupported("a predicate needs `=` and a value"),
            None => return unsupported("missing `]`"),
            Some(c) => return self.refuse_in_brackets(c),
        }
        self.skip_ws();
        let value = self.literal()?;
        self.skip_ws();
        if let Some(word) = self.keyword_at_pos() {
            return unsupported(format!("`{word}` is not supported in predicates"));
        }
        Ok(Predicate { path, value })
    }

    /// Skips a leading `$.` of a predicate's path: there `$` is the element itself, so
    /// `$.b` is `b`. Canonical paths need it before a name that only a string literal
    /// can write (`[$."a`b"='v']`): a lone literal would be a constant.
    fn skip_context_prefix(&mut self) {
        if self.peek() != Some('$') {
            return;
        }
        let after = self.rest()[1..].trim_start();
        if after.starts_with('.') && !after.starts_with("..") {
            self.pos = self.s.len() - after.len() + 1;
            self.skip_ws();
        }
    }

    /// `and`, `or` or `in` at `pos`, as a whole word.
    fn keyword_at_pos(&self) -> Option<&'static str> {
        ["and", "or", "in"].into_iter().find(|w| {
            self.rest().starts_with(w)
                && self.rest()[w.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| c.is_whitespace() || c == '(')
        })
    }

    fn literal(&mut self) -> Result<Literal, Unsupported> {
        match self.peek() {
            Some(q @ ('"' | '\'')) => self.string_literal(q).map(Literal::String),
            Some(c) if c == '-' || c.is_ascii_digit() => {
                let len = self.number_len();
                let literal = &self.s[self.pos..self.pos + len];
                if !text::is_json_number(literal) {
                    return unsupported(format!("invalid number `{literal}`"));
                }
                let literal = literal.to_owned();
                self.pos += len;
                Ok(Literal::Number(literal))
            }
            None => unsupported("missing `]`"),
            Some(_) => {
                let len = self.rest().find(ends_name).unwrap_or(self.rest().len());
                let word = &self.rest()[..len];
                let literal = match word {
                    "true" => Literal::Bool(true),
                    "false" => Literal::Bool(false),
                    "null" => Literal::Null,
                    "" => return self.refuse_in_brackets(self.peek().unwrap_or(']')),
                    _ => {
                        return unsupported(
                            "a predicate must compare with a string, number, true, false or null",
                        );
                    }
                };
                self.pos += len;
                Ok(literal)
            }
        }
    }

    fn refuse_in_brackets<T>(&self, c: char) -> Result<T, Unsupported> {
        if let Some(word) = self.keyword_at_pos() {
            return unsupported(format!("`{word}` is not supported in predicates"));
        }
        match c {
            '.' if self.rest().starts_with("..") => unsupported("ranges are not supported"),
            ',' => unsupported("lists of indexes are not supported"),
            _ => self.refuse(c),
        }
    }

    /// The reason for an unexpected character at `pos`.
    fn refuse<T>(&self, c: char) -> Result<T, Unsupported> {
        let reason = match c {
            '*' if self.rest().starts_with("**") => {
                "descendant wildcards (`**`) are not supported".to_owned()
            }
            '*' if self.at_step_start() => "wildcards (`*`) are not supported".to_owned(),
            '+' | '-' | '*' | '/' | '%' => "arithmetic is not supported".to_owned(),
            '&' => "string concatenation is not supported".to_owned(),
            '(' | ')' => "parentheses and function calls are not supported".to_owned(),
            '{' | '}' => "object constructors are not supported".to_owned(),
            '?' => "conditionals are not supported".to_owned(),
            '~' => "function chaining is not supported".to_owned(),
            '^' => "sorting is not supported".to_owned(),
            '@' | '#' => "variable bindings are not supported".to_owned(),
            '|' => "transforms are not supported".to_owned(),
            '=' | '!' | '<' | '>' => "comparisons outside a predicate are not supported".to_owned(),
            ':' => "assignments are not supported".to_owned(),
            '.' => "empty step (`..`)".to_owned(),
            ']' => format!("unexpected `]` at column {}", self.column(self.pos)),
            _ => format!("unexpected `{c}` at column {}", self.column(self.pos)),
        };
        unsupported(reason)
    }

    /// True when `pos` is where a step would start (after `.` or at the beginning).
    fn at_step_start(&self) -> bool {
        let before = self.s[..self.pos].trim_end();
        before.is_empty() || before.ends_with('.')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(name: &str) -> Target {
        Target::Field(name.to_owned())
    }

    fn reason(s: &str) -> String {
        match parse_path(s) {
            Err(e) => e.reason,
            Ok(p) => panic!("`{s}` parsed as {p:?}"),
        }
    }

    #[test]
    fn dotted_names() {
        let p = parse_path("a.b.c").unwrap();
        let names: Vec<_> = p.steps.iter().map(|s| s.target.clone()).collect();
        assert_eq!(names, vec![field("a"), field("b"), field("c")]);
        assert_eq!(p.steps[1].text, "b");
    }

    #[test]
    fn indexes_bind_to_their_step() {
        let p = parse_path("a[1][-2].b").unwrap();
        assert_eq!(p.steps.len(), 2);
        let kinds: Vec<_> = p.steps[0].filters.iter().map(|f| f.kind.clone()).collect();
        assert_eq!(kinds, vec![FilterKind::Index(1), FilterKind::Index(-2)]);
        assert_eq!(p.steps[0].filters[1].text, "[-2]");
        assert!(p.has_base_dependent_index());
        assert!(!parse_path("a[-1]").unwrap().has_base_dependent_index());
    }

    #[test]
    fn predicates_with_every_literal_type() {
        let cases = [
            ("a[b='v']", Literal::String("v".into())),
            ("a[b=\"v\\n\"]", Literal::String("v\n".into())),
            ("a[b=2]", Literal::Number("2".into())),
            ("a[b=-2.5]", Literal::Number("-2.5".into())),
            ("a[b=true]", Literal::Bool(true)),
            ("a[b=false]", Literal::Bool(false)),
            ("a[b=null]", Literal::Null),
        ];
        for (s, lit) in cases {
            let p = parse_path(s).unwrap();
            assert_eq!(
                p.steps[0].filters[0].kind,
                FilterKind::Predicate(Predicate {
                    path: vec!["b".into()],
                    value: lit
                }),
                "{s}"
            );
        }
    }

    #[test]
    fn nested_predicate_path() {
        let p = parse_path("a[b.c = \"v\"]").unwrap();
        let FilterKind::Predicate(pred) = &p.steps[0].filters[0].kind else {
            panic!("not a predicate");
        };
        assert_eq!(pred.path, vec!["b".to_owned(), "c".to_owned()]);
    }

    #[test]
    fn backticks_and_string_literal_names() {
        let p = parse_path("a.`odd.name`.'odd name'.\"x\\\"y\"").unwrap();
        let names: Vec<_> = p.steps.iter().map(|s| s.target.clone()).collect();
        assert_eq!(
            names,
            vec![
                field("a"),
                field("odd.name"),
                field("odd name"),
                field("x\"y")
            ]
        );
        assert_eq!(p.steps[1].text, "`odd.name`");
    }

    #[test]
    fn root_dollar() {
        assert_eq!(parse_path("$").unwrap().steps[0].target, Target::Root);
        let p = parse_path("$.a").unwrap();
        assert_eq!(p.steps[1].target, field("a"));
        assert_eq!(parse_path("$[0]").unwrap().steps[0].filters.len(), 1);
    }

    #[test]
    fn white_space_between_tokens() {
        let p = parse_path(" a . b [ 1 ] [ c = 'x' ] ").unwrap();
        assert_eq!(p.to_string(), "a.b[1][c=\"x\"]");
    }

    #[test]
    fn display_round_trips() {
        for s in [
            "a.b[0]",
            "$[-1].`x y`",
            "a[b.c=\"v\"][2]",
            "a[n=2.5][f=null]",
        ] {
            let p = parse_path(s).unwrap();
            assert_eq!(parse_path(&p.to_string()).unwrap(), p, "{s}");
        }
    }

    #[test]
    fn display_is_jsonata_for_odd_names() {
        let cases = [
            ("card.true", "card.`true`"),
            ("`null`[`false`=null]", "`null`[`false`=null]"),
            ("\"a`b\".c", "$.\"a`b\".c"),
            ("'a`b'", "$.\"a`b\""),
            ("a[\"x`y\".z='v']", "a[$.\"x`y\".z=\"v\"]"),
            ("a[$.b=1]", "a[b=1]"),
            ("a[ $ . b=1]", "a[b=1]"),
            ("a.``.`1`.`é`.and", "a.``.`1`.`é`.and"),
        ];
        for (s, shown) in cases {
            let p = parse_path(s).unwrap();
            assert_eq!(p.to_string(), shown, "{s}");
            // A fixed point (`$.` may add a root step, which selects the same).
            assert_eq!(parse_path(shown).unwrap().to_string(), shown, "{s}");
        }
    }

    #[test]
    fn lenient_forms_jsonata_rejects() {
        // jsonata 2.2: 'it\'s' is S0103, card.true S0213; both read as meant here.
        let p = parse_path("a.'it\\'s'").unwrap();
        assert_eq!(p.steps[1].target, field("it's"));
        assert_eq!(
            parse_path("card.true").unwrap().steps[1].target,
            field("true")
        );
        assert!(reason("a[$b=1]").contains("variables"));
        assert!(reason("a[$..b=1]").contains("`$`"));
    }

    #[test]
    fn functions_and_variables_are_unsupported() {
        assert!(reason("$count(items)").contains("functions"));
        assert!(reason("$x.a").contains("variables"));
        assert!(reason("a.$sum(b)").contains("functions"));
    }

    #[test]
    fn wildcards_are_unsupported() {
        assert!(reason("a.*").contains("wildcards"));
        assert!(reason("a.**.b").contains("descendant"));
        assert!(reason("*").contains("wildcards"));
    }

    #[test]
    fn arithmetic_is_unsupported() {
        assert!(reason("a + 1").contains("arithmetic"));
        assert!(reason("a*2").contains("arithmetic"));
        assert!(reason("a-b").contains("arithmetic"));
        assert!(reason("a & b").contains("concatenation"));
    }

    #[test]
    fn boolean_operators_ranges_and_comparisons_are_unsupported() {
        assert!(reason("a[b='x' and c='y']").contains("and"));
        assert!(reason("a[b='x' or c='y']").contains("or"));
        assert!(reason("a[0..2]").contains("ranges"));
        assert!(reason("a[b!='x']").contains("only `=`"));
        assert!(reason("a[b>1]").contains("only `=`"));
        assert!(reason("a[1,2]").contains("lists"));
    }

    #[test]
    fn malformed_paths_are_unsupported() {
        for s in [
            "",
            " ",
            "a.",
            "a..b",
            "a[",
            "a[]",
            "a[1",
            "a.`x",
            "a.'x",
            "1a",
            "a[b]",
            "a[b=]",
            "a[1.5]",
            "a[99999999999999999999]",
            "a]",
            "a[b=c]",
            "(a)",
        ] {
            assert!(parse_path(s).is_err(), "`{s}` should be refused");
        }
    }
}
