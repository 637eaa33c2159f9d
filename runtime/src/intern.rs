//! Texts that errors share: each is made once per process, kept for good
//! and lent to every error that needs it, so an error costs no allocation
//! for its default message or for a path made only of generated member
//! names.
//!
//! Every key comes from generated code (a rule's value, a chain of member
//! pointers), so a table stays small; past [`CAP`] entries, or for a text
//! longer than [`MAX_LEN`], the caller makes an owned text per error
//! instead, which bounds what is kept at `CAP * MAX_LEN` bytes per table
//! however many distinct texts a process meets (deep recursive values, say).

use std::borrow::Cow;
use std::cell::Cell;
use std::collections::HashMap;
use std::hash::{BuildHasher, Hash};
use std::sync::{Mutex, PoisonError};
use std::thread::LocalKey;

use rustc_hash::{FxBuildHasher, FxHashMap};

/// The most texts a table keeps.
pub(crate) const CAP: usize = 4096;

/// The longest text a table keeps, in bytes.
pub(crate) const MAX_LEN: usize = 256;

/// How many texts a thread keeps at hand, by the top bits of their hash.
const SLOTS: usize = 64;

/// One thread's texts at hand: a direct-mapped cache in front of the
/// shared table, looked up first, with no lock and no probing. A key that
/// loses its slot to another is fetched from the shared table again.
pub(crate) struct Local<K: 'static>([Cell<Option<(K, &'static str)>>; SLOTS]);

/// The process-wide table, which owns the texts.
pub(crate) type Shared<K> = Mutex<FxHashMap<K, &'static str>>;

/// An empty thread's cache, for a `thread_local!`.
pub(crate) const fn local<K: Copy>() -> Local<K> {
    Local([const { Cell::new(None) }; SLOTS])
}

/// An empty process-wide table, for a `static`.
pub(crate) const fn shared<K>() -> Shared<K> {
    Mutex::new(HashMap::with_hasher(FxBuildHasher))
}

/// The text for `key`: from this thread's cache, else from the shared
/// table (and then kept at hand), else made by `make` and kept. Owned when
/// it is not kept (the table is full or the text too long): made once
/// either way, and outside the lock when the table is full.
///
/// The thread's cache is tried first because it takes one hash (FxHash, a
/// multiply and a rotate per word), one compare and no lock: a hash-map
/// probe behind a `RefCell` cost about 20 ns per error here.
pub(crate) fn text<K: Hash + Eq + Copy>(
    local: &'static LocalKey<Local<K>>,
    shared: &'static Shared<K>,
    key: K,
    make: impl FnOnce() -> String,
) -> Cow<'static, str> {
    // The top bits of FxHash are its best mixed.
    let slot = (FxBuildHasher.hash_one(key) >> (u64::BITS - SLOTS.trailing_zeros())) as usize;
    let at_hand = |l: &Local<K>| l.0.get(slot).and_then(Cell::get);
    if let Some((k, t)) = local.with(at_hand) {
        if k == key {
            return Cow::Borrowed(t);
        }
    }
    let mut texts = shared.lock().unwrap_or_else(PoisonError::into_inner);
    let t = match texts.get(&key) {
        Some(&t) => t,
        None if texts.len() < CAP => {
            let made = make();
            if made.len() > MAX_LEN {
                return Cow::Owned(made);
            }
            let t: &'static str = Box::leak(made.into_boxed_str());
            texts.insert(key, t);
            t
        }
        None => {
            drop(texts);
            return Cow::Owned(make());
        }
    };
    drop(texts);
    local.with(|l| {
        if let Some(cell) = l.0.get(slot) {
            cell.set(Some((key, t)));
        }
    });
    Cow::Borrowed(t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    thread_local! {
        static LOCAL: Local<u32> = const { local() };
    }
    static SHARED: Shared<u32> = shared();

    /// The text if it is lent (kept), else `None`.
    fn lent(t: Cow<'static, str>) -> Option<&'static str> {
        match t {
            Cow::Borrowed(t) => Some(t),
            Cow::Owned(_) => None,
        }
    }

    #[test]
    fn a_text_is_made_once_and_then_lent_to_every_thread() {
        let made = AtomicUsize::new(0);
        let make = || {
            made.fetch_add(1, Ordering::SeqCst);
            "seven".to_owned()
        };
        let here = lent(text(&LOCAL, &SHARED, 7, make)).unwrap();
        let again = lent(text(&LOCAL, &SHARED, 7, make)).unwrap();
        let there = std::thread::scope(|s| {
            s.spawn(|| lent(text(&LOCAL, &SHARED, 7, make)).unwrap())
                .join()
                .unwrap()
        });
        assert_eq!(here, "seven");
        assert!(std::ptr::eq(here, again) && std::ptr::eq(here, there));
        assert_eq!(made.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn long_texts_and_texts_past_the_cap_are_made_once_each_time_and_not_kept() {
        thread_local! {
            static L: Local<usize> = const { local() };
        }
        static S: Shared<usize> = shared();
        let made = AtomicUsize::new(0);
        let long = || {
            made.fetch_add(1, Ordering::SeqCst);
            "x".repeat(MAX_LEN + 1)
        };
        // Not kept, but handed back: the caller does not make it again.
        let t = text(&L, &S, usize::MAX, long);
        assert!(matches!(&t, Cow::Owned(s) if s.len() == MAX_LEN + 1));
        assert_eq!(made.load(Ordering::SeqCst), 1);
        assert_eq!(
            lent(text(&L, &S, 0, || "x".repeat(MAX_LEN))).map(str::len),
            Some(MAX_LEN)
        );
        for key in 1..CAP {
            assert!(lent(text(&L, &S, key, || key.to_string())).is_some());
        }
        // Full: a new key is made and handed back, a kept one is still lent.
        assert!(matches!(text(&L, &S, CAP, || "new".to_owned()), Cow::Owned(s) if s == "new"));
        // Keys share the thread's 64 slots; each still gets its own text.
        for key in 1..CAP {
            assert_eq!(
                lent(text(&L, &S, key, || unreachable!())),
                Some(&*key.to_string())
            );
        }
        assert_eq!(S.lock().unwrap().len(), CAP);
    }
}
