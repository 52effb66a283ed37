//! A bare Tauri 2 window: the WebKitGTK cost every Tauri app pays before it
//! does anything, measured beside Safekeep by bench/compare.py.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    tauri::Builder::default()
        .run(tauri::generate_context!())
        .expect("the bare Tauri window runs");
}
