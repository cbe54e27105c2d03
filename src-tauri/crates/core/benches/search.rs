//! Pinyin search at 100,000 customers (a bench binary, not a timed test):
//!   cargo bench -p rapport-core --bench search
//! RAPPORT_BENCH_N sets the size. Prints the machine's load, p50/p95 of one list search (first
//! page of 200, the whole query through `Store::list_customers`) for pinyin and plain queries,
//! cold and typed key by key, the first search after a write (the index is rebuilt), and the
//! extra resident memory the pinyin keys and the search's pinyin buffers take for that many
//! customers (a fresh process: RSS with the names in memory, then after keying them as the
//! view does, building what the index builds from them and searching them all).
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod measure;

use chrono::Utc;
use measure::{ms, percentile, rss_mb, run_child};
use rapport_core::model::{CustomerInput, ListQuery};
use rapport_core::pinyin_search::{code_fields, CodedQuery, PinyinMask, PinyinQuery, Postings};
use rapport_core::Store;
use std::time::Duration;

const SURNAMES: &str = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段单解仇";
const GIVEN: &str = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文斌宇浩凯健俊帆鹏辉晨宁欣怡佳琪子涵梓轩雨一诺";
const CITIES: [&str; 10] = [
    "上海", "北京", "杭州", "深圳", "广州", "南京", "苏州", "成都", "武汉", "重庆",
];
const WORDS: [&str; 16] = [
    "华东", "华南", "恒通", "博远", "金达", "鑫源", "长虹", "新元", "天成", "瑞丰", "盛世", "东方",
    "中联", "永泰", "宏图", "海纳",
];
const TRADES: [&str; 8] = [
    "贸易", "科技", "实业", "电子", "机械", "物流", "软件", "食品",
];
/// One customer in 20 has a Latin name.
const FIRST: [&str; 6] = ["Anna", "John", "Maria", "Peter", "Linda", "David"];
const LAST: [&str; 6] = ["Miller", "Smith", "Brown", "Wilson", "Taylor", "Clark"];

/// A small deterministic generator, so every run searches the same book.
struct Lcg(u64);
impl Lcg {
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        &xs[(self.0 >> 33) as usize % xs.len()]
    }
}

fn texts(n: usize) -> Vec<(String, String)> {
    let surnames: Vec<char> = SURNAMES.chars().collect();
    let given: Vec<char> = GIVEN.chars().collect();
    let mut r = Lcg(7);
    (0..n)
        .map(|i| {
            let mut name: String = r.pick(&surnames).to_string();
            name.push(*r.pick(&given));
            if i % 3 != 0 {
                name.push(*r.pick(&given));
            }
            if i % 20 == 7 {
                name = format!("{} {}", r.pick(&FIRST), r.pick(&LAST));
            }
            let company = format!(
                "{}{}{}有限公司",
                r.pick(&CITIES),
                r.pick(&WORDS),
                r.pick(&TRADES)
            );
            (name, company)
        })
        .collect()
}

const PINYIN: [&str; 11] = [
    "zs", "zhangsan", "zhangs", "zhangwei", "hd", "huadong", "shhd", "wangf", "shan", "lvf", "xiem",
];
/// A Latin name (also read as pinyin: letters), digits, Chinese, an email.
const PLAIN: [&str; 6] = ["miller", "13800001234", "0012", "华东", "c4242@", "gongsi"];
/// Query kinds typed key by key, each reported apart.
const TYPED: [(&str, &[&str]); 7] = [
    ("initials", &["zs", "hd", "shhd"]),
    ("full", &["zhangsan", "zhangwei", "huadong"]),
    ("mixed", &["zhangs", "wangf", "xiem", "lvf"]),
    ("latin name", &["miller", "peter"]),
    ("digits", &["13800001234", "0012"]),
    ("chinese", &["华东", "张伟"]),
    ("email", &["c4242@example"]),
];
const MEMORY_CHILD: &str = "RAPPORT_BENCH_PINYIN_MEMORY";

