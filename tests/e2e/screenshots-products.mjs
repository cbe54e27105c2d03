// Screenshots of products (产品) on the demo book, in Chinese and English (run by
// src-tauri/scripts/screenshot.sh): Settings › Products, the deal form offering to add a product
// not in the list, and the dashboard's deals by product and by product category.
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
    await (await tid(browser, "nav-settings")).click();
    if (lang === "en") {
      await (await tid(browser, "language-select")).selectByAttribute("value", "en");
      await pause(300);
    }
    const settings = await tid(browser, "product-settings");
    await settings.waitForDisplayed({ timeout: 8000 });
    await settings.scrollIntoView({ block: "start" });
    await pause(400);
    await browser.saveScreenshot(`${out}product-settings-${lang}.png`);

    await (await tid(browser, "nav-customers")).click();
    await browser.waitUntil(async () => (await browser.$$(`[data-testid="customer-row"]`)).length > 0, { timeout: 10000 });
    await (await browser.$$(`[data-testid="customer-row"]`))[0].click();
    await (await tid(browser, "add-deal")).click();
    await (await tid(browser, "deal-form")).waitForDisplayed({ timeout: 8000 });
    await (await tid(browser, "deal-amount")).setValue("12800");
    await (await tid(browser, "deal-product")).setValue(lang === "zh" ? "定制报表开发" : "Custom reports");
    await (await tid(browser, "deal-product-add")).waitForDisplayed({ timeout: 5000 });
    await pause(400);
    await browser.saveScreenshot(`${out}deal-product-${lang}.png`);
    await (await tid(browser, "deal-cancel")).click();

    await (await tid(browser, "nav-dashboard")).click();
    const card = await tid(browser, "dashboard-product");
    await card.waitForDisplayed({ timeout: 15000 });
    await card.scrollIntoView({ block: "start" });
    await pause(1000);
    await browser.saveScreenshot(`${out}dashboard-products-${lang}.png`);
  }
  console.log(`screenshots written to ${out}`);
} finally {
  await app.stop();
}
