#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Complaints (投诉与反馈) on after-sales records: the status moves, durations in local days
//! (month ends, leap days, the user's midnight), validation naming the field in both
//! languages with nothing written, the agenda's section (severity first, owner filter, trash,
//! resolved ones gone), the index kept right, older records reading as no complaint, and a
//! team book's ops carrying the complaint to a second book.
mod common;
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Asia::Shanghai;
use common::*;
use rapport_core::complaints::{days_open, days_to_resolve, transition_allowed};
use rapport_core::error::{CoreError, Invalid};
use rapport_core::i18n::message;
use rapport_core::model::{
    AgendaQuery, Complaint, ComplaintCategory, ComplaintInput, ComplaintItem, ComplaintSeverity,
    ComplaintStatus, Language, ServiceInput, ServiceRecord,
};
use rapport_core::store::{OpKind, RemoteRow};
use rapport_core::Store;
use ComplaintStatus::*;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn complaint(received: NaiveDate, status: &str, resolved: Option<NaiveDate>) -> ComplaintInput {
    ComplaintInput {
        received_on: received,
        category: "quality".into(),
        severity: "high".into(),
        status: status.into(),
        resolved_on: resolved,
        resolution: String::new(),
    }
}

fn stored(received: NaiveDate, status: ComplaintStatus, resolved: Option<NaiveDate>) -> Complaint {
    Complaint {
        received_on: received,
        category: ComplaintCategory::Quality,
        severity: ComplaintSeverity::Medium,
        status,
        resolved_on: resolved,
        resolution: String::new(),
    }
}

fn filed(c: ComplaintInput) -> ServiceInput {
    ServiceInput {
        date: day(2026, 11, 20),
        problem: "屏幕闪烁".into(),
        complaint: Some(c),
        ..Default::default()
    }
}

fn owned(store: &Store, name: &str, owner: &str) -> String {
    let mut c = customer(name, &[]);
    c.fields.owner = owner.into();
    store.create_customer(c, t(1)).unwrap().id
}

fn open_complaints(store: &Store, owners: &[&str], now: DateTime<Utc>) -> Vec<ComplaintItem> {
    let q = AgendaQuery {
        owners: owners.iter().map(|s| s.to_string()).collect(),
        ..Default::default()
    };
    store.agenda(&q, now, &Shanghai).unwrap().complaints.items
}

#[test]
fn status_moves_forward_or_reopens_but_never_back_to_open() {
    for (from, to, ok) in [
        (Open, Open, true),
        (Open, InProgress, true),
        (Open, Resolved, true),
        (InProgress, Resolved, true),
        (Resolved, InProgress, true),
        (Resolved, Resolved, true),
        (InProgress, Open, false),
        (Resolved, Open, false),
    ] {
        assert_eq!(transition_allowed(from, to), ok, "{from:?} → {to:?}");
    }
}

#[test]
fn days_to_resolve_count_local_days_across_month_ends_and_leap_days() {
    let took = |from, to| days_to_resolve(&stored(from, Resolved, Some(to)));
    assert_eq!(took(day(2026, 1, 30), day(2026, 2, 2)), Some(3));
    assert_eq!(took(day(2026, 12, 31), day(2027, 1, 1)), Some(1));
    assert_eq!(
        took(day(2028, 2, 28), day(2028, 3, 1)),
        Some(2),
        "leap day counted"
    );
    assert_eq!(took(day(2027, 2, 28), day(2027, 3, 1)), Some(1));
    assert_eq!(took(day(2026, 5, 5), day(2026, 5, 5)), Some(0), "same day");
    let open = stored(day(2026, 1, 30), InProgress, None);
    assert_eq!(days_to_resolve(&open), None);
}

#[test]
fn days_open_turn_at_the_users_midnight_not_utcs() {
    let c = stored(day(2026, 11, 30), Open, None);
    // 17:00 UTC on 30 November is 01:00 on 1 December in Shanghai.
    let now = utc(2026, 11, 30, 17, 0);
    assert_eq!(days_open(&c, now, &Shanghai), Some(1));
    assert_eq!(days_open(&c, now, &Utc), Some(0));
    let resolved = stored(day(2026, 11, 30), Resolved, Some(day(2026, 12, 1)));
    assert_eq!(days_open(&resolved, now, &Shanghai), None);
}

fn refused(store: &Store, cid: &str, c: ComplaintInput) -> CoreError {
    let before = store.services_of(cid).unwrap();
    let e = store.add_service(cid, filed(c), t(2)).unwrap_err();
    assert_eq!(store.services_of(cid).unwrap(), before, "nothing written");
    e
}

fn field_error(field: &str, reason: Invalid) -> CoreError {
    CoreError::InvalidField {
        field: field.into(),
        reason,
    }
}

