#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The JSON, vCard and iCalendar exports: the JSON round trip, vCard and iCalendar escaping,
//! folding (long Chinese lines stay valid UTF-8, at most 75 octets per physical line), CRLF,
//! and the calendar holding only open follow-ups at the right UTC times.
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Asia::Shanghai;
use rapport_core::export::{
    to_ics, to_json, to_vcard, JsonExport, JSON_FORMAT, JSON_VERSION, MAX_LINE_OCTETS,
};
use rapport_core::model::*;
use rapport_core::store::ExportSet;

fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
}

fn shanghai(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Shanghai
        .with_ymd_and_hms(y, m, d, h, min, 0)
        .unwrap()
        .with_timezone(&Utc)
}

fn tag(id: &str, name: &str) -> Tag {
    Tag {
        id: id.into(),
        name: name.into(),
        color: "#3366ff".into(),
    }
}

fn tags() -> Vec<Tag> {
    vec![
        tag("T1", "VIP"),
        tag("T2", "华东"),
        tag("T3", "a,b;c"),
        tag("T4", "unused"),
    ]
}

fn stored(id: &str, fields: CustomerFields, tag_ids: &[&str]) -> Customer {
    Customer {
        id: id.into(),
        fields,
        tag_ids: tag_ids.iter().map(|t| t.to_string()).collect(),
        created_at: utc(2026, 1, 2, 3, 4),
        updated_at: utc(2026, 2, 3, 4, 5),
        deleted_at: None,
    }
}

fn customers() -> Vec<Customer> {
    let company = CustomerFields {
        name: "杭州云栖科技有限公司".into(),
        company: "杭州云栖科技有限公司".into(),
        department: "采购部".into(),
        position: "总经理".into(),
        phones: vec!["+86 138 0013 8000".into(), "0571-8888 6666".into()],
        emails: vec!["info@yunqi.cn".into()],
        wechat_ids: vec!["yunqi_wx".into()],
        address: "浙江省杭州市西湖区文三路 100 号".into(),
        website: "https://yunqi.cn".into(),
        notes: "老客户介绍\n第二行, 含; 分号 \\ 反斜杠".into(),
        first_contact_date: NaiveDate::from_ymd_opt(2026, 1, 2),
        category: Some(Category::Interested),
        stage: Stage::Proposal,
        priority: Priority::High,
        contacts: vec![Contact {
            name: "王芳".into(),
            title: "采购经理".into(),
            phone: "13912345678".into(),
            email: "wangfang@yunqi.cn".into(),
            birthday: NaiveDate::from_ymd_opt(1990, 5, 6),
            role: Some(DecisionRole::DecisionMaker),
        }],
        needs: Needs {
            core_need: "CRM".into(),
            budget: "15-20万".into(),
            decision_chain: "总经理".into(),
            deadline: NaiveDate::from_ymd_opt(2026, 12, 31),
        },
        custom_fields: vec![
            CustomField {
                name: "合同编号".into(),
                value: CustomValue::Text("HT-1".into()),
            },
            CustomField {
                name: "Score".into(),
                value: CustomValue::Number(4.5),
            },
            CustomField {
                name: "Since".into(),
                value: CustomValue::Date(NaiveDate::from_ymd_opt(2020, 1, 1).unwrap()),
            },
        ],
        ..CustomerFields::default()
    };
    let person = CustomerFields {
        kind: CustomerKind::Person,
        name: "John Smith".into(),
        company: "Acme, Inc.".into(),
        phones: vec!["+1 415 555 0100".into()],
        emails: vec!["john@example.com".into()],
        birthday: NaiveDate::from_ymd_opt(1985, 3, 14),
        ..CustomerFields::default()
    };
    let mut trashed = stored(
        "01C",
        CustomerFields {
            name: "欧阳娜娜".into(),
            kind: CustomerKind::Person,
            ..CustomerFields::default()
        },
        &[],
    );
    trashed.deleted_at = Some(utc(2026, 3, 1, 0, 0));
    vec![
        stored("01A", company, &["T1", "T2", "T3"]),
        stored("01B", person, &["T1"]),
        trashed,
    ]
}

