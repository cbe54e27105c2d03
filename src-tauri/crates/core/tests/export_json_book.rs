#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The full-fidelity JSON export of a real book: everything a customer has (opportunities,
//! deals, after-sales records, history) and the pipeline's stages with the user's names.
mod common;
use chrono::NaiveDate;
use common::*;
use rapport_core::export::{to_json, JsonExport};
use rapport_core::model::*;

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
}

#[test]
fn json_carries_stages_records_and_history_of_the_exported_customers() {
    let (_d, store) = open_temp();
    let mut settings = Settings::with_language(Language::Zh);
    let mut stages = settings.stages.clone();
    let custom = StageSetting {
        stage: Stage::Custom1,
        name: "样品测试".into(),
        tasks: Vec::new(),
    };
    stages.insert(2, custom.clone());
    settings.stages = stages.clone();
    store.save_settings(settings).unwrap();

    let jia = store
        .create_customer(customer("甲公司", &["VIP"]), t(1))
        .unwrap();
    let yi = store
        .create_customer(customer("乙公司", &[]), t(1))
        .unwrap();
    store.move_stage(&jia.id, Stage::Custom1, "", t(2)).unwrap();
    let opp = store
        .add_opportunity(
            &jia.id,
            OpportunityInput {
                need: "打样".into(),
                stage: Stage::Custom1,
                ..Default::default()
            },
            t(3),
        )
        .unwrap();
    let deal = store
        .add_deal(
            &jia.id,
            DealInput {
                date: day(4),
                amount: 15_000_000,
                product_or_service: "设备".into(),
                ..Default::default()
            },
            t(4),
            &chrono::Utc,
        )
        .unwrap();
    let service = store
        .add_service(&jia.id, service(day(5), None), t(5))
        .unwrap();
    // 乙's records must not ride along when only 甲 is exported.
    store
        .add_deal(
            &yi.id,
            DealInput {
                date: day(4),
                amount: 100,
                product_or_service: "配件".into(),
                ..Default::default()
            },
            t(4),
            &chrono::Utc,
        )
        .unwrap();

    let query = ListQuery {
        search: "甲".into(),
        ..Default::default()
    };
    let set = store.export_set_with_records(Some(&query)).unwrap();
    let bytes = to_json(&set, t(6)).unwrap();
    let back: JsonExport = serde_json::from_slice(&bytes).unwrap();

    assert_eq!(back.stages, stages, "the user's order and names");
    assert!(back.stages.contains(&custom));
    assert_eq!(back.customers.len(), 1);
    assert_eq!(back.customers[0].customer.fields.stage, Stage::Custom1);
    assert_eq!(back.opportunities, vec![opp]);
    assert_eq!(back.deals.len(), 1);
    assert_eq!(back.deals[0].id, deal.deal.id);
    assert_eq!(back.deals[0].amount, 15_000_000);
    assert_eq!(back.services, vec![service]);
    assert_eq!(back.history.len(), 1);
    assert_eq!(back.history[0].customer_id, jia.id);
    assert_eq!(
        back.history[0].event.change,
        HistoryChange::Stage {
            from: Stage::InitialContact,
            to: Stage::Custom1
        }
    );

    // The other exports do not read the records.
    let plain = store.export_set(None).unwrap();
    assert!(plain.records.deals.is_empty() && plain.records.history.is_empty());
    assert_eq!(plain.customers.len(), 2);
}

#[test]
fn a_json_export_without_the_newer_keys_still_reads() {
    let old = r#"{"format":"rapport-export","version":1,"exportedAt":"2026-04-01T00:00:00Z",
        "customers":[],"tags":[],"followUps":[]}"#;
    let back: JsonExport = serde_json::from_str(old).unwrap();
    assert!(back.stages.is_empty() && back.deals.is_empty() && back.history.is_empty());
}
