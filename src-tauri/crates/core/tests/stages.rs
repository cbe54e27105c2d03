#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The user's pipeline (settings `stages`): the default list; renamed, reordered and custom
//! stages on the board, in the list's sort, the funnel and its conversions, exports and
//! imports; every rule of saving the list (nothing written when refused), a custom stage in
//! use that cannot be removed; a stage not in the pipeline refused everywhere; and who made
//! each recorded change (`me`).
mod common;
use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Asia::Shanghai;
use common::*;
use rapport_core::analytics::{self, CustomerFact, Facts, FollowUpFact, StageChange};
use rapport_core::error::Invalid;
use rapport_core::export::{to_csv, Labels};
use rapport_core::i18n::message;
use rapport_core::import::plan::{DuplicatePolicy, Plan, PlanCounts, PlannedCustomer};
use rapport_core::import::session::{ImportSession, ReadContext};
use rapport_core::import::values::{parse_stage_named, StageNames};
use rapport_core::model::*;
use rapport_core::stages::{Pipeline, BUILT_IN_STAGES};
use rapport_core::{CoreError, Store};
use Stage::*;

fn named(stage: Stage, name: &str) -> StageSetting {
    StageSetting {
        stage,
        name: name.into(),
        tasks: Vec::new(),
    }
}

/// 需求明确 first, 初步接触 renamed 首次联系, a custom 调研 before 方案沟通 (renamed 报价).
fn arranged() -> Vec<StageSetting> {
    vec![
        named(NeedsConfirmed, ""),
        named(InitialContact, "首次联系"),
        named(Custom1, " 调研 "),
        named(Proposal, "报价"),
        named(Negotiation, ""),
        named(Won, ""),
        named(Lost, ""),
    ]
}

fn settings_with(stages: Vec<StageSetting>) -> Settings {
    let mut s = Settings::with_language(Language::Zh);
    s.stages = stages;
    s
}

fn save_stages(store: &Store, stages: Vec<StageSetting>) -> Result<Settings, CoreError> {
    let mut s = store
        .settings()
        .unwrap()
        .unwrap_or_else(|| Settings::with_language(Language::Zh));
    s.stages = stages;
    store.save_settings(s)
}

fn set_me(store: &Store, me: &str) {
    let mut s = store
        .settings()
        .unwrap()
        .unwrap_or_else(|| Settings::with_language(Language::Zh));
    s.me = me.into();
    store.save_settings(s).unwrap();
}

fn add(store: &Store, name: &str, stage: Stage) -> String {
    let mut c = customer(name, &[]);
    c.fields.stage = stage;
    c.fields.owner = "张三".into();
    store.create_customer(c, t(1)).unwrap().id
}

fn input_of(store: &Store, id: &str) -> CustomerInput {
    CustomerInput {
        fields: store.get_customer(id).unwrap().fields,
        tags: vec![],
    }
}

/// The customer's recorded changes, oldest first (those of one save by kind): (change, by).
fn changes(store: &Store, id: &str) -> Vec<(HistoryChange, String)> {
    let mut out: Vec<_> = store
        .timeline(id)
        .unwrap()
        .into_iter()
        .filter_map(|e| match e {
            TimelineEntry::Change(h) => Some((h.at, h.change, h.by)),
            _ => None,
        })
        .collect();
    out.sort_by_cached_key(|(at, change, _)| (*at, format!("{change:?}")));
    out.into_iter().map(|(_, c, by)| (c, by)).collect()
}

fn moved(from: Stage, to: Stage) -> HistoryChange {
    HistoryChange::Stage { from, to }
}

fn invalid(field: &str, reason: Invalid) -> CoreError {
    CoreError::InvalidField {
        field: field.into(),
        reason,
    }
}

