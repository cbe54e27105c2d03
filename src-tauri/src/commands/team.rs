//! Settings → Team: thin calls over rapport-sync (connect, install, add a person) and the
//! shell's `team` module (keychain, the engine). The password goes from the form to the server
//! and the OS keychain only.
use crate::error::ApiError;
use crate::state::AppState;
use crate::team::{self, errors, first_sync, keychain, login, me, Team};
use rapport_core::model::{AddedPerson, JoinCounts, Language, TeamInfo, TeamLogin};
use rapport_sync::{JoinPreview, Role, Server, SyncEngine, SyncError};
use tauri::{AppHandle, State};

fn info(state: &AppState, team: &Team) -> TeamInfo {
    TeamInfo {
        login: login::read(&state.data_dir)
            .filter(|_| state.with_store(|s| Ok(s.is_team_book())).unwrap_or(false)),
        state: team.state(state),
        me: team
            .me(state)
            .filter(|_| state.with_store(|s| Ok(s.is_team_book())).unwrap_or(false)),
    }
}

/// The form's fields, trimmed and checked; the first wrong one is named.
fn checked(mut l: TeamLogin, lang: Language) -> Result<TeamLogin, ApiError> {
    l.host = l.host.trim().to_owned();
    l.database = l.database.trim().to_owned();
    l.user = l.user.trim().to_owned();
    for (name, value) in [
        ("host", &l.host),
        ("database", &l.database),
        ("user", &l.user),
    ] {
        if value.is_empty() {
            return Err(errors::field(name, lang));
        }
    }
    if l.port == 0 {
        return Err(errors::field("port", lang));
    }
    if l.password.is_empty() {
        return Err(errors::field("password", lang));
    }
    Ok(l)
}

async fn connect(l: &TeamLogin, lang: Language) -> Result<Server, ApiError> {
    Server::connect(&team::config(l, &l.password))
        .await
        .map_err(|e| errors::sync(&e, lang))
}

/// Remembers the login: the password in the OS keychain, the rest in `team.json`.
fn remember(state: &AppState, l: &TeamLogin) -> Result<(), ApiError> {
    let lang = state.language();
    keychain::save(l).map_err(|d| errors::keychain(&d, lang))?;
    login::write(&state.data_dir, l)
        .map_err(|e| ApiError::from_core(&rapport_core::CoreError::Storage(e.to_string()), lang))
}

#[tauri::command]
pub async fn team_info(
    state: State<'_, AppState>,
    team: State<'_, Team>,
) -> Result<TeamInfo, ApiError> {
    Ok(info(&state, &team))
}

/// Tries the login: a sentence saying what the database holds, or why it failed.
#[tauri::command]
pub async fn team_test_connection(
    state: State<'_, AppState>,
    login: TeamLogin,
) -> Result<String, ApiError> {
    let lang = state.language();
    let l = checked(login, lang)?;
    let server = connect(&l, lang).await?;
    let zh_en = match server.check_schema().await {
        Ok(_) => (
            "已连接：这个数据库里有团队客户簿，可以加入。",
            "Connected: this database holds a team book, you can join it.",
        ),
        Err(SyncError::NotInstalled) => (
            "已连接：数据库里还没有团队客户簿，可以在这里创建。",
            "Connected: the database holds no team book yet, you can create one here.",
        ),
        Err(e) => return Err(errors::sync(&e, lang)),
    };
    Ok(match lang {
        Language::Zh => zh_en.0.to_owned(),
        Language::En => zh_en.1.to_owned(),
    })
}

/// Creates the team book on an empty database (installing Rapport's schema, this login its
/// first admin) and makes this book its first desktop.
#[tauri::command]
pub async fn team_create(
    handle: AppHandle,
    state: State<'_, AppState>,
    team: State<'_, Team>,
    login: TeamLogin,
    admin_name: String,
) -> Result<TeamInfo, ApiError> {
    let lang = state.language();
    let l = checked(login, lang)?;
    if admin_name.trim().is_empty() {
        return Err(errors::field("name", lang));
    }
    let mut server = connect(&l, lang).await?;
    server
        .install(admin_name.trim())
        .await
        .map_err(|e| errors::sync(&e, lang))?;
    remember(&state, &l)?;
    // Everything this book holds is queued for upload (the flag set last); the engine's first
    // round pushes it.
    state.write(|s| s.share_book().map(|_| ()))?;
    team::start(&handle, &team::config(&l, &l.password));
    Ok(info(&state, &team))
}

/// The form's login, checked to be one of the team's people on a team book this app can use.
async fn member(login: TeamLogin, lang: Language) -> Result<TeamLogin, ApiError> {
    let l = checked(login, lang)?;
    let server = connect(&l, lang).await?;
    server
        .check_schema()
        .await
        .map_err(|e| errors::sync(&e, lang))?;
    if server
        .me()
        .await
        .map_err(|e| errors::sync(&e, lang))?
        .is_none()
    {
        return Err(errors::not_a_member(lang));
    }
    Ok(l)
}

