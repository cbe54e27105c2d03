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

/// The second backup folder (a USB stick, a synced cloud folder).
pub async fn pick_backup_folder(window: &WebviewWindow, lang: Language) -> Option<PathBuf> {
    let title = match lang {
        Language::Zh => "选择第二备份文件夹",
        Language::En => "Choose a second backup folder",
    };
    rfd::AsyncFileDialog::new()
        .set_title(title)
        .set_parent(window)
        .pick_folder()
        .await
        .map(|f| f.path().to_path_buf())
}

/// Where to save a file, starting from `default_name` (with its extension) and the filter for
/// its extension, so the dialog itself asks before replacing a file chosen by name. When the
/// user typed no extension it is added, and if that file exists the user is asked here; `None`
/// when the user cancels or declines.
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
    let chosen = rfd::AsyncFileDialog::new()
        .set_title(title)
        .set_parent(window)
        .set_file_name(default_name)
        .add_filter(kind, &[extension])
        .save_file()
        .await?
        .path()
        .to_path_buf();
    match save_target(chosen, extension) {
        SaveTarget::Write(path) => Some(path),
        SaveTarget::Confirm(path) => confirm_replace(window, lang, &path).await.then_some(path),
    }
}

/// What to do with the path the save dialog returned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveTarget {
    /// Write there: the dialog already asked if it existed, or it does not exist.
    Write(PathBuf),
    /// The extension was added after the dialog and that file exists: ask before replacing.
    Confirm(PathBuf),
}

/// GTK keeps what was typed: `客户` comes back without `.csv`. The extension is added (to
/// whatever was typed: `报表.2024` becomes `报表.2024.csv`); the dialog asked about the name
/// typed, not that one, so an existing file there must be confirmed.
pub fn save_target(chosen: PathBuf, extension: &str) -> SaveTarget {
    let has_it = chosen
        .extension()
        .is_some_and(|e| e.to_string_lossy().eq_ignore_ascii_case(extension));
    if has_it {
        return SaveTarget::Write(chosen);
    }
    let mut name = chosen.clone().into_os_string();
    name.push(".");
    name.push(extension);
    let path = PathBuf::from(name);
    if std::fs::symlink_metadata(&path).is_ok() {
        SaveTarget::Confirm(path)
    } else {
        SaveTarget::Write(path)
    }
}

/// "`name` already exists. Replace it?" in the user's language; true when the user says yes.
async fn confirm_replace(window: &WebviewWindow, lang: Language, path: &std::path::Path) -> bool {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let (title, text) = match lang {
        Language::Zh => (
            "替换文件？".to_owned(),
            format!("“{name}”已存在。要替换它吗？"),
        ),
        Language::En => (
            "Replace the file?".to_owned(),
            format!("“{name}” already exists. Do you want to replace it?"),
        ),
    };
    let answer = rfd::AsyncMessageDialog::new()
        .set_level(rfd::MessageLevel::Warning)
        .set_title(title)
        .set_description(text)
        .set_buttons(rfd::MessageButtons::YesNo)
        .set_parent(window)
        .show()
        .await;
    answer == rfd::MessageDialogResult::Yes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_with_the_extension_is_written_as_chosen() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let chosen = dir.path().join("客户.CSV");
        std::fs::write(&chosen, "old").unwrap_or_else(|e| panic!("{e}"));
        // The dialog itself asked about this one.
        assert_eq!(
            save_target(chosen.clone(), "csv"),
            SaveTarget::Write(chosen)
        );
    }

    #[test]
    fn an_added_extension_naming_an_existing_file_is_asked_not_replaced_silently() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let existing = dir.path().join("客户.csv");
        std::fs::write(&existing, "old").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            save_target(dir.path().join("客户"), "csv"),
            SaveTarget::Confirm(existing)
        );
        assert_eq!(
            save_target(dir.path().join("新客户"), "csv"),
            SaveTarget::Write(dir.path().join("新客户.csv"))
        );
    }

    #[test]
    fn another_extension_gets_the_right_one_added() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            save_target(dir.path().join("报表.2024"), "xlsx"),
            SaveTarget::Write(dir.path().join("报表.2024.xlsx"))
        );
    }
}
