// The user's own pipeline in the real app: in settings, 我是 李娜, 方案沟通 renamed 报价 and a
// custom stage 样品测试 added before it; the board shows the columns in that order, a card moved
// into the custom stage is recorded on the timeline with who moved it, and the dashboard's
// funnel counts it. Then an after-sales visit planned for yesterday shows on the agenda, and a
// JSON export (through the save dialog) carries the custom stage's name, the move and the visit.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createCustomer, freshProfile, launch, setInput, tid, waitText } from "./lib/app.mjs";
import { exportBook } from "./lib/dialog.mjs";

const NAME = "自定义阶段测试";

const columnNames = (browser) => browser.execute(() =>
  [...document.querySelectorAll('[data-testid^="pipeline-column-"][aria-label]')].map((el) => el.getAttribute("aria-label")));

test("stages: rename, add and reorder in settings; the board, timeline (who) and funnel follow; a service plan on the agenda; the JSON export", async () => {
  const profile = freshProfile();
  const app = await launch(profile, { locale: "zh_CN.UTF-8" });
  try {
    const { browser } = app;
    await createCustomer(browser, NAME, { "field-owner": "李娜" });

    await (await tid(browser, "nav-settings")).click();
    await (await tid(browser, "me-select")).waitForDisplayed({ timeout: 8000 });
    await (await tid(browser, "me-select")).selectByAttribute("value", "李娜");
    await (await tid(browser, "me-saved")).waitForExist({ timeout: 8000 });
    await (await tid(browser, "stage-name-proposal")).setValue("报价");
    await (await tid(browser, "stages-add")).click();
    await (await tid(browser, "stage-name-custom1")).waitForDisplayed({ timeout: 8000 });
    await (await tid(browser, "stage-name-custom1")).setValue("样品测试");
    await (await tid(browser, "stage-up-custom1")).click(); // before 谈判中
    await (await tid(browser, "stage-up-custom1")).click(); // before 报价
    await (await tid(browser, "stages-save")).click();
    await (await tid(browser, "stages-saved")).waitForExist({ timeout: 8000 });
    if (process.env.RAPPORT_E2E_SHOTS) await browser.saveScreenshot(`${process.env.RAPPORT_E2E_SHOTS}/stages-zh.png`);

    await (await tid(browser, "nav-pipeline")).click();
    await (await browser.$(`[data-testid="pipeline-card"]`)).waitForDisplayed({ timeout: 15000 });
    assert.deepEqual(await columnNames(browser), ["初步接触", "需求明确", "样品测试", "报价", "谈判中", "成交", "流失"]);
    await (await tid(browser, "card-move")).selectByAttribute("value", "custom1");
    await waitText(await tid(browser, "pipeline-count-custom1"), /^1$/);

    await (await tid(browser, "nav-customers")).click();
    const row = await browser.$(`[data-testid="customer-row"][data-name="${NAME}"]`);
    await row.waitForDisplayed({ timeout: 8000 });
    assert.match(await browser.execute((el) => el.textContent, row), /样品测试/);
    await row.click();
    const change = await browser.$(`[data-testid="timeline-change"][data-type="stage"]`);
    await change.waitForDisplayed({ timeout: 8000 });
    assert.match(await change.getText(), /初步接触\s*→\s*样品测试/);
    await waitText(await change.$(`[data-testid="timeline-change-by"]`), /李娜/);

    // An after-sales visit whose next service was planned for yesterday: due on the agenda.
    await (await tid(browser, "add-service")).click();
    await (await tid(browser, "service-form")).waitForDisplayed({ timeout: 8000 });
    const pad = (n) => String(n).padStart(2, "0");
    const daysAgo = (n) => {
      const d = new Date(Date.now() - n * 86_400_000);
      return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
    };
    await setInput(browser, "service-date", daysAgo(2));
    await (await tid(browser, "service-next-plan")).setValue("回访安装效果");
    await setInput(browser, "service-next-at", `${daysAgo(1)}T10:00`);
    await (await tid(browser, "service-save")).click();
    await (await tid(browser, "timeline-service")).waitForDisplayed({ timeout: 8000 });
    await (await tid(browser, "nav-agenda")).click();
    const plan = await browser.$(`[data-testid="agenda-section-plans"] [data-testid="agenda-item"]`);
    await plan.waitForDisplayed({ timeout: 8000 });
    if (process.env.RAPPORT_E2E_SHOTS) await browser.saveScreenshot(`${process.env.RAPPORT_E2E_SHOTS}/agenda-plans-zh.png`);
    const planText = await browser.execute((el) => el.textContent, plan);
    assert.match(planText, /回访安装效果/);
    assert.match(planText, new RegExp(NAME));

    await (await tid(browser, "nav-dashboard")).click();
    await (await tid(browser, "dashboard-funnel")).waitForDisplayed({ timeout: 15000 });
    await (await tid(browser, "dashboard-show-table-funnel")).click();
    const funnel = await tid(browser, "dashboard-table-funnel");
    await funnel.waitForDisplayed({ timeout: 8000 });
    assert.match(await funnel.getText(), /样品测试\s*1/);

    // The full-fidelity JSON export of the whole book, written through the save dialog.
    const out = join(profile.root, "export.json");
    await exportBook(browser, "json", out);
    const book = JSON.parse(readFileSync(out, "utf8"));
    assert.ok(book.stages.some((s) => s.stage === "custom1" && s.name === "样品测试"), JSON.stringify(book.stages));
    assert.ok(book.stages.some((s) => s.stage === "proposal" && s.name === "报价"));
    const id = book.customers.find((c) => c.name === NAME).id;
    const moved = book.history.find((h) => h.customerId === id && h.change.to === "custom1");
    assert.ok(moved, JSON.stringify(book.history));
    assert.equal(moved.by, "李娜");
    assert.ok(book.services.some((s) => s.customerId === id && s.nextPlan === "回访安装效果"));
  } finally {
    await app.stop();
  }
});
