//! The wording of team notifications (a customer assigned to me, one of mine reassigned away,
//! a follow-up someone else scheduled for me) in both languages. With private notifications
//! the customer's name stays out, as for reminders.
use crate::model::{Language, Notice, TeamNotice, TeamNoticeKind};

/// The desktop notification for one team notice; a click opens the customer.
pub fn team_notice(n: &TeamNotice, lang: Language, private: bool) -> Notice {
    let en = lang == Language::En;
    let customer = if private { "" } else { n.customer.as_str() };
    let by = if n.by.trim().is_empty() {
        if en {
            "a colleague"
        } else {
            "同事"
        }
    } else {
        n.by.as_str()
    };
    let (title, body) = match (n.kind, en) {
        (TeamNoticeKind::Assigned, false) => (
            "新客户".to_owned(),
            named(
                customer,
                |c| format!("新分配给你的客户：{c}，由 {by}"),
                || format!("{by} 把一位客户分配给了你"),
            ),
        ),
        (TeamNoticeKind::Assigned, true) => (
            "New customer".to_owned(),
            named(
                customer,
                |c| format!("New customer assigned to you: {c}, by {by}"),
                || format!("{by} assigned a customer to you"),
            ),
        ),
        (TeamNoticeKind::ReassignedAway, false) => {
            let to = if n.to.is_empty() {
                "其他同事"
            } else {
                n.to.as_str()
            };
            (
                "客户已转出".to_owned(),
                named(
                    customer,
                    |c| format!("客户 {c} 已转给 {to}"),
                    || format!("你的一位客户已转给 {to}"),
                ),
            )
        }
        (TeamNoticeKind::ReassignedAway, true) => {
            let to = if n.to.is_empty() {
                "a colleague"
            } else {
                n.to.as_str()
            };
            (
                "Customer reassigned".to_owned(),
                named(
                    customer,
                    |c| format!("Customer {c} was reassigned to {to}"),
                    || format!("One of your customers was reassigned to {to}"),
                ),
            )
        }
        (TeamNoticeKind::Scheduled, false) => (
            "新的跟进安排".to_owned(),
            named(
                customer,
                |c| format!("{by} 为你安排了 {c} 的下次跟进"),
                || format!("{by} 为你安排了一次跟进"),
            ),
        ),
        (TeamNoticeKind::Scheduled, true) => (
            "Follow-up scheduled for you".to_owned(),
            named(
                customer,
                |c| format!("{by} scheduled the next follow-up of {c} for you"),
                || format!("{by} scheduled a follow-up for you"),
            ),
        ),
    };
    Notice {
        title,
        body,
        customer_id: Some(n.customer_id.clone()),
    }
}

fn named(
    customer: &str,
    with: impl FnOnce(&str) -> String,
    without: impl FnOnce() -> String,
) -> String {
    if customer.trim().is_empty() {
        without()
    } else {
        with(customer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notice(kind: TeamNoticeKind, to: &str) -> TeamNotice {
        TeamNotice {
            kind,
            customer_id: "c1".into(),
            customer: "王伟".into(),
            by: "李经理".into(),
            to: to.into(),
        }
    }

    #[test]
    fn an_assignment_names_the_customer_and_who_assigned_it() {
        let n = notice(TeamNoticeKind::Assigned, "");
        let zh = team_notice(&n, Language::Zh, false);
        assert_eq!(zh.body, "新分配给你的客户：王伟，由 李经理");
        assert_eq!(zh.customer_id.as_deref(), Some("c1"));
        let en = team_notice(&n, Language::En, false);
        assert_eq!(en.body, "New customer assigned to you: 王伟, by 李经理");
    }

    #[test]
    fn a_reassignment_names_the_new_owner_or_says_a_colleague() {
        let zh = team_notice(
            &notice(TeamNoticeKind::ReassignedAway, "赵六"),
            Language::Zh,
            false,
        );
        assert_eq!(zh.body, "客户 王伟 已转给 赵六");
        let en = team_notice(
            &notice(TeamNoticeKind::ReassignedAway, ""),
            Language::En,
            false,
        );
        assert_eq!(en.body, "Customer 王伟 was reassigned to a colleague");
    }

    #[test]
    fn private_notifications_leave_the_customer_out() {
        for kind in [
            TeamNoticeKind::Assigned,
            TeamNoticeKind::ReassignedAway,
            TeamNoticeKind::Scheduled,
        ] {
            for lang in [Language::Zh, Language::En] {
                let n = team_notice(&notice(kind, "赵六"), lang, true);
                assert!(!n.body.contains("王伟"), "{}", n.body);
                assert_eq!(n.customer_id.as_deref(), Some("c1"));
            }
        }
    }
}
