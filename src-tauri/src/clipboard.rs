//! Copying codes and tokens, and clearing them again later, but only if the
//! clipboard still holds what Safekeep put there: the user may have copied
//! something else meanwhile, and that must not vanish.

use std::time::Duration;

use safekeep_core::i18n::Language;
use tauri::AppHandle;
use tauri_plugin_clipboard_manager::ClipboardExt;
use zeroize::Zeroizing;

use crate::error::AppError;
use crate::views::Copied;

/// Puts `text` on the clipboard; with `clear_after_seconds` > 0, a task
/// removes it after that delay if it is still there.
pub fn copy_and_clear_later(
    app: &AppHandle,
    text: &str,
    clear_after_seconds: u32,
    language: Language,
) -> Result<Copied, AppError> {
    app.clipboard().write_text(text).map_err(|error| {
        AppError::app_with(
            "app-clipboard-failed",
            vec![("reason", error.to_string().into())],
            language,
        )
    })?;
    if clear_after_seconds > 0 {
        let app = app.clone();
        let copied = Zeroizing::new(text.to_owned());
        tauri::async_runtime::spawn(async move {
            tokio::time::sleep(Duration::from_secs(u64::from(clear_after_seconds))).await;
            let still_ours = app
                .clipboard()
                .read_text()
                .is_ok_and(|now| Zeroizing::new(now).as_str() == copied.as_str());
            if still_ours {
                let _ = app.clipboard().clear();
            }
        });
    }
    Ok(Copied {
        clear_after_seconds,
    })
}
