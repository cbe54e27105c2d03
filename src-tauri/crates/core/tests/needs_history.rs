#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Changes to a customer's needs are kept: an edit of the core need, budget, decision chain or
//! deadline records the old and new value in the history (one event per field), a save that
//! changes nothing (or only spaces) records nothing, and an import that fills an existing
//! customer's needs records it too, its undo taking the events back.
mod common;
use chrono::NaiveDate;
use chrono_tz::Asia::Shanghai;
use common::*;
use rapport_core::import::plan::{DuplicatePolicy, Plan, PlanCounts, PlannedCustomer};
use rapport_core::model::{
    Category, CustomerInput, HistoryChange, HistoryEvent, NeedField, Settings, Stage, TimelineEntry,
};
use rapport_core::Store;

/// The recorded changes of a customer, oldest first.
fn history(store: &Store, id: &str) -> Vec<HistoryEvent> {
    let mut out: Vec<HistoryEvent> = store
        .timeline(id)
        .unwrap()
        .into_iter()
        .filter_map(|e| match e {
            TimelineEntry::Change(h) => Some(h),
            _ => None,
        })
        .collect();
    out.sort_by_key(|h| h.at);
    out
}

fn need(field: NeedField, from: &str, to: &str) -> HistoryChange {
    HistoryChange::Need {
        field,
        from: from.into(),
        to: to.into(),
    }
}

fn with_budget(budget: &str) -> CustomerInput {
    let mut input = customer("王伟", &[]);
    input.fields.needs.budget = budget.into();
    input
}

#[test]
fn a_budget_edit_keeps_the_old_value_in_the_history() {
    let (_dir, store) = open_temp();
    let mut s = store
        .settings()
        .unwrap()
        .unwrap_or_else(|| Settings::with_language(Default::default()));
    s.me = "张三".into();
    store.save_settings(s).unwrap();
    let c = store.create_customer(with_budget("10万"), t(1)).unwrap();
    assert!(
        history(&store, &c.id).is_empty(),
        "creating is not a change"
    );
    store
        .update_customer(&c.id, with_budget("20万"), t(3))
        .unwrap();
    let events = history(&store, &c.id);
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].change, need(NeedField::Budget, "10万", "20万"));
    assert_eq!(events[0].at, t(3));
    assert_eq!(events[0].by, "张三");
    assert_eq!(events[0].follow_up_id, None);
    store.verify_indexes().unwrap();
}

#[test]
fn a_save_that_changes_nothing_or_only_spaces_records_nothing() {
    let (_dir, store) = open_temp();
    let c = store.create_customer(with_budget("10万"), t(1)).unwrap();
    store
        .update_customer(&c.id, with_budget("10万"), t(2))
        .unwrap();
    store
        .update_customer(&c.id, with_budget("  10万 "), t(3))
        .unwrap();
    // Another field edited: still no needs event.
    let mut input = with_budget("10万");
    input.fields.company = "杭州云启".into();
    store.update_customer(&c.id, input, t(4)).unwrap();
    assert!(history(&store, &c.id).is_empty());
}

#[test]
fn one_save_changing_several_needs_records_each_field() {
    let (_dir, store) = open_temp();
    let mut input = with_budget("10万");
    input.fields.needs.core_need = "ERP 升级".into();
    input.fields.needs.deadline = NaiveDate::from_ymd_opt(2026, 3, 31);
    let c = store.create_customer(input.clone(), t(1)).unwrap();
    input.fields.needs.core_need = "ERP 升级 + 仓储".into();
    input.fields.needs.decision_chain = "采购部 → 总经理".into();
    input.fields.needs.deadline = None;
    input.fields.stage = Stage::NeedsConfirmed;
    store.update_customer(&c.id, input, t(2)).unwrap();
    let changes: Vec<HistoryChange> = history(&store, &c.id)
        .into_iter()
        .map(|h| h.change)
        .collect();
    assert_eq!(changes.len(), 4, "{changes:?}");
    assert!(changes.contains(&HistoryChange::Stage {
        from: Stage::InitialContact,
        to: Stage::NeedsConfirmed
    }));
    assert!(changes.contains(&need(NeedField::CoreNeed, "ERP 升级", "ERP 升级 + 仓储")));
    assert!(changes.contains(&need(NeedField::DecisionChain, "", "采购部 → 总经理")));
    assert!(changes.contains(&need(NeedField::Deadline, "2026-03-31", "")));
}

#[test]
fn an_import_filling_needs_records_them_and_its_undo_takes_them_back() {
    let (_dir, store) = open_temp();
    let existing = store.create_customer(customer("张伟", &[]), t(1)).unwrap();
    let before = store.get_customer(&existing.id).unwrap();
    // Every change one save can make at once: stage, category and the four needs.
    let mut dup = customer("张伟", &[]);
    dup.fields.stage = Stage::Negotiation;
    dup.fields.category = Some(Category::Interested);
    dup.fields.needs.core_need = "CRM".into();
    dup.fields.needs.budget = "20万".into();
    dup.fields.needs.decision_chain = "总经理".into();
    dup.fields.needs.deadline = NaiveDate::from_ymd_opt(2026, 6, 30);
    let plan = Plan {
        customers: vec![PlannedCustomer {
            input: dup,
            follow_ups: vec![],
            records: Default::default(),
            rows: vec![2],
            duplicate_of: Some(existing.id.clone()),
        }],
        invalid: vec![],
        notices: vec![],
        skipped: vec![],
        assumptions: vec![],
        counts: PlanCounts::default(),
    };
    let rec = store
        .commit_import(&plan, DuplicatePolicy::Merge, "a.csv", t(2), &Shanghai)
        .unwrap();
    assert_eq!(rec.customers_merged, 1);
    let changes: Vec<HistoryChange> = history(&store, &existing.id)
        .into_iter()
        .map(|h| h.change)
        .collect();
    assert_eq!(changes.len(), 6, "{changes:?}");
    assert!(changes.contains(&need(NeedField::Budget, "", "20万")));
    assert!(changes.contains(&need(NeedField::Deadline, "", "2026-06-30")));
    store.verify_indexes().unwrap();

    store.undo_import(&rec.id, t(3)).unwrap();
    assert_eq!(store.get_customer(&existing.id).unwrap(), before);
    assert!(history(&store, &existing.id).is_empty());
    store.verify_indexes().unwrap();
}
