// A real 客户成交管理表 through the real file dialog (tests/fixtures/deal_sheet.py made it): a
// title row, a 合计 row and a 制表人 line under the data, a follow-up date that is no date, an
// amount that is text (面议) and money in three forms. The preview counts what the sheet holds
// and lists what it left out; the book then has the customers, their opportunities, deals and
// after-sales visit.
import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freshProfile, launch, tid, waitText } from "./lib/app.mjs";
import { answerFileDialog } from "./lib/dialog.mjs";

const FIXTURE = fileURLToPath(new URL("../fixtures/客户成交管理表.xlsx", import.meta.url));

const count = async (browser, id) => (await tid(browser, `import-count-${id}`)).getText();
async function rows(browser, id) {
  const found = [];
  for (const e of await browser.$$(`[data-testid="${id}"]`)) found.push(await e.getAttribute("data-row"));
  return found;
}

async function openCustomer(browser, name) {
  await (await tid(browser, "nav-customers")).click();
  const row = await browser.$(`[data-testid="customer-row"][data-name="${name}"]`);
  await row.waitForDisplayed({ timeout: 8000 });
  await row.click();
  await waitText(await tid(browser, "detail-name"), new RegExp(name));
}

test("import a 客户成交管理表: totals and footer left out, a bad date costs one cell, money becomes records", async () => {
  const profile = freshProfile();
  // xdotool types ASCII reliably; the fixture's name is Chinese. Not "d…": GTK's inline
  // completion of the profile's data/ folder races the typing (see lib/dialog.mjs).
  const sheet = join(profile.root, "sales.xlsx");
  copyFileSync(FIXTURE, sheet);
  const app = await launch(profile, { locale: "zh_CN.UTF-8" });
  try {
    const { browser } = app;
    await (await tid(browser, "nav-import")).waitForDisplayed({ timeout: 20000 });
    await (await tid(browser, "nav-import")).click();
    await (await tid(browser, "import-choose")).click();
    await answerFileDialog("选择要导入的客户表格", sheet);

    await (await tid(browser, "import-preview")).waitForDisplayed({ timeout: 20000 });
    assert.equal(await count(browser, "rows"), "6");
    assert.equal(await count(browser, "newCustomers"), "6");
    assert.equal(await count(browser, "partialRows"), "1");
    assert.equal(await count(browser, "invalidRows"), "0");
    assert.equal(await count(browser, "followUps"), "6");
    assert.equal(await count(browser, "opportunities"), "4");
    assert.equal(await count(browser, "deals"), "2");
    assert.equal(await count(browser, "services"), "1");
    // 合计 (row 9) and the 制表人 line (row 10) are listed as left out, not customers.
    assert.deepEqual(await rows(browser, "import-skipped-row"), ["9", "10"]);
    // The bad date names its row, column and value; 面议 is kept as a note and reported.
    const problem = await browser.$(`[data-testid="import-error-row"]`);
    await problem.waitForDisplayed({ timeout: 8000 });
    const problemText = await problem.getText();
    for (const part of ["4", "跟进日期", "2024/13/01"]) assert.ok(problemText.includes(part), `${part} in “${problemText}”`);
    assert.deepEqual(await rows(browser, "import-notice-row"), ["6"]);
    assert.ok((await (await tid(browser, "import-notices")).getText()).includes("面议"));

    await (await tid(browser, "import-run")).click();
    await (await tid(browser, "import-done")).waitForDisplayed({ timeout: 30000 });
    await waitText(await tid(browser, "done-added"), /6/);
    await waitText(await tid(browser, "done-followups"), /6/);

    // The book: six customers, none named 合计.
    await (await tid(browser, "import-view-customers")).click();
    await waitText(await tid(browser, "customer-count"), /6/);
    assert.equal((await browser.$$(`[data-testid="customer-row"][data-name*="合"]`)).length, 0);

    // 张伟's ¥150,000 deal and 金达's 12万 deal with its after-sales visit.
    await openCustomer(browser, "张伟");
    await waitText(await tid(browser, "deal-amount-text"), /150,000/);
    await openCustomer(browser, "金达电子有限公司");
    await waitText(await tid(browser, "deal-amount-text"), /120,000/);
    await (await tid(browser, "timeline-service")).waitForDisplayed({ timeout: 8000 });
    // 恒通 came in despite its bad date, with its opportunity on the board.
    await openCustomer(browser, "恒通科技有限公司");
    await (await tid(browser, "nav-pipeline")).click();
    await (await tid(browser, "pipeline-board")).waitForDisplayed({ timeout: 8000 });
    await browser.waitUntil(async () => (await browser.$$(`[data-testid="pipeline-card"]`)).length >= 6,
      { timeout: 8000, timeoutMsg: "the imported customers are not on the board" });
  } catch (e) {
    await app.browser.saveScreenshot(join(process.env.RAPPORT_E2E_SHOTS ?? profile.root, "import-deal-sheet-failure.png"));
    throw e;
  } finally {
    await app.stop();
  }
});
