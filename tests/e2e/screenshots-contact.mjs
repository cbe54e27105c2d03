// Screenshots of finding customers (run by src-tauri/scripts/screenshot.sh): the list searched
// by pinyin, and the list sorted by last contact (最近跟进)
// with the untouched marks and the last-contact filter; the untouched-days setting. Chinese and
// English, on the demo book.
import { freshProfile, launch, tid } from "./lib/app.mjs";

const out = new URL("../screenshots/", import.meta.url).pathname;
const app = await launch(freshProfile(), { locale: "zh_CN.UTF-8" });
const { browser } = app;
const pause = (ms) => new Promise((r) => setTimeout(r, ms));
const rows = async () => (await browser.$$(`[data-testid="customer-row"]`)).length;
const scrollTo = (id) => browser.execute((t) => {
  document.querySelector(`[data-testid="${t}"]`)?.scrollIntoView({ block: "center" });
}, id);
try {
  await (await tid(browser, "load-demo")).waitForDisplayed({ timeout: 20000 });
  await (await tid(browser, "load-demo")).click();
  await browser.waitUntil(async () => (await rows()) > 5, { timeout: 15000 });
  // The demo's last contacts are a few weeks old: mark after 14 days, so the marks show.
  await (await tid(browser, "nav-settings")).click();
  await (await tid(browser, "set-untouched-days")).waitForExist({ timeout: 8000 });
  await (await tid(browser, "set-untouched-days")).setValue("14");
  await (await tid(browser, "save-untouched")).click();
  await (await tid(browser, "untouched-saved")).waitForExist({ timeout: 8000 });
  await (await tid(browser, "nav-customers")).click();
  await browser.waitUntil(async () => (await rows()) > 5, { timeout: 15000 });
  /** Waits until the count line says something other than `before`. */
  const countChanged = async (before) => {
    await browser.waitUntil(async () => (await (await tid(browser, "customer-count")).getText()) !== before, { timeout: 8000 }).catch(() => {});
    await pause(600);
  };
  for (const lang of ["zh", "en"]) {
    if (lang === "en") {
      await (await tid(browser, "nav-settings")).click();
      await (await tid(browser, "language-select")).selectByAttribute("value", "en");
      await pause(300);
      await (await tid(browser, "nav-customers")).click();
      await browser.waitUntil(async () => (await rows()) > 5, { timeout: 15000 });
    }
    // Pinyin: initials find Chinese names and companies.
    const search = await tid(browser, "search-input");
    const before = await (await tid(browser, "customer-count")).getText();
    await search.setValue("hx");
    await countChanged(before);
    await browser.saveScreenshot(`${out}list-pinyin-${lang}.png`);
    await search.clearValue();
    await search.setValue(" ");
    await browser.keys("Backspace");
    await pause(800);
    // Sorted by last contact, oldest first, then only the untouched customers.
    await (await tid(browser, "sort-lastContact")).click();
    await pause(1000);
    await browser.saveScreenshot(`${out}list-contact-${lang}.png`);
    const all = await (await tid(browser, "customer-count")).getText();
    await (await tid(browser, "filter-contact")).selectByAttribute("value", "untouched");
    await countChanged(all);
    await browser.saveScreenshot(`${out}list-untouched-${lang}.png`);
    await (await tid(browser, "clear-filters")).click();
    await pause(500);
    await (await tid(browser, "sort-name")).click();
    await pause(300);
    await (await tid(browser, "nav-settings")).click();
    await (await tid(browser, "set-untouched-days")).waitForExist({ timeout: 8000 });
    await scrollTo("set-untouched-days");
    await pause(400);
    await browser.saveScreenshot(`${out}settings-untouched-${lang}.png`);
    await (await tid(browser, "nav-customers")).click();
    await browser.waitUntil(async () => (await rows()) > 5, { timeout: 15000 });
  }
} finally {
  await app.stop();
}
