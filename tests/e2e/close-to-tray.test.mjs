// Closing the window (the window manager's close button: WM_DELETE_WINDOW) keeps Rapport running
// in the tray so reminders keep coming; a second start shows the window again. With "keep in
// tray" turned off in the settings, closing the window quits.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { appBinary, appEnv, freshProfile, launch, tid } from "./lib/app.mjs";

const CLOSE = join(dirname(fileURLToPath(import.meta.url)), "lib", "close-window.py");
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Runs a command; resolves with { code, stdout }. */
function run(cmd, args) {
  return new Promise((resolve) => {
    execFile(cmd, args, (err, stdout) => resolve({ code: err ? err.code ?? 1 : 0, stdout: String(stdout) }));
  });
}

/** X ids of the app's windows (WM_CLASS "Rapport"; the tray's own window has another class);
 * only the mapped ones with `visible`. */
async function windows(visible) {
  const args = ["search", ...(visible ? ["--onlyvisible"] : []), "--class", "^Rapport$"];
  const { stdout } = await run("xdotool", args);
  return stdout.split("\n").filter(Boolean);
}

async function waitFor(cond, timeout, message) {
  const deadline = Date.now() + timeout;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(message);
    await sleep(200);
  }
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test("closing the window hides it to the tray; a second start shows it; without the tray setting it quits", async () => {
  const profile = freshProfile();
  const app = await launch(profile, { locale: "en_US.UTF-8" });
  try {
    const { browser } = app;
    await (await tid(browser, "nav-customers")).waitForDisplayed({ timeout: 20000 });
    await waitFor(async () => (await windows(true)).length > 0, 8000, "the main window is not on screen");
    const [win] = await windows(true);
    assert.ok(win, "the main window is on screen");
    const pid = Number((await run("xdotool", ["getwindowpid", win])).stdout.trim());
    assert.ok(pid > 0, "the window tells its process");

    // Close: hidden, the app still runs and answers.
    assert.equal((await run("python3", [CLOSE, ...(await windows(false))])).code, 0);
    await waitFor(async () => (await windows(true)).length === 0, 8000, "the window stayed on screen");
    await sleep(500);
    assert.ok(alive(pid), "the app keeps running in the tray");
    const settings = await browser.execute(() => window.__TAURI_INTERNALS__.invoke("get_settings"));
    assert.equal(settings.reminders.keepInTray, true, "keeping in the tray is the default");

    // A second start brings the hidden window back.
    const second = spawn(appBinary(), [], { env: appEnv(profile, "en_US.UTF-8"), stdio: "ignore" });
    await new Promise((resolve) => second.once("exit", resolve));
    await waitFor(async () => (await windows(true)).length > 0, 8000, "a second start did not show the window");

    // Keep in tray off: closing quits.
    settings.reminders.keepInTray = false;
    await browser.execute((s) => window.__TAURI_INTERNALS__.invoke("save_settings", { settings: s }), settings);
    await run("python3", [CLOSE, ...(await windows(false))]);
    await waitFor(() => !alive(pid), 10000, "closing the window did not quit the app");
  } finally {
    await app.stop();
  }
});
