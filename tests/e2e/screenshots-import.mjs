// Screenshots of import, export and backups in the real app (part of
// `bash src-tauri/scripts/screenshot.sh`): the preview with its mapping and problem rows, the
// progress bar of a large import, the summary, then the same in English with the export menu
// and the backups in settings.
import { writeFileSync, copyFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freshProfile, launch, tid } from "./lib/app.mjs";
import { answerFileDialog } from "./lib/dialog.mjs";

const out = fileURLToPath(new URL("../screenshots/", import.meta.url));
const fixture = fileURLToPath(new URL("../fixtures/跟进记录表.xlsx", import.meta.url));
const pause = (ms) => new Promise((r) => setTimeout(r, ms));
const profile = freshProfile();
const sheet = join(profile.root, "followups.xlsx");
copyFileSync(fixture, sheet);

// A large customer list, for the progress bar.
const big = join(profile.root, "customers.csv");
const lines = ["客户名称,手机,邮箱,客户来源,标签"];
for (let i = 0; i < 60000; i++) lines.push(`客户${i},139${String(i).padStart(8, "0")},c${i}@example.cn,行业展会,批量`);
writeFileSync(big, lines.join("\r\n"));

const app = await launch(profile, { locale: "zh_CN.UTF-8" });
const { browser } = app;
const shot = (name) => browser.saveScreenshot(`${out}${name}`);
const scrollTo = (id) => browser.execute((i) => document.querySelector(`[data-testid="${i}"]`)?.scrollIntoView(), id);
async function open(path, title) {
  await (await tid(browser, "nav-import")).click();
  const another = await tid(browser, "import-another");
  if (await another.isExisting()) await another.click();
  await (await tid(browser, "import-choose")).click();
  await answerFileDialog(title, path);
  await (await tid(browser, "import-preview")).waitForDisplayed({ timeout: 30000 });
  await pause(400);
}
try {
  await (await tid(browser, "nav-import")).waitForDisplayed({ timeout: 20000 });
  await open(sheet, "选择要导入的客户表格");
  await shot("import-preview-zh.png");
  await scrollTo("import-errors");
  await pause(300);
  await shot("import-errors-zh.png");
  await (await tid(browser, "import-run")).click();
  await (await tid(browser, "import-done")).waitForDisplayed({ timeout: 30000 });
  await open(big, "选择要导入的客户表格");
  await (await tid(browser, "import-run")).click();
  await (await tid(browser, "import-progress")).waitForDisplayed({ timeout: 30000 });
  await browser.waitUntil(async () => !/^0 \//.test(await (await tid(browser, "import-progress-text")).getText()),
    { timeout: 60000, interval: 100 });
  await shot("import-progress-zh.png");
  await (await tid(browser, "import-done")).waitForDisplayed({ timeout: 120000 });
  await shot("import-done-zh.png");

  await (await tid(browser, "nav-settings")).click();
  await (await tid(browser, "language-select")).selectByAttribute("value", "en");
  await pause(300);
  await scrollTo("backup-settings");
  await pause(300);
  await shot("backups-en.png");
  await (await tid(browser, "nav-import")).click();
  await pause(500);
  await shot("import-start-en.png");
  await open(sheet, "Choose a customer sheet to import");
  await scrollTo("import-mapping");
  await pause(300);
  await shot("import-mapping-en.png");
  await (await tid(browser, "import-cancel")).click();
  await (await tid(browser, "nav-customers")).click();
  await (await tid(browser, "export-button")).click();
  await pause(400);
  await shot("export-en.png");
  console.log(`import screenshots written to ${out}`);
} finally {
  await app.stop();
}
