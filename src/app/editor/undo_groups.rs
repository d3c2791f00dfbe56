//! Edits of the body made of several steps of the text field (a replacement
//! is the old text deleted, then the new inserted) undone and redone as one.
//! ratatui-textarea keeps its own history and does not group; a group is
//! known by the body it left (a hash of its text), so it is undone at once
//! whenever the body is as the group left it, also after later edits were
//! undone before it.

use std::hash::{DefaultHasher, Hash, Hasher};

use ratatui_textarea::TextArea;

/// Groups kept: older ones are undone step by step.
const KEPT: usize = 64;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Group {
    /// The body as the group (or its undo) left it.
    after: u64,
    steps: usize,
}

#[derive(Debug, Default)]
pub(super) struct UndoGroups {
    undo: Vec<Group>,
    redo: Vec<Group>,
}

impl UndoGroups {
    /// A replacement of `steps` text-field steps has just left `area` as it is.
    pub fn push(&mut self, steps: usize, area: &TextArea<'_>) {
        if steps > 0 {
            self.undo.push(Group {
                after: hash(area),
                steps,
            });
            if self.undo.len() > KEPT {
                self.undo.remove(0);
            }
        }
        self.redo.clear();
    }

    /// The last `n` replacements (pushed one after the other) become one group.
    pub fn merge(&mut self, n: usize, area: &TextArea<'_>) {
        let n = n.min(self.undo.len());
        if n < 2 {
            return;
        }
        let steps = self
            .undo
            .drain(self.undo.len() - n..)
            .map(|g| g.steps)
            .sum();
        self.undo.push(Group {
            after: hash(area),
            steps,
        });
    }

    /// Undoes (or redoes) in `area`: a whole group when the body is as one left it.
    pub fn undo(&mut self, area: &mut TextArea<'_>, redo: bool) -> bool {
        let (from, to) = if redo {
            (&mut self.redo, &mut self.undo)
        } else {
            (&mut self.undo, &mut self.redo)
        };
        let steps = match from.last() {
            Some(g) if g.after == hash(area) => {
                let steps = g.steps;
                from.pop();
                steps
            }
            _ => 1,
        };
        let mut changed = false;
        for _ in 0..steps {
            changed |= if redo { area.redo() } else { area.undo() };
        }
        if steps > 1 && changed {
            to.push(Group {
                after: hash(area),
                steps,
            });
        }
        changed
    }
}

fn hash(area: &TextArea<'_>) -> u64 {
    let mut h = DefaultHasher::new();
    area.lines().hash(&mut h);
    h.finish()
}
