//! The simulator's state: every object it keeps, per merchant, in creation order, with an
//! optional bound (`--max-objects`: the oldest are let go, and counted), the id sequences and a
//! seeded generator for the random-looking ids (`--seed`). Payments are kept typed; the other
//! kinds as their API JSON plus what the simulator needs of them (`meta`).

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::payment::Payment;

/// First sequence number of payment ids (makes ids look like the fixtures').
const FIRST_PAYMENT_SEQUENCE: u64 = 1_000_059_600;

/// The kinds of object the simulator keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Kind {
    Payment,
    Capture,
    Refund,
    Token,
    Payout,
    HostedCheckout,
    Mandate,
    Dispute,
    HostedMandateManagement,
}

/// An object other than a payment: its API JSON and the simulator's own notes on it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Object {
    /// The object as the API shows it (what GET answers).
    pub value: Value,
    /// What the simulator keeps besides (the payment a refund belongs to, a token's card).
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub meta: Value,
}

impl Object {
    pub fn new(value: Value, meta: Value) -> Self {
        Self { value, meta }
    }

    /// `value.status`, or "" when it has none.
    pub fn status(&self) -> &str {
        self.value["status"].as_str().unwrap_or_default()
    }

    /// The string at `meta.<name>`.
    pub fn meta_str(&self, name: &str) -> Option<&str> {
        self.meta.get(name).and_then(Value::as_str)
    }
}

/// What a find is shown of one kept object: a payment, or another object with the payment it
/// belongs to (if any).
#[derive(Clone, Copy)]
pub enum Kept<'a> {
    Payment(&'a Payment),
    Object {
        object: &'a Object,
        parent: Option<&'a Payment>,
    },
}

/// A kept value as a dump's snapshot holds it.
enum Snapshot {
    Payment(Arc<Payment>),
    Object(Arc<Object>),
}

/// (merchant, kind, id): what identifies an object.
type Key = (String, Kind, String);

/// The kept values are shared (`Arc`), so a dump takes a snapshot under the lock by counting
/// references and builds its JSON after letting go; a change copies a value a dump still
/// holds (`Arc::make_mut`).
#[derive(Debug, Default)]
struct Inner {
    payments: HashMap<(String, String), Arc<Payment>>,
    objects: HashMap<Key, Arc<Object>>,
    /// Every object (payments included) in creation order: the oldest is let go first.
    order: VecDeque<Key>,
    /// Objects belonging to a payment (its captures, refunds), by merchant and payment id.
    children: HashMap<(String, String), Vec<(Kind, String)>>,
    /// How many objects were let go to keep within the bound.
    evicted: u64,
}

impl Inner {
    fn remove(&mut self, key: &Key) {
        let (merchant, kind, id) = key;
        if *kind == Kind::Payment {
            self.payments.remove(&(merchant.clone(), id.clone()));
            self.children.remove(&(merchant.clone(), id.clone()));
        } else if let Some(object) = self.objects.remove(key)
            && let Some(parent) = object.meta_str("paymentId")
            && let Some(list) = self
                .children
                .get_mut(&(merchant.clone(), parent.to_owned()))
        {
            list.retain(|(k, i)| !(k == kind && i == id));
        }
    }

    fn contains(&self, key: &Key) -> bool {
        if key.1 == Kind::Payment {
            self.payments.contains_key(&(key.0.clone(), key.2.clone()))
        } else {
            self.objects.contains_key(key)
        }
    }
}

/// Everything the simulator keeps, shared by the handlers.
#[derive(Debug)]
pub struct Store {
    inner: Mutex<Inner>,
    /// At most this many objects are kept; None: no bound.
    max_objects: Option<usize>,
    next_payment: AtomicU64,
    next_request: AtomicU64,
    /// The state of the id generator (splitmix64).
    random: Mutex<u64>,
    /// Bumped by every change, so a state file is written only when something changed.
    generation: AtomicU64,
}

