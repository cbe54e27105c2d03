// A complaint (投诉) through the real app: logged on a customer's after-sales form, listed in
// the agenda's open-complaints section (whose row opens the customer), counted on the
// dashboard, resolved on the customer page — off the agenda, and the dashboard's days to
// resolve and satisfaction after resolution filled in.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createCustomer, freshProfile, launch, tid, waitText } from "./lib/app.mjs";

const NAME = "投诉旅程客户";

/** Waits for an element's text content (WebKit's WebDriver reads "" as the rendered text of
 *  the dashboard's tile values, which clip their overflow). */
async function waitContent(browser, el, re, timeout = 8000) {
  await browser.waitUntil(async () => re.test((await browser.execute((node) => node.textContent, el)).trim()), {
    timeout, timeoutMsg: `text never matched ${re}`,
  });
}

async function kpi(browser, id) {
  await (await tid(browser, "nav-dashboard")).click();
  const el = await tid(browser, `kpi-${id}-value`);
  await el.waitForDisplayed({ timeout: 15000 });
  return el;
}

test("complaints: logged, on the agenda, resolved, on the dashboard", async () => {
  const app = await launch(freshProfile(), { locale: "zh_CN.UTF-8" });
  try {
    const { browser } = app;
    await createCustomer(browser, NAME);

    await (await tid(browser, "add-service")).click();
    await (await tid(browser, "service-form")).waitForDisplayed({ timeout: 8000 });
    await (await tid(browser, "service-problem")).setValue("到货外包装破损");
    await (await tid(browser, "complaint-toggle")).click();
    await (await tid(browser, "complaint-severity")).selectByAttribute("value", "high");
    await (await tid(browser, "complaint-category")).selectByAttribute("value", "delivery");
    await (await tid(browser, "service-save")).click();
    await waitText(await tid(browser, "service-complaint-status"), /待处理/);

    await (await tid(browser, "nav-agenda")).click();
    const row = await browser.$(`[data-testid="agenda-section-complaints"] [data-customer-name="${NAME}"]`);
    await row.waitForDisplayed({ timeout: 8000 });
    await row.scrollIntoView({ block: "center" });
    await waitText(await row.$(`[data-testid="agenda-complaint-severity"]`), /严重 · 交付物流/);
    assert.match(await browser.execute((el) => el.textContent, row), /到货外包装破损/);
    await waitContent(browser, await kpi(browser, "complaints-open"), /^1$/);

    // The agenda row's quick action opens the customer, where it is resolved.
    await (await tid(browser, "nav-agenda")).click();
    await row.waitForDisplayed({ timeout: 8000 });
    await (await row.$(`[data-testid="agenda-open"]`)).click();
    await waitText(await tid(browser, "detail-name"), new RegExp(NAME));
    await (await tid(browser, "edit-service")).click();
    await (await tid(browser, "service-form")).waitForDisplayed({ timeout: 8000 });
    await (await tid(browser, "complaint-status")).selectByAttribute("value", "resolved");
    await (await tid(browser, "complaint-resolution")).setValue("补发新品并致歉");
    await (await tid(browser, "service-satisfaction")).selectByAttribute("value", "4");
    await (await tid(browser, "service-save")).click();
    await waitText(await tid(browser, "service-complaint-status"), /已解决/);

    await (await tid(browser, "nav-agenda")).click();
    await (await tid(browser, "agenda-section-nonext")).waitForDisplayed({ timeout: 8000 });
    assert.equal(await (await tid(browser, "agenda-section-complaints")).isExisting(), false);

    await waitContent(browser, await kpi(browser, "complaints-open"), /^0$/);
    await waitContent(browser, await tid(browser, "kpi-complaint-days-value"), /^0 天$/);
    await waitContent(browser, await tid(browser, "kpi-complaint-satisfaction-value"), /^4 \/ 5$/);
    if (process.env.RAPPORT_E2E_SHOTS) await browser.saveScreenshot(`${process.env.RAPPORT_E2E_SHOTS}/complaints-dashboard-zh.png`);
  } finally {
    await app.stop();
  }
});
