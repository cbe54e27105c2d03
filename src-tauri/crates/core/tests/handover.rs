#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Handing customers over from one salesperson to another, and the owner list: exactly the
//! right customers and open follow-ups move (all of one owner, or a selection), the history
//! records it, the new owner's agenda lists the work, bad requests change nothing, archived
//! people stay listed, and everything survives a restart.
mod common;
use chrono::NaiveDate;
use chrono_tz::Asia::Shanghai;
use common::*;
use rapport_core::error::{CoreError, Entity, Invalid};
use rapport_core::model::{
    AgendaQuery, HandoverRequest, HandoverResult, HistoryChange, Language, OpportunityInput,
    OwnerInfo, Settings, Stage, TimelineEntry,
};
use rapport_core::Store;

/// The book of the tests: 张三 owns A1, A2 and the trashed A3; 李四 owns B1; 王五 owns C1.
/// 赵六 is a new hire (settings), 钱七 left (archived).
struct Book {
    a1: String,
    a2: String,
    a3: String,
    b1: String,
    c1: String,
    /// A1's open follow-ups: next step by 张三, by the owner (empty), by 王五; and a done one.
    by_zhang: String,
    by_owner: String,
    by_wang: String,
    done: String,
    /// A2's open follow-up by 张三.
    a2_open: String,
    /// B1's open follow-up (李四's own work).
    b1_open: String,
}

fn owned(name: &str, owner: &str) -> rapport_core::model::CustomerInput {
    let mut c = customer(name, &[]);
    c.fields.owner = owner.into();
    c
}

