//! F2's "add an environment": a form of six fields whose answers become a
//! `[environments.NAME]` table of config.toml (written off the UI thread
//! by `config::add_environment`). Never a secret: only the variable that
//! holds it or the command that prints it.

use std::path::PathBuf;

use crossterm::event::KeyEvent;

use super::text_input::TextInput;
use crate::config::{NewEnvironment, PRESETS, Place, SecretFrom, is_production_url, origin_of};

/// The fields, in order: their label and what goes there.
pub const FIELDS: [(&str, &str); 6] = [
    ("name", "what F2 and --env call it, e.g. sandbox"),
    (
        "preset or URL",
        "sandbox, production, preprod, … or a base URL such as https://connect-proxy.example.com",
    ),
    ("merchant_id", "your merchant id at that host"),
    ("api_key_id", "the API key id (the key, not its secret)"),
    (
        "secret_env",
        "the environment variable holding the secret, e.g. CONNECT_SANDBOX_SECRET",
    ),
    (
        "secret_command",
        "or a command printing it, e.g. pass show connect/sandbox (leave secret_env empty)",
    ),
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvForm {
    /// The file the environment is added to.
    pub file: PathBuf,
    fields: [TextInput; 6],
    at: usize,
    /// Why Enter did not add it yet.
    problem: Option<String>,
}

impl EnvForm {
    pub fn new(file: PathBuf) -> Self {
        Self {
            file,
            fields: Default::default(),
            at: 0,
            problem: None,
        }
    }

    pub fn fields(&self) -> &[TextInput; 6] {
        &self.fields
    }

    /// The field being typed in.
    pub fn at(&self) -> usize {
        self.at
    }

    pub fn problem(&self) -> Option<&str> {
        self.problem.as_deref()
    }

    pub fn next(&mut self, forward: bool) {
        let n = self.fields.len();
        self.at = if forward {
            (self.at + 1) % n
        } else {
            (self.at + n - 1) % n
        };
    }

    pub fn input(&mut self, key: &KeyEvent) {
        if self.fields[self.at].input(key) {
            self.problem = None;
        }
    }

    pub fn paste(&mut self, text: &str) {
        // One line (a pasted line break would end up in the file), no control
        // codes (they would reach the terminal as the field is drawn).
        let line: String = text
            .lines()
            .next()
            .unwrap_or("")
            .chars()
            .filter(|c| !c.is_control())
            .collect();
        if self.fields[self.at].paste(&line) {
            self.problem = None;
        }
    }

    /// Enter: the environment to add, or (what is wrong said, its field
    /// focused) None.
    pub fn submit(&mut self, taken: &[String]) -> Option<NewEnvironment> {
        match self.validate(taken) {
            Ok(new) => Some(new),
            Err((field, why)) => {
                self.at = field;
                self.problem = Some(why);
                None
            }
        }
    }

    fn text(&self, i: usize) -> &str {
        self.fields[i].text().trim()
    }

    /// The answers as an environment, or the first field that is wrong and why.
    pub fn validate(&self, taken: &[String]) -> Result<NewEnvironment, (usize, String)> {
        let name = self.text(0);
        let name_ok = !name.is_empty()
            && name.len() <= 64
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !name_ok {
            return Err((0, "a name of letters, digits, - and _ (up to 64)".into()));
        }
        if name == "sim" || taken.iter().any(|t| t == name) {
            return Err((0, format!("{name} is taken; choose another name")));
        }
        let place = self.text(1);
        let place = if let Some(p) = PRESETS.iter().find(|p| p.name == place) {
            Place::Preset(p.name.to_string())
        } else if (place.starts_with("https://") || place.starts_with("http://"))
            && origin_of(place).is_some()
        {
            Place::Url {
                base_url: place.trim_end_matches('/').to_string(),
                production: is_production_url(place),
            }
        } else {
            let names: Vec<&str> = PRESETS.iter().map(|p| p.name).collect();
            return Err((
                1,
                format!("a preset ({}) or an http(s):// URL", names.join(", ")),
            ));
        };
        let merchant_id = self.text(2);
        if merchant_id.is_empty() || merchant_id.chars().any(char::is_control) {
            return Err((2, "the merchant id".into()));
        }
        let api_key_id = self.text(3);
        if api_key_id.is_empty() || api_key_id.chars().any(char::is_control) {
            return Err((3, "the API key id".into()));
        }
        let secret = match (self.text(4), self.text(5)) {
            ("", "") => {
                return Err((
                    4,
                    "a variable holding the secret, or a command printing it".into(),
                ));
            }
            (var, "") if is_variable(var) => SecretFrom::Env(var.to_string()),
            (_, "") => {
                return Err((
                    4,
                    "a variable's name: letters, digits and _ (not the secret itself)".into(),
                ));
            }
            ("", command) if !command.chars().any(char::is_control) => {
                SecretFrom::Command(command.to_string())
            }
            ("", _) => return Err((5, "one line".into())),
            _ => return Err((5, "secret_env or secret_command, not both".into())),
        };
        Ok(NewEnvironment {
            name: name.to_string(),
            place,
            merchant_id: merchant_id.to_string(),
            api_key_id: api_key_id.to_string(),
            secret,
        })
    }
}

/// A shell variable's name (a secret pasted by mistake is seldom one).
fn is_variable(s: &str) -> bool {
    s.len() <= 128
        && s.chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyCode;

    fn fill(form: &mut EnvForm, answers: [&str; 6]) {
        for (i, answer) in answers.iter().enumerate() {
            form.fields[i] = TextInput::with_text(answer);
        }
    }

    #[test]
    fn the_answers_become_an_environment_and_a_wrong_one_is_focused() {
        let mut form = EnvForm::new(PathBuf::from("/c/config.toml"));
        fill(
            &mut form,
            ["sandbox", "sandbox", "1234", "key", "CONNECT_SECRET", ""],
        );
        let new = form.submit(&[]).expect("valid");
        assert_eq!(new.place, Place::Preset("sandbox".into()));
        assert_eq!(new.secret, SecretFrom::Env("CONNECT_SECRET".into()));
        assert!(form.submit(&["sandbox".into()]).is_none());
        assert_eq!(form.at(), 0);
        assert!(form.problem().is_some_and(|p| p.contains("taken")));
        // Typing clears what was said.
        form.input(&KeyEvent::from(KeyCode::Char('2')));
        assert_eq!(form.problem(), None);

        let mut form = EnvForm::new(PathBuf::from("/c/config.toml"));
        fill(
            &mut form,
            [
                "live",
                "https://api.connect.worldline-solutions.com/",
                "1",
                "k",
                "",
                "pass show x",
            ],
        );
        let new = form.submit(&[]).expect("valid");
        assert_eq!(
            new.place,
            Place::Url {
                base_url: "https://api.connect.worldline-solutions.com".into(),
                production: true
            }
        );
        assert_eq!(new.secret, SecretFrom::Command("pass show x".into()));
    }

    #[test]
    fn a_secret_value_is_not_taken_for_a_variable() {
        let mut form = EnvForm::new(PathBuf::from("/c/config.toml"));
        fill(&mut form, ["s", "ftp://x", "1", "k", "q8/Zx+secret==", ""]);
        assert!(form.submit(&[]).is_none());
        assert_eq!(form.at(), 1, "the URL first");
        fill(&mut form, ["s", "sandbox", "1", "k", "q8/Zx+secret==", ""]);
        assert!(form.submit(&[]).is_none());
        assert_eq!(form.at(), 4);
        assert!(
            form.problem()
                .is_some_and(|p| p.contains("not the secret itself"))
        );
        // A paste is one line without control codes.
        let mut form = EnvForm::new(PathBuf::from("/c/config.toml"));
        form.paste("\x1b]52;c;eA==\x07sand\nbox");
        assert_eq!(form.fields()[0].text(), "]52;c;eA==sand");
    }
}
