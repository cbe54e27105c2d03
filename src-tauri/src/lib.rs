//! The desktop shell: opens the book, registers thin commands and plugins, runs the reminder
//! task and the tray icon. Every product rule lives in the `rapport-core` crate.
mod autostart;
mod backups;
mod commands;
mod data_dir;
mod dialogs;
mod error;
mod file_drop;
mod granted;
mod import_desk;
mod instance;
mod memory;
mod navigate;
mod notify;
mod reminders;
mod state;
mod team;
mod tray;
mod webkit_env;
mod window_state;

use rapport_core::model::Language;
use rapport_core::Store;
use state::AppState;
use tauri::{Emitter, Manager};

/// The system locale picks the language until the user chooses one in settings.
fn initial_language(store: &Result<Store, error::ShellError>) -> Language {
    let saved = store
        .as_ref()
        .ok()
        .and_then(|s| s.settings().ok().flatten());
    match saved {
        Some(s) => s.language,
        None => system_language(),
    }
}

fn system_language() -> Language {
    Language::from_locale(&sys_locale::get_locale().unwrap_or_default())
}

/// Opens the book in `dir` (a restore asked for is swapped in first). A panic in there
/// becomes an error the start-up screen shows, so no call waits forever for the book.
fn open_book(
    dir: Result<std::path::PathBuf, error::ShellError>,
) -> Result<Store, error::ShellError> {
    let dir = dir?;
    let opened = std::panic::catch_unwind(|| {
        backups::swap_requested(&dir).and_then(|()| backups::open_book(&dir))
    });
    let store = match opened {
        Ok(store) => store,
        Err(_) => Err(rapport_core::CoreError::Storage(
            "opening the book failed unexpectedly".into(),
        )),
    };
    if let Err(e) = &store {
        eprintln!("rapport: could not open the customer book: {e}");
    }
    store.map_err(error::ShellError::from)
}

/// On the opening thread, once the book is open: what needs it. The warm-up, the daily backup
/// and the dashboard's facts wait until the window shows its first rows; the backup and the
/// facts then run at the lowest CPU priority, so they do not slow the first searches either.
fn after_open(handle: &tauri::AppHandle) {
    let state = handle.state::<AppState>();
    if let Some(settings) = state.with_store(|s| s.settings()).ok().flatten() {
        autostart::apply(handle, settings.reminders.start_at_login);
    }
    reminders::start(handle);
    team::start_if_team(handle);
    tauri::async_runtime::block_on(state.settled(std::time::Duration::from_secs(5)));
    // The page is answered; give the window a moment to paint it.
    std::thread::sleep(std::time::Duration::from_millis(500));
    // What the open left for later (the search's keys and buffers, the agenda index), unless a
    // reader has built it already. At normal priority: a search typed meanwhile waits for the
    // buffers this builds (a lowered thread would make it wait behind the window's work).
    let _ = state.with_store(|s| s.warm_up());
    memory::lower_priority();
    backups::daily(handle);
    commands::analytics::warm(handle);
    backups::start_hourly(handle);
}

