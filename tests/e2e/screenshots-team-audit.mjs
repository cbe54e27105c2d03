// Screenshots of a team book's "who did what" and "what needs a decision", and of every sync
// status state (run by src-tauri/scripts/screenshot.sh), against a throwaway PostgreSQL and
// GNOME Keyring, in Chinese and English: the conflict banner with a deal's two versions side by
// side, a customer's audit, and the sidebar synced / syncing N / offline / an error with its
// reason / no password. Two colleagues are headless desktops (rapport-sync's example
// team_colleague: a sled team book and a real sync engine) editing the same customer and deal.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCustomer, endApp, freshProfile, launch, tid, waitText } from "./lib/app.mjs";
import { ADMIN, ADMIN_PASSWORD, startCluster } from "./lib/postgres.mjs";
import { startKeyring } from "./lib/keyring.mjs";

const out = new URL("../screenshots/", import.meta.url).pathname;
const colleagueBin = process.env.RAPPORT_COLLEAGUE_BIN
  ?? new URL("../../target/debug/examples/team_colleague", import.meta.url).pathname;
const pause = (ms) => new Promise((r) => setTimeout(r, ms));
const cluster = await startCluster();
// The team's owner logs in as a non-superuser (as on a managed service), so the error state can
// be made by changing that login's password.
cluster.psql("postgres", "create role boss login createrole password 'boss-pw'");
cluster.psql("postgres", "alter database team owner to boss");
let keyring = await startKeyring();
const profile = freshProfile();
let app = await launch(profile, { locale: "zh_CN.UTF-8" });
let browser = app.browser;
const shot = async (name) => { await pause(600); await browser.saveScreenshot(`${out}${name}.png`); console.log(`# ${name}.png`); };
const label = async () => tid(browser, "sync-label");
const language = async (lang) => {
  await (await tid(browser, "nav-settings")).click();
  await (await tid(browser, "language-select")).selectByAttribute("value", lang);
  await pause(300);
  await (await tid(browser, "nav-customers")).click();
};
const team = async () => {
  await (await tid(browser, "nav-settings")).click();
  const section = await tid(browser, "team-settings");
  await section.waitForDisplayed({ timeout: 8000 });
  await section.scrollIntoView({ block: "start" });
};
const addPerson = async (name) => {
  await (await tid(browser, "team-person-name")).setValue(name);
  await (await tid(browser, "team-person-role")).selectByAttribute("value", "manager");
  await (await tid(browser, "team-add-person")).click();
  await waitText(await tid(browser, "team-added"), new RegExp(name), 15000);
  return { login: await (await tid(browser, "team-added-login")).getText(), password: await (await tid(browser, "team-added-password")).getText() };
};
const colleague = (who, step, ...args) => {
  const text = execFileSync(colleagueBin, [who.dir, String(cluster.port), who.login, who.password, step, ...args]).toString().trim();
  console.log(`# ${who.name} ${text}`);
};
const conflictShot = async (name) => {
  const banner = await tid(browser, "conflict-banner");
  await banner.waitForDisplayed({ timeout: 30000 });
  const toggle = await tid(browser, "conflict-banner-toggle");
  if ((await toggle.getAttribute("aria-expanded")) !== "true") await toggle.click();
  await (await tid(browser, "deal-conflict")).waitForDisplayed({ timeout: 8000 });
  await shot(name);
};
const auditShot = async (name) => {
  await (await tid(browser, "conflict-open-customer")).click();
  await (await tid(browser, "audit-open")).waitForDisplayed({ timeout: 10000 });
  await (await tid(browser, "audit-open")).click();
  await browser.waitUntil(async () => (await browser.$$(`[data-testid="audit-row"]`)).length >= 5, { timeout: 15000 });
  await shot(name);
  await (await tid(browser, "audit-close")).click();
};

