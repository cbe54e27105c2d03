// Team mode in the real app, against a throwaway PostgreSQL and the session's GNOME Keyring:
// A creates the team book from Settings → Team (the password goes to the keychain), adds B;
// B joins in a second window and never sees A's own customer, while A (admin) sees B's; the
// server stops → both say offline and keep working; it starts again → what waited goes out.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createCustomer, freshProfile, launch, SECOND_PORT, tid, waitText } from "./lib/app.mjs";
import { ADMIN, ADMIN_PASSWORD, startCluster } from "./lib/postgres.mjs";
import { startKeyring } from "./lib/keyring.mjs";

const row = (browser, name) => browser.$(`[data-testid="customer-row"][data-name="${name}"]`);

async function fillLogin(browser, { port, user, password }) {
  await (await tid(browser, "nav-settings")).click();
  await (await tid(browser, "team-host")).waitForDisplayed({ timeout: 8000 });
  await (await tid(browser, "team-host")).setValue("127.0.0.1");
  const portInput = await tid(browser, "team-port");
  await portInput.clearValue();
  await portInput.setValue(String(port));
  await (await tid(browser, "team-database")).setValue("team");
  await (await tid(browser, "team-user")).setValue(user);
  await (await tid(browser, "team-password")).setValue(password);
}

async function syncLabel(browser, re, timeout = 45000) {
  await waitText(await tid(browser, "sync-label"), re, timeout);
}

test("two desktops share a team book through PostgreSQL, offline and back", async () => {
  const cluster = await startCluster();
  const keyring = await startKeyring();
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
    await waitText(await tid(b.browser, "team-linked"), new RegExp(login), 20000);
    await syncLabel(b.browser, /^Synced$/);
    await (await tid(b.browser, "nav-customers")).click();
    await createCustomer(b.browser, "From B Ltd");
    await syncLabel(b.browser, /^Synced$/);
    assert.equal(await (await row(b.browser, "Kept By A Ltd")).isExisting(), false);

    // A (admin) sees B's customer, woken by the server.
    await (await tid(a.browser, "nav-customers")).click();
    await (await row(a.browser, "From B Ltd")).waitForDisplayed({ timeout: 15000 });

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
    assert.match(cluster.psql("team", "select count(*) from rapport.customers"), /^3\s*$/);
  } finally {
    if (b) await b.stop();
    await a.stop();
    keyring.stop();
    try { cluster.stop(); } catch { /* already stopped */ }
  }
});
