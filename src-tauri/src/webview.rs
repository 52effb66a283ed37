//! WebKit settings for a quiet window, and loading a window's page only once
//! they are in place. Safekeep shows a list of codes, so what a browser
//! keeps ready for video, WebGL, back/forward navigation and GPU compositing
//! only costs memory and CPU here (measured in docs/BENCHMARKS.md:
//! compositing alone made the once-a-second countdown repaint cost several
//! percent of a core without a GPU, and ~70 MiB).
//!
//! Windows are therefore created on `about:blank` (which Tauri does not
//! load) and get their page from [`load_quietly`]: WebKitGTK takes the
//! compositing policy well only before the view's first page. Turned off
//! while a page is already composited, the page keeps the scrolling machinery
//! it started with, which has nothing to scroll without compositing: the
//! mouse wheel then scrolls nothing, while the keyboard, which WebKit
//! scrolls another way, still does (issue 12; `tests/wheel_scroll.rs`).

use tauri::{Runtime, Url, WebviewWindow};

/// The URL a window is created with so that it loads nothing until
/// [`load_quietly`] has set it up.
pub fn blank() -> tauri::WebviewUrl {
    tauri::WebviewUrl::External("about:blank".parse().expect("about:blank parses"))
}

/// The page of the app's own UI (`build.frontendDist`), as Tauri serves it:
/// through its custom protocol, which Windows' and Android's webviews reach
/// as an http(s) host instead.
pub fn app_page() -> Url {
    let page = if cfg!(any(windows, target_os = "android")) {
        "http://tauri.localhost/"
    } else {
        "tauri://localhost/"
    };
    page.parse().expect("the app page URL parses")
}

/// Turns off what `window` does not use, then loads `page` in it. `window`
/// must have been created on [`blank`]. The settings are best effort: one
/// WebKit refuses leaves the window as it was, never broken.
pub fn load_quietly<R: Runtime>(window: &WebviewWindow<R>, page: Url) -> tauri::Result<()> {
    make_quiet(window);
    // Both requests go to the main thread in this order (at once when
    // called on it), so the page loads under the new settings.
    window.navigate(page)
}

fn make_quiet<R: Runtime>(window: &WebviewWindow<R>) {
    #[cfg(target_os = "linux")]
    let _ = window.with_webview(|webview| {
        use webkit2gtk::{
            CacheModel, HardwareAccelerationPolicy, SettingsExt, WebContextExt, WebViewExt,
        };
        let view = webview.inner();
        if let Some(settings) = WebViewExt::settings(&view) {
            // Without compositing WebKit paints the countdown straight into
            // the window, which is what keeps idle CPU and memory low.
            // WebDriver cannot take screenshots of such a view (they hang),
            // so a window under automation (our e2e tests) keeps WebKit's
            // default; everything else below applies to both.
            if !view.is_controlled_by_automation() {
                settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
            }
            settings.set_enable_webgl(false);
            settings.set_enable_media(false);
            settings.set_enable_mediasource(false);
            settings.set_enable_media_stream(false);
            settings.set_enable_page_cache(false);
        }
        if let Some(context) = view.context() {
            context.set_cache_model(CacheModel::DocumentViewer);
        }
    });
    #[cfg(not(target_os = "linux"))]
    let _ = window;
}
