//! The values of choice columns (客户类别, 阶段, 优先级, 跟进方式 …) read once per distinct
//! cell text: a sheet repeats a handful of them over all its rows, and reading one folds,
//! lowercases and searches the alias tables. One per plan (the user's stage names are fixed
//! for it), used by one thread.
use crate::import::values::{CustomerType, ValueError};
use crate::model::{FollowUpMethod, Priority, Stage};
use rustc_hash::FxHashMap;
use std::cell::RefCell;

/// Distinct cells remembered per memo: past that (a column of free text) cells are read one
/// by one, so a huge sheet cannot grow the memo without bound.
const MAX_REMEMBERED: usize = 512;

/// Cell text → what it reads as.
pub(super) struct Memo<T>(RefCell<FxHashMap<String, Result<T, ValueError>>>);

impl<T> Default for Memo<T> {
    fn default() -> Self {
        Memo(RefCell::default())
    }
}

impl<T: Clone> Memo<T> {
    /// What `parse` reads `text` as, parsed the first time the text is seen.
    pub(super) fn read(
        &self,
        text: &str,
        parse: impl FnOnce(&str) -> Result<T, ValueError>,
    ) -> Result<T, ValueError> {
        if let Some(known) = self.0.borrow().get(text) {
            return known.clone();
        }
        let read = parse(text);
        let mut memo = self.0.borrow_mut();
        if memo.len() < MAX_REMEMBERED {
            memo.insert(text.to_string(), read.clone());
        }
        read
    }
}

/// A memo per kind of choice cell (a 客户性质 and a 客户类别 column refuse with different errors).
#[derive(Default)]
pub(super) struct Choices {
    pub(super) kinds: Memo<Option<CustomerType>>,
    pub(super) categories: Memo<Option<CustomerType>>,
    pub(super) stages: Memo<Option<Stage>>,
    pub(super) priorities: Memo<Option<Priority>>,
    pub(super) methods: Memo<Option<FollowUpMethod>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_is_parsed_once_and_its_error_remembered_too() {
        let memo: Memo<Option<u8>> = Memo::default();
        let calls = std::cell::Cell::new(0);
        let parse = |t: &str| {
            calls.set(calls.get() + 1);
            t.parse::<u8>()
                .map(Some)
                .map_err(|_| ValueError::NotAnAmount)
        };
        assert_eq!(memo.read("7", parse), Ok(Some(7)));
        assert_eq!(memo.read("7", parse), Ok(Some(7)));
        assert_eq!(memo.read("x", parse), Err(ValueError::NotAnAmount));
        assert_eq!(memo.read("x", parse), Err(ValueError::NotAnAmount));
        assert_eq!(calls.get(), 2);
    }

    #[test]
    fn past_its_limit_texts_are_parsed_every_time_and_still_read_right() {
        let memo: Memo<usize> = Memo::default();
        for n in 0..MAX_REMEMBERED + 10 {
            assert_eq!(
                memo.read(&n.to_string(), |t| Ok(t.len())),
                Ok(n.to_string().len())
            );
        }
        assert_eq!(memo.0.borrow().len(), MAX_REMEMBERED);
        let calls = std::cell::Cell::new(0);
        let text = (MAX_REMEMBERED + 5).to_string();
        let parse = |t: &str| {
            calls.set(calls.get() + 1);
            Ok(t.len())
        };
        assert_eq!(memo.read(&text, parse), Ok(3));
        assert_eq!(calls.get(), 1);
    }
}
