//! The fixed vocabularies as cell text in either language. Every label is one the importer's
//! choice parsers (`import::values::parse_stage` …) read back as the same value; a test checks
//! each of them.
use crate::model::{Category, CustomerKind, FollowUpMethod, Language, Priority, Stage};

fn pick(lang: Language, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Language::Zh => zh,
        Language::En => en,
    }
}

/// 企业 / 个人.
pub fn kind_label(kind: CustomerKind, lang: Language) -> &'static str {
    match kind {
        CustomerKind::Company => pick(lang, "企业", "Company"),
        CustomerKind::Person => pick(lang, "个人", "Person"),
    }
}

/// 初步接触 … 流失.
pub fn stage_label(stage: Stage, lang: Language) -> &'static str {
    match stage {
        Stage::InitialContact => pick(lang, "初步接触", "Initial contact"),
        Stage::NeedsConfirmed => pick(lang, "需求明确", "Needs confirmed"),
        Stage::Proposal => pick(lang, "方案沟通", "Proposal"),
        Stage::Negotiation => pick(lang, "谈判中", "Negotiation"),
        Stage::Won => pick(lang, "成交", "Won"),
        Stage::Lost => pick(lang, "流失", "Lost"),
    }
}

/// 准客户 / 意向客户 / 优质潜在客户 / 一般潜在客户.
pub fn category_label(category: Category, lang: Language) -> &'static str {
    match category {
        Category::ReadyToBuy => pick(lang, "准客户", "Ready to buy"),
        Category::Interested => pick(lang, "意向客户", "Interested"),
        Category::GoodProspect => pick(lang, "优质潜在客户", "Good prospect"),
        Category::OrdinaryProspect => pick(lang, "一般潜在客户", "Ordinary prospect"),
    }
}

/// 高 / 中 / 低.
pub fn priority_label(priority: Priority, lang: Language) -> &'static str {
    match priority {
        Priority::High => pick(lang, "高", "High"),
        Priority::Medium => pick(lang, "中", "Medium"),
        Priority::Low => pick(lang, "低", "Low"),
    }
}

/// 上门拜访, 电话 ….
pub fn method_label(method: FollowUpMethod, lang: Language) -> &'static str {
    use FollowUpMethod::*;
    match method {
        Visit => pick(lang, "上门拜访", "Visit"),
        InvitedVisit => pick(lang, "邀约来访", "Invited visit"),
        Phone => pick(lang, "电话", "Phone"),
        WeChat => pick(lang, "微信/网络", "WeChat"),
        Sms => pick(lang, "短信", "SMS"),
        Email => pick(lang, "邮件", "Email"),
        Meeting => pick(lang, "会议", "Meeting"),
        Other => pick(lang, "其他", "Other"),
    }
}
