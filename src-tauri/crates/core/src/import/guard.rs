//! Readers of untrusted files run under [`damaged_on_panic`]: a panic inside one (calamine's
//! compound-file code indexes past its tables on some damaged `.xls` files) becomes the
//! "this file is damaged" error of the file being read, not a crash or a storage error.
//!
//! Unwinding out of a reader is safe here: a reader owns everything it touches (the file's
//! bytes and what it builds from them) and all of it is dropped with the error; nothing
//! shared is left half-written.
use crate::error::{CoreError, Result};
use std::any::Any;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Runs `read`; a panic inside becomes `damaged(reason)`, the reason being the panic's
/// message (cut to a line's length).
pub fn damaged_on_panic<T>(
    read: impl FnOnce() -> Result<T>,
    damaged: impl FnOnce(&str) -> CoreError,
) -> Result<T> {
    catch_unwind(AssertUnwindSafe(read)).unwrap_or_else(|payload| Err(damaged(&reason(&*payload))))
}

/// The message a panic carried, shortened; "" when it carried none.
pub fn reason(payload: &(dyn Any + Send)) -> String {
    let text = payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or_default();
    shorten(text)
}

/// At most 160 characters of the first line of `text`: enough to tell one fault from
/// another, short enough for a message box.
pub fn shorten(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default().trim();
    let mut short: String = line.chars().take(160).collect();
    if short.len() < line.len() {
        short.push('…');
    }
    short
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::file_error;

    #[test]
    fn a_panic_becomes_the_damaged_file_error_with_its_message() {
        let caught: Result<()> = damaged_on_panic(
            || panic!("index out of bounds: the len is 3 but the index is 7"),
            file_error::damaged,
        );
        let Err(CoreError::File { code, en, zh }) = caught else {
            panic!("not a file error: {caught:?}");
        };
        assert_eq!(code, "damagedFile");
        assert!(
            en.contains("damaged") && en.contains("the index is 7"),
            "{en}"
        );
        assert!(
            zh.contains("已损坏") && zh.contains("the index is 7"),
            "{zh}"
        );
    }

    #[test]
    fn results_pass_through() {
        assert_eq!(
            damaged_on_panic(|| Ok(7), file_error::damaged).ok(),
            Some(7)
        );
        let refused = damaged_on_panic::<()>(|| Err(file_error::empty_file()), file_error::damaged);
        assert_eq!(refused.err(), Some(file_error::empty_file()));
    }

    #[test]
    fn reasons_are_one_short_line() {
        assert_eq!(shorten("first\nsecond"), "first");
        assert_eq!(shorten(&"x".repeat(500)).chars().count(), 161);
        assert_eq!(reason(&String::from("owned")), "owned");
        assert_eq!(reason(&7u32), "");
    }
}
