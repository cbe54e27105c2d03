//! The complaint cells of an after-sales record: 投诉类别, 严重程度 and 处理状态, as the
//! workbook export writes them (Chinese or English labels) and the common variants.
//!
//! Decisions: 质量 is quality, 物流 / 发货 / 配送 / 延误 delivery, 态度 service, 价格 / 费用 /
//! 账单 / 发票 billing; 低 / 轻微 low, 中 / 一般 medium, 高 / 严重 / 紧急 high; 未处理 / 新建
//! open, 进行中 in progress, 已处理 / 已完成 / 关闭 resolved.
use super::{choice_key, is_blank, normalize, ValueError};
use crate::model::{ComplaintCategory, ComplaintSeverity, ComplaintStatus};

fn pick<T: Copy>(
    text: &str,
    table: &[(T, &str)],
    bad: ValueError,
) -> Result<Option<T>, ValueError> {
    if is_blank(&normalize(text)) {
        return Ok(None);
    }
    let key = choice_key(text);
    table
        .iter()
        .find(|(_, words)| words.split(' ').any(|w| w == key))
        .map(|(v, _)| Some(*v))
        .ok_or(bad)
}

pub fn parse_complaint_category(text: &str) -> Result<Option<ComplaintCategory>, ValueError> {
    use ComplaintCategory::*;
    const TABLE: &[(ComplaintCategory, &str)] = &[
        (
            Quality,
            "产品质量 质量 质量问题 quality productquality product",
        ),
        (
            Delivery,
            "交付物流 交付 物流 发货 配送 延误 交货 delivery shipping logistics",
        ),
        (Service, "服务态度 态度 服务 service attitude staff"),
        (
            Billing,
            "价格费用 价格 费用 账单 收费 发票 billing price pricing invoice",
        ),
        (Other, "其他 其它 other"),
    ];
    pick(text, TABLE, ValueError::NotAComplaintCategory)
}

pub fn parse_complaint_severity(text: &str) -> Result<Option<ComplaintSeverity>, ValueError> {
    use ComplaintSeverity::*;
    const TABLE: &[(ComplaintSeverity, &str)] = &[
        (Low, "轻微 低 low minor"),
        (Medium, "一般 中 中等 medium moderate normal"),
        (High, "严重 高 紧急 high severe critical urgent"),
    ];
    pick(text, TABLE, ValueError::NotASeverity)
}

pub fn parse_complaint_status(text: &str) -> Result<Option<ComplaintStatus>, ValueError> {
    use ComplaintStatus::*;
    const TABLE: &[(ComplaintStatus, &str)] = &[
        (Open, "待处理 未处理 新建 open new"),
        (InProgress, "处理中 进行中 跟进中 inprogress processing"),
        (
            Resolved,
            "已解决 已处理 已完成 已关闭 解决 resolved closed done",
        ),
    ];
    pick(text, TABLE, ValueError::NotAComplaintStatus)
}
