// A large team book's first sync in the real app, against a throwaway PostgreSQL and the
// session's GNOME Keyring: the team book holds 80,000 customers (made on the server by SQL); a
// new desktop joins → after the preview the app restarts, its loading screen shows the download
// (a screenshot of the X screen is saved for a person to look at), helper processes of the app's
// own executable write the book before it opens, and the book opens with every customer, synced.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { endApp, freshProfile, launch, rapportPids, tid, waitText } from "./lib/app.mjs";
import { ADMIN, ADMIN_PASSWORD, startCluster } from "./lib/postgres.mjs";
import { fillLogin } from "./lib/teamPool.mjs";
import { startKeyring } from "./lib/keyring.mjs";

const COUNT = 80000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const out = new URL("../screenshots/", import.meta.url).pathname;

test("joining a large team book restarts into a first sync written before the book opens", async (t) => {
  const cluster = await startCluster();
  const keyring = await startKeyring();
  const profileA = freshProfile();
  const profileB = freshProfile();
  let app = null;
  try {
    // A creates the team book; the server then gains the team's customers.
    app = await launch(profileA, { locale: "zh_CN.UTF-8" });
    await fillLogin(app.browser, { port: cluster.port, user: ADMIN, password: ADMIN_PASSWORD });
    await (await tid(app.browser, "team-admin-name")).setValue("王老板");
    await (await tid(app.browser, "team-create")).click();
    await waitText(await tid(app.browser, "sync-label"), /已同步/, 30000);
    await app.stop();
    app = null;
    cluster.psql("team", `insert into rapport.customers (id, owner, data)
      select '01J' || lpad(g::text, 23, '0'), null,
             jsonb_build_object('name', '客户 ' || g, 'createdAt', '2026-12-01T00:00:00Z', 'updatedAt', '2026-12-01T00:00:00Z')
        from generate_series(1, ${COUNT}) g;`);

    // B, a new desktop, joins: the preview counts the team's customers, then the app restarts.
    app = await launch(profileB, { locale: "zh_CN.UTF-8" });
    await fillLogin(app.browser, { port: cluster.port, user: ADMIN, password: ADMIN_PASSWORD });
    await (await tid(app.browser, "team-join")).click();
    await waitText(await tid(app.browser, "team-join-coming"), /80,000/, 20000);
    const before = rapportPids(profileB);
    await (await tid(app.browser, "team-join-confirm")).click();
    const request = join(profileB.dataDir, "team-first-sync");
    const deadline = Date.now() + 120000;
    let shot = false;
    let restarted = false;
    while (Date.now() < deadline) {
      const now = rapportPids(profileB);
      restarted ||= now.length > 0 && before.every((p) => !now.includes(p));
      if (restarted && !existsSync(request)) break;
      if (restarted && !shot) {
        // The loading screen with the download's progress, from the X screen (the WebDriver
        // session ended with the first process).
        await sleep(1500);
        execFileSync("import", ["-window", "root", `${out}team-first-sync-loading-zh.png`]);
        shot = true;
      }
      await sleep(200);
    }
    assert.ok(restarted, "the app restarted after the join");
    assert.equal(existsSync(request), false, "the first sync's request is done and removed");
    t.diagnostic(`loading screen: ${shot ? "team-first-sync-loading-zh.png" : "not caught"}`);
    await app.stop();
    await endApp(profileB);
    app = null;

    // The book opens with the whole team book, synced with the server.
    app = await launch(profileB, { locale: "zh_CN.UTF-8" });
    await waitText(await tid(app.browser, "sync-label"), /已同步/, 60000);
    await waitText(await tid(app.browser, "customer-count"), /80,000/, 20000);
  } finally {
    if (app) await app.stop();
    await endApp(profileA);
    await endApp(profileB);
    keyring.stop();
    cluster.remove();
  }
});
