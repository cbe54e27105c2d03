// Screenshots of what the team server's conflict rules leave in a book (run by
// src-tauri/scripts/screenshot.sh): a customer whose company and phones were edited on two
// computers — the overwritten values on its timeline — and a deal edited on two computers,
// shown as "two versions" with a pick; Chinese and English. The book is written first by
// rapport-core's example team_conflicts_book (through the pull's own apply).
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { freshProfile, launch, tid } from "./lib/app.mjs";

const out = new URL("../screenshots/", import.meta.url).pathname;
const seed = process.env.RAPPORT_SEED_BIN ?? new URL("../../target/debug/examples/team_conflicts_book", import.meta.url).pathname;
const profile = freshProfile();
console.log(execFileSync(seed, [profile.dataDir]).toString().trim());
const app = await launch(profile, { locale: "zh_CN.UTF-8" });
const { browser } = app;
const pause = (ms) => new Promise((r) => setTimeout(r, ms));
const open = async () => {
  await browser.waitUntil(async () => (await browser.$$(`[data-testid="customer-row"]`)).length > 0, { timeout: 20000 });
  await (await browser.$$(`[data-testid="customer-row"]`))[0].click();
  await (await tid(browser, "deal-conflict")).waitForDisplayed({ timeout: 10000 });
};
try {
  await open();
  for (const lang of ["zh", "en"]) {
    if (lang === "en") {
      await (await tid(browser, "nav-settings")).click();
      await (await tid(browser, "language-select")).selectByAttribute("value", "en");
      await pause(300);
      await (await tid(browser, "nav-customers")).click();
      await open();
    }
    // Read in the page: element handles of a re-rendered timeline go stale.
    const texts = await browser.execute(() => {
      document.querySelector('[data-testid="timeline"]')?.scrollIntoView({ block: "start" });
      const rows = [...document.querySelectorAll('[data-testid="timeline-change"], [data-testid="deal-conflict"]')];
      return rows.map((r) => r.textContent.replace(/\s+/g, " ").trim());
    });
    console.log(texts.join("\n"));
    await pause(500);
    await browser.saveScreenshot(`${out}conflicts-${lang}.png`);
  }
  // Picking version B: the deal reads B and the two versions are gone.
  await (await tid(browser, "deal-conflict-take")).click();
  await browser.waitUntil(async () => (await browser.$$(`[data-testid="deal-conflict"]`)).length === 0, { timeout: 10000, timeoutMsg: "the pick never showed" });
  console.log(`after the pick: ${await (await tid(browser, "deal-amount-text")).getText()}`);
  console.log(`screenshots written to ${out}`);
} finally {
  await app.stop();
  rmSync(profile.root, { recursive: true, force: true });
}
