//! Native open and save dialogs (rfd), parented to the main window, labelled in the user's
//! language. `None` when the user cancels.
use rapport_core::model::Language;
use std::path::PathBuf;
use tauri::WebviewWindow;

/// The files an import reads; the bytes decide the format, so "all files" is offered too.
pub async fn pick_import_file(window: &WebviewWindow, lang: Language) -> Option<PathBuf> {
    let (title, sheets, all) = match lang {
        Language::Zh => (
            "选择要导入的客户表格",
            "表格、CSV、vCard 或客脉 JSON",
            "所有文件",
        ),
        Language::En => (
            "Choose a customer sheet to import",
            "Spreadsheets, CSV, vCard or Rapport JSON",
            "All files",
        ),
    };
    rfd::AsyncFileDialog::new()
        .set_title(title)
        .set_parent(window)
        .add_filter(
            sheets,
            &[
                "xlsx", "xlsm", "xls", "ods", "csv", "tsv", "txt", "vcf", "json",
            ],
        )
        .add_filter(all, &["*"])
        .pick_file()
        .await
        .map(|f| f.path().to_path_buf())
}

/// A Rapport backup to restore.
pub async fn pick_backup(window: &WebviewWindow, lang: Language, dir: PathBuf) -> Option<PathBuf> {
    let (title, kind) = match lang {
        Language::Zh => ("选择要恢复的备份", "客脉备份"),
        Language::En => ("Choose a backup to restore", "Rapport backups"),
    };
    rfd::AsyncFileDialog::new()
        .set_title(title)
        .set_parent(window)
        .set_directory(dir)
        .add_filter(kind, &["rapportbak"])
        .pick_file()
        .await
        .map(|f| f.path().to_path_buf())
}

/// Where to save a file, starting from `default_name` with the filter for its extension.
pub async fn save_file(
    window: &WebviewWindow,
    lang: Language,
    default_name: &str,
    kind: &str,
    extension: &str,
) -> Option<PathBuf> {
    let title = match lang {
        Language::Zh => "保存到",
        Language::En => "Save as",
    };
    let path = rfd::AsyncFileDialog::new()
        .set_title(title)
        .set_parent(window)
        .set_file_name(default_name)
        .add_filter(kind, &[extension])
        .save_file()
        .await?
        .path()
        .to_path_buf();
    // GTK keeps what was typed: add the extension when the user left it out.
    if path.extension().is_none() {
        return Some(path.with_extension(extension));
    }
    Some(path)
}
