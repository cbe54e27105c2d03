//! The wording of notifications in both languages.
use crate::model::{Language, Notice, Reminder, ReminderKind};
use crate::schedule::local_date;
use chrono::{DateTime, NaiveDate, TimeZone, Utc};

fn join(parts: &[&str], sep: &str) -> String {
    parts
        .iter()
        .filter(|p| !p.trim().is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(sep)
}

/// A service plan's body: the plan and its local day.
fn plan_body(plan: &str, date: NaiveDate, en: bool) -> String {
    match (plan.trim().is_empty(), en) {
        (true, true) => format!("Planned for {date}"),
        (true, false) => format!("计划于 {date} 回访"),
        (false, true) => format!("{plan} (planned for {date})"),
        (false, false) => format!("{plan}（计划 {date}）"),
    }
}

/// The notification for one reminder: the customer's name as the title (service plans say
/// what kind of visit it is, since the body is the plan's own free text).
pub fn notice<Tz: TimeZone>(r: &Reminder, now: DateTime<Utc>, tz: &Tz, lang: Language) -> Notice {
    let en = lang == Language::En;
    let body = match r.kind {
        ReminderKind::FollowUp => {
            let topic = if r.topic.is_empty() {
                String::new()
            } else if en {
                format!("Follow-up: {}", r.topic)
            } else {
                format!("跟进：{}", r.topic)
            };
            let next = if r.next_action.is_empty() {
                String::new()
            } else if en {
                format!("Next: {}", r.next_action)
            } else {
                format!("下一步：{}", r.next_action)
            };
            let text = join(&[&topic, &next], " · ");
            match (text.is_empty(), en) {
                (true, true) => "A follow-up is due".to_string(),
                (true, false) => "跟进时间到了".to_string(),
                (false, _) => text,
            }
        }
        ReminderKind::Birthday => (if en { "Birthday today" } else { "今天生日" }).to_string(),
        ReminderKind::ContactBirthday => {
            if en {
                format!("Birthday today: {}", r.topic)
            } else {
                format!("联系人 {} 今天生日", r.topic)
            }
        }
        ReminderKind::ContractExpiry => {
            let date = r.date.unwrap_or_default();
            let days = (date - local_date(now, tz)).num_days().max(0);
            if en {
                format!("Contract expires on {date} (in {days} days)")
            } else {
                format!("合同将于 {date} 到期（还有 {days} 天）")
            }
        }
        ReminderKind::ServicePlan => {
            let date = r.date.unwrap_or_else(|| local_date(r.due, tz));
            plan_body(&r.topic, date, en)
        }
        ReminderKind::Task => {
            if en {
                format!("Task due: {}", r.topic)
            } else {
                format!("阶段任务到期：{}", r.topic)
            }
        }
    };
    let title = match (r.kind, en) {
        (ReminderKind::ServicePlan, true) => format!("Service visit: {}", r.customer_name),
        (ReminderKind::ServicePlan, false) => format!("售后回访：{}", r.customer_name),
        _ => r.customer_name.clone(),
    };
    Notice {
        title,
        body,
        customer_id: Some(r.customer_id.clone()),
    }
}

/// `r`'s notification without the customer's name or anything typed about it (topic, next
/// step, contact, plan), for screens others may see (the private-notifications setting):
/// the kind of reminder, and a contract's date. The click still opens the customer.
pub fn private_notice<Tz: TimeZone>(
    r: &Reminder,
    now: DateTime<Utc>,
    tz: &Tz,
    lang: Language,
) -> Notice {
    let en = lang == Language::En;
    let body = match (r.kind, en) {
        (ReminderKind::FollowUp, true) => "A follow-up is due".to_string(),
        (ReminderKind::FollowUp, false) => "有一条跟进到期了".to_string(),
        (ReminderKind::Birthday | ReminderKind::ContactBirthday, true) => {
            "A customer's birthday today".to_string()
        }
        (ReminderKind::Birthday | ReminderKind::ContactBirthday, false) => {
            "今天有客户生日".to_string()
        }
        (ReminderKind::ContractExpiry, _) => {
            let date = r.date.unwrap_or_default();
            let days = (date - local_date(now, tz)).num_days().max(0);
            if en {
                format!("A contract expires on {date} (in {days} days)")
            } else {
                format!("有一份合同将于 {date} 到期（还有 {days} 天）")
            }
        }
        (ReminderKind::ServicePlan, true) => "An after-sales visit is due".to_string(),
        (ReminderKind::ServicePlan, false) => "有一个售后回访到期了".to_string(),
        (ReminderKind::Task, true) => "A stage task is due".to_string(),
        (ReminderKind::Task, false) => "有一个阶段任务到期了".to_string(),
    };
    Notice {
        title: (if en {
            "Rapport reminder"
        } else {
            "客脉提醒"
        })
        .to_string(),
        body,
        customer_id: Some(r.customer_id.clone()),
    }
}

/// One notification for everything missed while the app was closed.
pub fn summary(pending: &[Reminder], lang: Language) -> Notice {
    let en = lang == Language::En;
    let count = |k: ReminderKind| pending.iter().filter(|r| r.kind == k).count();
    let follow_ups = count(ReminderKind::FollowUp);
    let birthdays = count(ReminderKind::Birthday) + count(ReminderKind::ContactBirthday);
    let contracts = count(ReminderKind::ContractExpiry);
    let plans = count(ReminderKind::ServicePlan);
    let tasks = count(ReminderKind::Task);
    let mut parts = Vec::new();
    if follow_ups > 0 {
        parts.push(match (en, follow_ups) {
            (true, 1) => "1 follow-up overdue".to_string(),
            (true, n) => format!("{n} follow-ups overdue"),
            (false, n) => format!("{n} 条跟进已到期"),
        });
    }
    if birthdays > 0 {
        parts.push(match (en, birthdays) {
            (true, 1) => "1 birthday today".to_string(),
            (true, n) => format!("{n} birthdays today"),
            (false, n) => format!("今天有 {n} 个生日"),
        });
    }
    if contracts > 0 {
        parts.push(match (en, contracts) {
            (true, 1) => "1 contract expiring soon".to_string(),
            (true, n) => format!("{n} contracts expiring soon"),
            (false, n) => format!("{n} 份合同即将到期"),
        });
    }
    if plans > 0 {
        parts.push(match (en, plans) {
            (true, 1) => "1 service visit due".to_string(),
            (true, n) => format!("{n} service visits due"),
            (false, n) => format!("{n} 个售后回访到期"),
        });
    }
    if tasks > 0 {
        parts.push(match (en, tasks) {
            (true, 1) => "1 stage task due".to_string(),
            (true, n) => format!("{n} stage tasks due"),
            (false, n) => format!("{n} 个阶段任务到期"),
        });
    }
    Notice {
        title: (if en {
            "Rapport reminders"
        } else {
            "客脉提醒"
        })
        .to_string(),
        body: parts.join(if en { " · " } else { "，" }),
        customer_id: None,
    }
}
