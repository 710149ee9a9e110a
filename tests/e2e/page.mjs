// The page in headless Chromium for the end-to-end tests: serves www/ itself and launches
// Chromium (no download: Debian's, or $CHROMIUM), and drives the page as a user would.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { chromium } from 'playwright-core';
import { serve } from '../../scripts/serve.mjs';

export const ARTIFACTS = new URL('./artifacts/', import.meta.url).pathname;
let server;
let browser;
let url;

before(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  server = await serve(new URL('../../www/', import.meta.url).pathname, 0);
  url = `http://127.0.0.1:${server.address().port}/`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  await new Promise((ok) => (server ? server.close(ok) : ok()));
});

// A fresh page, and the problems it reports: page errors, console errors, and any request
// outside the page's own server.
export async function openPage(viewport = { width: 1280, height: 800 }, path = '') {
  const page = await browser.newPage({ viewport });
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  page.on('request', (r) => { if (!r.url().startsWith(url)) problems.push(`request outside the page: ${r.url()}`); });
  // The bytes each response took on the wire (compressed as sent), headers included.
  const sizes = [];
  // A size asked for as the page closes is never known: marked handled, so that it fails only
  // a test that reads `transferred()` (not the run, as an unhandled rejection after the test).
  page.on('requestfinished', (r) => {
    const size = r.sizes().then((s) => s.responseHeadersSize + s.responseBodySize);
    size.catch(() => {});
    sizes.push(size);
  });
  const transferred = async () => (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
  await page.goto(url + path);
  if (!path) await page.waitForSelector('#sql-editor .cm-content');
  return { page, problems, transferred };
}

// Types into a field and commits it, as leaving the field does.
export async function setField(page, selector, value) {
  await page.fill(selector, value);
  await page.locator(selector).dispatchEvent('change');
}

// Loads a file as the source (a path, or { name, mimeType, buffer }) feeding `stream`.
export async function loadFile(page, file, stream) {
  await page.setInputFiles('#file', file);
  await page.waitForFunction(() => document.querySelector('#generator')?.value === 'file');
  await setField(page, '#stream', stream);
}

// Waits until the element's text matches `pattern` (the page draws a change a moment after it
// takes it in), and returns the text.
export async function textMatching(page, selector, pattern) {
  await page.waitForFunction(([sel, source, flags]) => new RegExp(source, flags).test(document.querySelector(sel)?.textContent ?? ''),
    [selector, pattern.source, pattern.flags]);
  return page.textContent(selector);
}

// The SQL editor (CodeMirror) in a page or a frame: its text, and replacing it as a paste would.
export async function sqlText(target) {
  return target.locator('#sql-editor .cm-content').evaluate((el) => el.closest('#sql-editor').cmView.state.doc.toString());
}

export async function setSql(target, text) {
  await target.locator('#sql-editor .cm-content').fill(text);
}

// Every row the shown stream holds, as its JSON lines download gives them: not only the rows
// drawn in view, which a redraw can change between two reads.
export async function downloadedRows(page) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('.downloads button.jsonl')]);
  const text = Buffer.concat(await (await download.createReadStream()).toArray()).toString();
  return text.split('\n').filter((line) => line.trim()).map((line) => JSON.parse(line));
}

// Picks the template whose name matches `pattern` in the templates menu; none is a failure.
export async function selectTemplate(page, pattern) {
  const index = await page.locator('#template option').evaluateAll((options, [source, flags]) =>
    options.slice(1).findIndex((o) => new RegExp(source, flags).test(o.textContent)), [pattern.source, pattern.flags]);
  assert.ok(index >= 0, `a template named ${pattern}`);
  await page.selectOption('#template', String(index));
}
