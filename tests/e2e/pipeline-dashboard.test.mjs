// The pipeline and the dashboard in the real app: a new customer dragged on the board (pointer
// events, as a mouse does) to 流失 asks for the reason, and the funnel and lost-reason tables of
// the dashboard count it; a deal recorded on the customer page shows in the monthly totals.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createCustomer, freshProfile, launch, tid, waitText } from "./lib/app.mjs";

const NAME = "看板流失测试";

async function tableText(browser, chart) {
  await (await tid(browser, `dashboard-show-table-${chart}`)).click();
  const table = await tid(browser, `dashboard-table-${chart}`);
  await table.waitForDisplayed({ timeout: 8000 });
  return table.getText();
}

/** Drags `from` onto `to` with a mouse pointer: press, a few moves, release. */
async function drag(browser, from, to) {
  await browser
    .action("pointer", { parameters: { pointerType: "mouse" } })
    .move({ origin: from })
    .down({ button: 0 })
    .move({ origin: "pointer", x: 12, y: 6, duration: 100 })
    .move({ origin: "pointer", x: 30, y: 10, duration: 100 })
    .move({ origin: to, duration: 300 })
    .move({ origin: "pointer", x: 2, y: 2, duration: 50 })
    .up({ button: 0 })
    .perform();
}

test("pipeline: drag a customer to 流失 with a reason, see the funnel and lost reasons; a deal in the monthly total", async () => {
  const app = await launch(freshProfile(), { locale: "zh_CN.UTF-8" });
  try {
    const { browser } = app;
    await createCustomer(browser, NAME);

    await (await tid(browser, "nav-pipeline")).click();
    const card = await browser.$(`[data-testid="pipeline-card"]`);
    await card.waitForDisplayed({ timeout: 15000 });
    await waitText(await tid(browser, "pipeline-count-initialContact"), /^1$/);
    // First to 谈判中 with the card's move select (the keyboard way) …
    await (await tid(browser, "card-move")).selectByAttribute("value", "negotiation");
    await waitText(await tid(browser, "pipeline-count-negotiation"), /^1$/);
    // … then, with 流失 scrolled into view, dragged there.
    await browser.execute(() => {
      const board = document.querySelector('[data-testid="pipeline-board"]');
      board.scrollLeft = board.scrollWidth;
    });
    const moved = await browser.$(`[data-testid="pipeline-column-negotiation"] [data-testid="pipeline-card"]`);
    await moved.waitForDisplayed({ timeout: 8000 });
    await drag(browser, moved, await tid(browser, "pipeline-column-lost"));
    await (await tid(browser, "lost-reason-dialog")).waitForDisplayed({ timeout: 8000 });
    await (await tid(browser, "lost-reason-select")).selectByAttribute("value", "选择了竞争对手");
    await (await tid(browser, "lost-reason-save")).click();
    await waitText(await tid(browser, "pipeline-count-lost"), /^1$/);
    await waitText(await tid(browser, "pipeline-count-negotiation"), /^0$/);
    const reason = await browser.$(`[data-testid="pipeline-column-lost"] [data-testid="pipeline-card"] .reason`);
    assert.equal(await reason.getAttribute("title"), "选择了竞争对手");

    await (await tid(browser, "nav-dashboard")).click();
    await (await tid(browser, "dashboard-funnel")).waitForDisplayed({ timeout: 15000 });
    const funnel = await tableText(browser, "funnel");
    // Lost apart (no reached count), and counted at the step it was lost from: 谈判中, reached
    // (with every step before it) but no one there now.
    assert.match(funnel, /流失\s*—\s*1/, `funnel table: ${funnel}`);
    assert.match(funnel, /谈判中\s*1\s*0\s*100%\s*1/, `funnel table: ${funnel}`);
    const lost = await tableText(browser, "lost");
    assert.match(lost, /选择了竞争对手\s*1/, `lost-reason table: ${lost}`);

    // A deal on the customer page, then the month's total.
    await (await tid(browser, "nav-customers")).click();
    const row = await browser.$(`[data-testid="customer-row"][data-name="${NAME}"]`);
    await row.waitForDisplayed({ timeout: 8000 });
    await row.click();
    await (await tid(browser, "add-deal")).click();
    await (await tid(browser, "deal-form")).waitForDisplayed({ timeout: 8000 });
    await (await tid(browser, "deal-amount")).setValue("8,800");
    await (await tid(browser, "deal-product")).setValue("年度服务");
    await (await tid(browser, "deal-save")).click();
    await (await tid(browser, "timeline-deal")).waitForDisplayed({ timeout: 8000 });
    await (await tid(browser, "nav-dashboard")).click();
    await (await tid(browser, "dashboard-monthly")).waitForDisplayed({ timeout: 15000 });
    const now = new Date();
    const month = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}`;
    const monthly = await tableText(browser, "monthly");
    assert.match(monthly, new RegExp(`${month}\\s*1\\s*[¥￥]?8,800`), `monthly table: ${monthly}`);
    if (process.env.RAPPORT_E2E_SHOTS) await browser.saveScreenshot(`${process.env.RAPPORT_E2E_SHOTS}/dashboard-tables-zh.png`);
  } finally {
    await app.stop();
  }
});
