// End-to-end: a session shared as a link (the browser's deflate in the URL fragment) opens
// as it was: code, source, settings, speed, the application's name, small files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ARTIFACTS, loadFile, openPage, setField, setSql, textMatching } from './page.mjs';

test('Share puts the session in the link, and the link brings it back', async () => {
  const { page, problems } = await openPage();
  await page.selectOption('#generator', 'sensors');
  await setField(page, '#seed', '9');
  await setField(page, '#rate', '25');
  await setField(page, '#settings', 'jitter=2s,late=0.1');
  await page.selectOption('#speed', '10');
  await setField(page, '#app-name', 'shared-app');
  const csv = 'device_id,site\nd-1,north\nd-2,south\n';
  await page.setInputFiles('#reference-file', { name: 'sites.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.locator('#reference-schema').waitFor();
  const sql = 'SELECT STREAM s.DEVICE_ID, r.SITE FROM "SOURCE_SQL_STREAM_001" AS s LEFT JOIN "sites" AS r ON s.DEVICE_ID = r.DEVICE_ID;';
  await setSql(page, sql);
  // The page has taken every change in (the export link is named after the application).
  await page.locator('#export[download="shared-app.json"]').waitFor();
  await page.click('#share');
  await page.locator('#share-note').waitFor();
  assert.match(await page.textContent('#share-note'), /^Link copied \(\d+ characters\)/);
  const link = page.url();
  assert.match(link, /#s=[A-Za-z0-9_-]+$/);

  // A new tab that opens the link.
  const other = (await openPage()).page;
  await other.goto('about:blank');
  await other.goto(link);
  await other.waitForFunction((want) => document.querySelector('#sql-editor')?.cmView?.state.doc.toString() === want, sql);
  assert.equal(await other.inputValue('#generator'), 'sensors');
  assert.equal(await other.inputValue('#seed'), '9');
  assert.equal(await other.inputValue('#rate'), '25');
  assert.equal(await other.inputValue('#settings'), 'jitter=2s,late=0.1');
  assert.equal(await other.inputValue('#speed'), '10');
  assert.equal(await other.inputValue('#app-name'), 'shared-app');
  await textMatching(other, '#reference-schema', /reference table "sites" \(DEVICE_ID VARCHAR, SITE VARCHAR\), sites\.csv/);
  await other.click('#run');
  await other.locator('#results-table[data-stream="RESULT"] tbody tr:not(.spacer)').first().waitFor({ timeout: 30_000 });
  await other.screenshot({ path: `${ARTIFACTS}shared.png` });
  await other.click('#stop');
  await other.close();
  assert.deepEqual(problems, []);
  await page.close();
});

test('a small uploaded stream file travels in the link too', async () => {
  const { page, problems } = await openPage();
  await loadFile(page, { name: 'temps.csv', mimeType: 'text/csv', buffer: Buffer.from('city,temp\nDenver,29\nMiami,80\n') }, 'TEMPS');
  await setSql(page, 'SELECT STREAM CITY, TEMP FROM TEMPS WHERE TEMP > 50;');
  await page.click('#share');
  await page.locator('#share-note').waitFor();
  // The link pasted over an open page: only the fragment changes, and the session follows.
  const other = (await openPage()).page;
  await other.goto(page.url());
  await other.waitForFunction(() => document.querySelector('#generator')?.value === 'file');
  assert.equal(await other.inputValue('#stream'), 'TEMPS');
  await other.click('#run');
  await other.waitForFunction(() => document.querySelectorAll('#results-table[data-stream="RESULT"] tbody tr:not(.spacer)').length === 1, null, { timeout: 30_000 });
  assert.match(await other.locator('#results-table tbody tr:not(.spacer)').first().textContent(), /Miami80/);
  await other.close();
  assert.deepEqual(problems, []);
  await page.close();
});

test('sessions saved by name in this browser open again after a reload, and can be deleted', async () => {
  const { page, problems } = await openPage();
  const sql = 'SELECT STREAM DEVICE_ID, TEMPERATURE FROM "READINGS" WHERE TEMPERATURE > 30;';
  await page.selectOption('#generator', 'sensors');
  await setField(page, '#stream', 'READINGS');
  await setField(page, '#settings', 'jitter=1s');
  await setSql(page, sql);
  await page.click('#sessions summary');
  await setField(page, '#session-name', 'hot sensors');
  await page.click('#session-save');
  await page.locator('#sessions li', { hasText: 'hot sensors' }).waitFor();
  assert.match(await page.textContent('#sessions summary'), /Saved sessions \(1\)/);
  // Something else, then a reload: the saved session is listed, and opens.
  await setSql(page, 'SELECT STREAM * FROM "READINGS";');
  await page.selectOption('#generator', 'ticker');
  await page.reload();
  await page.waitForSelector('#sql-editor .cm-content');
  await page.click('#sessions summary');
  await page.locator('#sessions li', { hasText: 'hot sensors' }).locator('button.open').click();
  await page.waitForFunction((want) => document.querySelector('#sql-editor')?.cmView?.state.doc.toString() === want, sql);
  assert.equal(await page.inputValue('#generator'), 'sensors');
  assert.equal(await page.inputValue('#stream'), 'READINGS');
  assert.equal(await page.inputValue('#settings'), 'jitter=1s');
  await page.screenshot({ path: `${ARTIFACTS}sessions.png` });
  await page.locator('#sessions li', { hasText: 'hot sensors' }).locator('button.forget').click();
  await page.waitForFunction(() => document.querySelectorAll('#sessions li').length === 0);
  assert.deepEqual(problems, []);
  await page.close();
});