fn main() {
    let n: usize = std::env::var("RAPPORT_BENCH_N")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    if std::env::var_os(MEMORY_CHILD).is_some() {
        return memory(n);
    }
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let all = texts(n);
    for (c, chunk) in all.chunks(1000).enumerate() {
        let inputs = chunk
            .iter()
            .enumerate()
            .map(|(i, (name, company))| {
                let i = c * 1000 + i;
                let mut input = CustomerInput::default();
                input.fields.name = name.clone();
                input.fields.company = company.clone();
                input.fields.phones = vec![format!("138{i:08}")];
                input.fields.emails = vec![format!("c{i}@example.cn")];
                input
            })
            .collect();
        store.create_customers(inputs, Utc::now()).unwrap();
    }
    let search = |text: &str| {
        let query = ListQuery {
            search: text.to_string(),
            limit: 200,
            ..Default::default()
        };
        store.list_customers(&query).unwrap()
    };
    // The same search with a filter no customer passes: the search without the page (no
    // sort, no rows), to tell the two apart.
    let search_only = |text: &str| {
        let query = ListQuery {
            search: text.to_string(),
            owners: vec!["\u{2}".into()],
            ..Default::default()
        };
        store.list_customers(&query).unwrap()
    };
    println!("load at start: {}", load());
    // Cold: each timed search comes after one no needle extends, so none narrows another.
    let mut pinyin_times = Vec::new();
    for q in PINYIN.iter().chain(&PLAIN) {
        let total = search(q).total;
        let mut times: Vec<_> = (0..50)
            .map(|_| {
                search("\u{2}");
                let t = std::time::Instant::now();
                std::hint::black_box(search(q));
                t.elapsed()
            })
            .collect();
        times.sort();
        let mut alone: Vec<_> = (0..50)
            .map(|_| {
                search("\u{2}");
                let t = std::time::Instant::now();
                std::hint::black_box(search_only(q));
                t.elapsed()
            })
            .collect();
        alone.sort();
        println!(
            "search {q:>13}: {total:>6} of {n} found, {} (without the page: p50 {:.2} ms)",
            p50_p95(&times),
            ms(percentile(&alone, 0.5))
        );
        if PINYIN.contains(q) {
            pinyin_times.extend(times);
        }
    }
    pinyin_times.sort();
    println!(
        "one pinyin search over {n} customers (cold), all pinyin queries above: {}",
        p50_p95(&pinyin_times)
    );
    // As typed: each key's search after the one before (the list searches as you type).
    let mut all_keys = Vec::new();
    for (kind, queries) in TYPED {
        let mut keys = Vec::new();
        for _ in 0..10 {
            for q in queries {
                search("\u{2}");
                for (end, _) in q.char_indices().skip(1).chain([(q.len(), ' ')]) {
                    let t = std::time::Instant::now();
                    std::hint::black_box(search(&q[..end]));
                    keys.push(t.elapsed());
                }
            }
        }
        keys.sort();
        println!(
            "typed key by key, {kind:>10} ({} searches): {}",
            keys.len(),
            p50_p95(&keys)
        );
        if !matches!(kind, "digits" | "chinese" | "email") {
            all_keys.extend(keys);
        }
    }
    all_keys.sort();
    println!(
        "letters typed key by key over {n} customers ({} searches): {}",
        all_keys.len(),
        p50_p95(&all_keys)
    );
    // The first search after a write rebuilds the index (the write itself not timed).
    let mut rebuilt = Vec::new();
    for i in 0..20 {
        let mut input = CustomerInput::default();
        input.fields.name = format!("新客户{i}");
        store.create_customers(vec![input], Utc::now()).unwrap();
        let t = std::time::Instant::now();
        std::hint::black_box(search("zhangs"));
        rebuilt.push(t.elapsed());
    }
    rebuilt.sort();
    println!(
        "first search after a write (index rebuilt): {}",
        p50_p95(&rebuilt)
    );
    println!("load at end: {}", load());
    print!("{}", run_child(MEMORY_CHILD, "1"));
}

fn p50_p95(sorted: &[Duration]) -> String {
    format!(
        "p50 {:.2} ms, p95 {:.2} ms",
        ms(percentile(sorted, 0.5)),
        ms(percentile(sorted, 0.95))
    )
}

/// The machine's load averages (1, 5, 15 minutes): other work on it skews the figures.
fn load() -> String {
    let l = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    l.split_whitespace().take(3).collect::<Vec<_>>().join(" ")
}

/// The child: the names alone, then keyed as the view keys them (the quick mask and the coded
/// syllables of each customer) and the search index's pinyin part built from that (a flat
/// copy of both, the ends, the lists), then searched (tables paged in).
fn memory(n: usize) {
    let all = texts(n);
    let before = rss_mb();
    let start = std::time::Instant::now();
    let keys: Vec<(u64, Box<[u16]>)> = all
        .iter()
        .map(|(name, company)| {
            (
                PinyinMask::of(&format!("{name}\u{1}{company}")).quick(),
                code_fields(&[name, company]),
            )
        })
        .collect();
    println!(
        "pinyin keys of {n} customers (the warm-up after the open): {:.0} ms",
        ms(start.elapsed())
    );
    let start = std::time::Instant::now();
    let quick: Vec<u64> = keys.iter().map(|(quick, _)| *quick).collect();
    let mut flat: Vec<u16> = Vec::new();
    let mut ends: Vec<u32> = Vec::with_capacity(n);
    for (_, coded) in &keys {
        flat.extend_from_slice(coded);
        ends.push(flat.len() as u32);
    }
    let part = |i: usize| {
        let start = if i == 0 { 0 } else { ends[i - 1] as usize };
        &flat[start..ends[i] as usize]
    };
    let postings = Postings::build((0..n).map(|i| (quick[i] != 0).then(|| part(i))));
    println!(
        "the index's pinyin part (flat copies, lists of {:.1} MB): {:.1} ms",
        postings.bytes() as f64 / 1e6,
        ms(start.elapsed())
    );
    // The pinyin part of one search alone (no text search, no page), 50 times each.
    for text in PINYIN.iter().chain(&["miller", "gongsi"]) {
        let q = PinyinQuery::parse(text).unwrap();
        let mut count = 0;
        let mut times: Vec<Duration> = (0..50)
            .map(|_| {
                let start = std::time::Instant::now();
                let mut found = vec![false; n];
                if q.is_one_letter() {
                    for (f, quick) in found.iter_mut().zip(&quick) {
                        *f = q.may_match_quick(*quick);
                    }
                } else {
                    postings.find(&CodedQuery::new(&q), part, |i| quick[i] != 0, &mut found);
                }
                let elapsed = start.elapsed();
                count = found.iter().filter(|f| **f).count();
                elapsed
            })
            .collect();
        times.sort();
        println!(
            "  {text:>10}: {count} found, masks or lists + matching {}",
            p50_p95(&times)
        );
    }
    println!(
        "extra resident memory of the pinyin keys and the index's pinyin part at {n} customers: {:.1} MB",
        rss_mb() - before
    );
}
