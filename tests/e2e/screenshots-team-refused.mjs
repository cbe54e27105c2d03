// Screenshots of a change the team server refused (run by src-tauri/scripts/screenshot.sh): B, a
// salesperson, edits a customer in the shared pool without claiming it; the server refuses
// the edit, the sidebar counts it and Settings › Team lists it with the server's reason, in
// Chinese and English.
import { tid, waitText } from "./lib/app.mjs";
import { poolTeam } from "./lib/teamPool.mjs";

const out = new URL("../screenshots/", import.meta.url).pathname;
const pause = (ms) => new Promise((r) => setTimeout(r, ms));

for (const [lang, locale, name] of [["zh", "zh_CN.UTF-8", "华东贸易"], ["en", "en_US.UTF-8", "East Trading"]]) {
  const { b, stop } = await poolTeam({ pooled: [name], locale });
  try {
    const browser = b.browser;
    await (await tid(browser, "nav-customers")).click();
    const row = await browser.$(`[data-testid="customer-row"][data-name="${name}"]`);
    await row.waitForDisplayed({ timeout: 20000 });
    await row.click();
    if (await (await tid(browser, "edit-customer")).isExisting()) await (await tid(browser, "edit-customer")).click();
    const industry = await tid(browser, "field-industry");
    await industry.waitForDisplayed({ timeout: 8000 });
    await industry.setValue(lang === "zh" ? "零售" : "Retail");
    await (await tid(browser, "save-customer")).click();
    await (await tid(browser, "edit-customer")).waitForDisplayed({ timeout: 10000 });
    await waitText(await tid(browser, "sync-label"), /拒绝|refused/i, 60000);
    await (await tid(browser, "nav-settings")).click();
    const list = await tid(browser, "team-refused");
    await list.waitForDisplayed({ timeout: 15000 });
    await list.scrollIntoView({ block: "center" });
    await pause(500);
    await browser.saveScreenshot(`${out}team-refused-${lang}.png`);
  } finally {
    await stop();
  }
}
