//! Bringing a window up with the keyboard in it: the quick pick when its
//! shortcut is pressed, the main window from the tray and after a screen
//! scan, the print view when it is asked for again.

/// Shows `window` and gives it the keyboard, together on the main thread.
///
/// Tauri's `show` only queues the request, and its `set_focus` does nothing
/// for a window not shown yet, so the pair, called in a row, leaves the
/// keyboard where it was. Its focus request also carries the time of the
/// last key the app itself received, which X ignores once the person has
/// worked in another window since. Here the window is shown first, then
/// asks for the keyboard with the X server's time now: the moment the
/// shortcut or the tray was used, near enough.
pub fn show_with_keyboard<R: tauri::Runtime>(window: &tauri::WebviewWindow<R>) {
    #[cfg(target_os = "linux")]
    {
        use gdkx11::X11Window;
        use gtk::prelude::{Cast, GtkWindowExt, WidgetExt};
        let shown = window.clone();
        let asked = window.run_on_main_thread(move || {
            let Ok(gtk_window) = shown.gtk_window() else {
                return;
            };
            if !gtk_window.is_visible() {
                gtk_window.show_all();
            }
            let now = gtk_window
                .window()
                .and_then(|gdk_window| gdk_window.downcast::<X11Window>().ok())
                .map(|x11_window| gdkx11::functions::x11_get_server_time(&x11_window));
            match now {
                Some(now) => gtk_window.present_with_time(now),
                // Not X11 (Wayland): its own rules, which GTK follows.
                None => gtk_window.present(),
            }
        });
        if asked.is_ok() {
            return;
        }
    }
    let _ = window.show();
    let _ = window.set_focus();
}
