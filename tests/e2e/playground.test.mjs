// End-to-end: the real page in headless Chromium. Drives the page as a user would (types
// SQL, clicks Run), waits for rows, and saves screenshots to tests/e2e/artifacts/. Run with
// `node --test tests/e2e/` after `make web`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ARTIFACTS, downloadedRows, loadFile, openPage, selectTemplate, setField, setSql, sqlText, textMatching } from './page.mjs';

const WEATHER_FILE = new URL('../data/weatherstream.csv', import.meta.url).pathname;

const TICKER_APP = `CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (ticker_symbol VARCHAR(4), avg_price DOUBLE, trades INTEGER);
CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
  SELECT STREAM ticker_symbol, AVG(price), COUNT(*) FROM "SOURCE_SQL_STREAM_001"
  GROUP BY ticker_symbol, STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '10' SECOND);`;

test('a typed KDA application runs and rows appear as 10-second windows close', async () => {
  const { page, problems } = await openPage();
  assert.match(await sqlText(page), /SOURCE_SQL_STREAM_001/, 'the editor opens with an application');
  await setSql(page, '');
  await page.locator('#sql-editor .cm-content').pressSequentially(TICKER_APP.slice(0, 40));
  await setSql(page, TICKER_APP);
  await page.selectOption('#speed', '10');
  await page.click('#run');
  await page.waitForFunction(() => document.querySelector('#app-status')?.textContent === 'RUNNING');

  const rows = page.locator('#results-table[data-stream="DESTINATION_SQL_STREAM"] tbody tr:not(.spacer)');
  await rows.first().waitFor({ timeout: 30_000 });
  const headers = await page.locator('#results-table thead th').allTextContents();
  assert.deepEqual(headers, ['ROWTIME', 'TICKER_SYMBOL', 'AVG_PRICE', 'TRADES']);
  const first = await rows.first().locator('td').allTextContents();
  assert.match(first[0], /^2026-01-01 00:00:\d0\.000$/, 'ROWTIME is a 10-second window end');
  assert.match(first[1], /^[A-Z]{1,4}$/);
  assert.ok(Number(first[2]) > 0, `AVG_PRICE ${first[2]} is a price`);
  assert.ok(Number.isInteger(Number(first[3])) && Number(first[3]) >= 1, `TRADES ${first[3]} is a count`);

  // More windows keep closing while it runs.
  const total = () => document.querySelector('#results-tabs .tab.active .count').textContent;
  const before = await page.evaluate(total);
  await page.waitForFunction((n) => Number(document.querySelector('#results-tabs .tab.active .count').textContent) > n, Number(before), { timeout: 30_000 });
  await page.screenshot({ path: `${ARTIFACTS}playground.png` });

  await page.click('#stop');
  await page.waitForFunction(() => document.querySelector('#app-status')?.textContent === 'READY');
  const clock = await page.textContent('#clock');
  await page.waitForTimeout(500);
  assert.equal(await page.textContent('#clock'), clock, 'the clock stops with the application');
  assert.deepEqual(problems, []);
  await page.close();
});

const SENSORS_APP = `CREATE TABLE readings (DEVICE_ID STRING, TEMPERATURE DOUBLE, HUMIDITY DOUBLE, BATTERY DOUBLE,
  EVENT_TIME TIMESTAMP(3), WATERMARK FOR EVENT_TIME AS EVENT_TIME - INTERVAL '1' SECOND);
SELECT window_start, COUNT(*) AS n, MAX(TEMPERATURE) AS hottest
FROM TABLE(TUMBLE(TABLE readings, DESCRIPTOR(EVENT_TIME), INTERVAL '10' SECOND))
GROUP BY window_start, window_end;`;

