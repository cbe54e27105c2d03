//! Where the book lives: `$RAPPORT_DATA_DIR` if set (tests, portable installs), else
//! `<OS app-data folder>/book`.
use crate::error::ShellError;
use std::path::PathBuf;
use tauri::Manager;

pub const ENV: &str = "RAPPORT_DATA_DIR";

pub fn resolve(app: &tauri::AppHandle) -> Result<PathBuf, ShellError> {
    if let Some(dir) = std::env::var_os(ENV).filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    app.path()
        .app_data_dir()
        .map(|d| d.join("book"))
        .map_err(|e| ShellError::NoDataDir(e.to_string()))
}
