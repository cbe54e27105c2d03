#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The pipeline board (columns, amounts, filters, order, paging), moving a customer between
//! stages, and the dashboard read through the store's in-memory facts: after every kind of
//! write it must equal the dashboard of the same book read afresh.
mod common;
use chrono::NaiveDate;
use chrono_tz::Asia::Shanghai;
use common::*;
use rapport_core::error::{CoreError, Invalid};
use rapport_core::model::{
    AnalyticsQuery, BoardQuery, Category, Dashboard, DealInput, HistoryChange, OpportunityInput,
    Stage, TimelineEntry,
};
use rapport_core::Store;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn add(
    store: &Store,
    name: &str,
    stage: Stage,
    owner: &str,
    source: &str,
    tags: &[&str],
) -> String {
    let mut c = customer(name, tags);
    c.fields.stage = stage;
    c.fields.owner = owner.into();
    c.fields.source = source.into();
    if stage == Stage::Lost {
        c.fields.lost_reason = "价格太高".into();
    }
    c.fields.category = Some(if owner == "王五" {
        Category::Interested
    } else {
        Category::ReadyToBuy
    });
    store.create_customer(c, t(1)).unwrap().id
}

fn opportunity(amount: i64, stage: Stage) -> OpportunityInput {
    OpportunityInput {
        source: String::new(),
        need: "采购".into(),
        budget_note: String::new(),
        intent: String::new(),
        stage,
        expected_close: None,
        expected_amount: Some(amount),
        product: String::new(),
    }
}

fn deal(date: NaiveDate, amount: i64) -> DealInput {
    DealInput {
        date,
        amount,
        product_or_service: "软件".into(),
        payment_method: "online".into(),
        salesperson: String::new(),
        notes: String::new(),
        opportunity_id: None,
    }
}

/// A small book: 张三 (proposal, two open opportunities and a lost one), 李四 (won, two deals),
/// 王五 (lost), 赵六 (proposal, due earlier than 张三), 钱七 (initial contact, trashed).
struct Book {
    _dir: tempfile::TempDir,
    store: Store,
    zhang: String,
    li: String,
    wang: String,
    zhao: String,
}

fn book() -> Book {
    let (dir, store) = open_temp();
    let zhang = add(
        &store,
        "张三",
        Stage::Proposal,
        "小陈",
        "线上推广",
        &["VIP"],
    );
    let li = add(&store, "李四", Stage::Won, "小陈", "客户转介绍", &[]);
    let wang = add(&store, "王五", Stage::Lost, "王五", "线上推广", &[]);
    let zhao = add(
        &store,
        "赵六",
        Stage::Proposal,
        "小李",
        "行业展会",
        &["VIP"],
    );
    let qian = add(&store, "钱七", Stage::InitialContact, "小李", "其他", &[]);
    store
        .add_opportunity(&zhang, opportunity(300_000, Stage::Proposal), t(2))
        .unwrap();
    store
        .add_opportunity(&zhang, opportunity(200_000, Stage::Negotiation), t(2))
        .unwrap();
    store
        .add_opportunity(&zhang, opportunity(900_000, Stage::Lost), t(2))
        .unwrap();
    store
        .add_deal(&li, deal(day(2026, 11, 3), 1_000_000), t(3), &Shanghai)
        .unwrap();
    store
        .add_deal(&li, deal(day(2026, 11, 5), 250_000), t(5), &Shanghai)
        .unwrap();
    store
        .log_follow_up(&zhang, follow_up(t(4), Some(t(20))), t(4), &Shanghai)
        .unwrap();
    store
        .log_follow_up(&zhao, follow_up(t(4), Some(t(10))), t(4), &Shanghai)
        .unwrap();
    store.trash_customer(&qian, t(6)).unwrap();
    Book {
        _dir: dir,
        store,
        zhang,
        li,
        wang,
        zhao,
    }
}

fn column(b: &rapport_core::model::Board, s: Stage) -> &rapport_core::model::BoardColumn {
    b.columns.iter().find(|c| c.stage == s).unwrap()
}

