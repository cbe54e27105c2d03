//! The analytics dashboard, and a chart's table saved as xlsx or csv through the native save
//! dialog. The figures are computed in the domain crate (`rapport_core::analytics`).
use super::import::write_file;
use super::pipeline::off_thread;
use crate::dialogs;
use crate::error::ApiError;
use crate::state::AppState;
use chrono::Utc;
use rapport_core::export::{table_to_csv, table_to_xlsx};
use rapport_core::model::{AnalyticsQuery, Dashboard, TableExport};
use rapport_core::CoreError;
use serde::Deserialize;
use tauri::{AppHandle, Manager, WebviewWindow};

#[tauri::command]
pub async fn dashboard(app: AppHandle, query: AnalyticsQuery) -> Result<Dashboard, ApiError> {
    off_thread(&app, move |s| {
        s.dashboard(&query, Utc::now(), &chrono::Local)
    })
    .await
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum TableFormat {
    Xlsx,
    Csv,
}

/// Asks where to save and writes the table there; the path, or `None` when cancelled.
#[tauri::command]
pub async fn export_table(
    window: WebviewWindow,
    app: AppHandle,
    table: TableExport,
    format: TableFormat,
) -> Result<Option<String>, ApiError> {
    let lang = app.state::<AppState>().language();
    let (ext, kind) = match format {
        TableFormat::Xlsx => ("xlsx", "Excel"),
        TableFormat::Csv => ("csv", "CSV (UTF-8)"),
    };
    let stem: String = table
        .title
        .chars()
        .map(|c| if "/\\:*?\"<>|".contains(c) { '-' } else { c })
        .collect();
    let default = format!("{}.{ext}", stem.trim());
    let Some(path) = dialogs::save_file(&window, lang, &default, kind, ext).await else {
        return Ok(None);
    };
    let bytes = match format {
        TableFormat::Xlsx => table_to_xlsx(&table).map_err(|e| {
            CoreError::file(
                "exportFailed",
                format!("导出失败：{e}"),
                format!("The export failed: {e}"),
            )
        }),
        TableFormat::Csv => Ok(table_to_csv(&table)),
    }
    .and_then(|b| write_file(&path, &b).map(|_| ()))
    .map_err(|e| ApiError::from_core(&e, lang));
    bytes?;
    Ok(Some(path.display().to_string()))
}

/// Reads the analytics facts (on the background thread after start), so the first dashboard
/// or board does not wait for the whole book to be decoded.
pub fn warm(app: &AppHandle) {
    let _ = app.state::<AppState>().with_store(|s| s.warm_analytics());
    crate::memory::trim();
}
