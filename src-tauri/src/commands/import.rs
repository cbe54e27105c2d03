//! Import commands: pick a file (native dialog, or one dropped on the window: `file_drop`),
//! known to the UI by a token only (`import::picked`), preview it with the user's
//! choices, save the problem rows, run the import with progress and cancel, list and undo
//! imports. The domain does the work (`rapport_core::import`, `Store::commit_import_with`);
//! parsing and writing run on a blocking thread so the window stays responsive.
use crate::dialogs;
use crate::error::ApiError;
use crate::import_desk::{read_context, ImportDesk, Pending};
use crate::state::AppState;
use rapport_core::import::file_error;
use rapport_core::import::pending::PendingImport;
use rapport_core::import::picked::PickedFiles;
use rapport_core::import::plan::errors_csv;
use rapport_core::import::reader::ReaderProcess;
use rapport_core::model::{
    ImportOptions, ImportPreview, ImportProgress, ImportRecord, ImportRequest, PickedFile,
};
use rapport_core::CoreError;
use std::sync::atomic::Ordering;
use std::time::Instant;
use tauri::{AppHandle, Emitter, Manager, State, WebviewWindow};

/// Runs `f` on a blocking thread with the app's state; errors in the user's language.
async fn blocking<T: Send + 'static>(
    app: &AppHandle,
    f: impl FnOnce(&AppState, &ImportDesk) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let handle = app.clone();
    tauri::async_runtime::spawn_blocking(move || {
        f(&handle.state::<AppState>(), &handle.state::<ImportDesk>())
    })
    .await
    .map_err(|e| {
        let lang = app.state::<AppState>().language();
        ApiError::from_core(&CoreError::Storage(e.to_string()), lang)
    })?
}

/// Shows the native open dialog; the chosen file's token and name, or `None` when cancelled.
/// The path stays here.
#[tauri::command]
pub async fn pick_import_file(
    window: WebviewWindow,
    state: State<'_, AppState>,
    picked: State<'_, PickedFiles>,
) -> Result<Option<PickedFile>, ApiError> {
    let path = dialogs::pick_import_file(&window, state.language()).await;
    Ok(path.map(|p| picked.add(&p)))
}

/// Opens the picked or dropped file `token` names for import and previews it with detected
/// settings (or a remembered mapping). A path is no token: it is refused.
#[tauri::command]
pub async fn open_import(app: AppHandle, token: String) -> Result<ImportPreview, ApiError> {
    let lang = app.state::<AppState>().language();
    let path = picked_path(&app.state::<PickedFiles>(), &token, lang)?;
    blocking(&app, move |state, desk| {
        let lang = state.language();
        let fail = |e: CoreError| ApiError::from_core(&e, lang);
        let import = PendingImport::open_isolated(&path, file_reader(lang)?).map_err(fail)?;
        let (context, rules) = state.with_store(|s| Ok((s.import_context()?, s.rules()?)))?;
        let mut pending = Pending { import, context };
        let read = read_context(lang, rules.reminder_time);
        let preview = pending
            .prepare(&ImportOptions::default(), &read)
            .map_err(fail)?
            .preview
            .clone();
        *desk.pending.lock().map_err(|_| poisoned(lang))? = Some(pending);
        Ok(preview)
    })
    .await
}

/// The preview again with the user's changed choices.
#[tauri::command]
pub async fn preview_import(
    app: AppHandle,
    options: ImportOptions,
) -> Result<ImportPreview, ApiError> {
    blocking(&app, move |state, desk| {
        let lang = state.language();
        let rules = state.with_store(|s| s.rules())?;
        let mut guard = desk.pending.lock().map_err(|_| poisoned(lang))?;
        let pending = guard.as_mut().ok_or_else(|| no_file(lang))?;
        let read = read_context(lang, rules.reminder_time);
        let prepared = pending
            .prepare(&options, &read)
            .map_err(|e| ApiError::from_core(&e, lang))?;
        Ok(prepared.preview.clone())
    })
    .await
}

