// Screenshots of the start-up screen after a restore that did not finish (the book folder
// gone, the staged backup and the book from before next to it), in Chinese and English:
//   RAPPORT_BIN=… xvfb-run -a dbus-run-session -- node tests/e2e/screenshots-trust.mjs
import { mkdirSync } from "node:fs";
import { freshProfile, launch, tid } from "./lib/app.mjs";

const out = new URL("../screenshots/", import.meta.url).pathname;

for (const [lang, locale] of [["zh", "zh_CN.UTF-8"], ["en", "en_US.UTF-8"]]) {
  const profile = freshProfile();
  // What a swap that failed between its two moves leaves: no book, the staged one, the old one.
  mkdirSync(`${profile.dataDir}-staged`, { recursive: true });
  mkdirSync(`${profile.dataDir}-replaced-1765000000000`, { recursive: true });
  const app = await launch(profile, { locale });
  try {
    const screen = await tid(app.browser, "startup-error");
    await screen.waitForDisplayed({ timeout: 20000 });
    await (await tid(app.browser, "restore-finish")).waitForDisplayed({ timeout: 5000 });
    await app.browser.saveScreenshot(`${out}restore-unfinished-${lang}.png`);
  } finally {
    await app.stop();
  }
}
