// Owner handover in the real app: on the demo book, 刘洋's customers are handed to 李娜 in
// settings; the agenda then shows their follow-ups under 李娜 and nothing under 刘洋.
import { test } from "node:test";
import assert from "node:assert/strict";
import { freshProfile, launch, tid } from "./lib/app.mjs";

/** [customer name, owner] of every agenda row on screen. */
const agendaRows = (browser) => browser.execute(() =>
  [...document.querySelectorAll('[data-testid="agenda-item"]')].map((el) => [
    el.getAttribute("data-customer-name"),
    el.querySelector(".owner")?.textContent?.trim() ?? "",
  ]));

test("handover: 刘洋's customers go to 李娜, and the agenda follows", async () => {
  const app = await launch(freshProfile(), { locale: "zh_CN.UTF-8" });
  try {
    const { browser } = app;
    await (await tid(browser, "load-demo")).waitForDisplayed({ timeout: 20000 });
    await (await tid(browser, "load-demo")).click();
    await browser.waitUntil(async () => (await browser.$$(`[data-testid="customer-row"]`)).length > 5, { timeout: 15000 });
    await (await tid(browser, "nav-agenda")).click();
    await (await tid(browser, "agenda-item")).waitForDisplayed({ timeout: 8000 });
    const before = await agendaRows(browser);
    const his = before.filter(([, owner]) => owner === "刘洋").map(([name]) => name);
    assert.ok(his.length > 0, `刘洋 has follow-ups on the agenda: ${JSON.stringify(before)}`);

    await (await tid(browser, "nav-settings")).click();
    const row = await browser.$(`[data-testid="owner-row"][data-name="刘洋"]`);
    await row.waitForDisplayed({ timeout: 8000 });
    await (await row.$(`[data-testid="owner-handover"]`)).click();
    await (await tid(browser, "handover-to")).waitForDisplayed({ timeout: 8000 });
    await (await tid(browser, "handover-to")).selectByAttribute("value", "李娜");
    await (await tid(browser, "handover-save")).click();
    await (await tid(browser, "owners-done")).waitForDisplayed({ timeout: 8000 });
    if (process.env.RAPPORT_E2E_SHOTS) await browser.saveScreenshot(`${process.env.RAPPORT_E2E_SHOTS}/owners-zh.png`);

    await (await tid(browser, "nav-agenda")).click();
    await (await tid(browser, "agenda-item")).waitForDisplayed({ timeout: 8000 });
    await browser.waitUntil(async () => !(await agendaRows(browser)).some(([, o]) => o === "刘洋"), {
      timeout: 8000, timeoutMsg: "刘洋 still has follow-ups on the agenda",
    });
    const after = new Map(await agendaRows(browser));
    for (const name of his) assert.equal(after.get(name), "李娜", `${name} is now 李娜's`);
  } finally {
    await app.stop();
  }
});
