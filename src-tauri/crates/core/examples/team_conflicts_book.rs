//! Writes a team book as a pull leaves it after the team server decided two conflicts (rapport-
//! sync's sql/0005_conflicts.sql): a customer whose company and phones were edited on two
//! computers (the overwritten values in its history) and a deal edited on two computers (its
//! second version beside it). The rows go through `Store::apply_remote`, the pull's own apply.
//! For the screenshots (tests/e2e/screenshots-conflicts.mjs):
//! `cargo run -p rapport-core --example team_conflicts_book -- <book folder>`.
use chrono::{Duration, NaiveDate, Utc};
use rapport_core::model::{CustomerFields, CustomerInput, DealInput};
use rapport_core::store::{RemoteRow, SyncTable};
use rapport_core::Store;
use serde_json::json;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args()
        .nth(1)
        .ok_or("usage: team_conflicts_book <book folder>")?;
    let store = Store::open(std::path::Path::new(&dir))?;
    store.set_team_book(true)?;
    let now = Utc::now();
    let fields = CustomerFields {
        name: "周强".into(),
        company: "华东精密机械".into(),
        phones: vec!["13912345678".into()],
        ..Default::default()
    };
    let c = store.create_customer(
        CustomerInput {
            fields,
            tags: vec![],
        },
        now,
    )?;
    let input = DealInput {
        date: NaiveDate::from_ymd_opt(2026, 11, 28).ok_or("date")?,
        amount: 12_800_000,
        product_or_service: "数控机床年度维保".into(),
        payment_method: "offline".into(),
        notes: "含两次上门".into(),
        ..DealInput::default()
    };
    let deal = store.add_deal(&c.id, input, now, &Utc)?.deal;
    let mut data = serde_json::to_value(&deal)?;
    data["conflict"] = json!({
        "fields": {"amount": 11_500_000, "paymentMethod": "instalments", "notes": "分三期，含一次上门"},
        "by": "李娜", "opId": ulid::Ulid::new().to_string(), "commit": 42,
    });
    let at = |mins: i64| json!(now + Duration::minutes(mins));
    let event = |mins: i64, change: serde_json::Value| RemoteRow {
        table: SyncTable::History,
        id: ulid::Ulid::new().to_string(),
        customer_id: Some(c.id.clone()),
        data: json!({"at": at(mins), "change": change, "followUpId": null, "by": "李娜"}),
        deleted_at: None,
        owner: None,
    };
    let rows = [
        RemoteRow {
            table: SyncTable::Deals,
            id: deal.id.clone(),
            customer_id: Some(c.id.clone()),
            data,
            deleted_at: None,
            owner: None,
        },
        event(
            1,
            json!({"type": "overwritten", "field": "company", "lost": "华东精密机械有限公司",
                   "lostBy": "王强", "keptBy": "李娜"}),
        ),
        event(
            2,
            json!({"type": "overwritten", "field": "phones", "lost": "[\"13912345678\",\"021-5555 0101\"]",
                   "lostBy": "王强", "keptBy": "李娜"}),
        ),
    ];
    let applied = store.apply_remote(&rows, now)?;
    println!(
        "{dir}: customer {} ({} rows applied)",
        c.id, applied.written
    );
    Ok(())
}