/// Saves every problem row of the last preview as a CSV the user can fix; the path, or `None`.
#[tauri::command]
pub async fn save_import_errors(
    window: WebviewWindow,
    app: AppHandle,
) -> Result<Option<String>, ApiError> {
    let lang = app.state::<AppState>().language();
    let (csv, file_name) = {
        let desk = app.state::<ImportDesk>();
        let guard = desk.pending.lock().map_err(|_| poisoned(lang))?;
        let pending = guard.as_ref().ok_or_else(|| no_file(lang))?;
        let invalid = pending
            .import
            .last()
            .map_or(&[][..], |p| &p.plan.invalid[..]);
        (
            errors_csv(invalid, lang),
            pending.import.file_name().to_owned(),
        )
    };
    let stem = std::path::Path::new(&file_name)
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    let (suffix, kind) = match lang {
        rapport_core::model::Language::Zh => ("-错误行", "CSV"),
        rapport_core::model::Language::En => ("-errors", "CSV"),
    };
    let default = format!("{stem}{suffix}.csv");
    let Some(path) = dialogs::save_file(&window, lang, &default, kind, "csv").await else {
        return Ok(None);
    };
    write_file(&path, csv.as_bytes()).map_err(|e| ApiError::from_core(&e, lang))?;
    Ok(Some(path.display().to_string()))
}

/// Imports the file with `request`'s choices; `import-progress` events report the progress.
/// A backup of the book is made first.
#[tauri::command]
pub async fn run_import(app: AppHandle, request: ImportRequest) -> Result<ImportRecord, ApiError> {
    let emitter = app.clone();
    let result = blocking(&app, move |state, desk| {
        let lang = state.language();
        desk.cancel.store(false, Ordering::SeqCst);
        let rules = state.with_store(|s| s.rules())?;
        let mut guard = desk.pending.lock().map_err(|_| poisoned(lang))?;
        let pending = guard.as_mut().ok_or_else(|| no_file(lang))?;
        let read = read_context(lang, rules.reminder_time);
        let file_name = pending.import.file_name().to_owned();
        let prepared = pending
            .for_import(&request.options, &read)
            .map_err(|e| ApiError::from_core(&e, lang))?;
        if let Some(book) = prepared.restore.clone() {
            // A JSON export into an empty book: restored as it was (ids, history, stages).
            crate::backups::before_import(state)?;
            let total = book.customers.len();
            let started = Instant::now();
            let cancel = desk.cancel.clone();
            let mut progress = |done: usize| {
                let seconds = started.elapsed().as_secs_f64().max(0.001);
                let _ = emitter.emit(
                    "import-progress",
                    ImportProgress {
                        done: done as u32,
                        total: total as u32,
                        rows_per_second: (done as f64 / seconds) as u32,
                    },
                );
                !cancel.load(Ordering::SeqCst)
            };
            let record = state
                .write(|s| s.restore_book(&book, &file_name, read.now, lang, &mut progress))?;
            *guard = None;
            return Ok(record);
        }
        if prepared.plan.customers.is_empty() {
            return Err(ApiError::from_core(&file_error::nothing_to_import(), lang));
        }
        crate::backups::before_import(state)?;
        let plan = &prepared.plan;
        let total = plan.customers.len();
        // Rows written after `i` planned customers, for rows per second.
        let mut rows_before = Vec::with_capacity(total + 1);
        rows_before.push(0usize);
        for p in &plan.customers {
            rows_before.push(rows_before.last().copied().unwrap_or(0) + p.rows.len());
        }
        let started = Instant::now();
        let cancel = desk.cancel.clone();
        let mut progress = |done: usize| {
            let seconds = started.elapsed().as_secs_f64().max(0.001);
            let rows = rows_before.get(done).copied().unwrap_or(0);
            let _ = emitter.emit(
                "import-progress",
                ImportProgress {
                    done: done as u32,
                    total: total as u32,
                    rows_per_second: (rows as f64 / seconds) as u32,
                },
            );
            !cancel.load(Ordering::SeqCst)
        };
        let record = state.write(|s| {
            s.commit_import_with(
                plan,
                request.policy,
                &file_name,
                read.now,
                &read.tz,
                &mut progress,
            )
        })?;
        // Remembering the mapping is a convenience: its failure does not fail the import.
        if prepared.preview.book.is_some() {
            // A JSON file has no columns to remember.
        } else if let Err(e) =
            state.with_store(|s| s.remember_mapping(&prepared.signature, &prepared.mapping))
        {
            eprintln!("rapport: could not remember the import mapping: {e:?}");
        }
        *guard = None;
        Ok(record)
    })
    .await;
    crate::navigate::agenda_changed(&app);
    result
}