#[test]
fn the_board_has_every_stage_with_counts_amounts_and_cards_in_due_order() {
    let b = book();
    let board = b.store.board(&BoardQuery::default(), 100, t(15)).unwrap();
    let stages: Vec<Stage> = board.columns.iter().map(|c| c.stage).collect();
    assert_eq!(stages, rapport_core::store::BOARD_STAGES.to_vec());
    let proposal = column(&board, Stage::Proposal);
    assert_eq!(proposal.count, 2);
    // 张三's open opportunities (the lost one does not count); 赵六 has none.
    assert_eq!(proposal.amount_cents, 500_000);
    // 赵六 is due on the 10th (overdue on the 15th), 张三 on the 20th.
    let names: Vec<&str> = proposal.cards.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["赵六", "张三"]);
    assert!(proposal.cards[0].overdue);
    assert!(!proposal.cards[1].overdue);
    assert_eq!(proposal.cards[1].next_due, Some(t(20)));
    // Won: what was bought.
    let won = column(&board, Stage::Won);
    assert_eq!((won.count, won.amount_cents), (1, 1_250_000));
    assert_eq!(won.cards[0].id, b.li);
    let lost = column(&board, Stage::Lost);
    assert_eq!(lost.cards[0].lost_reason, "价格太高");
    // The trashed customer is nowhere.
    assert_eq!(column(&board, Stage::InitialContact).count, 0);
}

#[test]
fn the_board_filters_by_owner_source_category_and_tag() {
    let b = book();
    let count = |q: BoardQuery| -> u32 {
        b.store
            .board(&q, 100, t(15))
            .unwrap()
            .columns
            .iter()
            .map(|c| c.count)
            .sum()
    };
    assert_eq!(count(BoardQuery::default()), 4);
    assert_eq!(
        count(BoardQuery {
            owners: vec!["小陈".into()],
            ..Default::default()
        }),
        2
    );
    assert_eq!(
        count(BoardQuery {
            sources: vec!["线上推广".into()],
            ..Default::default()
        }),
        2
    );
    assert_eq!(
        count(BoardQuery {
            categories: vec![Category::Interested],
            ..Default::default()
        }),
        1
    );
    let vip = b
        .store
        .list_tags()
        .unwrap()
        .into_iter()
        .find(|t| t.tag.name == "VIP")
        .unwrap();
    assert_eq!(
        count(BoardQuery {
            tag_ids: vec![vip.tag.id],
            ..Default::default()
        }),
        2
    );
}

#[test]
fn a_long_column_comes_in_pages() {
    let (_dir, store) = open_temp();
    for i in 0..25 {
        add(
            &store,
            &format!("客户{i:02}"),
            Stage::Negotiation,
            "小陈",
            "其他",
            &[],
        );
    }
    let q = BoardQuery::default();
    let board = store.board(&q, 10, t(15)).unwrap();
    let col = column(&board, Stage::Negotiation);
    assert_eq!((col.count, col.cards.len()), (25, 10));
    let rest = store
        .board_column(&q, Stage::Negotiation, 20, 10, t(15))
        .unwrap();
    assert_eq!((rest.offset, rest.cards.len()), (20, 5));
    assert_eq!(rest.cards[0].name, "客户20");
}

#[test]
fn pages_of_a_column_join_into_the_whole_column_in_board_order() {
    let (_dir, store) = open_temp();
    // Names out of order, namesakes, and next steps: overdue, soon, later, none.
    let names = [
        "王五", "Alice", "李四", "王五", "张三", "bob", "李四", "陈六", "Alice",
    ];
    let mut ids = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let id = add(&store, name, Stage::Proposal, "小陈", "其他", &[]);
        let next = match i % 3 {
            0 => Some(t(10 + (i as u32 % 4))),
            1 => Some(t(20)),
            _ => None,
        };
        if next.is_some() {
            store
                .log_follow_up(&id, follow_up(t(2), next), t(2), &Shanghai)
                .unwrap();
        }
        ids.push(id);
    }
    let q = BoardQuery::default();
    let whole = store
        .board_column(&q, Stage::Proposal, 0, 100, t(12))
        .unwrap();
    assert_eq!((whole.count, whole.cards.len()), (9, 9));
    let key = |c: &rapport_core::model::BoardCard| {
        (
            c.next_due.is_none(),
            c.next_due,
            rapport_core::collate::sort_key(&c.name),
            c.id.clone(),
        )
    };
    let sorted = whole.cards.windows(2).all(|w| key(&w[0]) <= key(&w[1]));
    assert!(
        sorted,
        "soonest due first, undated last, then by name: {:#?}",
        whole.cards
    );
    assert!(whole.cards[0].overdue && whole.cards[0].next_due.unwrap() < t(12));
    assert!(whole.cards[8].next_due.is_none());
    let mut joined = Vec::new();
    for offset in (0..9).step_by(4) {
        let page = store
            .board_column(&q, Stage::Proposal, offset, 4, t(12))
            .unwrap();
        assert_eq!((page.count, page.offset), (9, offset));
        joined.extend(page.cards);
    }
    assert_eq!(joined, whole.cards);
    let first = store.board(&q, 4, t(12)).unwrap();
    assert_eq!(column(&first, Stage::Proposal).cards, whole.cards[..4]);
    let past = store
        .board_column(&q, Stage::Proposal, 50, 4, t(12))
        .unwrap();
    assert_eq!((past.offset, past.cards.len()), (9, 0));
}

