//! Export: the current list or the whole book to a file chosen in the native save dialog.
//! The domain writes the bytes (`rapport_core::export`); this picks the file and writes it.
use crate::commands::import::write_file;
use crate::dialogs;
use crate::error::ApiError;
use crate::state::AppState;
use rapport_core::export;
use rapport_core::model::{Language, ListQuery};
use rapport_core::store::ExportSet;
use rapport_core::CoreError;
use serde::Deserialize;
use tauri::{AppHandle, Manager, WebviewWindow};

/// The file formats of an export.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ExportFormat {
    Xlsx,
    Csv,
    Json,
    Vcf,
    Ics,
}

impl ExportFormat {
    fn extension(self) -> &'static str {
        match self {
            ExportFormat::Xlsx => "xlsx",
            ExportFormat::Csv => "csv",
            ExportFormat::Json => "json",
            ExportFormat::Vcf => "vcf",
            ExportFormat::Ics => "ics",
        }
    }

    fn kind(self, lang: Language) -> &'static str {
        match (self, lang) {
            (ExportFormat::Xlsx, Language::Zh) => "Excel 工作簿",
            (ExportFormat::Xlsx, Language::En) => "Excel workbook",
            (ExportFormat::Csv, _) => "CSV (UTF-8)",
            (ExportFormat::Json, _) => "JSON",
            (ExportFormat::Vcf, _) => "vCard",
            (ExportFormat::Ics, Language::Zh) => "日历 (iCalendar)",
            (ExportFormat::Ics, Language::En) => "Calendar (iCalendar)",
        }
    }

    fn stem(self, lang: Language) -> &'static str {
        match (self, lang) {
            (ExportFormat::Ics, Language::Zh) => "待跟进",
            (ExportFormat::Ics, Language::En) => "follow-ups",
            (_, Language::Zh) => "客户",
            (_, Language::En) => "customers",
        }
    }
}

/// Asks where to save and writes the export there; the path, or `None` when cancelled.
/// `query`: the list as filtered on screen; `None` exports the whole book.
#[tauri::command]
pub async fn export_customers(
    window: WebviewWindow,
    app: AppHandle,
    format: ExportFormat,
    query: Option<ListQuery>,
) -> Result<Option<String>, ApiError> {
    let lang = app.state::<AppState>().language();
    let today = chrono::Local::now().format("%Y-%m-%d");
    let default = format!("{}-{today}.{}", format.stem(lang), format.extension());
    let Some(path) = dialogs::save_file(
        &window,
        lang,
        &default,
        format.kind(lang),
        format.extension(),
    )
    .await
    else {
        return Ok(None);
    };
    let app2 = app.clone();
    tauri::async_runtime::spawn_blocking(move || {
        let state = app2.state::<AppState>();
        // The JSON and the workbook carry opportunities, deals and services (JSON also history).
        let set = state.with_store(|s| match format {
            ExportFormat::Json | ExportFormat::Xlsx => s.export_set_with_records(query.as_ref()),
            _ => s.export_set(query.as_ref()),
        })?;
        let bytes = render(format, &set, lang).map_err(|e| ApiError::from_core(&e, lang))?;
        write_file(&path, &bytes).map_err(|e| ApiError::from_core(&e, lang))?;
        Ok(Some(path.display().to_string()))
    })
    .await
    .map_err(|e| ApiError::from_core(&CoreError::Storage(e.to_string()), lang))?
}

/// The export's bytes in `format`.
pub fn render(
    format: ExportFormat,
    set: &ExportSet,
    lang: Language,
) -> rapport_core::Result<Vec<u8>> {
    let failed = |e: export::ExportError| {
        CoreError::file(
            "exportFailed",
            format!("导出失败：{e}"),
            format!("The export failed: {e}"),
        )
    };
    let (c, t, f) = (&set.customers, &set.tags, &set.follow_ups);
    let labels = export::Labels::new(lang, &set.pipeline);
    match format {
        ExportFormat::Xlsx => export::book_to_xlsx(set, labels, &chrono::Local).map_err(failed),
        ExportFormat::Csv => Ok(export::to_csv(c, t, labels)),
        ExportFormat::Json => export::to_json(set, chrono::Utc::now()).map_err(failed),
        ExportFormat::Vcf => export::to_vcard(c, t, lang).map_err(failed),
        ExportFormat::Ics => export::to_ics(c, f, lang, chrono::Utc::now()).map_err(failed),
    }
}
