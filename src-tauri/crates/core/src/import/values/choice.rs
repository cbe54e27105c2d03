//! The four choice lists in either language, with the variants sheets use. A cell is compared
//! as a key: lower-case, without spaces, `-`, `_`, `/`, `.`, without a trailing remark in
//! brackets (`高（3天内）`) and without a leading list number (`1.初步接触`, `01 初步接触`), so
//! `Closed-Won`, `closed won` and HubSpot's `closedwon` are one key.
//!
//! Decisions: priority `1`/`2`/`3` and `P1`–`P3` are high/medium/low (the usual P1 = most
//! urgent); categories `A`–`D` (also `A类`, `A级客户`) are the product's four categories in
//! order, A = ready to buy, the grading Chinese sales sheets use; a bare `潜在客户` (a 客户类型
//! value) is an ordinary prospect: nothing says it talks well, and the user can raise it.
//! 成交客户 / 签约客户 / 合作客户 are the stage 成交, 流失客户 the stage 流失.
//!
//! HubSpot contact lifecycle stages (a contacts export's Lifecycle Stage, internal names or
//! display names such as `Marketing Qualified Lead`) map to the stage of the sales process
//! they stand for: subscriber, lead, other and marketing qualified lead → initial contact (an
//! MQL has shown marketing interest only: sales has not yet talked to them, so no need is
//! confirmed); sales qualified lead → needs confirmed (sales accepted them as a real
//! prospect); opportunity → proposal (a deal is open: the furthest stage it surely reached);
//! customer and evangelist → won.
use super::{is_blank, normalize, ValueError};
use crate::model::{Category, FollowUpMethod, Priority, Stage};
use crate::stages::Pipeline;

/// Reads 高/中/低, 高优先级, H/M/L, high/medium/low, 1/2/3, P1–P3, 紧急, 一般.
pub fn parse_priority(text: &str) -> Result<Option<Priority>, ValueError> {
    use Priority::*;
    const TABLE: &[(Priority, &str)] = &[
        (High, "高 高优先级 优先级高 紧急 h high hi 1 p1 urgent"),
        (Medium, "中 中等 中优先级 优先级中 一般 普通 2 p2"),
        (Medium, "m medium med mid middle normal"),
        (Low, "低 低优先级 优先级低 不急 l low lo 3 p3"),
    ];
    lookup(text, TABLE, ValueError::NotAPriority)
}

/// Reads 准客户/意向客户/优质潜在客户/一般潜在客户 (also without 客户), the English names,
/// and A–D.
pub fn parse_category(text: &str) -> Result<Option<Category>, ValueError> {
    use Category::*;
    const TABLE: &[(Category, &str)] = &[
        (ReadyToBuy, "准客户 准 readytobuy ready"),
        (Interested, "意向客户 意向 有意向 interested"),
        (GoodProspect, "优质潜在客户 优质潜在 goodprospect"),
        (
            OrdinaryProspect,
            "一般潜在客户 一般潜在 潜在客户 潜在 ordinaryprospect",
        ),
    ];
    let grade = |s: &str| {
        let letter = s.trim_end_matches("客户").trim_end_matches(['类', '级']);
        ["a", "b", "c", "d"].iter().position(|l| *l == letter)
    };
    let key = key(text);
    if let Some(i) = grade(&key) {
        return Ok(Some(
            [ReadyToBuy, Interested, GoodProspect, OrdinaryProspect][i],
        ));
    }
    lookup(text, TABLE, ValueError::NotACategory)
}

/// Reads 初步接触 … 成交/流失 and the English stage names, with the variants of sales sheets
/// (已成交, 签约, 丢单 …) and CRM exports (closed won, HubSpot's deal stages and contact
/// lifecycle stages, see the module docs).
pub fn parse_stage(text: &str) -> Result<Option<Stage>, ValueError> {
    use Stage::*;
    const TABLE: &[(Stage, &str)] = &[
        (InitialContact, "初步接触 初次接触 首次接触 接触 初步沟通"),
        (InitialContact, "initialcontact initial contacted new"),
        (InitialContact, "appointmentscheduled"),
        (
            InitialContact,
            "subscriber lead other marketingqualifiedlead mql",
        ),
        (NeedsConfirmed, "需求明确 需求确认 明确需求 需求已明确"),
        (
            NeedsConfirmed,
            "needsconfirmed needsidentified needsanalysis",
        ),
        (NeedsConfirmed, "qualified qualifiedtobuy"),
        (NeedsConfirmed, "salesqualifiedlead sql"),
        (Proposal, "方案沟通 方案 方案报价 报价 已报价 方案演示"),
        (Proposal, "proposal proposalsent quote quoted quotation"),
        (Proposal, "presentationscheduled opportunity"),
        (Negotiation, "谈判中 谈判 商务谈判 洽谈 洽谈中 商务洽谈"),
        (Negotiation, "negotiation negotiating"),
        (Negotiation, "decisionmakerboughtin contractsent"),
        (Won, "成交 已成交 签约 已签约 签单 赢单"),
        (Won, "成交客户 已成交客户 签约客户 合作客户"),
        (Won, "won closedwon dealwon win"),
        (Won, "customer evangelist"),
        (Lost, "流失 已流失 丢单 输单 失败 流失客户 已流失客户"),
        (Lost, "lost closedlost deallost loss"),
    ];
    lookup(text, TABLE, ValueError::NotAStage)
}

