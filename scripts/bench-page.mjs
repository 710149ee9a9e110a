// `make bench` (the page): what a user of the page feels, measured on the real page in headless
// Chromium (figures, not tests):
// - ready: from navigation to an editor that takes typing (wasm loaded, CodeMirror mounted);
// - frames: with a 100K events/s stream running at ×1, how many frames the page draws a second
//   and the longest gap between two;
// - latency: from the virtual moment a window closes to its rows in the DOM, for one-second
//   windows (the moment as the clock's first reading maps virtual time to wall time at ×1, so
//   a clock that falls behind counts against the page).
import { chromium } from 'playwright-core';
import { serve } from './serve.mjs';

const SECONDS = Number(process.env.KDALITE_BENCH_PAGE_SECONDS ?? 20);
const APP = `CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (ticker_symbol VARCHAR(4), avg_price DOUBLE, trades INTEGER);
CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
  SELECT STREAM ticker_symbol, AVG(price), COUNT(*) FROM "SOURCE_SQL_STREAM_001"
  GROUP BY ticker_symbol, STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '1' SECOND);`;

const server = await serve(new URL('../www/', import.meta.url).pathname, 0);
const url = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});

const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))];

try {
  // Ready, five fresh pages (a new context each: nothing cached).
  const ready = [];
  for (let i = 0; i < 5; i++) {
    const page = await browser.newPage();
    await page.goto(url);
    const at = await page.waitForFunction(() => document.querySelector('#sql-editor .cm-content') && performance.now(), null, { polling: 'raf' });
    ready.push(await at.jsonValue());
    await page.close();
  }
  console.log(`page ready (navigation to editor usable): median ${percentile(ready, 0.5).toFixed(0)} ms, slowest ${Math.max(...ready).toFixed(0)} ms of ${ready.length}`);

  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  await page.goto(url);
  await page.waitForSelector('#sql-editor .cm-content');
  await page.locator('#sql-editor .cm-content').fill(APP);
  await page.fill('#rate', '100000');
  await page.locator('#rate').dispatchEvent('change');
  await page.waitForFunction(() => document.querySelector('#rate').value === '100000');
  await page.evaluate(() => {
    const seen = { frames: [], clocks: [], rows: [] };
    window.seen = seen;
    const frame = (t) => { seen.frames.push(t); requestAnimationFrame(frame); };
    requestAnimationFrame(frame);
    new MutationObserver(() => {
      const now = performance.now();
      // The clock's readings once it moves (STARTING takes half a second, clock still).
      const clock = document.querySelector('#clock')?.textContent;
      const running = document.querySelector('#app-status')?.textContent === 'RUNNING';
      if (running && clock && clock !== seen.clocks.at(-1)?.[1]) seen.clocks.push([now, clock]);
      // The output's count, and the newest row's ROWTIME (its window's end), as drawn.
      const tab = [...document.querySelectorAll('#results-tabs .tab')].find((t) => t.textContent.startsWith('DESTINATION_SQL_STREAM'));
      const count = Number(tab?.querySelector('.count')?.textContent ?? 0);
      const last = seen.rows.at(-1);
      if (count > (last?.[1] ?? 0)) {
        const top = document.querySelector('#results-table[data-stream="DESTINATION_SQL_STREAM"] tbody tr:not(.spacer) td');
        seen.rows.push([now, count, top?.textContent]);
      }
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  });
  await page.click('#run');
  await page.waitForTimeout(SECONDS * 1000);
  const seen = await page.evaluate(() => window.seen);
  await page.click('#stop');

  const utc = (text) => Date.parse(`${text.replace(' ', 'T')}Z`);
  // Frames while it ran: from the first clock reading on.
  const start = seen.clocks[0][0];
  const frames = seen.frames.filter((t) => t >= start);
  const gaps = frames.slice(1).map((t, i) => t - frames[i]);
  const span = (frames.at(-1) - frames[0]) / 1000;
  console.log(`frames with 100K events/s at ×1: ${(frames.length / span).toFixed(1)} per second over ${span.toFixed(0)} s, `
    + `p99 gap ${percentile(gaps, 0.99).toFixed(0)} ms, longest ${Math.max(...gaps).toFixed(0)} ms`);
  const [wall0, clock0] = seen.clocks[0];
  const virtual0 = utc(clock0);
  const latency = seen.rows.filter(([, , end]) => end).map(([at, , end]) => at - (wall0 + (utc(end) - virtual0)));
  const last = seen.clocks.at(-1);
  const behind = (last[0] - wall0) - (utc(last[1]) - virtual0);
  console.log(`window close to row in the DOM: p50 ${percentile(latency, 0.5).toFixed(0)} ms, p99 ${percentile(latency, 0.99).toFixed(0)} ms `
    + `over ${latency.length} windows; the clock ended ${behind.toFixed(0)} ms behind the wall`);
  await page.close();
} finally {
  await browser.close();
  server.close();
}
