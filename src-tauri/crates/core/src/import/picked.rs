//! The files the user picked in the open dialog or dropped on the window. The shell puts each
//! path here and gives the UI a [`PickedFile`]: an opaque token and the name to show. The UI
//! opens a file by its token only, so a page that went wrong cannot make the app read a path
//! of its choosing (`~/.ssh/id_ed25519` into the preview): a path or an unknown token is
//! refused with `unknownFile`.
use super::file_error;
use super::reader::file_name;
use crate::error::Result;
use crate::model::PickedFile;
use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// How many picked files are remembered (the oldest is forgotten first).
const KEPT: usize = 16;

#[derive(Debug, Default)]
pub struct PickedFiles {
    files: Mutex<VecDeque<(String, PathBuf)>>,
}

impl PickedFiles {
    pub fn new() -> Self {
        Self::default()
    }

    /// Remembers `path` (from the dialog or a drop, never from the UI) under a new token.
    pub fn add(&self, path: &Path) -> PickedFile {
        // A ULID: 80 random bits, not guessable from earlier tokens.
        let token = ulid::Ulid::new().to_string();
        let mut files = self.files.lock().unwrap_or_else(|p| p.into_inner());
        if files.len() >= KEPT {
            files.pop_front();
        }
        files.push_back((token.clone(), path.to_owned()));
        PickedFile {
            token,
            name: file_name(path),
        }
    }

    /// The path picked under `token`; anything else (a path, an old or made-up token) is
    /// refused.
    pub fn path(&self, token: &str) -> Result<PathBuf> {
        let files = self.files.lock().unwrap_or_else(|p| p.into_inner());
        files
            .iter()
            .find(|(t, _)| t == token)
            .map(|(_, p)| p.clone())
            .ok_or_else(file_error::unknown_file)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CoreError;

    fn code(r: Result<PathBuf>) -> Option<&'static str> {
        match r {
            Err(CoreError::File { code, .. }) => Some(code),
            _ => None,
        }
    }

    #[test]
    fn a_picked_file_is_found_by_its_token_and_shown_by_its_name() {
        let picked = PickedFiles::new();
        let file = picked.add(Path::new("/home/demo/客户跟进记录表.xlsx"));
        assert_eq!(file.name, "客户跟进记录表.xlsx");
        assert!(!file.token.contains('/'));
        let path = picked.path(&file.token).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(path, Path::new("/home/demo/客户跟进记录表.xlsx"));
    }

    #[test]
    fn a_bare_path_from_the_ui_is_refused() {
        let picked = PickedFiles::new();
        picked.add(Path::new("/home/demo/客户.csv"));
        assert_eq!(
            code(picked.path("/home/demo/客户.csv")),
            Some("unknownFile")
        );
        assert_eq!(code(picked.path("/etc/passwd")), Some("unknownFile"));
        assert_eq!(code(picked.path("")), Some("unknownFile"));
        match file_error::unknown_file() {
            CoreError::File { zh, en, .. } => {
                assert!(
                    zh.contains("对话框") && en.contains("file dialog"),
                    "{zh} {en}"
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn tokens_differ_and_old_ones_are_forgotten() {
        let picked = PickedFiles::new();
        let first = picked.add(Path::new("/a.csv"));
        let second = picked.add(Path::new("/a.csv"));
        assert_ne!(first.token, second.token);
        for i in 0..KEPT {
            picked.add(Path::new(&format!("/{i}.csv")));
        }
        assert_eq!(code(picked.path(&first.token)), Some("unknownFile"));
    }
}