fn follow_up(id: &str, customer: &str, next_at: Option<DateTime<Utc>>, done: bool) -> FollowUp {
    FollowUp {
        id: id.into(),
        customer_id: customer.into(),
        at: utc(2026, 3, 1, 2, 0),
        method: FollowUpMethod::Visit,
        by: "李娜".into(),
        topic: "报价, 第一轮".into(),
        content: "聊了价格;\n客户说 C:\\temp".into(),
        feedback: "有兴趣".into(),
        result: "待报价".into(),
        next_action: "发送报价单".into(),
        next_at,
        next_by: "李娜".into(),
        priority: Priority::High,
        contact: "王芳".into(),
        done,
        created_at: utc(2026, 3, 1, 2, 0),
        updated_at: utc(2026, 3, 1, 2, 0),
    }
}

fn follow_ups() -> Vec<FollowUp> {
    vec![
        // Open, due 9:00 Beijing time on 10 March.
        follow_up(
            "F-open-late",
            "01A",
            Some(shanghai(2026, 3, 10, 9, 0)),
            false,
        ),
        // Done: its next step was taken.
        follow_up("F-done", "01A", Some(shanghai(2026, 3, 5, 9, 0)), true),
        // No next step.
        follow_up("F-none", "01B", None, true),
        // Open, earlier, of the person; no next action written.
        FollowUp {
            next_action: String::new(),
            priority: Priority::Low,
            ..follow_up(
                "F-open-early",
                "01B",
                Some(shanghai(2026, 3, 8, 23, 30)),
                false,
            )
        },
        // Open, but of a customer not exported.
        follow_up("F-other", "01Z", Some(shanghai(2026, 3, 9, 9, 0)), false),
    ]
}

/// The physical lines; checks every one ends with CRLF and no bare LF or CR is left.
fn physical_lines(bytes: &[u8]) -> Vec<&[u8]> {
    assert!(bytes.ends_with(b"\r\n"), "ends with CRLF");
    let lines: Vec<&[u8]> = bytes[..bytes.len() - 1]
        .split(|b| *b == b'\n')
        .map(|l| l.strip_suffix(b"\r").expect("every LF follows a CR"))
        .collect();
    for l in &lines {
        assert!(
            !l.contains(&b'\r'),
            "a bare CR in {:?}",
            String::from_utf8_lossy(l)
        );
    }
    lines
}

/// Every physical line at most 75 octets and valid UTF-8 on its own.
fn assert_folded(bytes: &[u8]) {
    for l in physical_lines(bytes) {
        assert!(l.len() <= MAX_LINE_OCTETS, "{} octets", l.len());
        assert!(std::str::from_utf8(l).is_ok(), "a UTF-8 sequence split");
    }
}

/// The logical lines (continuations joined).
fn unfold(bytes: &[u8]) -> Vec<String> {
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    text.replace("\r\n ", "")
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

fn line<'a>(lines: &'a [String], prefix: &str) -> &'a str {
    lines
        .iter()
        .find(|l| l.starts_with(prefix))
        .unwrap_or_else(|| panic!("no line {prefix} in {lines:#?}"))
}

// ---------------------------------------------------------------- JSON

fn set(customers: &[Customer], tags: &[Tag], follow_ups: &[FollowUp]) -> ExportSet {
    ExportSet {
        customers: customers.to_vec(),
        tags: tags.to_vec(),
        follow_ups: follow_ups.to_vec(),
        ..ExportSet::default()
    }
}

#[test]
fn json_parses_back_into_the_same_model_values() {
    let (c, t, f) = (customers(), tags(), follow_ups());
    let now = utc(2026, 4, 1, 12, 30);
    let bytes = to_json(&set(&c, &t, &f), now).unwrap();
    let text = std::str::from_utf8(&bytes).unwrap();
    assert!(
        text.contains("杭州云栖科技有限公司"),
        "UTF-8, not \\u escapes"
    );
    assert!(text.contains("\n  \"format\""), "pretty-printed");

    let back: JsonExport = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(back.format, JSON_FORMAT);
    assert_eq!(back.version, JSON_VERSION);
    assert_eq!(back.exported_at, now);
    let got: Vec<Customer> = back.customers.iter().map(|c| c.customer.clone()).collect();
    assert_eq!(got, c, "every field of every customer, the trashed one too");
    assert_eq!(back.customers[0].tag_names, ["VIP", "华东", "a,b;c"]);
    assert_eq!(back.customers[1].tag_names, ["VIP"]);
    assert_eq!(back.tags, t, "all tags, used or not");
    let expected: Vec<FollowUp> = f.into_iter().filter(|f| f.customer_id != "01Z").collect();
    assert_eq!(
        back.follow_ups, expected,
        "follow-ups of exported customers"
    );
}

