// A team book's conflicts and audit in the real app, against a throwaway PostgreSQL: two
// colleagues (headless desktops: rapport-sync's example team_colleague, a sled team book and a
// real sync engine each) edit the same deal → the app's banner shows both versions → one click
// keeps the other's → both colleagues' replicas read that version and no conflict; the
// customer's audit names who changed what; offline, the audit says so plainly.
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createCustomer, endApp, freshProfile, launch, tid, waitText } from "./lib/app.mjs";
import { startCluster } from "./lib/postgres.mjs";
import { startKeyring } from "./lib/keyring.mjs";

const colleagueBin = process.env.RAPPORT_COLLEAGUE_BIN
  ?? new URL("../../target/debug/examples/team_colleague", import.meta.url).pathname;
let cluster, keyring, app, browser, profile;

before(async () => {
  cluster = await startCluster();
  cluster.psql("postgres", "create role boss login createrole password 'boss-pw'");
  cluster.psql("postgres", "alter database team owner to boss");
  keyring = await startKeyring();
  profile = freshProfile();
  app = await launch(profile, { locale: "zh_CN.UTF-8" });
  browser = app.browser;
});

after(async () => {
  await app?.stop();
  if (profile) await endApp(profile);
  keyring?.stop();
  cluster?.remove();
});

const run = (who, step, ...args) =>
  execFileSync(colleagueBin, [who.dir, String(cluster.port), who.login, who.password, step, ...args]).toString().trim();

async function addPerson(name) {
  await (await tid(browser, "team-person-name")).setValue(name);
  await (await tid(browser, "team-person-role")).selectByAttribute("value", "manager");
  await (await tid(browser, "team-add-person")).click();
  await waitText(await tid(browser, "team-added"), new RegExp(name), 15000);
  return {
    dir: mkdtempSync(join(tmpdir(), "rapport-colleague-")),
    login: await (await tid(browser, "team-added-login")).getText(),
    password: await (await tid(browser, "team-added-password")).getText(),
  };
}

test("a deal edited by two colleagues: banner, one click, both replicas agree; the audit names who", async () => {
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
  const li = await addPerson("李娜");
  const zhao = await addPerson("赵敏");
  await (await tid(browser, "nav-customers")).click();
  await createCustomer(browser, "华东贸易");
  await browser.waitUntil(async () => (await browser.$$(`[data-testid="sync-pending"]`)).length === 0, { timeout: 20000 });
  await waitText(await tid(browser, "sync-label"), /已同步/, 20000);

  run(li, "work", "华东贸易");
  run(zhao, "pull");
  run(li, "deal", "华东贸易", "15000", "含安装调试");
  run(zhao, "deal", "华东贸易", "9000", "老客户九折");

  // Surfaced on the desktop: the banner, both versions, the differing fields highlighted.
  await waitText(await tid(browser, "conflict-banner-text"), /1 笔成交在两台电脑上被同时修改/, 30000);
  await (await tid(browser, "conflict-banner-toggle")).click();
  // (The customer's page behind shows the same deal's versions on its timeline: read the banner's.)
  const banner = await tid(browser, "conflict-banner");
  const differ = await banner.$$(`[data-testid="deal-conflict-row"]`);
  const texts = [];
  for (const r of differ) texts.push((await r.getText()).replace(/\s+/g, ""));
  assert.deepEqual(texts, ["成交金额（元）¥15,000¥9,000", "备注含安装调试老客户九折"]);
  assert.match(await (await banner.$(`[data-testid="deal-conflict"]`)).getText(), /版本 B · 赵敏/);

  // One click keeps 赵敏's version: gone here, and once synced, on both colleagues' replicas.
  await (await banner.$(`[data-testid="deal-conflict-take"]`)).click();
  await (await tid(browser, "conflict-banner")).waitForDisplayed({ reverse: true, timeout: 10000 });
  await browser.waitUntil(async () => (await browser.$$(`[data-testid="sync-pending"]`)).length === 0, { timeout: 20000 });
  await waitText(await tid(browser, "sync-label"), /已同步/, 20000);
  for (const who of [li, zhao]) {
    const deal = JSON.parse(run(who, "show", "华东贸易"));
    assert.deepEqual([deal.amount, deal.notes, deal.conflict], [900000, "老客户九折", undefined]);
  }

  // The audit, one click away: who changed what, the pick by 王老板.
  await (await tid(browser, "nav-customers")).click();
  await (await browser.$(`[data-testid="customer-row"][data-name="华东贸易"]`)).click();
  await (await tid(browser, "audit-open")).click();
  await browser.waitUntil(async () => (await browser.$$(`[data-testid="audit-row"]`)).length >= 8, { timeout: 15000 });
  const panel = await (await tid(browser, "audit-panel")).getText();
  // (WebKit's text of a row runs its cells together.)
  assert.match(panel, /李娜\s*成交 · 成交金额（元）\s*¥12,000 → ¥15,000/);
  assert.match(panel, /赵敏\s*成交 · 另一台电脑的版本被并排保存，等人选定/);
  assert.match(panel, /王老板\s*成交 · 选定了两个版本中的一个/);
  assert.match(panel, /王老板\s*成交 · 成交金额（元）\s*¥15,000 → ¥9,000/);
  assert.match(panel, /李娜\s*公司\s*（空） → 华东贸易有限公司/);
  await (await tid(browser, "audit-close")).click();

  // Offline: the audit lives on the server, and the app says so in words.
  cluster.stop();
  await waitText(await tid(browser, "sync-label"), /离线/, 45000);
  await (await tid(browser, "audit-open")).click();
  const error = await tid(browser, "audit-error");
  await error.waitForDisplayed({ timeout: 20000 });
  assert.equal(await error.getAttribute("data-code"), "team.offline");
  assert.match(await error.getText(), /连不上团队服务器/);
});