#[test]
fn the_default_pipeline_is_the_six_built_in_stages_also_for_older_books() {
    let defaults = Settings::with_language(Language::En);
    assert_eq!(defaults.stages, default_stages());
    assert_eq!(defaults.me, "");
    let order: Vec<Stage> = defaults.stages.iter().map(|s| s.stage).collect();
    assert_eq!(
        order,
        [
            InitialContact,
            NeedsConfirmed,
            Proposal,
            Negotiation,
            Won,
            Lost
        ]
    );
    assert!(defaults.stages.iter().all(|s| s.name.is_empty()));

    // Settings saved before the pipeline existed read as the default list and no `me`.
    let mut json = serde_json::to_value(&defaults).unwrap();
    let obj = json.as_object_mut().unwrap();
    obj.remove("stages");
    obj.remove("me");
    let old: Settings = serde_json::from_value(json).unwrap();
    assert_eq!(old, defaults);

    let (_d, store) = open_temp();
    let p = store.pipeline().unwrap();
    assert_eq!(p.stages().collect::<Vec<_>>(), BUILT_IN_STAGES.to_vec());
    assert_eq!(p.ladder(), BUILT_IN_STAGES[..5].to_vec());
    let board = store.board(&BoardQuery::default(), 10, t(2)).unwrap();
    let columns: Vec<Stage> = board.columns.iter().map(|c| c.stage).collect();
    assert_eq!(columns, BUILT_IN_STAGES.to_vec());
}

#[test]
fn a_renamed_reordered_pipeline_with_a_custom_stage_orders_board_list_and_dashboard() {
    let (_d, store) = open_temp();
    let saved = save_stages(&store, arranged()).unwrap();
    assert_eq!(saved.stages[2], named(Custom1, "调研"), "names are trimmed");
    assert_eq!(store.settings().unwrap().unwrap(), saved);
    let jia = add(&store, "甲", Custom1);
    add(&store, "乙", InitialContact);
    add(&store, "丙", NeedsConfirmed);
    add(&store, "丁", Won);

    let board = store.board(&BoardQuery::default(), 10, t(2)).unwrap();
    let columns: Vec<Stage> = board.columns.iter().map(|c| c.stage).collect();
    let order = [
        NeedsConfirmed,
        InitialContact,
        Custom1,
        Proposal,
        Negotiation,
        Won,
        Lost,
    ];
    assert_eq!(columns, order);
    let custom = &board.columns[2];
    assert_eq!(
        (custom.count, custom.cards[0].id.as_str()),
        (1, jia.as_str())
    );
    let column = store
        .board_column(&BoardQuery::default(), Custom1, 0, 10, t(2))
        .unwrap();
    assert_eq!(column.count, 1);

    let sorted = |descending| {
        let q = ListQuery {
            sort: SortField::Stage,
            descending,
            ..ListQuery::default()
        };
        let page = store.list_customers(&q).unwrap();
        page.rows.into_iter().map(|r| r.name).collect::<Vec<_>>()
    };
    assert_eq!(sorted(false), ["丙", "乙", "甲", "丁"]);
    assert_eq!(sorted(true), ["丁", "甲", "乙", "丙"]);

    let q = AnalyticsQuery {
        from: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
        to: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
        owner: None,
    };
    let funnel = store.dashboard(&q, t(3), &Shanghai).unwrap().funnel;
    // The funnel's steps are the ladder: 流失 stands apart.
    let stages: Vec<Stage> = funnel.stages.iter().map(|s| s.stage).collect();
    assert_eq!(stages, order[..6]);
    let at: Vec<u32> = funnel.stages.iter().map(|s| s.customers).collect();
    assert_eq!(at, [1, 1, 1, 0, 0, 1]);
    assert_eq!(funnel.lost, 0);
    let pairs: Vec<(Stage, Stage)> = funnel.conversions.iter().map(|c| (c.from, c.to)).collect();
    assert_eq!(
        pairs,
        order[..6]
            .windows(2)
            .map(|w| (w[0], w[1]))
            .collect::<Vec<_>>()
    );
}

