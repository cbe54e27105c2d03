#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Column headers as legacy sheets have them: a 客户跟进记录表 under a title and a date line,
//! HubSpot's English export, merged and two-row headers, and the synonyms table itself.
use proptest::prelude::*;
use rapport_core::import::headers::{
    combine_two_rows, fill_merged, find_header_row, header_signature, is_sub_header, join_names,
    locate_header, map_columns, normalise, recognise, synonyms, Header,
    Target::{self, *},
};
use std::collections::HashMap;

fn row(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

fn custom(name: &str) -> Target {
    Custom(name.into())
}

/// The classic 客户跟进记录表 as exported from Excel: title, date line, header, data.
#[rustfmt::skip]
fn follow_up_sheet() -> Vec<Vec<String>> {
    vec![
        row(&["客户跟进记录表", "", "", "", "", "", "", "", "", "", "", "", ""]),
        row(&["制表日期：2024年5月1日", "", "", "", "", "", "", "", "", "", "", "", ""]),
        row(&["序号", "客户名称", "联系人", "联系电话", "客户类别", "跟进时间", "跟进方式", "跟进内容",
              "客户反馈", "跟进结果", "下次跟进时间", "跟进人", "备注"]),
        row(&["1", "杭州云栖科技有限公司", "张伟", "13800138000", "意向客户", "2024/5/1", "电话",
              "介绍方案", "有兴趣", "约演示", "2024-05-08", "李娜", ""]),
        row(&["2", "上海华信商贸有限公司", "王芳", "13912345678", "准客户", "2024年5月2日", "上门拜访",
              "演示产品", "价格偏高", "待报价", "", "陈强", "老客户"]),
    ]
}

#[test]
fn follow_up_sheet_header_is_found_under_title_and_date_rows() {
    let rows = follow_up_sheet();
    assert_eq!(find_header_row(&rows, 10), Some(2));
    assert_eq!(
        map_columns(&rows[2]),
        [
            Ignore,
            Name,
            ContactName,
            Phones,
            Category,
            FollowUpAt,
            FollowUpMethod,
            FollowUpContent,
            FollowUpFeedback,
            FollowUpResult,
            NextFollowUpAt,
            FollowUpBy,
            Notes,
        ]
    );
    let header = locate_header(&rows, 10).unwrap();
    assert_eq!((header.row, header.data_start), (2, 3));
    assert_eq!(header.cells, rows[2]);
}

#[test]
fn the_header_must_be_within_max_scan() {
    let rows = follow_up_sheet();
    assert_eq!(find_header_row(&rows, 2), None);
    assert_eq!(find_header_row(&rows, 3), Some(2));
    assert_eq!(find_header_row(&[], 10), None);
    assert_eq!(locate_header(&rows, 2), None);
}

#[test]
fn no_header_when_no_row_is_mostly_known() {
    let rows = vec![
        row(&["甲", "乙", "丙"]),
        row(&["客户名称", "自定义一", "自定义二"]), // one known out of three
        row(&["1", "2", "3"]),
    ];
    assert_eq!(find_header_row(&rows, 10), None);
}

#[test]
fn header_row_ties_go_to_the_earliest() {
    // The header printed again on a second page: the same score twice.
    let header = row(&["客户名称", "电话", "备注"]);
    let rows = vec![
        row(&["客户名单"]),
        header.clone(),
        row(&["张伟", "138", ""]),
        header.clone(),
        row(&["王芳", "139", ""]),
    ];
    assert_eq!(find_header_row(&rows, 10), Some(1));
    // A title that happens to be a header word (客户) scores 1: the real header, 3, wins.
    let rows = vec![row(&["客户"]), header.clone(), row(&["张伟", "138", ""])];
    assert_eq!(find_header_row(&rows, 10), Some(1));
    // Equal scores of two different rows: the earlier one.
    let rows = vec![row(&["姓名", "电话", "x"]), row(&["公司", "邮箱", "y"])];
    assert_eq!(find_header_row(&rows, 10), Some(0));
    // More known headers later beats fewer earlier.
    let rows = vec![row(&["姓名", "电话"]), row(&["公司", "邮箱", "地址"])];
    assert_eq!(find_header_row(&rows, 10), Some(1));
}

#[test]
#[rustfmt::skip]
fn hubspot_export_headers() {
    let header = row(&[
        "Record ID", "First Name", "Last Name", "Email", "Phone Number", "Company Name",
        "Lifecycle Stage", "Lead Status", "Contact owner", "Create Date", "Last Activity Date",
        "Job Title", "Mobile Phone Number", "Street Address", "City", "State/Region",
        "Country/Region", "Postal Code", "Website URL", "Industry", "Number of Employees",
        "Original Source",
    ]);
    let rows = vec![header.clone(), row(&["101", "Sarah", "Johnson"])];
    assert_eq!(find_header_row(&rows, 5), Some(0));
    assert_eq!(map_columns(&header), [
        custom("Record ID"), FirstName, LastName, Emails, Phones, Company,
        Stage, custom("Lead Status"), Owner, FirstContactDate, custom("Last Activity Date"),
        Position, Phones, Address, Address, Address,
        Address, Address, Website, Industry, CompanySize,
        Source,
    ]);
}

#[test]
fn first_and_last_names_are_joined() {
    assert_eq!(join_names("Sarah", "Johnson"), "Sarah Johnson");
    assert_eq!(join_names("伟", "张"), "张伟");
    assert_eq!(join_names(" Wei ", "张"), "Wei 张");
    assert_eq!(join_names("", "Johnson"), "Johnson");
    assert_eq!(join_names("Sarah", " "), "Sarah");
    assert_eq!(recognise("姓"), Some(LastName));
    assert_eq!(recognise("名"), Some(FirstName));
}

#[test]
#[rustfmt::skip]
fn synonyms_in_both_languages() {
    let cases: &[(&str, Target)] = &[
        // Name and company (see the module's decisions).
        ("客户名称", Name), ("客户", Name), ("客户姓名", Name), ("姓名", Name), ("Name", Name),
        ("Customer", Name), ("Customer Name", Name), ("公司名称", Company), ("公司", Company),
        ("单位名称", Company), ("Company name", Company), ("Company", Company),
        ("联系人", ContactName), ("联系人姓名", ContactName), ("联系人电话", ContactPhone),
        ("联系人手机", ContactPhone), ("联系人手机号", ContactPhone), ("联系人邮箱", ContactEmail),
        ("联系人职务", ContactTitle), ("联系人职位", ContactTitle), ("Contact name", ContactName),
        // Phones, e-mail, address, WeChat.
        ("联系方式", Phones), ("电话", Phones), ("手机", Phones), ("手机号", Phones),
        ("联系电话", Phones), ("Phone", Phones), ("Mobile", Phones), ("Tel", Phones),
        ("客户电话", Phones), ("邮箱", Emails), ("电子邮件", Emails), ("E-mail", Emails),
        ("Email", Emails), ("地址", Address), ("Address", Address), ("微信", WechatIds),
        ("微信号", WechatIds), ("WeChat", WechatIds), ("WeChat ID", WechatIds),
        // The rest of the customer.
        ("行业", Industry), ("Industry", Industry), ("客户来源", Source), ("来源", Source),
        ("渠道", Source), ("Source", Source), ("Lead source", Source), ("负责人", Owner),
        ("跟进人", FollowUpBy), ("销售", Owner), ("业务员", FollowUpBy), ("Owner", Owner),
        ("跟进人员", FollowUpBy), ("归属", Owner), ("客户经理", Owner),
        ("Contact owner", Owner), ("Sales rep", Owner), ("客户类别", Category),
        ("客户类型", Category), ("类别", Category), ("Category", Category), ("阶段", Stage),
        ("成交状态", Stage), ("销售阶段", Stage), ("Stage", Stage), ("Deal stage", Stage),
        ("Lifecycle stage", Stage), ("优先级", Priority), ("Priority", Priority),
        ("标签", Tags), ("Tags", Tags), ("备注", Notes), ("Remarks", Notes), ("Notes", Notes),
        ("公司规模", CompanySize), ("网站", Website), ("主营业务", MainBusiness),
        ("首次接触日期", FirstContactDate), ("生日", Birthday), ("合同到期日", ContractExpiry),
        ("流失原因", LostReason), ("核心需求", CoreNeed), ("预算", Budget), ("Budget", Budget),
        ("决策链", DecisionChain), ("截止日期", Deadline), ("职位", Position),
        ("部门", Department), ("客户性质", Kind),
        // The follow-up.
        ("跟进时间", FollowUpAt), ("跟进日期", FollowUpAt), ("Date", FollowUpAt),
        ("Follow-up date", FollowUpAt), ("Follow up date", FollowUpAt), ("跟进方式", FollowUpMethod),
        ("方式", FollowUpMethod), ("Method", FollowUpMethod), ("Channel", FollowUpMethod),
        ("跟进主题", FollowUpTopic), ("Subject", FollowUpTopic), ("跟进内容", FollowUpContent),
        ("跟进情况", FollowUpContent), ("沟通内容", FollowUpContent),
        ("Follow-up notes", FollowUpContent), ("客户反馈", FollowUpFeedback),
        ("Feedback", FollowUpFeedback), ("跟进结果", FollowUpResult), ("Result", FollowUpResult),
        ("下一步计划", NextAction), ("Next step", NextAction), ("下次跟进时间", NextFollowUpAt),
        ("下次跟进日期", NextFollowUpAt), ("Next follow-up", NextFollowUpAt),
        ("下次跟进人", NextFollowUpBy), ("序号", Ignore), ("No.", Ignore), ("#", Ignore),
    ];
    for (header, target) in cases {
        assert_eq!(recognise(header).as_ref(), Some(target), "{header}");
    }
}

#[test]
fn headers_are_normalised_before_matching() {
    let cases: &[(&str, Target)] = &[
        ("  客户名称  ", Name),
        ("*客户名称", Name),
        ("客户名称*", Name),
        ("客户名称：", Name),
        ("客户名称:", Name),
        ("【必填】客户名称", Name),
        ("预算（元）", Budget),
        ("预算(万元)", Budget),
        ("跟进日期(yyyy-mm-dd)", FollowUpAt),
        ("ＣＵＳＴＯＭＥＲ　ＮＡＭＥ", Name),
        ("ｅｍａｉｌ", Emails),
        ("下次跟进\n时间", NextFollowUpAt),
        ("\u{feff}客户名称", Name),
        ("EMAIL ADDRESS", Emails),
        ("follow_up_date", FollowUpAt),
        ("电话1", Phones),
        ("电话 2", Phones),
        ("联系人2", ContactName),
        ("联系人电话2", ContactPhone),
        ("客户邮箱", Emails),
        ("Customer Email", Emails),
    ];
    for (header, target) in cases {
        assert_eq!(recognise(header).as_ref(), Some(target), "{header:?}");
    }
    assert_eq!(normalise(" 客户名称（必填）* "), "客户名称");
    assert_eq!(
        normalise("（元）"),
        "元",
        "brackets are kept when nothing else is left"
    );
}

#[test]
#[rustfmt::skip]
fn traditional_headers_are_folded_to_simplified() {
    let cases: &[(&str, Target)] = &[
        ("客戶名稱", Name), ("聯絡人", ContactName), ("聯繫人", ContactName), ("電話", Phones),
        ("手機", Phones), ("聯絡電話", Phones), ("行動電話", Phones), ("電子郵件", Emails),
        ("電郵", Emails), ("地址", Address), ("客戶來源", Source), ("客戶類別", Category),
        ("標籤", Tags), ("備註", Notes), ("首次接觸日期", FirstContactDate), ("負責人", Owner),
        ("業務員", FollowUpBy), ("銷售階段", Stage), ("客戶狀態", Stage), ("優先級", Priority),
        ("預算（元）", Budget), ("決策鏈", DecisionChain), ("公司規模", CompanySize),
        ("網站", Website), ("職務", Position), ("部門", Department), ("跟進時間", FollowUpAt),
        ("跟進方式", FollowUpMethod), ("跟進內容", FollowUpContent), ("跟進結果", FollowUpResult),
        ("下次跟進時間", NextFollowUpAt), ("下次聯絡時間", NextFollowUpAt),
        ("聯絡人電話", ContactPhone), ("聯絡人郵箱", ContactEmail), ("聯繫人職務", ContactTitle),
        ("對接人", ContactName), ("序號", Ignore),
    ];
    for (header, target) in cases {
        assert_eq!(recognise(header).as_ref(), Some(target), "{header}");
    }
    assert_eq!(normalise("客戶名稱"), "客户名称");
    assert_eq!(normalise("首次接觸日期（年/月/日）"), "首次接触日期");
    // Simplified headers, and characters both scripts write, are left alone.
    assert_eq!(normalise("决策模式"), "决策模式");
    assert_eq!(
        map_columns(&row(&["客戶名稱", "聯絡人", "電話", "手機", "電子郵件", "地址", "客戶來源",
                           "客戶類別", "標籤", "備註", "首次接觸日期"])),
        [Name, ContactName, Phones, Phones, Emails, Address, Source, Category, Tags, Notes,
         FirstContactDate]
    );
}

#[test]
fn unknown_and_look_alike_headers_are_not_recognised() {
    for header in [
        "",
        "   ",
        "客户跟进记录表",
        "制表日期：2024年5月1日",
        "日期：20240501",
        "电话123",
        "Lead Status",
        "Last Activity Date",
        "Annual Revenue",
        "张伟",
        "13800138000",
        "customer id",
        "联系人地址",
        "2024-05-01",
    ] {
        assert_eq!(recognise(header), None, "{header:?}");
    }
}

/// Every target but `Custom`.
#[rustfmt::skip]
fn every_target() -> [Target; 45] {
    [
        Kind, Name, FirstName, LastName, Company, Position, Department, Phones, Emails, Address,
        WechatIds, Industry, CompanySize, Website, MainBusiness, Source, FirstContactDate,
        FirstContactBy, Owner, Birthday, ContractExpiry, Notes, Category, Stage, LostReason,
        Priority, Tags, CoreNeed, Budget, DecisionChain, Deadline, ContactName, ContactTitle,
        ContactPhone, ContactEmail, FollowUpAt, FollowUpMethod, FollowUpTopic, FollowUpContent,
        FollowUpFeedback, FollowUpResult, NextAction, NextFollowUpAt, NextFollowUpBy, Ignore,
    ]
}

#[test]
fn the_synonyms_table_is_consistent() {
    let mut seen = HashMap::new();
    for (key, target) in synonyms() {
        assert_eq!(normalise(key), *key, "keys are written normalised");
        assert!(!matches!(target, Custom(_)));
        assert!(seen.insert(*key, target).is_none(), "{key} is listed twice");
        assert_eq!(recognise(key).as_ref(), Some(target), "{key}");
    }
    // Every target has a Chinese and an English synonym.
    for target in every_target() {
        let keys: Vec<&str> = synonyms()
            .iter()
            .filter(|(_, t)| *t == target)
            .map(|(k, _)| *k)
            .collect();
        assert!(
            keys.iter().any(|k| !k.is_ascii()),
            "{target:?} has no Chinese synonym"
        );
        assert!(
            keys.iter().any(|k| k.is_ascii()),
            "{target:?} has no English synonym"
        );
    }
}

#[test]
fn map_columns_decides_duplicates_and_empties() {
    let header = row(&[
        "客户名称",
        "电话",
        "手机",
        "",
        "客户名称",
        "负责人",
        "跟进人",
        "自定义",
        "自定义",
        "自定义 (2)",
        "  ",
        "序号",
        "No.",
        "备注",
        "备注2",
        "Wechat",
        "微信号",
    ]);
    assert_eq!(
        map_columns(&header),
        [
            Name,
            Phones,
            Phones,
            Ignore,
            custom("客户名称"),
            Owner,
            FollowUpBy,
            custom("自定义"),
            custom("自定义 (2)"),
            custom("自定义 (2) (2)"),
            Ignore,
            Ignore,
            Ignore,
            Notes,
            Notes,
            WechatIds,
            WechatIds,
        ]
    );
}

#[test]
fn custom_names_are_tidy_and_unique_ignoring_case() {
    let long = "长".repeat(150);
    let header = row(&[" 合同\n编号 ", "Region", "REGION", &long, &long]);
    let mapped = map_columns(&header);
    assert_eq!(mapped[0], custom("合同 编号"));
    assert_eq!(mapped[1], custom("Region"));
    assert_eq!(mapped[2], custom("REGION (2)"));
    let Custom(a) = &mapped[3] else { panic!() };
    let Custom(b) = &mapped[4] else { panic!() };
    assert_eq!(a.chars().count(), 100);
    assert!(b.chars().count() <= 100 && b.ends_with(" (2)"), "{b}");
}

#[test]
fn signature_is_stable_and_normalised() {
    let a = row(&["客户名称", "电话", "金额（元）", "Email"]);
    let b = row(&[" 客户名称 ", "电 话", "金额(元)", "EMAIL", "", ""]);
    assert_eq!(header_signature(&a), header_signature(&b));
    // The exact form is part of saved settings: it must not change silently.
    assert_eq!(header_signature(&a), "h1:客户名称\t电话\t金额(元)\temail");
    // Units and order matter.
    assert_ne!(
        header_signature(&a),
        header_signature(&row(&["客户名称", "电话", "金额（万元）", "Email"]))
    );
    assert_ne!(
        header_signature(&a),
        header_signature(&row(&["电话", "客户名称", "金额（元）", "Email"]))
    );
    // A column more is another file.
    assert_ne!(
        header_signature(&a),
        header_signature(&row(&["客户名称", "电话", "金额（元）", "Email", "x"]))
    );
    assert_eq!(header_signature(&[]), "h1:");
}

#[test]
fn merged_cells_are_filled() {
    let header = row(&["客户名称", "联系人", "", "", "备注", ""]);
    assert_eq!(
        fill_merged(&header, &[(1, 3)]),
        row(&["客户名称", "联系人", "联系人", "联系人", "备注", ""])
    );
    // Reversed and out-of-range ranges, an empty anchor, a cell already filled.
    assert_eq!(
        fill_merged(&header, &[(5, 4), (0, 0), (2, 3), (9, 12), (5, usize::MAX)]),
        row(&["客户名称", "联系人", "", "", "备注", "备注"])
    );
    assert_eq!(fill_merged(&row(&["a", "b"]), &[(0, 1)]), row(&["a", "b"]));
}

#[test]
fn two_row_header_below_the_found_row() {
    // 序号, 客户名称 and 跟进时间 span both rows; 联系人 spans 姓名 | 电话.
    let rows = vec![
        row(&["客户跟进记录表"]),
        row(&[
            "序号",
            "客户名称",
            "联系人",
            "",
            "联系方式",
            "",
            "跟进时间",
            "合同",
            "",
        ]),
        row(&["", "", "姓名", "电话", "手机", "邮箱", "", "编号", "到期日"]),
        row(&[
            "1",
            "云栖科技",
            "张伟",
            "138",
            "139",
            "a@b.cn",
            "2024-05-01",
            "HT-1",
            "2025-01-01",
        ]),
    ];
    assert!(is_sub_header(&rows[1], &rows[2]));
    assert!(
        !is_sub_header(&rows[2], &rows[3]),
        "data is not a sub-header"
    );
    let header = locate_header(&rows, 10).unwrap();
    assert_eq!(
        header,
        Header {
            row: 1,
            data_start: 3,
            cells: row(&[
                "序号",
                "客户名称",
                "联系人姓名",
                "联系人电话",
                "手机",
                "邮箱",
                "跟进时间",
                "合同编号",
                "合同到期日",
            ]),
        }
    );
    assert_eq!(
        map_columns(&header.cells),
        [
            Ignore,
            Name,
            ContactName,
            ContactPhone,
            Phones,
            Emails,
            FollowUpAt,
            custom("合同编号"),
            ContractExpiry,
        ]
    );
    // The same once the workbook reader filled the merged cells.
    let filled = fill_merged(&rows[1], &[(2, 3), (4, 5), (7, 8)]);
    assert!(is_sub_header(&filled, &rows[2]));
    assert_eq!(combine_two_rows(&filled, &rows[2]), header.cells);
}

#[test]
fn two_row_header_with_group_names_above() {
    // The group row has no known header: the known row is found, then the group above it.
    let rows = vec![
        row(&["客户跟进记录表"]),
        row(&["客户信息", "", "", "跟进情况", "", ""]),
        row(&["客户名称", "电话", "等级", "时间", "内容", "结果"]),
        row(&["云栖科技", "138", "A", "2024-05-01", "演示", "待报价"]),
    ];
    assert_eq!(find_header_row(&rows, 10), Some(2));
    let header = locate_header(&rows, 10).unwrap();
    assert_eq!((header.row, header.data_start), (1, 3));
    assert_eq!(
        header.cells,
        row(&["客户名称", "电话", "客户信息等级", "时间", "内容", "结果"])
    );
    assert_eq!(
        map_columns(&header.cells),
        [
            Name,
            Phones,
            custom("客户信息等级"),
            FollowUpAt,
            FollowUpContent,
            FollowUpResult
        ]
    );
}

#[test]
fn title_and_date_lines_are_never_group_rows() {
    let header = row(&["客户名称", "电话", "跟进时间", "备注"]);
    for above in [
        row(&["客户跟进记录表", "", "", ""]),
        row(&["制表人：张三", "", "日期：2024-05-01", ""]),
        row(&["2024年", "", "5月", ""]),
    ] {
        let rows = vec![
            above,
            header.clone(),
            row(&["张伟", "138", "2024-05-01", ""]),
        ];
        let found = locate_header(&rows, 10).unwrap();
        assert_eq!((found.row, found.data_start), (1, 2), "{:?}", rows[0]);
        assert_eq!(found.cells, header);
    }
}

#[test]
fn data_under_a_header_with_blank_columns_is_not_a_sub_header() {
    let header = row(&["客户名称", "电话", "", "备注"]);
    let data = row(&["张伟", "138", "139", "老客户"]);
    assert!(!is_sub_header(&header, &data));
    let numbers = row(&["", "1", "2", ""]);
    assert!(!is_sub_header(&header, &numbers), "numbers are not headers");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn header_functions_never_panic(
        rows in proptest::collection::vec(proptest::collection::vec("\\PC{0,12}|客户名称|电话|联系人|", 0..8), 0..8),
        ranges in proptest::collection::vec((0usize..12, 0usize..12), 0..4),
    ) {
        let _ = find_header_row(&rows, 6);
        if let Some(h) = locate_header(&rows, 6) {
            prop_assert!(h.data_start > h.row);
            prop_assert_eq!(map_columns(&h.cells).len(), h.cells.len());
        }
        for r in &rows {
            prop_assert_eq!(fill_merged(r, &ranges).len(), r.len());
            let s = header_signature(r);
            prop_assert_eq!(&s, &header_signature(r));
        }
        if rows.len() >= 2 {
            let _ = is_sub_header(&rows[0], &rows[1]);
            let _ = combine_two_rows(&rows[0], &rows[1]);
        }
    }
}
