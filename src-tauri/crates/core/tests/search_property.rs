//! The list search through the store (its index, the pinyin lists, the narrowing of a needle
//! typed key by key) finds exactly what the rule finds: the needle in the lowercased text, or
//! its letters spelling consecutive characters of the name or the company by their pinyin
//! (for a customer with Chinese in either), matched character by character without any index.
#![allow(clippy::unwrap_used)]
mod common;

use common::{customer, open_temp, t};
use proptest::prelude::*;
use rapport_core::model::ListQuery;
use rapport_core::pinyin_search::{PinyinMask, PinyinQuery};

const POOL: &[char] = &[
    '张', '三', '单', '曾', '解', '仇', '吕', '女', '华', '东', '上', '海', '长', '乐', '重', '行',
    '啊', '嗯', 'A', 'n', 'g', 'Z', 's', '7', ' ', '·',
];

fn text(picks: &[usize]) -> String {
    picks.iter().map(|i| POOL[*i]).collect()
}

/// The rule, without the index.
fn rule(needle: &str, name: &str, company: &str) -> bool {
    let needle = needle.trim().to_lowercase();
    let plain = format!("{name}\u{1}{company}")
        .to_lowercase()
        .contains(&needle);
    let chinese = !PinyinMask::of(&format!("{name}\u{1}{company}")).is_empty();
    plain
        || PinyinQuery::parse(&needle)
            .is_some_and(|q| chinese && (q.matches(name) || q.matches(company)))
}

/// A query made of letters, most of them the readings' own (random letters rarely find), or
/// of the texts' own characters (Chinese, Latin, digits and signs, mixed: each kind is looked
/// for in its own buffer).
fn needle() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::collection::vec(0..POOL.len(), 1..4).prop_map(|picks| text(&picks)),
        "[a-z]{1,7}",
        prop::collection::vec(
            prop::sample::select(vec![
                "zh", "zhang", "s", "san", "shan", "dan", "c", "ceng", "zeng", "jie", "xie", "qiu",
                "chou", "lv", "lu", "nv", "hua", "d", "dong", "h", "hai", "chang", "le", "yue",
                "chong", "x", "xing", "hang", "a", "n", "ng", "en", "g", " ",
            ]),
            1..4,
        )
        .prop_map(|parts| parts.concat()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]
    #[test]
    fn the_search_finds_what_the_rule_finds_at_every_key(
        people in prop::collection::vec(
            (prop::collection::vec(0..POOL.len(), 1..5), prop::collection::vec(0..POOL.len(), 0..8)),
            1..24,
        ),
        needles in prop::collection::vec(needle(), 1..6),
        renamed in prop::collection::vec((0..POOL.len(), 0..POOL.len()), 1..4),
    ) {
        let (_d, store) = open_temp();
        let mut ids = Vec::new();
        for (name, company) in &people {
            let mut c = customer(&text(name), &[]);
            c.fields.company = text(company);
            // A name of spaces and signs alone is refused: not a customer.
            ids.extend(store.create_customer(c, t(1)).ok().map(|c| c.id));
        }
        // Two rounds: the second after renames, a purge and a new customer (the search's
        // pinyin lists outlive writes, forgetting what they changed).
        for round in 0..2 {
            if round == 1 {
                for (k, (a, b)) in renamed.iter().enumerate() {
                    if let Some(id) = ids.get(k * 3) {
                        let mut c = customer(&format!("{}{}", POOL[*a], POOL[*b]), &[]);
                        c.fields.company = "华东".into();
                        let _ = store.update_customer(id, c, t(2));
                    }
                }
                if let Some(id) = ids.get(1) {
                    store.trash_customer(id, t(2)).unwrap();
                    store.purge_customer(id).unwrap();
                }
                store.create_customer(customer("张三", &[]), t(3)).unwrap();
            }
            let search = |needle: &str| {
                let q = ListQuery { search: needle.into(), limit: 1_000, ..Default::default() };
                let mut ids: Vec<String> =
                    store.list_customers(&q).unwrap().rows.into_iter().map(|r| r.id).collect();
                ids.sort();
                ids
            };
            let everyone = store
                .list_customers(&ListQuery { limit: 1_000, ..Default::default() })
                .unwrap()
                .rows;
            for needle in &needles {
                let typed: Vec<char> = needle.chars().collect();
                for n in 1..=typed.len() {
                    let prefix: String = typed[..n].iter().collect();
                    if prefix.trim().is_empty() {
                        continue;
                    }
                    let mut want: Vec<String> = everyone
                        .iter()
                        .filter(|r| rule(&prefix, &r.name, &r.company))
                        .map(|r| r.id.clone())
                        .collect();
                    want.sort();
                    prop_assert_eq!(search(&prefix), want, "typing {:?}", prefix);
                }
                // Cold: the next needle does not narrow this one.
                search("\u{2}");
            }
        }
    }
}

/// A search finding few customers sorts its hits itself (not by walking the name index):
/// by name either way, equal names by id, page by page — the order of the whole list.
#[test]
fn few_hits_sorted_by_name_keep_the_list_order() {
    let (_d, store) = open_temp();
    let names = ["张三", "李四", "Anna", "张三", "王五", "anna", "", "赵六"];
    // 128 customers, 8 found: few enough (a sixteenth) not to walk the name index.
    for k in 0..128 {
        let mut c = customer(&format!("{}{}", names[k % names.len()], k % 3), &[]);
        c.fields.company = if k % 16 == 1 {
            "针对公司".into()
        } else {
            "其他".into()
        };
        store.create_customer(c, t(1)).unwrap();
    }
    for descending in [false, true] {
        let list = |search: &str, offset: u32, limit: u32| {
            let q = ListQuery {
                search: search.into(),
                sort: rapport_core::model::SortField::Name,
                descending,
                offset,
                limit,
                ..Default::default()
            };
            store.list_customers(&q).unwrap()
        };
        let all: Vec<String> = list("", 0, 1000).rows.into_iter().map(|r| r.id).collect();
        let hits = list("针对", 0, 1000);
        assert_eq!(hits.total, 8);
        let want: Vec<String> = all
            .iter()
            .filter(|id| hits.rows.iter().any(|r| &r.id == *id))
            .cloned()
            .collect();
        let got: Vec<String> = hits.rows.iter().map(|r| r.id.clone()).collect();
        assert_eq!(got, want, "descending {descending}");
        let paged: Vec<String> = (0..4)
            .flat_map(|p| list("针对", p * 2, 2).rows)
            .map(|r| r.id)
            .collect();
        assert_eq!(paged, want, "paged, descending {descending}");
    }
}
