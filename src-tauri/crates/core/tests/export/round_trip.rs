//! The round trip: a book exported to xlsx and imported into an empty book — the customer
//! sheet first, then the follow-up sheet merged into it — holds the same customers, fields,
//! tags and follow-ups.
//!
//! What cannot come back, and is not compared: ids and created/updated times (the new book
//! makes its own); a key contact's role and birthday and contacts after the first (the sheet
//! has columns for one contact); a done follow-up's next time (not exported: the importer
//! would make the follow-up open again). Known limits kept out of this book's data: text
//! other than phones starting with `=`/`+`/`-`/`@` comes back with the guard `'`; a tag
//! with a space splits in two; custom numbers and dates come back as text; a customer at 中
//! whose follow-ups say 高/低 would take the first follow-up's priority.
use super::common::*;
use chrono::{DateTime, TimeZone, Utc};
use chrono_tz::Asia::Shanghai;
use rapport_core::export::to_xlsx;
use rapport_core::import::headers::{locate_header, map_columns};
use rapport_core::import::plan::{plan, BookIndex, DuplicatePolicy, Plan, PlanOptions, Sheet};
use rapport_core::import::values::DateOrder;
use rapport_core::import::workbook::{self, cell_text};
use rapport_core::model::*;
use rapport_core::Store;

#[path = "book.rs"]
mod book;
use book::customers;

fn local(y: i32, m: u32, d: u32, h: u32, min: u32, s: u32) -> DateTime<Utc> {
    Shanghai
        .with_ymd_and_hms(y, m, d, h, min, s)
        .unwrap()
        .with_timezone(&Utc)
}

fn fu(
    at: DateTime<Utc>,
    method: &str,
    priority: &str,
    next: Option<DateTime<Utc>>,
) -> FollowUpInput {
    FollowUpInput {
        method: method.into(),
        priority: priority.into(),
        feedback: "有兴趣".into(),
        result: "待报价".into(),
        next_by: "李娜".into(),
        ..follow_up(at, next)
    }
}

/// Book A: three customers and five follow-ups, done and open.
fn build(store: &Store) {
    let ids: Vec<String> = customers()
        .into_iter()
        .map(|c| store.create_customer(c, t(1)).unwrap().id)
        .collect();
    let log = |i: usize, input: FollowUpInput| {
        store
            .log_follow_up(&ids[i], input, t(1), &Shanghai)
            .unwrap()
    };
    log(0, fu(local(2026, 10, 20, 10, 30, 15), "phone", "low", None));
    let open = log(
        0,
        fu(
            local(2026, 10, 27, 0, 0, 0),
            "visit",
            "high",
            Some(local(2026, 10, 28, 9, 0, 0)),
        ),
    );
    store.complete_follow_up(&open.id, t(1)).unwrap(); // done, its next time kept
    log(
        0,
        fu(
            local(2026, 11, 3, 16, 45, 0),
            "weChat",
            "high",
            Some(local(2026, 11, 12, 14, 0, 0)),
        ),
    );
    log(
        1,
        fu(
            local(2026, 11, 1, 8, 5, 59),
            "email",
            "medium",
            Some(local(2026, 11, 20, 9, 0, 0)),
        ),
    );
    log(2, fu(local(2026, 9, 1, 15, 0, 0), "meeting", "low", None));
}

fn everything(store: &Store) -> (Vec<Customer>, Vec<Tag>, Vec<FollowUp>) {
    let page = store
        .list_customers(&ListQuery {
            limit: 100,
            ..Default::default()
        })
        .unwrap();
    let customers: Vec<Customer> = page
        .rows
        .iter()
        .map(|r| store.get_customer(&r.id).unwrap())
        .collect();
    let tags = store
        .list_tags()
        .unwrap()
        .into_iter()
        .map(|t| t.tag)
        .collect();
    let follow_ups = customers
        .iter()
        .flat_map(|c| store.follow_ups_of(&c.id).unwrap())
        .collect();
    (customers, tags, follow_ups)
}

