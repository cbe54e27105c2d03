// Irreversible actions ask first (a native confirm dialog in the real webview); accepting it
// deletes the customer for good, dismissing it keeps it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { freshProfile, launch, tid } from "./lib/app.mjs";

test("delete forever asks, and only an accepted dialog purges", async () => {
  const app = await launch(freshProfile(), { locale: "en_US.UTF-8" });
  const { browser } = app;
  try {
    await (await tid(browser, "new-customer")).waitForDisplayed({ timeout: 20000 });
    await (await tid(browser, "new-customer")).click();
    await (await tid(browser, "field-name")).setValue("Short-lived Ltd");
    await (await tid(browser, "save-customer")).click();
    await (await tid(browser, "detail-name")).waitForDisplayed({ timeout: 8000 });
    await (await tid(browser, "delete-customer")).click();
    // Trashing returns to the list once the backend has answered.
    await (await tid(browser, "detail-name")).waitForExist({ reverse: true, timeout: 8000 });
    await (await tid(browser, "nav-trash")).click();
    const row = await browser.$(`[data-testid="trash-row"][data-name="Short-lived Ltd"]`);
    await row.waitForDisplayed({ timeout: 8000 });

    await (await row.$(`[data-testid="purge-button"]`)).click();
    await browser.waitUntil(async () => { try { await browser.getAlertText(); return true; } catch { return false; } },
      { timeout: 8000, timeoutMsg: "no confirm dialog" });
    await browser.dismissAlert();
    await new Promise((r) => setTimeout(r, 500));
    assert.ok(await row.isExisting(), "dismissed: the customer stays in the trash");

    await (await row.$(`[data-testid="purge-button"]`)).click();
    await browser.waitUntil(async () => { try { await browser.getAlertText(); return true; } catch { return false; } },
      { timeout: 8000, timeoutMsg: "no confirm dialog" });
    await browser.acceptAlert();
    await row.waitForExist({ reverse: true, timeout: 8000 });
  } finally {
    await app.stop();
  }
});
