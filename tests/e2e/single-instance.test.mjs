// sled allows one process per book: starting Rapport a second time on the same book hands over
// to the running window (which stays usable) instead of failing on the locked book. The guard
// is per book, so another book runs beside it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { appBinary, appEnv, createCustomer, freshProfile, launch, SECOND_PORT, tid } from "./lib/app.mjs";

/** Starts the app once more on `profile`'s book and resolves with its exit code. */
function startAgain(profile) {
  const again = spawn(appBinary(), [], { env: appEnv(profile, "en_US.UTF-8"), stdio: "ignore" });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { again.kill(); reject(new Error("second instance kept running")); }, 10000);
    again.once("exit", (c) => { clearTimeout(timer); resolve(c); });
  });
}

test("a second start focuses the running app and exits", async () => {
  const profile = freshProfile();
  const app = await launch(profile, { locale: "en_US.UTF-8" });
  try {
    await (await tid(app.browser, "nav-customers")).waitForDisplayed({ timeout: 20000 });
    assert.equal(await startAgain(profile), 0);
    // The first window still answers and its book still works.
    await (await tid(app.browser, "new-customer")).click();
    await (await tid(app.browser, "field-name")).waitForDisplayed({ timeout: 8000 });
  } finally {
    await app.stop();
  }
});

test("two books run side by side, and each still hands a second start over", async () => {
  const personal = freshProfile();
  const team = freshProfile();
  const a = await launch(personal, { locale: "en_US.UTF-8" });
  let b;
  try {
    b = await launch(team, { locale: "en_US.UTF-8", port: SECOND_PORT });
    // Both windows work, each on its own book.
    await createCustomer(a.browser, "Only In Personal Book");
    await createCustomer(b.browser, "Only In Team Book");
    const row = (app, name) => app.browser.$(`[data-testid="customer-row"][data-name="${name}"]`);
    for (const [app, mine, other] of [[a, "Only In Personal Book", "Only In Team Book"], [b, "Only In Team Book", "Only In Personal Book"]]) {
      await (await tid(app.browser, "nav-customers")).click();
      await (await row(app, mine)).waitForDisplayed({ timeout: 8000 });
      assert.equal(await (await row(app, other)).isExisting(), false);
    }
    // A start on either book still goes to that book's window.
    assert.equal(await startAgain(team), 0);
    assert.equal(await startAgain(personal), 0);
    await (await tid(b.browser, "new-customer")).click();
    await (await tid(b.browser, "field-name")).waitForDisplayed({ timeout: 8000 });
  } finally {
    if (b) await b.stop();
    await a.stop();
  }
});
