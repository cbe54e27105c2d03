//! The customer book on sled. One Tree per mapping, named for it; a record and its index
//! entries change in one multi-Tree transaction; a write returns only after `flush`.
mod agenda;
mod book;
mod customers;
mod facts;
mod followups;
mod history;
mod imports;
mod infra;
mod outbox;
mod records;
mod remote;
mod settings;
mod tags;
mod tasks;
mod view;

// The in-memory list view (`view/`) names these by their place at the store's top.
use agenda::index as agenda_index;
use customers::row;

use crate::error::{CoreError, DiskTrouble, Result};
use agenda_index::AgendaIndex;
use infra::{durable, migrate, touched, version_file};
use records::plan_index::PlanIndex;
use std::path::Path;
use std::sync::{Mutex, MutexGuard, OnceLock, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::{Duration, Instant};
use view::View;

/// sled's page cache. The list, the search and the agenda are served from memory, so the cache
/// only speeds up a customer's page and the writes; scans (the dashboard's facts, a backup)
/// fill it whatever its size. 16 MB instead of 64: the 1,000,000-follow-up book's process ends
/// its start ~100 MB smaller, the import's peak 420 → 388 MB, with open and import times
/// unchanged (ARCHITECTURE.md, "The store").
const SLED_CACHE_BYTES: u64 = 16 * 1024 * 1024;

pub use book::export_set::{CustomerRecords, ExportSet};
pub use book::restore_book::book_not_empty;
pub use customers::pipeline::BOARD_STAGES;
pub use durable::holds_book;
pub use imports::context::ImportContext;
pub(crate) use infra::snapshot::BookCounts;
pub use migrate::SCHEMA_VERSION;
pub use outbox::op::{OpKind, OutboxOp, SyncTable};
pub use outbox::refused::RefusedOp;
pub use remote::{PullPage, RemoteApplied, RemoteRow, SeenRows};
pub use version_file::VERSION_FILE;

/// Tree names. Keys are described in `keys`.
pub mod tree {
    /// customer id → Customer (JSON)
    pub const CUSTOMER_BY_ID: &str = "customer_by_id";
    /// customer id → its list row (postcard), read at open to build the list view
    pub const CUSTOMER_ROW_BY_ID: &str = "customer_row_by_id";
    /// tag id ++ customer id → (), up to schema 5; the 5 → 6 migration drops it (the list
    /// view's tag sets answer "who carries this tag" from memory)
    pub const CUSTOMER_BY_TAG: &str = "customer_by_tag";
    /// deleted-at ++ customer id → () (the trash, oldest first)
    pub const CUSTOMER_BY_DELETED_AT: &str = "customer_by_deleted_at";
    /// tag id → Tag (JSON)
    pub const TAG_BY_ID: &str = "tag_by_id";
    /// lowercased tag name → tag id
    pub const TAG_ID_BY_NAME: &str = "tag_id_by_name";
    /// name → value: `schema_version` (u32 BE), `settings` (JSON), `flag/<name>`
    pub const META: &str = "meta";
    /// follow-up id → FollowUp (JSON)
    pub const FOLLOWUP_BY_ID: &str = "followup_by_id";
    /// customer id ++ follow-up id → ()
    pub const FOLLOWUP_BY_CUSTOMER: &str = "followup_by_customer";
    /// customer id → the times of its follow-ups (postcard, ascending; the last is its last
    /// contact, 最近跟进), from schema 7
    pub const FOLLOWUP_TIME_BY_CUSTOMER: &str = "followup_time_by_customer";
    /// due time ++ follow-up id → due record (postcard): open follow-ups, the agenda's index
    pub const FOLLOWUP_BY_DUE: &str = "followup_by_due";
    /// customer id ++ time ++ event id → HistoryEvent (JSON)
    pub const HISTORY_BY_CUSTOMER: &str = "history_by_customer";
    /// reminder key (birthdays, contract expiry) → fired-at time (BE)
    pub const REMINDER_FIRED: &str = "reminder_fired";
    /// import id → ImportRecord (JSON)
    pub const IMPORT_BY_ID: &str = "import_by_id";
    /// import id ++ seq (u32 BE) → what the import did (JSON): the journal undo replays
    pub const IMPORT_ITEM: &str = "import_item";
    /// opportunity id → Opportunity (JSON)
    pub const OPPORTUNITY_BY_ID: &str = "opportunity_by_id";
    /// customer id ++ opportunity id → ()
    pub const OPPORTUNITY_BY_CUSTOMER: &str = "opportunity_by_customer";
    /// deal id → Deal (JSON)
    pub const DEAL_BY_ID: &str = "deal_by_id";
    /// customer id ++ deal id → ()
    pub const DEAL_BY_CUSTOMER: &str = "deal_by_customer";
    /// day (u32 BE: days from CE, sign bit flipped) ++ deal id → amount in cents (i64 BE) ++
    /// customer id: deals in date order, for totals by period
    pub const DEAL_BY_DATE: &str = "deal_by_date";
    /// service record id → ServiceRecord (JSON)
    pub const SERVICE_BY_ID: &str = "service_by_id";
    /// customer id ++ service record id → ()
    pub const SERVICE_BY_CUSTOMER: &str = "service_by_customer";
    /// plan time (BE) ++ service record id → customer id ++ plan text: after-sales service
    /// plans still to do (see `plan_index`), the reminders' and the agenda's index
    pub const SERVICE_PLAN_BY_DUE: &str = "service_plan_by_due";
    /// service record id → OpenComplaint (JSON): unresolved complaints, the agenda's section
    /// (see `records::complaint_index`)
    pub const OPEN_COMPLAINT_BY_ID: &str = "open_complaint_by_id";
    /// seq (u64 BE, written order) ++ op id → OutboxOp (JSON): a team book's operations
    /// waiting to be pushed (see `outbox`)
    pub const OUTBOX: &str = "outbox";
    /// task id → Task (JSON): stage tasks (see `tasks`)
    pub const TASK_BY_ID: &str = "task_by_id";
    /// customer id ++ task id → [stage, done]
    pub const TASK_BY_CUSTOMER: &str = "task_by_customer";
    /// due time ++ task id → customer id ++ fired ++ assignee: open tasks
    pub const TASK_BY_DUE: &str = "task_by_due";
}

pub(crate) struct Trees {
    pub customer_by_id: sled::Tree,
    pub customer_row_by_id: sled::Tree,
    pub customer_by_deleted_at: sled::Tree,
    pub tag_by_id: sled::Tree,
    pub tag_id_by_name: sled::Tree,
    pub meta: sled::Tree,
    pub followup_by_id: sled::Tree,
    pub followup_by_customer: sled::Tree,
    pub followup_time_by_customer: sled::Tree,
    pub followup_by_due: sled::Tree,
    pub history_by_customer: sled::Tree,
    pub reminder_fired: sled::Tree,
    pub import_by_id: sled::Tree,
    pub import_item: sled::Tree,
    pub opportunity_by_id: sled::Tree,
    pub opportunity_by_customer: sled::Tree,
    pub deal_by_id: sled::Tree,
    pub deal_by_customer: sled::Tree,
    pub deal_by_date: sled::Tree,
    pub service_by_id: sled::Tree,
    pub service_by_customer: sled::Tree,
    pub service_plan_by_due: sled::Tree,
    pub open_complaint_by_id: sled::Tree,
    pub outbox: sled::Tree,
    pub task_by_id: sled::Tree,
    pub task_by_customer: sled::Tree,
    pub task_by_due: sled::Tree,
    /// A team book: writes append their ops to `outbox` (`meta/team_book`).
    team: std::sync::atomic::AtomicBool,
    /// Customers changed by committed writes, for the analytics facts cache.
    changes: touched::ChangeLog,
    /// Set when a save failed: the book refuses writes until it is opened again.
    read_only: Mutex<Option<DiskTrouble>>,
}

impl Trees {
    fn open(db: &sled::Db) -> Result<Trees> {
        let meta = db.open_tree(tree::META)?;
        let team = outbox::read::read_team_flag(&meta)?;
        Ok(Trees {
            customer_by_id: db.open_tree(tree::CUSTOMER_BY_ID)?,
            customer_row_by_id: db.open_tree(tree::CUSTOMER_ROW_BY_ID)?,
            customer_by_deleted_at: db.open_tree(tree::CUSTOMER_BY_DELETED_AT)?,
            tag_by_id: db.open_tree(tree::TAG_BY_ID)?,
            tag_id_by_name: db.open_tree(tree::TAG_ID_BY_NAME)?,
            meta,
            followup_by_id: db.open_tree(tree::FOLLOWUP_BY_ID)?,
            followup_by_customer: db.open_tree(tree::FOLLOWUP_BY_CUSTOMER)?,
            followup_time_by_customer: db.open_tree(tree::FOLLOWUP_TIME_BY_CUSTOMER)?,
            followup_by_due: db.open_tree(tree::FOLLOWUP_BY_DUE)?,
            history_by_customer: db.open_tree(tree::HISTORY_BY_CUSTOMER)?,
            reminder_fired: db.open_tree(tree::REMINDER_FIRED)?,
            import_by_id: db.open_tree(tree::IMPORT_BY_ID)?,
            import_item: db.open_tree(tree::IMPORT_ITEM)?,
            opportunity_by_id: db.open_tree(tree::OPPORTUNITY_BY_ID)?,
            opportunity_by_customer: db.open_tree(tree::OPPORTUNITY_BY_CUSTOMER)?,
            deal_by_id: db.open_tree(tree::DEAL_BY_ID)?,
            deal_by_customer: db.open_tree(tree::DEAL_BY_CUSTOMER)?,
            deal_by_date: db.open_tree(tree::DEAL_BY_DATE)?,
            service_by_id: db.open_tree(tree::SERVICE_BY_ID)?,
            service_by_customer: db.open_tree(tree::SERVICE_BY_CUSTOMER)?,
            service_plan_by_due: db.open_tree(tree::SERVICE_PLAN_BY_DUE)?,
            open_complaint_by_id: db.open_tree(tree::OPEN_COMPLAINT_BY_ID)?,
            outbox: db.open_tree(tree::OUTBOX)?,
            task_by_id: db.open_tree(tree::TASK_BY_ID)?,
            task_by_customer: db.open_tree(tree::TASK_BY_CUSTOMER)?,
            task_by_due: db.open_tree(tree::TASK_BY_DUE)?,
            team: team.into(),
            changes: touched::ChangeLog::default(),
            read_only: Mutex::new(None),
        })
    }

    /// Notes a failed save (the book turns read-only) and passes the error on.
    fn note_failed_save(&self, e: CoreError) -> CoreError {
        if let CoreError::NotSaved(trouble) = &e {
            if let Ok(mut read_only) = self.read_only.lock() {
                read_only.get_or_insert(trouble.clone());
            }
        }
        e
    }
}

/// A failure to create or open the book's files, told apart by its cause.
fn disk_error(dir: &Path, e: &std::io::Error) -> CoreError {
    let mut trouble = DiskTrouble::of_io(e);
    trouble.detail = format!("{}: {}", dir.display(), trouble.detail);
    CoreError::CannotWrite(trouble)
}

/// sled's open failed without a lock conflict or an I/O error: say whether the folder can be
/// written at all (a read-only folder, a full disk) rather than only sled's words. When it
/// can, sled could not make sense of its files (garbage reads as "Unsupported: … created
/// using a sled version earlier than 0.29"): the book is damaged, and the start-up screen
/// offers the backups.
fn open_error(dir: &Path, words: String) -> CoreError {
    let probe = dir.join(".rapport-write-test");
    let written = std::fs::write(&probe, b"1");
    let _ = std::fs::remove_file(&probe);
    match written {
        Err(e) => disk_error(dir, &e),
        Ok(()) => CoreError::Corrupt(words),
    }
}

/// How long each phase of [`Store::open`] took. The agenda index is not among them: it is
/// built after the open (see [`Store::warm_up`]).
#[doc(hidden)]
#[derive(Debug, Clone, Copy, Default)]
pub struct OpenPhases {
    /// sled opening its files and the trees.
    pub sled: Duration,
    /// Checks, migration, the durability and version files.
    pub migrate: Duration,
    /// The list view: reading every row and its sort keys.
    pub view: Duration,
    /// The service-plan index.
    pub plans: Duration,
    /// Finishing an import the app was killed in.
    pub recover: Duration,
}

/// The customer book. Share it behind an `Arc`; every method takes `&self`.
pub struct Store {
    db: sled::Db,
    trees: Trees,
    view: RwLock<View>,
    /// Open follow-ups by due time and customers with no next step (lock after `view`), built
    /// after the open by whoever needs it first (`agenda::lazy`).
    due: OnceLock<RwLock<AgendaIndex>>,
    /// Held while the agenda index is built (lock after `view`).
    due_gate: Mutex<()>,
    due_pause: Mutex<Option<agenda::lazy::BuildPause>>,
    due_build_time: Mutex<Option<std::time::Duration>>,
    /// How long each phase of the open took (for the benches).
    open_phases: OpenPhases,
    /// Open service plans by plan time, with their fired state (lock after `view` and `due`).
    plans: RwLock<PlanIndex>,
    /// Serialises writers so the view is updated in commit order.
    writer: Mutex<()>,
    /// The analytics facts in memory, brought up to date on use.
    facts: Mutex<facts::FactsCache>,
    /// Serialises imports and undos (lock before `writer`, which they take per chunk).
    importing: Mutex<()>,
    /// Syncs what sled flushed so that it survives a power cut.
    durable: durable::Durability,
    /// The list view, the agenda index and the service plans are kept in memory (always, but in
    /// a book opened by [`Store::open_to_fill`]).
    in_memory: bool,
}

/// What an open keeps in memory.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Memory {
    /// The list view, the agenda index and the service plans: the app's book.
    Indexes,
    /// Nothing that grows with the book: a book being filled by a large pull.
    Nothing,
}

