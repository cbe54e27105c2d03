// Screenshots of the settings' "keep customer names out of notifications" (turned on), in
// Chinese and English:
//   RAPPORT_BIN=… xvfb-run -a dbus-run-session -- node tests/e2e/screenshots-privacy.mjs
import { freshProfile, launch, tid } from "./lib/app.mjs";

const out = new URL("../screenshots/", import.meta.url).pathname;

for (const [lang, locale] of [["zh", "zh_CN.UTF-8"], ["en", "en_US.UTF-8"]]) {
  const profile = freshProfile();
  const app = await launch(profile, { locale });
  try {
    const { browser } = app;
    await (await tid(browser, "nav-settings")).click();
    const box = await tid(browser, "set-private-notifications");
    await box.waitForDisplayed({ timeout: 20000 });
    await box.click();
    // The reminder section from its heading, the setting and its hint in view.
    await browser.execute(() => {
      const box = document.querySelector('[data-testid="set-private-notifications"]');
      box?.closest("section")?.scrollIntoView({ block: "start" });
    });
    await browser.pause(300);
    await browser.saveScreenshot(`${out}settings-private-notifications-${lang}.png`);
  } finally {
    await app.stop();
  }
}