#[test]
fn bad_complaints_are_refused_naming_the_field_in_both_languages() {
    let (_dir, store) = open_temp();
    let cid = owned(&store, "王伟", "张三");
    let received = day(2026, 11, 10);

    let e = refused(&store, &cid, complaint(received, "resolved", None));
    assert_eq!(
        e,
        field_error("complaint.resolvedOn", Invalid::RequiredWhenResolved)
    );
    assert_eq!(
        message(&e, Language::Zh),
        "投诉 – 解决日期：投诉已解决时必须填写"
    );
    assert_eq!(
        message(&e, Language::En),
        "Complaint – Resolved on is required once the complaint is resolved"
    );

    let early = complaint(received, "resolved", Some(day(2026, 11, 9)));
    let e = refused(&store, &cid, early);
    assert_eq!(
        e,
        field_error("complaint.resolvedOn", Invalid::BeforeReceived)
    );
    assert_eq!(
        message(&e, Language::Zh),
        "投诉 – 解决日期：不能早于投诉受理日期"
    );

    let e = refused(&store, &cid, complaint(received, "open", Some(received)));
    assert_eq!(
        e,
        field_error("complaint.resolvedOn", Invalid::OnlyWhenResolved)
    );

    for (field, mut c) in [
        ("complaint.category", complaint(received, "open", None)),
        ("complaint.severity", complaint(received, "open", None)),
        ("complaint.status", complaint(received, "closed", None)),
    ] {
        match field {
            "complaint.category" => c.category = "price".into(),
            "complaint.severity" => c.severity = "urgent".into(),
            _ => {}
        }
        let e = refused(&store, &cid, c);
        assert_eq!(e, field_error(field, Invalid::UnknownChoice));
    }
    let e = refused(&store, &cid, complaint(received, "closed", None));
    assert_eq!(message(&e, Language::Zh), "投诉 – 处理状态：不是可选的值");
    assert_eq!(
        message(&e, Language::En),
        "Complaint – Status is not one of the values offered"
    );
    let mut c = complaint(received, "open", None);
    c.category = "price".into();
    let e = refused(&store, &cid, c);
    assert_eq!(message(&e, Language::Zh), "投诉 – 投诉类别：不是可选的值");

    let e = refused(&store, &cid, complaint(day(1899, 1, 1), "open", None));
    assert_eq!(
        e,
        field_error("complaint.receivedOn", Invalid::DateOutOfRange)
    );
    store.verify_indexes().unwrap();
}

#[test]
fn a_resolved_complaint_cannot_go_back_to_open_and_the_refusal_writes_nothing() {
    let (_dir, store) = open_temp();
    let cid = owned(&store, "王伟", "张三");
    let received = day(2026, 11, 10);
    let s = store
        .add_service(&cid, filed(complaint(received, "inProgress", None)), t(2))
        .unwrap();
    let done = complaint(received, "resolved", Some(day(2026, 11, 12)));
    let resolved = store.update_service(&s.id, filed(done), t(3)).unwrap();
    let e = store
        .update_service(&s.id, filed(complaint(received, "open", None)), t(4))
        .unwrap_err();
    assert_eq!(
        e,
        field_error(
            "complaint.status",
            Invalid::StatusMove {
                from: Resolved,
                to: Open
            }
        )
    );
    assert_eq!(
        message(&e, Language::Zh),
        "投诉 – 处理状态：不能从“已解决”退回“待处理”"
    );
    assert_eq!(
        message(&e, Language::En),
        "Complaint – Status cannot move from “Resolved” back to “Open”"
    );
    assert_eq!(store.get_service(&s.id).unwrap(), resolved);
    // Reopened: someone is on it again.
    store
        .update_service(&s.id, filed(complaint(received, "inProgress", None)), t(5))
        .unwrap();
    store.verify_indexes().unwrap();
}

#[test]
fn open_complaints_are_on_the_agenda_most_severe_first_until_resolved() {
    let (dir, store) = open_temp();
    let a = owned(&store, "华为 Huawei", "张三");
    let b = owned(&store, "小米 Xiaomi", "李四");
    let now = utc(2026, 11, 20, 2, 0);
    let mut mild = complaint(day(2026, 11, 1), "open", None);
    mild.severity = "low".into();
    let older_mild = store.add_service(&a, filed(mild), t(2)).unwrap();
    let severe = store
        .add_service(
            &b,
            filed(complaint(day(2026, 11, 15), "inProgress", None)),
            t(2),
        )
        .unwrap();
    // An ordinary visit is no complaint.
    store
        .add_service(&a, service(day(2026, 11, 3), None), t(2))
        .unwrap();

    let items = open_complaints(&store, &[], now);
    let ids: Vec<_> = items.iter().map(|i| i.service_id.as_str()).collect();
    assert_eq!(ids, [severe.id.as_str(), older_mild.id.as_str()]);
    assert_eq!(items[0].customer_name, "小米 Xiaomi");
    assert_eq!(items[0].owner, "李四");
    assert_eq!(items[0].days_open, 5);
    assert_eq!(items[0].summary, "屏幕闪烁");
    assert_eq!(items[0].status, InProgress);
    assert_eq!(items[1].days_open, 19);
    let section = store
        .agenda(&AgendaQuery::default(), now, &Shanghai)
        .unwrap();
    assert_eq!((section.complaints.total, section.complaints.high), (2, 1));
    let only_zhang = open_complaints(&store, &["张三"], now);
    assert_eq!(only_zhang.len(), 1);
    assert_eq!(only_zhang[0].customer_id, a);

    // Resolved: off the agenda. Trashed customer: hidden, back when restored.
    let done = complaint(day(2026, 11, 15), "resolved", Some(day(2026, 11, 18)));
    store.update_service(&severe.id, filed(done), t(3)).unwrap();
    store.trash_customer(&a, t(4)).unwrap();
    assert!(open_complaints(&store, &[], now).is_empty());
    store.restore_customer(&a, t(5)).unwrap();
    assert_eq!(open_complaints(&store, &[], now).len(), 1);
    store.verify_indexes().unwrap();

    // Kept across a restart; deleting the record takes it off.
    drop(store);
    let store = reopen(dir.path());
    assert_eq!(open_complaints(&store, &[], now).len(), 1);
    store.delete_service(&older_mild.id).unwrap();
    assert!(open_complaints(&store, &[], now).is_empty());
    store.verify_indexes().unwrap();
}

