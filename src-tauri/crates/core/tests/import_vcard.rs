#![allow(clippy::unwrap_used, clippy::expect_used)]
//! vCard import: the header row maps itself, Apple / Android / Outlook / 4.0 cards (Chinese
//! names, quoted-printable UTF-8 and GB2312, folded lines, groups, bare 2.1 parameters) become
//! rows, the table goes through the import plan, Rapport's own vCard export comes back as the
//! same customers, and garbage is an error, never a panic.
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Asia::Shanghai;
use proptest::prelude::*;
use rapport_core::export::to_vcard;
use rapport_core::import::headers::{map_columns, recognise, Target};
use rapport_core::import::plan::{plan, BookIndex, Plan, PlanOptions, Sheet};
use rapport_core::import::values::DateOrder;
use rapport_core::import::vcard::{vcard_table, VcardError, HEADER, MAX_CARDS, MAX_LINE_BYTES};
use rapport_core::model::*;
use rapport_core::CoreError;

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../tests/fixtures/contacts.vcf"
);

fn fixture() -> String {
    std::fs::read_to_string(FIXTURE).unwrap()
}

fn utc(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 0, 0, 0).unwrap()
}

fn plan_table(table: &[Vec<String>]) -> Plan {
    let header = &table[0];
    let columns = map_columns(header);
    let sheet = Sheet {
        header,
        columns: &columns,
        rows: &table[1..],
        first_row: 2,
    };
    let options = PlanOptions::new(DateOrder::DayFirst, Shanghai, utc(2026, 6, 1));
    plan(&sheet, &options, &BookIndex::new(&[]))
}

/// The cell of `row` under header `name`.
fn cell<'a>(table: &'a [Vec<String>], row: usize, name: &str) -> &'a str {
    let col = HEADER.iter().position(|h| *h == name).unwrap();
    &table[row][col]
}

#[test]
fn every_header_cell_maps_to_its_intended_target() {
    use Target::*;
    let expected = [
        Name,
        Kind,
        Company,
        Department,
        Position,
        Phones,
        Emails,
        WechatIds,
        Address,
        Website,
        Birthday,
        Tags,
        ContactName,
        Notes,
    ];
    for (h, t) in HEADER.iter().zip(&expected) {
        assert_eq!(recognise(h).as_ref(), Some(t), "{h}");
    }
    let header: Vec<String> = HEADER.iter().map(|h| h.to_string()).collect();
    assert_eq!(
        map_columns(&header),
        expected,
        "no column is a custom field"
    );
    let table = vcard_table(&fixture()).unwrap();
    assert_eq!(table[0], header);
}

