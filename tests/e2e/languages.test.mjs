// The app follows the system locale at first start and switches language live in settings.
import { test } from "node:test";
import assert from "node:assert/strict";
import { freshProfile, launch, tid, waitText } from "./lib/app.mjs";

async function navTexts(browser) {
  const out = [];
  for (const id of ["nav-customers", "nav-tags", "nav-trash", "nav-settings"]) {
    out.push((await (await tid(browser, id)).getText()).trim());
  }
  return out;
}

test("English system locale shows English labels", async () => {
  const app = await launch(freshProfile(), { locale: "en_US.UTF-8" });
  try {
    const { browser } = app;
    await (await tid(browser, "nav-customers")).waitForDisplayed({ timeout: 20000 });
    assert.deepEqual(await navTexts(browser), ["Customers", "Tags", "Trash", "Settings"]);
    await waitText(await tid(browser, "load-demo"), /demo/i);
  } finally {
    await app.stop();
  }
});

test("Chinese system locale shows Chinese labels and switches to English without restart", async () => {
  const app = await launch(freshProfile(), { locale: "zh_CN.UTF-8" });
  try {
    const { browser } = app;
    await (await tid(browser, "nav-customers")).waitForDisplayed({ timeout: 20000 });
    assert.deepEqual(await navTexts(browser), ["客户", "标签", "回收站", "设置"]);
    await waitText(await tid(browser, "load-demo"), /示例/);
    // Load the demo book: rows with Chinese stage labels appear.
    await (await tid(browser, "load-demo")).click();
    await browser.waitUntil(async () => (await browser.$$(`[data-testid="customer-row"]`)).length > 5, {
      timeout: 15000, timeoutMsg: "demo rows",
    });
    await waitText(await tid(browser, "customer-count"), /\d{3}/);
    await (await tid(browser, "nav-settings")).click();
    await (await tid(browser, "language-select")).selectByAttribute("value", "en");
    await waitText(await tid(browser, "nav-customers"), /^Customers$/);
    assert.deepEqual(await navTexts(browser), ["Customers", "Tags", "Trash", "Settings"]);
  } finally {
    await app.stop();
  }
});
