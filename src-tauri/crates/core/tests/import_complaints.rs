#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Complaint columns in an import (the 售后 sheet of the workbook export, or a hand-made
//! 投诉登记表): headers in both languages, the choice words, the defaults (received on the
//! service's day, resolved when a resolved date is given), and bad cells reported under
//! their column.
mod common;
use chrono::NaiveDate;
use chrono_tz::Asia::Shanghai;
use common::*;
use rapport_core::import::headers::{map_columns, recognise, Target};
use rapport_core::import::plan::{plan, BookIndex, PlanOptions, Sheet};
use rapport_core::import::values::{
    parse_complaint_category, parse_complaint_severity, parse_complaint_status, DateOrder,
};
use rapport_core::model::{
    ComplaintCategory, ComplaintInput, ComplaintSeverity, ComplaintStatus, Language,
};

fn row(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

#[test]
fn complaint_headers_are_recognised_in_both_languages() {
    use Target::*;
    for (header, target) in [
        ("投诉日期", ComplaintReceived),
        ("受理日期", ComplaintReceived),
        ("Complaint received", ComplaintReceived),
        ("投诉类别", ComplaintCategory),
        ("Complaint category", ComplaintCategory),
        ("严重程度", ComplaintSeverity),
        ("Severity", ComplaintSeverity),
        ("处理状态", ComplaintStatus),
        ("Complaint status", ComplaintStatus),
        ("解决日期", ComplaintResolved),
        ("Resolved on", ComplaintResolved),
        ("处理结果", ComplaintResolution),
        ("Resolution", ComplaintResolution),
    ] {
        assert_eq!(recognise(header), Some(target), "{header}");
    }
}

#[test]
fn complaint_choices_are_read_from_labels_and_variants() {
    use ComplaintCategory::*;
    assert_eq!(parse_complaint_category("交付物流"), Ok(Some(Delivery)));
    assert_eq!(parse_complaint_category("物流"), Ok(Some(Delivery)));
    assert_eq!(parse_complaint_category("Billing"), Ok(Some(Billing)));
    assert_eq!(parse_complaint_category(" "), Ok(None));
    assert!(parse_complaint_category("天气").is_err());
    assert_eq!(
        parse_complaint_severity("严重"),
        Ok(Some(ComplaintSeverity::High))
    );
    assert_eq!(
        parse_complaint_severity("low"),
        Ok(Some(ComplaintSeverity::Low))
    );
    assert_eq!(
        parse_complaint_status("In progress"),
        Ok(Some(ComplaintStatus::InProgress))
    );
    assert_eq!(
        parse_complaint_status("已处理"),
        Ok(Some(ComplaintStatus::Resolved))
    );
    assert!(parse_complaint_status("挂起").is_err());
}

#[test]
fn complaint_rows_plan_complaints_and_bad_cells_name_their_column() {
    let header = row(&[
        "客户名称",
        "投诉日期",
        "投诉类别",
        "严重程度",
        "处理状态",
        "解决日期",
        "处理结果",
        "满意度",
    ]);
    let columns = map_columns(&header);
    let rows = vec![
        row(&["甲", "2026-11-01", "物流", "严重", "处理中", "", "", ""]),
        // No status: a resolved date makes it resolved.
        row(&[
            "乙",
            "2026-10-30",
            "质量",
            "",
            "",
            "2026-11-02",
            "换货",
            "5",
        ]),
        row(&[
            "丙",
            "2026-11-05",
            "质量",
            "一般",
            "已解决",
            "2026-11-01",
            "",
            "",
        ]),
        row(&["丁", "2026-11-06", "天气", "", "", "", "", ""]),
    ];
    let sheet = Sheet {
        header: &header,
        columns: &columns,
        rows: &rows,
        first_row: 2,
    };
    let options = PlanOptions::new(DateOrder::MonthFirst, Shanghai, t(20));
    let p = plan(&sheet, &options, &BookIndex::new(&[]));
    let services = |name: &str| {
        p.customers
            .iter()
            .find(|c| c.input.fields.name == name)
            .map(|c| c.records.services.clone())
            .unwrap_or_default()
    };
    let a = services("甲");
    assert_eq!(a[0].date, day(11, 1), "dated the day it was received");
    assert_eq!(
        a[0].complaint,
        Some(ComplaintInput {
            received_on: day(11, 1),
            category: "delivery".into(),
            severity: "high".into(),
            status: "inProgress".into(),
            resolved_on: None,
            resolution: String::new(),
        })
    );
    let b = services("乙");
    let c = b[0].complaint.as_ref().unwrap();
    assert_eq!(
        (c.status.as_str(), c.resolved_on),
        ("resolved", Some(day(11, 2)))
    );
    assert_eq!(
        (c.severity.as_str(), c.resolution.as_str()),
        ("medium", "换货")
    );
    assert_eq!(b[0].satisfaction, Some(5));
    let errors: Vec<String> = p.invalid.iter().map(|e| e.message(Language::Zh)).collect();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors[0].starts_with("第 4 行，“解决日期”"), "{errors:?}");
    assert!(errors[0].contains("不能早于投诉受理日期"), "{errors:?}");
    assert!(errors[1].starts_with("第 5 行，“投诉类别”"), "{errors:?}");
    assert!(errors[1].contains("不是有效的投诉类别"), "{errors:?}");
}