#[test]
fn apple_android_outlook_and_v4_cards_become_rows() {
    let t = vcard_table(&fixture()).unwrap();
    assert_eq!(t.len(), 7, "header + six cards");
    assert!(t.iter().all(|r| r.len() == HEADER.len()));

    // Apple 3.0: groups, repeated type=, escaped note, ADR in Chinese order, PHOTO skipped.
    assert_eq!(cell(&t, 1, "Name"), "王芳");
    assert_eq!(cell(&t, 1, "Customer kind"), "person");
    assert_eq!(cell(&t, 1, "Company"), "杭州云栖科技有限公司");
    assert_eq!(cell(&t, 1, "Department"), "采购部");
    assert_eq!(cell(&t, 1, "Title"), "采购经理");
    assert_eq!(cell(&t, 1, "Phone"), "+86 139 1234 5678; 0571-8888 6666");
    assert_eq!(cell(&t, 1, "Email"), "wangfang@yunqi.cn");
    assert_eq!(
        cell(&t, 1, "Address"),
        "中国 浙江省 杭州市 文三路 100 号 310000"
    );
    assert_eq!(cell(&t, 1, "Website"), "https://yunqi.cn");
    assert_eq!(cell(&t, 1, "Birthday"), "1988-07-21");
    assert_eq!(cell(&t, 1, "Tags"), "VIP; 华东");
    assert_eq!(
        cell(&t, 1, "Notes"),
        "展会认识, 对 CRM 感兴趣; 预算 15 万\n第二行 C:\\客户"
    );

    // Apple company card.
    assert_eq!(cell(&t, 2, "Name"), "上海华信商贸有限公司");
    assert_eq!(cell(&t, 2, "Customer kind"), "company");
    assert_eq!(cell(&t, 2, "Phone"), "021-6234 5678");
    assert_eq!(cell(&t, 2, "Email"), "sales@huaxin.com.cn");
    assert_eq!(
        cell(&t, 2, "Contact name"),
        "",
        "related names are not key contacts"
    );

    // Android 2.1: quoted-printable UTF-8 with a soft line break inside a character.
    assert_eq!(cell(&t, 3, "Name"), "张伟");
    assert_eq!(cell(&t, 3, "Phone"), "13800138000; 010-12345678");
    assert_eq!(cell(&t, 3, "Address"), "北京 中关村大街 1 号");
    assert_eq!(cell(&t, 3, "Notes"), "老客户介绍，需要报价；下周回访");
    assert_eq!(cell(&t, 3, "Birthday"), "1990-01-02");

    // Outlook 2.1: GB2312 quoted-printable, LABEL for the address, a phone the book refuses.
    assert_eq!(cell(&t, 4, "Name"), "Li Na");
    assert_eq!(cell(&t, 4, "Company"), "Acme Trading Ltd.");
    assert_eq!(cell(&t, 4, "Department"), "Sales");
    assert_eq!(cell(&t, 4, "Title"), "Account Manager");
    assert_eq!(cell(&t, 4, "Phone"), "(020) 8765 4321");
    assert_eq!(cell(&t, 4, "Address"), "88 Huanshi Road Guangzhou");
    assert_eq!(
        cell(&t, 4, "Notes"),
        "广交会客户\n电话/Phone: 1-800-FLOWERS"
    );

    // 4.0: tel: URI with extension, quoted TYPE list, RELATED, IMPP, yearless birthday.
    assert_eq!(cell(&t, 5, "Name"), "Ann Lee");
    assert_eq!(cell(&t, 5, "Customer kind"), "person");
    assert_eq!(cell(&t, 5, "Phone"), "+1-415-555-0100 ext. 12");
    assert_eq!(cell(&t, 5, "WeChat"), "ann_wx");
    assert_eq!(
        cell(&t, 5, "Contact name"),
        "Carol Wu",
        "co-worker, not spouse"
    );
    assert_eq!(cell(&t, 5, "Website"), "");
    assert_eq!(cell(&t, 5, "Birthday"), "");
    assert_eq!(cell(&t, 5, "Tags"), "Export; Trade,Fair");
    assert_eq!(
        cell(&t, 5, "Notes"),
        "网址/Website: http://localhost\n生日/Birthday: 03-15"
    );

    // No name, no company: the e-mail.
    assert_eq!(cell(&t, 6, "Name"), "only@example.org");
    assert_eq!(cell(&t, 6, "Email"), "only@example.org");
}

#[test]
fn the_fixture_plans_without_invalid_rows() {
    let plan = plan_table(&vcard_table(&fixture()).unwrap());
    assert!(plan.invalid.is_empty(), "{:#?}", plan.invalid);
    assert_eq!(plan.counts.new_customers, 6);
    let f = |i: usize| &plan.customers[i].input.fields;
    assert_eq!(f(0).name, "王芳");
    assert_eq!(f(0).kind, CustomerKind::Person);
    assert_eq!(f(0).phones, ["+86 139 1234 5678", "0571-8888 6666"]);
    assert_eq!(f(0).birthday, NaiveDate::from_ymd_opt(1988, 7, 21));
    assert_eq!(plan.customers[0].input.tags, ["VIP", "华东"]);
    assert_eq!(f(1).kind, CustomerKind::Company);
    assert_eq!(f(2).name, "张伟");
    assert_eq!(f(2).notes, "老客户介绍，需要报价；下周回访");
    assert_eq!(f(3).position, "Account Manager");
    assert_eq!(f(4).contacts.len(), 1);
    assert_eq!(f(4).contacts[0].name, "Carol Wu");
    assert_eq!(f(4).wechat_ids, ["ann_wx"]);
    assert_eq!(plan.customers[4].input.tags, ["Export", "Trade", "Fair"]);
    assert_eq!(f(5).emails, ["only@example.org"]);
}

#[test]
fn line_endings_do_not_matter() {
    let crlf = vcard_table(&fixture()).unwrap();
    let lf = vcard_table(&fixture().replace("\r\n", "\n")).unwrap();
    let cr = vcard_table(&fixture().replace("\r\n", "\r")).unwrap();
    assert_eq!(crlf, lf);
    assert_eq!(crlf, cr);
    let bom = vcard_table(&format!("\u{feff}{}", fixture())).unwrap();
    assert_eq!(crlf, bom);
}

