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
        // A bare letter would fire while typing in a text field: it is kept only
        // where nothing is typed, and refused when it could go nowhere.
        let mut refused: Vec<(Key, Scope)> = Vec::new();
        let mut placed: Vec<Key> = Vec::new();
        for binding in map.bindings.iter_mut().filter(|b| b.command == command) {
            let (usable, not_here): (Vec<Key>, Vec<Key>) = parsed
                .iter()
                .partition(|k| !(binding.scope.live_while_typing() && k.is_bare_character()));
            refused.extend(not_here.into_iter().map(|k| (k, binding.scope)));
            placed.extend(usable.iter().copied());
            if !usable.is_empty() {
                binding.keys = usable;
            }
        }
        for (key, scope) in refused {
            if !placed.contains(&key) {
                problems.push(format!(
                    "[keys] {name}: {key} cannot work {} (it would type in a text field there); use a function key or a Ctrl chord",
                    match scope {
                        Scope::Global => "everywhere".to_string(),
                        scope => format!("in {}", scope.heading().to_lowercase()),
                    }
                ));
            }
        }
    }
    problems.extend(map.conflicts());
    (map, problems)
}
