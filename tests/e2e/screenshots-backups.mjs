// Screenshots of Settings › Backups in Chinese and English: the demo book, a second folder
// that is not there (its copy failed: the warning), a backup password set (the backups made
// after it marked encrypted), and the kinds to keep.
//   RAPPORT_BIN=… xvfb-run -a dbus-run-session -- node tests/e2e/screenshots-backups.mjs
import { freshProfile, launch, tid } from "./lib/app.mjs";

const out = new URL("../screenshots/", import.meta.url).pathname;
const app = await launch(freshProfile(), { locale: "zh_CN.UTF-8" });
const { browser } = app;
const pause = (ms) => new Promise((r) => setTimeout(r, ms));
const scrollTo = (id) => browser.execute((t) => {
  document.querySelector(`[data-testid="${t}"]`)?.scrollIntoView({ block: "start" });
}, id);
try {
  await (await tid(browser, "load-demo")).waitForDisplayed({ timeout: 20000 });
  await (await tid(browser, "load-demo")).click();
  await browser.waitUntil(async () => (await browser.$$(`[data-testid="customer-row"]`)).length > 5, { timeout: 15000 });
  // The second folder is picked in the native dialog; here the setting is saved directly, as
  // the dialog's answer would be, with a folder that does not exist (the stick unplugged).
  await browser.executeAsync((done) => {
    const invoke = window.__TAURI_INTERNALS__.invoke;
    invoke("get_settings")
      .then((s) => invoke("save_settings", { settings: { ...s, backupMirror: "/media/usb/客脉备份" } }))
      .then(() => done(), (e) => done(String(e)));
  });
  await browser.refresh();
  await (await tid(browser, "nav-settings")).waitForDisplayed({ timeout: 20000 });
  await (await tid(browser, "nav-settings")).click();
  await (await tid(browser, "backup-password-edit")).waitForDisplayed({ timeout: 8000 });
  await (await tid(browser, "backup-password-edit")).click();
  await (await tid(browser, "backup-password")).setValue("correct horse");
  await (await tid(browser, "backup-password-again")).setValue("correct horse");
  await (await tid(browser, "backup-password-save")).click();
  await (await tid(browser, "backup-password-done")).waitForExist({ timeout: 8000 });
  await (await tid(browser, "backup-now")).click();
  await (await tid(browser, "backup-mirror-failure")).waitForExist({ timeout: 20000 });
  await (await tid(browser, "backup-encrypted")).waitForExist({ timeout: 8000 });
  for (const lang of ["zh", "en"]) {
    if (lang === "en") {
      // In English, and a backup made in English (messages are worded when they happen).
      await (await tid(browser, "language-select")).selectByAttribute("value", "en");
      await pause(300);
      await (await tid(browser, "nav-customers")).click();
      await (await tid(browser, "nav-settings")).click();
      await (await tid(browser, "backup-now")).waitForDisplayed({ timeout: 8000 });
      await (await tid(browser, "backup-now")).click();
      await (await tid(browser, "backup-done")).waitForExist({ timeout: 20000 });
      await pause(300);
    }
    await scrollTo("backup-settings");
    await pause(400);
    await browser.saveScreenshot(`${out}backups-${lang}.png`);
    await scrollTo("backup-keep");
    await pause(300);
    await browser.saveScreenshot(`${out}backups-protection-${lang}.png`);
  }
  // The banner on another view.
  await (await tid(browser, "nav-customers")).click();
  await (await tid(browser, "backup-banner")).waitForDisplayed({ timeout: 8000 });
  await pause(300);
  await browser.saveScreenshot(`${out}backup-banner-en.png`);
} finally {
  await app.stop();
}
