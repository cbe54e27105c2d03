// The foundation journey in the real app: create a company customer with two contacts and
// three tags, find it by tag and by search, hit the "lost needs a reason" field error, fix it,
// trash and restore it, quit, start again: it is still there with its tags.
import { test } from "node:test";
import assert from "node:assert/strict";
import { freshProfile, launch, tid, waitText } from "./lib/app.mjs";

const NAME = "Hangzhou Yunqi Technology";
const TAGS = ["VIP", "East China", "Expo2026"];

async function typeInto(browser, id, value) {
  const el = await tid(browser, id);
  await el.waitForDisplayed({ timeout: 8000 });
  await el.setValue(value);
}

const row = (browser, name) => browser.$(`[data-testid="customer-row"][data-name="${name}"]`);

async function createCustomer(browser, { name, contacts = [], tags = [], phone }) {
  await (await tid(browser, "nav-customers")).click();
  await (await tid(browser, "new-customer")).click();
  await (await tid(browser, "field-kind")).selectByAttribute("value", "company");
  await typeInto(browser, "field-name", name);
  await typeInto(browser, "field-company", name);
  if (phone) {
    if (!(await (await tid(browser, "phone-0")).isExisting())) await (await tid(browser, "add-phone")).click();
    await typeInto(browser, "phone-0", phone);
  }
  for (const [i, c] of contacts.entries()) {
    await (await tid(browser, "add-contact")).click();
    await typeInto(browser, `contact-name-${i}`, c);
  }
  for (const t of tags) {
    const input = await tid(browser, "tag-input");
    await input.setValue(t);
    await browser.keys("Enter");
  }
  await (await tid(browser, "save-customer")).click();
  await (await tid(browser, "detail-name")).waitForDisplayed({ timeout: 8000 });
  await waitText(await tid(browser, "detail-name"), new RegExp(name));
}

test("customer journey: create, filter, search, lost reason, trash, restore, restart", async () => {
  const profile = freshProfile();
  let app = await launch(profile, { locale: "en_US.UTF-8" });
  try {
    const { browser } = app;
    await (await tid(browser, "new-customer")).waitForDisplayed({ timeout: 20000 });
    await createCustomer(browser, {
      name: NAME, contacts: ["Wang Fang", "Li Lei"], tags: TAGS, phone: "+86 138 0013 8000",
    });
    await createCustomer(browser, { name: "Other Person Ltd" });

    // Find it by tag filter …
    await (await tid(browser, "nav-customers")).click();
    await (await row(browser, "Other Person Ltd")).waitForDisplayed({ timeout: 8000 });
    const chip = await browser.$(`[data-testid="tag-filter"][data-name="Expo2026"]`);
    await chip.click();
    await (await row(browser, "Other Person Ltd")).waitForExist({ reverse: true, timeout: 8000 });
    assert.ok(await (await row(browser, NAME)).isDisplayed(), "tagged customer shown by tag filter");
    await chip.click();
    await (await row(browser, "Other Person Ltd")).waitForDisplayed({ timeout: 8000 });

    // … and by search (phone digits typed without spaces).
    await typeInto(browser, "search-input", "13800138000");
    await (await row(browser, "Other Person Ltd")).waitForExist({ reverse: true, timeout: 8000 });
    assert.ok(await (await row(browser, NAME)).isDisplayed(), "found by phone search");
    await typeInto(browser, "search-input", "yunqi");
    await (await row(browser, NAME)).waitForDisplayed({ timeout: 8000 });

    // Stage "lost" without a reason: a field error, nothing saved.
    await (await row(browser, NAME)).click();
    if (await (await tid(browser, "edit-customer")).isExisting()) await (await tid(browser, "edit-customer")).click();
    await (await tid(browser, "field-stage")).selectByAttribute("value", "lost");
    await (await tid(browser, "save-customer")).click();
    const fieldError = await tid(browser, "field-error-lostReason");
    await fieldError.waitForDisplayed({ timeout: 8000 });
    await waitText(fieldError, /reason|required/i);
    await typeInto(browser, "field-lostReason", "Chose a competitor");
    await (await tid(browser, "save-customer")).click();
    await fieldError.waitForExist({ reverse: true, timeout: 8000 });

    // Trash, then restore from the trash.
    if (await (await tid(browser, "edit-customer")).isExisting()) await (await tid(browser, "edit-customer")).click();
    await (await tid(browser, "delete-customer")).click();
    await (await tid(browser, "detail-name")).waitForExist({ reverse: true, timeout: 8000 });
    await (await tid(browser, "nav-trash")).click();
    const trashed = await browser.$(`[data-testid="trash-row"][data-name="${NAME}"]`);
    await trashed.waitForDisplayed({ timeout: 8000 });
    await (await trashed.$(`[data-testid="restore-button"]`)).click();
    await trashed.waitForExist({ reverse: true, timeout: 8000 });
    await (await tid(browser, "nav-customers")).click();
    await (await tid(browser, "search-input")).clearValue();
    await (await row(browser, NAME)).waitForDisplayed({ timeout: 8000 });
  } finally {
    await app.stop();
  }

  // Quit and start again: the customer is still there with its three tags.
  app = await launch(profile, { locale: "en_US.UTF-8" });
  try {
    const { browser } = app;
    const again = await row(browser, NAME);
    await again.waitForDisplayed({ timeout: 20000 });
    await again.click();
    await (await tid(browser, "detail-name")).waitForDisplayed({ timeout: 8000 });
    await browser.waitUntil(async () => (await browser.$$(`[data-testid="detail-tag"]`)).length === 3, {
      timeout: 8000, timeoutMsg: "three tags after restart",
    });
    const tags = [];
    for (const el of await browser.$$(`[data-testid="detail-tag"]`)) tags.push(String(await el.getProperty("textContent")).trim());
    assert.deepEqual(tags.sort(), [...TAGS].sort());
    // The two key contacts came back too.
    const contacts = [];
    for (const i of [0, 1]) contacts.push(await (await tid(browser, `contact-name-${i}`)).getValue());
    assert.deepEqual(contacts, ["Wang Fang", "Li Lei"]);
    assert.equal(await (await tid(browser, "field-stage")).getValue(), "lost");
    assert.equal(await (await tid(browser, "field-lostReason")).getValue(), "Chose a competitor");
  } finally {
    await app.stop();
  }
});
