//! Adding an environment to config.toml from the TUI (F2): the file is edited
//! with `toml_edit`, so its comments, order and spacing stay as they were;
//! the new table goes at the end. A file that does not parse, is not a
//! regular file, is a symlink or changed meanwhile is left untouched and the
//! reason said. The write is atomic: a new file in the same folder, then a
//! rename over the old one (its permissions kept).

use std::io::Write;
use std::path::Path;

use toml_edit::{DocumentMut, Item, Table, value};

use super::environment::Environment;
use super::small_file::{SmallFileError, read_settings_file};

/// What the user gave: never a secret, only where it is read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEnvironment {
    pub name: String,
    /// A preset's name, or an http(s) base URL.
    pub place: Place,
    pub merchant_id: String,
    pub api_key_id: String,
    pub secret: SecretFrom,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    Preset(String),
    /// A host that is no preset, and whether it is production.
    Url {
        base_url: String,
        production: bool,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretFrom {
    Env(String),
    Command(String),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AddError {
    #[error("{path} is a symbolic link: not written through it; add the environment there by hand")]
    Symlink { path: String },
    #[error("{path}: {why}; left as it is")]
    Unreadable { path: String, why: String },
    #[error("{path}{place}: {message}; not changed (fix it, or `cinspect config check`)")]
    Broken {
        path: String,
        place: String,
        message: String,
    },
    #[error("{path} already has an environment {name:?}")]
    Exists { path: String, name: String },
    #[error("{path}: the new environment would not load: {problems}; not changed")]
    Invalid { path: String, problems: String },
    #[error("{path} changed while it was being edited; not changed: try again")]
    Changed { path: String },
    #[error("cannot write {path}: {why}")]
    Write { path: String, why: String },
}

/// The header of a config.toml this creates (none was there).
const NEW_FILE: &str = "# cinspect's settings (`cinspect config check` checks them).\n\
# Secrets never go in this file: secret_env names a variable, secret_command a\n\
# command that prints the secret.\n";

/// Adds `new` to the config file at `path` (created when missing) and returns
/// the environment as cinspect will load it.
pub fn add_environment(path: &Path, new: &NewEnvironment) -> Result<Environment, AddError> {
    let shown = path.display().to_string();
    let before = read(path)?;
    let text = before.as_deref().unwrap_or("");
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| broken(&shown, text, &e))?;
    // The new table goes after everything, comments at the end included.
    let end = doc.trailing().as_str().unwrap_or("").to_string();
    let head = if before.is_some() {
        end
    } else {
        NEW_FILE.to_string()
    };
    let position = last_position(doc.as_table()) + 1;
    doc.set_trailing("");
    let envs = doc
        .entry("environments")
        .or_insert_with(|| {
            let mut t = Table::new();
            t.set_implicit(true);
            Item::Table(t)
        })
        .as_table_mut()
        .ok_or_else(|| AddError::Broken {
            path: shown.clone(),
            place: String::new(),
            message: "environments is not a table".into(),
        })?;
    if envs.contains_key(&new.name) {
        return Err(AddError::Exists {
            path: shown,
            name: new.name.clone(),
        });
    }
    let mut table = table_of(new);
    table.set_position(Some(position));
    // A blank line before it, as a person would leave one.
    table.decor_mut().set_prefix(format!("{head}\n"));
    envs.insert(&new.name, Item::Table(table));
    let after = doc.to_string();
    let env = check(&after, path, &new.name, before.as_deref())?;
    write(path, before.as_deref(), &after)?;
    Ok(env)
}

fn table_of(new: &NewEnvironment) -> Table {
    let mut t = Table::new();
    match &new.place {
        Place::Preset(name) => t.insert("preset", value(name.as_str())),
        Place::Url {
            base_url,
            production,
        } => {
            t.insert("base_url", value(base_url.as_str()));
            t.insert("production", value(*production))
        }
    };
    t.insert("merchant_id", value(new.merchant_id.as_str()));
    t.insert("api_key_id", value(new.api_key_id.as_str()));
    match &new.secret {
        SecretFrom::Env(var) => t.insert("secret_env", value(var.as_str())),
        SecretFrom::Command(command) => t.insert("secret_command", value(command.as_str())),
    };
    t
}

/// The last place any table of the document holds (walked with a stack).
fn last_position(root: &Table) -> isize {
    let mut last = root.position().unwrap_or(0);
    let mut stack = vec![root];
    while let Some(table) = stack.pop() {
        last = last.max(table.position().unwrap_or(0));
        for (_, item) in table.iter() {
            match item {
                Item::Table(t) => stack.push(t),
                Item::ArrayOfTables(a) => stack.extend(a.iter()),
                _ => {}
            }
        }
    }
    last
}

/// The file's text; None when there is none yet (a symlink is refused, even a dangling one).
fn read(path: &Path) -> Result<Option<String>, AddError> {
    let shown = path.display().to_string();
    match path.symlink_metadata() {
        Ok(meta) if meta.file_type().is_symlink() => return Err(AddError::Symlink { path: shown }),
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(AddError::Unreadable {
                path: shown,
                why: e.to_string(),
            });
        }
    }
    match read_settings_file(path) {
        Ok(text) => Ok(Some(text)),
        Err(SmallFileError::Missing) => Ok(None),
        Err(e) => Err(AddError::Unreadable {
            path: shown,
            why: e.to_string(),
        }),
    }
}