#[test]
fn records_saved_before_complaints_read_as_no_complaint() {
    // A record and an input as an older version wrote and sent them: no `complaint` key.
    let old = r#"{"id":"01JD0000000000000000000000","customerId":"01JD0000000000000000000001",
        "date":"2026-03-01","request":"上门检修","problem":"","solution":"更换风扇","result":"",
        "satisfaction":4,"nextPlan":"","nextPlanAt":null,
        "createdAt":"2026-03-01T02:00:00Z","updatedAt":"2026-03-01T02:00:00Z"}"#;
    let record: ServiceRecord = serde_json::from_str(old).unwrap();
    assert_eq!(record.complaint, None);
    let input: ServiceInput =
        serde_json::from_str(r#"{"date":"2026-03-01","request":"上门检修"}"#).unwrap();
    assert_eq!(input.complaint, None);

    // Stored that way in a book: it opens, lists, and is no open complaint.
    let (dir, store) = open_temp();
    let cid = owned(&store, "王伟", "张三");
    let s = store
        .add_service(&cid, service(day(2026, 3, 1), None), t(2))
        .unwrap();
    drop(store);
    {
        let db = open_when_released(dir.path());
        let tree = db
            .open_tree(rapport_core::store::tree::SERVICE_BY_ID)
            .unwrap();
        let key: ulid::Ulid = s.id.parse().unwrap();
        let mut json: serde_json::Value = serde_json::to_value(&s).unwrap();
        json.as_object_mut().unwrap().remove("complaint");
        tree.insert(key.to_bytes(), serde_json::to_vec(&json).unwrap())
            .unwrap();
        db.flush().unwrap();
    }
    let store = reopen(dir.path());
    assert_eq!(store.services_of(&cid).unwrap()[0].complaint, None);
    assert!(open_complaints(&store, &[], t(20)).is_empty());
    store.verify_indexes().unwrap();
}

#[test]
fn a_team_book_sends_the_complaint_and_a_second_book_lists_it() {
    let (_a_dir, a) = open_temp();
    a.set_team_book(true).unwrap();
    let cid = owned(&a, "华为 Huawei", "张三");
    let s = a
        .add_service(
            &cid,
            filed(complaint(day(2026, 11, 15), "open", None)),
            t(2),
        )
        .unwrap();
    let ops = a.outbox_pending(usize::MAX).unwrap();
    let service_op = ops.iter().find(|o| o.id == s.id).unwrap();
    let OpKind::Upsert { fields, .. } = &service_op.kind else {
        panic!("not an upsert")
    };
    assert_eq!(fields["complaint"]["status"], "open");
    assert_eq!(fields["complaint"]["severity"], "high");

    // The server's rows: each record's upserts folded into one row.
    let mut rows: Vec<RemoteRow> = Vec::new();
    for op in &ops {
        let OpKind::Upsert {
            fields,
            customer_id,
            ..
        } = &op.kind
        else {
            continue;
        };
        match rows.iter_mut().find(|r| r.id == op.id) {
            Some(r) => r.data.as_object_mut().unwrap().extend(fields.clone()),
            None => rows.push(RemoteRow {
                table: op.table,
                id: op.id.clone(),
                customer_id: customer_id.clone(),
                data: serde_json::Value::Object(fields.clone()),
                deleted_at: None,
                owner: None,
            }),
        }
    }
    let (_b_dir, b) = open_temp();
    b.set_team_book(true).unwrap();
    b.apply_remote_at(&rows, 1, t(3)).unwrap();
    assert_eq!(b.get_service(&s.id).unwrap().complaint, s.complaint);
    let items = open_complaints(&b, &[], utc(2026, 11, 20, 2, 0));
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].customer_name, "华为 Huawei");
    b.verify_indexes().unwrap();
}
