// Screenshots of complaints (投诉与反馈) on the demo book, in Chinese and English (run by
// src-tauri/scripts/screenshot.sh): the agenda's open-complaints section, a complaint in the
// after-sales form of its customer, and the dashboard's complaint tiles.
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
    const section = await tid(browser, "agenda-section-complaints");
    await section.waitForDisplayed({ timeout: 8000 });
    await section.scrollIntoView({ block: "start" });
    await pause(500);
    await browser.saveScreenshot(`${out}agenda-complaints-${lang}.png`);

    // The first complaint's customer, its complaint record opened for editing.
    await (await section.$(`[data-testid="agenda-open"]`)).click();
    await (await tid(browser, "detail-name")).waitForDisplayed({ timeout: 8000 });
    const complaint = await browser.$(`[data-testid="service-complaint"]`);
    await complaint.waitForDisplayed({ timeout: 8000 });
    await complaint.scrollIntoView({ block: "center" });
    await pause(300);
    await browser.saveScreenshot(`${out}complaint-timeline-${lang}.png`);
    const record = await complaint.parentElement();
    await (await record.$(`[data-testid="edit-service"]`)).click();
    const form = await tid(browser, "service-form");
    await form.waitForDisplayed({ timeout: 8000 });
    await (await tid(browser, "complaint-fields")).scrollIntoView({ block: "center" });
    await pause(400);
    await browser.saveScreenshot(`${out}complaint-form-${lang}.png`);
    await (await tid(browser, "service-cancel")).click();

    await (await tid(browser, "nav-dashboard")).click();
    await (await tid(browser, "kpi-complaints-open")).waitForDisplayed({ timeout: 15000 });
    await pause(800);
    await browser.saveScreenshot(`${out}dashboard-complaints-${lang}.png`);
  }
} finally {
  await app.stop();
}
