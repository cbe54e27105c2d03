// Screenshots of the stage playbook (阶段任务): a stage's checklist in settings, the board's
// "2/5 tasks" and its "move anyway?" dialog, the agenda's section, the customer page's list and
// the dashboard's per-person card, in Chinese and English (run by src-tauri/scripts/screenshot.sh).
import { freshProfile, launch, setInput, tid } from "./lib/app.mjs";

const out = process.env.RAPPORT_SHOTS_DIR ?? new URL("../screenshots/", import.meta.url).pathname;
const app = await launch(freshProfile(), { locale: "zh_CN.UTF-8" });
const { browser } = app;
const pause = (ms) => new Promise((r) => setTimeout(r, ms));
const scrollTo = (id) => browser.execute((t) => {
  document.querySelector(`[data-testid="${t}"]`)?.scrollIntoView({ block: "start" });
}, id);
const firstMove = (stage) => browser.$(`[data-testid="pipeline-column-${stage}"] [data-testid="card-move"]`);

async function playbook(stage, tasks) {
  await (await tid(browser, `playbook-toggle-${stage}`)).click();
  for (const [i, [title, days, who]] of tasks.entries()) {
    await (await tid(browser, `playbook-add-${stage}`)).click();
    await (await tid(browser, `playbook-title-${stage}-${i}`)).setValue(title);
    await setInput(browser, `playbook-days-${stage}-${i}`, String(days));
    if (who) await (await tid(browser, `playbook-assignee-${stage}-${i}`)).setValue(who);
  }
}

try {
  await (await tid(browser, "load-demo")).waitForDisplayed({ timeout: 20000 });
  await (await tid(browser, "load-demo")).click();
  await browser.waitUntil(async () => (await browser.$$(`[data-testid="customer-row"]`)).length > 5, { timeout: 15000 });
  await (await tid(browser, "nav-settings")).click();
  await (await tid(browser, "stages-add")).waitForDisplayed({ timeout: 8000 });
  await playbook("needsConfirmed", [["确认预算", 0, ""], ["确认决策人", 3, "王总"]]);
  await playbook("negotiation", [["报价单", 1, ""], ["合同审核", 3, "法务"], ["付款方式确认", 5, ""]]);
  await (await tid(browser, "stages-save")).click();
  await (await tid(browser, "stages-saved")).waitForExist({ timeout: 8000 });

  // Two customers into 需求明确, one into 谈判中, through the board.
  await (await tid(browser, "nav-pipeline")).click();
  await (await browser.$(`[data-testid="pipeline-card"]`)).waitForDisplayed({ timeout: 15000 });
  for (const to of ["needsConfirmed", "needsConfirmed"]) {
    await (await firstMove("initialContact")).selectByAttribute("value", to);
    await pause(800);
  }
  await (await firstMove("proposal")).selectByAttribute("value", "negotiation");
  await pause(800);

  for (const lang of ["zh", "en"]) {
    if (lang === "en") {
      await (await tid(browser, "nav-settings")).click();
      await (await tid(browser, "language-select")).selectByAttribute("value", "en");
      await pause(300);
    }
    await (await tid(browser, "nav-settings")).click();
    await (await tid(browser, "stage-settings")).waitForDisplayed({ timeout: 8000 });
    await (await tid(browser, "playbook-toggle-needsConfirmed")).click();
    await scrollTo("stage-settings");
    await pause(400);
    await browser.saveScreenshot(`${out}stage-tasks-settings-${lang}.png`);

    await (await tid(browser, "nav-pipeline")).click();
    await (await browser.$(`[data-testid="pipeline-card-tasks"]`)).waitForDisplayed({ timeout: 15000 });
    await pause(600);
    await browser.saveScreenshot(`${out}stage-tasks-board-${lang}.png`);
    await (await firstMove("needsConfirmed")).selectByAttribute("value", "proposal");
    await (await tid(browser, "open-tasks-dialog")).waitForDisplayed({ timeout: 8000 });
    await pause(300);
    await browser.saveScreenshot(`${out}stage-tasks-move-${lang}.png`);
    await (await tid(browser, "open-tasks-cancel")).click();

    await (await tid(browser, "nav-agenda")).click();
    await (await tid(browser, "agenda-section-tasks")).waitForDisplayed({ timeout: 8000 });
    await scrollTo("agenda-section-tasks");
    await pause(400);
    await browser.saveScreenshot(`${out}stage-tasks-agenda-${lang}.png`);

    await (await browser.$(`[data-testid="agenda-section-tasks"] [data-testid="agenda-open"]`)).click();
    await (await tid(browser, "customer-tasks")).waitForDisplayed({ timeout: 8000 });
    await pause(500);
    await browser.saveScreenshot(`${out}stage-tasks-customer-${lang}.png`);

    await (await tid(browser, "nav-dashboard")).click();
    await (await tid(browser, "dashboard-tasks")).waitForDisplayed({ timeout: 15000 });
    await scrollTo("dashboard-tasks");
    await pause(600);
    await browser.saveScreenshot(`${out}stage-tasks-dashboard-${lang}.png`);
  }
} finally {
  await app.stop();
}
