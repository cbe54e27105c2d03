// Import and export in the real app, through the real native file dialog (GTK's chooser,
// driven with xdotool): import the Chinese 跟进记录表 fixture, change one column's mapping,
// check the preview's counts, import, find an imported customer with its follow-ups, export
// the book to xlsx and read the file back, undo the import.
import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, existsSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freshProfile, launch, tid, waitText } from "./lib/app.mjs";
import { answerFileDialog, exportBook } from "./lib/dialog.mjs";

const FIXTURE = fileURLToPath(new URL("../fixtures/跟进记录表.xlsx", import.meta.url));

const count = async (browser, id) => (await tid(browser, `import-count-${id}`)).getText();

/** The shared strings of an xlsx (every text cell), read with Python's zipfile. */
function xlsxText(path) {
  return execFileSync("python3", ["-c",
    "import sys,zipfile;z=zipfile.ZipFile(sys.argv[1]);print(z.read('xl/sharedStrings.xml').decode());print(len([n for n in z.namelist() if n.startswith('xl/worksheets/sheet')]))",
    path], { encoding: "utf8" });
}

test("import a 跟进记录表 through the file dialog, export to xlsx, undo", async () => {
  const profile = freshProfile();
  // xdotool types ASCII reliably; the fixture's name is Chinese.
  const sheet = join(profile.root, "followups.xlsx");
  copyFileSync(FIXTURE, sheet);
  const app = await launch(profile, { locale: "zh_CN.UTF-8" });
  try {
    const { browser } = app;
    await (await tid(browser, "nav-import")).waitForDisplayed({ timeout: 20000 });
    await (await tid(browser, "nav-import")).click();
    await (await tid(browser, "import-choose")).click();
    await answerFileDialog("选择要导入的客户表格", sheet);

    await (await tid(browser, "import-preview")).waitForDisplayed({ timeout: 20000 });
    assert.equal(await (await tid(browser, "import-file-name")).getAttribute("title"), "followups.xlsx");
    assert.equal(await count(browser, "rows"), "25");
    // The bad e-mail and the unreadable date are left empty: their rows still come in.
    assert.equal(await count(browser, "newCustomers"), "11");
    assert.equal(await count(browser, "partialRows"), "2");
    assert.equal(await count(browser, "invalidRows"), "0");
    assert.equal(await count(browser, "followUps"), "24");
    assert.equal((await browser.$$(`[data-testid="import-error-row"]`)).length, 2);
    assert.ok(await (await tid(browser, "mapping-ambiguous")).isExisting(), "下次跟进时间 is flagged");

    // One mapping changed: the tag column is not imported; the preview shows no tags.
    const tagColumn = await browser.$(`[data-testid="mapping-row"][data-header="标签"] select`);
    await tagColumn.selectByAttribute("value", "ignore");
    await browser.waitUntil(async () => (await browser.$$(`[data-testid="preview-tags"] *`)).length === 0,
      { timeout: 8000, timeoutMsg: "tags still previewed after ignoring the column" });
    assert.equal(await count(browser, "newCustomers"), "11");

    await (await tid(browser, "import-run")).click();
    await (await tid(browser, "import-done")).waitForDisplayed({ timeout: 30000 });
    await waitText(await tid(browser, "done-added"), /11/);
    await waitText(await tid(browser, "done-followups"), /24/);

    // The imported customer with its four follow-ups.
    await (await tid(browser, "import-view-customers")).click();
    const row = await browser.$(`[data-testid="customer-row"][data-name="张伟"]`);
    await row.waitForDisplayed({ timeout: 8000 });
    await row.click();
    await (await tid(browser, "detail-name")).waitForDisplayed({ timeout: 8000 });
    await browser.waitUntil(async () => (await browser.$$(`[data-testid="timeline-followup"]`)).length === 4,
      { timeout: 8000, timeoutMsg: "张伟 should have 4 follow-ups" });

    // Export the whole book to xlsx through the save dialog and read the file back.
    const out = join(profile.root, "export.xlsx");
    await exportBook(browser, "xlsx", out);
    assert.ok(existsSync(out), "the export was written");
    const [strings, sheets] = xlsxText(out).trim().split(/\n(?=\d+$)/);
    for (const name of ["张伟", "李娜", "林静", "跟进内容", "成交金额", "服务内容"]) assert.ok(strings.includes(name), `${name} in the export`);
    assert.equal(sheets, "5", "customers, follow-ups, opportunities, deals and after-sales sheets");

    // Undo the import from the history: the book is empty again.
    await (await tid(browser, "nav-import")).click();
    await (await tid(browser, "import-history-undo")).click();
    await browser.waitUntil(async () => { try { await browser.getAlertText(); return true; } catch { return false; } },
      { timeout: 8000, timeoutMsg: "no confirm dialog" });
    await browser.acceptAlert();
    await waitText(await tid(browser, "import-history-state"), /已撤销/);
    await (await tid(browser, "nav-customers")).click();
    await (await tid(browser, "load-demo")).waitForDisplayed({ timeout: 8000 });
  } catch (e) {
    await app.browser.saveScreenshot(join(process.env.RAPPORT_E2E_SHOTS ?? profile.root, "import-export-failure.png"));
    throw e;
  } finally {
    await app.stop();
  }
});