/// What joining would do with this book — merged, uploaded, coming from the team — before
/// the person confirms; changes nothing.
#[tauri::command]
pub async fn team_join_preview(
    state: State<'_, AppState>,
    login: TeamLogin,
) -> Result<JoinCounts, ApiError> {
    let lang = state.language();
    let l = member(login, lang).await?;
    state.with_store(|_| Ok(()))?;
    let Some(store) = state.shared_store() else {
        return Err(errors::not_team(lang));
    };
    let p = if store.is_team_book() {
        // Linked already: nothing of this book is merged or uploaded again.
        JoinPreview::default()
    } else {
        let mut engine = SyncEngine::new(store, team::config(&l, &l.password));
        engine
            .join_preview()
            .await
            .map_err(|e| errors::sync(&e, lang))?
    };
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    Ok(JoinCounts {
        local: count(p.local),
        merged: count(p.local.saturating_sub(p.new)),
        claimed: count(p.claimed),
        uploaded: count(p.new),
        team: count(p.team),
    })
}

/// Joins an existing team book with the login an admin made for this person.
#[tauri::command]
pub async fn team_join(
    handle: AppHandle,
    state: State<'_, AppState>,
    team: State<'_, Team>,
    login: TeamLogin,
) -> Result<TeamInfo, ApiError> {
    let lang = state.language();
    let l = member(login, lang).await?;
    remember(&state, &l)?;
    // This book's own customers join the team: the ones the team has already (the import's
    // duplicate rules) merged into the team's, the rest uploaded; then the team's arrive.
    // (A book that did not open says why, as every command does.)
    state.with_store(|_| Ok(()))?;
    let Some(store) = state.shared_store() else {
        return Err(errors::not_team(lang));
    };
    if !store.is_team_book() {
        let mut engine = SyncEngine::new(store, team::config(&l, &l.password));
        let joined = engine
            .join_without_pull()
            .await
            .map_err(|e| errors::sync(&e, lang))?;
        if joined.team >= first_sync::IN_STEPS_FROM {
            // A large team book comes in step processes before the book opens again.
            first_sync::request(&state.data_dir).map_err(|e| {
                ApiError::from_core(&rapport_core::CoreError::Storage(e.to_string()), lang)
            })?;
            handle.restart();
        }
        engine
            .sync_once()
            .await
            .map_err(|e| errors::sync(&e, lang))?;
    }
    team::start(&handle, &team::config(&l, &l.password));
    Ok(info(&state, &team))
}

/// Adds a person (admins only; the server's row-level security decides): their login and a
/// generated password, shown once.
#[tauri::command]
pub async fn team_add_person(
    state: State<'_, AppState>,
    name: String,
    role: String,
) -> Result<AddedPerson, ApiError> {
    let lang = state.language();
    let role = match role.as_str() {
        "salesperson" => Role::Salesperson,
        "manager" => Role::Manager,
        "admin" => Role::Admin,
        _ => return Err(errors::field("role", lang)),
    };
    if name.trim().is_empty() {
        return Err(errors::field("name", lang));
    }
    let Some(mut l) = login::read(&state.data_dir) else {
        return Err(errors::not_team(lang));
    };
    l.password = keychain::load(&l)
        .map_err(|d| errors::keychain(&d, lang))?
        .ok_or_else(|| errors::keychain("no entry", lang))?;
    let name = name.trim().to_owned();
    // rapport-sync's `add_person` holds a thread-local RNG across an await (its future is not
    // Send): it runs on a runtime of its own on a blocking thread.
    let asked = name.clone();
    let added = tauri::async_runtime::spawn_blocking(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| SyncError::Book {
                message: e.to_string(),
            })?;
        runtime.block_on(async {
            let server = Server::connect(&team::config(&l, &l.password)).await?;
            server.add_person(&asked, role).await
        })
    })
    .await
    .map_err(|e| {
        errors::sync(
            &SyncError::Book {
                message: e.to_string(),
            },
            lang,
        )
    })?
    .map_err(|e| errors::sync(&e, lang))?;
    Ok(AddedPerson {
        name,
        role: role.as_str().to_owned(),
        login: added.login,
        password: added.password,
    })
}

/// Leaves the team: syncing stops, the password leaves the keychain, and this book stays as a
/// personal copy of what it holds.
#[tauri::command]
pub async fn team_leave(
    state: State<'_, AppState>,
    team: State<'_, Team>,
) -> Result<TeamInfo, ApiError> {
    let lang = state.language();
    team.stop(&state);
    if let Some(l) = login::read(&state.data_dir) {
        keychain::forget(&l).map_err(|d| errors::keychain(&d, lang))?;
    }
    // The book stays, every record in it, as a personal copy; unsent edits stay in it too.
    state.write(|s| s.leave_team().map(|_| ()))?;
    team.set_me(None);
    me::remove(&state.data_dir)
        .map_err(|e| ApiError::from_core(&rapport_core::CoreError::Storage(e.to_string()), lang))?;
    login::remove(&state.data_dir)
        .map_err(|e| ApiError::from_core(&rapport_core::CoreError::Storage(e.to_string()), lang))?;
    Ok(info(&state, &team))
}
