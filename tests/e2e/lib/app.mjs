// Starts the real Rapport app through tauri-driver and hands back a WebdriverIO browser.
// Each launch gets its own data folder and HOME so journeys never share a book.
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import net from "node:net";
import { remote } from "webdriverio";

// RAPPORT_E2E_PORT lets two checkouts run journeys at once (tauri-driver's ports are fixed per run).
const PORT = Number(process.env.RAPPORT_E2E_PORT ?? 4444);
/** A second driver's port, for journeys with two app windows (its native port is one above). */
export const SECOND_PORT = PORT + 5;

function waitForPort(port, ms) {
  const deadline = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const tryOnce = () => {
      const s = net.connect(port, "127.0.0.1");
      s.once("connect", () => { s.end(); resolve(); });
      s.once("error", () => {
        if (Date.now() > deadline) reject(new Error(`port ${port} not open after ${ms} ms`));
        else setTimeout(tryOnce, 100);
      });
    };
    tryOnce();
  });
}

/** Resolves once nothing listens on `port` any more (the previous journey's driver has gone). */
async function waitPortFree(port, ms) {
  const deadline = Date.now() + ms;
  for (;;) {
    const open = await new Promise((resolve) => {
      const s = net.connect(port, "127.0.0.1");
      s.once("connect", () => { s.destroy(); resolve(true); });
      s.once("error", () => resolve(false));
    });
    if (!open) return;
    if (Date.now() > deadline) throw new Error(`port ${port} still in use after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Ends tauri-driver and the WebKitWebDriver it started (its own process group). */
async function stopDriver(driver, port) {
  try { process.kill(-driver.pid, "SIGTERM"); } catch { /* gone */ }
  if (driver.exitCode === null && driver.signalCode === null) await new Promise((r) => driver.once("exit", r));
  await waitPortFree(port, 10000);
  await waitPortFree(port + 1, 10000);
}

/** A fresh folder set for one journey: the book, HOME and XDG folders (window state). */
export function freshProfile() {
  const root = mkdtempSync(join(tmpdir(), "rapport-e2e-"));
  return { root, dataDir: join(root, "book") };
}

/**
 * Launches the app. `locale` is the system locale the app sees at first start.
 * Returns { browser, stop } — stop() ends the session (the app quits) and the driver.
 */
export async function launch(profile, { locale = "en_US.UTF-8", port = PORT } = {}) {
  try {
    return await launchOnce(profile, locale, port);
  } catch (e) {
    // Starting a WebDriver session on a just-freed display now and then fails inside
    // tauri-driver (seen once in CI); one more try tells that apart from a broken app.
    console.error(`# the first session did not start (${e.message}); trying once more`);
    return await launchOnce(profile, locale, port);
  }
}

async function launchOnce(profile, locale, port) {
  const PORT = port;
  const NATIVE_PORT = PORT + 1;
  const env = appEnv(profile, locale);
  // A driver left by the journey before (WebKitWebDriver outlives tauri-driver briefly) would
  // answer on the native port and fail the new session: start only on free ports.
  await waitPortFree(PORT, 10000);
  await waitPortFree(NATIVE_PORT, 10000);
  // RAPPORT_NATIVE_DRIVER: another WebKitWebDriver, e.g. one that runs inside the clean
  // Debian root of the package install test (src-tauri/scripts/test-package.sh).
  const native = process.env.RAPPORT_NATIVE_DRIVER ? ["--native-driver", process.env.RAPPORT_NATIVE_DRIVER] : [];
  const driver = spawn("tauri-driver", ["--port", String(PORT), "--native-port", String(NATIVE_PORT), ...native], {
    env,
    stdio: ["ignore", "inherit", "inherit"],
    detached: true,
  });
  try {
    await waitForPort(PORT, 15000);
    const browser = await remote({
      hostname: "127.0.0.1",
      port: PORT,
      logLevel: "error",
      capabilities: { "tauri:options": { application: appBinary() } },
    });
    await browser.setTimeout({ implicit: 0 });
    const stop = async () => {
      try { await browser.deleteSession(); } catch { /* the app may have gone already */ }
      await stopDriver(driver, PORT);
      await endApp(profile);
    };
    return { browser, stop };
  } catch (e) {
    await stopDriver(driver, PORT);
    await endApp(profile);
    throw e;
  }
}

/**
 * Closing the window keeps Rapport running in the tray, so the end of a WebDriver session may
 * leave the app running (holding the book and the single-instance name). Ends the app of this
 * profile by PID: SIGTERM, then SIGKILL after 5 s.
 */
export async function endApp(profile) {
  for (const [signal, wait] of [["SIGTERM", 5000], ["SIGKILL", 2000]]) {
    let pids = appPids(profile);
    if (pids.length === 0) return;
    for (const pid of pids) { try { process.kill(pid, signal); } catch { /* gone */ } }
    const deadline = Date.now() + wait;
    while ((pids = appPids(profile)).length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  }
}

/** PIDs of the app processes running on this profile's book (Linux /proc). */
export function appPids(profile) {
  const mine = `${ENV_DATA_DIR}=${profile.dataDir}`;
  const pids = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const state = readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1]?.[0];
      if (state === "Z") continue;
      if (readFileSync(`/proc/${entry}/environ`, "utf8").split("\0").includes(mine)) pids.push(Number(entry));
    } catch { /* ended meanwhile, or not ours to read */ }
  }
  return pids.filter((pid) => pid !== process.pid);
}

