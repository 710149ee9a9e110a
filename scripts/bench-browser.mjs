// `make bench` (browser half): runs the benchmark scenarios of src/bench.rs in headless
// Chromium against the release build of the page, and prints events per second.
import { chromium } from 'playwright-core';
import { serve } from './serve.mjs';

const rows = Number(process.env.KDALITE_BENCH_ROWS ?? 2000000);
const server = await serve(new URL('../www/', import.meta.url).pathname, 0);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  // KDALITE_BENCH_ONLY=nexmark runs only the scenarios whose name holds the word, as natively.
  const only = encodeURIComponent(process.env.KDALITE_BENCH_ONLY ?? '');
  await page.goto(`http://127.0.0.1:${server.address().port}/bench.html?rows=${rows}&only=${only}`);
  await page.waitForFunction(() => window.benchmarkResults, null, { timeout: 600_000 });
  const results = await page.evaluate(() => window.benchmarkResults);
  console.log(`${'scenario (wasm, Chromium)'.padEnd(32)} ${'events'.padStart(12)} ${'events/s'.padStart(14)} ${'rows out'.padStart(10)}`);
  for (const r of results) {
    console.log(`${r.name.padEnd(32)} ${String(r.events).padStart(12)} ${(r.events / r.seconds).toFixed(0).padStart(14)} ${String(r.rows_out).padStart(10)}`);
  }
} finally {
  await browser.close();
  server.close();
}