fn fact(id: &str, stage: Stage) -> CustomerFact {
    CustomerFact {
        id: id.into(),
        name: id.into(),
        owner: "张三".into(),
        source: "线上推广".into(),
        category: None,
        industry: "".into(),
        stage,
        lost_reason: if stage == Lost { "价格太高" } else { "" }.into(),
        first_contact: NaiveDate::from_ymd_opt(2025, 1, 5),
        created_at: Utc.with_ymd_and_hms(2025, 1, 5, 1, 0, 0).unwrap(),
        expected_cents: 0,
    }
}

fn at(day: u32, hour: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 2, day, hour, 0, 0).unwrap()
}

fn step(id: &str, when: chrono::DateTime<Utc>, from: Stage, to: Stage) -> StageChange {
    StageChange {
        customer_id: id.into(),
        at: when,
        from,
        to,
        by: "".into(),
    }
}

fn phoned(id: &str, when: chrono::DateTime<Utc>) -> FollowUpFact {
    FollowUpFact {
        customer_id: id.into(),
        at: when,
        method: FollowUpMethod::Phone,
        by: "张三".into(),
        next_by: "".into(),
        due: None,
        done: true,
    }
}

/// Ladder 初步接触 < 需求明确 < 调研 (custom) < 方案沟通 < 谈判中 < 成交; 流失 off it.
/// a: 调研 now (初步接触 → 需求明确 → 调研); b: 方案沟通 (需求明确 → 方案沟通, skipping 调研);
/// c: 需求明确; d: 成交 (谈判中 → 成交); e: 流失 (调研 → 流失); f: 初步接触.
/// Reached: 初步接触 6, 需求明确 5 (all but f), 调研 4 (a b d e), 方案沟通 2 (b d),
/// 谈判中 1, 成交 1; 流失 1. Follow-ups: a's an hour before its move into 调研 (an advance:
/// a success), e's before its move to 流失 (none).
#[test]
fn the_funnel_climbs_the_settings_order_and_a_move_into_a_custom_stage_is_an_advance() {
    let pipeline = Pipeline::new(&[
        named(InitialContact, ""),
        named(NeedsConfirmed, ""),
        named(Custom1, "调研"),
        named(Proposal, ""),
        named(Negotiation, ""),
        named(Won, ""),
        named(Lost, ""),
    ]);
    assert!(pipeline.is_advance(NeedsConfirmed, Custom1));
    assert!(pipeline.is_advance(Custom1, Proposal));
    assert!(!pipeline.is_advance(Proposal, Custom1));
    assert!(pipeline.is_advance(Lost, Custom1), "a revival");
    assert!(!pipeline.is_advance(Custom1, Lost));

    let customers = vec![
        fact("a", Custom1),
        fact("b", Proposal),
        fact("c", NeedsConfirmed),
        fact("d", Won),
        fact("e", Lost),
        fact("f", InitialContact),
    ];
    let stage_changes = vec![
        step("a", at(1, 2), InitialContact, NeedsConfirmed),
        step("a", at(3, 2), NeedsConfirmed, Custom1),
        step("b", at(1, 2), NeedsConfirmed, Proposal),
        step("d", at(4, 2), Negotiation, Won),
        step("e", at(5, 2), Custom1, Lost),
    ];
    let follow_ups = vec![phoned("a", at(3, 1)), phoned("e", at(5, 1))];
    let facts = Facts {
        customers: &customers,
        stage_changes: &stage_changes,
        follow_ups: &follow_ups,
        ..Facts::default()
    };
    let q = AnalyticsQuery {
        from: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
        to: NaiveDate::from_ymd_opt(2025, 3, 31).unwrap(),
        owner: None,
    };
    let d = analytics::dashboard_in(&pipeline, &facts, &q, at(20, 0), &Shanghai);
    let f = &d.funnel;
    let rows: Vec<(Stage, u32, u32)> = f
        .stages
        .iter()
        .map(|s| (s.stage, s.customers, s.reached))
        .collect();
    assert_eq!(
        rows,
        [
            (InitialContact, 1, 6),
            (NeedsConfirmed, 1, 5),
            (Custom1, 1, 4),
            (Proposal, 1, 2),
            (Negotiation, 0, 1),
            (Won, 1, 1),
        ]
    );
    // e was lost from 调研.
    let lost: Vec<u32> = f.stages.iter().map(|s| s.lost).collect();
    assert_eq!(lost, [0, 0, 1, 0, 0, 0]);
    let conversions: Vec<(Stage, Stage, Option<f64>)> = f
        .conversions
        .iter()
        .map(|c| (c.from, c.to, c.rate))
        .collect();
    assert_eq!(
        conversions,
        [
            (InitialContact, NeedsConfirmed, Some(5.0 / 6.0)),
            (NeedsConfirmed, Custom1, Some(4.0 / 5.0)),
            (Custom1, Proposal, Some(2.0 / 4.0)),
            (Proposal, Negotiation, Some(1.0 / 2.0)),
            (Negotiation, Won, Some(1.0)),
        ]
    );
    assert_eq!((f.customers, f.won, f.lost), (6, 1, 1));
    assert_eq!(f.win_rate, Some(0.5));
    assert_eq!((d.activity.total, d.activity.successful), (2, 1));

    // The same facts on the built-in ladder: 调研 is not in it (first rung), so b no longer
    // passed it and a's move into it is no advance.
    let d = analytics::dashboard(&facts, &q, at(20, 0), &Shanghai);
    let stages: Vec<Stage> = d.funnel.stages.iter().map(|s| s.stage).collect();
    assert_eq!(stages, BUILT_IN_STAGES[..5].to_vec());
    assert_eq!(d.activity.successful, 0);
}

