// Screenshots of needs changes on a customer's timeline (run by src-tauri/scripts/screenshot.sh):
// a customer created with a budget of 10万, then edited to 20万 with a deadline and a decision
// chain — the timeline shows each change with its old and new value, in Chinese and English.
import { freshProfile, launch, setInput, tid } from "./lib/app.mjs";

const out = new URL("../screenshots/", import.meta.url).pathname;
const app = await launch(freshProfile(), { locale: "zh_CN.UTF-8" });
const { browser } = app;
const pause = (ms) => new Promise((r) => setTimeout(r, ms));
const changes = async () => browser.$$(`[data-testid="timeline-change"][data-type="need"]`);
try {
  await (await tid(browser, "new-customer")).waitForDisplayed({ timeout: 20000 });
  await (await tid(browser, "new-customer")).click();
  await (await tid(browser, "field-name")).setValue("周强");
  await (await tid(browser, "field-needs.budget")).setValue("10万");
  await (await tid(browser, "field-needs.decisionChain")).setValue("采购部");
  await (await tid(browser, "save-customer")).click();
  await (await tid(browser, "edit-customer")).waitForDisplayed({ timeout: 10000 });
  await (await tid(browser, "edit-customer")).click();
  await (await tid(browser, "field-needs.budget")).setValue("20万");
  await (await tid(browser, "field-needs.decisionChain")).setValue("采购部、总经理");
  await setInput(browser, "field-needs.deadline", "2026-03-31");
  await (await tid(browser, "save-customer")).click();
  await browser.waitUntil(async () => (await changes()).length === 3, { timeout: 10000, timeoutMsg: "the three needs changes never showed" });
  for (const lang of ["zh", "en"]) {
    if (lang === "en") {
      await (await tid(browser, "nav-settings")).click();
      await (await tid(browser, "language-select")).selectByAttribute("value", "en");
      await pause(300);
      await (await tid(browser, "nav-customers")).click();
      await browser.waitUntil(async () => (await browser.$$(`[data-testid="customer-row"]`)).length > 0, { timeout: 10000 });
      await (await browser.$$(`[data-testid="customer-row"]`))[0].click();
      await browser.waitUntil(async () => (await changes()).length === 3, { timeout: 10000 });
    }
    // Scrolled and read in the page: element handles of a re-rendered timeline go stale.
    const texts = await browser.execute(() => {
      const rows = [...document.querySelectorAll('[data-testid="timeline-change"][data-type="need"]')];
      rows[0]?.scrollIntoView({ block: "center" });
      return rows.map((r) => r.textContent.replace(/\s+/g, " ").trim());
    });
    console.log(texts.join("\n"));
    await pause(500);
    await browser.saveScreenshot(`${out}needs-history-${lang}.png`);
  }
  console.log(`screenshots written to ${out}`);
} finally {
  await app.stop();
}