fn broken(path: &str, text: &str, e: &toml_edit::TomlError) -> AddError {
    let place = e.span().map_or(String::new(), |s| {
        let upto = text.get(..s.start).unwrap_or(text);
        let line = upto.matches('\n').count() + 1;
        let column = upto.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        format!(":{line}:{column}")
    });
    let message = e.message().trim().to_string();
    AddError::Broken {
        path: path.to_string(),
        place,
        message: crate::body::printable(&message).into_owned(),
    }
}

/// The new text through the loader: the environment must load, and no
/// problem may be new.
fn check(
    after: &str,
    path: &Path,
    name: &str,
    before: Option<&str>,
) -> Result<Environment, AddError> {
    let (_, old) = super::parse(before.unwrap_or(""), path);
    let (config, problems) = super::parse(after, path);
    let new: Vec<String> = problems.into_iter().filter(|p| !old.contains(p)).collect();
    let env = config.environments.into_iter().find(|e| e.name == name);
    match env {
        Some(env) if new.is_empty() => Ok(env),
        _ => Err(AddError::Invalid {
            path: path.display().to_string(),
            problems: if new.is_empty() {
                "it is not listed".into()
            } else {
                new.join("; ")
            },
        }),
    }
}

/// Writes `after` in place of the file that held `before` (none: that had
/// none): a new file in the folder, synced, renamed over it; refused if the
/// file is no longer what was read.
fn write(path: &Path, before: Option<&str>, after: &str) -> Result<(), AddError> {
    let shown = path.display().to_string();
    let failed = |e: std::io::Error| AddError::Write {
        path: shown.clone(),
        why: e.to_string(),
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(failed)?;
    let mode = path.symlink_metadata().ok().map(|m| m.permissions());
    let mut file = tempfile::Builder::new()
        .prefix(".config.toml.")
        .tempfile_in(dir)
        .map_err(failed)?;
    file.write_all(after.as_bytes()).map_err(failed)?;
    if let Some(mode) = mode {
        file.as_file().set_permissions(mode).map_err(failed)?;
    }
    file.as_file().sync_all().map_err(failed)?;
    // Still the file that was read (a symlink put there since is not followed).
    if read(path)?.as_deref() != before {
        return Err(AddError::Changed { path: shown });
    }
    match before {
        Some(_) => file.persist(path).map(drop).map_err(|e| failed(e.error)),
        // None was there: only if none is there now.
        None => file
            .persist_noclobber(path)
            .map(drop)
            .map_err(|e| match e.error.kind() {
                std::io::ErrorKind::AlreadyExists => AddError::Changed {
                    path: shown.clone(),
                },
                _ => failed(e.error),
            }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sandbox(name: &str) -> NewEnvironment {
        NewEnvironment {
            name: name.into(),
            place: Place::Preset("sandbox".into()),
            merchant_id: "1234".into(),
            api_key_id: "key-1".into(),
            secret: SecretFrom::Env("CONNECT_SECRET".into()),
        }
    }

    const COMMENTED: &str = "# my settings\ntimeout_seconds = 30 # seconds\n\n# the team's proxy\n[environments.proxy]\nbase_url = \"https://proxy.example.com\"  # ask Ann\nproduction = true\nmerchant_id = \"1\"\napi_key_id = \"k\"\nsecret_env = \"PROXY_SECRET\"\n\n# webhooks last\n[webhooks]\nbad_signature_status = 401\n";

    #[test]
    fn comments_and_order_are_kept_and_the_new_table_ends_the_file() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("config.toml");
        std::fs::write(&path, COMMENTED).expect("write");
        let env = add_environment(&path, &sandbox("sandbox")).expect("added");
        assert_eq!(env.base_url, "https://eu.sandbox.api-ingenico.com");
        assert_eq!(
            env.secret,
            super::super::SecretSource::Env("CONNECT_SECRET".into())
        );
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(text.starts_with(COMMENTED), "{text}");
        assert_eq!(
            &text[COMMENTED.len()..],
            "\n[environments.sandbox]\npreset = \"sandbox\"\nmerchant_id = \"1234\"\napi_key_id = \"key-1\"\nsecret_env = \"CONNECT_SECRET\"\n"
        );
        let (config, problems) = super::super::parse(&text, &path);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(config.environments.len(), 3, "sim, proxy, sandbox");
        // No temporary file is left beside it.
        let names: Vec<_> = std::fs::read_dir(dir.path()).expect("dir").collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn a_url_says_whether_it_is_production_and_a_name_is_not_taken_twice() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("config.toml");
        let mut new = sandbox("mock");
        new.place = Place::Url {
            base_url: "http://127.0.0.1:9000".into(),
            production: false,
        };
        new.secret = SecretFrom::Command("pass show connect/mock".into());
        let env = add_environment(&path, &new).expect("a new file");
        assert!(!env.production);
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(text.starts_with("# cinspect's settings"), "{text}");
        assert!(
            text.contains("secret_command = \"pass show connect/mock\""),
            "{text}"
        );
        assert!(matches!(
            add_environment(&path, &new),
            Err(AddError::Exists { .. })
        ));
    }

    #[test]
    fn a_broken_file_is_reported_with_its_place_and_left_as_it_is() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("config.toml");
        let broken = "# fine\n[environments.x\nmerchant_id = \"1\"\n";
        std::fs::write(&path, broken).expect("write");
        let err = add_environment(&path, &sandbox("sandbox")).expect_err("broken");
        let message = err.to_string();
        assert!(message.contains("config.toml:2:"), "{message}");
        assert!(message.contains("not changed"), "{message}");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), broken);
        // Environments that are not a table, and a sim by the loader's rule.
        std::fs::write(&path, "environments = 3\n").expect("write");
        assert!(add_environment(&path, &sandbox("sandbox")).is_err());
        std::fs::write(&path, "").expect("write");
        assert!(matches!(
            add_environment(&path, &sandbox("sim")),
            Err(AddError::Invalid { .. })
        ));
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "");
    }

    #[test]
    fn a_symlink_is_never_written_through() {
        let dir = tempfile::tempdir().expect("dir");
        let target = dir.path().join("elsewhere.toml");
        std::fs::write(&target, "# theirs\n").expect("write");
        let path = dir.path().join("config.toml");
        std::os::unix::fs::symlink(&target, &path).expect("symlink");
        let err = add_environment(&path, &sandbox("sandbox")).expect_err("symlink");
        assert!(matches!(err, AddError::Symlink { .. }), "{err}");
        assert_eq!(
            std::fs::read_to_string(&target).expect("read"),
            "# theirs\n"
        );
        assert!(
            path.symlink_metadata()
                .expect("meta")
                .file_type()
                .is_symlink()
        );
    }
}
