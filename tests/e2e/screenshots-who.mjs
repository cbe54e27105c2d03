// Screenshots of who did the work and the priority rule (run by src-tauri/scripts/screenshot.sh):
// 我是 chosen, a new customer whose category proposes its priority, a follow-up form with its
// 跟进人 and the suggestion by the customer's priority, the deal form with its 销售员 — in Chinese
// and English.
import { freshProfile, launch, tid } from "./lib/app.mjs";

const out = new URL("../screenshots/", import.meta.url).pathname;
const app = await launch(freshProfile(), { locale: "zh_CN.UTF-8" });
const { browser } = app;
const pause = (ms) => new Promise((r) => setTimeout(r, ms));
try {
  await (await tid(browser, "load-demo")).waitForDisplayed({ timeout: 20000 });
  await (await tid(browser, "load-demo")).click();
  await browser.waitUntil(async () => (await browser.$$(`[data-testid="customer-row"]`)).length > 5, { timeout: 15000 });
  await (await tid(browser, "nav-settings")).click();
  const me = await tid(browser, "me-select");
  await me.waitForDisplayed({ timeout: 8000 });
  await me.selectByIndex(1);
  await (await tid(browser, "me-saved")).waitForExist({ timeout: 8000 });
  for (const lang of ["zh", "en"]) {
    if (lang === "en") {
      await (await tid(browser, "nav-settings")).click();
      await (await tid(browser, "language-select")).selectByAttribute("value", "en");
      await pause(300);
    }
    // A new customer: choosing 准客户 proposes 高.
    await (await tid(browser, "nav-customers")).click();
    await (await tid(browser, "new-customer")).click();
    await (await tid(browser, "field-name")).setValue(lang === "zh" ? "周强" : "Zhou Qiang");
    await (await tid(browser, "field-category")).selectByAttribute("value", "readyToBuy");
    await (await tid(browser, "field-priority")).scrollIntoView({ block: "center" });
    await pause(400);
    await browser.saveScreenshot(`${out}customer-priority-${lang}.png`);
    await (await tid(browser, "cancel-edit")).click();

    // A customer's follow-up form and deal form.
    await browser.waitUntil(async () => (await browser.$$(`[data-testid="customer-row"]`)).length > 5, { timeout: 15000 });
    await (await browser.$$(`[data-testid="customer-row"]`))[1].click();
    await (await tid(browser, "timeline-followup")).waitForDisplayed({ timeout: 8000 });
    await (await tid(browser, "add-followup")).click();
    await (await tid(browser, "followup-form")).waitForDisplayed({ timeout: 8000 });
    await pause(600);
    await browser.saveScreenshot(`${out}followup-form-${lang}.png`);
    await (await tid(browser, "fu-cancel")).click();
    await (await tid(browser, "add-deal")).click();
    await (await tid(browser, "deal-form")).waitForDisplayed({ timeout: 8000 });
    await pause(500);
    await browser.saveScreenshot(`${out}deal-form-${lang}.png`);
    await (await tid(browser, "deal-cancel")).click();
  }
  console.log(`screenshots written to ${out}`);
} finally {
  await app.stop();
}
