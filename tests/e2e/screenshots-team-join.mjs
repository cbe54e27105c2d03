// Screenshots of joining a team with a book of one's own (run by src-tauri/scripts/screenshot.sh):
// B's book holds three customers, one of them also in the team's pool; before B joins, Settings ›
// Team shows what joining does — merged, uploaded, coming from the team — in Chinese and English.
import { poolTeam } from "./lib/teamPool.mjs";

const out = new URL("../screenshots/", import.meta.url).pathname;
const pause = (ms) => new Promise((r) => setTimeout(r, ms));

for (const [lang, locale, names] of [
  ["zh", "zh_CN.UTF-8", { pooled: ["华东贸易"], kept: ["老板自己的客户"], b: ["华东贸易", "新客户一", "新客户二"] }],
  ["en", "en_US.UTF-8", { pooled: ["East Trading"], kept: ["The Boss's Own"], b: ["East Trading", "New One", "New Two"] }],
]) {
  const { stop } = await poolTeam({
    pooled: names.pooled,
    kept: names.kept,
    locale,
    bCustomers: names.b,
    onPreview: async (browser) => {
      await (await browser.$('[data-testid="team-join-preview"]')).scrollIntoView({ block: "center" });
      await pause(500);
      await browser.saveScreenshot(`${out}team-join-preview-${lang}.png`);
    },
  });
  await stop();
}
