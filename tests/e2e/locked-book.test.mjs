// A book held by another program: the app starts and says so clearly instead of crashing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { freshProfile, launch, tid, waitText } from "./lib/app.mjs";

const HOLD_LOCK = `
import fcntl, sys, time
f = open(sys.argv[1], "a")
fcntl.flock(f, fcntl.LOCK_EX)  # the same lock sled takes on its db file
print("locked", flush=True)
time.sleep(120)
`;

test("a book locked by another program gives a clear message", async () => {
  const profile = freshProfile();
  mkdirSync(profile.dataDir, { recursive: true });
  const holder = spawn("python3", ["-c", HOLD_LOCK, join(profile.dataDir, "db")], { stdio: ["ignore", "pipe", "inherit"] });
  await new Promise((resolve, reject) => {
    holder.stdout.once("data", resolve);
    holder.once("exit", (code) => reject(new Error(`lock holder exited ${code}`)));
  });
  try {
    const app = await launch(profile, { locale: "en_US.UTF-8" });
    try {
      const screen = await tid(app.browser, "startup-error");
      await screen.waitForDisplayed({ timeout: 20000 });
      await waitText(screen, /open in another program/i);
      assert.equal(await (await tid(app.browser, "customer-row")).isExisting(), false);
    } finally {
      await app.stop();
    }
  } finally {
    holder.kill();
  }
});
