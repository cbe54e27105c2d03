//! Backups of the whole book and restoring one.
//!
//! A backup is one file, `*.rapportbak`, independent of sled's on-disk format:
//!
//! ```text
//! offset size
//!  0     11   magic "RAPPORTBAK\n"
//! 11      4   format version (u32 LE: 1 plain, 2 encrypted; a reader refuses higher ones)
//! 15      4   the book's schema version (u32 LE; higher than this build's is refused,
//!             lower ones are migrated when the backup is staged)
//! 19      8   created at, Unix milliseconds (i64 LE)
//! 27      1   reason (0 daily, 1 manual, 2 before import, 3 before restore, 4 before a
//!             migration)
//! 28      4   customers not in the trash (u32 LE)
//! 32      4   follow-ups (u32 LE)
//! 36      4   CRC-32 of bytes 0..36
//! 40      …   format 1: zlib stream of the body (see `body`): every tree, key and value,
//!             ending with a count and a CRC-32 of the unpacked body;
//!             format 2: an age stream for the backup password holding a copy of bytes
//!             0..40, then that zlib stream (see `crypt`)
//! ```
//!
//! Every backup is read back whole after it is written (`write`); `take` adds the copy to a
//! second folder (`mirror`) and keeps each kind apart when pruning (`retention`).
//!
//! Writing: [`Store::backup_to`](crate::Store::backup_to) (a consistent snapshot, see
//! `Store::with_quiet_db`). Keeping: [`list`], [`prune`], [`needs_daily`]. Restoring:
//! [`stage`] checks a file completely into a fresh book, then, with the book closed,
//! [`swap_in`] puts it in place; [`finish_pending_restore`] completes one a crash cut off.
//! A book that will not open: [`restore_damaged`] (from the start-up screen) sets it aside
//! as `<book>-damaged-<UTC time>` and swaps a backup in.
mod body;
mod crypt;
mod damaged;
mod errors;
mod folder;
mod header;
mod mirror;
mod names;
mod read;
mod recovery;
mod retention;
mod stage;
mod swap;
mod take;
mod write;

pub(crate) use errors::migration_backup_failed;
pub use mirror::copy_to as copy_to_mirror;
pub use take::BackupReport;
pub(crate) use write::{write_backup, Target};

pub use body::MAX_UNPACKED;
pub use damaged::{
    damaged_dir, damaged_pattern, not_damaged, restorable, restore_damaged, restore_damaged_from,
    restore_damaged_with,
};
pub use folder::{info, list, needs_daily, prune};
pub use header::FORMAT_VERSION;
pub use recovery::{
    blocking_leftovers, finish_restore, finish_restore_with, problem, restore_request,
    roll_back_restore, roll_back_restore_with, staged_dir, swap_at_start, swap_at_start_with,
};
pub use stage::stage;
pub use swap::{
    finish_pending_restore, finish_pending_restore_with, swap_in, swap_in_with, RealOps, SwapOps,
};