#[test]
fn settings_refuse_a_broken_pipeline_or_me_and_write_nothing() {
    let (_d, store) = open_temp();
    let mut base = settings_with(arranged());
    base.archived_owners = vec!["钱七".into()];
    let base = store.save_settings(base).unwrap();
    let with = |f: &dyn Fn(&mut Vec<StageSetting>)| {
        let mut s = base.clone();
        f(&mut s.stages);
        s
    };
    let cases: Vec<(Settings, CoreError)> = vec![
        (
            with(&|l| l.retain(|s| s.stage != Negotiation)),
            invalid("stages", Invalid::StageMissing { stage: Negotiation }),
        ),
        (
            with(&|l| l.insert(1, named(Proposal, ""))),
            invalid("stages[4]", Invalid::Duplicate),
        ),
        (
            with(&|l| l.insert(3, named(Custom1, "调研二"))),
            invalid("stages[3]", Invalid::Duplicate),
        ),
        (
            with(&|l| l.swap(5, 6)),
            invalid("stages", Invalid::ClosingStages),
        ),
        (
            with(&|l| {
                let won = l.remove(5);
                l.insert(0, won);
            }),
            invalid("stages", Invalid::ClosingStages),
        ),
        (
            with(&|l| l.insert(0, named(Custom2, "  "))),
            invalid("stages[0].name", Invalid::Required),
        ),
        (
            with(&|l| l[3].name = "方".repeat(21)),
            invalid("stages[3].name", Invalid::TooLong { max: 20 }),
        ),
        (
            with(&|l| l[2].name = "谈判中".into()),
            invalid("stages[2].name", Invalid::StageNameTaken),
        ),
        (
            with(&|l| l[2].name = "  WON ".into()),
            invalid("stages[2].name", Invalid::StageNameTaken),
        ),
        (
            with(&|l| l.insert(3, named(Custom2, "调研"))),
            invalid("stages[3].name", Invalid::StageNameTaken),
        ),
        (
            with(&|l| l[4].name = "需求明确".into()),
            invalid("stages[4].name", Invalid::StageNameTaken),
        ),
        (
            {
                let mut s = base.clone();
                s.me = "王".repeat(51);
                s
            },
            invalid("me", Invalid::TooLong { max: 50 }),
        ),
        (
            {
                let mut s = base.clone();
                s.me = " 钱七 ".into();
                s
            },
            invalid("me", Invalid::ArchivedOwner),
        ),
    ];
    for (settings, want) in cases {
        let shown = format!("{want:?}");
        assert_eq!(store.save_settings(settings), Err(want));
        assert_eq!(store.settings().unwrap().as_ref(), Some(&base), "{shown}");
    }
    let missing = invalid("stages", Invalid::StageMissing { stage: Negotiation });
    assert_eq!(
        message(&missing, Language::Zh),
        "阶段：缺少内置阶段“谈判中”（内置阶段可以改名，不能删除）"
    );
    assert_eq!(
        message(&missing, Language::En),
        "Stage Negotiation is missing: a built-in stage can be renamed, not removed"
    );

    // Allowed: a stage renamed to its own built-in name, `me` trimmed.
    let mut ok = with(&|l| l[0].name = "Needs Confirmed".into());
    ok.me = " 小王 ".into();
    let saved = store.save_settings(ok).unwrap();
    assert_eq!(saved.me, "小王");
}

