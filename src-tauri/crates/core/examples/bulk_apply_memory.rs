//! The local store alone writing a first sync's pages, without a server: `n` customers with
//! `per` follow-ups each, copies of ones a real book made, applied to a fresh team book in
//! `page`-row pages the way a pull applies them (`apply_remote_page`, then `apply_remote_at`),
//! printing the resident memory as it goes and the peak (`VmHWM`) at the end, then the memory
//! once the book is closed and once it is opened again. For finding where a first sync's memory
//! goes (rapport-sync's `sync_figures.rs` has the figure with a server):
//! `cargo run --release -p rapport-core --example bulk_apply_memory -- <customers> <per> [page]`.
use chrono::Utc;
use rapport_core::model::{CustomerFields, CustomerInput, FollowUpInput};
use rapport_core::store::{OpKind, PullPage, RemoteRow, SyncTable};
use rapport_core::Store;
use serde_json::Value;
use std::time::{Duration, Instant};

fn status(key: &str) -> f64 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    s.lines()
        .find(|l| l.starts_with(key))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .unwrap_or(0.0)
        / 1024.0
}

fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

/// A customer's and a follow-up's fields as a real book sends them.
fn templates() -> Result<(Value, Value), Box<dyn std::error::Error>> {
    let dir = tempfile_dir("template")?;
    let store = Store::open(&dir)?;
    store.set_team_book(true)?;
    let fields = CustomerFields {
        name: "模板".into(),
        ..Default::default()
    };
    let c = store.create_customer(
        CustomerInput {
            fields,
            tags: vec![],
        },
        Utc::now(),
    )?;
    let input = FollowUpInput {
        at: Utc::now() - chrono::Duration::days(3),
        method: "phone".into(),
        topic: "跟进".into(),
        ..Default::default()
    };
    store.log_follow_up(&c.id, input, Utc::now(), &Utc)?;
    let (mut customer, mut followup) = (Value::Null, Value::Null);
    for op in store.outbox_pending(usize::MAX)? {
        if let OpKind::Upsert { fields, .. } = op.kind {
            match op.table {
                SyncTable::Customers => customer = Value::Object(fields),
                SyncTable::Followups => followup = Value::Object(fields),
                _ => {}
            }
        }
    }
    drop(store);
    std::fs::remove_dir_all(&dir)?;
    Ok((customer, followup))
}

fn tempfile_dir(name: &str) -> std::io::Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("rapport-bulk-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// What the book held, apart from what the allocator kept: free pages back to the system.
fn trim() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free pages to the system.
    unsafe {
        libc::malloc_trim(0);
    }
}

fn id(prefix: u128, i: u128) -> String {
    ulid::Ulid::from((prefix << 120) | i).to_string()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let arg = |i: usize, d: usize| {
        std::env::args()
            .nth(i)
            .and_then(|v| v.parse().ok())
            .unwrap_or(d)
    };
    let (n, per, page) = (arg(1, 10_000), arg(2, 10), arg(3, 5_000));
    let (customer, followup) = templates()?;
    let dir = tempfile_dir("book")?;
    let mut store = Store::open(&dir)?;
    store.set_team_book(true)?;
    // `RAPPORT_REOPEN_EVERY` rows: the book closed and opened again as it goes (sled frees
    // what it holds only when closed), to measure that design's peak.
    let reopen = std::env::var("RAPPORT_REOPEN_EVERY")
        .ok()
        .and_then(|v| v.parse::<usize>().ok());
    let mut since_open = 0;
    println!("open: RSS {:.0} MB; load {}", status("VmRSS:"), load());
    let total = n + n * per;
    let row = |k: usize| {
        if k < n {
            let mut data = customer.clone();
            data["name"] = Value::String(format!("客户 {k}"));
            RemoteRow {
                table: SyncTable::Customers,
                id: id(1, k as u128),
                customer_id: None,
                owner: None,
                data,
                deleted_at: None,
            }
        } else {
            let f = k - n;
            let mut data = followup.clone();
            data["topic"] = Value::String(format!("跟进 {}", f % per));
            RemoteRow {
                table: SyncTable::Followups,
                id: id(2, f as u128),
                customer_id: Some(id(1, (f / per) as u128)),
                owner: None,
                data,
                deleted_at: None,
            }
        }
    };
    let (mut store_time, mut start) = (Duration::ZERO, 0);
    let mut pages = 0;
    while start < total {
        let end = (start + page).min(total);
        let rows: Vec<RemoteRow> = (start..end).map(row).collect();
        let t = Instant::now();
        if end < total {
            let last = rows.last().ok_or("empty page")?;
            let at = PullPage {
                head: 2,
                rank: if end <= n { 1 } else { 2 },
                id: last.id.clone(),
            };
            store.apply_remote_page(&rows, &at, Utc::now())?;
        } else {
            store.apply_remote_at(&rows, 2, Utc::now())?;
        }
        since_open += end - start;
        if reopen.is_some_and(|every| since_open >= every) && end < total {
            drop(store);
            trim();
            store = Store::open(&dir)?;
            since_open = 0;
        }
        store_time += t.elapsed();
        pages += 1;
        if pages % 20 == 0 || end == total {
            println!(
                "{end} of {total} rows: RSS {:.0} MB, {:.1} s; load {}",
                status("VmRSS:"),
                store_time.as_secs_f64(),
                load()
            );
        }
        start = end;
    }
    println!(
        "FIGURE the local store alone writing {total} rows in {page}-row pages: {:.1} s; peak RSS \
         {:.0} MB; {} customers",
        store_time.as_secs_f64(),
        status("VmHWM:"),
        store.customer_count()?
    );
    drop(store);
    trim();
    println!("store dropped, trimmed: RSS {:.0} MB", status("VmRSS:"));
    let store = Store::open(&dir)?;
    println!(
        "reopened ({} customers): RSS {:.0} MB",
        store.customer_count()?,
        status("VmRSS:")
    );
    drop(store);
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}
