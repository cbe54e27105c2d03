//! Which customers' records changed since the analytics facts were last read: every write
//! transaction notes the customers it touches (customer, follow-up and record writes all name
//! theirs), and after it commits they are added to the book-wide set the facts cache drains.
use rustc_hash::FxHashSet;
use std::cell::RefCell;
use std::sync::Mutex;
use ulid::Ulid;

/// Past this many changed customers the cache is rebuilt whole instead (and the set stops
/// growing while nobody reads it).
const MAX_TRACKED: usize = 20_000;

/// The customers one transaction attempt touched (cleared when sled retries it).
#[derive(Default)]
pub(in crate::store) struct Touched(RefCell<Vec<Ulid>>);

impl Touched {
    pub fn add(&self, customer: Ulid) {
        self.0.borrow_mut().push(customer);
    }

    pub fn clear(&self) {
        self.0.borrow_mut().clear();
    }

    pub fn take(&self) -> Vec<Ulid> {
        std::mem::take(&mut *self.0.borrow_mut())
    }
}

/// What changed since the facts cache last looked.
#[derive(Debug, Default, PartialEq)]
pub(in crate::store) enum Changed {
    /// Only these customers.
    #[default]
    None,
    Some(FxHashSet<Ulid>),
    /// Too many to track: read everything again.
    All,
}

/// The book-wide set, behind a mutex (writers add, the facts cache drains).
#[derive(Default)]
pub(in crate::store) struct ChangeLog(Mutex<Changed>);

impl ChangeLog {
    pub fn note(&self, ids: Vec<Ulid>) {
        if ids.is_empty() {
            return;
        }
        let mut guard = match self.0.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        match &mut *guard {
            Changed::All => {}
            Changed::None => *guard = Changed::Some(ids.into_iter().collect()),
            Changed::Some(set) => {
                set.extend(ids);
                if set.len() > MAX_TRACKED {
                    *guard = Changed::All;
                }
            }
        }
    }

    pub fn drain(&self) -> Changed {
        let mut guard = match self.0.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        std::mem::take(&mut *guard)
    }
}
