// The installed package in a clean Debian root (run by src-tauri/scripts/test-package.sh,
// which installs the .deb there and points RAPPORT_NATIVE_DRIVER at a WebKitWebDriver that
// runs inside that root): the window appears, a customer can be created, and "start at login"
// writes the autostart entry desktops read, starting the installed binary.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createCustomer, freshProfile, launch, tid } from "../e2e/lib/app.mjs";

const SHOTS = process.env.RAPPORT_PACKAGE_SHOTS;

test("the installed app starts, keeps a customer and registers start at login", async () => {
  const profile = freshProfile();
  const app = await launch(profile, { locale: "zh_CN.UTF-8" });
  try {
    const { browser } = app;
    await (await tid(browser, "new-customer")).waitForDisplayed({ timeout: 30000 });
    // The whole screen: the window is mapped (its content may lag a frame; see below).
    if (SHOTS) execFileSync("import", ["-window", "root", join(SHOTS, "installed-start.png")]);

    await createCustomer(browser, "包测试客户", { "field-company": "干净系统有限公司" });
    await (await tid(browser, "nav-customers")).click();
    const row = await browser.$(`[data-testid="customer-row"][data-name="包测试客户"]`);
    await row.waitForDisplayed({ timeout: 8000 });
    // The webview's own picture: the X server's copy of a chrooted WebKit window lags behind.
    if (SHOTS) await browser.saveScreenshot(join(SHOTS, "installed-customer.png"));

    await (await tid(browser, "nav-settings")).click();
    const box = await tid(browser, "set-start-at-login");
    await box.waitForDisplayed({ timeout: 8000 });
    if (!(await box.isSelected())) await box.click();
    await (await tid(browser, "save-schedule")).click();
    await (await tid(browser, "schedule-saved")).waitForDisplayed({ timeout: 8000 });
    const entry = [join(profile.root, ".config/autostart"), join(profile.root, "config/autostart")]
      .flatMap((dir) => ["rapport.desktop", "Rapport.desktop"].map((f) => join(dir, f)))
      .find((f) => existsSync(f));
    assert.ok(entry, "an autostart entry in ~/.config/autostart");
    const text = readFileSync(entry, "utf8");
    assert.match(text, /^Exec=.*\/usr\/bin\/rapport.*--autostart/m, text);
  } catch (e) {
    if (SHOTS) await app.browser.saveScreenshot(join(SHOTS, "installed-failure.png"));
    throw e;
  } finally {
    await app.stop();
  }
});
