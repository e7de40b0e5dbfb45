//! A fence around third-party readers: a panic inside one becomes an error for
//! that file, and its message is kept off the planner's screen.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Panics caught so far in this process (read by the fuzz target).
static CAUGHT: AtomicUsize = AtomicUsize::new(0);

/// How many reader panics have been caught and turned into errors.
pub fn caught_panics() -> usize {
    CAUGHT.load(Ordering::Relaxed)
}

thread_local! {
    static GUARDED: Cell<bool> = const { Cell::new(false) };
}

static INSTALL: Once = Once::new();

/// Install, once, a panic hook that stays silent for panics inside
/// [`catch_reader_panic`] and defers to the previous hook for all others.
fn install_quiet_hook() {
    INSTALL.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !GUARDED.with(Cell::get) {
                previous(info);
            } else if std::env::var_os("SEATCAST_DEBUG_READER_PANICS").is_some() {
                // For tracing fuzzer finds back to the reader that panicked.
                if let Some(l) = info.location() {
                    eprintln!("reader panic at {}:{}", l.file(), l.line());
                }
            }
        }));
    });
}

/// Run `f`; `None` if it panicked.
pub fn catch_reader_panic<T>(f: impl FnOnce() -> T) -> Option<T> {
    install_quiet_hook();
    let was = GUARDED.with(|g| g.replace(true));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    GUARDED.with(|g| g.set(was));
    if result.is_err() {
        CAUGHT.fetch_add(1, Ordering::Relaxed);
    }
    result.ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_none() {
        assert_eq!(catch_reader_panic(|| 7), Some(7));
        let r: Option<()> = catch_reader_panic(|| panic!("boom"));
        assert_eq!(r, None);
    }
}
