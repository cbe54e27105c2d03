#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Committing an import plan: what lands (counts, list, agenda, indexes), duplicates skipped,
//! merged or created anyway, undo restoring the book exactly, a refused plan or a cancel
//! leaving nothing, and a kill half-way rolled back when the book reopens.
mod common;
use chrono_tz::Asia::Shanghai;
use common::*;
use rapport_core::error::{Entity, Invalid};
use rapport_core::import::headers::map_columns;
use rapport_core::import::plan::{
    plan, BookIndex, DuplicatePolicy, Plan, PlanCounts, PlanOptions, PlannedCustomer, Sheet,
};
use rapport_core::import::values::DateOrder;
use rapport_core::model::{
    AgendaQuery, CustomerInput, FollowUpInput, ImportState, ListQuery, Stage, TimelineEntry,
};
use rapport_core::{CoreError, Store};
use std::io::{BufRead, BufReader};

fn planned(
    input: CustomerInput,
    follow_ups: Vec<FollowUpInput>,
    dup: Option<&str>,
) -> PlannedCustomer {
    PlannedCustomer {
        input,
        follow_ups,
        records: Default::default(),
        rows: vec![2],
        duplicate_of: dup.map(str::to_string),
    }
}

fn plan_of(customers: Vec<PlannedCustomer>) -> Plan {
    Plan {
        customers,
        invalid: vec![],
        notices: vec![],
        skipped: vec![],
        assumptions: vec![],
        counts: PlanCounts::default(),
    }
}

/// An open follow-up due on the 20th and a done one.
fn two_follow_ups() -> Vec<FollowUpInput> {
    vec![follow_up(t(1), Some(t(20))), follow_up(t(2), None)]
}

fn agenda_total(store: &Store) -> u32 {
    let a = store
        .agenda(&AgendaQuery::default(), t(5), &Shanghai)
        .unwrap();
    a.overdue.total + a.today.total + a.next7_days.total + a.later.total
}

fn tag_names(store: &Store) -> Vec<String> {
    store
        .list_tags()
        .unwrap()
        .into_iter()
        .map(|t| t.tag.name)
        .collect()
}

#[test]
fn commit_adds_customers_and_follow_ups_and_undo_removes_them() {
    let (_dir, store) = open_temp();
    let old = store
        .create_customer(customer("老客户", &["VIP"]), t(1))
        .unwrap();
    let p = plan_of(
        (0..3)
            .map(|i| {
                planned(
                    customer(&format!("新客户{i}"), &["VIP", "展会"]),
                    two_follow_ups(),
                    None,
                )
            })
            .collect(),
    );
    let rec = store
        .commit_import(
            &p,
            DuplicatePolicy::Skip,
            "客户跟进记录表.xlsx",
            t(3),
            &Shanghai,
        )
        .unwrap();
    assert_eq!(rec.state, ImportState::Complete);
    assert_eq!(rec.file_name, "客户跟进记录表.xlsx");
    assert_eq!(rec.started_at, t(3));
    assert!(rec.finished_at.unwrap() >= t(3));
    assert_eq!(
        (
            rec.customers_added,
            rec.customers_merged,
            rec.customers_skipped,
            rec.follow_ups_added
        ),
        (3, 0, 0, 6)
    );
    assert_eq!(store.imports().unwrap(), vec![rec.clone()]);
    assert_eq!(store.customer_count().unwrap(), 4);
    let page = store.list_customers(&ListQuery::default()).unwrap();
    let imported: Vec<_> = page.rows.iter().filter(|r| r.id != old.id).collect();
    assert_eq!(imported.len(), 3);
    assert!(
        imported.iter().all(|r| r.next_due == Some(t(20))),
        "the list sees the due dates"
    );
    for r in &imported {
        assert_eq!(store.follow_ups_of(&r.id).unwrap().len(), 2);
    }
    assert_eq!(agenda_total(&store), 3);
    assert_eq!(tag_names(&store), vec!["VIP", "展会"]);
    store.verify_indexes().unwrap();

    // A follow-up logged later on an imported customer goes with it.
    store
        .log_follow_up(
            &imported[0].id,
            follow_up(t(4), Some(t(6))),
            t(4),
            &Shanghai,
        )
        .unwrap();
    let undone = store.undo_import(&rec.id, t(5)).unwrap();
    assert_eq!(undone.state, ImportState::Undone);
    assert_eq!(undone.undone_at, Some(t(5)));
    assert_eq!(store.imports().unwrap(), vec![undone.clone()]);
    assert_eq!(store.customer_count().unwrap(), 1);
    assert_eq!(store.get_customer(&old.id).unwrap(), old);
    assert_eq!(agenda_total(&store), 0);
    assert_eq!(
        tag_names(&store),
        vec!["VIP"],
        "the tag the import created is gone"
    );
    store.verify_indexes().unwrap();

    assert_eq!(
        store.undo_import(&rec.id, t(6)).unwrap_err(),
        CoreError::ImportNotUndoable {
            id: rec.id.clone(),
            state: ImportState::Undone
        }
    );
    let unknown = ulid::Ulid::new().to_string();
    assert_eq!(
        store.undo_import(&unknown, t(6)).unwrap_err(),
        CoreError::NotFound {
            entity: Entity::Import,
            id: unknown
        }
    );
}

