//! Pinyin search at 100,000 customers (a bench binary, not a timed test):
//!   cargo bench -p rapport-core --bench search
//! RAPPORT_BENCH_N sets the size. Prints p50/p95 of one list search (first page of 200, the
//! whole query through `Store::list_customers`) for pinyin and plain queries, and the extra
//! resident memory the pinyin keys and tables take for that many customers (a fresh process:
//! RSS with the names in memory, then after keying them and searching them all).
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod measure;

use chrono::Utc;
use measure::{ms, percentile, rss_mb, run_child};
use rapport_core::model::{CustomerInput, ListQuery};
use rapport_core::pinyin_search::{code_fields, CodedQuery, PinyinMask, PinyinQuery};
use rapport_core::Store;

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

const PINYIN: [&str; 10] = [
    "zs", "zhangs", "zhangwei", "hd", "huadong", "shhd", "wangf", "shan", "lvf", "xiem",
];
const PLAIN: [&str; 3] = ["华东", "13800001234", "c4242@"];
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
        println!(
            "search {q:>12}: {total:>6} of {n} found, p50 {:.2} ms, p95 {:.2} ms",
            ms(percentile(&times, 0.5)),
            ms(percentile(&times, 0.95))
        );
        if PINYIN.contains(q) {
            pinyin_times.extend(times);
        }
    }
    pinyin_times.sort();
    println!(
        "one pinyin search over {n} customers (cold), all queries above: p50 {:.2} ms, p95 {:.2} ms",
        ms(percentile(&pinyin_times, 0.5)),
        ms(percentile(&pinyin_times, 0.95))
    );
    // As typed: each key's search after the one before (the list searches as you type).
    let mut keys = Vec::new();
    for _ in 0..10 {
        for q in PINYIN {
            search("\u{2}");
            for end in 1..=q.len() {
                let t = std::time::Instant::now();
                std::hint::black_box(search(&q[..end]));
                keys.push(t.elapsed());
            }
        }
    }
    keys.sort();
    println!(
        "pinyin typed key by key over {n} customers ({} searches): p50 {:.2} ms, p95 {:.2} ms",
        keys.len(),
        ms(percentile(&keys, 0.5)),
        ms(percentile(&keys, 0.95))
    );
    print!("{}", run_child(MEMORY_CHILD, "1"));
}

/// The child: the names alone, then keyed and searched (tables paged in): the masks and
/// coded syllables each customer keeps, and the flat copies the search index makes of them.
fn memory(n: usize) {
    let all = texts(n);
    let before = rss_mb();
    let start = std::time::Instant::now();
    let keys: Vec<(PinyinMask, Box<[u16]>)> = all
        .iter()
        .map(|(name, company)| {
            (
                PinyinMask::of(&format!("{name}\u{1}{company}")),
                code_fields(&[name, company]),
            )
        })
        .collect();
    println!(
        "pinyin keys of {n} customers (at open): {:.0} ms",
        ms(start.elapsed())
    );
    let quick: Vec<u64> = keys.iter().map(|(mask, _)| mask.quick()).collect();
    let flat: Vec<u16> = keys
        .iter()
        .flat_map(|(_, coded)| coded.iter().copied())
        .collect();
    let mut found = 0;
    for text in PINYIN {
        let q = PinyinQuery::parse(text).unwrap();
        let start = std::time::Instant::now();
        let coded = CodedQuery::new(&q);
        let (mut masked, mut codes) = (0, 0);
        found += keys
            .iter()
            .zip(&quick)
            .filter(|((mask, syllables), quick)| {
                let pass = q.may_match_quick(**quick) && q.may_match(mask);
                if pass {
                    masked += 1;
                    codes += syllables.len();
                }
                pass && coded.matches(syllables)
            })
            .count();
        println!(
            "  {text:>10}: masks pass {masked} texts ({codes} coded syllables), masks + matching {:.2} ms",
            ms(start.elapsed())
        );
    }
    std::hint::black_box((found, flat.len()));
    println!(
        "extra resident memory of the pinyin keys and tables at {n} customers: {:.1} MB",
        rss_mb() - before
    );
}