let lock = null;
try {
  await (await tid(browser, "nav-customers")).waitForDisplayed({ timeout: 20000 });
  await team();
  await (await tid(browser, "team-host")).setValue("127.0.0.1");
  const port = await tid(browser, "team-port");
  await port.clearValue();
  await port.setValue(String(cluster.port));
  await (await tid(browser, "team-database")).setValue("team");
  await (await tid(browser, "team-user")).setValue("boss");
  await (await tid(browser, "team-password")).setValue("boss-pw");
  await (await tid(browser, "team-admin-name")).setValue("王老板");
  await (await tid(browser, "team-create")).click();
  await waitText(await label(), /已同步/, 30000);
  const li = { name: "李娜", dir: mkdtempSync(join(tmpdir(), "rapport-li-")), ...(await addPerson("李娜")) };
  const zhao = { name: "赵敏", dir: mkdtempSync(join(tmpdir(), "rapport-zhao-")), ...(await addPerson("赵敏")) };
  await shot("team-people-zh");

  await (await tid(browser, "nav-customers")).click();
  await createCustomer(browser, "华东贸易");
  await browser.waitUntil(async () => (await browser.$$(`[data-testid="sync-pending"]`)).length === 0, { timeout: 20000 });
  await waitText(await label(), /已同步/, 20000);
  colleague(li, "work", "华东贸易");
  colleague(zhao, "pull");
  colleague(li, "deal", "华东贸易", "15000", "含安装调试");
  colleague(zhao, "deal", "华东贸易", "9000", "老客户九折");

  await conflictShot("team-conflict-zh");
  await auditShot("team-audit-zh");
  await language("en");
  await (await tid(browser, "conflict-banner-toggle")).click();
  await team();
  await shot("team-people-en");
  await (await tid(browser, "nav-customers")).click();
  await conflictShot("team-conflict-en");
  await auditShot("team-audit-en");
  // The sync states with the banner folded, so the sidebar is what the eye meets.
  await (await tid(browser, "conflict-banner-toggle")).click();
  await (await tid(browser, "nav-customers")).click();
  await waitText(await label(), /Synced/, 20000);
  await shot("sync-synced-en");

  // Syncing N: the server's commit lock held by another session, so the push waits.
  lock = spawn("psql", ["-h", "127.0.0.1", "-p", String(cluster.port), "-U", ADMIN, "-d", "team", "-q"],
    { env: { ...process.env, PGPASSWORD: ADMIN_PASSWORD }, stdio: ["pipe", "ignore", "inherit"] });
  lock.stdin.write("begin; select pg_advisory_xact_lock(7203114);\n");
  await pause(1000);
  await createCustomer(browser, "Waiting Trading");
  await waitText(await label(), /Syncing 1/, 15000);
  await shot("sync-syncing-en");
  await language("zh");
  await waitText(await label(), /同步中 1/, 15000);
  await shot("sync-syncing-zh");
  lock.stdin.end("commit;\n");
  lock = null;
  await waitText(await label(), /已同步/, 30000);

  // Offline, then an error with its reason (the login's password changed on the server).
  cluster.stop();
  await waitText(await label(), /离线/, 45000);
  await shot("sync-offline-zh");
  await language("en");
  await shot("sync-offline-en");
  cluster.start();
  await waitText(await label(), /Synced/, 60000);
  // A fresh session for the rest: WebKitWebDriver's screenshots stalled late in a long one.
  const restart = async () => {
    await app.stop();
    await endApp(profile);
    app = await launch(profile, { locale: "zh_CN.UTF-8" });
    browser = app.browser;
  };
  await restart();
  await waitText(await label(), /Synced/, 60000);
  console.log("# synced again; changing the login's password on the server");
  cluster.psql("team", "alter role boss password 'changed-elsewhere'");
  cluster.psql("team", "select pg_terminate_backend(pid) from pg_stat_activity where usename = 'boss'");
  console.log("# waiting for the error");
  await waitText(await label(), /Sync error/, 60000);
  await shot("sync-error-en");
  await language("zh");
  await waitText(await label(), /同步出错/, 10000);
  await shot("sync-error-zh");

  // No password: the keychain lost it (a new keyring), the app started again on the book.
  keyring.stop();
  keyring = await startKeyring();
  await restart();
  await waitText(await label(), /缺少团队密码/, 30000);
  await shot("sync-no-password-zh");
  await language("en");
  await waitText(await label(), /Team password missing/, 10000);
  await shot("sync-no-password-en");
} finally {
  if (lock) lock.kill();
  await app.stop();
  await endApp(profile);
  keyring.stop();
  cluster.remove();
}
