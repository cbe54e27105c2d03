// Benchmark (figures, not assertions): the pipeline board's first render and scrolling with
// 2,000 customers in the real app under Xvfb. The demo book is loaded 10 times (10 × 200
// customers), then the board is opened: time from the click to the first cards painted, the
// cards in the DOM (virtualised columns keep it small), and the frame times while each column
// is scrolled through. Run: RAPPORT_BIN=… xvfb-run -a dbus-run-session -- node tests/e2e/bench-board.mjs
import { freshProfile, launch, tid } from "./lib/app.mjs";

const LOADS = Number(process.env.RAPPORT_BENCH_LOADS ?? 10);
const app = await launch(freshProfile(), { locale: "zh_CN.UTF-8" });
const { browser } = app;
const percentile = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
try {
  await (await tid(browser, "load-demo")).waitForDisplayed({ timeout: 20000 });
  for (let i = 0; i < LOADS; i++) {
    await browser.execute(() => window.__TAURI_INTERNALS__.invoke("load_demo_data"));
  }
  const total = await browser.execute(() =>
    window.__TAURI_INTERNALS__.invoke("pipeline_board", { query: {}, perColumn: 1 })
      .then((b) => b.columns.reduce((n, c) => n + c.count, 0)));

  const runs = [];
  for (let run = 0; run < 5; run++) {
    await (await tid(browser, "nav-customers")).click();
    await (await tid(browser, "new-customer")).waitForDisplayed({ timeout: 8000 });
    // Click and wait for painted cards inside the page, so WebDriver round trips are not timed.
    const ms = await browser.executeAsync((done) => {
      const t0 = performance.now();
      document.querySelector('[data-testid="nav-pipeline"]').click();
      const poll = () => {
        if (document.querySelector('[data-testid="pipeline-card"]')) {
          requestAnimationFrame(() => done(performance.now() - t0)); // after the next paint
        } else requestAnimationFrame(poll);
      };
      poll();
    });
    runs.push(ms);
  }
  const dom = await browser.execute(() => document.querySelectorAll('[data-testid="pipeline-card"]').length);

  // The same frame loop without scrolling: what this display gives at best.
  const idle = await browser.executeAsync((done) => {
    const gaps = [];
    let last = performance.now();
    const step = (now) => {
      gaps.push(now - last);
      last = now;
      if (gaps.length > 60) return done(gaps.slice(1));
      requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  });
  // Scroll every column from top to bottom, 120 px per frame, and record the frame gaps.
  const frames = await browser.executeAsync((done) => {
    const scrollers = [...document.querySelectorAll('[data-testid^="pipeline-scroller-"]')];
    const gaps = [];
    let i = 0;
    let last = performance.now();
    const step = (now) => {
      gaps.push(now - last);
      last = now;
      const s = scrollers[i];
      if (!s) return done(gaps.slice(1));
      if (s.scrollTop + s.clientHeight >= s.scrollHeight - 1) i++;
      else s.scrollTop += 120;
      requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  });
  console.log(`board with ${total} customers (${LOADS} demo loads)`);
  console.log(`first render: p50 ${percentile(runs, 0.5).toFixed(0)} ms, max ${Math.max(...runs).toFixed(0)} ms (${runs.map((r) => r.toFixed(0)).join(", ")})`);
  console.log(`cards in the DOM after the first render: ${dom}`);
  console.log(`idle frame loop: frame time p50 ${percentile(idle, 0.5).toFixed(1)} ms, max ${Math.max(...idle).toFixed(1)} ms`);
  console.log(`scrolling all columns: ${frames.length} frames, frame time p50 ${percentile(frames, 0.5).toFixed(1)} ms, p95 ${percentile(frames, 0.95).toFixed(1)} ms, max ${Math.max(...frames).toFixed(1)} ms`);
} finally {
  await app.stop();
}