#[test]
fn merge_fills_the_existing_customer_and_undo_restores_it_exactly() {
    let (dir, store) = open_temp();
    let mut input = customer("张伟", &["老客户"]);
    input.fields.phones = vec!["13800138000".into()];
    let existing = store.create_customer(input, t(1)).unwrap();
    store
        .log_follow_up(&existing.id, follow_up(t(1), Some(t(9))), t(1), &Shanghai)
        .unwrap();
    let before = store.get_customer(&existing.id).unwrap();

    let mut dup = customer("张伟", &["华东", "老客户"]);
    dup.fields.company = "杭州云栖科技".into();
    dup.fields.phones = vec!["+86 138 0013 8000".into()];
    dup.fields.emails = vec!["zhang@yunqi.cn".into()];
    dup.fields.stage = Stage::Negotiation;
    let p = plan_of(vec![
        planned(dup, two_follow_ups(), Some(&existing.id)),
        planned(
            customer("李娜", &["华东"]),
            vec![follow_up(t(2), None)],
            None,
        ),
    ]);
    let rec = store
        .commit_import(&p, DuplicatePolicy::Merge, "a.csv", t(3), &Shanghai)
        .unwrap();
    assert_eq!(
        (
            rec.customers_added,
            rec.customers_merged,
            rec.customers_skipped,
            rec.follow_ups_added
        ),
        (1, 1, 0, 3)
    );
    let merged = store.get_customer(&existing.id).unwrap();
    assert_eq!(merged.fields.company, "杭州云栖科技");
    assert_eq!(
        merged.fields.phones,
        vec!["13800138000"],
        "the same phone is not added twice"
    );
    assert_eq!(merged.fields.emails, vec!["zhang@yunqi.cn"]);
    assert_eq!(merged.fields.stage, Stage::Negotiation);
    assert_eq!(merged.tag_ids.len(), 2);
    assert_eq!(store.follow_ups_of(&existing.id).unwrap().len(), 3);
    let changes = store
        .timeline(&existing.id)
        .unwrap()
        .into_iter()
        .filter(|e| matches!(e, TimelineEntry::Change(_)))
        .count();
    assert_eq!(changes, 1, "the stage change is in the history");
    assert_eq!(store.customer_count().unwrap(), 2);
    store.verify_indexes().unwrap();

    // The journal survives a restart.
    drop(store);
    let store = reopen(dir.path());
    store.undo_import(&rec.id, t(4)).unwrap();
    assert_eq!(store.get_customer(&existing.id).unwrap(), before);
    assert_eq!(
        store.follow_ups_of(&existing.id).unwrap().len(),
        1,
        "the user's follow-up stays"
    );
    assert!(store
        .timeline(&existing.id)
        .unwrap()
        .iter()
        .all(|e| matches!(e, TimelineEntry::FollowUp(_))));
    assert_eq!(store.customer_count().unwrap(), 1);
    assert_eq!(tag_names(&store), vec!["老客户"]);
    assert_eq!(agenda_total(&store), 1);
    store.verify_indexes().unwrap();
    assert!(matches!(
        store.undo_import(&rec.id, t(5)),
        Err(CoreError::ImportNotUndoable { .. })
    ));
}