/// The user's stage names as the importer reads them: each name's comparable form (see the
/// module docs) and its stage.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StageNames(Vec<(String, Stage)>);

impl StageNames {
    /// The names the user gave in settings (custom stages, renamed built-ins).
    pub fn of(pipeline: &Pipeline) -> StageNames {
        StageNames(
            pipeline
                .settings()
                .iter()
                .filter(|s| !s.name.is_empty())
                .map(|s| (key(&s.name), s.stage))
                .filter(|(k, _)| !k.is_empty())
                .collect(),
        )
    }
}

/// Like [`parse_stage`], the user's stage names first: a custom stage or a renamed built-in
/// reads back as itself, and a user's name wins over a built-in synonym. Settings keep the
/// names apart from each other and from every built-in name (compared by [`choice_key`]), so
/// no cell can mean two stages.
pub fn parse_stage_named(text: &str, names: &StageNames) -> Result<Option<Stage>, ValueError> {
    if !names.0.is_empty() && !is_blank(&normalize(text)) {
        let k = key(text);
        if let Some((_, stage)) = names.0.iter().find(|(n, _)| *n == k) {
            return Ok(Some(*stage));
        }
    }
    parse_stage(text)
}

/// The form in which a cell is compared with a choice (see the module docs); settings compare
/// stage names in it too, so two names the importer could confuse are refused.
pub fn choice_key(text: &str) -> String {
    key(text)
}

/// Reads 上门拜访, 邀约来访, 电话, 微信/网络 (微信, QQ, 网络 …), 短信, 邮件/邮箱, 会议, 其他 and
/// their English names.
pub fn parse_method(text: &str) -> Result<Option<FollowUpMethod>, ValueError> {
    use FollowUpMethod::*;
    const TABLE: &[(FollowUpMethod, &str)] = &[
        (Visit, "上门拜访 上门 拜访 走访 登门拜访"),
        (Visit, "visit onsitevisit sitevisit"),
        (
            InvitedVisit,
            "邀约来访 来访 客户来访 邀约 到访 invitedvisit",
        ),
        (Phone, "电话 打电话 电话沟通 电话联系 致电 来电"),
        (Phone, "phone call phonecall telephone tel"),
        (WeChat, "微信网络 微信 网络 qq 在线 线上 企业微信 钉钉"),
        (WeChat, "wechat weixin online wechatonline"),
        (Sms, "短信 短消息 sms text textmessage"),
        (Email, "邮件 邮箱 电子邮件 电邮 email mail"),
        (Meeting, "会议 开会 会谈 视频会议 线上会议"),
        (Meeting, "meeting videocall"),
        (Other, "其他 其它 other others"),
    ];
    lookup(text, TABLE, ValueError::NotAMethod)
}

/// `Ok(None)` for a blank cell, the value whose space-separated aliases hold the cell's key,
/// else `unknown`.
fn lookup<T: Copy>(
    text: &str,
    table: &[(T, &str)],
    unknown: ValueError,
) -> Result<Option<T>, ValueError> {
    if is_blank(&normalize(text)) {
        return Ok(None);
    }
    let key = key(text);
    table
        .iter()
        .find(|(_, aliases)| aliases.split(' ').any(|a| a == key))
        .map(|(v, _)| Some(*v))
        .ok_or(unknown)
}

/// The comparable form of a cell (see the module docs).
fn key(text: &str) -> String {
    let s = normalize(text).to_lowercase();
    let s = match s.find('(') {
        Some(i) if i > 0 && s.ends_with(')') => &s[..i],
        _ => &s,
    };
    without_list_number(s)
        .chars()
        .filter(|c| !(c.is_whitespace() || matches!(c, '-' | '_' | '/' | '.' | '·')))
        .collect()
}

/// `1.初步接触`, `01 初步接触`, `2、proposal` → the text after the number; a number alone
/// (`1`, a priority) or glued to a letter (`1h`) stays.
fn without_list_number(s: &str) -> &str {
    let digits = s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let after = &s[digits..];
    let rest = after.trim_start_matches(|c: char| c.is_whitespace() || ".、)-".contains(c));
    let separated =
        rest.len() < after.len() || !rest.starts_with(|c: char| c.is_ascii_alphanumeric());
    if digits > 0 && !rest.is_empty() && separated {
        rest
    } else {
        s
    }
}
