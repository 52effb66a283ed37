//! Locking, and the idle timer that locks on its own.
//!
//! What "locked" means is decided here once ([`lock_app`]): the vault and
//! every secret from it are dropped (wiped), the print view is closed and
//! its sheet wiped, outstanding reveal grants are forgotten, what Safekeep
//! put on the clipboard is taken back, and the window is told, so it shows
//! the unlock screen even if it was hidden when it happened.
//!
//! The idle timer lives in Rust, not in the page: a hidden or minimised
//! window stops the page's timers, and must not keep the vault open. It
//! counts from the last activity: user input the window reports
//! (`note_activity`, throttled in the page) and every command the user's
//! actions cause. One task sleeps until the deadline and no longer: no tick
//! while idle, none at all while locked or with auto-lock off.
//!
//! Idle time is measured on both the monotonic and the wall clock, the
//! larger counting: the monotonic clock stands still while the computer
//! sleeps, and a laptop opened after a night must be locked, not given the
//! rest of its five minutes. A command that arrives after the deadline but
//! before the timer noticed (just after waking up) locks first and is then
//! refused.

use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime};

use tauri::{AppHandle, Emitter, Manager};
use tokio::sync::Notify;

use crate::clipboard::Clipboard;
use crate::state::AppState;

/// The event the window hears when the app locked (by itself or not).
pub const LOCKED_EVENT: &str = "vault-locked";

/// Commands the window sends on its own, not because the user did
/// something: the codes at each period boundary, the lists it redraws, the
/// state it shows. They must not keep the vault open. `app_status` is also
/// what anyone may ask without changing anything, so it is left out of the
/// deadline check as well (see [`before_command`]).
const NOT_ACTIVITY: [&str; 5] = [
    "app_status",
    "codes",
    "list_accounts",
    "list_tokens",
    "backup_status",
];

/// When the user last did something, on both clocks.
struct Activity {
    monotonic: Instant,
    wall: SystemTime,
}

impl Activity {
    fn now() -> Activity {
        Activity {
            monotonic: Instant::now(),
            wall: SystemTime::now(),
        }
    }

    /// How long ago: the larger of the two clocks' answers.
    fn idle_for(&self) -> Duration {
        let wall = SystemTime::now()
            .duration_since(self.wall)
            .unwrap_or_default();
        self.monotonic.elapsed().max(wall)
    }
}

/// The idle clock, part of [`AppState`].
pub struct IdleClock {
    last: Mutex<Activity>,
    /// How long the vault may stay idle: `None` while locked or with
    /// auto-lock off. Kept here rather than read from the vault, so the
    /// check before each command never waits for the vault's lock (held
    /// for a second by a backup's key derivation).
    limit: Mutex<Option<Duration>>,
    /// Wakes the timer task when the limit changed. `notify_one` keeps a
    /// wake-up that comes while the task is not waiting.
    wake: Notify,
}

impl Default for IdleClock {
    fn default() -> IdleClock {
        IdleClock {
            last: Mutex::new(Activity::now()),
            limit: Mutex::new(None),
            wake: Notify::new(),
        }
    }
}

impl IdleClock {
    /// The user did something now.
    pub fn touch(&self) {
        *self.last.lock().unwrap_or_else(|p| p.into_inner()) = Activity::now();
    }

    /// Sets the limit from the vault's auto-lock setting (`None`: locked),
    /// waking the timer if it changed.
    pub fn set_limit(&self, auto_lock_minutes: Option<u32>) {
        let limit = auto_lock_minutes
            .filter(|minutes| *minutes > 0)
            .map(|minutes| Duration::from_secs(60 * u64::from(minutes)));
        let mut current = self.limit.lock().unwrap_or_else(|p| p.into_inner());
        if *current != limit {
            *current = limit;
            self.wake.notify_one();
        }
    }

    fn limit(&self) -> Option<Duration> {
        *self.limit.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn idle_for(&self) -> Duration {
        self.last
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .idle_for()
    }
}

/// Whether the unlocked vault has been idle past its limit.
fn past_deadline(state: &AppState) -> bool {
    state
        .idle
        .limit()
        .is_some_and(|limit| state.idle.idle_for() >= limit)
}

/// Locks the app: see the module doc. Safe to call when already locked.
pub fn lock_app(app: &AppHandle) {
    // The print view shows tokens (and perhaps secrets): locked means gone.
    crate::print_view::close(app);
    app.state::<AppState>().lock();
    let _ = app.emit(LOCKED_EVENT, ());
    // Reading the clipboard may wait on another program, and must not run
    // on the main thread (where a command's check may call this).
    let handle = app.clone();
    tauri::async_runtime::spawn_blocking(move || handle.state::<Clipboard>().clear_if_ours());
}

/// Runs before every command the window's capability allows: past the
/// deadline it locks first (the command then finds the vault locked);
/// otherwise a command caused by the user counts as activity.
pub fn before_command(app: &AppHandle, command: &str) {
    if command == "app_status" {
        return;
    }
    let state = app.state::<AppState>();
    if past_deadline(&state) {
        lock_app(app);
    } else if !NOT_ACTIVITY.contains(&command) {
        state.idle.touch();
    }
}

/// The timer task: sleeps until the deadline, locks when it is reached,
/// and otherwise waits to be woken (a vault unlocked, a setting changed).
pub async fn watch(app: AppHandle) {
    let state = app.state::<AppState>();
    loop {
        let woken = state.idle.wake.notified();
        match state.idle.limit() {
            None => woken.await,
            Some(limit) => {
                let idle = state.idle.idle_for();
                if idle >= limit {
                    lock_app(&app);
                } else {
                    let _ = tokio::time::timeout(limit - idle, woken).await;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_asleep_counts_as_idle() {
        // Just woken after ten minutes of suspend: the monotonic clock saw
        // nothing, the wall clock saw it all.
        let activity = Activity {
            monotonic: Instant::now(),
            wall: SystemTime::now() - Duration::from_secs(600),
        };
        assert!(activity.idle_for() >= Duration::from_secs(600));
    }

    #[test]
    fn a_wall_clock_set_back_does_not_shorten_idle_time() {
        let activity = Activity {
            monotonic: Instant::now() - Duration::from_secs(120),
            wall: SystemTime::now() + Duration::from_secs(3600),
        };
        assert!(activity.idle_for() >= Duration::from_secs(120));
    }

    #[test]
    fn the_limit_follows_the_setting_and_is_gone_while_locked() {
        let clock = IdleClock::default();
        assert_eq!(clock.limit(), None, "locked at start");
        clock.set_limit(Some(5));
        assert_eq!(clock.limit(), Some(Duration::from_secs(300)));
        clock.set_limit(Some(0));
        assert_eq!(clock.limit(), None, "0 minutes: never");
        clock.set_limit(Some(1));
        clock.set_limit(None);
        assert_eq!(clock.limit(), None);
    }
}
