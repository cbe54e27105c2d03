// Screenshots of a 客户成交管理表 with money columns in the real app (part of
// `bash src-tauri/scripts/screenshot.sh`): the preview counting the opportunities, deals and
// after-sales records it makes, with its notices (面议 kept as a note, an assumed deal date),
// in Chinese, then in English, and the summary after the import; the book exported to xlsx,
// the import undone and the workbook opened again: its sheets imported together.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freshProfile, launch, tid } from "./lib/app.mjs";
import { answerFileDialog, exportBook } from "./lib/dialog.mjs";

const out = fileURLToPath(new URL("../screenshots/", import.meta.url));
const pause = (ms) => new Promise((r) => setTimeout(r, ms));
const profile = freshProfile();
const sheet = join(profile.root, "deals-sheet.csv");
writeFileSync(sheet, "\uFEFF" + [
  "客户名称,联系电话,阶段,跟进日期,跟进内容,预计成交金额,成交金额,成交日期,产品,付款方式,服务日期,服务内容,满意度,下次服务",
  "上海明达贸易,13800138000,方案沟通,2026-11-01,报价,15万,,,,,,,,",
  "上海明达贸易,13800138000,方案沟通,2026-11-05,签约,15万,\"¥150,000\",,办公软件,线下支付,,,,",
  "上海明达贸易,13800138000,成交,2026-11-09,安装,15万,,,,,2026-11-09,上门安装培训,满意,2027-05-09",
  "杭州云起科技,13900139000,成交,,,面议,8.5万元,2026-10-10,服务器,分期付款,,,,",
  "杭州云起科技,13900139000,成交,,,面议,\"3,000\",2026-10-20,维保,线上支付,,,,",
  "北京北辰物流,13700137000,谈判中,2026-11-12,议价,30万,待定,,仓储系统,,,,,",
].join("\r\n"));

const app = await launch(profile, { locale: "zh_CN.UTF-8" });
const { browser } = app;
const shot = (name) => browser.saveScreenshot(`${out}${name}`);
const scrollTo = (id) => browser.execute((i) => document.querySelector(`[data-testid="${i}"]`)?.scrollIntoView(), id);
async function open(title, path = sheet) {
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
  // The window settles before the first native dialog (its chooser otherwise may miss keys).
  await pause(1500);
  await open("选择要导入的客户表格");
  await shot("import-money-zh.png");
  await scrollTo("import-notices");
  await pause(300);
  await shot("import-money-notices-zh.png");
  await (await tid(browser, "import-run")).click();
  await (await tid(browser, "import-done")).waitForDisplayed({ timeout: 30000 });
  const book = join(profile.root, "book.xlsx");
  await exportBook(browser, "xlsx", book);
  await (await tid(browser, "nav-import")).click();
  await (await tid(browser, "import-history-undo")).click();
  await browser.waitUntil(async () => { try { await browser.getAlertText(); return true; } catch { return false; } },
    { timeout: 8000, timeoutMsg: "no confirm dialog" });
  await browser.acceptAlert();
  await pause(800);
  await open("选择要导入的客户表格", book);
  await shot("import-book-zh.png");
  await (await tid(browser, "import-cancel")).click();

  await (await tid(browser, "nav-settings")).click();
  await (await tid(browser, "language-select")).selectByAttribute("value", "en");
  await pause(300);
  await open("Choose a customer sheet to import");
  await shot("import-money-en.png");
  await scrollTo("import-notices");
  await pause(300);
  await shot("import-money-notices-en.png");
  await (await tid(browser, "import-run")).click();
  await (await tid(browser, "import-done")).waitForDisplayed({ timeout: 30000 });
  await pause(300);
  await shot("import-money-done-en.png");
  console.log(`money screenshots written to ${out}`);
} finally {
  await app.stop();
}
