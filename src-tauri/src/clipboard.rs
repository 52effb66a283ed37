//! The system clipboard as Safekeep uses it: copying codes and tokens marked
//! as secrets for clipboard managers, and taking them back again after the
//! chosen delay, on lock and on quit, but only if the clipboard still holds
//! what Safekeep put there: the user may have copied something else
//! meanwhile, and that must not vanish.
//!
//! The mark is arboard's `exclude_from_history`: on Linux the extra target
//! `x-kde-passwordManagerHint` with the value `secret`, on macOS
//! `org.nspasteboard.ConcealedType`, on Windows the clipboard-history and
//! cloud-clipboard exclusion formats. Which managers honour it is in
//! docs/SECURITY.md.
//!
//! Reading the clipboard can wait on another program (up to a few seconds),
//! and on Linux it must not run on the main thread, which may be the one
//! that has to answer; so every read here runs on a worker thread.

use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use tauri::{AppHandle, Manager};
use zeroize::Zeroizing;

use crate::error::Problem;
use crate::views::Copied;

/// How long quitting waits for the clipboard to say what it holds before
/// the app ends anyway.
const QUIT_PATIENCE: Duration = Duration::from_secs(1);

/// The clipboard, managed by Tauri.
#[derive(Default)]
pub struct Clipboard {
    system: Mutex<SystemClipboard>,
    /// What Safekeep put on the clipboard last, to recognise it later.
    ours: Mutex<Option<Zeroizing<String>>>,
}

/// The connection to the system clipboard. It is opened at the first copy,
/// not at start, and opened again after a failure: started at login, the
/// app may come up before the display takes connections, and one refusal
/// then must not leave it unable to copy for the rest of the session.
#[derive(Default)]
enum SystemClipboard {
    #[default]
    NotOpen,
    Open(arboard::Clipboard),
    /// Let go of at quit: arboard must be dropped before exit.
    Released,
}

impl Clipboard {
    /// Runs `use_it` on the system clipboard, opening it first if needed.
    fn with_system<R>(
        &self,
        use_it: impl FnOnce(&mut arboard::Clipboard) -> R,
    ) -> Result<R, String> {
        let mut system = self.system.lock().unwrap_or_else(|p| p.into_inner());
        if matches!(*system, SystemClipboard::NotOpen) {
            *system = SystemClipboard::Open(
                arboard::Clipboard::new().map_err(|error| error.to_string())?,
            );
        }
        match &mut *system {
            SystemClipboard::Open(clipboard) => Ok(use_it(clipboard)),
            _ => Err("the app is quitting".to_owned()),
        }
    }

    fn ours(&self) -> MutexGuard<'_, Option<Zeroizing<String>>> {
        self.ours.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Puts `text` on the clipboard, marked as a secret.
    fn copy(&self, text: &str) -> Result<(), String> {
        self.with_system(|system| {
            let set = system.set();
            #[cfg(any(
                target_os = "linux",
                target_os = "dragonfly",
                target_os = "freebsd",
                target_os = "netbsd",
                target_os = "openbsd"
            ))]
            let set = arboard::SetExtLinux::exclude_from_history(set);
            #[cfg(target_os = "macos")]
            let set = arboard::SetExtApple::exclude_from_history(set);
            #[cfg(windows)]
            let set = arboard::SetExtWindows::exclude_from_history(set);
            set.text(text).map_err(|error| error.to_string())
        })??;
        *self.ours() = Some(Zeroizing::new(text.to_owned()));
        Ok(())
    }

    /// Empties the clipboard if it holds `text`. Blocks (see the module
    /// doc): call it on a worker thread.
    fn clear_if_holds(&self, text: &str) {
        // Nothing was copied through a clipboard that never opened, so a
        // failure to open it leaves nothing to take back.
        let _ = self.with_system(|system| {
            let holds_it = system
                .get_text()
                .is_ok_and(|now| Zeroizing::new(now).as_str() == text);
            if holds_it {
                let _ = system.clear();
            }
        });
        let mut ours = self.ours();
        if ours.as_ref().is_some_and(|ours| ours.as_str() == text) {
            *ours = None;
        }
    }

    /// Empties the clipboard if it still holds the last thing Safekeep
    /// copied (on lock). Blocks: call it on a worker thread.
    pub fn clear_if_ours(&self) {
        let ours = self.ours().clone();
        if let Some(ours) = ours {
            self.clear_if_holds(&ours);
        }
    }

    /// At quit: takes back what Safekeep copied, if it is still there, then
    /// lets go of the clipboard. Waits at most [`QUIT_PATIENCE`] for an
    /// answer, so a clipboard owner that does not answer cannot hold the
    /// app open.
    pub fn release(app: &AppHandle) {
        let (done, finished) = std::sync::mpsc::channel();
        let handle = app.clone();
        std::thread::spawn(move || {
            let clipboard = handle.state::<Clipboard>();
            clipboard.clear_if_ours();
            let mut system = clipboard.system.lock().unwrap_or_else(|p| p.into_inner());
            drop(std::mem::replace(&mut *system, SystemClipboard::Released));
            let _ = done.send(());
        });
        let _ = finished.recv_timeout(QUIT_PATIENCE);
    }
}

/// Puts `text` on the clipboard, marked as a secret; with
/// `clear_after_seconds` > 0, a task removes it after that delay if it is
/// still there.
pub fn copy_and_clear_later(
    app: &AppHandle,
    text: &str,
    clear_after_seconds: u32,
) -> Result<Copied, Problem> {
    app.state::<Clipboard>().copy(text).map_err(|reason| {
        Problem::app_with("app-clipboard-failed", vec![("reason", reason.into())])
    })?;
    if clear_after_seconds > 0 {
        let app = app.clone();
        let copied = Zeroizing::new(text.to_owned());
        tauri::async_runtime::spawn(async move {
            tokio::time::sleep(Duration::from_secs(u64::from(clear_after_seconds))).await;
            let _ = tauri::async_runtime::spawn_blocking(move || {
                app.state::<Clipboard>().clear_if_holds(&copied);
            })
            .await;
        });
    }
    Ok(Copied {
        clear_after_seconds,
    })
}
