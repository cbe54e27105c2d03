// sled allows one process per book: starting Rapport a second time hands over to the running
// window (which stays usable) instead of failing on the locked book.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { appBinary, appEnv, freshProfile, launch, tid } from "./lib/app.mjs";

test("a second start focuses the running app and exits", async () => {
  const profile = freshProfile();
  const app = await launch(profile, { locale: "en_US.UTF-8" });
  try {
    await (await tid(app.browser, "nav-customers")).waitForDisplayed({ timeout: 20000 });
    const second = spawn(appBinary(), [], { env: appEnv(profile, "en_US.UTF-8"), stdio: "ignore" });
    const code = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => { second.kill(); reject(new Error("second instance kept running")); }, 10000);
      second.once("exit", (c) => { clearTimeout(timer); resolve(c); });
    });
    assert.equal(code, 0);
    // The first window still answers and its book still works.
    await (await tid(app.browser, "new-customer")).click();
    await (await tid(app.browser, "field-name")).waitForDisplayed({ timeout: 8000 });
  } finally {
    await app.stop();
  }
});
