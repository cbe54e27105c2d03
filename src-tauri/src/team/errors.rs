//! Team errors as the UI shows them: `{ code, message }` in the user's language. rapport-sync
//! writes each message as "中文 / English"; the keychain's failures get words of their own.
use crate::error::ApiError;
use rapport_core::error::ErrorPayload;
use rapport_core::model::Language;
use rapport_sync::SyncError;

/// The half of a "中文 / English" message in `lang` (the whole text when it has no halves).
pub fn in_language(message: &str, lang: Language) -> String {
    match message.split_once(" / ") {
        Some((zh, en)) => match lang {
            Language::Zh => zh.trim().to_owned(),
            Language::En => en.trim().to_owned(),
        },
        None => message.to_owned(),
    }
}

pub fn sync(e: &SyncError, lang: Language) -> ApiError {
    ApiError(ErrorPayload {
        code: format!("team.{}", e.code()),
        message: in_language(&e.to_string(), lang),
        field: None,
    })
}

pub fn keychain(detail: &str, lang: Language) -> ApiError {
    let message = match lang {
        Language::Zh => format!("无法把密码存入系统钥匙串（{detail}）。"),
        Language::En => {
            format!("The password could not be kept in the system keychain ({detail}).")
        }
    };
    ApiError(ErrorPayload {
        code: "team.keychain".into(),
        message,
        field: None,
    })
}

/// A form field that is missing or wrong.
pub fn field(field: &str, lang: Language) -> ApiError {
    let (zh, en) = match field {
        "host" => ("请填写服务器地址。", "Enter the server's address."),
        "port" => (
            "端口应在 1 到 65535 之间。",
            "The port must be between 1 and 65535.",
        ),
        "database" => ("请填写数据库名称。", "Enter the database's name."),
        "user" => ("请填写用户名。", "Enter the user name."),
        "password" => ("请填写密码。", "Enter the password."),
        "name" => ("请填写姓名。", "Enter a name."),
        "role" => ("请选择角色。", "Choose a role."),
        _ => ("这一项不对。", "This field is not right."),
    };
    ApiError(ErrorPayload {
        code: "team.field".into(),
        message: match lang {
            Language::Zh => zh.into(),
            Language::En => en.into(),
        },
        field: Some(field.to_owned()),
    })
}

/// Not a team book (a command for team books only).
pub fn not_team(lang: Language) -> ApiError {
    ApiError(ErrorPayload {
        code: "team.notTeam".into(),
        message: match lang {
            Language::Zh => "这本客户簿不是团队客户簿。".into(),
            Language::En => "This book is not a team book.".into(),
        },
        field: None,
    })
}

/// A login that is not one of the team's people.
pub fn not_a_member(lang: Language) -> ApiError {
    ApiError(ErrorPayload {
        code: "team.notMember".into(),
        message: match lang {
            Language::Zh => "这个用户不是团队成员：请用管理员为你添加的登录名。".into(),
            Language::En => {
                "This login is not one of the team's people: use the login an admin added for you."
                    .into()
            }
        },
        field: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sync_error_speaks_one_language() {
        let e = SyncError::WrongPassword { user: "li".into() };
        let en = sync(&e, Language::En).0;
        assert_eq!(en.code, "team.wrong_password");
        assert_eq!(en.message, "Wrong password for li (or no such user).");
        let zh = sync(&e, Language::Zh).0;
        assert_eq!(zh.message, "用户 li 的密码不对（或没有这个用户）。");
    }
}