#[test]
fn folding_follows_the_version() {
    let v3 = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:张\r\n 伟\r\nNOTE:hel\r\n\tlo\r\nEND:VCARD\r\n";
    let t = vcard_table(v3).unwrap();
    assert_eq!(cell(&t, 1, "Name"), "张伟");
    assert_eq!(cell(&t, 1, "Notes"), "hello");
    // 2.1 folds at white space and keeps it.
    let v21 = "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:John\r\n Smith\r\nEND:VCARD\r\n";
    assert_eq!(cell(&vcard_table(v21).unwrap(), 1, "Name"), "John Smith");
}

#[test]
fn nameless_cards_fall_back_to_org_then_email_then_phone() {
    let text = "BEGIN:VCARD\nVERSION:3.0\nORG:北京博远咨询\nEMAIL:a@boyuan.cn\nEND:VCARD\n\
                BEGIN:VCARD\nVERSION:3.0\nEMAIL:b@example.com\nTEL:13800138000\nEND:VCARD\n\
                BEGIN:VCARD\nVERSION:3.0\nTEL:13900139000\nEND:VCARD\n\
                BEGIN:VCARD\nVERSION:3.0\nN:Smith;John;;;\nEND:VCARD\n\
                BEGIN:VCARD\nVERSION:3.0\nN:欧阳;娜娜;;;\nEND:VCARD\n\
                BEGIN:VCARD\nVERSION:3.0\nEND:VCARD\n";
    let t = vcard_table(text).unwrap();
    assert_eq!(cell(&t, 1, "Name"), "北京博远咨询");
    assert_eq!(cell(&t, 1, "Customer kind"), "company");
    assert_eq!(cell(&t, 2, "Name"), "b@example.com");
    assert_eq!(cell(&t, 3, "Name"), "13900139000");
    assert_eq!(cell(&t, 4, "Name"), "John Smith");
    assert_eq!(cell(&t, 5, "Name"), "欧阳娜娜");
    assert!(
        t[6].iter().all(String::is_empty),
        "an empty card, an empty row"
    );
    let plan = plan_table(&t);
    assert!(plan.invalid.is_empty(), "{:#?}", plan.invalid);
    assert_eq!(plan.counts.rows, 5, "the empty row is skipped");
}

#[test]
fn quoted_printable_in_other_charsets_and_escapes() {
    // 李娜 in GBK, quoted-printable; a structured value with an escaped semicolon.
    let text = "BEGIN:VCARD\r\nVERSION:2.1\r\n\
                FN;CHARSET=GBK;ENCODING=QUOTED-PRINTABLE:=C0=EE=C4=C8\r\n\
                ORG:A\\;B Ltd.;Dept\r\n\
                NOTE;ENCODING=QUOTED-PRINTABLE:line one=0D=0Aline two=3D2\r\n\
                END:VCARD\r\n";
    let t = vcard_table(text).unwrap();
    assert_eq!(cell(&t, 1, "Name"), "李娜");
    assert_eq!(cell(&t, 1, "Company"), "A;B Ltd.");
    assert_eq!(cell(&t, 1, "Department"), "Dept");
    assert_eq!(cell(&t, 1, "Notes"), "line one\nline two=2");
}

/// Customers with every field a vCard carries, for the round trip.
fn book() -> (Vec<Customer>, Vec<Tag>) {
    let tags = vec![
        Tag {
            id: "T1".into(),
            name: "VIP".into(),
            color: "#ff0000".into(),
        },
        Tag {
            id: "T2".into(),
            name: "华东".into(),
            color: "#00ff00".into(),
        },
    ];
    let stored = |id: &str, fields: CustomerFields, tag_ids: &[&str]| Customer {
        id: id.into(),
        fields,
        tag_ids: tag_ids.iter().map(|t| t.to_string()).collect(),
        created_at: utc(2026, 1, 1),
        updated_at: utc(2026, 1, 1),
        deleted_at: None,
    };
    let yunqi = CustomerFields {
        name: "杭州云栖科技有限公司".into(),
        company: "杭州云栖科技有限公司".into(),
        department: "采购部".into(),
        position: "总经理".into(),
        phones: vec!["+86 138 0013 8000".into(), "0571-8888 6666".into()],
        emails: vec!["info@yunqi.cn".into(), "sales@yunqi.cn".into()],
        wechat_ids: vec!["yunqi_wx".into()],
        address: "浙江省杭州市西湖区文三路 100 号".into(),
        website: "https://yunqi.cn".into(),
        notes: format!("老客户介绍, 含; 分号\\ 和换行\n{}", "很长的备注".repeat(40)),
        contacts: vec![Contact {
            name: "王芳".into(),
            title: "采购经理".into(),
            phone: "13912345678".into(),
            ..Contact::default()
        }],
        ..CustomerFields::default()
    };
    let zhang = CustomerFields {
        kind: CustomerKind::Person,
        name: "张伟".into(),
        company: "上海华信商贸有限公司".into(),
        phones: vec!["13700137000".into()],
        birthday: NaiveDate::from_ymd_opt(1990, 1, 2),
        ..CustomerFields::default()
    };
    let john = CustomerFields {
        kind: CustomerKind::Person,
        name: "John Smith".into(),
        emails: vec!["john@example.com".into()],
        birthday: NaiveDate::from_ymd_opt(1985, 3, 14),
        ..CustomerFields::default()
    };
    let customers = vec![
        stored("01A", yunqi, &["T1", "T2"]),
        stored("01B", zhang, &["T2"]),
        stored("01C", john, &[]),
    ];
    (customers, tags)
}

