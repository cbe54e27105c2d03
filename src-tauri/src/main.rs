// Prevents an extra console window on Windows in release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // Started as the import's file reader (a child of the app, under memory and time
    // limits): read the file, answer, exit — before any of the app starts.
    if let Some(code) = rapport_core::import::reader::serve_if_asked() {
        std::process::exit(code);
    }
    // Started as a step of a team book's first sync (team/first_sync.rs): write a share of
    // the pull into the book, exit.
    if let Some(code) = rapport_sync::first_sync::serve_step_if_asked() {
        std::process::exit(code);
    }
    rapport_app::run();
}
