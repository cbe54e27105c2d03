//! Helpers shared by the domain tests: a temporary book and a few customers.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use rapport_core::model::{Contact, CustomerInput, DecisionRole, ListQuery, ServiceInput, Stage};
use rapport_core::Store;
use tempfile::TempDir;

pub fn open_temp() -> (TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    (dir, store)
}

/// The names a list search finds (its first page), sorted.
pub fn searched_names(store: &Store, search: &str) -> Vec<String> {
    let q = ListQuery {
        search: search.into(),
        ..Default::default()
    };
    let mut names: Vec<String> = store
        .list_customers(&q)
        .unwrap()
        .rows
        .into_iter()
        .map(|r| r.name)
        .collect();
    names.sort();
    names
}

pub fn t(day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, day, 9, 0, 0).unwrap()
}

pub fn customer(name: &str, tags: &[&str]) -> CustomerInput {
    let mut c = CustomerInput::default();
    c.fields.name = name.to_string();
    c.tags = tags.iter().map(|s| s.to_string()).collect();
    c
}

pub fn company_with_contacts(name: &str) -> CustomerInput {
    let mut c = customer(name, &["VIP", "华东", "展会2026"]);
    c.fields.company = name.to_string();
    c.fields.phones = vec!["+86 138 0013 8000".into()];
    c.fields.emails = vec!["info@example.cn".into()];
    c.fields.stage = Stage::Proposal;
    c.fields.contacts = vec![
        Contact {
            name: "王芳".into(),
            title: "采购经理".into(),
            role: Some(DecisionRole::DecisionMaker),
            ..Default::default()
        },
        Contact {
            name: "李雷".into(),
            email: "lilei@example.cn".into(),
            role: Some(DecisionRole::User),
            ..Default::default()
        },
    ];
    c
}

/// Opens a book this process closed a moment ago. sled lets go of its file lock when its
/// background threads finish with the dropped database, which can lag behind the drop under
/// load; wait (bounded) rather than fail on that.
pub fn reopen(dir: &std::path::Path) -> Store {
    for _ in 0..100 {
        match Store::open(dir) {
            Err(rapport_core::CoreError::Locked) => {
                std::thread::sleep(std::time::Duration::from_millis(50))
            }
            other => return other.unwrap(),
        }
    }
    Store::open(dir).unwrap()
}

/// A done follow-up at `at` whose next step is due at `next`.
pub fn follow_up(
    at: DateTime<Utc>,
    next: Option<DateTime<Utc>>,
) -> rapport_core::model::FollowUpInput {
    rapport_core::model::FollowUpInput {
        at,
        method: "phone".into(),
        topic: "报价".into(),
        content: "聊了价格".into(),
        next_action: "发送报价单".into(),
        next_at: next,
        priority: "high".into(),
        done: next.is_none(),
        ..Default::default()
    }
}

pub fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
}

/// Runs one test of this test binary as a child process with `env` = `dir` and its stdout
/// piped: crash tests kill it part-way and reopen the book it was writing.
pub fn spawn_child(test: &str, env: &str, dir: &std::path::Path) -> std::process::Child {
    std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", test, "--nocapture", "--test-threads=1"])
        .env(env, dir)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

/// An after-sales visit on `date`, with a next service planned at `plan` if given.
pub fn service(date: NaiveDate, plan: Option<DateTime<Utc>>) -> ServiceInput {
    ServiceInput {
        date,
        request: "上门检修".into(),
        next_plan: if plan.is_some() {
            "季度巡检".into()
        } else {
            String::new()
        },
        next_plan_at: plan,
        ..Default::default()
    }
}

/// Opens the raw database of a book this process just closed: sled releases its file lock
/// when its background flusher lets go of the dropped database, a moment after the drop, so
/// wait for that (bounded) instead of failing on it.
pub fn open_when_released(dir: &std::path::Path) -> sled::Db {
    for _ in 0..100 {
        match sled::open(dir) {
            Ok(db) => return db,
            Err(_) => std::thread::sleep(std::time::Duration::from_millis(50)),
        }
    }
    sled::open(dir).unwrap()
}