#[test]
fn rapport_vcards_import_as_the_same_customers() {
    let (customers, tags) = book();
    for lang in [Language::Zh, Language::En] {
        let bytes = to_vcard(&customers, &tags, lang).unwrap();
        let table = vcard_table(std::str::from_utf8(&bytes).unwrap()).unwrap();
        let plan = plan_table(&table);
        assert!(plan.invalid.is_empty(), "{:#?}", plan.invalid);
        assert_eq!(plan.customers.len(), customers.len());
        for (c, p) in customers.iter().zip(&plan.customers) {
            let (a, b) = (&c.fields, &p.input.fields);
            assert_eq!(b.name, a.name);
            assert_eq!(b.kind, a.kind, "{}", a.name);
            assert_eq!(b.company, a.company);
            assert_eq!(b.department, a.department);
            assert_eq!(b.position, a.position);
            assert_eq!(b.phones, a.phones);
            assert_eq!(b.emails, a.emails);
            assert_eq!(b.wechat_ids, a.wechat_ids);
            assert_eq!(b.address, a.address);
            assert_eq!(b.website, a.website);
            assert_eq!(b.birthday, a.birthday);
            let tag_names: Vec<String> = c
                .tag_ids
                .iter()
                .map(|id| tags.iter().find(|t| t.id == *id).unwrap().name.clone())
                .collect();
            assert_eq!(p.input.tags, tag_names);
            let contact_names: Vec<&str> = b.contacts.iter().map(|k| k.name.as_str()).collect();
            let expected: Vec<&str> = a.contacts.iter().map(|k| k.name.as_str()).collect();
            assert_eq!(contact_names, expected);
            // The notes come back first; contact lines follow them (see export::vcard).
            assert!(b.notes.starts_with(&a.notes), "{:?}", b.notes);
        }
    }
}

#[test]
fn garbage_is_an_error_not_a_panic() {
    assert_eq!(vcard_table(""), Err(VcardError::NoCards));
    assert_eq!(vcard_table("名称,电话\n张伟,138"), Err(VcardError::NoCards));
    let noise: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    assert_eq!(
        vcard_table(&String::from_utf8_lossy(&noise)),
        Err(VcardError::NoCards)
    );
    // A card of junk: read, nothing on it.
    let junk =
        "BEGIN:VCARD\r\n\u{0}\u{1}garbage\r\n:::;;;\r\n;=;:\r\n=\r\nitem.:x\r\nEND:VCARD\r\n";
    let t = vcard_table(junk).unwrap();
    assert_eq!(t.len(), 2);
    // Cut off before END: kept.
    let t = vcard_table("BEGIN:VCARD\nFN:Cut off").unwrap();
    assert_eq!(cell(&t, 1, "Name"), "Cut off");
}

#[test]
fn a_line_over_one_megabyte_is_an_error() {
    let long = format!(
        "BEGIN:VCARD\r\nNOTE:{}\r\nEND:VCARD\r\n",
        "a".repeat(MAX_LINE_BYTES)
    );
    assert_eq!(
        vcard_table(&long),
        Err(VcardError::LineTooLong {
            line: 2,
            limit: MAX_LINE_BYTES
        })
    );
    // Folded into many short lines: the same limit on the unfolded property.
    let folded = format!(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nNOTE:x\r\n{}END:VCARD\r\n",
        format!(" {}\r\n", "b".repeat(70)).repeat(MAX_LINE_BYTES / 70 + 1)
    );
    assert!(matches!(
        vcard_table(&folded),
        Err(VcardError::LineTooLong { line: 3, .. })
    ));
}