const ENV_DATA_DIR = "RAPPORT_DATA_DIR";

/** The Rapport processes of this profile (not the drivers or WebKit's helpers). */
export function rapportPids(profile) {
  const bin = realpathSync(appBinary());
  return appPids(profile).filter((pid) => {
    try { return readlinkSync(`/proc/${pid}/exe`) === bin; } catch { return false; }
  });
}

export function appBinary() {
  // Read when launching, so a bench can point it at another build (bench-window.mjs).
  const bin = process.env.RAPPORT_BIN;
  if (!bin) throw new Error("RAPPORT_BIN is not set (see src-tauri/scripts/e2e.sh)");
  return bin;
}

/** The environment the app runs in: its own book, HOME and config folders, a system locale. */
export function appEnv(profile, locale) {
  return {
    ...process.env,
    RAPPORT_DATA_DIR: profile.dataDir,
    HOME: profile.root,
    XDG_CONFIG_HOME: join(profile.root, "config"),
    XDG_DATA_HOME: join(profile.root, "data"),
    LANG: locale,
    LC_ALL: locale,
    LANGUAGE: "",
  };
}

/** Finds by data-testid. */
export const tid = (browser, id) => browser.$(`[data-testid="${id}"]`);

export async function waitText(el, re, timeout = 8000) {
  await el.waitUntil(async function () { return re.test(await this.getText()); }, { timeout, timeoutMsg: `text never matched ${re}` });
}

/** Sets an input's value the way typing would (date and datetime-local inputs take no keys
 * reliably in WebKitGTK). */
export async function setInput(browser, id, value) {
  const el = await tid(browser, id);
  await el.waitForDisplayed({ timeout: 8000 });
  await browser.execute((node, v) => {
    node.value = v;
    node.dispatchEvent(new Event("input", { bubbles: true }));
    node.dispatchEvent(new Event("change", { bubbles: true }));
  }, el, value);
}

/** Creates a customer through the form (`fields`: more test ids of form fields and their
 * values) and waits for its page. */
export async function createCustomer(browser, name, fields = {}) {
  await (await tid(browser, "new-customer")).waitForDisplayed({ timeout: 20000 });
  await (await tid(browser, "new-customer")).click();
  await (await tid(browser, "field-name")).setValue(name);
  for (const [id, value] of Object.entries(fields)) await (await tid(browser, id)).setValue(value);
  await (await tid(browser, "save-customer")).click();
  await waitText(await tid(browser, "detail-name"), new RegExp(name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
}
