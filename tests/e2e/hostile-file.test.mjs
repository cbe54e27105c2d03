// A hostile .xls (its compound-file directory chain loops: calamine alone grows a buffer
// until the process aborts) picked in the real GTK file chooser gives a clear "damaged"
// message in the window; the app stays alive, and a good file picked next in the same
// window previews and imports.
import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freshProfile, launch, tid, waitText } from "./lib/app.mjs";
import { answerFileDialog } from "./lib/dialog.mjs";

const PICK = "选择要导入的客户表格";
const fixture = (name) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

test("a hostile .xls is refused clearly, then a good file imports in the same window", async () => {
  const profile = freshProfile();
  // xdotool types ASCII reliably; the good fixture's name is Chinese.
  const hostile = join(profile.root, "loops.xls");
  const good = join(profile.root, "followups.xls");
  copyFileSync(fixture("hostile/directory-chain-loops.xls"), hostile);
  copyFileSync(fixture("跟进记录表.xls"), good);
  const app = await launch(profile, { locale: "zh_CN.UTF-8" });
  try {
    const { browser } = app;
    await (await tid(browser, "nav-import")).waitForDisplayed({ timeout: 20000 });
    await (await tid(browser, "nav-import")).click();
    await (await tid(browser, "import-choose")).click();
    await answerFileDialog(PICK, hostile);
    const error = await tid(browser, "import-error");
    await error.waitForDisplayed({ timeout: 20000 });
    await waitText(error, /已损坏/);
    assert.match(await error.getText(), /the chain loops/, "the reason is named");
    // RAPPORT_SHOTS=folder keeps a picture of the message (tests/screenshots/import-damaged-zh.png).
    if (process.env.RAPPORT_SHOTS) await browser.saveScreenshot(join(process.env.RAPPORT_SHOTS, "import-damaged-zh.png"));

    // The same window, alive: the good file previews and imports.
    await (await tid(browser, "import-choose")).click();
    await answerFileDialog(PICK, good);
    await (await tid(browser, "import-preview")).waitForDisplayed({ timeout: 20000 });
    assert.equal(await (await tid(browser, "import-count-newCustomers")).getText(), "11");
    await (await tid(browser, "import-run")).click();
    await (await tid(browser, "import-done")).waitForDisplayed({ timeout: 30000 });
    await waitText(await tid(browser, "done-added"), /11/);
  } finally {
    await app.stop();
  }
});