#[test]
fn photos_are_skipped_however_large() {
    let photo_line = format!(
        "PHOTO;ENCODING=b;TYPE=JPEG:{}",
        "A".repeat(2 * MAX_LINE_BYTES)
    );
    let folded = format!(" {}\r\n", "B".repeat(74)).repeat(MAX_LINE_BYTES / 74 + 10);
    let text = format!(
        "BEGIN:VCARD\r\nVERSION:3.0\r\n{photo_line}\r\nFN:王芳\r\n\
         item1.PHOTO;VALUE=uri:data:image/jpeg;base64,xyz\r\n{folded}TEL:13800138000\r\nEND:VCARD\r\n"
    );
    let t = vcard_table(&text).unwrap();
    assert_eq!(cell(&t, 1, "Name"), "王芳");
    assert_eq!(cell(&t, 1, "Phone"), "13800138000");
}

#[test]
fn a_long_quoted_printable_note_unfolds_in_linear_time() {
    // ~600 KB of "客" (=E5=AE=A2) in 76-character lines with soft breaks: 8,000 lines.
    let encoded = "=E5=AE=A2".repeat(70_000);
    let lines: Vec<&str> = encoded
        .as_bytes()
        .chunks(72)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect();
    let text = format!(
        "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:x\r\nNOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{}\r\nEND:VCARD\r\n",
        lines.join("=\r\n")
    );
    let started = std::time::Instant::now();
    let t = vcard_table(&text).unwrap();
    assert_eq!(cell(&t, 1, "Notes"), "客".repeat(70_000));
    assert!(started.elapsed().as_secs() < 10);
}

#[test]
fn more_than_the_card_limit_is_an_error() {
    let one = "BEGIN:VCARD\r\nFN:x\r\nEND:VCARD\r\n";
    assert_eq!(
        vcard_table(&one.repeat(MAX_CARDS + 1)),
        Err(VcardError::TooManyCards { limit: MAX_CARDS })
    );
    assert_eq!(vcard_table(&one.repeat(1000)).unwrap().len(), 1001);
}

#[test]
fn errors_are_worded_in_both_languages() {
    for e in [
        VcardError::NoCards,
        VcardError::TooManyCards { limit: MAX_CARDS },
        VcardError::LineTooLong {
            line: 3,
            limit: MAX_LINE_BYTES,
        },
    ] {
        let zh = e.message(Language::Zh);
        let en = e.message(Language::En);
        assert!(
            zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{zh}"
        );
        assert!(en.is_ascii(), "{en}");
        let core = CoreError::from(e);
        assert_eq!(core.code(), "unreadableVcard");
        assert!(matches!(core, CoreError::File { zh: z, en: n, .. } if z == zh && n == en));
    }
    assert!(VcardError::LineTooLong {
        line: 3,
        limit: MAX_LINE_BYTES
    }
    .message(Language::En)
    .contains("Line 3"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn any_text_reads_or_fails_cleanly(text in "\\PC{0,400}") {
        let _ = vcard_table(&text);
    }

    #[test]
    fn card_shaped_noise_never_panics(
        lines in proptest::collection::vec(
            prop_oneof![
                Just("BEGIN:VCARD".to_string()),
                Just("END:VCARD".to_string()),
                Just("VERSION:2.1".to_string()),
                "[A-Z.;=\"-]{0,12}:[^\r\n]{0,40}",
                "(N|FN|ORG|ADR|TEL|EMAIL|BDAY|NOTE|CATEGORIES|RELATED|URL|IMPP)(;[A-Z-]{0,8}(=[a-zA-Z0-9,-]{0,8})?){0,3}(;ENCODING=QUOTED-PRINTABLE)?:[=A-F0-9;,\\\\a-z\u{4e00}-\u{4e10} -]{0,40}",
                " [^\r\n]{0,20}",
            ],
            0..40,
        ),
        sep in prop_oneof![Just("\r\n"), Just("\n"), Just("\r")],
    ) {
        let text = lines.join(sep);
        if let Ok(table) = vcard_table(&text) {
            prop_assert!(table.iter().all(|r| r.len() == HEADER.len()));
            let _ = plan_table(&table);
        }
    }
}