pub fn run() {
    webkit_env::plain_compositing();
    memory::limit_arenas();
    let context = tauri::generate_context!();
    // First: a second start on the same book focuses the running window instead of fighting
    // over the book; another book runs beside it (`instance`).
    let mut single = tauri_plugin_single_instance::Builder::new()
        .callback(|app, _args, _cwd| navigate::show_main(app));
    if let Some(id) = instance::dbus_id(&context.config().identifier, data_dir::chosen().as_deref())
    {
        single = single.dbus_id(id);
    }
    let result = tauri::Builder::default()
        .plugin(single.build())
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_notification::init())
        .plugin(autostart::plugin())
        .setup(|app| {
            let language = system_language();
            window_state::save_on_change(app);
            let handle = app.handle();
            tray::create(handle, language);
            tray::hide_on_close(handle);
            file_drop::import_on_drop(handle);
            if autostart::started_at_login() {
                tray::start_hidden(handle);
            }
            notify::on_click(handle);
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::app::app_info,
            commands::app::get_settings,
            commands::app::save_settings,
            commands::customers::list_customers,
            commands::customers::get_customer,
            commands::customers::create_customer,
            commands::customers::update_customer,
            commands::customers::trash_customer,
            commands::customers::restore_customer,
            commands::customers::purge_customer,
            commands::customers::empty_trash,
            commands::customers::list_trash,
            commands::customers::list_owners,
            commands::customers::load_demo_data,
            commands::tags::list_tags,
            commands::tags::create_tag,
            commands::tags::rename_tag,
            commands::tags::recolor_tag,
            commands::tags::merge_tags,
            commands::tags::delete_tag,
            commands::followups::log_follow_up,
            commands::followups::update_follow_up,
            commands::followups::delete_follow_up,
            commands::followups::complete_follow_up,
            commands::followups::snooze_follow_up,
            commands::followups::customer_timeline,
            commands::followups::suggest_follow_up,
            commands::followups::get_agenda,
            commands::notifications::notification_status,
            commands::notifications::dismiss_notification_help,
            commands::import::pick_import_file,
            commands::import::open_import,
            commands::import::preview_import,
            commands::import::save_import_errors,
            commands::import::run_import,
            commands::import::cancel_import,
            commands::import::close_import,
            commands::import::list_imports,
            commands::import::undo_import,
            commands::export::export_customers,
            commands::backups::list_backups,
            commands::backups::backup_now,
            commands::backups::restore_backup,
            commands::backups::pick_backup,
            commands::backups::backup_status,
            commands::backups::set_backup_password,
            commands::backups::pick_backup_folder,
            commands::backups::finish_restore,
            commands::backups::roll_back_restore,
            commands::backups::restore_damaged_book,
            commands::app::restart_app,
            commands::records::add_opportunity,
            commands::records::update_opportunity,
            commands::records::delete_opportunity,
            commands::records::add_deal,
            commands::records::update_deal,
            commands::records::delete_deal,
            commands::records::resolve_deal_conflict,
            commands::records::add_service,
            commands::records::update_service,
            commands::records::delete_service,
            commands::pipeline::pipeline_board,
            commands::pipeline::pipeline_column,
            commands::pipeline::move_stage,
            commands::analytics::dashboard,
            commands::analytics::export_table,
            commands::owners::owner_list,
            commands::owners::set_owner_archived,
            commands::owners::hand_over,
            commands::tasks::customer_tasks,
            commands::tasks::add_task,
            commands::tasks::update_task,
            commands::tasks::task_figures,
            commands::performance::performance,
            commands::performance::save_targets,
            commands::team::team_info,
            commands::team::team_test_connection,
            commands::team::team_create,
            commands::team::team_join_preview,
            commands::team::team_join,
            commands::team_refused::team_refused,
            commands::team_refused::team_retry_refused,
            commands::team_refused::team_dismiss_refused,
            commands::team::team_add_person,
            commands::team::team_leave,
            commands::team_audit::team_customer_audit,
            commands::team_audit::deal_conflicts,
            commands::team_pool::team_claim,
            commands::team_pool::team_set_pool_return,
            commands::team_assign::team_people,
            commands::team_assign::team_assign,
        ])
        .build(context)
        .and_then(|app| {
            open_in_background(&app)?;
            app.run(|_, _| {});
            Ok(())
        });
    if let Err(e) = result {
        eprintln!("rapport: {e}");
        std::process::exit(1);
    }
}

/// The book opens on a thread of its own, started once the plugins are set up (a second start
/// on the same book has handed over and left by then) and before the window is made, so the
/// open overlaps the window and WebKit starting; the commands wait for it
/// (`AppState::opened`).
fn open_in_background(app: &tauri::App) -> tauri::Result<()> {
    let dir = data_dir::resolve(app.handle());
    let language = system_language();
    app.manage(AppState::opening(
        language,
        dir.as_ref().cloned().unwrap_or_default(),
    ));
    // All the state, before the open's thread may use it (the window's setup may come later).
    app.manage(import_desk::ImportDesk::default());
    app.manage(team::Team::default());
    app.manage(rapport_core::import::picked::PickedFiles::new());
    let opener = app.handle().clone();
    std::thread::Builder::new()
        .name("open-book".into())
        .spawn(move || {
            if let Ok(book) = &dir {
                // A large team book's first sync, before the book opens; the loading screen
                // shows how far it is.
                team::first_sync::run_requested(book, |status| {
                    let _ = opener.emit(team::EVENT, team::status::view(&status, language));
                });
            }
            let store = open_book(dir);
            let state = opener.state::<AppState>();
            state.set_language(initial_language(&store));
            state.open_with(store);
            after_open(&opener);
        })?;
    Ok(())
}
