// Desktop reminders in the real app: a follow-up whose next step falls due a few seconds ahead
// raises a notification at that time (seen on the session bus by dbus-monitor, not taken from
// the app's word), the agenda shows it overdue, a click on the notification opens the customer,
// "done" clears it, and a restart never repeats the reminder.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { freshProfile, launch, setInput, tid } from "./lib/app.mjs";

const NAME = `Reminder Journey ${Date.now().toString(36)}`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** dbus-monitor on the private session bus, collecting every message it prints. */
async function startMonitor() {
  const proc = spawn("dbus-monitor", ["--session", "interface='org.freedesktop.Notifications'"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const monitor = { proc, out: "" };
  proc.stdout.setEncoding("utf8");
  proc.stdout.on("data", (d) => (monitor.out += d));
  // It prints its own NameAcquired signal once it listens.
  await waitFor(() => monitor.out.length > 0, 10000, "dbus-monitor never started");
  return monitor;
}

/** The Notify calls seen so far whose text contains `text`. */
function notifyCalls(monitor, text, from = 0) {
  return monitor.out
    .slice(from)
    .split(/\n(?=(?:method call|method return|signal|error) )/)
    .filter((m) => m.startsWith("method call") && /member=Notify\b/.test(m) && m.includes(text));
}

async function waitFor(cond, timeout, message) {
  const deadline = Date.now() + timeout;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(message);
    await sleep(200);
  }
}

function stopProcess(proc) {
  if (!proc || proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    proc.once("exit", resolve);
    proc.kill();
  });
}

/** Runs a command to its end; resolves with its exit code. */
function run(cmd, args) {
  return new Promise((resolve) => {
    const p = spawn(cmd, args, { stdio: "ignore" });
    p.once("error", () => resolve(-1));
    p.once("exit", (code) => resolve(code));
  });
}

