// Screenshots of the pipeline board and the dashboard on the demo book, in Chinese and English
// (run by src-tauri/scripts/screenshot.sh).
import { freshProfile, launch, tid } from "./lib/app.mjs";

const out = new URL("../screenshots/", import.meta.url).pathname;
const app = await launch(freshProfile(), { locale: "zh_CN.UTF-8" });
const { browser } = app;
const pause = (ms) => new Promise((r) => setTimeout(r, ms));
/** Scrolls the dashboard's page by `y` pixels. */
const scrollMain = (y) => browser.execute((dy) => {
  for (const el of document.querySelectorAll("main *")) {
    if (el.scrollHeight > el.clientHeight + 20 && getComputedStyle(el).overflowY !== "visible") { el.scrollTop += dy; return; }
  }
}, y);
try {
  await (await tid(browser, "load-demo")).waitForDisplayed({ timeout: 20000 });
  await (await tid(browser, "load-demo")).click();
  await browser.waitUntil(async () => (await browser.$$(`[data-testid="customer-row"]`)).length > 5, { timeout: 15000 });
  for (const lang of ["zh", "en"]) {
    if (lang === "en") {
      await (await tid(browser, "nav-settings")).click();
      await (await tid(browser, "language-select")).selectByAttribute("value", "en");
      await pause(300);
    }
    await (await tid(browser, "nav-pipeline")).click();
    await (await browser.$(`[data-testid="pipeline-card"]`)).waitForDisplayed({ timeout: 15000 });
    await pause(600);
    await browser.saveScreenshot(`${out}pipeline-${lang}.png`);
    await (await tid(browser, "nav-dashboard")).click();
    await pause(2500);
    await browser.saveScreenshot(`${out}dashboard-${lang}.png`);
    await scrollMain(700);
    await pause(800);
    await browser.saveScreenshot(`${out}dashboard-more-${lang}.png`);
  }
} finally {
  await app.stop();
}