#[test]
fn json_top_level_object_has_the_documented_keys() {
    let bytes = to_json(
        &set(&customers(), &tags(), &follow_ups()),
        utc(2026, 4, 1, 0, 0),
    )
    .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(|k| k.as_str()).collect();
    for k in [
        "format",
        "version",
        "exportedAt",
        "customers",
        "tags",
        "followUps",
        "stages",
        "opportunities",
        "deals",
        "services",
        "history",
    ] {
        assert!(keys.contains(&k), "{k} in {keys:?}");
    }
    assert_eq!(v["format"], "rapport-export");
    assert_eq!(v["version"], 1);
    assert_eq!(v["exportedAt"], "2026-04-01T00:00:00Z");
    let first = &v["customers"][0];
    assert_eq!(first["id"], "01A");
    assert_eq!(first["tagIds"][1], "T2");
    assert_eq!(first["tagNames"][1], "华东");
    assert_eq!(first["name"], "杭州云栖科技有限公司", "fields flattened");
    // A plain Customer reads a customer of the export (the extra tagNames is ignored).
    let c: Customer = serde_json::from_value(first.clone()).unwrap();
    assert_eq!(c, customers()[0]);
    let f: FollowUp = serde_json::from_value(v["followUps"][0].clone()).unwrap();
    assert_eq!(f, follow_ups()[0]);
    let t: Tag = serde_json::from_value(v["tags"][2].clone()).unwrap();
    assert_eq!(t.name, "a,b;c");
}

#[test]
fn json_of_an_empty_book() {
    let bytes = to_json(&ExportSet::default(), utc(2026, 4, 1, 0, 0)).unwrap();
    let back: JsonExport = serde_json::from_slice(&bytes).unwrap();
    assert!(back.customers.is_empty() && back.tags.is_empty() && back.follow_ups.is_empty());
}

// ---------------------------------------------------------------- vCard

#[test]
fn vcard_has_one_card_per_customer_with_its_fields() {
    let bytes = to_vcard(&customers(), &tags(), Language::Zh).unwrap();
    assert_folded(&bytes);
    let lines = unfold(&bytes);
    assert_eq!(lines.iter().filter(|l| *l == "BEGIN:VCARD").count(), 3);
    assert_eq!(lines.iter().filter(|l| *l == "END:VCARD").count(), 3);
    assert_eq!(lines.iter().filter(|l| *l == "VERSION:4.0").count(), 3);
    let card: Vec<String> = lines
        .iter()
        .skip_while(|l| *l != "BEGIN:VCARD")
        .take_while(|l| *l != "END:VCARD")
        .cloned()
        .collect();
    assert_eq!(card[1], "VERSION:4.0", "VERSION right after BEGIN");
    assert_eq!(line(&card, "FN:"), "FN:杭州云栖科技有限公司");
    assert_eq!(
        line(&card, "N:"),
        "N:;;;;",
        "a company named after itself has no N"
    );
    assert_eq!(line(&card, "KIND:"), "KIND:org");
    assert_eq!(line(&card, "UID"), "UID;VALUE=text:01A@rapport");
    assert_eq!(line(&card, "ORG:"), "ORG:杭州云栖科技有限公司;采购部");
    assert_eq!(line(&card, "TITLE:"), "TITLE:总经理");
    assert_eq!(
        line(&card, "TEL;TYPE=cell:"),
        "TEL;TYPE=cell:+86 138 0013 8000"
    );
    assert_eq!(
        line(&card, "TEL;TYPE=work:"),
        "TEL;TYPE=work:0571-8888 6666"
    );
    assert_eq!(line(&card, "EMAIL:"), "EMAIL:info@yunqi.cn");
    assert_eq!(
        line(&card, "IMPP"),
        "IMPP;X-SERVICE-TYPE=WeChat:weixin:yunqi_wx"
    );
    assert_eq!(
        line(&card, "ADR"),
        "ADR;TYPE=work:;;浙江省杭州市西湖区文三路 100 号;;;;"
    );
    assert_eq!(line(&card, "URL:"), "URL:https://yunqi.cn");
    assert_eq!(line(&card, "CATEGORIES:"), "CATEGORIES:VIP,华东,a\\,b\\;c");
    assert_eq!(
        line(&card, "RELATED"),
        "RELATED;TYPE=contact;VALUE=text:王芳"
    );
    assert_eq!(line(&card, "REV:"), "REV:20260203T040500Z");
    assert!(
        !card.iter().any(|l| l.starts_with("BDAY")),
        "no birthday, no BDAY"
    );

    let john: Vec<String> = lines
        .split(|l| l == "BEGIN:VCARD")
        .find(|card| card.iter().any(|l| l == "FN:John Smith"))
        .unwrap()
        .to_vec();
    assert_eq!(line(&john, "N:"), "N:Smith;John;;;");
    assert_eq!(line(&john, "KIND:"), "KIND:individual");
    assert_eq!(line(&john, "ORG:"), "ORG:Acme\\, Inc.");
    assert_eq!(line(&john, "BDAY:"), "BDAY:19850314");
    assert_eq!(line(&john, "TEL:"), "TEL:+1 415 555 0100", "type unknown");
    assert!(
        lines.iter().any(|l| l == "N:欧阳;娜娜;;;"),
        "compound surname"
    );
}

