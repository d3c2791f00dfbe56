use super::{Command, Key, KeyMap, Scope};

/// Applies `[keys]` entries (`send = ["F5", "Ctrl-R"]`): each replaces every key
/// of that command. Problems are collected, never fatal: a bad entry is left
/// out and the default stays.
pub(super) fn apply(mut map: KeyMap, overrides: &[(String, Vec<String>)]) -> (KeyMap, Vec<String>) {
    let mut problems = Vec::new();
    for (name, keys) in overrides {
        let Some(command) = Command::from_name(name) else {
            let known: Vec<&str> = Command::ALL.iter().map(|c| c.name()).collect();
            problems.push(format!(
                "[keys] {name:?} is not an action; actions: {}",
                known.join(", ")
            ));
            continue;
        };
        let parsed: Result<Vec<Key>, String> = keys.iter().map(|k| k.parse()).collect();
        let parsed = match parsed {
            Ok(p) if !p.is_empty() => p,
            Ok(_) => {
                problems.push(format!("[keys] {name}: no keys given"));
                continue;
            }
            Err(e) => {
                problems.push(format!("[keys] {name}: {e}"));
                continue;
            }
        };
        for binding in map.bindings.iter_mut().filter(|b| b.command == command) {
            // A bare letter would fire while typing in a text field.
            let (usable, refused): (Vec<Key>, Vec<Key>) = parsed
                .iter()
                .partition(|k| !(binding.scope == Scope::Global && k.is_bare_character()));
            for key in refused {
                problems.push(format!("[keys] {name}: {key} cannot work everywhere (it would type in text fields); use a function key or a Ctrl chord"));
            }
            if !usable.is_empty() {
                binding.keys = usable;
            }
        }
    }
    problems.extend(map.conflicts());
    (map, problems)
}
