//! Demo follow-ups for the demo book: one to three logged conversations per customer and, for
//! most open customers, a next step spread over overdue, today, the coming week and later, so
//! the agenda and the timelines show the product at work. Deterministic like the customers.
use super::Lcg;
use crate::model::{Customer, FollowUpInput, Stage};
use crate::schedule::ScheduleRules;
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
                    // Blank: the customer's own priority.
                    priority: String::new(),
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
        // The next step is due by the customer's priority (the store applies the rule to an
        // open follow-up without a next time); when it was logged spreads the due days over a
        // few overdue, some today, most in the coming week and a few later.
        let interval = i64::from(ScheduleRules::default().interval_days(f.priority));
        let due_in_days = match rng.below(100) {
            0..=14 => -(rng.range(1, 4) as i64),
            15..=29 => 0,
            _ => rng.range(1, 14) as i64,
        }
        .min(interval);
        let (topic, _, _, next) = TALKS[l][rng.below(4) as usize];
        out.push((
            c.id.clone(),
            FollowUpInput {
                // Whole days back, so the due day is exactly `due_in_days` from today.
                at: now - Duration::days(interval - due_in_days),
                method: rng.pick(&METHODS).into(),
                topic: topic.into(),
                next_action: next.into(),
                next_at: None,
                next_by: f.owner.clone(),
                priority: String::new(),
                done: false,
                ..FollowUpInput::default()
            },
        ));
    }
    out
}
