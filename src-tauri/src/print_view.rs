//! The print view of the recovery sheet: a second window showing the very
//! HTML that `safekeep export --format sheet` writes, with the system print
//! dialog over it.
//!
//! The sheet never touches the disk on the way: it is served from memory by
//! the `safekeep-sheet` URI scheme, to the print window only, and forgotten
//! when that window closes or the app locks. The window loads no script and
//! gets no capability (the main window's capability names only "main"), and
//! its own CSP allows nothing but the sheet's inline style and QR codes.

use std::borrow::Cow;
use std::sync::Mutex;

use safekeep_core::i18n::{Language, localize};
use tauri::http::{Request, Response, StatusCode, header};
use tauri::webview::PageLoadEvent;
use tauri::{AppHandle, Manager, Runtime, UriSchemeContext, WebviewWindowBuilder};
use zeroize::Zeroizing;

/// The URI scheme the sheet is served under.
pub const SCHEME: &str = "safekeep-sheet";

/// The label of the print window.
pub const LABEL: &str = "print-sheet";

/// What the sheet's page may load: its inline `<style>` and the `data:` QR
/// codes, nothing else (no script, no request anywhere).
const SHEET_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; \
                         base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// The sheet the print window shows, while it is open.
#[derive(Default)]
pub struct PrintedSheet(Mutex<Option<Zeroizing<String>>>);

impl PrintedSheet {
    fn set(&self, html: Option<Zeroizing<String>>) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = html;
    }

    fn body(&self) -> Option<Vec<u8>> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
            .map(|html| html.as_bytes().to_vec())
    }
}

/// Answers the print window's request for the sheet. Any other webview, or
/// a request after the sheet was forgotten, gets a 404.
pub fn serve<R: Runtime>(
    context: UriSchemeContext<'_, R>,
    _request: Request<Vec<u8>>,
) -> Response<Cow<'static, [u8]>> {
    let body = (context.webview_label() == LABEL)
        .then(|| context.app_handle().state::<PrintedSheet>().body())
        .flatten();
    let builder = Response::builder()
        .header(header::CONTENT_SECURITY_POLICY, SHEET_CSP)
        .header(header::CACHE_CONTROL, "no-store");
    match body {
        Some(body) => builder
            .header(header::CONTENT_TYPE, "text/html; charset=utf-8")
            .body(Cow::Owned(body)),
        None => builder
            .status(StatusCode::NOT_FOUND)
            .body(Cow::Borrowed(&[][..])),
    }
    .expect("a response of static headers builds")
}

/// Shows `html` in the print window (opening it, or reloading it if it is
/// open) and opens the print dialog over it once the page has loaded.
pub fn open<R: Runtime>(
    app: &AppHandle<R>,
    html: Zeroizing<String>,
    language: Language,
) -> tauri::Result<()> {
    app.state::<PrintedSheet>().set(Some(html));
    let url: tauri::Url = format!("{SCHEME}://localhost/")
        .parse()
        .expect("the sheet URL parses");
    if let Some(window) = app.get_webview_window(LABEL) {
        // Loading it again shows the new sheet and prints it once more.
        window.navigate(url)?;
        crate::window_focus::show_with_keyboard(&window);
        return Ok(());
    }
    let window = WebviewWindowBuilder::new(app, LABEL, crate::webview::blank())
        .title(localize(language, "sheet-title", &[]))
        .inner_size(820.0, 900.0)
        .on_page_load(|window, payload| {
            if payload.event() == PageLoadEvent::Finished {
                // Later on the main loop: the dialog runs a loop of its own,
                // which must not start inside WebKit's load callback.
                let printing = window.clone();
                let _ = window.run_on_main_thread(move || {
                    let _ = printing.print();
                });
            }
        })
        .build()?;
    crate::webview::load_quietly(&window, url)?;
    let forget = app.clone();
    window.on_window_event(move |event| {
        if let tauri::WindowEvent::Destroyed = event {
            forget.state::<PrintedSheet>().set(None);
        }
    });
    Ok(())
}

/// Closes the print window, if open, and forgets the sheet: on lock, and
/// when the main window goes.
pub fn close<R: Runtime>(app: &AppHandle<R>) {
    app.state::<PrintedSheet>().set(None);
    if let Some(window) = app.get_webview_window(LABEL) {
        let _ = window.destroy();
    }
}
