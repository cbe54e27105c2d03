// Screenshots of the import preview of a real legacy 客户跟进记录表 (part of
// `bash src-tauri/scripts/screenshot.sh`): title rows, a 客户类型 column of 企业客户 / 个人客户,
// a follow-up date without a year (5月8日), a next date that does not exist (2024/13/01), a
// totals row and footer lines — the counts, the choice for rows with problems, the assumed
// year, the skipped rows and the problems with their values, in Chinese and in English.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freshProfile, launch, tid } from "./lib/app.mjs";
import { answerFileDialog } from "./lib/dialog.mjs";

const out = fileURLToPath(new URL("../screenshots/", import.meta.url));
const pause = (ms) => new Promise((r) => setTimeout(r, ms));
const profile = freshProfile();

const sheet = join(profile.root, "legacy.csv");
const rows = [
  ["客户跟进记录表（2024年5月）"],
  ["部门：华东销售部"],
  ["序号", "客户名称", "客户类型", "联系电话", "预算", "跟进日期", "跟进方式", "跟进内容", "下次跟进时间", "负责人"],
  ["1", "杭州云栖科技有限公司", "企业客户", "138 0013 8000", "12万", "2024-05-06", "电话", "介绍方案", "2024-05-20", "李娜"],
  ["2", "上海华信商贸有限公司", "企业客户", "139 1234 5678", "8万", "5月8日", "上门拜访", "演示产品", "", "王强"],
  ["3", "张晓明", "个人客户", "137 0000 1111", "3万", "2024-05-09", "微信", "发送报价", "", "李娜"],
  ["4", "北京博远咨询有限公司", "潜在客户", "136 0000 2222", "5.5万", "2024-05-10", "邮件", "发资料", "2024/13/01", "王强"],
  ["5", "深圳鼎盛电子有限公司", "成交客户", "135 0000 3333", "25万", "2024-05-12", "会议", "签约", "", "李娜"],
  ["", "合计", "", "", "53.5万", "", "", "", "", ""],
  [],
  ["制表人：李娜", "", "", "审核：王强"],
  ["备注：金额单位为元"],
];
writeFileSync(sheet, "\ufeff" + rows.map((r) => r.join(",")).join("\r\n"));

const app = await launch(profile, { locale: "zh_CN.UTF-8" });
const { browser } = app;
const shot = (name) => browser.saveScreenshot(`${out}${name}`);
const scrollTo = (id) => browser.execute((i) => document.querySelector(`[data-testid="${i}"]`)?.scrollIntoView(), id);
async function open(title) {
  await (await tid(browser, "nav-import")).click();
  await (await tid(browser, "import-choose")).click();
  await answerFileDialog(title, sheet);
  await (await tid(browser, "import-preview")).waitForDisplayed({ timeout: 30000 });
  await pause(500);
}
try {
  await (await tid(browser, "nav-import")).waitForDisplayed({ timeout: 20000 });
  await open("选择要导入的客户表格");
  await shot("import-rows-zh.png");
  await scrollTo("import-notes");
  await pause(300);
  await shot("import-rows-problems-zh.png");
  await (await tid(browser, "import-cancel")).click();

  await (await tid(browser, "nav-settings")).click();
  await (await tid(browser, "language-select")).selectByAttribute("value", "en");
  await pause(300);
  await open("Choose a customer sheet to import");
  await shot("import-rows-en.png");
  await scrollTo("import-notes");
  await pause(300);
  await shot("import-rows-problems-en.png");
  console.log(`import row screenshots written to ${out}`);
} finally {
  await app.stop();
}
