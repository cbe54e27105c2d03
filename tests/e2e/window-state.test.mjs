// The window comes back at the size the user left it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { appPids, freshProfile, launch, tid } from "./lib/app.mjs";

/** Resizes the app's window through the X server, as a window manager would for a user.
 * (WebDriver's window/rect once hung in WebKitWebDriver for minutes under Xvfb.) */
function resize(profile, width, height) {
  for (const pid of appPids(profile)) {
    try {
      const ids = execFileSync("xdotool", ["search", "--onlyvisible", "--pid", String(pid)], { encoding: "utf8" })
        .split("\n").filter(Boolean);
      for (const id of ids) execFileSync("xdotool", ["windowsize", id, String(width), String(height)]);
      if (ids.length > 0) return;
    } catch { /* xdotool exits 1 when this process has no window */ }
  }
  throw new Error("no visible app window to resize");
}

test("window size is remembered across restarts", async () => {
  const profile = freshProfile();
  let app = await launch(profile, { locale: "en_US.UTF-8" });
  try {
    await (await tid(app.browser, "nav-customers")).waitForDisplayed({ timeout: 20000 });
    resize(profile, 1000, 700);
    await app.browser.waitUntil(async () => {
      const { width, height } = await app.browser.getWindowSize();
      return width === 1000 && height === 700;
    }, { timeout: 8000, timeoutMsg: "the window did not take the new size" });
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