impl Store {
    /// Opens the book in `dir`, migrating an older layout first. A book is created only on a
    /// true first run: never while a restore's folders (or a damaged book set aside) lie next
    /// to the missing one (`CoreError::RestoreUnfinished`).
    pub fn open(dir: &Path) -> Result<Store> {
        Store::open_inner(dir, None, Memory::Indexes)
    }

    /// Opens the book to write a large pull into it in a process of its own (a first sync's
    /// pages, `rapport-sync`'s `first_sync`): nothing of the book is kept in memory — no list
    /// view, agenda index or service plans — so what the process holds grows only with what
    /// it writes, and goes when it exits. Every tree is written as by an ordinary open; the
    /// next ordinary open builds the memory from them. The reading methods see an empty list.
    /// Refused while an import is unfinished (an ordinary open finishes it first).
    pub fn open_to_fill(dir: &Path) -> Result<Store> {
        Store::open_inner(dir, None, Memory::Nothing)
    }

    /// [`Store::open`], taking a backup into `backup_dir` first when the book is of an older
    /// layout and must be migrated (kind [`BackupReason::BeforeMigration`], encrypted with the
    /// book's backup password, copied to its second folder when one is set and present). When
    /// that backup fails the book is not migrated and not opened.
    ///
    /// [`BackupReason::BeforeMigration`]: crate::model::BackupReason::BeforeMigration
    pub fn open_with_backups(
        dir: &Path,
        backup_dir: &Path,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<Store> {
        Store::open_inner(dir, Some((backup_dir, now)), Memory::Indexes)
    }

    fn open_inner(
        dir: &Path,
        before_migration: Option<(&Path, chrono::DateTime<chrono::Utc>)>,
        memory: Memory,
    ) -> Result<Store> {
        if !holds_book(dir) {
            if let Some(problem) = crate::backup::blocking_leftovers(dir) {
                return Err(CoreError::RestoreUnfinished(Box::new(problem)));
            }
        }
        // A book from a newer Rapport is refused before sled opens (and writes) it.
        version_file::refuse_newer(dir)?;
        std::fs::create_dir_all(dir).map_err(|e| disk_error(dir, &e))?;
        let mut phases = OpenPhases::default();
        let mut t = Instant::now();
        let mut lap = |d: &mut Duration| {
            *d = t.elapsed();
            t = Instant::now();
        };
        let db = sled::Config::new()
            .path(dir)
            .cache_capacity(SLED_CACHE_BYTES)
            .open()
            .map_err(|e| match CoreError::from(e) {
                CoreError::Storage(words) => open_error(dir, words),
                CoreError::NotSaved(mut trouble) => {
                    trouble.detail = format!("{}: {}", dir.display(), trouble.detail);
                    CoreError::CannotWrite(trouble)
                }
                other => other,
            })?;
        let trees = Trees::open(&db)?;
        lap(&mut phases.sled);
        // sled reads a `db` file it cannot make sense of as an empty log: a damaged book would
        // open empty and be taken for a new one. The version file says it was not.
        if version_file::was_recorded(dir) && migrate::read_version(&trees)?.is_none() {
            return Err(CoreError::Corrupt(format!(
                "{}: the book's data files read as empty, though it held a book",
                dir.display()
            )));
        }
        if let Some((backup_dir, now)) = before_migration {
            if migrate::needs_migration(&trees)? {
                migrate::back_up(&db, &trees, backup_dir, now)
                    .map_err(|e| crate::backup::migration_backup_failed(&e))?;
            }
        }
        migrate::run(&db, &trees)?;
        let durable = durable::Durability::open(dir).map_err(|e| disk_error(dir, &e))?;
        version_file::record(dir).map_err(|e| disk_error(dir, &e))?;
        lap(&mut phases.migrate);
        let in_memory = memory == Memory::Indexes;
        if !in_memory && imports::journal::unfinished(&trees)? {
            return Err(CoreError::Storage(
                "an import is unfinished: the book must be opened in the app first".into(),
            ));
        }
        let view = if in_memory {
            customers::build_view(&trees)?
        } else {
            View::default()
        };
        lap(&mut phases.view);
        let plans = if in_memory {
            PlanIndex::build(&trees)?
        } else {
            PlanIndex::default()
        };
        lap(&mut phases.plans);
        let mut store = Store {
            db,
            trees,
            view: RwLock::new(view),
            due: OnceLock::new(),
            due_gate: Mutex::new(()),
            due_pause: Mutex::new(None),
            due_build_time: Mutex::new(None),
            open_phases: phases,
            plans: RwLock::new(plans),
            writer: Mutex::new(()),
            facts: Mutex::default(),
            importing: Mutex::new(()),
            durable,
            in_memory,
        };
        // An import or undo the app was killed in: finished here with the undo code, which
        // keeps the view and the due index in step, before anyone sees the book.
        store.recover_imports()?;
        lap(&mut store.open_phases.recover);
        Ok(store)
    }

    /// Makes every committed write durable: sled's flush, then the syncs sled leaves out
    /// (`durable`). When that fails the change may be partly on disk, so the error says it
    /// may not have been saved, and the book refuses writes from then on: sled keeps the
    /// failure too, and a half-written log is only read back safely by a fresh open.
    fn flush(&self) -> Result<()> {
        let flushed = match self.db.flush() {
            Ok(_) => self.durable.sync().map_err(|e| DiskTrouble::of_io(&e)),
            Err(e) => Err(DiskTrouble::of_sled(&e)),
        };
        flushed.map_err(|trouble| self.trees.note_failed_save(CoreError::NotSaved(trouble)))
    }

    /// Why the book refuses writes, when a save failed since it was opened.
    pub fn read_only_reason(&self) -> Option<DiskTrouble> {
        self.trees.read_only.lock().ok().and_then(|r| r.clone())
    }

    fn view(&self) -> Result<RwLockReadGuard<'_, View>> {
        self.view
            .read()
            .map_err(|_| CoreError::Storage("list view poisoned".into()))
    }