#[test]
fn a_custom_stage_in_use_cannot_be_removed_an_unused_one_can() {
    let (_d, store) = open_temp();
    let mut stages = arranged();
    stages.insert(4, named(Custom2, "试用"));
    stages.insert(5, named(Custom3, "内测"));
    save_stages(&store, stages.clone()).unwrap();
    let x = add(&store, "甲", Custom1);
    store.trash_customer(&x, t(2)).unwrap();
    let y = add(&store, "乙", InitialContact);
    let chance = OpportunityInput {
        need: "采购".into(),
        stage: Custom2,
        expected_amount: Some(100_000),
        ..OpportunityInput::default()
    };
    store.add_opportunity(&y, chance, t(2)).unwrap();
    let without = |stage: Stage| -> Vec<StageSetting> {
        stages
            .iter()
            .filter(|s| s.stage != stage)
            .cloned()
            .collect()
    };
    let before = store.settings().unwrap();

    let err = save_stages(&store, without(Custom1)).unwrap_err();
    let in_use = |name: &str, customers, opportunities| {
        invalid(
            "stages",
            Invalid::StageInUse {
                name: name.into(),
                customers,
                opportunities,
            },
        )
    };
    assert_eq!(err, in_use("调研", 1, 0), "a customer in the trash counts");
    assert_eq!(
        message(&err, Language::Zh),
        "阶段：不能删除“调研”：仍有 1 个客户（含回收站）处于该阶段，请先将其移到其他阶段"
    );
    assert_eq!(
        message(&err, Language::En),
        "Stage “调研” cannot be removed: 1 customer (the trash included) is still at it; move them to another stage first"
    );
    let err = save_stages(&store, without(Custom2)).unwrap_err();
    assert_eq!(err, in_use("试用", 0, 1));
    assert_eq!(store.settings().unwrap(), before, "nothing written");

    let saved = save_stages(&store, without(Custom3)).unwrap();
    assert!(!saved.stages.iter().any(|s| s.stage == Custom3));

    store.restore_customer(&x, t(3)).unwrap();
    store.move_stage(&x, Proposal, "", t(3)).unwrap();
    let left: Vec<StageSetting> = without(Custom3)
        .into_iter()
        .filter(|s| s.stage != Custom1)
        .collect();
    save_stages(&store, left).unwrap();
    assert!(!store.pipeline().unwrap().contains(Custom1));
}

