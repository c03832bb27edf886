//! Ctrl-C, SIGTERM and SIGHUP: one process-wide handler that records the interrupt and runs
//! the hook of the work in progress (a database command cancels the query its server runs).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

static INTERRUPTED: AtomicBool = AtomicBool::new(false);

type Hook = Box<dyn Fn() + Send>;

static HOOK: Mutex<Option<Hook>> = Mutex::new(None);

/// Installs the handler; later calls do nothing. The handler runs on a thread of its own, so a
/// hook may block (it may open a connection to send a cancel request).
pub fn install() {
    // A second installation fails harmlessly; the first handler is the one that counts.
    let _ = ctrlc::set_handler(|| {
        INTERRUPTED.store(true, Ordering::SeqCst);
        if let Ok(hook) = HOOK.lock() {
            if let Some(h) = hook.as_ref() {
                h();
            }
        }
    });
}

/// Whether an interrupt arrived.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// Sets (or with `None` clears) what an interrupt does besides being recorded.
pub fn set_hook(hook: Option<Hook>) {
    if let Ok(mut h) = HOOK.lock() {
        *h = hook;
    }
}
