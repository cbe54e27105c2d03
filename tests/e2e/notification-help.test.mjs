// No notification service on the session bus (a bus of its own, with no services to start):
// the app says how to enable notifications, in the user's language, until the user dismisses
// the hint; the dismissal survives a restart.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freshProfile, launch, tid, waitText } from "./lib/app.mjs";

/** A session bus that cannot start any service (so no notification daemon is activated). */
async function bareBus() {
  const dir = mkdtempSync(join(tmpdir(), "rapport-bus-"));
  const config = join(dir, "bus.conf");
  writeFileSync(config, `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir=${dir}</listen>
  <policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy>
</busconfig>
`);
  const proc = spawn("dbus-daemon", ["--config-file", config, "--nofork", "--print-address"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const address = await new Promise((resolve, reject) => {
    let out = "";
    proc.stdout.setEncoding("utf8");
    proc.stdout.on("data", (d) => {
      out += d;
      if (out.includes("\n")) resolve(out.trim());
    });
    proc.once("exit", () => reject(new Error("dbus-daemon did not start")));
  });
  return { proc, address };
}

function stopProcess(proc) {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    proc.once("exit", resolve);
    proc.kill();
  });
}

const status = (browser) => browser.execute(() => window.__TAURI_INTERNALS__.invoke("notification_status"));

test("without a notification service the app explains how to enable notifications, until dismissed", async () => {
  const bus = await bareBus();
  const saved = process.env.DBUS_SESSION_BUS_ADDRESS;
  process.env.DBUS_SESSION_BUS_ADDRESS = bus.address;
  const profile = freshProfile();
  let app;
  try {
    app = await launch(profile, { locale: "zh_CN.UTF-8" });
    let { browser } = app;
    const help = await tid(browser, "notification-help");
    await help.waitForDisplayed({ timeout: 20000 });
    await waitText(help, /dunst/);
    await waitText(help, /通知/);
    const s = await status(browser);
    assert.equal(s.available, false);
    assert.match(s.help, /通知服务/);

    await (await tid(browser, "notification-help-dismiss")).click();
    await help.waitForExist({ reverse: true, timeout: 8000 });
    assert.deepEqual(await status(browser), { available: false, help: null });

    await app.stop();
    app = await launch(profile, { locale: "zh_CN.UTF-8" });
    browser = app.browser;
    await (await tid(browser, "nav-customers")).waitForDisplayed({ timeout: 20000 });
    assert.deepEqual(await status(browser), { available: false, help: null }, "dismissed for good");
    assert.equal(await (await tid(browser, "notification-help")).isExisting(), false);
  } finally {
    if (app) await app.stop();
    if (saved === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
    else process.env.DBUS_SESSION_BUS_ADDRESS = saved;
    await stopProcess(bus.proc);
  }
});