#[test]
fn vcard_escapes_backslash_comma_semicolon_and_newlines() {
    let bytes = to_vcard(&customers(), &tags(), Language::Zh).unwrap();
    let lines = unfold(&bytes);
    assert_eq!(
        line(&lines, "NOTE:"),
        "NOTE:老客户介绍\\n第二行\\, 含\\; 分号 \\\\ 反斜杠\\n联系人：王芳，采购经理，13912345678，wangfang@yunqi.cn"
    );
    let en = unfold(&to_vcard(&customers(), &tags(), Language::En).unwrap());
    assert!(line(&en, "NOTE:")
        .ends_with("\\nContact: 王芳\\, 采购经理\\, 13912345678\\, wangfang@yunqi.cn"));
    // CR, CRLF and LF all become \n; other control characters are dropped.
    let mut c = customers().remove(1);
    c.fields.notes = "a\r\nb\rc\nd\u{7}e\tf".into();
    let lines = unfold(&to_vcard(&[c], &[], Language::En).unwrap());
    assert_eq!(line(&lines, "NOTE:"), "NOTE:a\\nb\\nc\\nde f");
}

#[test]
fn vcard_folds_long_chinese_lines_without_splitting_characters() {
    let mut c = customers().remove(0);
    // 3-byte and 4-byte characters mixed with ASCII so fold points fall everywhere.
    c.fields.notes = "客户说：预算充足，下周安排演示。😀 Demo next week, 谢谢！".repeat(12);
    c.fields.address = "浙".repeat(100);
    let bytes = to_vcard(&[c.clone()], &tags(), Language::Zh).unwrap();
    assert_folded(&bytes);
    let physical = physical_lines(&bytes);
    assert!(physical.len() > 20, "long lines were folded");
    assert!(physical
        .iter()
        .filter(|l| l.starts_with(b" "))
        .all(|l| l.len() > 1));
    let lines = unfold(&bytes);
    assert_eq!(
        line(&lines, "ADR"),
        format!("ADR;TYPE=work:;;{};;;;", "浙".repeat(100))
    );
    assert!(line(&lines, "NOTE:").contains("😀 Demo next week"));
}

// ---------------------------------------------------------------- iCalendar

fn events(lines: &[String]) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut current: Option<Vec<String>> = None;
    for l in lines {
        match l.as_str() {
            "BEGIN:VEVENT" => current = Some(Vec::new()),
            "END:VEVENT" => out.extend(current.take()),
            _ => {
                if let Some(e) = current.as_mut() {
                    e.push(l.clone());
                }
            }
        }
    }
    out
}

