//! Where this book's team server is: `team.json` in the book's folder (host, port, database,
//! user, TLS — never the password, which the OS keychain keeps, see `keychain`). Next to the
//! book, so a second book on this computer has its own; written whole and renamed, so a crash
//! leaves the old file or the new one.
use rapport_core::model::TeamLogin;
use std::path::{Path, PathBuf};

const FILE: &str = "team.json";

fn path(book: &Path) -> PathBuf {
    book.join(FILE)
}

pub fn read(book: &Path) -> Option<TeamLogin> {
    let text = std::fs::read(path(book)).ok()?;
    serde_json::from_slice(&text).ok()
}

pub fn write(book: &Path, login: &TeamLogin) -> std::io::Result<()> {
    let mut saved = login.clone();
    saved.password.clear();
    let text = serde_json::to_vec_pretty(&saved).map_err(std::io::Error::other)?;
    let tmp = book.join(format!("{FILE}.tmp"));
    std::fs::write(&tmp, text)?;
    std::fs::rename(tmp, path(book))
}

pub fn remove(book: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(path(book)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn login() -> TeamLogin {
        TeamLogin {
            host: "db.example.com".into(),
            port: 5432,
            database: "team".into(),
            user: "rapport_ab".into(),
            password: "secret-never-on-disk".into(),
            tls: true,
        }
    }

    #[test]
    fn the_file_keeps_the_login_but_never_the_password() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), &login()).unwrap();
        let text = std::fs::read_to_string(dir.path().join(FILE)).unwrap();
        assert!(!text.contains("secret-never-on-disk"));
        let back = read(dir.path()).unwrap();
        assert_eq!(back.host, "db.example.com");
        assert_eq!(back.password, "");
        remove(dir.path()).unwrap();
        assert!(read(dir.path()).is_none());
        remove(dir.path()).unwrap();
    }
}
