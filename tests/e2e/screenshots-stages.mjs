// Screenshots of the stage settings (with a custom stage), the customer list with a selection
// and its hand-over dialog, in Chinese and English (run by src-tauri/scripts/screenshot.sh).
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
  await (await tid(browser, "nav-settings")).click();
  await (await tid(browser, "stages-add")).waitForDisplayed({ timeout: 8000 });
  await (await tid(browser, "stages-add")).click();
  await (await tid(browser, "stage-name-custom1")).setValue("样品测试");
  await (await tid(browser, "stage-up-custom1")).click();
  await (await tid(browser, "stages-save")).click();
  await (await tid(browser, "stages-saved")).waitForExist({ timeout: 8000 });
  for (const lang of ["zh", "en"]) {
    if (lang === "en") {
      await (await tid(browser, "nav-settings")).click();
      await (await tid(browser, "language-select")).selectByAttribute("value", "en");
      await pause(300);
    }
    await scrollTo("stage-settings");
    await pause(400);
    await browser.saveScreenshot(`${out}stages-${lang}.png`);

    await (await tid(browser, "nav-customers")).click();
    await browser.waitUntil(async () => (await browser.$$(`[data-testid="row-select"]`)).length > 5, { timeout: 15000 });
    const boxes = await browser.$$(`[data-testid="row-select"]`);
    await boxes[0].click();
    await boxes[2].click();
    await boxes[3].click();
    await (await tid(browser, "selection-bar")).waitForDisplayed({ timeout: 8000 });
    await pause(300);
    await browser.saveScreenshot(`${out}list-selection-${lang}.png`);
    await (await tid(browser, "selection-handover")).click();
    await (await tid(browser, "selection-handover-to")).waitForDisplayed({ timeout: 8000 });
    await pause(300);
    await browser.saveScreenshot(`${out}list-handover-${lang}.png`);
    await browser.keys("Escape");
    await pause(200);
    await (await tid(browser, "selection-clear")).click();

    await (await tid(browser, "nav-pipeline")).click();
    await (await browser.$(`[data-testid="pipeline-card"]`)).waitForDisplayed({ timeout: 15000 });
    await pause(600);
    await browser.saveScreenshot(`${out}pipeline-custom-${lang}.png`);
  }
} finally {
  await app.stop();
}