const pad = (n) => String(n).padStart(2, "0");
/** A datetime-local value (local time, minutes) for `d`. */
const localInput = (d) =>
  `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;

/** The follow-up form takes minutes: the next minute boundary at least `lead` ms away. */
function nextMinuteAtLeast(lead) {
  const d = new Date(Date.now() + lead);
  if (d.getSeconds() !== 0 || d.getMilliseconds() !== 0) {
    d.setSeconds(0, 0);
    d.setMinutes(d.getMinutes() + 1);
  }
  return d;
}

async function typeInto(browser, id, value) {
  const el = await tid(browser, id);
  await el.waitForDisplayed({ timeout: 8000 });
  await el.setValue(value);
}

const agendaItem = (browser, section) =>
  browser.$(`[data-testid="agenda-section-${section}"] [data-testid="agenda-item"][data-customer-name="${NAME}"]`);

test("reminders: a due follow-up notifies on time, shows overdue, is done, and never repeats", async (t) => {
  const monitor = await startMonitor();
  // A notification daemon on the test's private bus (the bus may have started one already
  // through D-Bus activation; then this one exits and that one serves).
  const dunst = spawn("dunst", [], { stdio: "ignore" });
  const profile = freshProfile();
  let app;
  try {
    app = await launch(profile, { locale: "en_US.UTF-8" });
    let { browser } = app;
    await (await tid(browser, "nav-customers")).waitForDisplayed({ timeout: 20000 });

    // The shell says notifications work (a daemon answers) and shows no hint.
    await waitFor(async () => {
      const s = await browser.execute(() => window.__TAURI_INTERNALS__.invoke("notification_status"));
      return s.available === true && s.help === null;
    }, 15000, "notification_status never reported a notification service");

    // The window may listen to the shell's events (capability granted at runtime, not only
    // in the files): count agenda-changed events.
    await browser.execute(async () => {
      const internals = window.__TAURI_INTERNALS__;
      window.__agendaChanged = 0;
      const handler = internals.transformCallback(() => (window.__agendaChanged += 1));
      await internals.invoke("plugin:event|listen", { event: "agenda-changed", target: { kind: "Any" }, handler });
    });

    // A customer, through the UI.
    await (await tid(browser, "new-customer")).click();
    await typeInto(browser, "field-name", NAME);
    await (await tid(browser, "save-customer")).click();
    await (await tid(browser, "detail-name")).waitForDisplayed({ timeout: 8000 });

    // A follow-up whose next step is due at the next whole minute (the form takes minutes),
    // far enough ahead that the reminder must come from the timer, not from the save.
    const due = nextMinuteAtLeast(15000);
    await (await tid(browser, "add-followup")).click();
    await (await tid(browser, "followup-form")).waitForDisplayed({ timeout: 8000 });
    await typeInto(browser, "fu-topic", "Quote for 200 units");
    await typeInto(browser, "fu-content", "Called; they want the price list");
    await typeInto(browser, "fu-next-action", "Send the contract");
    await setInput(browser, "fu-next-at", localInput(due));
    assert.equal(await (await tid(browser, "fu-done")).isSelected(), false, "next step left open");
    await (await tid(browser, "fu-save")).click();
    await (await tid(browser, "followup-form")).waitForExist({ reverse: true, timeout: 8000 });
    assert.ok(Date.now() < due.getTime() - 2000, "saved well before the due time");

    // The agenda lists it (not yet overdue); nothing was notified at the save.
    await (await tid(browser, "nav-agenda")).click();
    await (await tid(browser, "agenda-section-overdue")).waitForExist({ timeout: 8000 }).catch(() => {});
    await (await browser.$(`[data-testid="agenda-item"][data-customer-name="${NAME}"]`)).waitForDisplayed({ timeout: 8000 });
    assert.equal(await (await agendaItem(browser, "overdue")).isExisting(), false, "not overdue before its time");
    await sleep(1000);
    assert.equal(notifyCalls(monitor, NAME).length, 0, "no notification before the due time");

    // At the due time: one Notify on the bus carrying the customer's name and the next step.
    await waitFor(() => notifyCalls(monitor, NAME).length > 0, due.getTime() - Date.now() + 30000,
      `no Notify with "${NAME}" on the session bus\n${monitor.out.slice(-3000)}`);
    const firedAt = Date.now();
    assert.ok(firedAt >= due.getTime() - 1500, `notified ${due.getTime() - firedAt} ms early`);
    const [call] = notifyCalls(monitor, NAME);
    assert.match(call, /Send the contract/, "the body names the next step");
    assert.equal(notifyCalls(monitor, NAME).length, 1, "exactly one notification");
    t.diagnostic(`Notify ${firedAt - due.getTime()} ms after the due time:\n${call}`);

    // The shell told the window (agenda-changed); the open agenda refreshed by itself and
    // shows the item overdue.
    await waitFor(() => browser.execute(() => window.__agendaChanged > 0), 8000, "no agenda-changed event");
    await (await agendaItem(browser, "overdue")).waitForDisplayed({ timeout: 10000 });

    // A click on the notification (dunst's default action) opens the customer.
    if ((await run("dunstctl", ["action", "0"])) === 0) {
      await waitFor(async () => {
        const name = await tid(browser, "detail-name");
        return (await name.isDisplayed().catch(() => false)) && (await name.getText()).includes(NAME);
      }, 10000, "clicking the notification did not open the customer");
      await (await tid(browser, "nav-agenda")).click();
      t.diagnostic("clicking the notification opened the customer");
    } else {
      t.diagnostic("dunstctl could not click the notification; the click was not checked");
    }

    // Done: it leaves the agenda.
    const item = await agendaItem(browser, "overdue");
    await item.waitForDisplayed({ timeout: 8000 });
    await (await item.$('[data-testid="agenda-done"]')).click();
    await (await agendaItem(browser, "overdue")).waitForExist({ reverse: true, timeout: 8000 });

    // Quit and start again on the same book: the reminder is not shown a second time.
    await app.stop();
    app = null;
    const seen = monitor.out.length;
    app = await launch(profile, { locale: "en_US.UTF-8" });
    browser = app.browser;
    await (await tid(browser, "nav-customers")).waitForDisplayed({ timeout: 20000 });
    await sleep(8000);
    assert.deepEqual(notifyCalls(monitor, NAME, seen), [], "no second notification after a restart");
    t.diagnostic(`after the restart: ${notifyCalls(monitor, "", seen).length} Notify calls in all`);
  } finally {
    if (app) await app.stop();
    await stopProcess(dunst);
    await stopProcess(monitor.proc);
  }
});
