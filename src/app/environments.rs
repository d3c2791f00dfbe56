//! The environments F2 offers and the one in use: requests are signed for
//! the active one, which stands for its name in the list (the demo's port).

use std::sync::Arc;

use crate::config::Environment;

#[derive(Debug)]
pub struct Environments {
    active: Arc<Environment>,
    all: Vec<Arc<Environment>>,
}

impl Environments {
    pub fn new(active: Environment, listed: Vec<Environment>) -> Self {
        let active = Arc::new(active);
        let mut all: Vec<Arc<Environment>> = listed
            .into_iter()
            .map(|e| {
                if e.name == active.name {
                    Arc::clone(&active)
                } else {
                    Arc::new(e)
                }
            })
            .collect();
        if !all.iter().any(|e| e.name == active.name) {
            all.insert(0, Arc::clone(&active));
        }
        Self { active, all }
    }

    pub fn active(&self) -> &Arc<Environment> {
        &self.active
    }

    pub fn all(&self) -> &[Arc<Environment>] {
        &self.all
    }

    /// The active one's place in the list, for F2's selection.
    pub fn active_index(&self) -> usize {
        self.all
            .iter()
            .position(|e| e.name == self.active.name)
            .unwrap_or(0)
    }

    /// Makes `env` the active environment, in the place of the one of its name.
    pub fn choose(&mut self, env: Arc<Environment>) {
        match self.all.iter_mut().find(|e| e.name == env.name) {
            Some(slot) => *slot = Arc::clone(&env),
            None => self.all.push(Arc::clone(&env)),
        }
        self.active = env;
    }
}
