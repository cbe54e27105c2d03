// 业绩 / Performance in the real app: an empty book's view asks for targets, a team target is
// set through the editor (kept across a restart), and winning a deal moves the team's bar and
// brings the salesperson's row; the table exports through the save dialog's default path.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createCustomer, freshProfile, launch, tid, waitText } from "./lib/app.mjs";

async function percent(browser, id) {
  return (await tid(browser, id)).getAttribute("data-percent");
}

/** The element's whole text (WebKit's getText leaves out a line cut with an ellipsis). */
async function textOf(browser, id) {
  return browser.execute((el) => el.textContent.replace(/\s+/g, " ").trim(), await tid(browser, id));
}

test("performance: a target set, then a deal won moves the bar", async () => {
  const profile = freshProfile();
  let app = await launch(profile, { locale: "zh_CN.UTF-8" });
  try {
    const { browser } = app;
    await createCustomer(browser, "华为技术");

    await (await tid(browser, "nav-performance")).click();
    await (await tid(browser, "perf-empty")).waitForDisplayed({ timeout: 10000 });
    await waitText(await tid(browser, "perf-empty"), /本期还没有设定目标/);
    await (await tid(browser, "perf-set-targets")).click();
    await (await tid(browser, "perf-editor")).waitForDisplayed({ timeout: 8000 });
    // A refused target names the row and field in the user's language; nothing is saved.
    await (await tid(browser, "perf-target-0-deals")).setValue("0");
    await (await tid(browser, "perf-save-targets")).click();
    await waitText(await tid(browser, "perf-editor-error"), /目标 1 – 成交数：须在 1 至 1000000 之间/);
    await (await tid(browser, "perf-target-0-deals")).setValue("4");
    await (await tid(browser, "perf-target-0-amount")).setValue("100000");
    await (await tid(browser, "perf-save-targets")).click();
    await (await tid(browser, "perf-editor")).waitForDisplayed({ reverse: true, timeout: 8000 });
    await browser.waitUntil(async () => (await percent(browser, "perf-bar-team-amount")) === "0", {
      timeout: 8000, timeoutMsg: "the team's amount bar never showed 0%",
    });
    assert.equal(await (await tid(browser, "perf-empty")).isExisting(), false);
  } finally {
    await app.stop();
  }

  app = await launch(profile, { locale: "zh_CN.UTF-8" });
  try {
    const { browser } = app;
    // The target survived the restart.
    await (await tid(browser, "nav-performance")).waitForDisplayed({ timeout: 20000 });
    await (await tid(browser, "nav-performance")).click();
    await browser.waitUntil(async () => (await percent(browser, "perf-bar-team-amount")) === "0", { timeout: 10000 });

    // Win a deal of ¥25,000 sold by 王芳, dated today.
    await (await tid(browser, "nav-customers")).click();
    const row = await browser.$(`[data-testid="customer-row"][data-name="华为技术"]`);
    await row.waitForDisplayed({ timeout: 10000 });
    await row.click();
    await (await tid(browser, "add-deal")).click();
    await (await tid(browser, "deal-form")).waitForDisplayed({ timeout: 8000 });
    await (await tid(browser, "deal-amount")).setValue("25000");
    await (await tid(browser, "deal-product")).setValue("服务器");
    await (await tid(browser, "deal-salesperson")).setValue("王芳");
    await (await tid(browser, "deal-save")).click();
    await (await tid(browser, "timeline-deal")).waitForDisplayed({ timeout: 8000 });

    await (await tid(browser, "nav-performance")).click();
    await browser.waitUntil(async () => (await percent(browser, "perf-bar-team-amount")) === "25", {
      timeout: 10000, timeoutMsg: "the team's amount bar never moved to 25%",
    });
    assert.equal(await percent(browser, "perf-bar-team-deals"), "25");
    assert.match(await textOf(browser, "perf-bar-team-amount"), /¥25,000 \/ ¥100,000（25%） 上期 ¥0/);
    // 王芳 has a row of her own (no target of hers: her figure without a bar).
    assert.match(await textOf(browser, "perf-bar-person-王芳-amount"), /¥25,000 · 未设目标/);
  } finally {
    await app.stop();
  }
});
