//! WebKit settings for a quiet window. Safekeep shows a list of codes, so
//! what a browser keeps ready for video, WebGL, back/forward navigation and
//! GPU compositing only costs memory and CPU here (measured in
//! docs/BENCHMARKS.md: compositing alone made the once-a-second countdown
//! repaint cost several percent of a core without a GPU).

/// Turns off what the window does not use. Best effort: a setting WebKit
/// refuses leaves the window as it was, never broken.
pub fn make_quiet<R: tauri::Runtime>(window: &tauri::WebviewWindow<R>) {
    #[cfg(target_os = "linux")]
    let _ = window.with_webview(|webview| {
        use webkit2gtk::{
            CacheModel, HardwareAccelerationPolicy, SettingsExt, WebContextExt, WebViewExt,
        };
        let view = webview.inner();
        if let Some(settings) = WebViewExt::settings(&view) {
            // Without compositing WebKit paints the countdown straight into
            // the window, which is what keeps idle CPU low. WebDriver cannot
            // take screenshots of such a view (they hang), so a window under
            // automation (our e2e tests) keeps WebKit's default; everything
            // else below applies to both.
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