#[test]
fn skip_and_create_anyway_count_duplicates() {
    let (_dir, store) = open_temp();
    let existing = store.create_customer(customer("王芳", &[]), t(1)).unwrap();
    let p = plan_of(vec![
        planned(
            customer("王芳", &["重复"]),
            two_follow_ups(),
            Some(&existing.id),
        ),
        planned(customer("赵磊", &[]), two_follow_ups(), None),
    ]);
    let skip = store
        .commit_import(&p, DuplicatePolicy::Skip, "a.csv", t(2), &Shanghai)
        .unwrap();
    assert_eq!(
        (
            skip.customers_added,
            skip.customers_merged,
            skip.customers_skipped,
            skip.follow_ups_added
        ),
        (1, 0, 1, 2)
    );
    assert_eq!(store.get_customer(&existing.id).unwrap(), existing);
    assert_eq!(store.customer_count().unwrap(), 2);
    assert!(!tag_names(&store).contains(&"重复".to_string()));
    let anyway = store
        .commit_import(&p, DuplicatePolicy::CreateAnyway, "b.csv", t(3), &Shanghai)
        .unwrap();
    assert_eq!(
        (
            anyway.customers_added,
            anyway.customers_merged,
            anyway.customers_skipped,
            anyway.follow_ups_added
        ),
        (2, 0, 0, 4)
    );
    assert_eq!(store.customer_count().unwrap(), 4);
    assert_eq!(store.get_customer(&existing.id).unwrap(), existing);
    assert_eq!(
        store.imports().unwrap(),
        vec![anyway.clone(), skip.clone()],
        "newest first"
    );
    store.verify_indexes().unwrap();
    store.undo_import(&skip.id, t(4)).unwrap();
    assert_eq!(store.customer_count().unwrap(), 3);
    store.undo_import(&anyway.id, t(4)).unwrap();
    assert_eq!(store.customer_count().unwrap(), 1);
    store.verify_indexes().unwrap();
}

#[test]
fn a_bad_item_is_refused_before_anything_lands() {
    let (_dir, store) = open_temp();
    let mut bad = follow_up(t(1), None);
    bad.content = String::new();
    let p = plan_of(vec![
        planned(customer("甲", &["x"]), two_follow_ups(), None),
        planned(customer("乙", &[]), vec![follow_up(t(1), None), bad], None),
    ]);
    assert_eq!(
        store
            .commit_import(&p, DuplicatePolicy::Skip, "a.csv", t(2), &Shanghai)
            .unwrap_err(),
        CoreError::invalid(
            "customers[1].followUps[1].content",
            Invalid::RequiredWhenDone
        )
    );
    assert!(store.is_empty().unwrap());
    assert!(store.imports().unwrap().is_empty());
    assert!(tag_names(&store).is_empty());

    // Several bad items in one chunk (checked before its writes): the first is named.
    let mut nameless = customer("", &[]);
    nameless.fields.phones.clear();
    let p = plan_of(vec![
        planned(customer("甲", &[]), vec![], None),
        planned(nameless.clone(), vec![], None),
        planned(customer("丙", &[]), vec![], None),
        planned(nameless, vec![], None),
    ]);
    let err = store
        .commit_import(&p, DuplicatePolicy::Skip, "b.csv", t(2), &Shanghai)
        .unwrap_err();
    assert_eq!(err.field().as_deref(), Some("customers[1].name"), "{err:?}");
    assert!(store.is_empty().unwrap());
}

#[test]
fn a_bad_item_in_a_later_chunk_stops_the_import_and_takes_back_what_landed() {
    // Chunks are checked one ahead of their writes: two chunks of 500 have landed when the
    // third's check finds the bad follow-up.
    let (_dir, store) = open_temp();
    let mut customers: Vec<PlannedCustomer> = (0..1_400)
        .map(|i| {
            planned(
                customer(&format!("客户{i}"), &[&format!("t{}", i % 3)]),
                two_follow_ups(),
                None,
            )
        })
        .collect();
    customers[1_234].follow_ups[1].content = String::new();
    let mut calls = Vec::new();
    let err = store
        .commit_import_with(
            &plan_of(customers),
            DuplicatePolicy::Skip,
            "big.xlsx",
            t(2),
            &Shanghai,
            &mut |done| {
                calls.push(done);
                true
            },
        )
        .unwrap_err();
    assert_eq!(
        err,
        CoreError::invalid(
            "customers[1234].followUps[1].content",
            Invalid::RequiredWhenDone
        )
    );
    assert_eq!(calls, vec![500, 1_000]);
    assert!(store.is_empty().unwrap());
    assert!(store.imports().unwrap().is_empty());
    assert!(tag_names(&store).is_empty());
    assert_eq!(agenda_total(&store), 0);
    assert_eq!(
        store.list_customers(&ListQuery::default()).unwrap().total,
        0
    );
    store.verify_indexes().unwrap();
}

