// The whole book through a JSON file in the real app: the demo book exported to JSON through
// the save dialog, then imported into a fresh data folder's empty book through the open
// dialog (GTK's chooser, driven with xdotool): the preview says it restores, the restore
// brings the customers and a deal back, and the new book's own JSON export holds the same
// customers, deals and follow-ups (ids kept). Opening the file again in the now full book
// previews a merge with every customer a duplicate.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { freshProfile, launch, tid, waitText } from "./lib/app.mjs";
import { answerFileDialog, exportBook } from "./lib/dialog.mjs";

const read = (path) => JSON.parse(readFileSync(path, "utf8"));
const sorted = (list) => [...list].sort((a, b) => (a.id < b.id ? -1 : 1));

test("JSON export of a book, restored into a fresh book through the file dialog", async () => {
  const first = freshProfile();
  // Not "book…": GTK's location bar would complete the data folder "book/" while typing.
  const file = join(first.root, "export.json");
  let app = await launch(first, { locale: "zh_CN.UTF-8" });
  try {
    const { browser } = app;
    await (await tid(browser, "load-demo")).waitForDisplayed({ timeout: 20000 });
    await (await tid(browser, "load-demo")).click();
    await browser.waitUntil(async () => (await browser.$$(`[data-testid="customer-row"]`)).length > 0,
      { timeout: 20000, timeoutMsg: "the demo book did not load" });
    await exportBook(browser, "json", file);
  } finally {
    await app.stop();
  }
  const a = read(file);
  assert.ok(a.customers.length > 10 && a.deals.length > 0, `${a.customers.length} customers, ${a.deals.length} deals`);
  const dealOwner = a.customers.find((c) => c.id === a.deals[0].customerId);

  const second = freshProfile();
  app = await launch(second, { locale: "zh_CN.UTF-8" });
  try {
    const { browser } = app;
    await (await tid(browser, "nav-import")).waitForDisplayed({ timeout: 20000 });
    await (await tid(browser, "nav-import")).click();
    await (await tid(browser, "import-choose")).click();
    await answerFileDialog("选择要导入的客户表格", file);
    const book = await tid(browser, "import-book");
    await book.waitForDisplayed({ timeout: 20000 });
    assert.equal(await book.getAttribute("data-mode"), "restore");
    assert.match(await (await tid(browser, "import-book-mode")).getText(), /按原样恢复/);
    assert.match(await (await tid(browser, "import-book-customers")).getText(), new RegExp(String(a.customers.length)));
    assert.match(await (await tid(browser, "import-book-deals")).getText(), new RegExp(String(a.deals.length)));
    assert.equal((await (await tid(browser, "import-run")).getText()).trim(), `恢复 ${a.customers.length} 位客户`);
    await (await tid(browser, "import-run")).click();
    await (await tid(browser, "import-done")).waitForDisplayed({ timeout: 60000 });
    await waitText(await tid(browser, "done-added"), new RegExp(String(a.customers.length)));

    // The customer with the first deal, with its deal on the timeline.
    await (await tid(browser, "import-view-customers")).click();
    // Found by search: the list is virtualised, so a row far down is not in the DOM.
    await (await tid(browser, "search-input")).waitForDisplayed({ timeout: 8000 });
    await (await tid(browser, "search-input")).setValue(dealOwner.name);
    const row = await browser.$(`[data-testid="customer-row"][data-name="${dealOwner.name}"]`);
    await row.waitForDisplayed({ timeout: 8000 });
    await row.click();
    await (await tid(browser, "detail-name")).waitForDisplayed({ timeout: 8000 });
    await (await tid(browser, "deal-amount-text")).waitForDisplayed({ timeout: 8000 });

    // The restored book exports the same records.
    const back = join(second.root, "back.json");
    await exportBook(browser, "json", back);
    const b = read(back);
    for (const key of ["customers", "followUps", "opportunities", "deals", "services", "tags", "stages"]) {
      assert.deepEqual(sorted(b[key].map((r) => r.id ?? r.stage)), sorted(a[key].map((r) => r.id ?? r.stage)), key);
    }
    assert.deepEqual(sorted(b.deals), sorted(a.deals), "deals equal, field by field");
    assert.deepEqual(sorted(b.followUps), sorted(a.followUps), "follow-ups equal, field by field");

    // Into the now full book the same file is a merge: every customer a duplicate.
    await (await tid(browser, "nav-import")).click();
    const another = await tid(browser, "import-another");
    if (await another.isExisting()) await another.click();
    await (await tid(browser, "import-choose")).click();
    await answerFileDialog("选择要导入的客户表格", file);
    await browser.waitUntil(async () => (await (await tid(browser, "import-book")).getAttribute("data-mode")) === "merge",
      { timeout: 20000, timeoutMsg: "no merge preview" });
    await waitText(await tid(browser, "import-count-duplicates"), new RegExp(`^${a.customers.length}$`));
    await (await tid(browser, "import-cancel")).click();
  } catch (e) {
    await app.browser.saveScreenshot(join(process.env.RAPPORT_E2E_SHOTS ?? second.root, "import-json-failure.png"));
    throw e;
  } finally {
    await app.stop();
  }
});