#[test]
fn a_stage_the_pipeline_does_not_have_is_refused_everywhere() {
    let (_d, store) = open_temp();
    let id = add(&store, "甲", InitialContact);
    let unknown = || invalid("stage", Invalid::UnknownStage);

    let mut c = customer("乙", &[]);
    c.fields.stage = Custom4;
    assert_eq!(store.create_customer(c.clone(), t(2)), Err(unknown()));
    assert_eq!(
        store.create_customers(vec![customer("丙", &[]), c], t(2)),
        Err(invalid("customers[1].stage", Invalid::UnknownStage))
    );
    let mut edit = input_of(&store, &id);
    edit.fields.stage = Custom4;
    assert_eq!(store.update_customer(&id, edit, t(2)), Err(unknown()));
    assert_eq!(store.move_stage(&id, Custom4, "", t(2)), Err(unknown()));
    let chance = OpportunityInput {
        stage: Custom4,
        ..OpportunityInput::default()
    };
    assert_eq!(
        store.add_opportunity(&id, chance.clone(), t(2)),
        Err(unknown())
    );
    let kept = store
        .add_opportunity(&id, OpportunityInput::default(), t(2))
        .unwrap();
    assert_eq!(
        store.update_opportunity(&kept.id, chance, t(2)),
        Err(unknown())
    );
    let mut f = follow_up(t(2), None);
    f.stage = Some(Custom4);
    assert_eq!(store.log_follow_up(&id, f, t(2), &Shanghai), Err(unknown()));
    assert_eq!(
        store
            .board_column(&BoardQuery::default(), Custom4, 0, 10, t(2))
            .unwrap_err(),
        unknown()
    );
    let mut planned = customer("丁", &[]);
    planned.fields.stage = Custom4;
    let plan = Plan {
        customers: vec![PlannedCustomer {
            input: planned,
            follow_ups: vec![],
            records: Default::default(),
            rows: vec![2],
            duplicate_of: None,
        }],
        invalid: vec![],
        notices: vec![],
        skipped: vec![],
        assumptions: vec![],
        counts: PlanCounts::default(),
    };
    assert_eq!(
        store
            .commit_import(&plan, DuplicatePolicy::Merge, "x.csv", t(2), &Shanghai)
            .unwrap_err(),
        invalid("customers[0].stage", Invalid::UnknownStage)
    );
    assert_eq!(store.customer_count().unwrap(), 1);
    assert!(store.follow_ups_of(&id).unwrap().is_empty());
    assert!(changes(&store, &id).is_empty());
    assert_eq!(
        message(&unknown(), Language::En),
        "Stage is not in the pipeline (it was removed in settings)"
    );
}

fn read() -> ReadContext<chrono_tz::Tz> {
    ReadContext {
        tz: Shanghai,
        now: t(20),
        reminder_time: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
        lang: Language::Zh,
    }
}

#[test]
fn an_imported_sheet_with_the_users_stage_names_lands_in_those_stages() {
    let (_d, store) = open_temp();
    save_stages(&store, arranged()).unwrap();
    set_me(&store, "小王");
    let mut existing = customer("甲公司", &[]);
    existing.fields.phones = vec!["13800000001".into()];
    let jia = store.create_customer(existing, t(1)).unwrap().id;

    let csv = "客户名称,电话,阶段\r\n甲公司,13800000001,调研\r\n乙公司,13800000002,首次联系\r\n\
               丙公司,13800000003,报价\r\n丁公司,13800000004,方案沟通\r\n";
    let ctx = store.import_context().unwrap();
    let mut session = ImportSession::open(csv.as_bytes().to_vec(), "客户.csv").unwrap();
    let prepared = session
        .prepare(&ImportOptions::default(), &ctx, &read())
        .unwrap();
    assert_eq!(prepared.preview.errors_total, 0);
    let previewed: Vec<(String, Stage)> = prepared
        .preview
        .customers
        .iter()
        .map(|c| (c.name.clone(), c.stage))
        .collect();
    assert_eq!(
        previewed,
        [
            ("甲公司".to_string(), Custom1),
            ("乙公司".to_string(), InitialContact),
            ("丙公司".to_string(), Proposal),
            ("丁公司".to_string(), Proposal),
        ]
    );
    store
        .commit_import(
            &prepared.plan,
            DuplicatePolicy::Merge,
            "客户.csv",
            t(20),
            &Shanghai,
        )
        .unwrap();
    assert_eq!(store.get_customer(&jia).unwrap().fields.stage, Custom1);
    assert_eq!(
        changes(&store, &jia),
        [(moved(InitialContact, Custom1), "小王".to_string())],
        "the merge is recorded as made by whoever imported"
    );

    // The names as the importer reads them: the user's first, the built-in ones still.
    let names = StageNames::of(&store.pipeline().unwrap());
    assert_eq!(parse_stage_named(" 1. 调研 ", &names), Ok(Some(Custom1)));
    assert_eq!(
        parse_stage_named("初步接触", &names),
        Ok(Some(InitialContact))
    );
    assert_eq!(parse_stage_named("调研", &StageNames::default()).ok(), None);
}