#[test]
fn cancel_takes_back_what_landed() {
    let (_dir, store) = open_temp();
    let p = plan_of(
        (0..1_200)
            .map(|i| {
                planned(
                    customer(&format!("客户{i}"), &[&format!("t{}", i % 3)]),
                    two_follow_ups(),
                    None,
                )
            })
            .collect(),
    );
    let mut calls = Vec::new();
    let err = store
        .commit_import_with(
            &p,
            DuplicatePolicy::Skip,
            "big.xlsx",
            t(2),
            &Shanghai,
            &mut |done| {
                calls.push(done);
                done < 1_000
            },
        )
        .unwrap_err();
    assert_eq!(err, CoreError::Cancelled);
    assert_eq!(calls, vec![500, 1_000]);
    assert!(store.is_empty().unwrap());
    assert!(store.imports().unwrap().is_empty());
    assert!(tag_names(&store).is_empty());
    assert_eq!(agenda_total(&store), 0);
    store.verify_indexes().unwrap();
}

#[test]
fn a_planned_sheet_lands_as_previewed() {
    let (_dir, store) = open_temp();
    let header: Vec<String> = [
        "客户名称",
        "联系电话",
        "标签",
        "跟进时间",
        "跟进内容",
        "下次跟进时间",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let rows: Vec<Vec<String>> = [
        [
            "杭州云栖科技",
            "13800138000",
            "VIP",
            "2026/11/1",
            "介绍方案",
            "2026-11-20",
        ],
        [
            "杭州云栖科技",
            "13800138000",
            "华东",
            "2026/11/2",
            "演示产品",
            "",
        ],
        ["上海华信商贸", "13912345678", "", "2026/11/3", "报价", ""],
    ]
    .iter()
    .map(|r| r.iter().map(|s| s.to_string()).collect())
    .collect();
    let columns = map_columns(&header);
    let sheet = Sheet {
        header: &header,
        columns: &columns,
        rows: &rows,
        first_row: 2,
    };
    let options = PlanOptions::new(DateOrder::DayFirst, Shanghai, t(3));
    let p = plan(&sheet, &options, &BookIndex::new(&[]));
    assert_eq!((p.counts.new_customers, p.counts.follow_ups), (2, 3));
    let rec = store
        .commit_import(&p, DuplicatePolicy::Skip, "sheet.csv", t(3), &Shanghai)
        .unwrap();
    assert_eq!((rec.customers_added, rec.follow_ups_added), (2, 3));
    assert_eq!(agenda_total(&store), 1);
    store.verify_indexes().unwrap();
}

const CHILD_ENV: &str = "RAPPORT_IMPORT_CRASH_CHILD_DIR";
const EXISTING: usize = 20;

#[test]
fn an_import_killed_half_way_is_rolled_back_at_open() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = spawn_child("import_crash_child", CHILD_ENV, dir.path());
    let mut chunks = 0;
    for line in BufReader::new(child.stdout.take().unwrap()).lines() {
        if line.unwrap().starts_with("CHUNK ") {
            chunks += 1;
            if chunks == 3 {
                child.kill().unwrap(); // SIGKILL on Unix
                break;
            }
        }
    }
    let status = child.wait().unwrap();
    assert_eq!(
        chunks, 3,
        "the child imported part of the plan before it was killed"
    );
    assert!(!status.success(), "killed before the import finished");
    let store = Store::open(dir.path()).unwrap();
    assert!(
        store.imports().unwrap().is_empty(),
        "the interrupted import is forgotten"
    );
    assert_eq!(
        store.customer_count().unwrap(),
        EXISTING,
        "no imported customer remains"
    );
    let page = store
        .list_customers(&ListQuery {
            limit: 100,
            ..Default::default()
        })
        .unwrap();
    for row in &page.rows {
        let c = store.get_customer(&row.id).unwrap();
        assert_eq!(c.fields.company, "", "merge of {} reverted", c.fields.name);
        assert_eq!(c.fields.stage, Stage::InitialContact);
        assert_eq!(c.tag_ids.len(), 1);
        assert!(store.follow_ups_of(&row.id).unwrap().is_empty());
        assert!(store.timeline(&row.id).unwrap().is_empty());
    }
    assert_eq!(tag_names(&store), vec!["老客户"]);
    assert_eq!(agenda_total(&store), 0);
    store.verify_indexes().unwrap();
}

