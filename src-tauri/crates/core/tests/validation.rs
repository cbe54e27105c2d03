#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;
use chrono::NaiveDate;
use common::*;
use rapport_core::error::{CoreError, Invalid};
use rapport_core::i18n;
use rapport_core::model::{Contact, CustomField, CustomValue, Language, Stage};
use rapport_core::validate::{self, is_email, is_phone};

fn err(input: rapport_core::model::CustomerInput) -> CoreError {
    validate::customer(input).unwrap_err()
}

#[test]
fn phones_allow_plus_spaces_dashes_and_extensions() {
    for ok in [
        "+86 138 0013 8000",
        "021-6234-5678",
        "(415) 555-0134 ext. 12",
        "0571-8888 8888 转 801",
        "+1 415.555.0134 x7",
    ] {
        assert!(is_phone(ok), "{ok}");
    }
    for bad in [
        "12",
        "call me",
        "138-0013-8000 ext",
        "++86 138",
        "1234567890123456789012",
        "138 0013 8000 转 12a",
    ] {
        assert!(!is_phone(bad), "{bad}");
    }
}

#[test]
fn emails_need_a_local_part_and_dotted_domain() {
    assert!(is_email("wang.fang@example.com.cn"));
    for bad in [
        "wang",
        "@example.com",
        "a@b",
        "a b@example.com",
        "a@@example.com",
        "a@example..com",
    ] {
        assert!(!is_email(bad), "{bad}");
    }
}

#[test]
fn each_rule_names_its_field() {
    let base = || customer("A", &[]);
    let mut c = base();
    c.fields.name = "  ".into();
    assert_eq!(err(c), CoreError::invalid("name", Invalid::Required));
    let mut c = base();
    c.fields.name = "x".repeat(201);
    assert_eq!(
        err(c),
        CoreError::invalid("name", Invalid::TooLong { max: 200 })
    );
    let mut c = base();
    c.fields.notes = "x".repeat(20_001);
    assert_eq!(
        err(c),
        CoreError::invalid("notes", Invalid::TooLong { max: 20_000 })
    );
    let mut c = base();
    c.fields.emails = vec!["".into(), "bad".into()];
    assert_eq!(
        err(c),
        CoreError::invalid("emails[1]", Invalid::Email),
        "index as the UI showed it"
    );
    let mut c = base();
    c.fields.phones = vec!["abc".into()];
    assert_eq!(err(c), CoreError::invalid("phones[0]", Invalid::Phone));
    let mut c = base();
    c.fields.birthday = NaiveDate::from_ymd_opt(1899, 12, 31);
    assert_eq!(
        err(c),
        CoreError::invalid("birthday", Invalid::DateOutOfRange)
    );
    let mut c = base();
    c.fields.stage = Stage::Lost;
    assert_eq!(
        err(c),
        CoreError::invalid("lostReason", Invalid::LostReasonRequired)
    );
    let mut c = base();
    c.fields.contacts = vec![Contact {
        name: "王芳".into(),
        email: "x@".into(),
        ..Default::default()
    }];
    assert_eq!(
        err(c),
        CoreError::invalid("contacts[0].email", Invalid::Email)
    );
    let mut c = base();
    c.fields.contacts = vec![Contact::default()];
    assert_eq!(
        err(c),
        CoreError::invalid("contacts[0].name", Invalid::Required)
    );
    let mut c = base();
    c.fields.website = "not a site".into();
    assert_eq!(err(c), CoreError::invalid("website", Invalid::Website));
    let mut c = base();
    c.fields.custom_fields = vec![
        CustomField {
            name: "年采购额".into(),
            value: CustomValue::Number(1.0),
        },
        CustomField {
            name: "年采购额".into(),
            value: CustomValue::Number(2.0),
        },
    ];
    assert_eq!(
        err(c),
        CoreError::invalid("customFields[1].name", Invalid::Duplicate)
    );
    let mut c = base();
    c.fields.custom_fields = vec![CustomField {
        name: "n".into(),
        value: CustomValue::Number(f64::NAN),
    }];
    assert_eq!(
        err(c),
        CoreError::invalid("customFields[0].value", Invalid::Number)
    );
    let mut c = base();
    c.tags = vec!["x".repeat(51)];
    assert_eq!(
        err(c),
        CoreError::invalid("tags[0]", Invalid::TooLong { max: 50 })
    );
}

#[test]
fn normalises_whitespace_empty_entries_and_stale_lost_reason() {
    let mut c = customer("  张伟  ", &[" vip ", "", "VIP"]);
    c.fields.phones = vec!["".into(), " 138 0013 8000 ".into()];
    c.fields.lost_reason = "old".into();
    let clean = validate::customer(c).unwrap();
    assert_eq!(clean.fields.name, "张伟");
    assert_eq!(clean.fields.phones, vec!["138 0013 8000"]);
    assert_eq!(clean.tags, vec!["vip"]);
    assert_eq!(
        clean.fields.lost_reason, "",
        "a reason only belongs to a lost customer"
    );
}

#[test]
fn messages_name_the_field_in_both_languages() {
    let e = CoreError::invalid("contacts[1].email", Invalid::Email);
    assert!(i18n::message(&e, Language::En).starts_with("Contact 2 – Email is not a valid email"));
    assert!(i18n::message(&e, Language::Zh).starts_with("联系人 2 – 邮箱：不是有效的邮箱地址"));
    let p = i18n::payload(
        &CoreError::invalid("lostReason", Invalid::LostReasonRequired),
        Language::Zh,
    );
    assert_eq!(p.code, "invalidField");
    assert_eq!(p.field.as_deref(), Some("lostReason"));
    assert_eq!(p.message, "流失原因：阶段为“流失”时必须填写");
}

#[test]
fn settings_sources_are_trimmed_and_unique() {
    use rapport_core::model::Settings;
    let mut s = Settings::with_language(Language::En);
    s.sources.push(" 其他 ".into());
    assert_eq!(
        validate::settings(s).unwrap_err(),
        CoreError::invalid("sources[5]", Invalid::Duplicate)
    );
    let (_d, store) = open_temp();
    assert_eq!(
        store.settings().unwrap(),
        None,
        "first start has no settings"
    );
    let mut s = Settings::with_language(Language::En);
    s.sources = vec![" 微信群 ".into(), "".into()];
    store.save_settings(s).unwrap();
    assert_eq!(store.settings().unwrap().unwrap().sources, vec!["微信群"]);
}
