//! The columns of the two sheets: their headers in either language (always names the
//! importer recognises, so an exported file maps itself on import), the import target each
//! header stands for, and how a field becomes a cell.
//!
//! Cells: text as it is; lists (phones, e-mails, WeChat IDs, tag names) joined with `"; "`,
//! which the importer splits on; dates and date-times as dates; the fixed vocabularies as
//! their labels in the sheet's language ([`super::labels`]). Only the first key contact has
//! columns (the importer reads one contact per row).
//!
//! Both sheets start with the key column 客脉编号 / Rapport ID, the customer's id, linking
//! each follow-up row to its customer row. It has a name of our own, so a legacy sheet's
//! 客户编号 stays a custom field; the importer ignores it (an id of another book means nothing
//! to this one) and links follow-ups to customers by name + company instead.
use super::labels::*;
use crate::import::headers::Target;
use crate::model::{Customer, FollowUp, Language};
use chrono::{NaiveDate, NaiveDateTime};
use std::borrow::Cow;

/// A cell as it is written; text borrowed from the record where it can be (an export of
/// 100,000 customers writes millions of cells).
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    Empty,
    Text(Cow<'a, str>),
    Number(f64),
    Date(NaiveDate),
    /// A local date-time (the export's time zone already applied).
    DateTime(NaiveDateTime),
}

/// What joins the entries of a list cell.
pub const LIST_SEPARATOR: &str = "; ";

fn pick(lang: Language, (zh, en): (&'static str, &'static str)) -> &'static str {
    match lang {
        Language::Zh => zh,
        Language::En => en,
    }
}

fn text(s: &str) -> Value<'_> {
    if s.is_empty() {
        Value::Empty
    } else {
        Value::Text(Cow::Borrowed(s))
    }
}

fn label(s: &'static str) -> Value<'static> {
    Value::Text(Cow::Borrowed(s))
}

fn date(d: Option<NaiveDate>) -> Value<'static> {
    d.map_or(Value::Empty, Value::Date)
}

/// Joins a list cell.
pub fn join<S: AsRef<str>>(items: &[S]) -> Value<'static> {
    match items {
        [] => Value::Empty,
        [one] => text(one.as_ref()).into_owned(),
        _ => {
            let joined: Vec<&str> = items.iter().map(AsRef::as_ref).collect();
            text(&joined.join(LIST_SEPARATOR)).into_owned()
        }
    }
}

impl Value<'_> {
    fn into_owned(self) -> Value<'static> {
        match self {
            Value::Empty => Value::Empty,
            Value::Text(t) => Value::Text(Cow::Owned(t.into_owned())),
            Value::Number(n) => Value::Number(n),
            Value::Date(d) => Value::Date(d),
            Value::DateTime(t) => Value::DateTime(t),
        }
    }
}

macro_rules! columns {
    ($(#[$m:meta])* $name:ident, $all:ident { $($v:ident => $zh:literal, $en:literal, $t:expr;)* }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name { $($v),* }

        /// Every column, in sheet order.
        pub const $all: &[$name] = &[$($name::$v),*];

        impl $name {
            /// The header cell in `lang`.
            pub fn header(self, lang: Language) -> &'static str {
                match self { $($name::$v => pick(lang, ($zh, $en))),* }
            }

            /// What the importer maps the header to.
            pub fn target(self) -> Target {
                use Target::*;
                match self { $($name::$v => $t),* }
            }
        }
    };
}

columns!(
    /// A column of the customer sheet (客户 / Customers); custom fields follow these, one
    /// column each, headed by the field's name.
    CustomerColumn, CUSTOMER_COLUMNS {
    Key => "客脉编号", "Rapport ID", Ignore;
    Name => "客户名称", "Name", Name;
    Kind => "客户性质", "Customer kind", Kind;
    Company => "公司名称", "Company", Company;
    Position => "职位", "Position", Position;
    Department => "部门", "Department", Department;
    Phones => "电话", "Phone", Phones;
    Emails => "邮箱", "Email", Emails;
    WechatIds => "微信", "WeChat", WechatIds;
    Address => "地址", "Address", Address;
    Industry => "行业", "Industry", Industry;
    CompanySize => "公司规模", "Company size", CompanySize;
    Website => "网站", "Website", Website;
    MainBusiness => "主营业务", "Main business", MainBusiness;
    Source => "客户来源", "Source", Source;
    FirstContactDate => "首次接触日期", "First contact date", FirstContactDate;
    FirstContactBy => "首次接触人", "First contact by", FirstContactBy;
    Owner => "负责人", "Owner", Owner;
    Category => "客户类别", "Category", Category;
    Stage => "阶段", "Stage", Stage;
    LostReason => "流失原因", "Lost reason", LostReason;
    Priority => "优先级", "Priority", Priority;
    Tags => "标签", "Tags", Tags;
    Birthday => "生日", "Birthday", Birthday;
    ContractExpiry => "合同到期日", "Contract expiry", ContractExpiry;
    CoreNeed => "核心需求", "Core need", CoreNeed;
    Budget => "预算", "Budget", Budget;
    DecisionChain => "决策链", "Decision chain", DecisionChain;
    Deadline => "需求截止日期", "Deadline", Deadline;
    ContactName => "联系人", "Contact name", ContactName;
    ContactTitle => "联系人职务", "Contact title", ContactTitle;
    ContactPhone => "联系人电话", "Contact person phone", ContactPhone;
    ContactEmail => "联系人邮箱", "Contact person email", ContactEmail;
    Notes => "备注", "Notes", Notes;
});

