#![allow(clippy::unwrap_used, clippy::expect_used)]
//! A large sheet (read in blocks ahead of the grouping) plans as row-by-row reading would:
//! follow-up rows continue the customer above wherever blocks end, and every row keeps its
//! own number.
use chrono::{TimeZone, Utc};
use chrono_tz::Asia::Shanghai;
use rapport_core::import::headers::{map_columns, Target};
use rapport_core::import::plan::{plan, BookIndex, PlanOptions, ProblemOutcome, Sheet};
use rapport_core::import::values::DateOrder;

#[test]
fn a_large_sheet_groups_follow_up_rows_across_thread_boundaries() {
    let header: Vec<String> = ["客户名称", "手机", "跟进内容"].map(String::from).to_vec();
    let columns = map_columns(&header);
    assert_eq!(
        columns,
        vec![Target::Name, Target::Phones, Target::FollowUpContent]
    );
    // Groups of 7 rows: a customer, then 6 rows of follow-ups only; one bad phone per 100
    // groups; 21,000 rows in all (blocks of 8,192 rows end inside groups).
    let mut rows = Vec::new();
    for g in 0..3000 {
        let phone = if g % 100 == 42 {
            "not a phone".to_string()
        } else {
            format!("139{g:08}")
        };
        rows.push(vec![format!("客户{g}"), phone, format!("首次拜访{g}")]);
        for k in 0..6 {
            rows.push(vec![String::new(), String::new(), format!("回访{g}-{k}")]);
        }
    }
    let sheet = Sheet {
        header: &header,
        columns: &columns,
        rows: &rows,
        first_row: 2,
    };
    let now = Utc.with_ymd_and_hms(2024, 6, 1, 2, 0, 0).unwrap();
    let options = PlanOptions::new(DateOrder::DayFirst, Shanghai, now);
    let p = plan(&sheet, &options, &BookIndex::default());
    let bad = (0..3000).filter(|g| g % 100 == 42).count();
    // A bad phone is left empty: every customer comes in with its follow-ups.
    assert_eq!(p.customers.len(), 3000);
    assert_eq!(p.counts.partial_rows, bad);
    assert!(p.customers[42].input.fields.phones.is_empty());
    assert!(p
        .invalid
        .iter()
        .all(|e| e.outcome == ProblemOutcome::CellLeftEmpty));
    for c in &p.customers {
        let g: usize = c.input.fields.name["客户".len()..].parse().unwrap();
        assert_eq!(c.follow_ups.len(), 7, "customer {g}");
    }

    // Skipping rows with problems: the customer rows with a bad phone are left out.
    let mut options = options;
    options.skip_problem_rows = true;
    let p = plan(&sheet, &options, &BookIndex::default());
    assert_eq!(p.customers.len(), 3000 - bad);
    assert_eq!(p.counts.rows, rows.len());
    for c in &p.customers {
        let g: usize = c.input.fields.name["客户".len()..].parse().unwrap();
        assert_eq!(c.follow_ups.len(), 7, "customer {g}");
        assert_eq!(c.follow_ups[6].content, format!("回访{g}-5"));
        assert_eq!(c.rows, (0..7).map(|k| 2 + g * 7 + k).collect::<Vec<_>>());
    }
    // A refused customer row leaves its follow-up rows without a customer: each is refused.
    assert!(p.invalid.iter().any(|e| e.row == 2 + 42 * 7));
}
