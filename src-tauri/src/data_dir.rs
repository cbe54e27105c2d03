//! Where the book lives: `--book <folder>` on the command line, else `$RAPPORT_DATA_DIR` if set
//! (tests, portable installs), else `<OS app-data folder>/book`.
use crate::error::ShellError;
use std::path::PathBuf;
use tauri::Manager;

pub const ENV: &str = "RAPPORT_DATA_DIR";

pub const ARG: &str = "--book";

/// The folder asked for by `--book` or `$RAPPORT_DATA_DIR`; `None` for the default book.
pub fn chosen() -> Option<PathBuf> {
    let mut args = std::env::args_os().skip(1);
    while let Some(arg) = args.next() {
        if arg == ARG {
            return args.next().filter(|d| !d.is_empty()).map(PathBuf::from);
        }
    }
    std::env::var_os(ENV)
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
}

pub fn resolve(app: &tauri::AppHandle) -> Result<PathBuf, ShellError> {
    if let Some(dir) = chosen() {
        return Ok(dir);
    }
    app.path()
        .app_data_dir()
        .map(|d| d.join("book"))
        .map_err(|e| ShellError::NoDataDir(e.to_string()))
}