/// Runs only as the child of `an_import_killed_half_way_is_rolled_back_at_open`: imports
/// 5,000 new customers with 2 follow-ups each and merges into 20 existing ones, until killed.
#[test]
fn import_crash_child() {
    let Some(dir) = std::env::var_os(CHILD_ENV) else {
        return;
    };
    let store = Store::open(std::path::Path::new(&dir)).unwrap();
    let mut customers = Vec::new();
    for i in 0..EXISTING {
        let old = store
            .create_customer(customer(&format!("老客户{i}"), &["老客户"]), t(1))
            .unwrap();
        let mut dup = customer(&format!("老客户{i}"), &["合并"]);
        dup.fields.company = "某公司".into();
        dup.fields.stage = Stage::Proposal;
        customers.push(planned(dup, two_follow_ups(), Some(&old.id)));
    }
    for i in 0..5_000 {
        customers.push(planned(
            customer(&format!("导入{i}"), &["导入", &format!("批{}", i % 50)]),
            two_follow_ups(),
            None,
        ));
    }
    let p = plan_of(customers);
    store
        .commit_import_with(
            &p,
            DuplicatePolicy::Merge,
            "big.xlsx",
            t(2),
            &Shanghai,
            &mut |done| {
                println!("CHUNK {done}");
                // Leave the parent time to kill before the end.
                std::thread::sleep(std::time::Duration::from_millis(0));
                true
            },
        )
        .unwrap();
    println!("DONE");
}

const UNDO_CHILD_ENV: &str = "RAPPORT_UNDO_CRASH_CHILD_DIR";

/// An undo killed part-way is finished at open: the book is as before the import or, if the
/// kill came before the undo began, as after it — never half undone.
#[test]
fn an_undo_killed_half_way_is_finished_at_open() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = spawn_child("undo_crash_child", UNDO_CHILD_ENV, dir.path());
    for line in BufReader::new(child.stdout.take().unwrap()).lines() {
        if line.unwrap() == "UNDOING" {
            std::thread::sleep(std::time::Duration::from_millis(150));
            child.kill().unwrap();
            break;
        }
    }
    child.wait().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let imports = store.imports().unwrap();
    assert_eq!(imports.len(), 1);
    match imports[0].state {
        ImportState::Undone => assert_eq!(store.customer_count().unwrap(), 1),
        ImportState::Complete => assert_eq!(store.customer_count().unwrap(), 3_001),
        s => panic!("left {s:?}"),
    }
    store.verify_indexes().unwrap();
}

/// Runs only as the child of `an_undo_killed_half_way_is_finished_at_open`.
#[test]
fn undo_crash_child() {
    let Some(dir) = std::env::var_os(UNDO_CHILD_ENV) else {
        return;
    };
    let store = Store::open(std::path::Path::new(&dir)).unwrap();
    store
        .create_customer(customer("老客户", &["老客户"]), t(1))
        .unwrap();
    let p = plan_of(
        (0..3_000)
            .map(|i| {
                planned(
                    customer(&format!("导入{i}"), &["导入"]),
                    two_follow_ups(),
                    None,
                )
            })
            .collect(),
    );
    let rec = store
        .commit_import(&p, DuplicatePolicy::Skip, "big.xlsx", t(2), &Shanghai)
        .unwrap();
    println!("UNDOING");
    store.undo_import(&rec.id, t(3)).unwrap();
    println!("UNDONE");
}
