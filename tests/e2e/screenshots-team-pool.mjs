// Screenshots of the shared pool (公海) (run by src-tauri/scripts/screenshot.sh): a
// salesperson's list filtered to the pool with its 领取 / Claim buttons, and their Settings ›
// Team (their role from the server, no people form), and the admin's pool rule — in Chinese
// and English. Two windows against a throwaway PostgreSQL (lib/teamPool.mjs).
import { tid, waitText } from "./lib/app.mjs";
import { poolTeam } from "./lib/teamPool.mjs";

const out = new URL("../screenshots/", import.meta.url).pathname;
const pause = (ms) => new Promise((r) => setTimeout(r, ms));
const shotOf = (browser) => async (name) => { await pause(600); await browser.saveScreenshot(`${out}${name}.png`); };
const team = async (browser) => {
  await (await tid(browser, "nav-settings")).click();
  const section = await tid(browser, "team-settings");
  await section.waitForDisplayed({ timeout: 8000 });
  await section.scrollIntoView({ block: "start" });
};
// One team per language, each window started in it.
for (const [lang, locale, bName] of [["zh", "zh_CN.UTF-8", "李娜"], ["en", "en_US.UTF-8", "Li Na"]]) {
  const t = await poolTeam({
    pooled: ["华东贸易有限公司", "星河科技", "Lakeside Foods"],
    kept: ["老板自己的客户"],
    locale,
    bName,
  });
  try {
    const { a, b } = t;
    await (await tid(b.browser, "nav-customers")).click();
    const pool = await tid(b.browser, "pool-filter");
    await pool.waitForDisplayed({ timeout: 8000 });
    await pool.click();
    await waitText(await tid(b.browser, "customer-count"), /3/, 15000);
    await shotOf(b.browser)(`pool-list-${lang}`);
    await team(b.browser);
    await waitText(await tid(b.browser, "team-my-role"), new RegExp(bName), 20000);
    await shotOf(b.browser)(`pool-salesperson-settings-${lang}`);
    await team(a.browser);
    await (await tid(a.browser, "pool-rule")).scrollIntoView({ block: "center" });
    await shotOf(a.browser)(`pool-rule-${lang}`);
  } finally {
    await t.stop();
  }
}
