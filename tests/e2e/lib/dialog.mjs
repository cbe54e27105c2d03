// Drives the real native file dialog (GTK's file chooser, opened by rfd) under Xvfb with
// xdotool, as a user would: wait for the dialog window by its title, focus it, ctrl+L to type
// a location, the path, Return. Paths must be ASCII (xdotool types through the keymap), and a
// file in the profile's root must not start like its folders (book/, config/, data/): GTK
// completes a typed name inline, and a completion landing mid-typing picks the folder.
import { execFileSync } from "node:child_process";
import { tid, waitText } from "./app.mjs";

/** Windows whose title is `title`. Compared here, not by xdotool's regex, which does not
 *  match Chinese titles in the C locale CI runs in. */
function windowsNamed(title) {
  const run = (args) => execFileSync("xdotool", args, { encoding: "utf8" });
  let ids = [];
  try {
    ids = run(["search", "--name", ""]).split("\n").filter(Boolean);
  } catch {
    return []; // xdotool exits 1 when nothing matches
  }
  return ids.filter((id) => {
    try {
      return run(["getwindowname", id]).trim() === title;
    } catch {
      return false; // closed meanwhile
    }
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Waits for the dialog titled `title` and answers it with `path`; returns its window id. */
export async function answerFileDialog(title, path, timeout = 15000) {
  const deadline = Date.now() + timeout;
  const x = (...args) => execFileSync("xdotool", args, { stdio: ["ignore", "ignore", "pipe"] });
  // An earlier dialog with the same title may linger unmapped: focus the one that takes it.
  let id = null;
  while (id === null) {
    if (Date.now() > deadline) throw new Error(`no dialog titled “${title}” after ${timeout} ms`);
    for (const candidate of windowsNamed(title).reverse()) {
      try {
        x("windowfocus", "--sync", candidate);
        id = candidate;
        break;
      } catch {
        /* not mapped (yet, or any more) */
      }
    }
    await sleep(300);
  }
  await sleep(500); // the chooser maps, then takes keyboard input
  x("key", "--window", id, "--clearmodifiers", "ctrl+l");
  await sleep(300);
  // A save dialog pre-fills the name (its stem selected): replace all of it.
  x("key", "--window", id, "--clearmodifiers", "ctrl+a");
  x("type", "--window", id, "--delay", "20", path);
  await sleep(300);
  x("key", "--window", id, "Return");
  // A save dialog asks before overwriting; the tests always save to a new path.
  const gone = Date.now() + 8000;
  while (windowsNamed(title).includes(id) && Date.now() < gone) await sleep(200);
  return id;
}

/** Exports the whole book from the customer list in `format` ("xlsx", "json" …) through the
 *  save dialog (titled 保存到: the Chinese UI) to `path`, and waits for the done message. */
export async function exportBook(browser, format, path) {
  await (await tid(browser, "nav-customers")).click();
  await (await tid(browser, "export-button")).click();
  await (await tid(browser, `export-format-${format}`)).click();
  await (await tid(browser, "export-scope-all")).click();
  await (await tid(browser, "export-run")).click();
  await answerFileDialog("保存到", path);
  const name = path.split("/").pop().replace(/[.]/g, "\\.");
  await waitText(await tid(browser, "export-done"), new RegExp(name), 15000);
}
