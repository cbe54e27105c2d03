// Takes screenshots of the real app for the README and for looking at a change:
//   bash src-tauri/scripts/screenshot.sh        → tests/screenshots/*.png
// Loads the demo book, then shows the list and a customer's form (opened from the agenda, whose
// own screenshots screenshots-agenda.mjs takes) in Chinese and in English.
import { spawn, spawnSync } from "node:child_process";
import { freshProfile, launch, tid } from "./lib/app.mjs";

const out = new URL("../screenshots/", import.meta.url).pathname;
// A notification daemon on this private bus shows reminders on the virtual screen.
const dunst = spawn("dunst", [], { stdio: "ignore" });
/** The whole X screen (the notification popup is outside the webview). */
const screen = (file) => spawnSync("import", ["-window", "root", `${out}${file}`]);
const app = await launch(freshProfile(), { locale: "zh_CN.UTF-8" });
const { browser } = app;
const pause = (ms) => new Promise((r) => setTimeout(r, ms));
try {
  await (await tid(browser, "load-demo")).waitForDisplayed({ timeout: 20000 });
  await browser.saveScreenshot(`${out}empty-zh.png`);
  await (await tid(browser, "load-demo")).click();
  await browser.waitUntil(async () => (await browser.$$(`[data-testid="customer-row"]`)).length > 5, { timeout: 15000 });
  await pause(500);
  await browser.saveScreenshot(`${out}list-zh.png`);
  // The demo book's overdue follow-ups come due at once: one summary notification.
  await pause(2500);
  screen("notification-zh.png");
  await (await tid(browser, "nav-agenda")).click();
  await (await tid(browser, "agenda-item")).waitForDisplayed({ timeout: 8000 });
  await pause(500);
  const rows = await browser.$$(`[data-testid="agenda-open"]`);
  await rows[0].click();
  await (await tid(browser, "detail-name")).waitForDisplayed({ timeout: 8000 });
  await (await tid(browser, "timeline-followup")).waitForDisplayed({ timeout: 8000 });
  await pause(300);
  await browser.saveScreenshot(`${out}form-zh.png`);
  await (await tid(browser, "add-followup")).click();
  await (await tid(browser, "followup-form")).waitForDisplayed({ timeout: 8000 });
  await pause(500);
  await browser.saveScreenshot(`${out}followup-form-zh.png`);
  await (await tid(browser, "fu-cancel")).click();
  await (await tid(browser, "delete-customer")).click();
  await (await tid(browser, "nav-trash")).click();
  await (await tid(browser, "trash-row")).waitForDisplayed({ timeout: 8000 });
  await pause(300);
  await browser.saveScreenshot(`${out}trash-zh.png`);
  await (await tid(browser, "nav-tags")).click();
  await pause(500);
  await browser.saveScreenshot(`${out}tags-zh.png`);
  await (await tid(browser, "nav-settings")).click();
  await (await tid(browser, "language-select")).selectByAttribute("value", "en");
  await pause(300);
  await browser.saveScreenshot(`${out}settings-en.png`);
  await (await tid(browser, "nav-customers")).click();
  await pause(800);
  await browser.saveScreenshot(`${out}list-en.png`);
  await (await tid(browser, "nav-agenda")).click();
  await (await tid(browser, "agenda-item")).waitForDisplayed({ timeout: 8000 });
  await pause(500);
  await (await browser.$$(`[data-testid="agenda-open"]`))[0].click();
  await (await tid(browser, "detail-name")).waitForDisplayed({ timeout: 8000 });
  await (await tid(browser, "timeline-followup")).waitForDisplayed({ timeout: 8000 });
  await pause(300);
  await browser.saveScreenshot(`${out}form-en.png`);
  await (await tid(browser, "add-followup")).click();
  await (await tid(browser, "followup-form")).waitForDisplayed({ timeout: 8000 });
  await pause(500);
  await browser.saveScreenshot(`${out}followup-form-en.png`);
  await (await tid(browser, "fu-cancel")).click();
  // The "lost needs a reason" field error, as the user sees it.
  await (await tid(browser, "field-stage")).selectByAttribute("value", "lost");
  await (await tid(browser, "save-customer")).click();
  await (await tid(browser, "field-error-lostReason")).waitForDisplayed({ timeout: 8000 });
  await pause(400);
  await browser.saveScreenshot(`${out}form-error-en.png`);
  await (await tid(browser, "cancel-edit")).click();
  await (await tid(browser, "nav-tags")).click();
  await pause(500);
  await browser.saveScreenshot(`${out}tags-en.png`);
  console.log(`screenshots written to ${out}`);
} finally {
  await app.stop();
  dunst.kill();
}