    fn view_mut(&self) -> Result<RwLockWriteGuard<'_, View>> {
        self.view
            .write()
            .map_err(|_| CoreError::Storage("list view poisoned".into()))
    }

    fn importing(&self) -> Result<MutexGuard<'_, ()>> {
        self.importing
            .lock()
            .map_err(|_| CoreError::Storage("import lock poisoned".into()))
    }

    /// The writers' lock, refused once a save failed (see `flush`).
    fn writer(&self) -> Result<MutexGuard<'_, ()>> {
        if let Some(trouble) = self.read_only_reason() {
            return Err(CoreError::ReadOnly(trouble));
        }
        self.exclusive()
    }

    /// The writers' lock for readers that need the book still (checks, backups): also
    /// while the book is read-only.
    fn exclusive(&self) -> Result<MutexGuard<'_, ()>> {
        self.writer
            .lock()
            .map_err(|_| CoreError::Storage("writer lock poisoned".into()))
    }

    /// How long each phase of the open took.
    #[doc(hidden)]
    pub fn open_phases(&self) -> OpenPhases {
        self.open_phases
    }

    /// The number of live (not trashed) customers.
    pub fn customer_count(&self) -> Result<usize> {
        Ok(self.view()?.live_count())
    }

    /// True when the book holds no customer at all, trashed or not (first start).
    pub fn is_empty(&self) -> Result<bool> {
        Ok(self.view()?.len() == 0)
    }
}
