// Screenshots of 业绩 / Performance on the demo book, in Chinese and English (run by
// src-tauri/scripts/screenshot.sh): the empty state before any target, then targets for the
// team and two salespeople with their bars.
import { execFileSync } from "node:child_process";
import { freshProfile, launch, tid } from "./lib/app.mjs";

// The X screen itself (ImageMagick): WebDriver's own screenshot timed out on this machine.
const shot = (path) => execFileSync("import", ["-window", "root", `PNG24:${path}`]);

const out = new URL("../screenshots/", import.meta.url).pathname;
const pause = (ms) => new Promise((r) => setTimeout(r, ms));
for (const lang of ["zh", "en"]) {
  const app = await launch(freshProfile(), { locale: lang === "zh" ? "zh_CN.UTF-8" : "en_US.UTF-8" });
  const { browser } = app;
  try {
    await (await tid(browser, "load-demo")).waitForDisplayed({ timeout: 20000 });
    await (await tid(browser, "load-demo")).click();
    await browser.waitUntil(async () => (await browser.$$(`[data-testid="customer-row"]`)).length > 5, { timeout: 15000 });
    await (await tid(browser, "nav-performance")).click();
    await (await tid(browser, "perf-empty")).waitForDisplayed({ timeout: 10000 });
    await pause(500);
    shot(`${out}performance-empty-${lang}.png`);

    await (await tid(browser, "perf-set-targets")).click();
    await (await tid(browser, "perf-editor")).waitForDisplayed({ timeout: 8000 });
    const values = [["300000", "12", "10", "60"], ["120000", "5", "4", "25"], ["80000", "3", "3", "20"]];
    for (const [i, row] of values.entries()) {
      if (!(await (await tid(browser, `perf-target-${i}-amount`)).isExisting())) break;
      for (const [k, m] of ["amount", "deals", "newCustomers", "followUps"].entries()) {
        await (await tid(browser, `perf-target-${i}-${m}`)).setValue(row[k]);
      }
    }
    await pause(300);
    shot(`${out}performance-editor-${lang}.png`);
    await (await tid(browser, "perf-save-targets")).click();
    await (await tid(browser, "perf-editor")).waitForDisplayed({ reverse: true, timeout: 8000 });
    await pause(800);
    shot(`${out}performance-${lang}.png`);
  } finally {
    await app.stop();
  }
}
console.log(`screenshots written to ${out}`);
