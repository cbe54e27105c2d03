// Screenshots of a salesperson's Settings in a team book (run by src-tauri/scripts/screenshot.sh):
// the settings the team shares shown as the admin's (a hint instead of the editors, the schedule
// rules locked, the reminder time still theirs), in Chinese and English. In the Chinese run the
// salesperson then switches the language: a personal setting, so the next round ends synced
// with nothing refused. Two windows against a throwaway PostgreSQL (lib/teamPool.mjs).
import assert from "node:assert/strict";
import { tid } from "./lib/app.mjs";
import { poolTeam, synced } from "./lib/teamPool.mjs";

const out = new URL("../screenshots/", import.meta.url).pathname;
const pause = (ms) => new Promise((r) => setTimeout(r, ms));
const shot = async (browser, name) => { await pause(600); await browser.saveScreenshot(`${out}${name}.png`); };

for (const [lang, locale, bName] of [["zh", "zh_CN.UTF-8", "李娜"], ["en", "en_US.UTF-8", "Li Na"]]) {
  const t = await poolTeam({ pooled: [], locale, bName });
  try {
    const { b } = t;
    await (await tid(b.browser, "nav-settings")).click();
    const shared = await tid(b.browser, "shared-settings-admin-only");
    await shared.waitForDisplayed({ timeout: 20000 });
    await shared.scrollIntoView({ block: "start" });
    await shot(b.browser, `team-settings-salesperson-${lang}`);
    const schedule = await tid(b.browser, "schedule-admin-only");
    await schedule.scrollIntoView({ block: "start" });
    assert.equal(await (await tid(b.browser, "set-high-days")).isEnabled(), false);
    assert.equal(await (await tid(b.browser, "set-reminder-time")).isEnabled(), true);
    await shot(b.browser, `team-settings-schedule-salesperson-${lang}`);
    if (lang === "zh") {
      const select = await tid(b.browser, "language-select");
      await select.scrollIntoView({ block: "center" });
      await select.selectByAttribute("value", "en");
      await pause(3000);
      await synced(b.browser);
      const code = await (await tid(b.browser, "sync-status")).getAttribute("data-code");
      assert.equal(code, "synced", "the language change left nothing refused");
      await shot(b.browser, "team-settings-language-synced-en");
    }
  } finally {
    await t.stop();
  }
}
