// A 200 MB CSV loaded through the page and passed through a query: every record is read,
// every good row comes out, the bad ones land in error_stream (read = out + errors), the engine's memory stays far below the file's size (the page reads the file
// a chunk at a time), and the page keeps painting frames while it reads.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ARTIFACTS, loadFile, openPage, setSql, textMatching } from './page.mjs';

const MB = 1e6;
const TARGET_BYTES = 200 * MB;
// One row in this many has a reading that is not a number.
const BAD_EVERY = 1_000_000;

let dir;
after(async () => dir && rm(dir, { recursive: true, force: true }));

// Writes the file; returns its path and how many rows it has, good and bad.
async function writeCsv() {
  dir = await mkdtemp(join(tmpdir(), 'kdalite-large-'));
  const path = join(dir, 'readings.csv');
  const out = createWriteStream(path);
  out.write('sensor,reading,site,note\n');
  let rows = 0;
  let bad = 0;
  let bytes = 0;
  while (bytes < TARGET_BYTES) {
    let block = '';
    for (let i = 0; i < 10_000; i++, rows++) {
      const broken = rows % BAD_EVERY === BAD_EVERY - 1;
      bad += broken ? 1 : 0;
      const reading = broken ? 'n/a' : ((rows * 7919) % 10_000 / 100).toFixed(2);
      block += `s${rows % 500},${reading},"Site ${rows % 37}, hall ${rows % 5}",row ${rows}\n`;
    }
    bytes += Buffer.byteLength(block);
    if (!out.write(block)) await new Promise((ok) => out.once('drain', ok));
  }
  await new Promise((ok, fail) => out.end((e) => (e ? fail(e) : ok())));
  return { path, rows, bad };
}

test('a 200 MB CSV streams through the page in chunks: all rows read, bounded memory, frames keep coming', { timeout: 600_000 }, async () => {
  const { path, rows, bad } = await writeCsv();
  const size = (await stat(path)).size;
  const { page, problems } = await openPage();
  await loadFile(page, path, 'READINGS');
  await textMatching(page, '#source-schema', /"READINGS" \(SENSOR VARCHAR, READING DOUBLE, SITE VARCHAR, NOTE VARCHAR\)/);
  await setSql(page, 'SELECT STREAM * FROM READINGS;');

  // The gaps between painted frames, measured in the page while it reads.
  await page.evaluate(() => {
    window.frameGaps = [];
    let last = performance.now();
    const frame = (t) => { window.frameGaps.push(t - last); last = t; requestAnimationFrame(frame); };
    requestAnimationFrame(frame);
  });
  const started = Date.now();
  await page.click('#run');
  const metric = async (name) => Number((await page.textContent('#metrics')).match(new RegExp(`${name} (\\d+)`))[1]);
  await page.waitForFunction((expected) => document.querySelector('#metrics')?.textContent.includes(`read ${expected}`),
    rows, { timeout: 540_000, polling: 500 });
  const seconds = (Date.now() - started) / 1000;
  const memory = Number(await page.getAttribute('#memory', 'data-bytes'));
  const gaps = await page.evaluate(() => window.frameGaps.slice(1));
  await page.screenshot({ path: `${ARTIFACTS}large-file.png` });

  assert.equal(await metric('in'), rows - bad, 'every good row is read');
  assert.equal(await metric('out'), rows - bad, 'every good row comes out');
  assert.equal(await metric('errors'), bad, 'every bad row is in error_stream');
  // The table draws only the rows in view of the 2,000 it keeps; scrolled down, the oldest.
  const drawn = () => page.locator('#results-table tbody tr:not(.spacer)').allTextContents();
  const top = await drawn();
  assert.ok(top.length > 10 && top.length < 100, `${top.length} rows drawn`);
  await page.locator('.table-wrap').evaluate((e) => { e.scrollTop = e.scrollHeight; e.dispatchEvent(new Event('scroll')); });
  await page.waitForFunction((first) => document.querySelector('#results-table tbody tr:not(.spacer)')?.textContent !== first, top[0]);
  const bottom = await drawn();
  assert.ok(bottom.length < 100, `${bottom.length} rows drawn at the bottom`);
  const rowNumber = (text) => Number(text.match(/row (\d+)$/)[1]);
  // The last step's rows are one block, in the order they came; 2,000 of them are kept.
  assert.equal(Math.abs(rowNumber(top[0]) - rowNumber(bottom.at(-1))), 1999, 'the top and the bottom of the 2,000 rows kept');
  // Each bad row with its raw text, quoted as the file has it, and the column at fault.
  await page.click('#results-tabs button:has-text("error_stream")');
  const errors = await page.locator('#results-table[data-stream="error_stream"] tbody tr:not(.spacer)').allTextContents();
  assert.equal(errors.length, bad);
  assert.ok(errors.every((e) => /s\d+,n\/a,"Site \d+, hall \d",row \d+/.test(e) && e.includes("column READING: 'n/a' is not a valid DOUBLE")), errors[0]);
  const longest = Math.max(...gaps);
  const frames = gaps.length;
  console.log(`large file: ${(size / MB).toFixed(0)} MB, ${rows} rows in ${seconds.toFixed(1)} s ` +
    `(${(size / MB / seconds).toFixed(1)} MB/s); engine memory ${(memory / MB).toFixed(0)} MB; ` +
    `${frames} frames, longest gap ${longest.toFixed(0)} ms`);
  assert.ok(memory < size / 4, `the engine held ${(memory / MB).toFixed(0)} MB of a ${(size / MB).toFixed(0)} MB file`);
  // A page that froze while reading would paint nothing until the end: one gap as long as the load.
  assert.ok(longest < (seconds * 1000) / 10, `a frame waited ${longest.toFixed(0)} ms in a ${seconds.toFixed(1)} s load`);
  assert.deepEqual(problems, []);
  await page.close();
});