#[test]
fn exports_write_the_users_stage_names() {
    let (_d, store) = open_temp();
    save_stages(&store, arranged()).unwrap();
    add(&store, "甲", Custom1);
    add(&store, "乙", InitialContact);
    add(&store, "丙", Won);
    let set = store.export_set(None).unwrap();
    let text = |bytes: Vec<u8>| String::from_utf8(bytes).unwrap();
    let named = text(to_csv(
        &set.customers,
        &set.tags,
        Labels::new(Language::En, &set.pipeline),
    ));
    assert!(named.contains(",调研,"), "{named}");
    assert!(named.contains(",首次联系,"), "a renamed built-in: {named}");
    assert!(named.contains(",Won,"), "not renamed: the built-in label");
    let plain = text(to_csv(&set.customers, &set.tags, Language::Zh));
    assert!(plain.contains(",初步接触,") && plain.contains(",自定义阶段 1,"));
    let labels = Labels::new(Language::Zh, &set.pipeline);
    let names = StageNames::of(&set.pipeline);
    for stage in set.pipeline.stages() {
        assert_eq!(
            parse_stage_named(labels.stage(stage), &names),
            Ok(Some(stage))
        );
    }
}

#[test]
fn every_recorded_change_names_who_made_it() {
    let (_d, store) = open_temp();
    let id = add(&store, "甲", InitialContact);
    store.move_stage(&id, NeedsConfirmed, "", t(2)).unwrap();
    assert_eq!(
        changes(&store, &id),
        [(moved(InitialContact, NeedsConfirmed), String::new())],
        "nobody set as this computer's user"
    );

    let mut s = Settings::with_language(Language::Zh);
    s.owners = vec!["李四".into()];
    s.me = "小王".into();
    store.save_settings(s).unwrap();
    let me = || "小王".to_string();
    store.move_stage(&id, Proposal, "", t(3)).unwrap();
    let mut edit = input_of(&store, &id);
    edit.fields.stage = Negotiation;
    edit.fields.category = Some(Category::ReadyToBuy);
    store.update_customer(&id, edit, t(4)).unwrap();
    let mut f = follow_up(t(5), None);
    f.stage = Some(Won);
    store.log_follow_up(&id, f, t(5), &Shanghai).unwrap();
    let req = HandoverRequest {
        from: "张三".into(),
        to: "李四".into(),
        customer_ids: None,
    };
    store.hand_over(&req, t(6)).unwrap();
    let all = changes(&store, &id);
    assert_eq!(
        all[1..],
        [
            (moved(NeedsConfirmed, Proposal), me()),
            (
                HistoryChange::Category {
                    from: None,
                    to: Some(Category::ReadyToBuy)
                },
                me()
            ),
            (moved(Proposal, Negotiation), me()),
            (moved(Negotiation, Won), me()),
            (
                HistoryChange::Owner {
                    from: "张三".into(),
                    to: "李四".into()
                },
                me()
            ),
        ]
    );
}
