#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Conflicts between headless desktops on a real, throwaway PostgreSQL (tests/support).
mod support;

use support::desk::*;

/// Today's behaviour of a same-field conflict (the history entry is designed in
/// ARCHITECTURE.md, not built): one winner on every desktop — the later push, by the server's
/// commit order, not by any clock — and the loser kept in the server's audit trail.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_field_edited_on_both_has_one_winner_and_the_loser_is_in_the_audit() {
    let Some((cluster, pa, pb)) = team().await else {
        return;
    };
    let (a, b) = (Desk::new(), Desk::new());
    let (mut ea, mut eb) = (a.engine(&cluster, &pa), b.engine(&cluster, &pb));
    let id = a.add("同一字段");
    ea.sync_once().await.unwrap();
    eb.sync_once().await.unwrap();
    a.edit(&id, |f| f.company = "A 写的".into());
    b.edit(&id, |f| f.company = "B 写的".into());
    ea.sync_once().await.unwrap();
    eb.sync_once().await.unwrap();
    ea.sync_once().await.unwrap();
    assert_eq!(a.get(&id).fields.company, "B 写的", "the later commit wins");
    assert_converged(&a, &b, std::slice::from_ref(&id));
    let boss = rapport_sync::Server::connect(&cluster.config("boss", "boss-pw"))
        .await
        .unwrap();
    let lost: Vec<String> = boss
        .client()
        .query(
            "select old_value #>> '{}' from rapport.audit
              where record_id = $1 and field = 'data.company' order by commit_no",
            &[&id],
        )
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(lost, vec!["".to_string(), "A 写的".to_string()]);
}
