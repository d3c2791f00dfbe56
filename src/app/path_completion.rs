//! Tab in a path prompt (open a log, open `.http` files, save as): the
//! typed path completed as a shell does. The folder is read off the UI
//! thread (`runtime::dir_list`); what to insert is worked out here, purely,
//! from the names read.

use std::path::{Path, PathBuf};

/// The most names a folder read gives; a larger folder is said to be cut.
pub const MAX_ENTRIES: usize = 10_000;

/// One name in a folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    pub dir: bool,
}

/// A folder read for a completion, with the text it was asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing {
    /// The prompt's text before the cursor when Tab was pressed: the answer
    /// applies only while that is still what was typed.
    pub asked: String,
    pub entries: Vec<Entry>,
    /// The folder had more than `MAX_ENTRIES` names.
    pub cut: bool,
    /// Why the folder could not be read.
    pub error: Option<String>,
}

/// What a completion does to the prompt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    /// Characters to insert at the cursor (may be empty).
    pub insert: String,
    /// The names still possible, shown when there are several (folders end in `/`).
    pub offered: Vec<String>,
    /// A line saying why nothing was completed, if nothing was.
    pub note: Option<String>,
}

/// The typed path split where the folder ends: `logs/app.` → (`logs/`, `app.`).
pub fn split(typed: &str) -> (&str, &str) {
    match typed.rfind('/') {
        Some(i) => typed.split_at(i + 1),
        None => ("", typed),
    }
}

/// The folder to read for the folder part of a typed path: `~/` is the
/// home folder, nothing is the current folder.
pub fn folder(dir_text: &str, home: Option<&Path>) -> PathBuf {
    if dir_text.is_empty() {
        return PathBuf::from(".");
    }
    PathBuf::from(expand_home(dir_text, home))
}

/// `~` and `~/…` as the home folder, as a shell reads them; anything else as typed.
pub fn expand_home(text: &str, home: Option<&Path>) -> String {
    let rest = match text.strip_prefix('~') {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => rest,
        _ => return text.to_string(),
    };
    match home {
        Some(home) => format!("{}{rest}", home.display()),
        None => text.to_string(),
    }
}

/// What Tab does with `listing` for the typed text: the one match in full
/// (a folder with `/`), else the longest prefix all matches share, and the
/// matches to choose from. Hidden names only when the prefix starts with `.`.
pub fn complete(listing: &Listing) -> Completion {
    let (dir_text, prefix) = split(&listing.asked);
    if let Some(error) = &listing.error {
        return nothing(format!("cannot read {}: {error}", shown_dir(dir_text)));
    }
    let hidden = prefix.starts_with('.');
    let mut matches: Vec<&Entry> = listing
        .entries
        .iter()
        .filter(|e| e.name.starts_with(prefix) && (hidden || !e.name.starts_with('.')))
        .collect();
    matches.sort_by(|a, b| a.name.cmp(&b.name));
    match matches.as_slice() {
        [] => nothing(format!(
            "nothing in {} starts with `{prefix}`{}",
            shown_dir(dir_text),
            if listing.cut {
                format!(" (only its first {MAX_ENTRIES} names were read)")
            } else {
                String::new()
            }
        )),
        [one] => Completion {
            insert: format!(
                "{}{}",
                &one.name[prefix.len()..],
                if one.dir { "/" } else { "" }
            ),
            offered: Vec::new(),
            note: None,
        },
        many => {
            let shared = shared_prefix(many.iter().map(|e| e.name.as_str()));
            // All of them: the prompt shows what fits and counts the rest.
            let offered = many
                .iter()
                .map(|e| format!("{}{}", e.name, if e.dir { "/" } else { "" }))
                .collect();
            Completion {
                insert: shared[prefix.len()..].to_string(),
                offered,
                note: None,
            }
        }
    }
}

fn nothing(note: String) -> Completion {
    Completion {
        insert: String::new(),
        offered: Vec::new(),
        note: Some(note),
    }
}

fn shown_dir(dir_text: &str) -> &str {
    if dir_text.is_empty() {
        "the current folder"
    } else {
        dir_text
    }
}

/// The longest prefix every name shares, cut at a character boundary.
fn shared_prefix<'a>(mut names: impl Iterator<Item = &'a str>) -> &'a str {
    let Some(first) = names.next() else {
        return "";
    };
    let mut len = first.len();
    for name in names {
        len = first
            .char_indices()
            .zip(name.chars())
            .take_while(|((_, a), b)| a == b)
            .last()
            .map_or(0, |((i, a), _)| i + a.len_utf8())
            .min(len);
    }
    &first[..len]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listing(asked: &str, names: &[(&str, bool)]) -> Listing {
        Listing {
            asked: asked.to_string(),
            entries: names
                .iter()
                .map(|(n, d)| Entry {
                    name: n.to_string(),
                    dir: *d,
                })
                .collect(),
            cut: false,
            error: None,
        }
    }

    #[test]
    fn one_match_is_completed_and_a_folder_gets_its_slash() {
        let l = listing("logs/ap", &[("app.log", false), ("old", true)]);
        assert_eq!(complete(&l).insert, "p.log");
        let l = listing("o", &[("app.log", false), ("old", true)]);
        let c = complete(&l);
        assert_eq!((c.insert.as_str(), c.offered.len()), ("ld/", 0));
    }

    #[test]
    fn several_matches_extend_to_what_they_share_and_are_offered_sorted() {
        let l = listing(
            "app",
            &[("app-2.log", false), ("app-1.log", false), ("apps", true)],
        );
        let c = complete(&l);
        assert_eq!(c.insert, "");
        assert_eq!(c.offered, ["app-1.log", "app-2.log", "apps/"]);
        let l = listing("a", &[("app-2.log", false), ("app-1.log", false)]);
        assert_eq!(complete(&l).insert, "pp-");
    }

    #[test]
    fn hidden_names_only_for_a_dot_and_nothing_found_is_said() {
        let l = listing("", &[(".git", true), ("requests.http", false)]);
        assert_eq!(complete(&l).insert, "requests.http");
        let l = listing(".", &[(".git", true), ("requests.http", false)]);
        assert_eq!(complete(&l).insert, "git/");
        let l = listing("x/zz", &[("a", false)]);
        let c = complete(&l);
        assert_eq!(c.insert, "");
        assert_eq!(c.note.as_deref(), Some("nothing in x/ starts with `zz`"));
    }

    #[test]
    fn the_shared_prefix_stops_at_a_character_not_a_byte() {
        // é and è share their first UTF-8 byte.
        let l = listing("caf", &[("café", false), ("cafè", false)]);
        assert_eq!(complete(&l).insert, "");
        assert_eq!(shared_prefix(["abc", "abd", "ab"].into_iter()), "ab");
    }

    #[test]
    fn home_is_expanded_only_as_a_shell_does() {
        let home = Path::new("/home/u");
        assert_eq!(expand_home("~/a.log", Some(home)), "/home/u/a.log");
        assert_eq!(expand_home("~", Some(home)), "/home/u");
        assert_eq!(expand_home("~bob/a", Some(home)), "~bob/a");
        assert_eq!(expand_home("a/~/b", Some(home)), "a/~/b");
        assert_eq!(folder("", Some(home)), PathBuf::from("."));
        assert_eq!(folder("~/", Some(home)), PathBuf::from("/home/u/"));
        assert_eq!(split("~/logs/app"), ("~/logs/", "app"));
    }
}
