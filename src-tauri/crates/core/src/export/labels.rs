//! The fixed vocabularies as cell text in either language, stages by the user's names when
//! they gave some. Every label is one the importer's choice parsers
//! (`import::values::parse_stage_named` …) read back as the same value; a test checks each of
//! the built-in ones.
use crate::model::{Category, CustomerKind, FollowUpMethod, Language, Priority, Stage};
use crate::stages::Pipeline;

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

/// How the vocabularies are written: the language, and the user's pipeline for the names of
/// stages (a custom stage, a renamed built-in). A bare [`Language`] converts into labels with
/// the built-in stage names.
#[derive(Debug, Clone, Copy)]
pub struct Labels<'a> {
    pub lang: Language,
    pub pipeline: Option<&'a Pipeline>,
}

impl<'a> Labels<'a> {
    pub fn new(lang: Language, pipeline: &'a Pipeline) -> Self {
        Labels {
            lang,
            pipeline: Some(pipeline),
        }
    }

    /// The user's name of the stage when they gave one, else [`stage_label`]; the importer
    /// reads either back (see `import::values::parse_stage_named`).
    pub fn stage(&self, stage: Stage) -> &'a str {
        match self.pipeline {
            Some(p) => p.label(stage, self.lang),
            None => stage_label(stage, self.lang),
        }
    }
}

impl From<Language> for Labels<'_> {
    fn from(lang: Language) -> Self {
        Labels {
            lang,
            pipeline: None,
        }
    }
}

/// 初步接触 … 流失: the built-in name (a custom slot, which settings name, as
/// "自定义阶段 N" / "Custom stage N").
pub fn stage_label(stage: Stage, lang: Language) -> &'static str {
    crate::stages::builtin_label(stage, lang)
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
