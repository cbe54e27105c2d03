//! The whole book at once: what an export reads (`export_set`), a JSON export restored into
//! an empty book (`restore_book`) and the demo book (`demo`).
pub(in crate::store) mod demo;
pub(in crate::store) mod export_set;

pub(in crate::store) mod restore_book;
