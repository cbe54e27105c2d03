// Screenshots of a new team book's empty list (no demo data offered) and of the sidebar's
// 首次同步 n / N / First sync n / N (run by
// src-tauri/scripts/screenshot.sh), in the real app against a throwaway PostgreSQL: a team book
// is created, then the server gains 20,000 customers and, in the same transaction, a tombstone
// purge (rapport.purge_tombstones) that this desktop had not pulled — so its next pull is a full
// resync from 0, which shows its progress page by page (5,000 rows a page).
import { execFileSync } from "node:child_process";
import { endApp, freshProfile, launch, tid, waitText } from "./lib/app.mjs";
import { startCluster } from "./lib/postgres.mjs";
import { startKeyring } from "./lib/keyring.mjs";

const out = new URL("../screenshots/", import.meta.url).pathname;
const cluster = await startCluster();
cluster.psql("postgres", "create role boss login createrole password 'boss-pw'");
cluster.psql("postgres", "alter database team owner to boss");
const keyring = await startKeyring();
const profile = freshProfile();
const app = await launch(profile, { locale: "zh_CN.UTF-8" });
const { browser } = app;
const label = async () => (await tid(browser, "sync-label")).getText();
/** Screenshots the first moment the label reads `re` (the state lasts about a page). */
async function catchState(re, name) {
  await browser.waitUntil(async () => re.test(await label()), { timeout: 120000, interval: 50 });
  await browser.saveScreenshot(`${out}${name}.png`);
  console.log(`# ${name}.png`);
}
try {
  await (await tid(browser, "nav-settings")).click();
  await (await tid(browser, "team-host")).setValue("127.0.0.1");
  const port = await tid(browser, "team-port");
  await port.clearValue();
  await port.setValue(String(cluster.port));
  await (await tid(browser, "team-database")).setValue("team");
  await (await tid(browser, "team-user")).setValue("boss");
  await (await tid(browser, "team-password")).setValue("boss-pw");
  await (await tid(browser, "team-admin-name")).setValue("王老板");
  await (await tid(browser, "team-create")).click();
  await waitText(await tid(browser, "sync-label"), /已同步/, 30000);
  // The new team book's empty list: no demo data offered (it would go to the whole team).
  // Taken from the X screen: WebDriver's screenshot hangs at this point (with older builds too).
  const screen = (name) => execFileSync("import", ["-window", "root", `${out}${name}.png`]);
  const language = async (lang) => {
    await (await tid(browser, "nav-settings")).click();
    await (await tid(browser, "language-select")).selectByAttribute("value", lang);
    await (await tid(browser, "nav-customers")).click();
  };
  await (await tid(browser, "nav-customers")).click();
  await (await tid(browser, "add-first")).waitForDisplayed({ timeout: 10000 });
  await new Promise((r) => setTimeout(r, 500));
  screen("team-empty-list-zh");
  await language("en");
  await waitText(await tid(browser, "add-first"), /Add your first customer/, 10000);
  await new Promise((r) => setTimeout(r, 500));
  screen("team-empty-list-en");
  await language("zh");
  const bulk = (n, first) => `insert into rapport.customers (id, owner, data)
    select '01J' || lpad(g::text, 23, '0'), null,
           jsonb_build_object('name', '客户 ' || g, 'createdAt', '2026-12-01T00:00:00Z', 'updatedAt', '2026-12-01T00:00:00Z')
      from generate_series(${first}, ${first + n - 1}) g;`;
  cluster.psql("team", `begin;
    ${bulk(20000, 1)}
    update rapport.customers set deleted_at = now() - interval '1 hour' where id = '01J' || lpad('1', 23, '0');
    select rapport.purge_tombstones(0);
    commit;`);
  await catchState(/首次同步 [\d,]+ \/ [\d,]+/, "sync-first-sync-zh");
  await waitText(await tid(browser, "sync-label"), /已同步/, 180000);
  // Once more in English: another purge the desktop has not pulled.
  await language("en");
  cluster.psql("team", `begin;
    update rapport.customers set deleted_at = now() - interval '1 hour' where id = '01J' || lpad('2', 23, '0');
    select rapport.purge_tombstones(0);
    commit;`);
  await catchState(/First sync [\d,]+ \/ [\d,]+/, "sync-first-sync-en");
} finally {
  await app.stop();
  await endApp(profile);
  keyring.stop();
  cluster.remove();
}
