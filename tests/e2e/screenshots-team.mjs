// Screenshots of team mode (run by src-tauri/scripts/screenshot.sh), against a throwaway
// PostgreSQL and GNOME Keyring: Settings › Team with the test answer, the linked book with a
// person just added, and the sidebar's sync status synced and offline — in Chinese and English.
import { createCustomer, freshProfile, launch, tid, waitText } from "./lib/app.mjs";
import { ADMIN, ADMIN_PASSWORD, startCluster } from "./lib/postgres.mjs";
import { startKeyring } from "./lib/keyring.mjs";

const out = new URL("../screenshots/", import.meta.url).pathname;
const pause = (ms) => new Promise((r) => setTimeout(r, ms));
const cluster = await startCluster();
const keyring = await startKeyring();
const app = await launch(freshProfile(), { locale: "zh_CN.UTF-8" });
const { browser } = app;
const shot = async (name) => { await pause(500); await browser.saveScreenshot(`${out}${name}.png`); };
const team = async () => {
  await (await tid(browser, "nav-settings")).click();
  const section = await tid(browser, "team-settings");
  await section.waitForDisplayed({ timeout: 8000 });
  await section.scrollIntoView({ block: "start" });
};
try {
  await (await tid(browser, "nav-customers")).waitForDisplayed({ timeout: 20000 });
  await team();
  await (await tid(browser, "team-host")).setValue("127.0.0.1");
  const port = await tid(browser, "team-port");
  await port.clearValue();
  await port.setValue(String(cluster.port));
  await (await tid(browser, "team-database")).setValue("team");
  await (await tid(browser, "team-user")).setValue(ADMIN);
  await (await tid(browser, "team-password")).setValue(ADMIN_PASSWORD);
  await (await tid(browser, "team-test")).click();
  await waitText(await tid(browser, "team-answer"), /已连接/, 15000);
  await (await tid(browser, "team-admin-name")).setValue("王老板");
  await shot("team-form-zh");
  await (await tid(browser, "team-create")).click();
  await waitText(await tid(browser, "sync-label"), /已同步/, 30000);
  await (await tid(browser, "team-person-name")).setValue("李娜");
  await (await tid(browser, "team-add-person")).click();
  await (await tid(browser, "team-added-login")).waitForDisplayed({ timeout: 15000 });
  await shot("team-linked-zh");

  await (await tid(browser, "nav-settings")).click();
  await (await tid(browser, "language-select")).selectByAttribute("value", "en");
  await team();
  await (await tid(browser, "team-person-name")).setValue("Zhao Min");
  await (await tid(browser, "team-add-person")).click();
  await waitText(await tid(browser, "team-added"), /Added Zhao Min/, 15000);
  await shot("team-linked-en");

  cluster.stop();
  await waitText(await tid(browser, "sync-label"), /Offline/, 45000);
  await (await tid(browser, "nav-customers")).click();
  await createCustomer(browser, "Written While Offline");
  await (await tid(browser, "sync-pending")).waitForDisplayed({ timeout: 15000 });
  await shot("sync-offline-en");
  await (await tid(browser, "nav-settings")).click();
  await (await tid(browser, "language-select")).selectByAttribute("value", "zh");
  await (await tid(browser, "nav-customers")).click();
  await shot("sync-offline-zh");
  cluster.start();
  await waitText(await tid(browser, "sync-label"), /已同步/, 45000);
  await shot("sync-synced-zh");
} finally {
  await app.stop();
  keyring.stop();
  cluster.remove();
}