fn open_by(store: &Store, cid: &str, by: &str, due_day: u32) -> String {
    let mut f = follow_up(t(1), Some(t(due_day)));
    f.next_by = by.into();
    store.log_follow_up(cid, f, t(1), &Shanghai).unwrap().id
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn opportunity(stage: Stage) -> OpportunityInput {
    OpportunityInput {
        need: "年度采购".into(),
        stage,
        ..Default::default()
    }
}

fn setup(store: &Store) -> Book {
    let mut settings = Settings::with_language(Language::Zh);
    settings.owners = vec!["赵六".into()];
    settings.archived_owners = vec!["钱七".into()];
    store.save_settings(settings).unwrap();
    let id = |name: &str, owner: &str| store.create_customer(owned(name, owner), t(1)).unwrap().id;
    let a1 = id("A1", "张三");
    let a2 = id("A2", "张三");
    let a3 = id("A3", "张三");
    let b1 = id("B1", "李四");
    let c1 = id("C1", "王五");
    let by_zhang = open_by(store, &a1, "张三", 10);
    let by_owner = open_by(store, &a1, "", 11);
    let by_wang = open_by(store, &a1, "王五", 12);
    let mut done = follow_up(t(2), None);
    done.next_by = "张三".into();
    let done = store.log_follow_up(&a1, done, t(2), &Shanghai).unwrap().id;
    let a2_open = open_by(store, &a2, "张三", 13);
    let b1_open = open_by(store, &b1, "", 14);
    open_by(store, &a3, "张三", 15);
    store.trash_customer(&a3, t(3)).unwrap();
    // A1: one opportunity still open, one won; a service plan done by a later visit.
    store
        .add_opportunity(&a1, opportunity(Stage::Proposal), t(2))
        .unwrap();
    store
        .add_opportunity(&a1, opportunity(Stage::Won), t(2))
        .unwrap();
    store
        .add_service(
            &a1,
            service(day(2026, 11, 20), Some(utc(2027, 2, 20, 2, 0))),
            t(2),
        )
        .unwrap();
    store
        .add_service(&a1, service(day(2027, 2, 21), None), t(2))
        .unwrap();
    // A2: a plan still to do, an opportunity lost. C1 (not moved): an open opportunity.
    store
        .add_service(
            &a2,
            service(day(2026, 11, 20), Some(utc(2027, 3, 1, 2, 0))),
            t(2),
        )
        .unwrap();
    store
        .add_opportunity(&a2, opportunity(Stage::Lost), t(2))
        .unwrap();
    store
        .add_opportunity(&c1, opportunity(Stage::Negotiation), t(2))
        .unwrap();
    Book {
        a1,
        a2,
        a3,
        b1,
        c1,
        by_zhang,
        by_owner,
        by_wang,
        done,
        a2_open,
        b1_open,
    }
}

fn request(from: &str, to: &str, ids: Option<&[&String]>) -> HandoverRequest {
    HandoverRequest {
        from: from.into(),
        to: to.into(),
        customer_ids: ids.map(|ids| ids.iter().map(|s| s.to_string()).collect()),
    }
}

fn owner_of(store: &Store, id: &str) -> String {
    store.get_customer(id).unwrap().fields.owner
}

fn next_by(store: &Store, id: &str) -> String {
    store.get_follow_up(id).unwrap().next_by
}

/// Follow-up ids on the agenda of `owner`, all sections together.
fn agenda_of(store: &Store, owner: &str) -> Vec<String> {
    let q = AgendaQuery {
        owners: vec![owner.into()],
        ..AgendaQuery::default()
    };
    let a = store.agenda(&q, t(5), &Shanghai).unwrap();
    let mut ids: Vec<String> = [a.overdue, a.today, a.next7_days, a.later]
        .into_iter()
        .flat_map(|s| s.items)
        .map(|i| i.follow_up_id)
        .collect();
    ids.sort();
    ids
}

fn sorted(ids: &[&String]) -> Vec<String> {
    let mut v: Vec<String> = ids.iter().map(|s| s.to_string()).collect();
    v.sort();
    v
}

fn owner_changes(store: &Store, id: &str) -> Vec<(String, String)> {
    store
        .timeline(id)
        .unwrap()
        .into_iter()
        .filter_map(|e| match e {
            TimelineEntry::Change(h) => match h.change {
                HistoryChange::Owner { from, to } => Some((from, to)),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

/// Everything a handover could change, to compare before and after a refused one.
fn snapshot(store: &Store, b: &Book) -> String {
    let mut out = String::new();
    for id in [&b.a1, &b.a2, &b.a3, &b.b1, &b.c1] {
        out += &format!(
            "{:?}\n{:?}\n{:?}\n",
            store.get_customer(id).unwrap(),
            store.follow_ups_of(id).unwrap(),
            store.timeline(id).unwrap()
        );
    }
    for o in ["张三", "李四", "王五", ""] {
        out += &format!("{:?}\n", agenda_of(store, o));
    }
    out += &format!("{:?}\n", store.owner_list().unwrap());
    out += &format!("{:?}\n", store.settings().unwrap());
    out
}

fn info(name: &str, customers: u32, archived: bool) -> OwnerInfo {
    OwnerInfo {
        name: name.into(),
        customers,
        archived,
    }
}

#[test]
fn the_owner_list_unites_customers_settings_and_archived_people() {
    let (_d, store) = open_temp();
    setup(&store);
    // Active first in pinyin order (li, wang, zhang, zhao), then the archived; the trashed A3
    // is not counted; customers without an owner are nobody's.
    store.create_customer(owned("No owner", ""), t(1)).unwrap();
    assert_eq!(
        store.owner_list().unwrap(),
        vec![
            info("李四", 1, false),
            info("王五", 1, false),
            info("张三", 2, false),
            info("赵六", 0, false),
            info("钱七", 0, true),
        ]
    );
}

#[test]
fn handing_over_all_customers_moves_exactly_those_of_the_owner() {
    let (_d, store) = open_temp();
    let b = setup(&store);
    assert_eq!(
        agenda_of(&store, "张三"),
        sorted(&[&b.by_zhang, &b.by_owner, &b.a2_open])
    );
    let result = store
        .hand_over(&request("张三", "李四", None), t(4))
        .unwrap();
    assert_eq!(
        result,
        HandoverResult {
            customers: 2,
            // By 张三 on A1 and A2, and the one by the owner on A1.
            follow_ups: 3,
            opportunities: 1,
            service_plans: 1,
        }
    );
    assert_eq!(owner_of(&store, &b.a1), "李四");
    assert_eq!(owner_of(&store, &b.a2), "李四");
    // The trashed customer and the other owners' customers stay where they were.
    assert_eq!(owner_of(&store, &b.a3), "张三");
    assert_eq!(owner_of(&store, &b.b1), "李四");
    assert_eq!(owner_of(&store, &b.c1), "王五");
    // Open follow-ups of 张三 move; the owner's one follows the customer; 王五's and the done
    // one stay.
    store.verify_indexes().unwrap();
    assert_eq!(next_by(&store, &b.by_zhang), "李四");
    assert_eq!(next_by(&store, &b.a2_open), "李四");
    assert_eq!(next_by(&store, &b.by_owner), "");
    assert_eq!(next_by(&store, &b.by_wang), "王五");
    assert_eq!(next_by(&store, &b.done), "张三");
    assert_eq!(store.get_follow_up(&b.done).unwrap().updated_at, t(2));
    // The agendas: the new owner has the moved work besides their own, the old one nothing.
    assert_eq!(
        agenda_of(&store, "李四"),
        sorted(&[&b.by_zhang, &b.by_owner, &b.a2_open, &b.b1_open])
    );
    assert!(agenda_of(&store, "张三").is_empty());
    assert_eq!(agenda_of(&store, "王五"), vec![b.by_wang.clone()]);
    // The history of each moved customer, and only of them.
    assert_eq!(
        owner_changes(&store, &b.a1),
        vec![("张三".to_string(), "李四".to_string())]
    );
    assert_eq!(owner_changes(&store, &b.a2).len(), 1);
    assert!(owner_changes(&store, &b.a3).is_empty());
    assert!(owner_changes(&store, &b.b1).is_empty());
    // The list follows (owner filter, counts).
    let owners = store.owner_list().unwrap();
    assert!(owners.contains(&info("李四", 3, false)));
    // 张三 has no customer left but stays listed (offered), so they can be archived.
    assert!(owners.contains(&info("张三", 0, false)));
    assert!(store
        .settings()
        .unwrap()
        .unwrap()
        .owners
        .contains(&"张三".to_string()));
    let q = rapport_core::model::ListQuery {
        owners: vec!["李四".into()],
        ..Default::default()
    };
    assert_eq!(store.list_customers(&q).unwrap().total, 3);
}

#[test]
fn a_selection_moves_only_the_chosen_customers() {
    let (_d, store) = open_temp();
    let b = setup(&store);
    let result = store
        .hand_over(&request("张三", "赵六", Some(&[&b.a2, &b.a2])), t(4))
        .unwrap();
    assert_eq!(
        result,
        HandoverResult {
            customers: 1,
            follow_ups: 1,
            opportunities: 0,
            service_plans: 1,
        }
    );
    assert_eq!(owner_of(&store, &b.a2), "赵六");
    assert_eq!(owner_of(&store, &b.a1), "张三");
    assert_eq!(next_by(&store, &b.a2_open), "赵六");
    assert_eq!(next_by(&store, &b.by_zhang), "张三");
    assert_eq!(agenda_of(&store, "赵六"), vec![b.a2_open.clone()]);
    assert_eq!(
        agenda_of(&store, "张三"),
        sorted(&[&b.by_zhang, &b.by_owner])
    );
    assert!(owner_changes(&store, &b.a1).is_empty());
    assert_eq!(
        owner_changes(&store, &b.a2),
        vec![("张三".to_string(), "赵六".to_string())]
    );
}

#[test]
fn bad_requests_are_refused_and_change_nothing() {
    let (_d, store) = open_temp();
    let b = setup(&store);
    let before = snapshot(&store, &b);
    let refused = |req: HandoverRequest, expected: CoreError| {
        assert_eq!(store.hand_over(&req, t(4)), Err(expected), "{req:?}");
        assert_eq!(snapshot(&store, &b), before, "{req:?}");
    };
    let invalid = CoreError::invalid;
    refused(
        request("张三", "钱七", None),
        invalid("to", Invalid::ArchivedOwner),
    );
    refused(
        request("张三", "无名氏", None),
        invalid("to", Invalid::UnknownOwner),
    );
    refused(
        request("张三", "  ", None),
        invalid("to", Invalid::Required),
    );
    refused(
        request("张三", "张三", None),
        invalid("to", Invalid::SameOwner),
    );
    refused(
        request("", "李四", None),
        invalid("from", Invalid::Required),
    );
    refused(
        request("无名氏", "李四", None),
        invalid("from", Invalid::UnknownOwner),
    );
    refused(
        request("张三", "李四", Some(&[])),
        invalid("customerIds", Invalid::Required),
    );
    // A customer of another owner among the chosen: the first one is not moved either.
    refused(
        request("张三", "李四", Some(&[&b.a1, &b.c1])),
        invalid("customerIds[1]", Invalid::NotTheirs),
    );
    // A trashed customer, a missing one, a malformed id.
    refused(
        request("张三", "李四", Some(&[&b.a1, &b.a3])),
        CoreError::NotFound {
            entity: Entity::Customer,
            id: b.a3.clone(),
        },
    );
    let missing = ulid::Ulid::new().to_string();
    refused(
        request("张三", "李四", Some(&[&missing])),
        CoreError::NotFound {
            entity: Entity::Customer,
            id: missing.clone(),
        },
    );
    let garbage = "not-an-id".to_string();
    refused(
        request("张三", "李四", Some(&[&b.a1, &garbage])),
        invalid("customerIds[1]", Invalid::Id),
    );
}

#[test]
fn errors_name_the_field_in_both_languages() {
    let e = CoreError::invalid("to", Invalid::ArchivedOwner);
    let zh = rapport_core::i18n::message(&e, Language::Zh);
    let en = rapport_core::i18n::message(&e, Language::En);
    assert!(zh.starts_with("接手人："), "{zh}");
    assert!(zh.contains("已归档"), "{zh}");
    assert!(en.starts_with("New owner "), "{en}");
    assert!(en.contains("archived"), "{en}");
    let e = CoreError::invalid("customerIds[1]", Invalid::NotTheirs);
    assert_eq!(
        rapport_core::i18n::message(&e, Language::En),
        "Customer 2 is not a customer of the salesperson handing over"
    );
    assert_eq!(
        rapport_core::i18n::message(
            &CoreError::invalid("name", Invalid::UnknownOwner),
            Language::Zh
        ),
        "名称：不在负责人名单中"
    );
}

#[test]
fn archived_people_stay_listed_with_their_history_and_receive_nothing() {
    let (_d, store) = open_temp();
    let b = setup(&store);
    store
        .hand_over(&request("张三", "李四", None), t(4))
        .unwrap();
    // 张三 left: archived although they own no customer now, still listed.
    let list = store.set_owner_archived("张三", true).unwrap();
    assert_eq!(list.last(), Some(&info("张三", 0, true)));
    assert!(list.contains(&info("钱七", 0, true)));
    let settings = store.settings().unwrap().unwrap();
    assert!(settings.owners.contains(&"张三".to_string()));
    assert!(settings.archived_owners.contains(&"张三".to_string()));
    // Archiving twice keeps one entry.
    store.set_owner_archived("张三", true).unwrap();
    let settings = store.settings().unwrap().unwrap();
    assert_eq!(
        settings
            .archived_owners
            .iter()
            .filter(|o| *o == "张三")
            .count(),
        1
    );
    assert_eq!(
        owner_changes(&store, &b.a1),
        vec![("张三".to_string(), "李四".to_string())]
    );
    assert_eq!(
        store.hand_over(&request("李四", "张三", Some(&[&b.a1])), t(5)),
        Err(CoreError::invalid("to", Invalid::ArchivedOwner))
    );
    // An archived person's remaining customers can still be handed over (from them).
    store.set_owner_archived("王五", true).unwrap();
    let moved = store
        .hand_over(&request("王五", "李四", None), t(5))
        .unwrap();
    assert_eq!(moved.customers, 1);
    assert_eq!(moved.opportunities, 1);
    assert!(store.owner_list().unwrap().contains(&info("王五", 0, true)));
    // Unknown or empty names are refused; nothing saved.
    let before = store.settings().unwrap();
    assert_eq!(
        store.set_owner_archived("无名氏", true),
        Err(CoreError::invalid("name", Invalid::UnknownOwner))
    );
    assert_eq!(
        store.set_owner_archived(" ", false),
        Err(CoreError::invalid("name", Invalid::Required))
    );
    assert_eq!(store.settings().unwrap(), before);
    // Back again: active and a valid receiver.
    let list = store.set_owner_archived("张三", false).unwrap();
    assert!(list.contains(&info("张三", 0, false)));
    store
        .hand_over(&request("李四", "张三", Some(&[&b.a1])), t(6))
        .unwrap();
    assert_eq!(owner_of(&store, &b.a1), "张三");
    assert_eq!(owner_changes(&store, &b.a1).len(), 2);
}

#[test]
fn archiving_in_a_book_without_saved_settings_saves_the_defaults_with_the_archive() {
    let (_d, store) = open_temp();
    store.create_customer(owned("X", "孙八"), t(1)).unwrap();
    assert_eq!(store.settings().unwrap(), None);
    let list = store.set_owner_archived("孙八", true).unwrap();
    assert_eq!(list, vec![info("孙八", 1, true)]);
    let s = store.settings().unwrap().unwrap();
    assert_eq!(s.archived_owners, vec!["孙八".to_string()]);
    assert_eq!(s.sources, Settings::with_language(Language::Zh).sources);
}

#[test]
fn a_handover_survives_a_restart() {
    let (dir, store) = open_temp();
    let b = setup(&store);
    store
        .hand_over(&request("张三", "李四", None), t(4))
        .unwrap();
    store.set_owner_archived("张三", true).unwrap();
    let owners = store.owner_list().unwrap();
    let agenda = agenda_of(&store, "李四");
    let before = snapshot(&store, &b);
    drop(store);
    let store = reopen(dir.path());
    assert_eq!(store.owner_list().unwrap(), owners);
    assert_eq!(agenda_of(&store, "李四"), agenda);
    assert!(agenda_of(&store, "张三").is_empty());
    assert_eq!(snapshot(&store, &b), before);
    assert_eq!(next_by(&store, &b.by_zhang), "李四");
    store.verify_indexes().unwrap();
}

#[test]
fn archiving_the_person_using_this_computer_unsets_me_and_later_saves_work() {
    let (_d, store) = open_temp();
    setup(&store);
    let mut s = store.settings().unwrap().unwrap();
    s.me = "张三".into();
    store.save_settings(s).unwrap();
    store.set_owner_archived("张三", true).unwrap();
    let mut s = store.settings().unwrap().unwrap();
    assert_eq!(s.me, "");
    s.backup_keep.daily = 6;
    store.save_settings(s).unwrap();
    // Archiving someone else keeps `me`.
    let mut s = store.settings().unwrap().unwrap();
    s.me = "李四".into();
    store.save_settings(s).unwrap();
    store.set_owner_archived("王五", true).unwrap();
    assert_eq!(store.settings().unwrap().unwrap().me, "李四");
}

#[test]
fn open_stage_tasks_of_the_former_owner_pass_with_the_customer() {
    use rapport_core::model::{TaskInput, TaskPatch};
    let (_d, store) = open_temp();
    let b = setup(&store);
    let task = |title: &str, assignee: &str| TaskInput {
        title: title.into(),
        due: t(9),
        assignee: assignee.into(),
    };
    let mine = store.add_task(&b.a2, task("报价单", "张三"), t(3)).unwrap();
    let named = store
        .add_task(&b.a2, task("合同审核", "王五"), t(3))
        .unwrap();
    let ticked = store
        .add_task(&b.a2, task("确认预算", "张三"), t(3))
        .unwrap();
    let tick = TaskPatch {
        done: Some(true),
        ..Default::default()
    };
    store.update_task(&ticked.id, tick, t(3)).unwrap();
    let stays = store
        .add_task(&b.a1, task("确认决策人", "张三"), t(3))
        .unwrap();

    store
        .hand_over(&request("张三", "赵六", Some(&[&b.a2])), t(4))
        .unwrap();
    let assignee = |cid: &str, id: &str| {
        let tasks = store.customer_tasks(cid).unwrap();
        tasks.into_iter().find(|x| x.id == id).unwrap().assignee
    };
    assert_eq!(
        assignee(&b.a2, &mine.id),
        "赵六",
        "the former owner's open task moves"
    );
    assert_eq!(
        assignee(&b.a2, &named.id),
        "王五",
        "someone else's stays theirs"
    );
    assert_eq!(
        assignee(&b.a2, &ticked.id),
        "张三",
        "a done task keeps who did it"
    );
    assert_eq!(
        assignee(&b.a1, &stays.id),
        "张三",
        "a customer not handed over keeps its tasks"
    );
    store.verify_indexes().unwrap();
}
