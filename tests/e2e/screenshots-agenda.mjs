// Screenshots of the agenda on the demo book, in Chinese and English (run by
// src-tauri/scripts/screenshot.sh): its top (follow-ups by due time), then its key dates
// (the week's birthdays and contract expiries) and the no-next-step rows with their last contact.
import { freshProfile, launch, tid } from "./lib/app.mjs";

const out = new URL("../screenshots/", import.meta.url).pathname;
const app = await launch(freshProfile(), { locale: "zh_CN.UTF-8" });
const { browser } = app;
const pause = (ms) => new Promise((r) => setTimeout(r, ms));
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
    await (await tid(browser, "nav-agenda")).click();
    await (await tid(browser, "agenda-item")).waitForDisplayed({ timeout: 8000 });
    await pause(600);
    await browser.saveScreenshot(`${out}agenda-${lang}.png`);
    await (await tid(browser, "agenda-section-dates")).scrollIntoView({ block: "start" });
    await pause(400);
    await browser.saveScreenshot(`${out}agenda-dates-${lang}.png`);
    await (await tid(browser, "agenda-section-nonext")).scrollIntoView({ block: "start" });
    await pause(400);
    await browser.saveScreenshot(`${out}agenda-nonext-${lang}.png`);
  }
} finally {
  await app.stop();
}
