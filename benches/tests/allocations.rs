//! Validating a valid payload allocates nothing: counted with a global
//! allocator that counts the allocations of the current thread while a
//! measurement is on.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use serde::de::DeserializeOwned;
use specgen_runtime::{Validate, ValidateJson};

struct Counting;

thread_local! {
    // Per thread, so tests running in parallel do not count each other.
    static COUNTING: Cell<bool> = const { Cell::new(false) };
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

fn note() {
    if COUNTING.try_with(Cell::get).unwrap_or(false) {
        let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
    }
}

// SAFETY: every call is forwarded unchanged to the system allocator; the
// wrapper only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note();
        // SAFETY: same contract as ours.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        note();
        // SAFETY: same contract as ours.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note();
        // SAFETY: same contract as ours.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as ours.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// The allocations `f` makes on this thread.
fn allocations<R>(f: impl FnOnce() -> R) -> (R, usize) {
    ALLOCATIONS.with(|n| n.set(0));
    COUNTING.with(|c| c.set(true));
    let r = f();
    COUNTING.with(|c| c.set(false));
    (r, ALLOCATIONS.with(Cell::get))
}

/// Allocations of `validate()` on a decoded payload, after one warm-up call
/// (which compiles the regexes, once per process).
fn validate_allocations<T: DeserializeOwned + Validate>(json: &str) -> (bool, usize) {
    let typed: T = serde_json::from_str(json).expect("decodes");
    let _ = typed.validate();
    let (r, n) = allocations(|| typed.validate());
    (r.is_ok(), n)
}

#[test]
fn validating_a_valid_payload_allocates_nothing() {
    use chat_apis::{callgear, chat_v2, localiq};
    use specgen_benches::{callgear as cg, chat_v2_message, localiq as lq};
    let cases = [
        (
            "localiq sample",
            validate_allocations::<localiq::CaptureChatRequest>(&lq(true)),
        ),
        (
            "callgear 500 chats",
            validate_allocations::<callgear::UploadChatsParams>(&cg(500, true)),
        ),
        (
            "chat v2 new message",
            validate_allocations::<chat_v2::NotifyUserNewChatMessageBody>(&chat_v2_message(true)),
        ),
    ];
    for (name, (ok, n)) in cases {
        println!("{name}: valid, {n} allocation(s) in validate()");
        assert!(ok, "{name} is valid");
        assert_eq!(
            n, 0,
            "{name}: validate() allocated {n} time(s) on a valid payload"
        );
    }
}

/// Allocations of the JSON validator (the table walker) on a parsed
/// payload, after one warm-up call.
fn validate_json_allocations<T: ValidateJson>(json: &str) -> (bool, usize) {
    let value: serde_json::Value = serde_json::from_str(json).expect("JSON");
    let _ = T::validate_json(&value);
    let (r, n) = allocations(|| T::validate_json(&value));
    (r.is_ok(), n)
}

#[test]
fn the_json_validator_allocates_nothing_on_a_valid_payload() {
    use chat_apis::{callgear, chat_v2, localiq};
    use specgen_benches::{callgear as cg, chat_v2_message, localiq as lq};
    let cases = [
        (
            "localiq sample",
            validate_json_allocations::<localiq::CaptureChatRequest>(&lq(true)),
        ),
        (
            "callgear 500 chats",
            validate_json_allocations::<callgear::UploadChatsParams>(&cg(500, true)),
        ),
        (
            "chat v2 new message",
            validate_json_allocations::<chat_v2::NotifyUserNewChatMessageBody>(&chat_v2_message(
                true,
            )),
        ),
    ];
    for (name, (ok, n)) in cases {
        println!("{name}: valid, {n} allocation(s) in validate_json()");
        assert!(ok, "{name} is valid");
        assert_eq!(n, 0, "{name}: validate_json() allocated {n} time(s)");
    }
}

#[test]
fn invalid_payloads_allocate_only_for_their_errors() {
    use chat_apis::{callgear, chat_v2, localiq};
    use specgen_benches::{callgear as cg, chat_v2_message, localiq as lq};
    for (name, (ok, n)) in [
        (
            "localiq sample",
            validate_allocations::<localiq::CaptureChatRequest>(&lq(false)),
        ),
        (
            "callgear 500 chats",
            validate_allocations::<callgear::UploadChatsParams>(&cg(500, false)),
        ),
        (
            "chat v2 new message",
            validate_allocations::<chat_v2::NotifyUserNewChatMessageBody>(&chat_v2_message(false)),
        ),
    ] {
        println!("{name}: invalid, {n} allocation(s) in validate()");
        assert!(!ok && n > 0, "{name}");
    }
}

/// `is_valid()` and `is_valid_json()` on each invalid payload: the verdict
/// only, so nothing is allocated even though the payload has errors (after
/// one warm-up `validate()`, which compiles the regexes).
fn verdict_allocations<T: DeserializeOwned + Validate + ValidateJson>(
    json: &str,
) -> [(bool, usize); 2] {
    let typed: T = serde_json::from_str(json).expect("decodes");
    let value: serde_json::Value = serde_json::from_str(json).expect("JSON");
    let _ = typed.validate();
    [
        allocations(|| typed.is_valid()),
        allocations(|| T::is_valid_json(&value)),
    ]
}

#[test]
fn verdicts_allocate_nothing_even_on_invalid_payloads() {
    use chat_apis::{callgear, chat_v2, localiq};
    use specgen_benches::{callgear as cg, chat_v2_message, localiq as lq};
    for (name, [typed, json]) in [
        (
            "localiq sample",
            verdict_allocations::<localiq::CaptureChatRequest>(&lq(false)),
        ),
        (
            "callgear 500 chats",
            verdict_allocations::<callgear::UploadChatsParams>(&cg(500, false)),
        ),
        (
            "chat v2 new message",
            verdict_allocations::<chat_v2::NotifyUserNewChatMessageBody>(&chat_v2_message(false)),
        ),
    ] {
        println!(
            "{name}: invalid, {} / {} allocation(s) in is_valid() / is_valid_json()",
            typed.1, json.1
        );
        assert_eq!((typed.0, json.0), (false, false), "{name} is invalid");
        assert_eq!((typed.1, json.1), (0, 0), "{name}: a verdict allocated");
    }
}
