//! What the server's refusal (SQLSTATE 42501) says, in both languages. PostgreSQL words it in
//! English and names the table ("new row violates row-level security policy for table
//! "customers"", "permission denied for table team_settings"); the refused-changes list and the
//! sidebar show it to a person, in Chinese too.
use crate::error::SyncError;

/// A team book's table as a person calls its records: Chinese with its measure word, English.
fn records(table: &str) -> (&'static str, &'static str, &'static str) {
    match table {
        "customers" => ("客户", "位", "customer"),
        "customer_tags" | "tags" => ("标签", "个", "tag"),
        "followups" => ("跟进记录", "条", "follow-up"),
        "opportunities" => ("商机", "个", "opportunity"),
        "deals" => ("成交记录", "条", "deal"),
        "services" => ("售后记录", "条", "after-sales record"),
        "history" => ("客户历史", "条", "customer history"),
        "tasks" => ("阶段任务", "个", "stage task"),
        "team_settings" => ("团队设置", "项", "team setting"),
        "people" => ("团队成员", "位", "team member"),
        "pool_rule" => ("公海规则", "条", "pool rule"),
        _ => ("团队数据", "条", "team record"),
    }
}

/// The table a PostgreSQL message names: the last word, unquoted, without its schema.
fn table_of(message: &str) -> &str {
    let last = message.split_whitespace().last().unwrap_or_default();
    let bare = last.trim_matches('"');
    bare.rsplit('.').next().unwrap_or(bare).trim_matches('"')
}

/// The refusal as a person reads it.
pub(crate) fn not_allowed(message: &str) -> SyncError {
    let (zh, en) = if message.contains("row-level security") {
        let (zh, measure, en) = records(table_of(message));
        (
            format!("这{measure}{zh}不归你管（只能改自己的客户和它们的记录，公海客户要先领取）"),
            format!(
                "this {en} is not yours to change (only your own customers and their records; \
                 claim a pool customer first)"
            ),
        )
    } else if message.starts_with("permission denied for table") {
        let (zh, _, en) = records(table_of(message));
        (
            format!("你的角色没有这项权限（涉及{zh}）"),
            format!("your role may not do this (it touches {en}s)"),
        )
    } else {
        (
            "你的角色不能做这项操作".to_owned(),
            format!("your role may not do this ({message})"),
        )
    };
    SyncError::NotAllowed { zh, en }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn halves(e: SyncError) -> (String, String) {
        let text = e.to_string();
        let (zh, en) = text.split_once(" / ").unwrap_or_default();
        (zh.to_owned(), en.to_owned())
    }

    #[test]
    fn row_level_security_names_the_record_in_each_language() {
        let (zh, en) = halves(not_allowed(
            "new row violates row-level security policy for table \"customers\"",
        ));
        assert_eq!(
            zh,
            "没有权限：这位客户不归你管（只能改自己的客户和它们的记录，公海客户要先领取）"
        );
        assert!(
            !zh.contains("row-level"),
            "no English in the Chinese half: {zh}"
        );
        assert!(
            en.starts_with("Not allowed: this customer is not yours to change"),
            "{en}"
        );
    }

    #[test]
    fn a_table_the_role_may_not_write_is_named() {
        let (zh, en) = halves(not_allowed("permission denied for table team_settings"));
        assert_eq!(zh, "没有权限：你的角色没有这项权限（涉及团队设置）");
        assert_eq!(
            en,
            "Not allowed: your role may not do this (it touches team settings)"
        );
        let (zh, _) = halves(not_allowed("permission denied for table rapport.followups"));
        assert_eq!(zh, "没有权限：你的角色没有这项权限（涉及跟进记录）");
    }

    #[test]
    fn anything_else_keeps_the_servers_words_in_english_only() {
        let (zh, en) = halves(not_allowed("permission denied for function purge"));
        assert_eq!(zh, "没有权限：你的角色不能做这项操作");
        assert_eq!(
            en,
            "Not allowed: your role may not do this (permission denied for function purge)"
        );
    }
}
