// Screenshots of the start-up screen of a book that will not open (its files overwritten),
// with the backups to restore, in Chinese and English, and its empty state (no backups):
//   RAPPORT_BIN=… xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- node tests/e2e/screenshots-restore-damaged.mjs
import { cpSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { freshProfile, launch, tid, waitText } from "./lib/app.mjs";

const out = new URL("../screenshots/", import.meta.url).pathname;

// One book with the demo customers, a daily backup (made at start) and a manual one.
const seed = freshProfile();
{
  const app = await launch(seed, { locale: "zh_CN.UTF-8" });
  try {
    const { browser } = app;
    await (await tid(browser, "load-demo")).waitForDisplayed({ timeout: 20000 });
    await (await tid(browser, "load-demo")).click();
    await browser.waitUntil(async () => (await browser.$$(`[data-testid="customer-row"]`)).length > 5, { timeout: 15000 });
    await (await tid(browser, "nav-settings")).click();
    await (await tid(browser, "backup-now")).waitForDisplayed({ timeout: 8000 });
    await (await tid(browser, "backup-now")).click();
    await (await tid(browser, "backup-done")).waitForDisplayed({ timeout: 15000 });
  } finally {
    await app.stop();
  }
}
const garbage = Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7 + 13) & 0xff));
for (const file of ["conf", "db"]) writeFileSync(join(seed.dataDir, file), garbage);

const shots = [
  ["restore-damaged-zh", "zh_CN.UTF-8", true],
  ["restore-damaged-en", "en_US.UTF-8", true],
  ["restore-damaged-empty-en", "en_US.UTF-8", false],
];
for (const [name, locale, withBackups] of shots) {
  const profile = freshProfile();
  cpSync(seed.dataDir, profile.dataDir, { recursive: true });
  if (withBackups) cpSync(`${seed.dataDir}-backups`, `${profile.dataDir}-backups`, { recursive: true });
  const app = await launch(profile, { locale });
  try {
    const { browser } = app;
    await (await tid(browser, "startup-error")).waitForDisplayed({ timeout: 20000 });
    if (withBackups) {
      await (await tid(browser, "damaged-restore-row")).waitForDisplayed({ timeout: 8000 });
    } else {
      await waitText(await tid(browser, "damaged-restore-empty"), /backup/i);
    }
    await browser.saveScreenshot(`${out}${name}.png`);
    console.log(`saved ${name}.png`);
  } finally {
    await app.stop();
    rmSync(profile.root, { recursive: true, force: true });
  }
}
rmSync(seed.root, { recursive: true, force: true });
