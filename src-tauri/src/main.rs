// Prevents an extra console window on Windows in release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // Started as the import's file reader (a child of the app, under memory and time
    // limits): read the file, answer, exit — before any of the app starts.
    if let Some(code) = rapport_core::import::reader::serve_if_asked() {
        std::process::exit(code);
    }
    rapport_app::run();
}
