//! A bound in bytes on what waits in a queue, or is being read: a count alone
//! lets 1 024 events of 4 MB each wait for a slow viewer, or 256 senders each
//! send 4 MB at once (gigabytes). What is held takes its size from the
//! budget; whoever lets it go gives the size back.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Bytes held by one queue, at most `cap`.
#[derive(Debug)]
pub(super) struct ByteBudget {
    used: AtomicUsize,
    cap: usize,
}

impl ByteBudget {
    pub(super) fn new(cap: usize) -> Self {
        Self {
            used: AtomicUsize::new(0),
            cap,
        }
    }

    /// Takes `bytes` when they fit; false (nothing taken) when they do not.
    pub(super) fn try_take(&self, bytes: usize) -> bool {
        self.used
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |used| {
                used.checked_add(bytes).filter(|&after| after <= self.cap)
            })
            .is_ok()
    }

    /// Gives back what [`ByteBudget::try_take`] took.
    pub(super) fn give_back(&self, bytes: usize) {
        // Saturating: a give-back never takes the count below zero.
        let _ = self
            .used
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |used| {
                Some(used.saturating_sub(bytes))
            });
    }

    #[cfg(test)]
    fn used(&self) -> usize {
        self.used.load(Ordering::Acquire)
    }
}

/// Bytes taken from a budget, given back when dropped: what a request holds
/// while it is read and handled, however the handler ends.
#[derive(Debug)]
pub(super) struct Held {
    budget: Arc<ByteBudget>,
    bytes: usize,
}

impl Held {
    pub(super) fn new(budget: Arc<ByteBudget>) -> Self {
        Self { budget, bytes: 0 }
    }

    /// Takes `bytes` more; false (nothing taken) when they do not fit.
    pub(super) fn grow(&mut self, bytes: usize) -> bool {
        let taken = self.budget.try_take(bytes);
        if taken {
            self.bytes += bytes;
        }
        taken
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        self.budget.give_back(self.bytes);
    }
}

#[cfg(test)]
mod tests {
    use super::{ByteBudget, Held};
    use std::sync::Arc;

    #[test]
    fn what_a_request_held_comes_back_when_it_ends() {
        let budget = Arc::new(ByteBudget::new(10));
        let mut held = Held::new(Arc::clone(&budget));
        assert!(held.grow(4) && held.grow(4));
        assert!(!held.grow(4), "past the budget");
        drop(held);
        assert_eq!(budget.used(), 0);
    }

    #[test]
    fn what_does_not_fit_is_refused_and_room_comes_back() {
        let budget = ByteBudget::new(10);
        assert!(budget.try_take(6));
        assert!(!budget.try_take(5), "6 + 5 is past 10");
        assert_eq!(budget.used(), 6, "a refusal takes nothing");
        assert!(budget.try_take(4));
        budget.give_back(6);
        assert!(budget.try_take(5));
        assert!(!budget.try_take(usize::MAX), "no overflow");
    }
}