impl Default for Store {
    fn default() -> Self {
        Self::new(None, None)
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

/// One kept object in a dump: a payment's `value` is its API JSON, `record` what restores it.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    pub merchant_id: String,
    pub kind: Kind,
    pub id: String,
    pub value: Value,
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub meta: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<Payment>,
}

/// The whole state: what `GET /sim/state` answers and a `--state` file holds.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Dump {
    /// Says what the file is, so another JSON file is refused with a clear message.
    pub format: String,
    pub next_payment_sequence: u64,
    pub next_request_id: u64,
    pub random_state: u64,
    pub evicted: u64,
    #[serde(default)]
    pub max_objects: Option<usize>,
    pub objects: Vec<Entry>,
}

/// The `format` of a dump.
pub const DUMP_FORMAT: &str = "cinspect-sim-state/1";

/// Seeds the id generator from the clock when no `--seed` was given.
fn clock_seed() -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    // Folding the 128-bit count keeps the fast-changing low bits.
    (nanos as u64) ^ ((nanos >> 64) as u64) ^ u64::from(std::process::id())
}

impl Store {
    /// An empty store keeping at most `max_objects` (no bound for None); `seed` makes the
    /// random-looking ids repeat from run to run.
    pub fn new(max_objects: Option<usize>, seed: Option<u64>) -> Self {
        Self {
            inner: Mutex::new(Inner::default()),
            max_objects: max_objects.map(|m| m.max(1)),
            next_payment: AtomicU64::new(FIRST_PAYMENT_SEQUENCE),
            next_request: AtomicU64::new(1),
            random: Mutex::new(seed.unwrap_or_else(clock_seed)),
            generation: AtomicU64::new(0),
        }
    }

    fn inner(&self) -> MutexGuard<'_, Inner> {
        // A panic while holding the lock leaves consistent maps (every update is a few
        // inserts or removes that do not panic), so a poisoned lock is still usable.
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn changed(&self) {
        self.generation.fetch_add(1, Ordering::Relaxed);
    }

