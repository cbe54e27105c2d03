// Team mode in the real app, against a throwaway PostgreSQL and the session's GNOME Keyring:
// A creates the team book from Settings → Team (the password goes to the keychain), adds B;
// B joins in a second window and never sees A's own customer, while A (admin) sees B's; the
// server stops → both say offline and keep working; it starts again → what waited goes out.
// Assigning: A creates a customer and picks B as its owner in the form → it reaches B's list and
// B's desktop notifies (a Notify on the session bus, seen by dbus-monitor); B logs a follow-up →
// A sees it on the customer's timeline with B's name.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createCustomer, freshProfile, launch, SECOND_PORT, tid, waitText } from "./lib/app.mjs";
import { ADMIN, ADMIN_PASSWORD, startCluster } from "./lib/postgres.mjs";
import { startKeyring } from "./lib/keyring.mjs";
import { fillLogin } from "./lib/teamPool.mjs";

const row = (browser, name) => browser.$(`[data-testid="customer-row"][data-name="${name}"]`);

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

/** The Notify calls seen so far whose text contains `text`. */
function notifyCalls(monitor, text) {
  return monitor.out
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

async function syncLabel(browser, re, timeout = 45000) {
  await waitText(await tid(browser, "sync-label"), re, timeout);
}

test("two desktops share a team book through PostgreSQL, assign and notify, offline and back", async (t) => {
  const cluster = await startCluster();
  const keyring = await startKeyring();
  const monitor = await startMonitor();
  // A notification daemon on the test's private bus (or the one D-Bus activation started).
  const dunst = spawn("dunst", [], { stdio: "ignore" });
  const profileA = freshProfile();
  const a = await launch(profileA, { locale: "en_US.UTF-8" });
  let b;
  try {
    // A: test the connection, then create the team book.
    await fillLogin(a.browser, { port: cluster.port, user: ADMIN, password: ADMIN_PASSWORD });
    assert.equal(await (await tid(a.browser, "team-tls")).isSelected(), false, "TLS is off for a server on this computer");
    await (await tid(a.browser, "team-test")).click();
    await waitText(await tid(a.browser, "team-answer"), /no team book yet/, 15000);
    await (await tid(a.browser, "team-admin-name")).setValue("Boss Wang");
    await (await tid(a.browser, "team-create")).click();
    await waitText(await tid(a.browser, "team-linked"), new RegExp(`admin@127\\.0\\.0\\.1:${cluster.port}/team`), 20000);
    await syncLabel(a.browser, /^Synced$/);
    // The password is in neither the book's folder nor anything Rapport wrote there.
    const team = readFileSync(join(profileA.dataDir, "team.json"), "utf8");
    assert.ok(!team.includes(ADMIN_PASSWORD));

    // A adds B (a salesperson): a login and a password shown once.
    await (await tid(a.browser, "team-person-name")).setValue("Li Na");
    await (await tid(a.browser, "team-add-person")).click();
    const login = await (await tid(a.browser, "team-added-login")).getText();
    const password = await (await tid(a.browser, "team-added-password")).getText();
    assert.match(login, /^rapport_/);

    // A's customer is A's own (the server makes the creator its owner).
    await (await tid(a.browser, "nav-customers")).click();
    await createCustomer(a.browser, "Kept By A Ltd");
    await syncLabel(a.browser, /^Synced$/);
    assert.match(cluster.psql("team", "select count(*) from rapport.customers"), /^1\s*$/);

    // B joins in a second window: synced, and A's own customer is not there (row-level security).
    b = await launch(freshProfile(), { locale: "en_US.UTF-8", port: SECOND_PORT });
    await fillLogin(b.browser, { port: cluster.port, user: login, password });
    await (await tid(b.browser, "team-join")).click();
    // First what joining does, counted by the real server: a new desktop brings nothing, and
    // A's customer is not one B may see.
    await waitText(await tid(b.browser, "team-join-local"), /^Customers on this computer: 0$/, 20000);
    await waitText(await tid(b.browser, "team-join-coming"), /: 0$/);
    await (await tid(b.browser, "team-join-confirm")).click();
    await waitText(await tid(b.browser, "team-linked"), new RegExp(login), 20000);
    await syncLabel(b.browser, /^Synced$/);
    await (await tid(b.browser, "nav-customers")).click();
    await createCustomer(b.browser, "From B Ltd");
    await syncLabel(b.browser, /^Synced$/);
    assert.equal(await (await row(b.browser, "Kept By A Ltd")).isExisting(), false);

    // A (admin) sees B's customer, woken by the server.
    await (await tid(a.browser, "nav-customers")).click();
    await (await row(a.browser, "From B Ltd")).waitForDisplayed({ timeout: 15000 });

    // A creates a customer and picks B as its owner in the form: the pick goes to the server
    // once the customer is saved, B's list shows it, and B's desktop notifies.
    const ASSIGNED = "Assigned To B Ltd";
    await (await tid(a.browser, "new-customer")).click();
    await (await tid(a.browser, "field-name")).setValue(ASSIGNED);
    const picker = await tid(a.browser, "owner-select");
    await picker.waitForDisplayed({ timeout: 8000 });
    await a.browser.waitUntil(async () => (await picker.$$("option")).length >= 3, {
      timeout: 15000, timeoutMsg: "the owner picker never listed the team's people",
    });
    await picker.selectByVisibleText("Li Na");
    await waitText(await tid(a.browser, "owner-note"), /Goes to Li Na once the customer is saved/);
    await (await tid(a.browser, "save-customer")).click();
    await waitText(await tid(a.browser, "detail-name"), new RegExp(ASSIGNED));
    await waitText(await tid(a.browser, "owner-note"), /^Now with Li Na$/, 20000);
    const assignedAt = Date.now();
    await (await tid(b.browser, "nav-customers")).click();
    await (await row(b.browser, ASSIGNED)).waitForDisplayed({ timeout: 15000 });
    const shownAfter = Date.now() - assignedAt;
    await waitFor(() => notifyCalls(monitor, `New customer assigned to you: ${ASSIGNED}, by Boss Wang`).length > 0, 15000,
      `no Notify for the assignment on the session bus\n${monitor.out.slice(-3000)}`);
    t.diagnostic(`B's list showed the assigned customer ${shownAfter} ms after A's assignment was answered`);
    assert.equal(notifyCalls(monitor, `assigned to you: ${ASSIGNED}`).length, 1, "one notification, on B's desktop only");
    assert.match(cluster.psql("team", `select p.name from rapport.customers c join rapport.people p on p.id = c.owner where c.data->>'name' = '${ASSIGNED}'`), /^Li Na\s*$/);

    // B logs a follow-up on it: A sees it on the customer's timeline with B's name.
    await (await row(b.browser, ASSIGNED)).click();
    await (await tid(b.browser, "add-followup")).click();
    await (await tid(b.browser, "followup-form")).waitForDisplayed({ timeout: 8000 });
    await (await tid(b.browser, "fu-topic")).setValue("Price list sent");
    await (await tid(b.browser, "fu-content")).setValue("Called, they want the price list");
    await (await tid(b.browser, "fu-save")).click();
    await (await tid(b.browser, "followup-form")).waitForExist({ reverse: true, timeout: 8000 });
    await syncLabel(b.browser, /^Synced$/);
    await (await tid(a.browser, "nav-customers")).click();
    await (await row(a.browser, ASSIGNED)).click();
    await a.browser.waitUntil(async () => {
      for (const by of await a.browser.$$('[data-testid="followup-by"]')) if ((await by.getText()) === "Li Na") return true;
      // The page reads the timeline when it opens; a pull that lands later refreshes it.
      return false;
    }, { timeout: 20000, timeoutMsg: "A's timeline never showed B's follow-up with B's name" });

    // The server stops: both say offline, and keep working.
    cluster.stop();
    await syncLabel(a.browser, /^Offline \(since .+\)$/);
    await syncLabel(b.browser, /^Offline \(since .+\)$/);
    await (await tid(b.browser, "nav-customers")).click();
    await createCustomer(b.browser, "Written Offline By B");
    await waitText(await tid(b.browser, "sync-pending"), /^Waiting to be sent: \d+$/);

    // Back: B's edit goes out, A pulls it.
    cluster.start();
    await syncLabel(b.browser, /^Synced$/);
    await (await tid(a.browser, "nav-customers")).click();
    await (await row(a.browser, "Written Offline By B")).waitForDisplayed({ timeout: 45000 });
    await syncLabel(a.browser, /^Synced$/);
    assert.match(cluster.psql("team", "select count(*) from rapport.customers"), /^4\s*$/);
  } finally {
    if (b) await b.stop();
    await a.stop();
    keyring.stop();
    await stopProcess(dunst);
    await stopProcess(monitor.proc);
    cluster.remove();
  }
});