#[test]
fn moving_to_lost_needs_a_reason_and_is_recorded() {
    let b = book();
    let err = b
        .store
        .move_stage(&b.zhang, Stage::Lost, "  ", t(16))
        .unwrap_err();
    assert_eq!(
        err,
        CoreError::invalid("lostReason", Invalid::LostReasonRequired)
    );
    assert_eq!(
        b.store.get_customer(&b.zhang).unwrap().fields.stage,
        Stage::Proposal
    );

    let moved = b
        .store
        .move_stage(&b.zhang, Stage::Lost, "选择了竞争对手", t(16))
        .unwrap();
    assert_eq!(moved.fields.stage, Stage::Lost);
    assert_eq!(moved.fields.lost_reason, "选择了竞争对手");
    let timeline = b.store.timeline(&b.zhang).unwrap();
    assert!(timeline
        .iter()
        .any(|e| matches!(e, TimelineEntry::Change(ev)
        if ev.change == HistoryChange::Stage { from: Stage::Proposal, to: Stage::Lost })));
    let board = b.store.board(&BoardQuery::default(), 100, t(16)).unwrap();
    assert_eq!(column(&board, Stage::Lost).count, 2);
    assert_eq!(column(&board, Stage::Proposal).count, 1);

    // Out of 流失 again: the reason goes.
    let back = b
        .store
        .move_stage(&b.wang, Stage::Negotiation, "", t(17))
        .unwrap();
    assert_eq!(back.fields.lost_reason, "");
    assert!(matches!(
        b.store
            .move_stage("01J00000000000000000000000", Stage::Won, "", t(17)),
        Err(CoreError::NotFound { .. })
    ));
}

fn year() -> AnalyticsQuery {
    AnalyticsQuery {
        from: day(2026, 1, 1),
        to: day(2026, 12, 31),
        owner: None,
    }
}

/// The dashboard of the book in `dir` opened afresh (every fact read from disk).
fn fresh(store: Store, dir: &std::path::Path) -> (Store, Dashboard) {
    drop(store);
    let store = reopen(dir);
    let d = store.dashboard(&year(), t(18), &Shanghai).unwrap();
    (store, d)
}

#[test]
fn the_kept_facts_follow_every_kind_of_write() {
    let b = book();
    let Book {
        _dir: dir,
        store,
        zhang,
        li,
        wang,
        zhao,
    } = b;
    let first = store.dashboard(&year(), t(18), &Shanghai).unwrap();
    assert_eq!(first.funnel.customers, 4);
    assert_eq!(first.funnel.won, 1);
    assert_eq!(first.deals.total_cents, 1_250_000);

    // Each kind of write, then the kept facts against a fresh read of the same book.
    store.move_stage(&zhao, Stage::Won, "", t(16)).unwrap();
    store
        .add_deal(&zhao, deal(day(2026, 11, 16), 400_000), t(16), &Shanghai)
        .unwrap();
    let saved = store
        .add_deal(&li, deal(day(2026, 11, 7), 5), t(7), &Shanghai)
        .unwrap();
    store.delete_deal(&saved.deal.id).unwrap();
    store
        .log_follow_up(&wang, follow_up(t(17), None), t(17), &Shanghai)
        .unwrap();
    store
        .add_opportunity(&zhang, opportunity(70_000, Stage::Negotiation), t(17))
        .unwrap();
    store.trash_customer(&wang, t(17)).unwrap();
    let kept = store.dashboard(&year(), t(18), &Shanghai).unwrap();
    assert_eq!(kept.funnel.won, 2);
    assert_eq!(kept.deals.total_cents, 1_650_000);
    assert_eq!(kept.funnel.customers, 3);
    let (store, read) = fresh(store, dir.path());
    assert_eq!(kept, read);

    store.restore_customer(&wang, t(18)).unwrap();
    store.trash_customer(&zhang, t(18)).unwrap();
    store.purge_customer(&zhang).unwrap();
    let kept = store.dashboard(&year(), t(18), &Shanghai).unwrap();
    let (_store, read) = fresh(store, dir.path());
    assert_eq!(kept, read);
}
