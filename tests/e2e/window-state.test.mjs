// The window comes back at the size the user left it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { freshProfile, launch, tid } from "./lib/app.mjs";

test("window size is remembered across restarts", async () => {
  const profile = freshProfile();
  let app = await launch(profile, { locale: "en_US.UTF-8" });
  try {
    await (await tid(app.browser, "nav-customers")).waitForDisplayed({ timeout: 20000 });
    await app.browser.setWindowSize(1000, 700);
    const { width, height } = await app.browser.getWindowSize();
    assert.deepEqual([width, height], [1000, 700]);
    await new Promise((r) => setTimeout(r, 1500)); // the app saves once resizing settles
  } finally {
    await app.stop();
  }
  app = await launch(profile, { locale: "en_US.UTF-8" });
  try {
    await (await tid(app.browser, "nav-customers")).waitForDisplayed({ timeout: 20000 });
    const { width, height } = await app.browser.getWindowSize();
    assert.deepEqual([width, height], [1000, 700]);
  } finally {
    await app.stop();
  }
});
