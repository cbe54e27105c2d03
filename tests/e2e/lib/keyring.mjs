// A Secret Service on the test's session bus: gnome-keyring-daemon with an unlocked keyring in a
// temp HOME, where the app keeps the team password (the `keyring` crate). stop() ends it by PID.
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export async function startKeyring() {
  const home = mkdtempSync(join(tmpdir(), "rapport-keyring-"));
  const daemon = spawn("gnome-keyring-daemon", ["--foreground", "--unlock", "--components=secrets"], {
    env: { ...process.env, HOME: home, XDG_DATA_HOME: join(home, "data") },
    stdio: ["pipe", "ignore", "inherit"],
  });
  daemon.stdin.end("keyring-pw-for-e2e");
  // The daemon owns org.freedesktop.secrets once it has read the password.
  await new Promise((r) => setTimeout(r, 1500));
  return { home, stop: () => { try { daemon.kill("SIGTERM"); } catch { /* gone */ } } };
}
