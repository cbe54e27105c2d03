#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Random sequences of writes leave every index equal to a recomputation from the records.
mod common;
use common::*;
use proptest::prelude::*;
use rapport_core::model::ListQuery;

#[derive(Debug, Clone)]
enum Op {
    Create { name: u8, tags: Vec<u8> },
    Update { who: u8, tags: Vec<u8> },
    Tag { who: u8, tag: u8 },
    Untag { who: u8, tag: u8 },
    Trash { who: u8 },
    Restore { who: u8 },
    Purge { who: u8 },
    RenameTag { tag: u8, to: u8 },
    MergeTags { from: u8, into: u8 },
    DeleteTag { tag: u8 },
}

fn op() -> impl Strategy<Value = Op> {
    let tags = || prop::collection::vec(0u8..6, 0..4);
    prop_oneof![
        3 => (any::<u8>(), tags()).prop_map(|(name, tags)| Op::Create { name, tags }),
        2 => (any::<u8>(), tags()).prop_map(|(who, tags)| Op::Update { who, tags }),
        2 => (any::<u8>(), 0u8..6).prop_map(|(who, tag)| Op::Tag { who, tag }),
        2 => (any::<u8>(), 0u8..6).prop_map(|(who, tag)| Op::Untag { who, tag }),
        1 => any::<u8>().prop_map(|who| Op::Trash { who }),
        1 => any::<u8>().prop_map(|who| Op::Restore { who }),
        1 => any::<u8>().prop_map(|who| Op::Purge { who }),
        1 => (0u8..6, 0u8..8).prop_map(|(tag, to)| Op::RenameTag { tag, to }),
        1 => (0u8..6, 0u8..6).prop_map(|(from, into)| Op::MergeTags { from, into }),
        1 => (0u8..6).prop_map(|tag| Op::DeleteTag { tag }),
    ]
}

fn tag_name(i: u8) -> String {
    [
        "vip",
        "华东",
        "Key",
        "老客户",
        "展会",
        "partner",
        "新",
        "VIP2",
    ][i as usize % 8]
        .to_string()
}

fn apply(store: &rapport_core::Store, op: &Op) {
    let all: Vec<String> = {
        let live = store
            .list_customers(&ListQuery {
                limit: 1000,
                ..Default::default()
            })
            .unwrap()
            .rows;
        live.into_iter()
            .chain(store.list_trash().unwrap())
            .map(|r| r.id)
            .collect()
    };
    let pick = |who: u8| all.get(who as usize % all.len().max(1)).cloned();
    let tags = store.list_tags().unwrap();
    let tag_id = |i: u8| {
        tags.get(i as usize % tags.len().max(1))
            .map(|t| t.tag.id.clone())
    };
    let names_of = |id: &str| -> Vec<String> {
        let c = store.get_customer(id).unwrap();
        c.tag_ids
            .iter()
            .map(|t| {
                tags.iter()
                    .find(|x| &x.tag.id == t)
                    .unwrap()
                    .tag
                    .name
                    .clone()
            })
            .collect()
    };
    // Errors (not found, name taken, editing a trashed customer) are allowed outcomes;
    // what matters is that the indexes stay consistent either way.
    let _ = match op {
        Op::Create { name, tags } => {
            let names: Vec<String> = tags.iter().map(|t| tag_name(*t)).collect();
            let refs: Vec<&str> = names.iter().map(String::as_str).collect();
            store
                .create_customer(customer(&format!("c{name}"), &refs), t(1))
                .map(|_| ())
        }
        Op::Update { who, tags } => match pick(*who) {
            Some(id) => {
                let names: Vec<String> = tags.iter().map(|t| tag_name(*t)).collect();
                let refs: Vec<&str> = names.iter().map(String::as_str).collect();
                store
                    .update_customer(&id, customer("u", &refs), t(2))
                    .map(|_| ())
            }
            None => Ok(()),
        },
        Op::Tag { who, tag } | Op::Untag { who, tag } => match pick(*who) {
            Some(id) if store.get_customer(&id).unwrap().deleted_at.is_none() => {
                let mut names = names_of(&id);
                let n = tag_name(*tag);
                if matches!(op, Op::Tag { .. }) {
                    names.push(n);
                } else {
                    names.retain(|x| x.to_lowercase() != n.to_lowercase());
                }
                let refs: Vec<&str> = names.iter().map(String::as_str).collect();
                store
                    .update_customer(&id, customer("t", &refs), t(2))
                    .map(|_| ())
            }
            _ => Ok(()),
        },
        Op::Trash { who } => pick(*who).map_or(Ok(()), |id| store.trash_customer(&id, t(3))),
        Op::Restore { who } => {
            pick(*who).map_or(Ok(()), |id| store.restore_customer(&id, t(4)).map(|_| ()))
        }
        Op::Purge { who } => pick(*who).map_or(Ok(()), |id| store.purge_customer(&id)),
        Op::RenameTag { tag, to } => tag_id(*tag).map_or(Ok(()), |id| {
            store.rename_tag(&id, &tag_name(*to)).map(|_| ())
        }),
        Op::MergeTags { from, into } => match (tag_id(*from), tag_id(*into)) {
            (Some(f), Some(i)) => store.merge_tags(&f, &i, t(5)).map(|_| ()),
            _ => Ok(()),
        },
        Op::DeleteTag { tag } => tag_id(*tag).map_or(Ok(()), |id| store.delete_tag(&id, t(6))),
    };
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]
    #[test]
    fn indexes_match_the_records_after_any_sequence(ops in prop::collection::vec(op(), 1..40)) {
        let dir = tempfile::tempdir().unwrap();
        {
            let store = rapport_core::Store::open(dir.path()).unwrap();
            for op in &ops {
                apply(&store, op);
                store.verify_indexes().unwrap();
            }
        }
        // And after reopening (the view is rebuilt from disk).
        let store = reopen(dir.path());
        store.verify_indexes().unwrap();
    }
}
