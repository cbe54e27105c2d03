//! The team password in the OS keychain (Secret Service on Linux, Keychain on macOS,
//! Credential Manager on Windows), one entry per login and server. Never in the book, a log
//! or an error message.
use rapport_core::model::TeamLogin;

const SERVICE: &str = "Rapport team book";

fn entry(login: &TeamLogin) -> keyring::Result<keyring::Entry> {
    keyring::Entry::new(
        SERVICE,
        &format!(
            "{}@{}:{}/{}",
            login.user, login.host, login.port, login.database
        ),
    )
}

/// Why the keychain failed, without the password (keyring's errors never carry it).
pub fn describe(e: &keyring::Error) -> String {
    match e {
        keyring::Error::NoEntry => "no entry".into(),
        keyring::Error::NoStorageAccess(_) | keyring::Error::PlatformFailure(_) => {
            format!("{e}")
        }
        other => format!("{other}"),
    }
}

pub fn save(login: &TeamLogin) -> Result<(), String> {
    entry(login)
        .and_then(|e| e.set_password(&login.password))
        .map_err(|e| describe(&e))
}

/// The stored password; `Ok(None)` when the keychain has none for this login.
pub fn load(login: &TeamLogin) -> Result<Option<String>, String> {
    match entry(login).and_then(|e| e.get_password()) {
        Ok(p) => Ok(Some(p)),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(e) => Err(describe(&e)),
    }
}

pub fn forget(login: &TeamLogin) -> Result<(), String> {
    match entry(login).and_then(|e| e.delete_credential()) {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(e) => Err(describe(&e)),
    }
}
