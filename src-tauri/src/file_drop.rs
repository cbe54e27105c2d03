//! Files dropped on the window: Tauri's drag-drop window event, handled here so the path stays
//! in Rust. The first dropped file is remembered in [`PickedFiles`] and the UI gets a
//! `file-dropped` event with its token and name, which opens the import with it.
use rapport_core::import::picked::PickedFiles;
use tauri::{AppHandle, DragDropEvent, Emitter, Manager, WindowEvent};

/// The UI opens the import with this file (payload: `PickedFile`).
pub const FILE_DROPPED: &str = "file-dropped";

pub fn import_on_drop(app: &AppHandle) {
    let Some(window) = app.get_webview_window("main") else {
        return;
    };
    let handle = app.clone();
    window.on_window_event(move |event| {
        let WindowEvent::DragDrop(DragDropEvent::Drop { paths, .. }) = event else {
            return;
        };
        let Some(path) = paths.first() else {
            return;
        };
        let file = handle.state::<PickedFiles>().add(path);
        if let Err(e) = handle.emit(FILE_DROPPED, file) {
            eprintln!("rapport: could not hand the dropped file to the window: {e}");
        }
    });
}
