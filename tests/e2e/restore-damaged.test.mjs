// A book that will not open is restored from the start-up screen: a first run makes two
// customers and a backup (then a third customer the backup does not hold); the book's files
// are overwritten with garbage; the next start shows the error with the backups, the user
// restores one, the app restarts into it, and the damaged book is kept as book-damaged-*.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createCustomer, freshProfile, launch, rapportPids, tid, waitText } from "./lib/app.mjs";

const IN_BACKUP = ["Backed Up Ltd", "Kept Co"];
const AFTER = "Added After The Backup";
const row = (browser, name) => browser.$(`[data-testid="customer-row"][data-name="${name}"]`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

test("a damaged book is restored from the start-up screen and kept aside", async (t) => {
  const profile = freshProfile();

  // 1. A book with customers and a backup of two of them.
  let app = await launch(profile, { locale: "en_US.UTF-8" });
  try {
    const { browser } = app;
    for (const name of IN_BACKUP) {
      await (await tid(browser, "nav-customers")).click();
      await createCustomer(browser, name);
    }
    await (await tid(browser, "nav-settings")).click();
    await (await tid(browser, "backup-now")).waitForDisplayed({ timeout: 8000 });
    await (await tid(browser, "backup-now")).click();
    await waitText(await tid(browser, "backup-done"), /2 customers/);
    await (await tid(browser, "nav-customers")).click();
    await createCustomer(browser, AFTER);
  } finally {
    await app.stop();
  }

  // 2. The book's files overwritten: it no longer opens.
  const garbage = Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7 + 13) & 0xff));
  for (const file of ["conf", "db"]) writeFileSync(join(profile.dataDir, file), garbage);

  // 3. The start-up screen lists the backups; restore the one with the two customers.
  app = await launch(profile, { locale: "en_US.UTF-8" });
  try {
    const { browser } = app;
    const screen = await tid(browser, "startup-error");
    await screen.waitForDisplayed({ timeout: 20000 });
    await waitText(screen, /cannot open the customer book/i);
    await (await tid(browser, "damaged-restore-row")).waitForDisplayed({ timeout: 8000 });
    assert.match(await (await tid(browser, "damaged-restore")).getText(), /book-damaged-/);
    const rows = await browser.$$(`[data-testid="damaged-restore-row"]`);
    let chosen = null;
    for (const r of rows) {
      if ((await (await r.$(`[data-testid="damaged-restore-customers"]`)).getText()).trim() === "2") chosen = r;
    }
    assert.ok(chosen, `a backup with 2 customers is listed (${rows.length} rows)`);
    t.diagnostic(`restoring ${await chosen.getAttribute("data-file")} of ${rows.length} backups`);
    const before = rapportPids(profile);
    assert.ok(before.length > 0, "the app runs");
    await (await chosen.$(`[data-testid="damaged-restore-button"]`)).click();
    await browser.waitUntil(async () => { try { await browser.getAlertText(); return true; } catch { return false; } },
      { timeout: 8000, timeoutMsg: "no confirm dialog" });
    assert.match(await browser.getAlertText(), /is not deleted/);
    await browser.acceptAlert();
    // The app restarts into the restored book: the first process ends, a new one starts and stays.
    const deadline = Date.now() + 30000;
    let after = [];
    while (Date.now() < deadline) {
      after = rapportPids(profile);
      if (before.every((p) => !after.includes(p)) && after.length > 0) break;
      await sleep(200);
    }
    assert.ok(before.every((p) => !after.includes(p)), `the first app process ended (${before} → ${after})`);
    assert.ok(after.length > 0, "the app started again after the restore");
    await sleep(3000);
    assert.ok(rapportPids(profile).some((p) => after.includes(p)), "the restarted app keeps running");
  } finally {
    await app.stop();
  }

  // 4. The damaged book is kept aside, byte for byte.
  const aside = readdirSync(profile.root).filter((n) => /^book-damaged-\d{8}T\d{6}Z$/.test(n));
  assert.equal(aside.length, 1, `one book-damaged-* folder: ${readdirSync(profile.root)}`);
  for (const file of ["conf", "db"]) {
    assert.ok(readFileSync(join(profile.root, aside[0], file)).equals(garbage), `${file} kept as it was`);
  }

  // 5. The restored book opens with the backup's customers.
  app = await launch(profile, { locale: "en_US.UTF-8" });
  try {
    const { browser } = app;
    for (const name of IN_BACKUP) await (await row(browser, name)).waitForDisplayed({ timeout: 20000 });
    assert.equal(await (await row(browser, AFTER)).isExisting(), false, "the customer added after the backup is not in it");
    assert.equal(await (await tid(browser, "startup-error")).isExisting(), false);
  } finally {
    await app.stop();
  }
});