test('a Flink query over the sensors generator with chaos: windows, and late rows in late_stream', async () => {
  const { page, problems } = await openPage();
  await page.selectOption('#generator', 'sensors');
  await setField(page, '#stream', 'readings');
  await setField(page, '#rate', '20');
  await setField(page, '#settings', 'jitter=3s,late=0.1,lateness=15s');
  await page.waitForFunction(() => document.querySelector('#rate').value === '20' && document.querySelector('#settings').value.startsWith('jitter'));
  await textMatching(page, '#source-schema', /"readings" \(DEVICE_ID VARCHAR\(16\), TEMPERATURE DOUBLE, .*EVENT_TIME TIMESTAMP/);
  await setSql(page, SENSORS_APP);
  await page.selectOption('#speed', '100');
  await page.click('#run');
  const rows = page.locator('#results-table[data-stream="RESULT"] tbody tr:not(.spacer)');
  await rows.first().waitFor({ timeout: 30_000 });
  assert.deepEqual(await page.locator('#results-table thead th').allTextContents(), ['window_start', 'n', 'hottest']);
  const [start, n] = await rows.first().locator('td').allTextContents();
  assert.match(start, /^2026-01-01 \d\d:\d\d:\d0\.000$/);
  assert.ok(Number(n) > 100 && Number(n) <= 200, `about 200 readings in 10 s, some late: ${n}`);
  await page.getByRole('tab', { name: /late_stream/ }).click();
  await page.locator('#results-table[data-stream="late_stream"] tbody tr:not(.spacer)').first().waitFor({ timeout: 30_000 })
    .catch(async (e) => assert.fail(`${e.message}\ntabs: ${await page.locator('#results-tabs').textContent()}; `
      + `settings: ${await page.inputValue('#settings')}; status: ${await page.locator('#status-line, header').first().textContent()}`));
  await page.screenshot({ path: `${ARTIFACTS}sensors-late.png` });
  await page.click('#stop');
  assert.deepEqual(problems, []);
  await page.close();
});

test('an uploaded CSV file is discovered and read: KDA\'s WEATHERSTREAM example', async () => {
  const { page, problems } = await openPage();
  await loadFile(page, WEATHER_FILE, 'WEATHERSTREAM');
  await textMatching(page, '#source-schema', /"WEATHERSTREAM" \(CITY VARCHAR, TEMP BIGINT\)/);
  // The first records, raw above the rows they become.
  const sample = await page.locator('#sample tbody tr').allTextContents();
  assert.equal(sample[0], 'raw 1Denver29');
  assert.equal(sample[1], 'rowDenver29');
  await page.screenshot({ path: `${ARTIFACTS}file-sample.png` });
  await page.click('#declare');
  assert.match(await sqlText(page), /^CREATE OR REPLACE STREAM "WEATHERSTREAM" \("CITY" VARCHAR, "TEMP" BIGINT\);/);
  await setSql(page, `SELECT STREAM FLOOR(WEATHERSTREAM.ROWTIME TO DAY) AS FLOOR_DAY, CITY,
  MIN(TEMP) AS MIN_TEMP, MAX(TEMP) AS MAX_TEMP, SUM(TEMP)/COUNT(TEMP) AS AVG_TEMP
FROM WEATHERSTREAM GROUP BY FLOOR(WEATHERSTREAM.ROWTIME TO DAY), CITY;`);
  await page.click('#run');
  const rows = page.locator('#results-table[data-stream="RESULT"] tbody tr:not(.spacer)');
  await page.waitForFunction(() => document.querySelectorAll('#results-table[data-stream="RESULT"] tbody tr:not(.spacer)').length === 7, null, { timeout: 30_000 });
  const texts = await rows.allTextContents();
  assert.ok(texts.some((t) => t.includes('2018-11-01 00:00:00.000') && t.includes('Denver') && t.includes('29') && t.includes('50') && t.includes('38')), texts.join('\n'));
  await page.screenshot({ path: `${ARTIFACTS}file-upload.png` });
  assert.deepEqual(problems, []);
  await page.close();
});

test('pause stops the clock; +1 s and Next row step it by hand; resume goes on', async () => {
  const { page, problems } = await openPage();
  await page.click('#run');
  await page.waitForFunction(() => document.querySelector('#app-status')?.textContent === 'RUNNING');
  await page.click('#pause');
  await page.waitForFunction(() => document.querySelector('#pause')?.textContent === 'Resume');
  const at = async () => Date.parse(`${await page.textContent('#clock')}Z`.replace(' ', 'T'));
  const paused = await at();
  await page.waitForTimeout(400);
  assert.equal(await at(), paused, 'a paused clock stands still');
  // Clicks a button and waits for the clock to show another time.
  const clickAndTick = async (button) => {
    const before = await page.textContent('#clock');
    await page.click(button);
    await page.waitForFunction((t) => document.querySelector('#clock').textContent !== t, before);
    return at();
  };
  assert.equal(await clickAndTick('#step-second'), paused + 1000, '+1 s moves the clock one second');
  const next = await clickAndTick('#step-row');
  assert.ok(next > paused + 1000 && next <= paused + 1100, `Next row moves to the next arrival (10 rows a second): ${next - paused - 1000} ms`);
  assert.ok((await clickAndTick('#pause')) > next, 'resumed, the clock runs again');
  await page.click('#stop');
  assert.deepEqual(problems, []);
  await page.close();
});

test('a file replayed at the pace of its ROWTIMEs: the clock starts at the first row, rows come as it moves', async () => {
  const { page, problems } = await openPage();
  await loadFile(page, WEATHER_FILE, 'WEATHERSTREAM');
  await page.check('#pace');
  await setSql(page, 'SELECT STREAM CITY, TEMP FROM WEATHERSTREAM;');
  await page.click('#run');
  await page.click('#pause');
  await page.waitForFunction(() => document.querySelector('#pause')?.textContent === 'Resume');
  assert.match(await page.textContent('#clock'), /^2018-11-01 0[01]:/, 'the clock starts at the file\'s first ROWTIME');
  const count = () => page.locator('#results-table[data-stream="RESULT"] tbody tr:not(.spacer)').count();
  const before = await count();
  assert.ok(before < 18, `only the first rows have arrived: ${before}`);
  const clock = await page.textContent('#clock');
  await page.click('#step-row');
  await page.waitForFunction((t) => document.querySelector('#clock').textContent !== t, clock);
  assert.ok((await count()) > before, 'the next row arrives when the clock reaches its ROWTIME');
  await page.click('#stop');
  assert.deepEqual(problems, []);
  await page.close();
});

test('a file with an event-time column, declared as a Flink table with a watermark, runs a TUMBLE window', async () => {
  const { page, problems } = await openPage();
  const csv = 'ts,item,price\n2020-04-15 08:05,C,4\n2020-04-15 08:07,A,2\n2020-04-15 08:09,D,5\n2020-04-15 08:11,B,3\n2020-04-15 08:13,E,1\n2020-04-15 08:17,F,6\n';
  await loadFile(page, { name: 'bids.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) }, 'Bid');
  await page.selectOption('#event-time', 'TS');
  await setField(page, '#watermark-delay', '1');
  await setSql(page, `SELECT window_start, window_end, SUM(PRICE) AS total
FROM TABLE(TUMBLE(TABLE Bid, DESCRIPTOR(TS), INTERVAL '10' MINUTES))
GROUP BY window_start, window_end;`);
  await page.click('#declare');
  assert.match(await sqlText(page), /^CREATE TABLE "Bid" \("TS" TIMESTAMP\(3\), "ITEM" STRING, "PRICE" BIGINT,\n  WATERMARK FOR "TS" AS "TS" - INTERVAL '1' SECOND\);/);
  await page.click('#run');
  const rows = page.locator('#results-table[data-stream="RESULT"] tbody tr:not(.spacer)');
  await page.waitForFunction(() => document.querySelectorAll('#results-table[data-stream="RESULT"] tbody tr:not(.spacer)').length === 2, null, { timeout: 30_000 });
  const texts = await rows.allTextContents();
  assert.ok(texts.some((t) => t.startsWith('2020-04-15 08:00:00.0002020-04-15 08:10:00.00011')), texts.join('\n'));
  assert.ok(texts.some((t) => t.startsWith('2020-04-15 08:10:00.0002020-04-15 08:20:00.00010')), texts.join('\n'));
  assert.deepEqual(problems, []);
  await page.close();
});

test('a nested JSON file: each nested value a column, with its JSONPath shown', async () => {
  const { page, problems } = await openPage();
  const lines = [
    { device: 'd1', reading: { temp: 21.5, loc: { lat: 39.7, lon: -105.0 } }, tags: ['a'] },
    { device: 'd2', reading: { temp: 'hot', loc: { lat: 25.8, lon: -80.2 } }, tags: [] },
  ].map((o) => JSON.stringify(o)).join('\n');
  await loadFile(page, { name: 'devices.jsonl', mimeType: 'application/json', buffer: Buffer.from(lines) }, 'DEVICES');
  await textMatching(page, '#source-schema', /"DEVICES" \(DEVICE VARCHAR, READING_TEMP VARCHAR, READING_LOC_LAT DOUBLE, READING_LOC_LON DOUBLE, TAGS VARCHAR\)/);
  const mappings = await page.locator('#sample thead input.column-mapping').evaluateAll((inputs) => inputs.map((i) => i.value));
  assert.deepEqual(mappings, ['$.device', '$.reading.temp', '$.reading.loc.lat', '$.reading.loc.lon', '$.tags']);
  // Edit the schema as KDA's discovery allowed: rename a column, change a type, remap one.
  // Each edit is drawn before the next (an edit redraws the sample's inputs).
  await setField(page, '#column-name-2', 'LAT');
  await textMatching(page, '#source-schema', / LAT DOUBLE/);
  await setField(page, '#column-type-1', 'DOUBLE');
  await textMatching(page, '#source-schema', /READING_TEMP DOUBLE/);
  await setField(page, '#column-mapping-4', '$.reading.loc.lon');
  await textMatching(page, '#sample tbody', /-105\.0-105/);
  await setField(page, '#column-name-4', 'LON_AGAIN');
  await textMatching(page, '#source-schema', /"DEVICES" \(DEVICE VARCHAR, READING_TEMP DOUBLE, LAT DOUBLE, READING_LOC_LON DOUBLE, LON_AGAIN VARCHAR\)/);
  await textMatching(page, '#sample tbody', /to error_stream/);
  const sample = await page.locator('#sample tbody tr').allTextContents();
  assert.equal(sample[1], 'rowd121.539.7-105.0-105', 'the second record reads under the edited schema');
  assert.match(sample[3], /to error_stream: column READING_TEMP: 'hot' is not a valid DOUBLE/);
  await setField(page, '#column-mapping-0', '$.device[0]');
  await page.locator('#schema-error').waitFor();
  await textMatching(page, '#schema-error', /not a JSONPath kdalite reads/);
  await setField(page, '#column-mapping-0', '$.device');
  await setSql(page, 'SELECT STREAM DEVICE, LAT, LON_AGAIN FROM DEVICES WHERE READING_LOC_LON < -100;');
  await page.click('#run');
  await page.waitForFunction(() => document.querySelectorAll('#results-table[data-stream="RESULT"] tbody tr:not(.spacer)').length === 1, null, { timeout: 30_000 });
  assert.match(await page.locator('#results-table tbody tr:not(.spacer)').first().textContent(), /d139\.7-105$/);
  assert.match(await page.textContent('#metrics'), /errors 1/, 'the row whose temperature is not a DOUBLE is in error_stream');
  await page.screenshot({ path: `${ARTIFACTS}nested-json.png` });
  assert.deepEqual(problems, []);
  await page.close();
});

test('a reference table joins the ticker stream: each trade with its company name', async () => {
  const { page, problems } = await openPage();
  const companies = 'Ticker,Company\nAMZN,Amazon\nJPM,JPMorgan\nKO,Coca-Cola\n';
  await page.setInputFiles('#reference-file', { name: 'CompanyName.csv', mimeType: 'text/csv', buffer: Buffer.from(companies) });
  await page.locator('#reference-schema').waitFor();
  assert.equal(await page.textContent('#reference-schema'), 'reference table "CompanyName" (TICKER VARCHAR, COMPANY VARCHAR), CompanyName.csv');
  await setSql(page, `SELECT STREAM ticker_symbol, c.company, price
FROM "SOURCE_SQL_STREAM_001" LEFT JOIN "CompanyName" AS c ON "SOURCE_SQL_STREAM_001".ticker_symbol = c.ticker;`);
  await page.selectOption('#speed', '100');
  await page.click('#run');
  await page.waitForFunction(() => document.querySelector('#results-table')?.dataset.stream === 'RESULT'
    && Number(document.querySelector('#results-tabs .tab.active .count').textContent) >= 60, null, { timeout: 30_000 });
  await page.click('#pause');
  await page.screenshot({ path: `${ARTIFACTS}reference-table.png` });
  const rows = await downloadedRows(page);
  assert.ok(rows.length >= 60, `${rows.length} rows`);
  const names = { AMZN: 'Amazon', JPM: 'JPMorgan', KO: 'Coca-Cola' };
  for (const { TICKER_SYMBOL: ticker, COMPANY: company } of rows) {
    assert.equal(company, names[ticker] ?? null, `${ticker} is ${company}`);
  }
  assert.ok(rows.some(({ COMPANY }) => COMPANY !== null), 'some trades found their company');
  await page.click('#stop');
  assert.deepEqual(problems, []);
  await page.close();
});

test('a reload resumes the application from its last checkpoint, kept in IndexedDB', async () => {
  const { page, problems } = await openPage();
  // 7-second windows, so that the checkpoint (60 s in) falls inside one.
  await setSql(page, TICKER_APP.replace("'10' SECOND", "'7' SECOND"));
  await page.selectOption('#speed', '100');
  await page.click('#run');
  // Checkpoints come every 60 s of virtual time (KDA's CheckpointInterval).
  await page.locator('#checkpoint').waitFor({ timeout: 30_000 });
  const kept = Number(await page.getAttribute('#checkpoint', 'data-clock'));
  await page.click('#stop');

  await page.reload();
  await page.locator('#resume').waitFor({ timeout: 10_000 });
  assert.match(await page.textContent('#resume'), /checkpointed at 2026-01-01 00:0\d:\d\d\.\d{3}/);
  await page.selectOption('#speed', '10');
  await page.click('#resume-run');
  await page.waitForFunction(() => document.querySelector('#app-status')?.textContent === 'RUNNING');
  const clock = Date.parse(`${await page.textContent('#clock')}Z`.replace(' ', 'T'));
  assert.ok(clock >= kept, `the clock goes on from the checkpoint (${clock} >= ${kept})`);
  // The window the checkpoint fell in counts every trade in it (10 a second), those before the
  // checkpoint too: its groups came back with the state.
  const end = (Math.floor(kept / 7_000) + 1) * 7_000;
  const stamp = new Date(end).toISOString().replace('T', ' ').replace('Z', '');
  // Counted once the next window's rows show (the newest come first), from every row the
  // stream holds: the table draws only the rows in view.
  await page.waitForFunction((s) => [...document.querySelectorAll('#results-table tbody tr:not(.spacer) td:first-child')]
    .some((td) => td.textContent > s), stamp, { timeout: 60_000 });
  await page.click('#pause');
  const trades = (await downloadedRows(page)).filter((row) => row.ROWTIME === stamp).reduce((sum, row) => sum + row.TRADES, 0);
  assert.ok(kept % 7_000 !== 0, 'the checkpoint fell inside a window');
  assert.equal(trades, 70, `the window ending ${stamp} counts all its trades`);
  await page.click('#stop');

  // Dismissed, it is gone for good.
  await page.reload();
  await page.locator('#resume').waitFor();
  await page.click('#resume-dismiss');
  await page.waitForFunction(() => !document.querySelector('#resume'));
  await page.reload();
  await page.waitForSelector('#sql-editor .cm-content');
  await page.waitForTimeout(500);
  assert.equal(await page.locator('#resume').count(), 0);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a bad generator setting is shown and nothing runs', async () => {
  const { page, problems } = await openPage();
  await setField(page, '#settings', 'jitter=soon');
  await page.click('#run');
  await page.locator('#sql-error').waitFor();
  assert.match(await page.textContent('#sql-error'), /jitter=soon: expected a duration/);
  assert.equal(await page.textContent('#app-status'), 'READY');
  assert.deepEqual(problems, []);
  await page.close();
});

test('bad SQL shows the parser message with line and column and runs nothing', async () => {
  const { page, problems } = await openPage();
  await setSql(page, 'CREATE OR REPLACE STREAM "OUT" (a INTEGER);\nSELECT STREAM a FROM WHERE;');
  await page.click('#run');
  const error = page.locator('#sql-error');
  await error.waitFor();
  const text = await error.textContent();
  assert.match(text, /Line 2, column \d+/);
  assert.match(text, /Expected/);
  // The editor marks the place, and its cursor is there.
  const [, line, column] = text.match(/Line (\d+), column (\d+)/).map(Number);
  await page.locator('#sql-editor .cm-lintRange-error').waitFor();
  assert.equal(await page.locator('#sql-editor .cm-lintRange-error').textContent(), 'WHERE');
  const cursor = await page.locator('#sql-editor').evaluate((el) => {
    const { state } = el.cmView;
    const at = state.selection.main.head;
    return [state.doc.lineAt(at).number, at - state.doc.lineAt(at).from + 1];
  });
  assert.deepEqual(cursor, [line, column]);
  assert.equal(await page.textContent('#app-status'), 'READY');
  assert.equal(await page.locator('#results-table').count(), 0, 'nothing ran');
  await page.screenshot({ path: `${ARTIFACTS}sql-error.png` });
  assert.deepEqual(problems, []);
  await page.close();
});

test('the page works on a narrow screen', async () => {
  const { page, problems } = await openPage({ width: 390, height: 844 });
  await page.selectOption('#speed', '100');
  await page.keyboard.press('Control+Enter').catch(() => {});
  await page.focus('#sql-editor .cm-content');
  await page.keyboard.press('Control+Enter');
  await page.locator('#results-table tbody tr:not(.spacer)').first().waitFor({ timeout: 30_000 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
  await page.screenshot({ path: `${ARTIFACTS}narrow.png` });
  assert.deepEqual(problems, []);
  await page.close();
});

test('the rows a stream shows download as CSV and as JSON lines', async () => {
  const { page, problems } = await openPage();
  await page.selectOption('#speed', '100');
  await page.click('#run');
  await page.locator('#results-table[data-stream="DESTINATION_SQL_STREAM"] tbody tr:not(.spacer)').first().waitFor({ timeout: 30_000 });
  await page.click('#pause');
  const [csv] = await Promise.all([page.waitForEvent('download'), page.click('.downloads button.csv')]);
  assert.equal(csv.suggestedFilename(), 'DESTINATION_SQL_STREAM.csv');
  const lines = Buffer.concat(await (await csv.createReadStream()).toArray()).toString().trim().split('\n');
  assert.equal(lines[0], 'ROWTIME,TICKER_SYMBOL,AVG_PRICE,TRADES');
  assert.ok(lines.length > 1 && /^2026-01-01 \d\d:\d\d:\d\d\.\d{3},[A-Z]+,[\d.]+,\d+$/.test(lines[1]), lines[1]);
  const rows = await downloadedRows(page);
  assert.equal(rows.length, lines.length - 1, 'the same rows');
  assert.equal(typeof rows[0].TRADES, 'number');
  assert.equal(typeof rows[0].TICKER_SYMBOL, 'string');
  await page.click('#stop');
  await page.waitForFunction(() => document.querySelector('#app-status')?.textContent === 'READY');
  // Each value as its type writes it, as the CLI writes it: a text of digits stays text, the
  // text 'NULL' is not a null, a null is empty in CSV.
  await setSql(page, `SELECT STREAM ticker_symbol, '6' AS digits, 'NULL' AS word, CAST(NULL AS INTEGER) AS nothing, price
FROM "SOURCE_SQL_STREAM_001";`);
  await page.click('#run');
  await page.locator('#results-table[data-stream="RESULT"] tbody tr:not(.spacer)').first().waitFor({ timeout: 30_000 });
  await page.click('#pause');
  const typed = await downloadedRows(page);
  assert.ok(typed.length > 0);
  assert.deepEqual(Object.keys(typed[0]), ['ROWTIME', 'TICKER_SYMBOL', 'DIGITS', 'WORD', 'NOTHING', 'PRICE']);
  for (const row of typed) {
    assert.equal(row.DIGITS, '6');
    assert.equal(row.WORD, 'NULL');
    assert.equal(row.NOTHING, null);
    assert.equal(typeof row.PRICE, 'number');
  }
  const [typedCsv] = await Promise.all([page.waitForEvent('download'), page.click('.downloads button.csv')]);
  const typedLines = Buffer.concat(await (await typedCsv.createReadStream()).toArray()).toString().trim().split('\n');
  assert.match(typedLines[1], /^[^,]+,[A-Z]+,6,NULL,,[\d.]+$/);
  assert.equal(await page.locator('#results-table tbody tr:not(.spacer) td.null').count() > 0, true, 'a null is shown as one');
  assert.equal(await page.locator('#results-table tbody tr:not(.spacer) td.null', { hasText: /^NULL$/ }).count(),
    await page.locator('#results-table tbody tr:not(.spacer)').count(), 'the text NULL is not shown as a null');
  await page.click('#stop');
  assert.deepEqual(problems, []);
  await page.close();
});

test('the last session comes back after a reload', async () => {
  const { page, problems } = await openPage();
  await page.selectOption('#generator', 'clicks');
  await setField(page, '#rate', '50');
  await setSql(page, 'SELECT STREAM * FROM "SOURCE_SQL_STREAM_001";');
  await page.reload();
  await page.waitForFunction(() => document.querySelector('#sql-editor')?.cmView?.state.doc.toString() === 'SELECT STREAM * FROM "SOURCE_SQL_STREAM_001";');
  assert.equal(await page.inputValue('#generator'), 'clicks');
  assert.equal(await page.inputValue('#rate'), '50');
  assert.deepEqual(problems, []);
  await page.close();
});

test('every template runs as it is, and formatted', async () => {
  const { page, problems } = await openPage();
  const names = await page.locator('#template option').evaluateAll((options) => options.slice(1).map((o) => o.textContent));
  assert.ok(names.length >= 15, `templates: ${names.join(', ')}`);
  await page.selectOption('#speed', '1000');
  for (const [i, name] of names.entries()) {
    await page.selectOption('#template', String(i));
    await page.waitForFunction(() => document.querySelector('#template').value === '');
    // Formatted (one clause a line, keywords in upper case), the code means the same: the same
    // rows over two minutes of its inputs, run by the page's engine.
    const original = await sqlText(page);
    await page.click('#format');
    const formatted = await sqlText(page);
    assert.match(formatted, /\n  /, `${name}: formatted`);
    const [before, after] = await page.evaluate(async ([index, a, b]) => {
      const engine = await import('./pkg/kdalite.js');
      return [engine.template_rows(index, a, 120), engine.template_rows(index, b, 120)];
    }, [i, original, formatted]);
    assert.ok(/"stream":"(?!error_stream|late_stream)/.test(before), `${name}: no rows in two minutes`);
    assert.equal(after, before, `${name}: formatted, the same rows`);
    await page.click('#run');
    await page.waitForFunction(() => ['RUNNING', 'READY'].includes(document.querySelector('#app-status')?.textContent)
      && (document.querySelector('#sql-error') || document.querySelector('#results-table')));
    const error = page.locator('#sql-error');
    if (await error.count()) assert.fail(`${name}: ${await error.textContent()}`);
    // Rows come (the results of a pump or query, not only the inputs' preview).
    await page.waitForFunction(() => [...document.querySelectorAll('#results-tabs .tab:not(.input) .count')]
      .some((c) => !/error_stream|late_stream/.test(c.parentElement.textContent) && Number(c.textContent) > 0), null, { timeout: 30_000 })
      .catch(() => assert.fail(`${name}: no rows`));
    // The chart draws an aggregate by default, not a key that happens to be a number.
    if (/Q11/.test(name)) {
      await page.waitForFunction(() => /^bid_count$/i.test(document.querySelector('#chart-y')?.value ?? ''), null, { timeout: 10_000 })
        .catch(async () => assert.fail(`Q11 charts ${await page.locator('#chart-y').inputValue().catch(() => 'nothing')}`));
    }
    await page.click('#stop');
    // STOPPING a moment, as KDA's applications are.
    await page.waitForFunction(() => document.querySelector('#app-status')?.textContent === 'READY');
  }
  await page.screenshot({ path: `${ARTIFACTS}templates.png` });
  assert.deepEqual(problems, []);
  await page.close();
});

test('the chart draws each ticker symbol\'s average price over time, and redraws as picked', async (t) => {
  const { page, problems, transferred } = await openPage();
  await page.selectOption('#speed', '100');
  await page.click('#run');
  const chart = page.locator('#chart');
  await page.waitForFunction(() => Number(document.querySelector('#chart')?.dataset.points) >= 3, null, { timeout: 30_000 });
  assert.ok(await chart.locator('canvas').count() >= 1);
  // Against ROWTIME, the first number that is not an id, a line per symbol.
  assert.match(await page.locator('.chart-controls').textContent(), /against ROWTIME/i);
  assert.match(await page.inputValue('#chart-y'), /^avg_price$/i);
  assert.match(await page.inputValue('#chart-key'), /^ticker_symbol$/i);
  assert.ok(Number(await chart.getAttribute('data-series')) > 1);
  // Hovering shows the values under the cursor.
  // Hovered again if a redraw replaced the plot under the cursor (uPlot's overlay takes the
  // pointer, over its canvas).
  const canvas = chart.locator('.u-over').first();
  const hovered = () => page.waitForFunction(() => [...document.querySelectorAll('#chart .u-legend .u-value')].some((v) => /\d/.test(v.textContent)), null, { timeout: 2_000 });
  for (let attempt = 1; ; attempt++) {
    const size = await canvas.evaluate((c) => ({ width: c.clientWidth, height: c.clientHeight }));
    await canvas.hover({ position: { x: size.width * 0.6, y: size.height / 2 } });
    try {
      await hovered();
      break;
    } catch (error) {
      if (attempt === 5) throw error;
    }
  }
  await page.screenshot({ path: `${ARTIFACTS}chart.png` });
  // Everything the page has transferred by now (the page, the editor, the engine, the chart)
  // within its budget of 2.5 MB: the server sends each file compressed.
  const bytes = await transferred();
  t.diagnostic(`the page transferred ${(bytes / 1e6).toFixed(2)} MB`);
  assert.ok(bytes < 2.5e6, `the page transferred ${bytes} bytes, over its 2.5 MB budget`);
  // One line of trades.
  await page.selectOption('#chart-y', { label: (await page.locator('#chart-y option').allTextContents()).find((t) => /trades/i.test(t)) });
  await page.selectOption('#chart-key', '');
  await page.waitForFunction(() => document.querySelector('#chart').dataset.series === '1');
  assert.match(await page.locator('#chart .u-legend').textContent(), /trades/i);
  // Hidden and shown again.
  await page.click('#chart-toggle');
  assert.equal(await chart.count(), 0);
  await page.click('#chart-toggle');
  await chart.waitFor();
  await page.click('#stop');
  assert.deepEqual(problems, []);
  await page.close();
});

test('what a user types in a field stays while the running page redraws, until they commit it', async () => {
  const { page, problems } = await openPage();
  await page.click('#run');
  await page.locator('#results-table').waitFor();
  await page.fill('#settings', 'jitter=1s');
  await page.fill('#app-name', 'typed');
  // Ten redraws a second while it runs; none may take the text back.
  const clock = await page.textContent('#clock');
  await page.waitForFunction((before) => document.querySelector('#clock').textContent !== before, clock);
  await page.waitForTimeout(500);
  assert.equal(await page.inputValue('#settings'), 'jitter=1s');
  assert.equal(await page.inputValue('#app-name'), 'typed');
  await page.click('#stop');
  assert.deepEqual(problems, []);
  await page.close();
});

test('a docs page embeds the playground: <kdalite-playground> with its SQL and source, and an ?embed iframe', async () => {
  const { page, problems } = await openPage({ width: 1100, height: 1300 }, 'embed-example.html');
  // The element: its text is the code, its attributes the source; a compact page in an iframe.
  const element = page.frameLocator('#element-example iframe');
  await element.locator('#sql-editor .cm-content').waitFor();
  assert.match(await sqlText(element), /^CREATE TABLE readings \(DEVICE_ID STRING,[^]*GROUP BY window_start, window_end, DEVICE_ID;$/);
  assert.match(await element.locator('#source-schema').textContent(), /"readings" \(DEVICE_ID VARCHAR\(16\), TEMPERATURE DOUBLE/);
  assert.equal(await element.locator('#speed').inputValue(), '10');
  assert.equal(await element.locator('.source, #template, #share').count(), 0, 'the compact view: editor and results');
  await element.locator('#run').click();
  const rows = element.locator('#results-table tbody tr:not(.spacer)');
  await rows.first().waitFor({ timeout: 30_000 });
  assert.deepEqual(await element.locator('#results-table thead th').allTextContents(), ['window_end', 'DEVICE_ID', 'hottest']);
  await element.locator('#stop').click();
  // The iframe: the default application, run as it is.
  const frame = page.frameLocator('#iframe-example');
  assert.match(await sqlText(frame), /DESTINATION_SQL_STREAM/);
  await frame.locator('#speed').selectOption('100');
  await frame.locator('#run').click();
  await frame.locator('#results-table tbody tr:not(.spacer)').first().waitFor({ timeout: 30_000 });
  await page.screenshot({ path: `${ARTIFACTS}embed.png`, fullPage: true });
  await frame.locator('#stop').click();
  // An embedded page keeps nothing: the visitor's own session and applications stay theirs.
  const kept = await page.frames().find((f) => f.url().includes('?embed#s=')).evaluate(() => localStorage.length);
  assert.equal(kept, 0);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the editor completes the names of streams and columns, and Ctrl+Enter runs', async () => {
  const { page, problems } = await openPage();
  await setSql(page, 'SELECT STREAM * FROM ');
  await page.locator('#sql-editor .cm-content').press('End');
  await page.locator('#sql-editor .cm-content').pressSequentially('SOURCE_SQL');
  const options = page.locator('.cm-tooltip-autocomplete li');
  await options.first().waitFor();
  assert.ok((await options.allTextContents()).some((o) => o.includes('SOURCE_SQL_STREAM_001')));
  // CodeMirror takes no Enter for a completion list opened or updated under 75 ms ago
  // (interactionDelay): a quick Enter is a new line.
  await page.waitForTimeout(150);
  await page.keyboard.press('Enter');
  await page.keyboard.type(' WHERE PRI');
  await page.locator('.cm-tooltip-autocomplete li', { hasText: 'PRICE' }).first().waitFor();
  await page.keyboard.press('Escape');
  await page.keyboard.type('CE > 100;');
  // Names KDA folds to upper case unless quoted come quoted.
  assert.equal(await sqlText(page), 'SELECT STREAM * FROM "SOURCE_SQL_STREAM_001" WHERE PRICE > 100;');
  // Keywords are drawn as keywords.
  assert.ok(await page.locator('#sql-editor .tok-keyword').count() >= 3);
  await page.screenshot({ path: `${ARTIFACTS}editor.png` });
  await page.keyboard.press('Control+Enter');
  await page.waitForFunction(() => document.querySelector('#app-status')?.textContent === 'RUNNING');
  await page.click('#stop');
  assert.deepEqual(problems, []);
  await page.close();
});

test('the editor completes every function with its signature', async () => {
  const { page, problems } = await openPage();
  await setSql(page, 'SELECT STREAM ');
  await page.locator('#sql-editor .cm-content').press('End');
  await page.locator('#sql-editor .cm-content').pressSequentially('REGEX_REP');
  const option = page.locator('.cm-tooltip-autocomplete li', { hasText: 'REGEX_REPLACE' }).first();
  await option.waitFor();
  assert.match(await option.textContent(), /REGEX_REPLACE\(text, regex, replacement, start, occurrence\)/);
  // What it does, beside the list.
  await page.locator('.cm-completionInfo', { hasText: 'occurrence 0 is all' }).waitFor();
  await page.screenshot({ path: `${ARTIFACTS}completion.png` });
  assert.deepEqual(problems, []);
  await page.close();
});

test('uploaded data with HTML or script in it shows as text and runs nothing', async () => {
  const { page, problems } = await openPage();
  await page.evaluate(() => { window.alert = () => { window.pwned = 'alert'; }; });
  const file = 'NAME,NOTE\n"<img src=x onerror=window.pwned=1>","<script>window.pwned=2</script>"\n<b>bold</b>,plain\n';
  await loadFile(page, { name: '<img src=y onerror=alert(1)>.csv', mimeType: 'text/csv', buffer: Buffer.from(file) }, 'EVIL');
  await textMatching(page, '#source-schema', /"EVIL" \(NAME VARCHAR, NOTE VARCHAR\)/);
  assert.match(await page.textContent('#sample'), /<img src=x onerror=window\.pwned=1>[^]*<script>window\.pwned=2<\/script>/);
  await setSql(page, 'SELECT STREAM NAME, NOTE FROM EVIL;');
  await page.click('#run');
  await page.waitForFunction(() => document.querySelectorAll('#results-table[data-stream="RESULT"] tbody tr:not(.spacer)').length === 2, null, { timeout: 30_000 });
  const cells = await page.locator('#results-table[data-stream="RESULT"] tbody td:not(:first-child)').allTextContents();
  assert.deepEqual(cells.sort(), ['<b>bold</b>', '<img src=x onerror=window.pwned=1>', '<script>window.pwned=2</script>', 'plain']);
  // Shown as text: no element made from the data, nothing run.
  assert.equal(await page.locator('main img, main script, main b').count(), 0);
  assert.match(await page.locator('#generator option[value="file"]').textContent(), /<img src=y onerror=alert\(1\)>\.csv/);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  await page.click('#stop');
  assert.deepEqual(problems, []);
  await page.close();
});

test('an updating result shows as its changelog (+I, -U, +U) or as the table it makes', async () => {
  const { page, problems } = await openPage();
  await page.selectOption('#generator', 'sensors');
  await setField(page, '#stream', 'readings');
  await setField(page, '#rate', '5');
  await textMatching(page, '#source-schema', /"readings" \(DEVICE_ID/);
  await setSql(page, `CREATE TABLE readings (DEVICE_ID STRING, TEMPERATURE DOUBLE, HUMIDITY DOUBLE, BATTERY DOUBLE, EVENT_TIME TIMESTAMP(3));
SELECT DEVICE_ID, COUNT(*) AS n FROM readings GROUP BY DEVICE_ID;`);
  await page.selectOption('#speed', '100');
  await page.click('#run');
  const table = page.locator('#results-table[data-stream="RESULT"]');
  await page.waitForFunction(() => [...document.querySelectorAll('#results-table[data-stream="RESULT"] td.op-retract')].length > 0, null, { timeout: 30_000 });
  await page.click('#pause');
  assert.deepEqual(await table.locator('thead th').allTextContents(), ['op', 'DEVICE_ID', 'n']);
  // The changelog, the newest change first: each +U above the -U it follows.
  const changes = await table.locator('tbody tr:not(.spacer)').evaluateAll((rows) => rows.map((r) => [...r.cells].map((c) => c.textContent)));
  const top = changes.findIndex(([op]) => op === '+U');
  assert.equal(changes[top + 1][0], '-U');
  assert.equal(changes[top + 1][1], changes[top][1]);
  assert.equal(Number(changes[top + 1][2]) + 1, Number(changes[top][2]), 'a count goes up by one');
  // As a table: a row per device, with the count of its newest +U or +I.
  await page.click('#changelog-toggle');
  await page.locator('#results-table[data-view="table"]').waitFor();
  assert.deepEqual(await table.locator('thead th').allTextContents(), ['DEVICE_ID', 'n']);
  const folded = await table.locator('tbody tr:not(.spacer)').evaluateAll((rows) => rows.map((r) => [...r.cells].map((c) => c.textContent)));
  // (The table draws only the rows in view: the changes drawn are the newest few dozen.)
  const devices = new Set(changes.map(([, device]) => device));
  assert.equal(new Set(folded.map(([device]) => device)).size, folded.length, 'a row per device');
  assert.ok(folded.length >= devices.size);
  for (const [device, n] of folded) {
    const newest = changes.find(([op, d]) => d === device && (op === '+U' || op === '+I'));
    if (newest) assert.equal(n, newest[2], `${device}: the newest count`);
  }
  await page.screenshot({ path: `${ARTIFACTS}changelog-table.png` });
  await page.click('#changelog-toggle');
  await page.locator('#results-table[data-view="rows"]').waitFor();
  await page.click('#stop');
  assert.deepEqual(problems, []);
  await page.close();
});

test('interval values show as KDA prints them: the lateness template', async () => {
  const { page, problems } = await openPage();
  await selectTemplate(page, /intervals\)$/);
  await page.selectOption('#speed', '100');
  await page.click('#run');
  const latest = page.locator('#results-table[data-stream="DESTINATION_SQL_STREAM"] tbody tr:not(.spacer) td:nth-child(3)');
  await latest.first().waitFor({ timeout: 30_000 });
  await page.click('#pause');
  const columns = await page.locator('#results-table[data-stream="DESTINATION_SQL_STREAM"] thead th').allTextContents();
  assert.deepEqual(columns.slice(1, 5), ['TICKER_SYMBOL', 'LATEST', 'LATE_TRADES', 'TRADES']);
  // MINUTE TO SECOND: a sign, minutes, then two-digit seconds and their milliseconds.
  for (const text of await latest.allTextContents()) assert.match(text, /^[+-]\d+:\d\d(\.\d{3})?$/);
  await page.screenshot({ path: `${ARTIFACTS}intervals.png` });
  await page.click('#stop');
  assert.deepEqual(problems, []);
  await page.close();
});

test('a Flink table with the datagen connector makes its own rows: the source form is not used', async () => {
  const { page, problems } = await openPage();
  await selectTemplate(page, /datagen connector/);
  await page.selectOption('#speed', '100');
  await page.click('#run');
  await page.waitForFunction(() => document.querySelector('#results-table')?.dataset.stream === 'RESULT'
    && Number(document.querySelector('#results-tabs .tab.active .count').textContent) >= 40, null, { timeout: 30_000 });
  await page.click('#pause');
  const columns = await page.locator('#results-table[data-stream="RESULT"] thead th').allTextContents();
  assert.deepEqual(columns, ['window_start', 'window_end', 'product', 'orders', 'revenue']);
  // A line per product, ten drawn of the sixteen (one hex digit each).
  await textMatching(page, '.chart-controls', /10 of 16 keys drawn/);
  // Five-second windows of one-hex-digit products: counts and revenues add up to whole orders.
  for (const { window_end: end, product, orders, revenue } of await downloadedRows(page)) {
    assert.match(end, /:\d[05]:00\.000$|:\d[05]\.000$/, end);
    // A product is text, a digit too ("6", not 6).
    assert.match(product, /^[0-9a-f]$/);
    assert.ok(orders >= 1 && revenue >= orders && revenue <= 100 * orders, `${orders} orders, ${revenue}`);
  }
  assert.equal(await page.locator('#results-tabs .tab', { hasText: 'SOURCE_SQL_STREAM_001' }).count(), 0, 'no input of the form');
  await page.screenshot({ path: `${ARTIFACTS}datagen.png` });
  await page.click('#stop');
  assert.deepEqual(problems, []);
  await page.close();
});

test('a Top-N shows as the current top N, and the dataflow says its result updates', async () => {
  const { page, problems } = await openPage();
  await selectTemplate(page, /^Nexmark Q19/);
  await page.selectOption('#speed', '100');
  await page.click('#run');
  const table = page.locator('#results-table[data-stream="nexmark_q19"]');
  await page.locator('#results-tabs .tab', { hasText: 'nexmark_q19' }).click();
  await page.waitForFunction(() => [...document.querySelectorAll('#results-table[data-stream="nexmark_q19"] td.op-retract')].length > 0, null, { timeout: 30_000 });
  await page.click('#pause');
  // As a table: at most ten rows per auction, ranked 1 to 10 by price, each rank once.
  await page.click('#changelog-toggle');
  await page.locator('#results-table[data-view="table"]').waitFor();
  const columns = await table.locator('thead th').allTextContents();
  assert.deepEqual(columns, ['auction', 'bidder', 'price', 'channel', 'url', 'dateTime', 'extra', 'rank_number']);
  const rows = await table.locator('tbody tr:not(.spacer)').evaluateAll((rows) => rows.map((r) => [...r.cells].map((c) => c.textContent)));
  assert.ok(rows.length > 0);
  const byAuction = new Map();
  for (const row of rows) byAuction.set(row[0], [...(byAuction.get(row[0]) ?? []), [Number(row[7]), Number(row[2])]]);
  for (const [auction, ranked] of byAuction) {
    const ranks = ranked.map(([rank]) => rank);
    assert.ok(ranks.every((r) => r >= 1 && r <= 10), `${auction}: ranks 1 to 10`);
    assert.equal(new Set(ranks).size, ranks.length, `${auction}: each rank once`);
    const byRank = [...ranked].sort((a, b) => a[0] - b[0]).map(([, price]) => price);
    assert.deepEqual(byRank, [...byRank].sort((a, b) => b - a), `${auction}: the higher price, the better rank`);
  }
  // The chart draws the table too: its lines are the table's columns, not the changelog's op.
  const lines = await page.locator('#chart-key option').allTextContents();
  assert.ok(!lines.includes('op'), lines.join(', '));
  await page.screenshot({ path: `${ARTIFACTS}topn-table.png` });
  await page.click('#dataflow-toggle');
  const pump = page.locator('#dataflow .pump', { hasText: 'nexmark_q19' });
  await pump.locator('.node.op', { hasText: 'TopN' }).waitFor();
  assert.match(await pump.locator('.node.stream').last().textContent(), /^nexmark_q19updating: \+I −U \+U −D$/);
  await page.screenshot({ path: `${ARTIFACTS}topn-dataflow.png` });
  await page.click('#stop');
  assert.deepEqual(problems, []);
  await page.close();
});

const MINI_BATCH_APP = `SET 'table.exec.mini-batch.enabled' = 'true';
SET 'table.exec.mini-batch.allow-latency' = '2 s';
SET 'table.exec.mini-batch.size' = '5000';
CREATE TABLE readings (DEVICE_ID STRING, TEMPERATURE DOUBLE, HUMIDITY DOUBLE, BATTERY DOUBLE,
  EVENT_TIME TIMESTAMP(3), WATERMARK FOR EVENT_TIME AS EVENT_TIME - INTERVAL '1' SECOND);
SELECT DEVICE_ID, COUNT(*) AS n, MAX(TEMPERATURE) AS hottest FROM readings GROUP BY DEVICE_ID;`;

test('Flink mini-batch: the GROUP BY sends one change a device for each bundle, and the dataflow says so', async () => {
  const { page, problems } = await openPage();
  await page.selectOption('#generator', 'sensors');
  await setField(page, '#stream', 'readings');
  await setField(page, '#rate', '2000');
  await setSql(page, MINI_BATCH_APP);
  await page.selectOption('#speed', '10');
  await page.click('#run');
  await page.locator('#results-table tbody tr:not(.spacer)').first().waitFor({ timeout: 30_000 });
  await page.click('#dataflow-toggle');
  const aggregate = page.locator('#dataflow .node.op', { hasText: 'GroupAggregate' });
  await aggregate.waitFor();
  assert.match(await aggregate.locator('.op-name').textContent(), /mini-batches of at most 5000 rows, one change a group each/);
  await page.waitForFunction(() => {
    const stats = [...document.querySelectorAll('#dataflow .node.op')].find((n) => n.textContent.includes('GroupAggregate'))
      ?.querySelector('.op-stats').textContent.match(/^in (\d+) · out (\d+)$/);
    return stats && Number(stats[1]) > 2000;
  }, null, { timeout: 30_000 });
  await page.click('#pause');
  const [, rowsIn, rowsOut] = (await aggregate.locator('.op-stats').first().textContent()).match(/^in (\d+) · out (\d+)$/);
  // Without mini-batch every reading after a device's first sends -U and +U: twice the rows in.
  assert.ok(Number(rowsOut) < Number(rowsIn), `${rowsOut} changes out for ${rowsIn} readings in`);
  await page.screenshot({ path: `${ARTIFACTS}mini-batch-dataflow.png` });
  await page.click('#stop');
  assert.deepEqual(problems, []);
  await page.close();
});

test('ORDER BY … LIMIT shows as the current five rows, however many changes came', async () => {
  const { page, problems } = await openPage();
  await selectTemplate(page, /ORDER BY … LIMIT/);
  await page.selectOption('#speed', '100');
  await page.click('#run');
  const table = page.locator('#results-table[data-stream="RESULT"]');
  // A row pushed out of the five is deleted: wait for one.
  await page.waitForFunction(() => [...document.querySelectorAll('#results-table[data-stream="RESULT"] td.op-retract')].length > 0, null, { timeout: 30_000 });
  await page.click('#pause');
  await page.click('#changelog-toggle');
  await page.locator('#results-table[data-view="table"]').waitFor();
  assert.deepEqual(await table.locator('thead th').allTextContents(), ['TICKER_SYMBOL', 'CHANGE', 'PRICE', 'EVENT_TIME']);
  const rows = await table.locator('tbody tr:not(.spacer)').evaluateAll((rows) => rows.map((r) => [...r.cells].map((c) => c.textContent)));
  assert.equal(rows.length, 5, JSON.stringify(rows));
  await page.screenshot({ path: `${ARTIFACTS}limit-table.png` });
  await page.click('#stop');
  assert.deepEqual(problems, []);
  await page.close();
});

test('MATCH_RECOGNIZE finds each ticker\'s fall and rise as the watermark passes the rows', async () => {
  const { page, problems } = await openPage();
  await selectTemplate(page, /MATCH_RECOGNIZE/);
  await page.selectOption('#speed', '100');
  await page.click('#run');
  const table = page.locator('#results-table[data-stream="RESULT"]');
  await table.locator('tbody tr:not(.spacer)').nth(4).waitFor({ timeout: 30_000 });
  await page.click('#pause');
  assert.deepEqual(await table.locator('thead th').allTextContents(),
    ['TICKER_SYMBOL', 'start_price', 'bottom_price', 'end_price', 'falls', 'end_time']);
  const rows = await table.locator('tbody tr:not(.spacer)').evaluateAll((rows) => rows.map((r) => [...r.cells].map((c) => c.textContent)));
  for (const [ticker, start, bottom, end, falls] of rows) {
    assert.ok(Number(bottom) < Number(start), `${ticker}: the price fell from ${start} to ${bottom}`);
    assert.ok(Number(end) > Number(bottom), `${ticker}: then rose to ${end}`);
    assert.ok(Number(falls) >= 2, `${ticker}: PRICE_DOWN{2,} took ${falls} rows`);
  }
  await page.screenshot({ path: `${ARTIFACTS}match-recognize.png` });
  await page.click('#stop');
  assert.deepEqual(problems, []);
  await page.close();
});

test('arrays show as Flink prints them, and UNNEST turns them back into rows', async () => {
  const { page, problems } = await openPage();
  await selectTemplate(page, /ARRAY_AGG, UNNEST/);
  await page.selectOption('#speed', '100');
  await page.click('#run');
  const table = page.locator('#results-table[data-stream="RESULT"]');
  await table.locator('tbody tr:not(.spacer)').first().waitFor({ timeout: 30_000 });
  await page.click('#pause');
  assert.deepEqual(await table.locator('thead th').allTextContents(), ['window_start', 'SECTOR', 'n', 'sorted', 'tickers']);
  const rows = await table.locator('tbody tr:not(.spacer)').evaluateAll((rows) => rows.map((r) => [...r.cells].map((c) => c.textContent)));
  for (const [, sector, n, sorted, tickers] of rows) {
    assert.match(tickers, /^\[[A-Z]+(, [A-Z]+)*\]$/, `${sector}: an array as Flink prints one`);
    const names = tickers.slice(1, -1).split(', ');
    assert.equal(Number(n), names.length, `${sector}: CARDINALITY counts the elements`);
    assert.equal(new Set(names).size, names.length, `${sector}: ARRAY_DISTINCT holds each ticker once`);
    assert.equal(sorted, [...names].sort().join(', '), `${sector}: ARRAY_JOIN(ARRAY_SORT(…))`);
  }
  await page.screenshot({ path: `${ARTIFACTS}arrays.png` });
  await page.locator('#results-tabs .tab', { hasText: 'RESULT_2' }).click();
  const unnested = page.locator('#results-table[data-stream="RESULT_2"]');
  await unnested.locator('tbody tr:not(.spacer)').first().waitFor({ timeout: 30_000 });
  assert.deepEqual(await unnested.locator('thead th').allTextContents(), ['window_start', 'SECTOR', 'ticker', 'pos']);
  const elements = await unnested.locator('tbody tr:not(.spacer)').evaluateAll((rows) => rows.map((r) => [...r.cells].map((c) => c.textContent)));
  for (const [, , ticker, pos] of elements) {
    assert.match(ticker, /^[A-Z]+$/);
    assert.ok(Number(pos) >= 1, `WITH ORDINALITY numbers from 1, not ${pos}`);
  }
  await page.screenshot({ path: `${ARTIFACTS}arrays-unnested.png` });
  await page.click('#stop');
  assert.deepEqual(problems, []);
  await page.close();
});

test('the dataflow shows each operator with its rows in and out, its state and the watermark', async () => {
  const { page, problems } = await openPage();
  await page.selectOption('#speed', '100');
  await page.click('#run');
  await page.locator('#results-table tbody tr:not(.spacer)').first().waitFor({ timeout: 30_000 });
  await page.click('#dataflow-toggle');
  const dataflow = page.locator('#dataflow');
  await dataflow.locator('.node.op').first().waitFor();
  await page.click('#pause');
  const chain = await dataflow.locator('.chain > .node').allTextContents();
  assert.equal(chain[0], 'SOURCE_SQL_STREAM_001');
  // The target, with what it receives.
  assert.equal(chain.at(-1), 'DESTINATION_SQL_STREAMinsert-only');
  // Paused, the figures settle (the dataflow is drawn a frame after the counts): read together,
  // in one frame, once they agree.
  await page.waitForFunction(() => {
    const first = document.querySelector('#dataflow .node.op .op-stats')?.textContent.match(/^in (\d+)/);
    const read = document.querySelector('#metrics span[title="Rows that entered input streams"]')?.textContent.replace('in ', '');
    return first && Number(first[1]) === Number(read);
  }, null, { timeout: 10_000 });
  const { stats, read, out } = await page.evaluate(() => {
    const stats = [...document.querySelectorAll('#dataflow .node.op')].map((n) => {
      const [, rowsIn, rowsOut] = n.querySelector('.op-stats').textContent.match(/^in (\d+) · out (\d+)$/);
      return [Number(rowsIn), Number(rowsOut)];
    });
    const read = Number(document.querySelector('#metrics span[title="Rows that entered input streams"]').textContent.replace('in ', ''));
    const tab = [...document.querySelectorAll('#results-tabs .tab')].find((t) => t.textContent.includes('DESTINATION_SQL_STREAM'));
    return { stats, read, out: Number(tab.querySelector('.count').textContent) };
  });
  // Every row read goes in; what one operator passes on, the next gets; the last writes the results.
  assert.equal(stats[0][0], read);
  for (let i = 1; i < stats.length; i++) assert.equal(stats[i][0], stats[i - 1][1]);
  assert.equal(stats.at(-1)[1], out);
  assert.match(await dataflow.textContent(), /watermark 2026-01-01 \d\d:\d\d:\d\d/);
  assert.match(await dataflow.textContent(), /state [1-9]/);
  // The timeline: the open 10-second window, not yet passed by the watermark.
  const windows = await dataflow.locator('.timeline .window').evaluateAll((bars) => bars.map((b) => [Number(b.dataset.start), Number(b.dataset.end)]));
  const watermark = Number(await dataflow.locator('.timeline .watermark-line').getAttribute('data-at'));
  assert.ok(windows.length >= 1);
  for (const [start, end] of windows) {
    assert.equal(end - start, 10_000);
    assert.ok(end > watermark, 'a window the watermark passed has fired');
  }
  await page.screenshot({ path: `${ARTIFACTS}dataflow.png` });
  await page.click('#stop');
  assert.deepEqual(problems, []);
  await page.close();
});

test('a join of two streams draws its inputs as two branches, each row counted once', async () => {
  const { page, problems } = await openPage();
  await selectTemplate(page, /^KDA: windowed stream join$/);
  await page.selectOption('#speed', '100');
  await page.click('#run');
  await page.locator('#results-tabs .tab', { hasText: 'DESTINATION_SQL_STREAM' }).locator('.count').filter({ hasText: /^[1-9]/ })
    .waitFor({ timeout: 30_000 });
  await page.click('#dataflow-toggle');
  const join = page.locator('#dataflow .pump', { hasText: 'JOIN_PUMP' });
  await join.locator('.branches').waitFor();
  await page.click('#pause');
  // The rises and the falls, one branch each, meet at the join, which has a watermark of its own.
  assert.deepEqual(await join.locator('.branches > .chain > .node.stream').allTextContents(), ['RISES', 'FALLS']);
  const node = join.locator('.node.op', { has: page.locator('.op-stats', { hasText: 'watermark' }) });
  assert.match(await node.textContent(), /watermark 2026-01-01 \d\d:\d\d:\d\d/);
  // What went into the join is what the two pumps before it wrote, once the paused figures
  // settle (the dataflow is drawn a frame after the counts).
  const figures = () => page.evaluate(() => {
    const join = [...document.querySelectorAll('#dataflow .pump')].find((p) => p.textContent.includes('JOIN_PUMP'));
    const op = [...join.querySelectorAll('.node.op')].find((n) => n.textContent.includes('watermark'));
    const count = (name) => Number([...document.querySelectorAll('#results-tabs .tab')].find((t) => t.textContent.includes(name)).querySelector('.count').textContent);
    return { rowsIn: Number(op.querySelector('.op-stats').textContent.match(/\d+/)[0]), written: count('RISES') + count('FALLS') };
  });
  let { rowsIn, written } = await figures();
  for (let tries = 0; tries < 50 && rowsIn !== written; tries++) {
    await page.waitForTimeout(200);
    ({ rowsIn, written } = await figures());
  }
  assert.equal(rowsIn, written);
  await page.screenshot({ path: `${ARTIFACTS}join-dataflow.png` });
  await page.click('#stop');
  assert.deepEqual(problems, []);
  await page.close();
});

test('the rows shown can be paused while the application goes on, and resumed', async () => {
  const { page, problems } = await openPage();
  await page.selectOption('#speed', '100');
  await page.click('#run');
  const rows = page.locator('#results-table[data-stream="DESTINATION_SQL_STREAM"] tbody tr:not(.spacer)');
  await rows.first().waitFor({ timeout: 30_000 });
  await page.click('#rows-pause');
  const top = await rows.first().textContent();
  // The application goes on: the count grows, the rows shown stay, and say how many wait.
  const count = page.locator('#results-tabs .tab.active .count');
  const before = Number(await count.textContent());
  await page.waitForFunction((n) => Number(document.querySelector('#results-tabs .tab.active .count').textContent) > n + 20, before);
  assert.equal(await rows.first().textContent(), top);
  assert.match(await page.textContent('#rows-held'), /Rows paused: \d+ newer row\(s\) not shown yet/);
  await page.click('#rows-pause');
  await page.waitForFunction((t) => document.querySelector('#results-table tbody tr:not(.spacer)').textContent !== t, top);
  assert.equal(await page.locator('#rows-held').count(), 0);
  await page.click('#stop');
  assert.deepEqual(problems, []);
  await page.close();
});

test('the Benchmark page runs the Nexmark queries in the tab and shows their figures', async () => {
  const { page: playground, problems: before } = await openPage();
  assert.equal(await playground.getAttribute('#benchmark-link', 'href'), './benchmark.html');
  await playground.close();
  const { page, problems } = await openPage({ width: 1280, height: 800 }, 'benchmark.html?events=20000&queries=q0,q5,q13&run');
  await page.waitForFunction(() => /^done: 3 queries/.test(document.querySelector('#bench-status')?.textContent ?? ''), null, { timeout: 60_000 });
  const rows = await page.$$eval('#bench-table tbody tr', (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
  assert.deepEqual(rows.map((r) => r[0]), ['q0', 'q5', 'q13']);
  for (const [, events, , seconds, perSecond] of rows) {
    assert.equal(events, '20000');
    assert.ok(Number(seconds) > 0 && /^\d+(\.\d+)? [MK]$/.test(perSecond), `${seconds} ${perSecond}`);
  }
  // q0 passes the bids through (46 of every 50 events), as natively.
  assert.equal(rows[0][2], '18400');
  await page.screenshot({ path: `${ARTIFACTS}benchmark.png` });
  assert.deepEqual([...before, ...problems], []);
  await page.close();
});
