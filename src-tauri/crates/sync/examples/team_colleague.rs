//! A colleague's desktop for the team screenshots (tests/e2e/screenshots-team-audit.mjs): a
//! headless sled team book and a real sync engine, one step per run.
//!
//! `team_colleague <book dir> <port> <login> <password> <step> [customer name] [yuan] [notes]`
//! - `pull`: one sync round (the book takes what the team holds);
//! - `work <name>`: edits the customer (company, phone, priority, stage), logs a follow-up,
//!   tags it and records a ¥12,000 deal, then syncs;
//! - `deal <name> <yuan> <notes>`: edits the customer's first deal from what this book last
//!   pulled (so two colleagues doing it make a conflict), then syncs;
//! - `show <name>`: one sync round, then prints the customer's first deal as JSON.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{NaiveDate, Utc};
use rapport_core::model::{CustomerInput, DealInput, FollowUpInput, Priority, Stage};
use rapport_core::store::Store;
use rapport_sync::{ServerConfig, SyncEngine, Tls};
use std::sync::Arc;
use std::time::Duration;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let a: Vec<String> = std::env::args().collect();
    let [_, dir, port, login, password, step, rest @ ..] = a.as_slice() else {
        panic!("usage: team_colleague <book dir> <port> <login> <password> <step> [args]");
    };
    let store = Arc::new(Store::open(std::path::Path::new(dir)).unwrap());
    store.set_team_book(true).unwrap();
    let config = ServerConfig {
        host: "127.0.0.1".into(),
        port: port.parse().unwrap(),
        database: "team".into(),
        user: login.clone(),
        password: password.clone(),
        tls: Tls::Disable,
        connect_timeout: Duration::from_secs(5),
    };
    let mut engine = SyncEngine::new(store.clone(), config);
    let customer = |name: &str| {
        store
            .live_customers()
            .unwrap()
            .into_iter()
            .find(|c| c.fields.name == name)
            .unwrap_or_else(|| panic!("no customer {name} in the colleague's book"))
    };
    match (step.as_str(), rest) {
        ("pull", _) => {}
        ("work", [name, ..]) => {
            engine.sync_once().await.unwrap();
            let c = customer(name);
            let mut fields = c.fields.clone();
            fields.company = format!("{name}有限公司");
            fields.phones = vec!["021 6234 5678".into()];
            fields.priority = Priority::High;
            fields.stage = Stage::Proposal;
            let input = CustomerInput {
                fields,
                tags: vec!["重点客户".into()],
            };
            store.update_customer(&c.id, input, Utc::now()).unwrap();
            let follow_up = FollowUpInput {
                at: Utc::now(),
                method: "phone".into(),
                topic: "确认报价".into(),
                ..Default::default()
            };
            store
                .log_follow_up(&c.id, follow_up, Utc::now(), &Utc)
                .unwrap();
            store
                .add_deal(&c.id, deal(12_000, "年度服务"), Utc::now(), &Utc)
                .unwrap();
        }
        ("deal", [name, yuan, notes, ..]) => {
            let c = customer(name);
            let d = store.deals_of(&c.id).unwrap().remove(0);
            store
                .update_deal(&d.id, deal(yuan.parse().unwrap(), notes), Utc::now(), &Utc)
                .unwrap();
        }
        ("show", [name, ..]) => {
            engine.sync_once().await.unwrap();
            let d = store.deals_of(&customer(name).id).unwrap().remove(0);
            println!("{}", serde_json::to_string(&d).unwrap());
            return;
        }
        _ => panic!("unknown step {step}"),
    }
    let round = engine.sync_once().await.unwrap();
    println!("{step}: {round:?}");
}

fn deal(yuan: i64, notes: &str) -> DealInput {
    DealInput {
        date: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
        amount: yuan * 100,
        product_or_service: "年度服务".into(),
        payment_method: "offline".into(),
        notes: notes.into(),
        ..DealInput::default()
    }
}
