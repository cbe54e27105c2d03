// Starts the real Rapport app through tauri-driver and hands back a WebdriverIO browser.
// Each launch gets its own data folder and HOME so journeys never share a book.
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import net from "node:net";
import { remote } from "webdriverio";

const BIN = process.env.RAPPORT_BIN;
const PORT = 4444;

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

/** A fresh folder set for one journey: the book, HOME and XDG folders (window state). */
export function freshProfile() {
  const root = mkdtempSync(join(tmpdir(), "rapport-e2e-"));
  return { root, dataDir: join(root, "book") };
}

/**
 * Launches the app. `locale` is the system locale the app sees at first start.
 * Returns { browser, stop } — stop() ends the session (the app quits) and the driver.
 */
export async function launch(profile, { locale = "en_US.UTF-8" } = {}) {
  const env = appEnv(profile, locale);
  const driver = spawn("tauri-driver", ["--port", String(PORT), "--native-port", "4445"], {
    env,
    stdio: ["ignore", "inherit", "inherit"],
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
      driver.kill();
      await new Promise((r) => (driver.exitCode !== null ? r() : driver.once("exit", r)));
    };
    return { browser, stop };
  } catch (e) {
    driver.kill();
    throw e;
  }
}

export function appBinary() {
  if (!BIN) throw new Error("RAPPORT_BIN is not set (see src-tauri/scripts/e2e.sh)");
  return BIN;
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
