//! The in-memory payment store and the id sequences.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};

use super::payment::Payment;

/// First sequence number of payment ids (makes ids look like the fixtures').
const FIRST_PAYMENT_SEQUENCE: u64 = 1_000_059_600;

/// Payments by merchant and id: a payment is visible only under the merchant that created it.
#[derive(Debug)]
pub struct Store {
    payments: Mutex<HashMap<(String, String), Payment>>,
    next_payment: AtomicU64,
    next_request: AtomicU64,
}

impl Default for Store {
    fn default() -> Self {
        Self {
            payments: Mutex::new(HashMap::new()),
            next_payment: AtomicU64::new(FIRST_PAYMENT_SEQUENCE),
            next_request: AtomicU64::new(1),
        }
    }
}

/// The references of a new payment: `additionalReference` is merchant (10 wide) + sequence
/// (10 digits); the payment id appends the attempt part `0000100001`, as the API's ids do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewIds {
    pub sequence: u64,
    pub additional_reference: String,
    pub payment_id: String,
}

impl Store {
    fn payments(&self) -> MutexGuard<'_, HashMap<(String, String), Payment>> {
        // A panic while holding the lock leaves a consistent map (every update is one
        // insert or one field change), so a poisoned lock is still usable.
        self.payments
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// A fresh `requestId` value.
    pub fn next_request_id(&self) -> String {
        self.next_request
            .fetch_add(1, Ordering::Relaxed)
            .to_string()
    }

    /// Fresh references for a payment of `merchant_id` (only its ASCII letters and digits are
    /// used, so ids stay safe in paths and headers).
    pub fn new_ids(&self, merchant_id: &str) -> NewIds {
        let sequence = self.next_payment.fetch_add(1, Ordering::Relaxed);
        let merchant: String = merchant_id
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        let additional_reference = format!("{merchant:0>10}{sequence:010}");
        let payment_id = format!("{additional_reference}0000100001");
        NewIds {
            sequence,
            additional_reference,
            payment_id,
        }
    }

    pub fn insert(&self, merchant_id: &str, payment: Payment) {
        self.payments()
            .insert((merchant_id.to_owned(), payment.id.clone()), payment);
    }

    pub fn get(&self, merchant_id: &str, payment_id: &str) -> Option<Payment> {
        self.payments()
            .get(&(merchant_id.to_owned(), payment_id.to_owned()))
            .cloned()
    }

    /// Applies `change` to the stored payment; None when there is no such payment.
    pub fn update<R>(
        &self,
        merchant_id: &str,
        payment_id: &str,
        change: impl FnOnce(&mut Payment) -> R,
    ) -> Option<R> {
        self.payments()
            .get_mut(&(merchant_id.to_owned(), payment_id.to_owned()))
            .map(change)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_look_like_the_apis_and_are_unique() {
        let store = Store::default();
        let first = store.new_ids("1234");
        let second = store.new_ids("1234");
        assert_eq!(first.additional_reference, "00000012341000059600");
        assert_eq!(first.payment_id, "000000123410000596000000100001");
        assert_eq!(first.payment_id.len(), 30);
        assert_ne!(first.payment_id, second.payment_id);
    }

    #[test]
    fn ids_keep_only_ascii_alphanumerics_of_the_merchant() {
        let ids = Store::default().new_ids("a b/é");
        assert_eq!(ids.additional_reference, "00000000ab1000059600");
    }

    #[test]
    fn request_ids_increase() {
        let store = Store::default();
        assert_eq!(store.next_request_id(), "1");
        assert_eq!(store.next_request_id(), "2");
    }
}
