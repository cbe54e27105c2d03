#![allow(clippy::unwrap_used, clippy::expect_used)]
//! A desktop's own book and the team: shared as the team book (everything it holds uploaded
//! by its first push and pulled whole by a second desktop), previewed before a join (the
//! team's customers matched with the import's duplicate rules, nothing changed), and left
//! (the book stays as a personal copy, nothing recorded for a server any more); a salesperson's
//! join claims the pool customers their book holds.
mod support;

use chrono::Utc;
use rapport_core::model::{CustomerFields, CustomerInput, FollowUpInput};
use support::desk::*;

fn add(d: &Desk, f: CustomerFields, tags: &[&str]) -> String {
    let input = CustomerInput {
        fields: f,
        tags: tags.iter().map(|t| t.to_string()).collect(),
    };
    d.store.create_customer(input, Utc::now()).unwrap().id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_personal_book_shared_as_the_team_book_reaches_a_second_desktop() {
    let Some((cluster, pa, pb)) = team().await else {
        return;
    };
    let a = Desk::personal();
    let wang = add(
        &a,
        CustomerFields {
            name: "王伟".into(),
            company: "华东贸易".into(),
            phones: vec!["138 0013 8000".into()],
            ..Default::default()
        },
        &["重点", "上海"],
    );
    let gone = a.add("回收站里的");
    a.store.trash_customer(&gone, Utc::now()).unwrap();
    let input = FollowUpInput {
        at: Utc::now(),
        method: "phone".into(),
        topic: "报价".into(),
        next_at: Some(Utc::now() + chrono::Duration::days(3)),
        ..Default::default()
    };
    let fu = a
        .store
        .log_follow_up(&wang, input, Utc::now(), &Utc)
        .unwrap();
    assert_eq!(a.store.outbox_len(), 0, "a personal book records nothing");

    let mut ea = a.engine(&cluster, &pa);
    let queued = ea.share_book().await.unwrap();
    assert!(a.store.is_team_book());
    assert!(
        queued >= 6,
        "tags, customers, links, history, follow-up: {queued}"
    );
    assert_eq!(ea.share_book().await.unwrap(), 0, "shared once");
    let round = ea.sync_once().await.unwrap();
    assert_eq!(round.pushed, queued);

    let b = Desk::new();
    let mut eb = b.engine(&cluster, &pb);
    eb.sync_once().await.unwrap();
    assert_eq!(b.get(&wang).fields, a.get(&wang).fields);
    assert_eq!(b.tags(&wang), vec!["上海".to_string(), "重点".to_string()]);
    assert!(b.get(&gone).deleted_at.is_some(), "in the trash there too");
    assert_eq!(b.store.get_follow_up(&fu.id).unwrap().topic, "报价");
    assert_eq!(
        b.store.get_follow_up(&fu.id).unwrap().next_at,
        fu.next_at,
        "the reminder date too"
    );
    b.store.verify_indexes().unwrap();
    a.store.verify_indexes().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_join_is_previewed_with_the_imports_duplicate_rules_and_changes_nothing() {
    let Some((cluster, pa, pb)) = team().await else {
        return;
    };
    let a = Desk::new();
    let mut ea = a.engine(&cluster, &pa);
    let team_wang = add(
        &a,
        CustomerFields {
            name: "王伟".into(),
            phones: vec!["138 0013 8000".into()],
            ..Default::default()
        },
        &[],
    );
    let team_li = add(
        &a,
        CustomerFields {
            name: "李娜".into(),
            emails: vec!["li.na@example.cn".into()],
            ..Default::default()
        },
        &[],
    );
    a.add("只在团队里");
    ea.sync_once().await.unwrap();

    let b = Desk::personal();
    let wang = add(
        &b,
        CustomerFields {
            name: "王先生".into(),
            phones: vec!["+86 13800138000".into()],
            ..Default::default()
        },
        &[],
    );
    let li = add(
        &b,
        CustomerFields {
            name: "Li Na".into(),
            emails: vec!["LI.NA@example.cn ".into()],
            ..Default::default()
        },
        &[],
    );
    b.add("只在我这里");
    let mut eb = b.engine(&cluster, &pb);
    let p = eb.join_preview().await.unwrap();
    assert_eq!((p.local, p.team, p.new), (3, 3, 1));
    let mut dups = p.duplicates.clone();
    dups.sort();
    let mut want = vec![(wang, team_wang), (li, team_li)];
    want.sort();
    assert_eq!(dups, want);
    assert!(!b.store.is_team_book(), "a preview changes nothing");
    assert_eq!(b.store.outbox_len(), 0);
    assert_eq!(b.store.sync_cursor().unwrap(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn leaving_the_team_keeps_the_book_as_a_personal_copy() {
    let Some((cluster, pa, pb)) = team().await else {
        return;
    };
    let (a, b) = (Desk::new(), Desk::new());
    let (mut ea, mut eb) = (a.engine(&cluster, &pa), b.engine(&cluster, &pb));
    let ours = a.add("团队客户");
    ea.sync_once().await.unwrap();
    eb.sync_once().await.unwrap();
    b.edit(&ours, |f| f.industry = "未发送".into());
    assert_eq!(
        eb.leave().await.unwrap(),
        1,
        "one unsent edit dropped from the outbox"
    );
    assert!(!b.store.is_team_book());
    assert_eq!(
        b.get(&ours).fields.industry,
        "未发送",
        "the edit stays in the book"
    );
    assert_eq!(b.store.sync_cursor().unwrap(), 0);
    let mine = b.add("离开之后");
    b.edit(&ours, |f| f.company = "个人副本".into());
    assert_eq!(b.store.outbox_len(), 0, "nothing recorded for a server");
    assert_eq!(b.ids().len(), 2);
    b.store.verify_indexes().unwrap();
    // The team never hears of it.
    ea.sync_once().await.unwrap();
    assert!(a.store.get_customer(&mine).is_err());
    assert_eq!(a.get(&ours).fields.industry, "");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn joining_merges_the_duplicates_into_the_teams_customers_and_uploads_the_rest() {
    let Some((cluster, pa, pb)) = team().await else {
        return;
    };
    let a = Desk::new();
    let mut ea = a.engine(&cluster, &pa);
    let team_wang = add(
        &a,
        CustomerFields {
            name: "王伟".into(),
            phones: vec!["138 0013 8000".into()],
            industry: "制造".into(),
            ..Default::default()
        },
        &[],
    );
    ea.sync_once().await.unwrap();

    let b = Desk::personal();
    let mine = add(
        &b,
        CustomerFields {
            name: "王先生".into(),
            phones: vec!["+86 13800138000".into()],
            company: "华东贸易".into(),
            industry: "零售".into(),
            ..Default::default()
        },
        &["老客户"],
    );
    let input = FollowUpInput {
        at: Utc::now(),
        method: "visit".into(),
        topic: "我这边的拜访".into(),
        next_at: Some(Utc::now() + chrono::Duration::days(5)),
        ..Default::default()
    };
    let fu = b
        .store
        .log_follow_up(&mine, input, Utc::now(), &Utc)
        .unwrap();
    let fresh = b.add("只在我这里");
    let mut eb = b.engine(&cluster, &pb);
    let done = eb.join().await.unwrap();
    assert_eq!(done.duplicates, vec![(mine.clone(), team_wang.clone())]);
    assert_eq!(done.new, 1);
    assert!(b.store.is_team_book());
    assert!(
        b.store.get_customer(&mine).is_err(),
        "taken over under the team's id"
    );
    let merged = b.get(&team_wang).fields;
    assert_eq!(merged.name, "王伟", "the team's value stays");
    assert_eq!(merged.industry, "制造", "the team's value stays");
    assert_eq!(merged.company, "华东贸易", "an empty field filled");
    assert_eq!(b.tags(&team_wang), vec!["老客户".to_string()]);
    let moved = b.store.get_follow_up(&fu.id).unwrap();
    assert_eq!(moved.customer_id, team_wang);
    assert_eq!(b.store.outbox_len(), 0, "all of it pushed");
    b.store.verify_indexes().unwrap();

    ea.sync_once().await.unwrap();
    assert_eq!(a.get(&team_wang).fields, merged);
    assert_eq!(a.tags(&team_wang), vec!["老客户".to_string()]);
    assert_eq!(a.store.follow_ups_of(&team_wang).unwrap().len(), 1);
    assert_eq!(a.store.get_follow_up(&fu.id).unwrap().topic, "我这边的拜访");
    assert_eq!(a.get(&fresh).fields.name, "只在我这里");
    assert!(a.store.get_customer(&mine).is_err(), "never arrived twice");
    a.store.verify_indexes().unwrap();
    assert!(eb.join().await.is_err(), "a team book joins once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn joining_merges_a_local_tag_into_the_teams_tag_of_the_same_name() {
    let Some((cluster, pa, pb)) = team().await else {
        return;
    };
    let a = Desk::new();
    let team_one = add(
        &a,
        CustomerFields {
            name: "王伟".into(),
            ..Default::default()
        },
        &["重点"],
    );
    let mut ea = a.engine(&cluster, &pa);
    ea.sync_once().await.unwrap();
    let team_tag = a.get(&team_one).tag_ids[0].clone();

    // Bob's own book has a tag of that name (its own id) on a customer the team lacks.
    let b = Desk::personal();
    let mine = add(
        &b,
        CustomerFields {
            name: "李娜".into(),
            ..Default::default()
        },
        &["重点", "老客户"],
    );
    let mut eb = b.engine(&cluster, &pb);
    eb.join().await.unwrap();
    eb.sync_once().await.unwrap();

    let named: Vec<_> = b
        .store
        .list_tags()
        .unwrap()
        .into_iter()
        .filter(|t| t.tag.name == "重点")
        .collect();
    assert_eq!(named.len(), 1, "one tag of that name: {named:?}");
    assert_eq!(named[0].tag.id, team_tag, "the team's tag");
    assert_eq!(
        b.tags(&mine),
        vec!["老客户".to_string(), "重点".to_string()]
    );
    assert_eq!(b.tags(&team_one), vec!["重点".to_string()]);
    assert!(b.get(&mine).tag_ids.contains(&team_tag));

    // On the server, and so on Ann's desktop: still one tag of that name, on both customers.
    let boss = rapport_sync::Server::connect(&cluster.config("boss", "boss-pw"))
        .await
        .unwrap();
    let n: i64 = boss
        .client()
        .query_one(
            "select count(*) from rapport.tags where data ->> 'name' = '重点'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(n, 1);
    ea.sync_once().await.unwrap();
    assert_eq!(
        a.tags(&mine),
        vec!["老客户".to_string(), "重点".to_string()]
    );
    assert!(a.get(&mine).tag_ids.contains(&team_tag));
    a.store.verify_indexes().unwrap();
    b.store.verify_indexes().unwrap();
}

/// A customer the manager (desk `m`) creates and gives to the shared pool, and a personal book
/// holding the same customer (same name) with a field the team's lacks.
async fn pooled_and_mine(t: &support::team::Team, m: &Desk) -> (String, Desk) {
    let mut em = m.engine(&t.cluster, &t.manager);
    let pooled = m.add("华东贸易");
    em.sync_once().await.unwrap();
    em.assign(&pooled, None).await.unwrap();
    assert_eq!(m.get(&pooled).fields.owner, "", "in the pool");
    let mine = Desk::personal();
    let fields = CustomerFields {
        name: "华东贸易".into(),
        industry: "零售".into(),
        ..Default::default()
    };
    add(&mine, fields, &[]);
    (pooled, mine)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_salespersons_join_claims_the_pool_customers_their_book_holds() {
    let Some(t) = support::team::sales_team().await else {
        return;
    };
    let m = Desk::new();
    let (pooled, a) = pooled_and_mine(&t, &m).await;
    let mine = a.ids()[0].clone();
    let mut ea = a.engine(&t.cluster, &t.ann);
    let preview = ea.join_preview().await.unwrap();
    assert_eq!((preview.duplicates.len(), preview.claimed), (1, 1));
    assert_eq!(m.get(&pooled).fields.owner, "", "a preview changes nothing");

    let done = ea.join().await.unwrap();
    assert_eq!(done.claimed, 1);
    assert!(
        a.store.get_customer(&mine).is_err(),
        "taken over under the team's id"
    );
    assert_eq!(a.store.outbox_refused_len(), 0, "nothing refused");
    assert_eq!(a.store.outbox_len(), 0, "all of it pushed");
    assert_eq!(a.get(&pooled).fields.owner, "安 Ann");

    m.engine(&t.cluster, &t.manager).sync_once().await.unwrap();
    let on_m = m.get(&pooled).fields;
    assert_eq!(on_m.owner, "安 Ann", "claimed on the server");
    assert_eq!(on_m.industry, "零售", "Ann's field reached the team");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_managers_join_merges_into_a_pool_customer_without_claiming_it() {
    let Some(t) = support::team::sales_team().await else {
        return;
    };
    let m = Desk::new();
    let (pooled, b) = pooled_and_mine(&t, &m).await;
    let done = b.engine(&t.cluster, &t.manager).join().await.unwrap();
    assert_eq!((done.duplicates.len(), done.claimed), (1, 0));
    assert_eq!(b.store.outbox_refused_len(), 0);
    m.engine(&t.cluster, &t.manager).sync_once().await.unwrap();
    let on_m = m.get(&pooled).fields;
    assert_eq!(on_m.owner, "", "still in the pool");
    assert_eq!(on_m.industry, "零售");
}
