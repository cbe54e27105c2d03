//! A first sync's step processes in the tests: the test binary re-run as its own
//! `first_sync_step` test, as the app re-runs itself with `first_sync::STEP_ARG`. Each test file
//! that runs steps has that test, calling [`serve_if_step`].
use std::process::Command;

const STEP: &str = "RAPPORT_TEST_FIRST_SYNC_STEP";

/// This test binary as a step process.
pub fn step() -> Command {
    let mut c = Command::new(std::env::current_exe().unwrap());
    c.args([
        "--exact",
        "first_sync_step",
        "--nocapture",
        "--test-threads=1",
    ])
    .env(STEP, "1");
    c
}

/// The `first_sync_step` test's body: serves one step when started by [`step`], else nothing.
pub fn serve_if_step() {
    if std::env::var_os(STEP).is_none() {
        return;
    }
    let code = rapport_sync::first_sync::serve_step(std::io::stdin(), std::io::stdout());
    assert_eq!(code, 0);
}