fn plan_sheet(book: &mut workbook::Workbook, name: &str, into: &Store) -> Plan {
    let cells = book.rows(name, usize::MAX).unwrap();
    let rows: Vec<Vec<String>> = cells
        .iter()
        .map(|r| r.iter().map(cell_text).collect())
        .collect();
    let header = locate_header(&rows, 10).unwrap();
    assert_eq!(header.row, 0);
    let columns = map_columns(&header.cells);
    let sheet = Sheet {
        header: &header.cells,
        columns: &columns,
        rows: &rows[header.data_start..],
        first_row: header.data_start + 1,
    };
    let existing = everything(into).0;
    let options = PlanOptions::new(DateOrder::DayFirst, Shanghai, t(2));
    let p = plan(&sheet, &options, &BookIndex::new(&existing));
    assert!(p.invalid.is_empty(), "{:?}", p.invalid);
    p
}

/// What must survive, per customer: fields (less what the sheet cannot hold), tag names, and
/// the follow-ups in time order.
type Summary = (CustomerFields, Vec<String>, Vec<FollowUp>);

fn summary(store: &Store) -> Vec<Summary> {
    let (customers, tags, follow_ups) = everything(store);
    let mut out: Vec<Summary> = customers
        .into_iter()
        .map(|c| {
            let mut fields = c.fields.clone();
            fields
                .contacts
                .iter_mut()
                .for_each(|k| (k.role, k.birthday) = (None, None));
            let names = c
                .tag_ids
                .iter()
                .map(|id| tags.iter().find(|t| t.id == *id).unwrap().name.clone())
                .collect();
            let mut fus: Vec<FollowUp> = follow_ups
                .iter()
                .filter(|f| f.customer_id == c.id)
                .map(|f| FollowUp {
                    id: String::new(),
                    customer_id: String::new(),
                    next_at: if f.done { None } else { f.next_at },
                    created_at: t(1),
                    updated_at: t(1),
                    ..f.clone()
                })
                .collect();
            fus.sort_by_key(|f| f.at);
            (fields, names, fus)
        })
        .collect();
    out.sort_by(|a, b| a.0.name.cmp(&b.0.name));
    out
}

#[test]
fn a_book_exported_to_xlsx_imports_into_an_empty_book_unchanged() {
    for lang in [Language::Zh, Language::En] {
        let (_a_dir, a) = open_temp();
        build(&a);
        let (customers, tags, follow_ups) = everything(&a);
        let bytes = to_xlsx(&customers, &tags, &follow_ups, lang, &Shanghai).unwrap();

        let (_b_dir, b) = open_temp();
        let mut book = workbook::open(&bytes, "export.xlsx").unwrap();
        let [customer_sheet, follow_up_sheet] = rapport_core::export::sheet_names(lang);
        let p = plan_sheet(&mut book, customer_sheet, &b);
        assert_eq!((p.counts.new_customers, p.counts.follow_ups), (3, 0));
        b.commit_import(&p, DuplicatePolicy::Skip, "export.xlsx", t(2), &Shanghai)
            .unwrap();
        let p = plan_sheet(&mut book, follow_up_sheet, &b);
        assert_eq!(
            (
                p.counts.duplicates,
                p.counts.new_customers,
                p.counts.follow_ups
            ),
            (3, 0, 5)
        );
        let rec = b
            .commit_import(&p, DuplicatePolicy::Merge, "export.xlsx", t(2), &Shanghai)
            .unwrap();
        assert_eq!((rec.customers_added, rec.follow_ups_added), (0, 5));

        assert_eq!(b.customer_count().unwrap(), 3);
        let (before, after) = (summary(&a), summary(&b));
        for (x, y) in before.iter().zip(&after) {
            assert_eq!(x.0, y.0, "fields of {}", x.0.name);
            assert_eq!(x.1, y.1, "tags of {}", x.0.name);
            assert_eq!(x.2, y.2, "follow-ups of {}", x.0.name);
        }
        assert_eq!(before, after);
        b.verify_indexes().unwrap();
    }
}
