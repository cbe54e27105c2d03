// Screenshots of a Rapport JSON export being imported in the real app (part of
// `bash src-tauri/scripts/screenshot.sh`): the restore preview into an empty book, in Chinese
// and English, then — the book restored — the merge preview of the same file, in both.
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freshProfile, launch, tid } from "./lib/app.mjs";
import { answerFileDialog } from "./lib/dialog.mjs";

const out = fileURLToPath(new URL("../screenshots/", import.meta.url));
const fixture = fileURLToPath(new URL("../fixtures/客脉导出.json", import.meta.url));
const pause = (ms) => new Promise((r) => setTimeout(r, ms));
const profile = freshProfile();
const file = join(profile.root, "rapport-export.json");
copyFileSync(fixture, file);

const app = await launch(profile, { locale: "zh_CN.UTF-8" });
const { browser } = app;
const shot = (name) => browser.saveScreenshot(`${out}${name}`);
async function language(lang) {
  await (await tid(browser, "nav-settings")).click();
  await (await tid(browser, "language-select")).selectByAttribute("value", lang);
  await pause(300);
}
async function open(title) {
  await (await tid(browser, "nav-import")).click();
  const another = await tid(browser, "import-another");
  if (await another.isExisting()) await another.click();
  await (await tid(browser, "import-choose")).click();
  await answerFileDialog(title, file);
  await (await tid(browser, "import-book")).waitForDisplayed({ timeout: 30000 });
  await pause(400);
}
try {
  await (await tid(browser, "nav-import")).waitForDisplayed({ timeout: 20000 });
  await open("选择要导入的客户表格");
  await shot("import-json-restore-zh.png");
  await (await tid(browser, "import-cancel")).click();
  await language("en");
  await open("Choose a customer sheet to import");
  await shot("import-json-restore-en.png");
  await (await tid(browser, "import-run")).click();
  await (await tid(browser, "import-done")).waitForDisplayed({ timeout: 30000 });
  await open("Choose a customer sheet to import");
  await shot("import-json-merge-en.png");
  await (await tid(browser, "import-cancel")).click();
  await language("zh");
  await open("选择要导入的客户表格");
  await shot("import-json-merge-zh.png");
  await (await tid(browser, "import-cancel")).click();
  console.log(`JSON import screenshots written to ${out}`);
} finally {
  await app.stop();
}
