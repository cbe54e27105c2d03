// A deal and an after-sales record on a customer's page in the real app: the amount typed in
// yuan is stored in cents and shown formatted on the timeline, a bad amount is refused under
// its field, and both records survive a restart.
import { test } from "node:test";
import assert from "node:assert/strict";
import { freshProfile, launch, tid, waitText } from "./lib/app.mjs";

async function openFirstCustomer(browser) {
  const row = await browser.$(`[data-testid="customer-row"]`);
  await row.waitForDisplayed({ timeout: 15000 });
  const name = await row.getAttribute("data-name");
  await row.click();
  await (await tid(browser, "detail-name")).waitForDisplayed({ timeout: 8000 });
  return name;
}

test("records: a deal and a service on the customer page, kept across a restart", async () => {
  const profile = freshProfile();
  let app = await launch(profile, { locale: "zh_CN.UTF-8" });
  let name;
  try {
    const { browser } = app;
    await (await tid(browser, "load-demo")).waitForDisplayed({ timeout: 20000 });
    await (await tid(browser, "load-demo")).click();
    name = await openFirstCustomer(browser);

    await (await tid(browser, "add-deal")).click();
    await (await tid(browser, "deal-form")).waitForDisplayed({ timeout: 8000 });
    await (await tid(browser, "deal-amount")).setValue("-5");
    await (await tid(browser, "deal-product")).setValue("年度维保服务");
    await (await tid(browser, "deal-save")).click();
    await (await tid(browser, "field-error-amount")).waitForDisplayed({ timeout: 8000 });
    await (await tid(browser, "deal-amount")).setValue("12,800.50");
    await (await tid(browser, "deal-save")).click();
    await (await tid(browser, "timeline-deal")).waitForDisplayed({ timeout: 8000 });
    await waitText(await tid(browser, "deal-amount-text"), /¥12,800\.50/);

    await (await tid(browser, "add-service")).click();
    await (await tid(browser, "service-form")).waitForDisplayed({ timeout: 8000 });
    await (await tid(browser, "service-satisfaction")).selectByAttribute("value", "4");
    await (await tid(browser, "service-save")).click();
    await (await tid(browser, "timeline-service")).waitForDisplayed({ timeout: 8000 });
    await waitText(await tid(browser, "service-stars"), /★★★★/);
    if (process.env.RAPPORT_E2E_SHOTS) await browser.saveScreenshot(`${process.env.RAPPORT_E2E_SHOTS}/records-zh.png`);
  } finally {
    await app.stop();
  }
  app = await launch(profile, { locale: "zh_CN.UTF-8" });
  try {
    const { browser } = app;
    const row = await browser.$(`[data-testid="customer-row"][data-name="${name}"]`);
    await row.waitForDisplayed({ timeout: 20000 });
    await row.click();
    await waitText(await tid(browser, "deal-amount-text"), /¥12,800\.50/);
    assert.ok(await (await tid(browser, "timeline-service")).isExisting());
  } finally {
    await app.stop();
  }
});
