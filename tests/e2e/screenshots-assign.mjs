// Screenshots of assigning customers in a team book (run by src-tauri/scripts/screenshot.sh),
// against a throwaway PostgreSQL and GNOME Keyring: the customer page's owner picker after a
// pick went to the server, and the desktop notification (dunst, the whole screen) of a customer
// a colleague assigned to me — in Chinese and English.
import { execFileSync, spawn } from "node:child_process";
import { createCustomer, freshProfile, launch, tid, waitText } from "./lib/app.mjs";
import { ADMIN, ADMIN_PASSWORD, startCluster } from "./lib/postgres.mjs";
import { startKeyring } from "./lib/keyring.mjs";

const out = new URL("../screenshots/", import.meta.url).pathname;
const pause = (ms) => new Promise((r) => setTimeout(r, ms));
const cluster = await startCluster();
const keyring = await startKeyring();
const dunst = spawn("dunst", [], { stdio: "ignore" });
const app = await launch(freshProfile(), { locale: "zh_CN.UTF-8" });
const { browser } = app;
const shot = async (name) => { await pause(500); await browser.saveScreenshot(`${out}${name}.png`); };
const screen = async (name) => { await pause(800); execFileSync("import", ["-window", "root", `${out}${name}.png`]); };
const settings = async () => {
  await (await tid(browser, "nav-settings")).click();
  await (await tid(browser, "team-settings")).waitForDisplayed({ timeout: 8000 });
};
/** A colleague (`login`) gives the customer named `name` to the app's admin, on the server. */
const colleagueAssigns = (login, name, n) => {
  const id = cluster.psql("team", `select id from rapport.customers where data->>'name' = '${name}'`).trim();
  const me = cluster.psql("team", `select id from rapport.people where login = '${ADMIN}'`).trim();
  const op = JSON.stringify([{ op_id: `01JSCREENSHOTASSIGN000000${n}`, table: "customers", id, kind: "assign", owner: me }]);
  cluster.psql("team", `set session authorization ${login}; select rapport.push('${op}'::jsonb)`);
};
try {
  await (await tid(browser, "nav-customers")).waitForDisplayed({ timeout: 20000 });
  await settings();
  await (await tid(browser, "team-host")).setValue("127.0.0.1");
  const port = await tid(browser, "team-port");
  await port.clearValue();
  await port.setValue(String(cluster.port));
  await (await tid(browser, "team-database")).setValue("team");
  await (await tid(browser, "team-user")).setValue(ADMIN);
  await (await tid(browser, "team-password")).setValue(ADMIN_PASSWORD);
  await (await tid(browser, "team-admin-name")).setValue("王老板");
  await (await tid(browser, "team-create")).click();
  await waitText(await tid(browser, "sync-label"), /已同步/, 30000);
  await (await tid(browser, "team-person-name")).setValue("李娜");
  await (await tid(browser, "team-person-role")).selectByAttribute("value", "manager");
  await (await tid(browser, "team-add-person")).click();
  const login = await (await tid(browser, "team-added-login")).getText();

  for (const [lang, name, n] of [["zh", "华南物流有限公司", 1], ["en", "Harbour Logistics Ltd", 2]]) {
    if (lang === "en") {
      await settings();
      await (await tid(browser, "language-select")).selectByAttribute("value", "en");
    }
    await (await tid(browser, "nav-customers")).click();
    await createCustomer(browser, name);
    const picker = await tid(browser, "owner-select");
    await browser.waitUntil(async () => (await picker.$$("option")).length >= 3, { timeout: 15000 });
    await picker.selectByVisibleText("李娜");
    await waitText(await tid(browser, "owner-note"), /李娜/, 20000);
    await shot(`team-owner-picker-${lang}`);
    colleagueAssigns(login, name, n);
    await (await tid(browser, "owner-select")).waitForDisplayed();
    await pause(3000);
    await screen(`team-assigned-notification-${lang}`);
  }
} finally {
  await app.stop();
  keyring.stop();
  dunst.kill();
  cluster.remove();
}
