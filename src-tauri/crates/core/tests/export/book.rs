//! The customers of the round trip's book A: Chinese and English, a company and persons,
//! every kind of field the sheet holds.
use super::super::common::customer;
use chrono::NaiveDate;
use rapport_core::model::*;

fn text_field(name: &str, value: &str) -> CustomField {
    let value = CustomValue::Text(value.into());
    CustomField {
        name: name.into(),
        value,
    }
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

pub fn customers() -> Vec<CustomerInput> {
    let mut yunqi = customer("杭州云栖科技有限公司", &["VIP", "华东"]);
    let f = &mut yunqi.fields;
    f.company = "杭州云栖科技有限公司".into();
    f.position = "总经理".into();
    f.phones = vec!["+86 138 0013 8000".into(), "0571-8888 6666".into()];
    f.emails = vec!["info@yunqi.cn".into(), "sales@yunqi.cn".into()];
    f.wechat_ids = vec!["yunqi_wx".into()];
    f.address = "浙江省杭州市西湖区文三路 100 号".into();
    f.industry = "软件".into();
    f.source = "展会".into();
    f.owner = "李娜".into();
    f.first_contact_date = date(2026, 10, 8);
    f.contract_expiry = date(2027, 6, 30);
    f.category = Some(Category::Interested);
    f.stage = Stage::Proposal;
    f.priority = Priority::High;
    f.needs = Needs {
        core_need: "CRM 系统".into(),
        budget: "15-20万".into(),
        decision_chain: "总经理拍板".into(),
        deadline: date(2026, 12, 31),
    };
    f.contacts = vec![Contact {
        name: "王芳".into(),
        title: "采购经理".into(),
        phone: "13912345678".into(),
        email: "wangfang@yunqi.cn".into(),
        ..Contact::default()
    }];
    f.notes = "老客户介绍\n第二行备注".into();
    f.custom_fields = vec![text_field("合同编号", "HT-2026-001")];
    let mut john = customer("John Smith", &["Export"]);
    let f = &mut john.fields;
    f.kind = CustomerKind::Person;
    f.phones = vec!["+1 415 555 0100".into()];
    f.emails = vec!["john@example.com".into()];
    f.birthday = date(1985, 3, 14);
    f.category = Some(Category::ReadyToBuy);
    f.stage = Stage::Won;
    f.custom_fields = vec![text_field("Lead score", "A+")];
    let mut lost = customer("北京博远咨询", &[]);
    lost.fields.stage = Stage::Lost;
    lost.fields.lost_reason = "预算不足".into();
    lost.fields.priority = Priority::Low;
    lost.fields.category = Some(Category::OrdinaryProspect);
    vec![yunqi, john, lost]
}
