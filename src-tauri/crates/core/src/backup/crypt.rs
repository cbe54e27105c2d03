//! Backups with a password: the body (a copy of the header, then the zlib stream) inside an
//! age stream for a passphrase (scrypt, then ChaCha20-Poly1305 in 64 KiB chunks, each
//! authenticated, the last one marked). A wrong password is told by the age header, and a
//! changed, cut or reordered byte anywhere after it by the chunk it falls in.
//!
//! The 40-byte header before it stays readable, so the list can show a backup's date, kind
//! and counts without the password; its copy inside the encrypted stream must equal it, so
//! that changing it is caught when the backup is read.
use super::errors;
use crate::error::{CoreError, Result};
use age::secrecy::SecretString;
use std::io::{Read, Write};

/// scrypt's work factor, N = 2^18 (age's usual one: 256 MiB and about a second, once per
/// backup). Fixed, so a backup made on a fast computer opens on a slow one.
const WORK_FACTOR: u8 = 18;
/// The highest work factor accepted when reading (age's CLI allows its target + 4).
const MAX_WORK_FACTOR: u8 = 22;

fn secret(password: &str) -> SecretString {
    SecretString::from(password.to_owned())
}

/// Wraps `out` so that what is written to it is encrypted; call `finish` on the result.
pub fn encrypt<W: Write>(out: W, password: &str) -> std::io::Result<age::stream::StreamWriter<W>> {
    let mut recipient = age::scrypt::Recipient::new(secret(password));
    recipient.set_work_factor(WORK_FACTOR);
    let encryptor =
        age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
            .map_err(std::io::Error::other)?;
    encryptor.wrap_output(out)
}

/// Opens the encrypted stream in `input` (which stands just after the header). `None` for
/// the password answers [`errors::password_needed`].
pub fn decrypt<R: Read>(input: R, password: Option<&str>) -> Result<age::stream::StreamReader<R>> {
    let password = match password {
        Some(p) if !p.is_empty() => p,
        _ => return Err(errors::password_needed()),
    };
    let decryptor = age::Decryptor::new(input).map_err(|e| of_age(&e))?;
    if !decryptor.is_scrypt() {
        return Err(errors::damaged());
    }
    let mut identity = age::scrypt::Identity::new(secret(password));
    identity.set_max_work_factor(MAX_WORK_FACTOR);
    decryptor
        .decrypt(std::iter::once(&identity as &dyn age::Identity))
        .map_err(|e| of_age(&e))
}

/// A wrong password cannot unwrap the file key (`DecryptionFailed`: it may also be a damaged
/// salt or key, which no one can tell apart from a wrong password); everything else is damage.
fn of_age(e: &age::DecryptError) -> CoreError {
    match e {
        age::DecryptError::DecryptionFailed
        | age::DecryptError::KeyDecryptionFailed
        | age::DecryptError::NoMatchingKeys => errors::wrong_password(),
        _ => errors::damaged(),
    }
}
