//! An app manifest: with it Tauri checks Safekeep's own commands against
//! the capabilities, as it does plugin commands, so only the windows a
//! capability names may call them (the main window; not the print view,
//! though its `safekeep-sheet://` origin counts as local). Without one,
//! every local webview could call every command.

const APP_COMMANDS: &[&str] = include!("app_commands.in");

fn main() {
    println!("cargo:rerun-if-changed=app_commands.in");
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(APP_COMMANDS)),
    )
    .expect("the Tauri build step succeeds");
}
