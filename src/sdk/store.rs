//! Where the client keeps its tokens and state: a synchronous string store.
use std::cell::RefCell;

/// A synchronous key/value store of strings that never fails: a backend
/// that throws is the implementation's to handle (the browser store falls
/// back to memory and reports it).
pub trait KeyValueStore {
    /// The value under `key`.
    fn get(&self, key: &str) -> Option<String>;
    /// Writes `key`; `expires_at` (ms since epoch) is for stores that
    /// expire their entries, such as cookies.
    fn set(&self, key: &str, value: &str, expires_at: i64);
    /// Removes `key`.
    fn remove(&self, key: &str);
}

/// A store in memory: the fallback of the browser stores, and the store of
/// native tests. It ignores expiries.
#[derive(Debug, Default)]
pub struct MemoryStore {
    /// A handful of keys: a list is smaller than a map.
    entries: RefCell<Vec<(String, String)>>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> MemoryStore {
        MemoryStore::default()
    }
    /// How many keys it holds.
    pub fn len(&self) -> usize {
        self.entries.borrow().len()
    }
    /// True when it holds nothing.
    pub fn is_empty(&self) -> bool {
        self.entries.borrow().is_empty()
    }
}

impl KeyValueStore for MemoryStore {
    fn get(&self, key: &str) -> Option<String> {
        self.entries
            .borrow()
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    }
    fn set(&self, key: &str, value: &str, _expires_at: i64) {
        self.remove(key);
        self.entries
            .borrow_mut()
            .push((String::from(key), String::from(value)));
    }
    fn remove(&self, key: &str) {
        self.entries.borrow_mut().retain(|(k, _)| k != key);
    }
}

impl<S: KeyValueStore + ?Sized> KeyValueStore for &S {
    fn get(&self, key: &str) -> Option<String> {
        (**self).get(key)
    }
    fn set(&self, key: &str, value: &str, expires_at: i64) {
        (**self).set(key, value, expires_at)
    }
    fn remove(&self, key: &str) {
        (**self).remove(key)
    }
}

impl<S: KeyValueStore + ?Sized> KeyValueStore for std::rc::Rc<S> {
    fn get(&self, key: &str) -> Option<String> {
        (**self).get(key)
    }
    fn set(&self, key: &str, value: &str, expires_at: i64) {
        (**self).set(key, value, expires_at)
    }
    fn remove(&self, key: &str) {
        (**self).remove(key)
    }
}
