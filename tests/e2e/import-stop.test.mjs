// Stopping a large import in the real app and going on: the import lets go of the file while it
// runs (for memory), so a preview after a stop reads the file again from its path. Stop after
// the first progress and see the notice; change a mapping (a new preview, from the file read
// again); import; find every customer.
import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { freshProfile, launch, tid, waitText } from "./lib/app.mjs";
import { answerFileDialog } from "./lib/dialog.mjs";

const ROWS = 20000;

test("stop a large import, change a mapping, import again", async () => {
  const profile = freshProfile();
  const file = join(profile.root, "customers.csv");
  const lines = ["客户名称,手机,邮箱,客户来源"];
  for (let i = 0; i < ROWS; i++) lines.push(`客户${i},139${String(i).padStart(8, "0")},c${i}@example.cn,行业展会`);
  writeFileSync(file, lines.join("\r\n"));
  const app = await launch(profile, { locale: "zh_CN.UTF-8" });
  const { browser } = app;
  try {
    await (await tid(browser, "nav-import")).waitForDisplayed({ timeout: 20000 });
    await (await tid(browser, "nav-import")).click();
    await (await tid(browser, "import-choose")).click();
    await answerFileDialog("选择要导入的客户表格", file);
    await waitText(await tid(browser, "import-count-newCustomers"), new RegExp(`${ROWS.toLocaleString("en-US")}|${ROWS}`), 30000);

    await (await tid(browser, "import-run")).click();
    await (await tid(browser, "import-progress")).waitForDisplayed({ timeout: 30000 });
    await browser.waitUntil(async () => !/^0 \//.test(await (await tid(browser, "import-progress-text")).getText()),
      { timeout: 60000, interval: 50, timeoutMsg: "no progress" });
    await (await tid(browser, "import-stop")).click();
    await waitText(await tid(browser, "import-notice"), /已停止导入/, 60000);

    // The preview is back. The e-mail column not imported: previewed anew from the file.
    const email = await browser.$(`[data-testid="mapping-row"][data-header="邮箱"] select`);
    await email.selectByAttribute("value", "ignore");
    const firstRow = await browser.$(`[data-testid="preview-row"]`);
    await browser.waitUntil(async () => !(await firstRow.getText()).includes("@"),
      { timeout: 30000, timeoutMsg: "e-mails still previewed after ignoring the column" });
    await (await tid(browser, "import-run")).click();
    await (await tid(browser, "import-done")).waitForDisplayed({ timeout: 120000 });
    await (await tid(browser, "nav-customers")).click();
    await waitText(await tid(browser, "customer-count"), new RegExp(`${ROWS.toLocaleString("en-US")}|${ROWS}`), 15000);
  } catch (e) {
    await browser.saveScreenshot(join(process.env.RAPPORT_E2E_SHOTS ?? profile.root, "import-stop-failure.png"));
    throw e;
  } finally {
    await app.stop();
  }
});
