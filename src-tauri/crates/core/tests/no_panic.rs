#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Whatever the UI sends — odd strings, odd pages, odd filters — the backend answers with a
//! value or an error, never a panic, and list pages agree with the total.
mod common;
use common::*;
use proptest::prelude::*;
use rapport_core::model::{
    Category, CustomerInput, ListQuery, Priority, SortField, Stage, TagMode,
};

fn sort_field() -> impl Strategy<Value = SortField> {
    prop_oneof![
        Just(SortField::Name),
        Just(SortField::Company),
        Just(SortField::Stage),
        Just(SortField::Category),
        Just(SortField::Priority),
        Just(SortField::Owner),
        Just(SortField::CreatedAt),
        Just(SortField::UpdatedAt),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn validation_never_panics(name in ".{0,250}", phone in ".{0,30}", email in ".{0,30}", site in ".{0,30}", tag in ".{0,60}") {
        let mut c = CustomerInput::default();
        c.fields.name = name;
        c.fields.phones = vec![phone];
        c.fields.emails = vec![email];
        c.fields.website = site;
        c.tags = vec![tag];
        let _ = rapport_core::validate::customer(c);
    }

    #[test]
    fn any_list_query_returns_a_consistent_page(
        search in "[a-c0-9 张-]{0,4}", offset in 0u32..40, limit in 0u32..5000,
        sort in sort_field(), descending in any::<bool>(), any_mode in any::<bool>(),
        stage_pick in 0usize..7, bad_tag in any::<bool>(),
    ) {
        let (_d, store) = open_temp();
        for i in 0..25u32 {
            let mut c = customer(&format!("{}客户{i}", ["张", "a", "B"][i as usize % 3]), &[["x", "y"][i as usize % 2]]);
            c.fields.phones = vec![format!("138 {i:04}")];
            c.fields.stage = [Stage::InitialContact, Stage::Won, Stage::Proposal][i as usize % 3];
            c.fields.category = [None, Some(Category::Interested)][i as usize % 2];
            c.fields.priority = [Priority::High, Priority::Low][i as usize % 2];
            store.create_customer(c, t(1)).unwrap();
        }
        let tags = store.list_tags().unwrap();
        let mut tag_ids: Vec<String> = tags.iter().take(1).map(|t| t.tag.id.clone()).collect();
        if bad_tag { tag_ids.push("not-an-id".into()); }
        let stages = [Stage::InitialContact, Stage::NeedsConfirmed, Stage::Proposal, Stage::Negotiation, Stage::Won, Stage::Lost];
        let q = ListQuery {
            search, offset, limit, sort, descending,
            tag_mode: if any_mode { TagMode::Any } else { TagMode::All },
            tag_ids,
            stages: stages.get(stage_pick).copied().into_iter().collect(),
            ..Default::default()
        };
        let page = store.list_customers(&q).unwrap();
        let expected = (page.total as usize).saturating_sub(offset as usize).min(limit.min(1000) as usize);
        prop_assert_eq!(page.rows.len(), expected);
        // Pages of a query never overlap and cover every row once.
        let all = store.list_customers(&ListQuery { offset: 0, limit: 1000, ..q.clone() }).unwrap();
        let slice: Vec<&str> = all.rows.iter().skip(offset as usize).take(expected).map(|r| r.id.as_str()).collect();
        let got: Vec<&str> = page.rows.iter().map(|r| r.id.as_str()).collect();
        prop_assert_eq!(got, slice);
    }
}
