// The shared pool's set-up for team-pool.test.mjs and screenshots-team-pool.mjs: a throwaway
// PostgreSQL, A (admin) creates the team book and adds B (a salesperson), A's customer is put
// in the pool on the server, and B joins in a second window (its own tauri-driver port).
import { createCustomer, freshProfile, launch, SECOND_PORT, tid, waitText } from "./app.mjs";
import { ADMIN, ADMIN_PASSWORD, startCluster } from "./postgres.mjs";
import { startKeyring } from "./keyring.mjs";

export async function fillLogin(browser, { port, user, password }) {
  await (await tid(browser, "nav-settings")).click();
  await (await tid(browser, "team-host")).waitForDisplayed({ timeout: 8000 });
  await (await tid(browser, "team-host")).setValue("127.0.0.1");
  const portInput = await tid(browser, "team-port");
  await portInput.clearValue();
  await portInput.setValue(String(port));
  await (await tid(browser, "team-database")).setValue("team");
  await (await tid(browser, "team-user")).setValue(user);
  await (await tid(browser, "team-password")).setValue(password);
}

export async function synced(browser, timeout = 45000) {
  await waitText(await tid(browser, "sync-label"), /^(Synced|已同步)$/, timeout);
}

/** Starts everything; `pooled` are the names of A's customers put in the pool, `bCustomers`
 * those B's own book holds before it joins; `onPreview(browser)` runs while B's join shows
 * its counts. Returns { cluster, a, b, stop }. */
export async function poolTeam({ pooled, kept = [], locale = "en_US.UTF-8", bName = "Li Na", bCustomers = [], onPreview }) {
  const cluster = await startCluster();
  const keyring = await startKeyring();
  let a;
  let b;
  const stop = async () => {
    if (b) await b.stop();
    if (a) await a.stop();
    keyring.stop();
    cluster.remove();
  };
  try {
    a = await launch(freshProfile(), { locale });
    await fillLogin(a.browser, { port: cluster.port, user: ADMIN, password: ADMIN_PASSWORD });
    await (await tid(a.browser, "team-admin-name")).setValue("Boss Wang");
    await (await tid(a.browser, "team-create")).click();
    await (await tid(a.browser, "team-linked")).waitForDisplayed({ timeout: 20000 });
    await synced(a.browser);
    await (await tid(a.browser, "team-person-name")).setValue(bName);
    await (await tid(a.browser, "team-add-person")).click();
    const login = await (await tid(a.browser, "team-added-login")).getText();
    const password = await (await tid(a.browser, "team-added-password")).getText();

    for (const name of [...pooled, ...kept]) {
      await (await tid(a.browser, "nav-customers")).click();
      await createCustomer(a.browser, name);
    }
    await synced(a.browser);
    // Into the pool on the server (the set-up: the cluster's superuser, past row-level security).
    for (const name of pooled) {
      cluster.psql("team", `update rapport.customers set owner = null where data->>'name' = '${name}'`);
    }

    b = await launch(freshProfile(), { locale, port: SECOND_PORT });
    for (const name of bCustomers) {
      await (await tid(b.browser, "nav-customers")).click();
      await createCustomer(b.browser, name);
    }
    await fillLogin(b.browser, { port: cluster.port, user: login, password });
    await (await tid(b.browser, "team-join")).click();
    await (await tid(b.browser, "team-join-preview")).waitForDisplayed({ timeout: 20000 });
    if (onPreview) await onPreview(b.browser);
    await (await tid(b.browser, "team-join-confirm")).click();
    await waitText(await tid(b.browser, "team-linked"), new RegExp(login), 20000);
    await synced(b.browser);
    return { cluster, a, b, login, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