#[test]
fn ics_holds_only_open_follow_ups_at_their_utc_times() {
    let now = utc(2026, 3, 2, 8, 15);
    let bytes = to_ics(&customers(), &follow_ups(), Language::Zh, now).unwrap();
    assert_folded(&bytes);
    let lines = unfold(&bytes);
    assert_eq!(lines.first().unwrap(), "BEGIN:VCALENDAR");
    assert_eq!(lines.last().unwrap(), "END:VCALENDAR");
    assert!(lines.contains(&"VERSION:2.0".to_string()));
    assert!(lines.iter().any(|l| l.starts_with("PRODID:")));
    let events = events(&lines);
    assert_eq!(
        events.len(),
        2,
        "done, no-next-step and foreign follow-ups left out"
    );

    // Ordered by due time: 23:30 on 8 March Beijing time is 15:30Z.
    let early = &events[0];
    assert_eq!(line(early, "UID:"), "UID:F-open-early@rapport");
    assert_eq!(line(early, "DTSTART:"), "DTSTART:20260308T153000Z");
    assert_eq!(line(early, "DTSTAMP:"), "DTSTAMP:20260302T081500Z");
    assert_eq!(line(early, "DURATION:"), "DURATION:PT30M");
    assert_eq!(line(early, "SUMMARY:"), "SUMMARY:跟进 John Smith");
    assert_eq!(line(early, "PRIORITY:"), "PRIORITY:9");

    let late = &events[1];
    assert_eq!(line(late, "UID:"), "UID:F-open-late@rapport");
    assert_eq!(
        line(late, "DTSTART:"),
        "DTSTART:20260310T010000Z",
        "09:00 Beijing"
    );
    assert_eq!(
        line(late, "SUMMARY:"),
        "SUMMARY:杭州云栖科技有限公司：发送报价单"
    );
    assert_eq!(
        line(late, "DESCRIPTION:"),
        "DESCRIPTION:报价\\, 第一轮\\n聊了价格\\;\\n客户说 C:\\\\temp"
    );
    assert_eq!(line(late, "PRIORITY:"), "PRIORITY:1");
}

#[test]
fn ics_summary_in_english_and_uids_stable() {
    let now = utc(2026, 3, 2, 8, 15);
    let a = to_ics(&customers(), &follow_ups(), Language::En, now).unwrap();
    let lines = unfold(&a);
    assert!(lines.contains(&"SUMMARY:Follow up John Smith".to_string()));
    assert!(lines.contains(&"SUMMARY:杭州云栖科技有限公司: 发送报价单".to_string()));
    // A later export: the same UIDs, whatever the order of the input.
    let mut shuffled = follow_ups();
    shuffled.reverse();
    let b = to_ics(&customers(), &shuffled, Language::En, utc(2026, 3, 3, 0, 0)).unwrap();
    let uids = |bytes: &[u8]| -> Vec<String> {
        unfold(bytes)
            .into_iter()
            .filter(|l| l.starts_with("UID:"))
            .collect()
    };
    assert_eq!(uids(&a), uids(&b));
}

#[test]
fn ics_folds_long_chinese_descriptions() {
    let mut f = follow_up("F-long", "01A", Some(utc(2026, 5, 1, 1, 0)), false);
    f.content = "客户希望在下个月完成全部部署，并安排两次培训；预算已批准。".repeat(20);
    f.next_action = "准备合同".repeat(30);
    let bytes = to_ics(
        &customers(),
        &[f.clone()],
        Language::Zh,
        utc(2026, 4, 1, 0, 0),
    )
    .unwrap();
    assert_folded(&bytes);
    let lines = unfold(&bytes);
    let description = line(&lines, "DESCRIPTION:");
    assert!(
        description.ends_with(&f.content),
        "full-width ，； are not escaped"
    );
    assert!(line(&lines, "SUMMARY:").ends_with(&f.next_action));
}

#[test]
fn ics_without_open_follow_ups_is_an_empty_calendar() {
    let bytes = to_ics(&customers(), &[], Language::Zh, utc(2026, 4, 1, 0, 0)).unwrap();
    let lines = unfold(&bytes);
    assert!(!lines.iter().any(|l| l == "BEGIN:VEVENT"));
    assert_eq!(lines.last().unwrap(), "END:VCALENDAR");
}
