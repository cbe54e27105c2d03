//! The engine's `SyncStatus` as the sidebar shows it, in the user's language.
use super::errors::in_language;
use rapport_core::model::{Language, SyncProgress, SyncState};
use rapport_sync::SyncStatus;

fn state(code: &str, pending: usize, since: Option<String>, reason: Option<String>) -> SyncState {
    SyncState {
        code: code.to_owned(),
        pending: u32::try_from(pending).unwrap_or(u32::MAX),
        since,
        reason,
        progress: None,
        refused: None,
    }
}

pub fn personal() -> SyncState {
    state("personal", 0, None, None)
}

pub fn no_password(lang: Language) -> SyncState {
    let reason = match lang {
        Language::Zh => "钥匙串里没有团队客户簿的密码：请在 设置 → 团队 重新加入。",
        Language::En => {
            "The keychain holds no password for the team book: join again in Settings → Team."
        }
    };
    state("no_password", 0, None, Some(reason.to_owned()))
}

pub fn view(status: &SyncStatus, lang: Language) -> SyncState {
    match status {
        SyncStatus::Starting => state("starting", 0, None, None),
        SyncStatus::Synced { at } => state("synced", 0, Some(at.to_rfc3339()), None),
        SyncStatus::Syncing { pending } => state("syncing", *pending, None, None),
        SyncStatus::FirstSync { pulled, total } => SyncState {
            progress: Some(SyncProgress {
                pulled: u32::try_from(*pulled).unwrap_or(u32::MAX),
                total: u32::try_from(*total).unwrap_or(u32::MAX),
            }),
            ..state("first_sync", 0, None, None)
        },
        SyncStatus::Offline {
            since,
            pending,
            reason,
        } => state(
            "offline",
            *pending,
            Some(since.to_rfc3339()),
            Some(in_language(&reason.to_string(), lang)),
        ),
        SyncStatus::Refused {
            at,
            pending,
            count,
            reason,
        } => SyncState {
            refused: Some(u32::try_from(*count).unwrap_or(u32::MAX)),
            ..state(
                "refused",
                *pending,
                Some(at.to_rfc3339()),
                Some(in_language(reason, lang)),
            )
        },
        SyncStatus::ReadOnly { pending, reason } => state(
            "read_only",
            *pending,
            None,
            Some(in_language(&reason.to_string(), lang)),
        ),
        SyncStatus::Error { reason } => state(
            "error",
            0,
            None,
            Some(in_language(&reason.to_string(), lang)),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rapport_sync::SyncError;

    #[test]
    fn offline_names_since_when_what_waits_and_why_in_each_language() {
        let since = chrono::Utc::now();
        let status = SyncStatus::Offline {
            since,
            pending: 3,
            reason: SyncError::ConnectionLost,
        };
        let en = view(&status, Language::En);
        assert_eq!(en.code, "offline");
        assert_eq!(en.pending, 3);
        assert_eq!(en.since, Some(since.to_rfc3339()));
        assert_eq!(
            en.reason.as_deref(),
            Some("The connection to the server was lost.")
        );
        let zh = view(&status, Language::Zh);
        assert_eq!(zh.reason.as_deref(), Some("与服务器的连接断开了。"));
    }

    #[test]
    fn refused_says_how_many_were_refused_not_how_many_wait() {
        let status = SyncStatus::Refused {
            at: chrono::Utc::now(),
            pending: 0,
            count: 6,
            reason: "Not allowed: permission denied for table team_settings".into(),
        };
        let s = view(&status, Language::En);
        assert_eq!(s.code, "refused");
        assert_eq!((s.refused, s.pending), (Some(6), 0));
    }

    #[test]
    fn a_first_sync_carries_how_far_it_has_come() {
        let status = SyncStatus::FirstSync {
            pulled: 5_000,
            total: 166_678,
        };
        let s = view(&status, Language::Zh);
        assert_eq!(s.code, "first_sync");
        assert_eq!(
            s.progress,
            Some(SyncProgress {
                pulled: 5_000,
                total: 166_678
            })
        );
    }
}
