//! Demo follow-ups for the demo book: one to three logged conversations per customer and, for
//! most open customers, a next step spread over overdue, today, the coming week and later, so
//! the agenda and the timelines show the product at work. Deterministic like the customers.
use super::Lcg;
use crate::model::{Customer, FollowUpInput, Stage};
use chrono::{DateTime, Duration, Utc};

const METHODS: [&str; 6] = [
    "phone",
    "weChat",
    "visit",
    "email",
    "meeting",
    "invitedVisit",
];

/// (topic, content, feedback, next action) in 中文 and English.
const TALKS: [[(&str, &str, &str, &str); 4]; 2] = [
    [
        (
            "需求沟通",
            "了解了采购计划和预算范围",
            "希望先看案例",
            "发送成功案例",
        ),
        (
            "方案讲解",
            "演示了系统的主要功能",
            "对报表功能很感兴趣",
            "准备正式报价",
        ),
        (
            "报价跟进",
            "解释了报价明细和折扣政策",
            "觉得价格偏高",
            "申请优惠后回电",
        ),
        (
            "合同细节",
            "确认了交付周期和付款方式",
            "法务在审合同",
            "跟进合同签署",
        ),
    ],
    [
        (
            "Discovery call",
            "Went through their buying plan and budget",
            "Wants case studies first",
            "Send case studies",
        ),
        (
            "Product demo",
            "Demonstrated the main features",
            "Liked the reports",
            "Prepare a formal quote",
        ),
        (
            "Quote follow-up",
            "Explained the quote and the discount terms",
            "Finds it a bit expensive",
            "Call back with a better offer",
        ),
        (
            "Contract details",
            "Agreed delivery dates and payment terms",
            "Legal is reviewing",
            "Chase the signature",
        ),
    ],
];

/// Follow-ups for the saved demo customers, as (customer id, input).
pub fn demo_follow_ups(customers: &[Customer], now: DateTime<Utc>) -> Vec<(String, FollowUpInput)> {
    let mut rng = Lcg(0x5eed_f011_0a0b);
    let mut out = Vec::new();
    for c in customers {
        let f = &c.fields;
        let l = usize::from(f.name.is_ascii());
        let logged = rng.range(1, 3) as i64;
        for n in 0..logged {
            let (topic, content, feedback, next) =
                TALKS[l][((n as usize) + rng.below(2) as usize) % 4];
            let at = now
                - Duration::days(5 + 12 * (logged - n))
                - Duration::hours(rng.range(0, 8) as i64);
            out.push((
                c.id.clone(),
                FollowUpInput {
                    at,
                    method: rng.pick(&METHODS).into(),
                    topic: topic.into(),
                    content: content.into(),
                    feedback: feedback.into(),
                    next_action: next.into(),
                    priority: priority(f.priority),
                    contact: f
                        .contacts
                        .first()
                        .map(|k| k.name.clone())
                        .unwrap_or_default(),
                    done: true,
                    ..FollowUpInput::default()
                },
            ));
        }
        let open = !matches!(f.stage, Stage::Won | Stage::Lost);
        if !open || rng.pct(15) {
            continue; // no next step: flagged in the agenda
        }
        // Minutes from now: a few overdue, some today, most in the coming weeks.
        let minutes = match rng.below(100) {
            0..=14 => -(rng.range(60, 4 * 1440) as i64),
            15..=29 => rng.range(10, 600) as i64,
            30..=74 => rng.range(1440, 7 * 1440) as i64,
            _ => rng.range(8 * 1440, 30 * 1440) as i64,
        };
        let (topic, _, _, next) = TALKS[l][rng.below(4) as usize];
        out.push((
            c.id.clone(),
            FollowUpInput {
                at: now - Duration::days(5),
                method: rng.pick(&METHODS).into(),
                topic: topic.into(),
                next_action: next.into(),
                next_at: Some(now + Duration::minutes(minutes)),
                next_by: f.owner.clone(),
                priority: priority(f.priority),
                done: false,
                ..FollowUpInput::default()
            },
        ));
    }
    out
}

fn priority(p: crate::model::Priority) -> String {
    serde_json::to_value(p)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default()
}