    /// A number that changes whenever the state does.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Relaxed)
    }

    /// A fresh `requestId` value.
    pub fn next_request_id(&self) -> String {
        self.next_request
            .fetch_add(1, Ordering::Relaxed)
            .to_string()
    }

    /// The next 64 random-looking bits (splitmix64: deterministic from the seed).
    pub fn next_random(&self) -> u64 {
        let mut state = self
            .random
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = *state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// `len` random hex digits (for tokens, RETURNMACs, hosted checkout ids).
    pub fn random_hex(&self, len: usize) -> String {
        let mut out = String::with_capacity(len + 16);
        while out.len() < len {
            out.push_str(&format!("{:016x}", self.next_random()));
        }
        out.truncate(len);
        out
    }

    /// A random-looking UUID-shaped id (8-4-4-4-12 hex digits).
    pub fn random_uuid(&self) -> String {
        let h = self.random_hex(32);
        format!(
            "{}-{}-{}-{}-{}",
            &h[..8],
            &h[8..12],
            &h[12..16],
            &h[16..20],
            &h[20..]
        )
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

    /// Records `key` as the newest object and lets the oldest go past the bound.
    fn admit(&self, inner: &mut Inner, key: Key) {
        inner.order.push_back(key);
        let Some(max) = self.max_objects else { return };
        while inner.order.len() > max {
            let Some(oldest) = inner.order.pop_front() else {
                break;
            };
            // A key deleted earlier (a deleted token) is no longer counted.
            if inner.contains(&oldest) {
                inner.remove(&oldest);
                inner.evicted += 1;
            }
        }
    }

    pub fn insert(&self, merchant_id: &str, payment: Payment) {
        let mut inner = self.inner();
        let key = (merchant_id.to_owned(), Kind::Payment, payment.id.clone());
        let replaced = inner
            .payments
            .insert(
                (merchant_id.to_owned(), payment.id.clone()),
                Arc::new(payment),
            )
            .is_some();
        if !replaced {
            self.admit(&mut inner, key);
        }
        drop(inner);
        self.changed();
    }

    pub fn get(&self, merchant_id: &str, payment_id: &str) -> Option<Payment> {
        self.inner()
            .payments
            .get(&(merchant_id.to_owned(), payment_id.to_owned()))
            .map(|p| Payment::clone(p))
    }

    /// Applies `change` to the stored payment; None when there is no such payment.
    pub fn update<R>(
        &self,
        merchant_id: &str,
        payment_id: &str,
        change: impl FnOnce(&mut Payment) -> R,
    ) -> Option<R> {
        let result = self
            .inner()
            .payments
            .get_mut(&(merchant_id.to_owned(), payment_id.to_owned()))
            .map(|p| change(Arc::make_mut(p)));
        self.changed();
        result
    }

    /// Keeps `object` of `kind` under `id` unless one is kept there already (checked and
    /// kept in one step under the lock); the one kept already otherwise.
    pub fn insert_new_object(
        &self,
        merchant_id: &str,
        kind: Kind,
        id: &str,
        object: Object,
    ) -> Result<(), Box<Object>> {
        let inner = self.inner();
        let key = (merchant_id.to_owned(), kind, id.to_owned());
        if let Some(kept) = inner.objects.get(&key) {
            return Err(Box::new(Object::clone(kept)));
        }
        self.insert_locked(inner, key, object);
        Ok(())
    }

    /// Keeps `object` of `kind` under `id`; one with `meta.paymentId` is listed with that
    /// payment's children.
    pub fn insert_object(&self, merchant_id: &str, kind: Kind, id: &str, object: Object) {
        let key = (merchant_id.to_owned(), kind, id.to_owned());
        self.insert_locked(self.inner(), key, object);
    }

    fn insert_locked(&self, mut inner: MutexGuard<'_, Inner>, key: Key, object: Object) {
        let (merchant_id, kind, id) = (key.0.clone(), key.1, key.2.clone());
        // Listed with its payment once: a replaced object keeps its place.
        let parent = object.meta_str("paymentId").map(str::to_owned);
        if inner
            .objects
            .insert(key.clone(), Arc::new(object))
            .is_none()
        {
            if let Some(parent) = parent {
                inner
                    .children
                    .entry((merchant_id, parent))
                    .or_default()
                    .push((kind, id));
            }
            self.admit(&mut inner, key);
        }
        drop(inner);
        self.changed();
    }

    pub fn object(&self, merchant_id: &str, kind: Kind, id: &str) -> Option<Object> {
        self.inner()
            .objects
            .get(&(merchant_id.to_owned(), kind, id.to_owned()))
            .map(|o| Object::clone(o))
    }

    /// Applies `change` to the stored object; None when there is no such object.
    pub fn update_object<R>(
        &self,
        merchant_id: &str,
        kind: Kind,
        id: &str,
        change: impl FnOnce(&mut Object) -> R,
    ) -> Option<R> {
        let result = self
            .inner()
            .objects
            .get_mut(&(merchant_id.to_owned(), kind, id.to_owned()))
            .map(|o| change(Arc::make_mut(o)));
        self.changed();
        result
    }

    /// Removes an object; its place in the creation order is skipped when reached.
    pub fn remove_object(&self, merchant_id: &str, kind: Kind, id: &str) -> Option<Object> {
        let mut inner = self.inner();
        let key = (merchant_id.to_owned(), kind, id.to_owned());
        let object = Object::clone(inner.objects.get(&key)?);
        inner.remove(&key);
        let position = inner.order.iter().rposition(|k| *k == key);
        if let Some(position) = position {
            inner.order.remove(position);
        }
        drop(inner);
        self.changed();
        Some(object)
    }

    /// The objects of `kind` belonging to a payment, oldest first.
    pub fn children(&self, merchant_id: &str, payment_id: &str, kind: Kind) -> Vec<Object> {
        let inner = self.inner();
        let Some(list) = inner
            .children
            .get(&(merchant_id.to_owned(), payment_id.to_owned()))
        else {
            return Vec::new();
        };
        list.iter()
            .filter(|(k, _)| *k == kind)
            .filter_map(|(k, id)| {
                inner
                    .objects
                    .get(&(merchant_id.to_owned(), *k, id.clone()))
                    .map(|o| Object::clone(o))
            })
            .collect()
    }

    /// The objects of `kind` of `merchant_id` that `keep` accepts, oldest first: how many
    /// there are, and the API JSON of at most `limit` of them from `offset` on. One walk of
    /// the creation order under the lock (bounded like the store), building JSON for the
    /// page only.
    pub fn find(
        &self,
        merchant_id: &str,
        kind: Kind,
        keep: impl Fn(Kept<'_>) -> bool,
        offset: usize,
        limit: usize,
    ) -> (usize, Vec<Value>) {
        let inner = self.inner();
        let payment_of = |id: &str| {
            inner
                .payments
                .get(&(merchant_id.to_owned(), id.to_owned()))
                .map(|p| &**p)
        };
        let mut total = 0;
        let mut page = Vec::new();
        for (merchant, k, id) in &inner.order {
            if *k != kind || merchant != merchant_id {
                continue;
            }
            let (kept, value) = if kind == Kind::Payment {
                let Some(payment) = payment_of(id) else {
                    continue;
                };
                (Kept::Payment(payment), None)
            } else {
                let Some(object) = inner.objects.get(&(merchant.clone(), *k, id.clone())) else {
                    continue;
                };
                let parent = object.meta_str("paymentId").and_then(payment_of);
                (Kept::Object { object, parent }, Some(&object.value))
            };
            let json = |kept: &Kept<'_>| match (kept, value) {
                (Kept::Payment(payment), _) => payment.to_json(),
                (_, Some(value)) => value.clone(),
                _ => Value::Null,
            };
            if keep(kept) {
                if total >= offset && page.len() < limit {
                    page.push(json(&kept));
                }
                total += 1;
            }
        }
        (total, page)
    }

    /// How many objects are kept, and how many were let go.
    pub fn counts(&self) -> (usize, u64) {
        let inner = self.inner();
        (inner.payments.len() + inner.objects.len(), inner.evicted)
    }

    /// Forgets everything (`POST /sim/reset`); the id sequences go on, so no id is reused.
    pub fn reset(&self) {
        *self.inner() = Inner::default();
        self.changed();
    }

    /// Everything kept, oldest first; `for_file`: payments with their restoring record (card
    /// numbers masked).
    pub fn dump(&self, for_file: bool) -> Dump {
        let random_state = *self
            .random
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        // Under the lock only the snapshot: keys and shared references, no JSON.
        let inner = self.inner();
        let snapshot: Vec<(Key, Snapshot)> = inner
            .order
            .iter()
            .filter_map(|key| {
                let kept = if key.1 == Kind::Payment {
                    let payment = inner.payments.get(&(key.0.clone(), key.2.clone()))?;
                    Snapshot::Payment(Arc::clone(payment))
                } else {
                    Snapshot::Object(Arc::clone(inner.objects.get(key)?))
                };
                Some((key.clone(), kept))
            })
            .collect();
        let evicted = inner.evicted;
        drop(inner);
        let objects = snapshot
            .into_iter()
            .map(|((merchant_id, kind, id), kept)| {
                let (value, meta, record) = match kept {
                    Snapshot::Payment(payment) => {
                        let record = for_file.then(|| payment.for_file());
                        (payment.to_json(), Value::Null, record)
                    }
                    Snapshot::Object(object) => (object.value.clone(), object.meta.clone(), None),
                };
                Entry {
                    merchant_id,
                    kind,
                    id,
                    value,
                    meta,
                    record,
                }
            })
            .collect();
        Dump {
            format: DUMP_FORMAT.to_owned(),
            next_payment_sequence: self.next_payment.load(Ordering::Relaxed),
            next_request_id: self.next_request.load(Ordering::Relaxed),
            random_state,
            evicted,
            max_objects: self.max_objects,
            objects,
        }
    }

    /// Takes the state of `dump` (read from a state file), within this store's bound.
    pub fn restore(&self, dump: Dump) -> Result<(), String> {
        if dump.format != DUMP_FORMAT {
            return Err(format!(
                "its format is not {DUMP_FORMAT} (it says {:?})",
                crate::body::printable(&dump.format)
            ));
        }
        self.next_payment.fetch_max(
            dump.next_payment_sequence.max(FIRST_PAYMENT_SEQUENCE),
            Ordering::Relaxed,
        );
        self.next_request
            .fetch_max(dump.next_request_id, Ordering::Relaxed);
        *self
            .random
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = dump.random_state;
        self.inner().evicted = dump.evicted;
        for (n, entry) in dump.objects.into_iter().enumerate() {
            if entry.kind == Kind::Payment {
                let Some(payment) = entry.record else {
                    return Err(format!("object {} (a payment) has no record", n + 1));
                };
                if payment.id != entry.id {
                    return Err(format!("object {} (a payment) has two ids", n + 1));
                }
                self.insert(&entry.merchant_id, payment);
            } else {
                let object = Object::new(entry.value, entry.meta);
                self.insert_object(&entry.merchant_id, entry.kind, &entry.id, object);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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

    #[test]
    fn a_seed_makes_the_random_ids_repeat() {
        let a = Store::new(None, Some(7));
        let b = Store::new(None, Some(7));
        let c = Store::new(None, Some(8));
        assert_eq!(a.random_hex(40), b.random_hex(40));
        assert_eq!(a.random_uuid(), b.random_uuid());
        assert_ne!(a.random_hex(40), c.random_hex(40));
        assert_eq!(a.random_hex(5).len(), 5);
    }

    fn token(n: u32) -> Object {
        Object::new(json!({"id": n.to_string()}), Value::Null)
    }

    #[test]
    fn the_oldest_objects_are_let_go_past_the_bound_and_counted() {
        let store = Store::new(Some(3), Some(1));
        for n in 0..5 {
            store.insert_object("m", Kind::Token, &n.to_string(), token(n));
        }
        assert_eq!(store.counts(), (3, 2));
        assert!(store.object("m", Kind::Token, "0").is_none());
        assert!(store.object("m", Kind::Token, "1").is_none());
        assert!(store.object("m", Kind::Token, "4").is_some());
    }

    #[test]
    fn a_removed_object_does_not_count_against_the_bound() {
        let store = Store::new(Some(2), Some(1));
        store.insert_object("m", Kind::Token, "a", token(1));
        store.remove_object("m", Kind::Token, "a");
        store.insert_object("m", Kind::Token, "b", token(2));
        store.insert_object("m", Kind::Token, "c", token(3));
        assert_eq!(store.counts(), (2, 0));
    }

    #[test]
    fn objects_are_kept_per_merchant() {
        let store = Store::default();
        store.insert_object("m1", Kind::Payout, "p", token(1));
        assert!(store.object("m1", Kind::Payout, "p").is_some());
        assert!(store.object("m2", Kind::Payout, "p").is_none());
        assert!(store.object("m1", Kind::Token, "p").is_none());
    }

    #[test]
    fn children_are_listed_by_payment_and_forgotten_with_them() {
        let store = Store::new(Some(2), Some(1));
        let refund = Object::new(json!({"id": "r"}), json!({"paymentId": "p1"}));
        store.insert_object("m", Kind::Refund, "r", refund);
        assert_eq!(store.children("m", "p1", Kind::Refund).len(), 1);
        assert!(store.children("m", "p1", Kind::Capture).is_empty());
        store.insert_object("m", Kind::Token, "t1", token(1));
        store.insert_object("m", Kind::Token, "t2", token(2));
        assert!(store.children("m", "p1", Kind::Refund).is_empty());
    }

    #[test]
    fn a_dump_restores_into_an_equal_store() {
        let store = Store::new(None, Some(3));
        store.insert_object("m", Kind::Token, "t", token(1));
        store.next_random();
        let dump = store.dump(true);
        let text = serde_json::to_string(&dump).expect("serialises");
        let again = Store::new(None, None);
        again
            .restore(serde_json::from_str(&text).expect("parses"))
            .expect("restores");
        assert_eq!(again.object("m", Kind::Token, "t"), Some(token(1)));
        assert_eq!(again.next_random(), store.next_random());
    }

    #[test]
    fn a_dump_of_another_format_is_refused() {
        let mut dump = Store::default().dump(true);
        dump.format = "something/9".into();
        let error = Store::default().restore(dump).expect_err("refused");
        assert!(error.contains("cinspect-sim-state/1"), "{error}");
    }

    #[test]
    fn reset_forgets_everything_but_keeps_the_sequences() {
        let store = Store::default();
        store.insert_object("m", Kind::Token, "t", token(1));
        let first = store.new_ids("m").payment_id;
        store.reset();
        assert_eq!(store.counts(), (0, 0));
        assert_ne!(store.new_ids("m").payment_id, first);
    }
}
