//! Work that answers later (a send, a history page, a log read, a search, a
//! webhook built for the viewer, a folder of request files) carries a
//! ticket; an answer is taken only while its ticket is the one awaited. One
//! mechanism for every stale answer, in place of a counter per feature.

/// The mark of one piece of work asked of the runtime.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Ticket(u64);

impl Ticket {
    /// A ticket made outside a counter: tests that hand-make an answer.
    pub const fn from_raw(n: u64) -> Self {
        Self(n)
    }
}

/// Hands out tickets, each new.
#[derive(Debug, Default, Clone)]
pub struct Tickets {
    issued: u64,
}

impl Tickets {
    pub fn issue(&mut self) -> Ticket {
        self.issued += 1;
        Ticket(self.issued)
    }
}

/// One answer awaited at a time: a new ticket supersedes the one before,
/// and `forget` drops whatever answer is still to come.
#[derive(Debug, Default, Clone)]
pub struct Awaited {
    tickets: Tickets,
    current: Option<Ticket>,
}

impl Awaited {
    /// A new piece of work: answers to any earlier one are dropped from now on.
    pub fn issue(&mut self) -> Ticket {
        let ticket = self.tickets.issue();
        self.current = Some(ticket);
        ticket
    }

    /// Whether `ticket` is the one awaited.
    pub fn is(&self, ticket: Ticket) -> bool {
        self.current == Some(ticket)
    }

    /// Takes the answer to `ticket` if it is awaited: no other is.
    pub fn take(&mut self, ticket: Ticket) -> bool {
        let current = self.is(ticket);
        if current {
            self.current = None;
        }
        current
    }

    /// The ticket awaited, if any.
    pub fn current(&self) -> Option<Ticket> {
        self.current
    }

    /// Nothing is awaited any more.
    pub fn forget(&mut self) {
        self.current = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_latest_ticket_is_taken_and_only_once() {
        let mut awaited = Awaited::default();
        let old = awaited.issue();
        let new = awaited.issue();
        assert_ne!(old, new);
        assert!(!awaited.take(old), "superseded");
        assert!(awaited.is(new));
        assert!(awaited.take(new));
        assert!(!awaited.take(new), "taken once");
        let later = awaited.issue();
        awaited.forget();
        assert!(!awaited.is(later));
    }

    #[test]
    fn tickets_are_never_reissued() {
        let mut tickets = Tickets::default();
        let a = tickets.issue();
        let b = tickets.issue();
        assert!(b > a);
    }
}
