//! Desktop notifications: shows the reminder engine's notices, opens the customer (or the
//! agenda) when one is clicked, and tells whether notifications reach the user at all.
use crate::navigate::{self, Target};
use rapport_core::model::{Language, Notice, NotificationStatus};
use tauri::AppHandle;
use tauri_plugin_notification::NotificationExt;

/// The book's flag set once the user dismissed the "how to enable notifications" hint.
pub const HELP_DISMISSED: &str = "notificationHelpDismissed";
/// Where a notice's customer travels with the notification, to come back with a click.
const CUSTOMER_ID: &str = "customerId";

/// Opens the notice's customer (or the agenda, for a summary) when its notification is
/// clicked. The plugin reports clicks on Linux (the `default` action of the Desktop
/// Notifications Specification, when the server supports actions), macOS, and Windows (while
/// the toast is on screen); elsewhere a click just brings the app to the front, if anything.
pub fn on_click(app: &AppHandle) {
    let handle = app.clone();
    let registered = app.notification().on_action(move |performed| {
        if performed.action_id() != "tap" {
            return;
        }
        let customer = performed
            .notification()
            .and_then(|n| n.extra().get(CUSTOMER_ID))
            .and_then(|v| v.as_str());
        navigate::open(&handle, Target::for_customer(customer));
    });
    if let Err(e) = registered {
        eprintln!("rapport: notification clicks will not open the customer: {e}");
    }
}

/// Shows one notice. A notice sent while no notification service runs is lost silently on
/// Linux; the agenda still lists what is due.
pub fn show(app: &AppHandle, notice: &Notice) {
    let mut builder = app
        .notification()
        .builder()
        .title(&notice.title)
        .body(&notice.body);
    if let Some(id) = &notice.customer_id {
        builder = builder.extra(CUSTOMER_ID, id);
    }
    if let Err(e) = builder.show() {
        eprintln!("rapport: could not show a reminder: {e}");
    }
}

/// Whether notifications reach the user, with the hint unless `dismissed`.
pub async fn status(app: &AppHandle, lang: Language, dismissed: bool) -> NotificationStatus {
    let available = available(app).await;
    NotificationStatus {
        available,
        help: (!available && !dismissed).then(|| help(lang)),
    }
}

/// Linux: a notification server answers on the session bus (the plugin's permission state
/// is always "granted" on desktop, so it cannot tell).
#[cfg(all(unix, not(target_os = "macos")))]
async fn available(_app: &AppHandle) -> bool {
    tauri::async_runtime::spawn_blocking(|| notify_rust::get_server_information().is_ok())
        .await
        .unwrap_or(false)
}

#[cfg(not(all(unix, not(target_os = "macos"))))]
async fn available(app: &AppHandle) -> bool {
    use tauri::plugin::PermissionState;
    matches!(
        app.notification().permission_state(),
        Ok(PermissionState::Granted)
    )
}

/// How to get notifications working on this system, in the user's language.
pub fn help(lang: Language) -> String {
    help_for(std::env::consts::OS, lang)
}

fn help_for(os: &str, lang: Language) -> String {
    let (en, zh) = match os {
        "macos" => (
            "Allow notifications for Rapport in System Settings → Notifications.",
            "请在“系统设置 → 通知”中允许客脉发送通知。",
        ),
        "windows" => (
            "Turn on notifications for Rapport in Settings → System → Notifications.",
            "请在“设置 → 系统 → 通知”中开启客脉的通知。",
        ),
        _ => (
            "No notification service answers. Turn on notifications in your desktop settings, or install and start a notification daemon such as dunst (sudo apt install dunst), then restart Rapport.",
            "没有可用的通知服务。请在桌面设置中开启通知，或安装并启动通知守护程序（例如 dunst：sudo apt install dunst），然后重启客脉。",
        ),
    };
    let (text, agenda) = match lang {
        Language::En => (en, " Meanwhile, due follow-ups are listed in the agenda."),
        Language::Zh => (zh, "在此之前，到期的跟进会显示在待办日程中。"),
    };
    format!("{text}{agenda}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_linux_hint_names_a_daemon_and_the_agenda_in_both_languages() {
        let en = help_for("linux", Language::En);
        assert!(
            en.contains("dunst") && en.contains("desktop settings"),
            "{en}"
        );
        assert!(en.contains("agenda"), "{en}");
        let zh = help_for("linux", Language::Zh);
        assert!(zh.contains("dunst") && zh.contains("通知服务"), "{zh}");
        assert!(zh.contains("待办"), "{zh}");
    }

    #[test]
    fn other_systems_point_to_their_settings() {
        assert!(help_for("macos", Language::En).contains("System Settings"));
        assert!(help_for("windows", Language::Zh).contains("设置"));
        assert_ne!(
            help_for("windows", Language::En),
            help_for("linux", Language::En)
        );
    }
}