columns!(
    /// A column of the follow-up sheet (跟进记录 / Follow-ups).
    FollowUpColumn, FOLLOW_UP_COLUMNS {
    Key => "客脉编号", "Rapport ID", Ignore;
    Name => "客户名称", "Name", Name;
    Company => "公司名称", "Company", Company;
    At => "跟进时间", "Follow-up time", FollowUpAt;
    Method => "跟进方式", "Method", FollowUpMethod;
    By => "跟进人", "Followed up by", FollowUpBy;
    Topic => "跟进主题", "Topic", FollowUpTopic;
    Content => "跟进内容", "Content", FollowUpContent;
    Feedback => "客户反馈", "Feedback", FollowUpFeedback;
    Result => "跟进结果", "Result", FollowUpResult;
    NextAction => "下一步", "Next step", NextAction;
    NextAt => "下次跟进时间", "Next follow-up time", NextFollowUpAt;
    NextBy => "下次跟进人", "Next follow-up by", NextFollowUpBy;
    Priority => "优先级", "Priority", Priority;
});

impl CustomerColumn {
    /// The cell of customer `c`, whose tag names (in its tag order) are `tags`.
    pub fn value<'a>(self, c: &'a Customer, tags: &[&str], labels: Labels<'a>) -> Value<'a> {
        use CustomerColumn::*;
        let lang = labels.lang;
        let f = &c.fields;
        let contact = f.contacts.first();
        let of_contact = |get: fn(&crate::model::Contact) -> &str| text(contact.map_or("", get));
        match self {
            Key => text(&c.id),
            Name => text(&f.name),
            Kind => label(kind_label(f.kind, lang)),
            Company => text(&f.company),
            Position => text(&f.position),
            Department => text(&f.department),
            Phones => join(&f.phones),
            Emails => join(&f.emails),
            WechatIds => join(&f.wechat_ids),
            Address => text(&f.address),
            Industry => text(&f.industry),
            CompanySize => text(&f.company_size),
            Website => text(&f.website),
            MainBusiness => text(&f.main_business),
            Source => text(&f.source),
            FirstContactDate => date(f.first_contact_date),
            FirstContactBy => text(&f.first_contact_by),
            Owner => text(&f.owner),
            Category => f
                .category
                .map_or(Value::Empty, |k| label(category_label(k, lang))),
            Stage => text(labels.stage(f.stage)),
            LostReason => text(&f.lost_reason),
            Priority => label(priority_label(f.priority, lang)),
            Tags => join(tags),
            Birthday => date(f.birthday),
            ContractExpiry => date(f.contract_expiry),
            CoreNeed => text(&f.needs.core_need),
            Budget => text(&f.needs.budget),
            DecisionChain => text(&f.needs.decision_chain),
            Deadline => date(f.needs.deadline),
            ContactName => of_contact(|k| &k.name),
            ContactTitle => of_contact(|k| &k.title),
            ContactPhone => of_contact(|k| &k.phone),
            ContactEmail => of_contact(|k| &k.email),
            Notes => text(&f.notes),
        }
    }
}

impl FollowUpColumn {
    /// The cell of follow-up `f` of customer `owner`; `at` and `next_at` are its times as
    /// local date-times. A done follow-up's next time is left out: the importer reads a next
    /// time as an open follow-up, and the step it names was taken already.
    pub fn value<'a>(
        self,
        f: &'a FollowUp,
        owner: &'a Customer,
        (at, next_at): (NaiveDateTime, Option<NaiveDateTime>),
        lang: Language,
    ) -> Value<'a> {
        use FollowUpColumn::*;
        match self {
            Key => text(&owner.id),
            Name => text(&owner.fields.name),
            Company => text(&owner.fields.company),
            At => Value::DateTime(at),
            Method => label(method_label(f.method, lang)),
            Topic => text(&f.topic),
            Content => text(&f.content),
            Feedback => text(&f.feedback),
            Result => text(&f.result),
            NextAction => text(&f.next_action),
            NextAt => match (f.done, next_at) {
                (false, Some(t)) => Value::DateTime(t),
                _ => Value::Empty,
            },
            NextBy => text(&f.next_by),
            By => text(&f.by),
            Priority => label(priority_label(f.priority, lang)),
        }
    }
}
