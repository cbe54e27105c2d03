// The stage playbook in the real app: in settings 需求明确 gets two key tasks (确认预算 due the
// day it is entered, 确认决策人 three days later); a board move into 需求明确 makes them — the card
// shows 0/2, the one already due is reminded once on the session bus (seen by dbus-monitor, not
// taken from the app's word), the agenda lists both, one is ticked there (the card then shows
// 1/2); moving on with a task still open asks once; a restart reminds nothing again.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createCustomer, freshProfile, launch, setInput, tid, waitText } from "./lib/app.mjs";

const NAME = `阶段任务 ${Date.now().toString(36)}`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(cond, timeout, message) {
  const deadline = Date.now() + timeout;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(message);
    await sleep(200);
  }
}

/** dbus-monitor on the private session bus, collecting every message it prints. */
async function startMonitor() {
  const proc = spawn("dbus-monitor", ["--session", "interface='org.freedesktop.Notifications'"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const monitor = { proc, out: "" };
  proc.stdout.setEncoding("utf8");
  proc.stdout.on("data", (d) => (monitor.out += d));
  await waitFor(() => monitor.out.length > 0, 10000, "dbus-monitor never started");
  return monitor;
}

/** The Notify calls seen from `from` on whose text contains `text`. */
function notifyCalls(monitor, text, from = 0) {
  return monitor.out
    .slice(from)
    .split(/\n(?=(?:method call|method return|signal|error) )/)
    .filter((m) => m.startsWith("method call") && /member=Notify\b/.test(m) && m.includes(text));
}

function stopProcess(proc) {
  if (!proc || proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    proc.once("exit", resolve);
    proc.kill();
  });
}

const card = (browser) => browser.$(`[data-testid="pipeline-card"][aria-label="${NAME}"]`);
const taskItem = (browser, title) =>
  browser.$(`[data-testid="agenda-section-tasks"] [data-testid="agenda-item"][data-kind="task"][data-customer-name="${NAME}"][aria-label*="${title}"]`);

test("stage tasks: a playbook's tasks made on a board move, one reminded once, one ticked, moving on asks once", async (t) => {
  const monitor = await startMonitor();
  const dunst = spawn("dunst", [], { stdio: "ignore" });
  const profile = freshProfile();
  let app;
  try {
    app = await launch(profile, { locale: "zh_CN.UTF-8" });
    let { browser } = app;
    await createCustomer(browser, NAME, { "field-owner": "李娜" });

    // Settings: the reminder time at 00:00, so a task due "the day it is entered" is due at once.
    await (await tid(browser, "nav-settings")).click();
    await setInput(browser, "set-reminder-time", "00:00");
    await (await tid(browser, "save-schedule")).click();
    await (await tid(browser, "schedule-saved")).waitForExist({ timeout: 8000 });

    // 需求明确's checklist: 确认预算 (day 0, the owner), 确认决策人 (day 3, 王总).
    await (await tid(browser, "playbook-toggle-needsConfirmed")).click();
    await (await tid(browser, "playbook-add-needsConfirmed")).click();
    await (await tid(browser, "playbook-title-needsConfirmed-0")).setValue("确认预算");
    await setInput(browser, "playbook-days-needsConfirmed-0", "0");
    await (await tid(browser, "playbook-add-needsConfirmed")).click();
    await (await tid(browser, "playbook-title-needsConfirmed-1")).setValue("确认决策人");
    await setInput(browser, "playbook-days-needsConfirmed-1", "3");
    await (await tid(browser, "playbook-assignee-needsConfirmed-1")).setValue("王总");
    await (await tid(browser, "stages-save")).click();
    await (await tid(browser, "stages-saved")).waitForExist({ timeout: 8000 });
    if (process.env.RAPPORT_E2E_SHOTS) await browser.saveScreenshot(`${process.env.RAPPORT_E2E_SHOTS}/stage-tasks-settings-zh.png`);
    const saved = await browser.execute(() => window.__TAURI_INTERNALS__.invoke("get_settings"));
    assert.deepEqual(
      saved.stages.find((s) => s.stage === "needsConfirmed").tasks,
      [{ title: "确认预算", dueDays: 0, assignee: "" }, { title: "确认决策人", dueDays: 3, assignee: "王总" }],
    );
    const seenBefore = monitor.out.length;

    // The board: move the card into 需求明确; its tasks are made (0/2 on the card).
    await (await tid(browser, "nav-pipeline")).click();
    await (await card(browser)).waitForDisplayed({ timeout: 15000 });
    await (await (await card(browser)).$('[data-testid="card-move"]')).selectByAttribute("value", "needsConfirmed");
    await waitText(await tid(browser, "pipeline-count-needsConfirmed"), /^1$/);
    const chip = () => browser.$(`[data-testid="pipeline-card"][aria-label="${NAME}"] [data-testid="pipeline-card-tasks"]`);
    await waitText(await chip(), /0\/2/);

    // The task already due is reminded on the bus: once, with its title; the other is not.
    await waitFor(() => notifyCalls(monitor, "确认预算", seenBefore).length > 0, 30000,
      `no Notify for 确认预算 on the session bus\n${monitor.out.slice(-3000)}`);
    const [call] = notifyCalls(monitor, "确认预算", seenBefore);
    assert.match(call, new RegExp(NAME), "titled with the customer's name");
    t.diagnostic(`Notify:\n${call}`);
    await sleep(3000);
    assert.equal(notifyCalls(monitor, "确认预算", seenBefore).length, 1, "reminded exactly once");
    assert.equal(notifyCalls(monitor, "确认决策人", seenBefore).length, 0, "the later task is not due yet");

    // The agenda's section lists both; tick 确认预算 there.
    await (await tid(browser, "nav-agenda")).click();
    await (await taskItem(browser, "确认决策人")).waitForDisplayed({ timeout: 10000 });
    const due = await taskItem(browser, "确认预算");
    await due.waitForDisplayed({ timeout: 8000 });
    assert.equal(await due.getAttribute("data-assignee"), "李娜", "the owner does the task left without a name");
    assert.equal(await (await taskItem(browser, "确认决策人")).getAttribute("data-assignee"), "王总");
    if (process.env.RAPPORT_E2E_SHOTS) await browser.saveScreenshot(`${process.env.RAPPORT_E2E_SHOTS}/stage-tasks-agenda-zh.png`);
    await (await due.$('[data-testid="agenda-task-done"]')).click();
    await (await taskItem(browser, "确认预算")).waitForExist({ reverse: true, timeout: 8000 });

    // The card shows 1/2; moving it on to 方案沟通 asks once, and the move is made when confirmed.
    await (await tid(browser, "nav-pipeline")).click();
    await waitText(await chip(), /1\/2/, 15000);
    await (await (await card(browser)).$('[data-testid="card-move"]')).selectByAttribute("value", "proposal");
    const dialog = await tid(browser, "open-tasks-dialog");
    await dialog.waitForDisplayed({ timeout: 8000 });
    assert.match(await (await tid(browser, "open-tasks-text")).getText(), /1 个任务未完成/);
    if (process.env.RAPPORT_E2E_SHOTS) await browser.saveScreenshot(`${process.env.RAPPORT_E2E_SHOTS}/stage-tasks-move-zh.png`);
    assert.match(await (await tid(browser, "pipeline-count-proposal")).getText(), /^0$/, "not moved before the answer");
    await (await tid(browser, "open-tasks-save")).click();
    await dialog.waitForExist({ reverse: true, timeout: 8000 });
    await waitText(await tid(browser, "pipeline-count-proposal"), /^1$/);

    // The customer page lists both tasks, one ticked.
    await (await card(browser)).$('[data-testid="pipeline-card-open"]').then((b) => b.click());
    const rows = () => browser.$$('[data-testid="customer-tasks"] [data-testid="task-row"]');
    await waitFor(async () => (await rows()).length === 2, 8000, "the customer page does not list both tasks");
    await waitText(await tid(browser, "customer-tasks-count"), /1\/2/);

    // Quit and start again on the same book: 确认预算 is not reminded a second time.
    await app.stop();
    app = null;
    const seen = monitor.out.length;
    app = await launch(profile, { locale: "zh_CN.UTF-8" });
    browser = app.browser;
    await (await tid(browser, "nav-customers")).waitForDisplayed({ timeout: 20000 });
    await sleep(8000);
    assert.deepEqual(notifyCalls(monitor, "确认预算", seen), [], "no second reminder after a restart");
  } finally {
    if (app) await app.stop();
    await stopProcess(dunst);
    await stopProcess(monitor.proc);
  }
});
