// The shared pool (公海) in the real app, two windows against a throwaway PostgreSQL: a
// customer in the pool shows in the salesperson's pool and is claimed through the server (it
// is theirs there too); the salesperson's role comes from the server, and they see no purge
// and no people screen while the admin does.
import { test } from "node:test";
import assert from "node:assert/strict";
import { tid, waitText } from "./lib/app.mjs";
import { poolTeam, synced } from "./lib/teamPool.mjs";

const row = (browser, name) => browser.$(`[data-testid="customer-row"][data-name="${name}"]`);

/** Waits until a list row's text (every cell, ellipsis or not) matches `re`. */
async function rowSays(browser, name, re, timeout = 8000) {
  await browser.waitUntil(async () => {
    const el = await row(browser, name);
    return (await el.isExisting()) && re.test(await browser.execute((n) => n.textContent, el));
  }, { timeout, timeoutMsg: `row ${name} never said ${re}` });
}

test("a salesperson claims a customer from the pool and sees no purge or people screens", async () => {
  const t = await poolTeam({ pooled: ["Pool Customer Ltd"], kept: ["Kept By Boss"] });
  const { a, b, cluster } = t;
  try {
    // B sees the pool customer (not A's own), with a claim button in its row.
    await (await tid(b.browser, "nav-customers")).click();
    await (await row(b.browser, "Pool Customer Ltd")).waitForDisplayed({ timeout: 15000 });
    assert.equal(await (await row(b.browser, "Kept By Boss")).isExisting(), false);
    await (await tid(b.browser, "pool-filter")).click();
    await waitText(await tid(b.browser, "customer-count"), /^1 customer$/);
    const claim = await (await row(b.browser, "Pool Customer Ltd")).$('[data-testid="claim-button"]');
    assert.equal(await claim.getText(), "Claim");
    await claim.click();

    // Claimed: out of the pool, B's on the server, B's name in the list.
    const count = await tid(b.browser, "customer-count");
    await b.browser.waitUntil(async () => {
      const refused = await tid(b.browser, "claim-error");
      if (await refused.isExisting()) assert.fail(`the claim was refused: ${await refused.getText()}`);
      return /^0 customers$/.test(await count.getText());
    }, { timeout: 15000, timeoutMsg: "the claimed customer stayed in the pool" });
    const owner = cluster.psql("team",
      "select p.name from rapport.customers c join rapport.people p on p.id = c.owner where c.data->>'name' = 'Pool Customer Ltd'");
    assert.equal(owner.trim(), "Li Na");
    await (await tid(b.browser, "pool-filter")).click();
    const claimed = await row(b.browser, "Pool Customer Ltd");
    await claimed.waitForDisplayed({ timeout: 8000 });
    await rowSays(b.browser, "Pool Customer Ltd", /Li Na/);
    assert.equal(await (await claimed.$('[data-testid="claim-button"]')).isExisting(), false);

    // A (admin) sees it as Li Na's once the server wakes A's engine.
    await (await tid(a.browser, "nav-settings")).click();
    await (await tid(a.browser, "nav-customers")).click();
    await synced(a.browser);
    await rowSays(a.browser, "Pool Customer Ltd", /Li Na/, 20000);

    // B's role comes from the server: no people screen, no purge; A (admin) has both.
    await (await tid(b.browser, "nav-settings")).click();
    await waitText(await tid(b.browser, "team-my-role"), /^My role: Salesperson \(Li Na\)$/, 20000);
    assert.equal(await (await tid(b.browser, "team-person-name")).isExisting(), false);
    assert.equal(await (await tid(b.browser, "pool-rule")).isExisting(), false);
    await (await tid(b.browser, "nav-trash")).click();
    await (await tid(b.browser, "trash-empty")).waitForDisplayed({ timeout: 8000 });
    assert.equal(await (await tid(b.browser, "empty-trash")).isExisting(), false);

    await (await tid(a.browser, "nav-settings")).click();
    await waitText(await tid(a.browser, "team-my-role"), /^My role: Admin \(Boss Wang\)$/, 20000);
    assert.equal(await (await tid(a.browser, "team-person-name")).isDisplayed(), true);
    assert.equal(await (await tid(a.browser, "pool-rule")).isExisting(), true);
    await (await tid(a.browser, "nav-trash")).click();
    await (await tid(a.browser, "empty-trash")).waitForDisplayed({ timeout: 8000 });
  } finally {
    await t.stop();
  }
});