/// Asks a running import to stop; what it wrote is taken back.
#[tauri::command]
pub async fn cancel_import(desk: State<'_, ImportDesk>) -> Result<(), ApiError> {
    desk.cancel.store(true, Ordering::SeqCst);
    Ok(())
}

/// Forgets the file being previewed.
#[tauri::command]
pub async fn close_import(app: AppHandle) -> Result<(), ApiError> {
    let lang = app.state::<AppState>().language();
    let desk = app.state::<ImportDesk>();
    *desk.pending.lock().map_err(|_| poisoned(lang))? = None;
    Ok(())
}

/// Every import, newest first.
#[tauri::command]
pub async fn list_imports(state: State<'_, AppState>) -> Result<Vec<ImportRecord>, ApiError> {
    state.with_store(|s| s.imports())
}

/// Undoes an import: removes what it added, puts back what it merged.
#[tauri::command]
pub async fn undo_import(app: AppHandle, id: String) -> Result<ImportRecord, ApiError> {
    let result = blocking(&app, move |state, _| {
        state.write(|s| s.undo_import(&id, chrono::Utc::now()))
    })
    .await;
    crate::navigate::agenda_changed(&app);
    result
}

/// Writes a file the user chose (whole, via a temporary file, so a failure leaves no stub).
pub fn write_file(path: &std::path::Path, bytes: &[u8]) -> rapport_core::Result<()> {
    let shown = path.display().to_string();
    let fail = |e: std::io::Error| {
        CoreError::file(
            "writeFailed",
            format!("无法写入文件 {shown}：{e}"),
            format!("Could not write the file {shown}: {e}"),
        )
    };
    let tmp = path.with_extension("rapport-tmp");
    std::fs::write(&tmp, bytes).map_err(fail)?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        fail(e)
    })
}

/// The file is read by this same binary started in reader mode (see `main.rs`), so a hostile
/// file can end only that process.
fn file_reader(lang: rapport_core::model::Language) -> Result<ReaderProcess, ApiError> {
    let exe = std::env::current_exe()
        .map_err(|e| ApiError::from_core(&CoreError::Storage(e.to_string()), lang))?;
    Ok(ReaderProcess::new(exe))
}

/// The path picked under `token`; a path or an unknown token from the UI is refused.
fn picked_path(
    picked: &PickedFiles,
    token: &str,
    lang: rapport_core::model::Language,
) -> Result<std::path::PathBuf, ApiError> {
    picked
        .path(token)
        .map_err(|e| ApiError::from_core(&e, lang))
}

fn no_file(lang: rapport_core::model::Language) -> ApiError {
    ApiError::from_core(
        &CoreError::file(
            "noImportFile",
            "没有打开要导入的文件，请重新选择文件。",
            "No file is open for import; choose the file again.",
        ),
        lang,
    )
}

fn poisoned(lang: rapport_core::model::Language) -> ApiError {
    ApiError::from_core(&CoreError::Storage("import state poisoned".into()), lang)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rapport_core::model::Language;

    #[test]
    fn open_import_takes_a_picked_token_never_a_path_from_the_ui() {
        let picked = PickedFiles::new();
        let file = picked.add(std::path::Path::new("/home/demo/客户.csv"));
        let path = picked_path(&picked, &file.token, Language::En)
            .unwrap_or_else(|e| panic!("{}", e.0.message));
        assert_eq!(path, std::path::Path::new("/home/demo/客户.csv"));
        for bare in ["/home/demo/客户.csv", "/etc/passwd", "~/.ssh/id_ed25519"] {
            let refused = picked_path(&picked, bare, Language::Zh).err();
            assert_eq!(
                refused.map(|e| e.0.code),
                Some("unknownFile".to_owned()),
                "{bare}"
            );
        }
    }
}
