// A throwaway PostgreSQL cluster for team-mode journeys (the recipe of PLATFORM.md, like
// rapport-sync's tests/support): initdb + pg_ctl in a temp folder on a free loopback port, as
// the `postgres` user when run as root (initdb refuses root). stop() ends it; start() again
// brings it back on the same port; remove() stops it if running and deletes its folder.
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import net from "node:net";

export const ADMIN = "admin";
export const ADMIN_PASSWORD = "admin-pw-for-e2e";

function pgBin() {
  if (process.env.RAPPORT_PG_BIN) return process.env.RAPPORT_PG_BIN;
  const versions = readdirSync("/usr/lib/postgresql").map(Number).filter((v) => v > 0).sort((a, b) => b - a);
  for (const v of versions) {
    const bin = `/usr/lib/postgresql/${v}/bin`;
    if (existsSync(join(bin, "pg_ctl"))) return bin;
  }
  throw new Error("PostgreSQL is not installed (src-tauri/scripts/setup.sh --test installs it)");
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => { const { port } = s.address(); s.close(() => resolve(port)); });
    s.once("error", reject);
  });
}

export async function startCluster() {
  const bin = pgBin();
  const dir = mkdtempSync(join(tmpdir(), "rapport-pg-"));
  chmodSync(dir, 0o755);
  const port = await freePort();
  const asRoot = process.getuid?.() === 0;
  const run = (cmd, args) => asRoot
    ? execFileSync("runuser", ["-u", "postgres", "--", join(bin, cmd), ...args], { stdio: "pipe" })
    : execFileSync(join(bin, cmd), args, { stdio: "pipe" });
  writeFileSync(join(dir, "pw"), ADMIN_PASSWORD);
  if (asRoot) execFileSync("chown", ["-R", "postgres", dir]);
  run("initdb", ["-D", join(dir, "data"), "-A", "scram-sha-256", `--pwfile=${join(dir, "pw")}`, "-U", ADMIN]);
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`;
  const cluster = {
    port,
    start: () => run("pg_ctl", ["-D", join(dir, "data"), "-o", opts, "-l", join(dir, "log"), "-w", "start"]),
    stop: () => run("pg_ctl", ["-D", join(dir, "data"), "-m", "fast", "-w", "stop"]),
    /** At the end of a run: the server stopped (if it still runs) and its folder gone. */
    remove: () => {
      try { cluster.stop(); } catch { /* already stopped */ }
      rmSync(dir, { recursive: true, force: true });
    },
    /** Runs SQL as the cluster's admin. */
    psql: (db, sql) => execFileSync(join(bin, "psql"), ["-h", "127.0.0.1", "-p", String(port), "-U", ADMIN, "-d", db, "-v", "ON_ERROR_STOP=1", "-Atc", sql],
      { env: { ...process.env, PGPASSWORD: ADMIN_PASSWORD }, encoding: "utf8" }),
  };
  cluster.start();
  cluster.psql("postgres", "create database team");
  return cluster;
}
