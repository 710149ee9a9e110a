// End-to-end: the page exports its application as the JSON of KDA's CreateApplication, and
// imports one back (checked by the same control plane as `kdalite serve`'s); and exports it to
// Apache Flink as a job beside its code, with the bundle as a zip file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { ARTIFACTS, loadFile, openPage, setField, setSql, sqlText } from './page.mjs';

const WEATHER_FILE = new URL('../data/weatherstream.csv', import.meta.url).pathname;

// The files of a zip file whose entries are stored (not compressed), by name, as text: each
// local header (PK\x03\x04) gives the sizes of its name, extra field and data.
function unzipStored(zip) {
  const files = {};
  for (let at = 0; zip.readUInt32LE(at) === 0x04034b50;) {
    assert.equal(zip.readUInt16LE(at + 8), 0, 'stored');
    const size = zip.readUInt32LE(at + 18), nameLength = zip.readUInt16LE(at + 26), extra = zip.readUInt16LE(at + 28);
    const name = zip.toString('utf8', at + 30, at + 30 + nameLength);
    const start = at + 30 + nameLength + extra;
    files[name] = zip.toString('utf8', start, start + size);
    at = start + size;
  }
  return files;
}

async function downloaded(page, selector) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return { name: download.suggestedFilename(), bytes: Buffer.concat(await (await download.createReadStream()).toArray()) };
}


test('the application exports as CreateApplication JSON and imports back', async () => {
  const { page, problems } = await openPage();
  await page.selectOption('#generator', 'sensors');
  await setField(page, '#seed', '7');
  await setField(page, '#settings', 'late=0.05');
  await setField(page, '#app-name', 'iot-demo');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
  assert.equal(download.suggestedFilename(), 'iot-demo.json');
  const exported = JSON.parse(await (await download.createReadStream()).toArray().then((c) => Buffer.concat(c).toString()));
  assert.equal(exported.ApplicationName, 'iot-demo');
  assert.equal(exported.RuntimeEnvironment, 'SQL-1_0');
  const input = exported.ApplicationConfiguration.SqlApplicationConfiguration.Inputs[0];
  assert.equal(input.NamePrefix, 'SOURCE_SQL_STREAM');
  assert.match(input.KinesisStreamsInput.ResourceARN, /stream\/sensors$/);
  const group = exported.ApplicationConfiguration.EnvironmentProperties.PropertyGroups[0];
  assert.deepEqual(group, { PropertyGroupId: 'kdalite.generators', PropertyMap: { sensors: 'sensors:seed=7,rate=10,late=0.05' } });
  assert.match(await page.textContent('#describe pre'), /"ApplicationStatus": "READY"/);

  // Another source, then the export imported: code, generator and settings return.
  await page.reload();
  await page.waitForSelector('#sql-editor .cm-content');
  await page.selectOption('#generator', 'ticker');
  await setField(page, '#seed', '1');
  await setField(page, '#settings', '');
  await setField(page, '#app-name', 'other');
  await page.setInputFiles('#import', { name: 'iot-demo.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(exported)) });
  await page.waitForFunction(() => document.querySelector('#app-name').value === 'iot-demo');
  assert.equal(await page.inputValue('#generator'), 'sensors');
  assert.equal(await page.inputValue('#seed'), '7');
  assert.equal(await page.inputValue('#settings'), 'late=0.05');
  await page.screenshot({ path: `${ARTIFACTS}application.png`, fullPage: true });

  // A bad application is refused with AWS's words.
  const bad = { ...exported, ApplicationName: 'no spaces' };
  await page.setInputFiles('#import', { name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
  await page.waitForSelector('#sql-error');
  assert.match(await page.textContent('#sql-error'), /InvalidArgumentException: .*no spaces/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the application panel: runs are versions, snapshots restore, a rollback brings the previous code back', async () => {
  const { page, problems } = await openPage();
  const status = (s) => page.waitForFunction((want) => document.querySelector('#app-status')?.textContent === want, s);
  const control = () => page.textContent('#control .hint');
  await page.selectOption('#speed', '100');
  await page.click('#run');
  await status('RUNNING');
  assert.match(await control(), /^playground version 1 is RUNNING$/);
  await page.locator('#results-table tbody tr:not(.spacer)').first().waitFor({ timeout: 30_000 });
  // The control plane's log: the start, the status, the checkpoints its CheckpointConfiguration
  // (every 60 s of virtual time) makes the page take.
  await page.click('#logs summary');
  await page.waitForFunction(() => /Completed checkpoint \(\d+ bytes\)/.test(document.querySelector('#logs').textContent), null, { timeout: 30_000 });
  const logs = await page.textContent('#logs');
  assert.match(logs, /INFO Starting application version 1, without restoring state/);
  assert.match(logs, /INFO Application status: RUNNING/);
  // Its metrics, charted each second: records in and out, and the load.
  await page.waitForFunction(() => Number(document.querySelector('#metrics-0')?.dataset.points) >= 2, null, { timeout: 30_000 });
  assert.match(await page.textContent('#metrics-0 .u-legend'), /in[^]*out/);
  assert.match(await page.textContent('#metrics-1 .u-legend'), /CPU %/);
  await page.click('#snapshot');
  await page.locator('#snapshots li').first().waitFor();
  assert.match(await page.textContent('#snapshots li'), /^playground-1 \(version 1\)/);

  // Run again with other code: UpdateApplication, version 2, the new code running.
  const first = await sqlText(page);
  await setSql(page, first.replace("'10' SECOND", "'5' SECOND"));
  await page.click('#run');
  await page.waitForFunction(() => / version 2 is RUNNING$/.test(document.querySelector('#control .hint')?.textContent ?? ''));
  // Roll back: version 3 has version 1's code, in the editor and running.
  await page.click('#rollback');
  await page.waitForFunction(() => / version 3 is (ROLLING_BACK|RUNNING)$/.test(document.querySelector('#control .hint')?.textContent ?? ''));
  assert.equal(await sqlText(page), first);
  await page.click('#describe summary');
  assert.match(await page.textContent('#describe pre'), /"ApplicationVersionId": 3/);
  assert.match(await page.textContent('#describe pre'), /"ApplicationVersionUpdatedFrom": 2/);

  // Stopped, it restores from the snapshot.
  await status('RUNNING');
  await page.click('#stop');
  await status('READY');
  await page.click('#snapshots li button.restore');
  await status('RUNNING');
  await page.screenshot({ path: `${ARTIFACTS}application-panel.png`, fullPage: true });
  await page.click('#stop');
  await status('READY');

  // The application is kept in IndexedDB: after a reload it is there, READY, its snapshot
  // restorable (its state, clock included).
  await page.reload();
  await page.waitForFunction(() => / version 3 is READY$/.test(document.querySelector('#control .hint')?.textContent ?? ''));
  assert.match(await page.textContent('#snapshots li'), /^playground-1 \(version 1\)/);
  await page.click('#snapshots li button.restore');
  await status('RUNNING');
  const clock = Date.parse(`${await page.textContent('#clock')}Z`.replace(' ', 'T'));
  // The snapshot was taken once the first 10-second window had closed; a fresh start (at ×1)
  // would be at 00:00:00.
  assert.ok(clock >= Date.parse('2026-01-01T00:00:10Z'), `the clock goes on from the snapshot: ${clock}`);
  await page.click('#stop');
  assert.deepEqual(problems, []);
  await page.close();
});

test('the configuration forms update the application, and errors read as AWS words them', async () => {
  const { page, problems } = await openPage();
  await page.click('#run');
  await page.waitForFunction(() => document.querySelector('#app-status')?.textContent === 'RUNNING');
  await page.click('#configuration summary');
  const error = () => page.textContent('#panel-error');
  const version = (v) => page.waitForFunction((want) => new RegExp(` version ${want} is `).test(document.querySelector('#control .hint')?.textContent ?? ''), v);

  // Checkpoints, parallelism, monitoring and a property group in one UpdateApplication.
  await page.fill('#cfg-interval', '30000');
  await page.fill('#cfg-parallelism', '4');
  await page.fill('#cfg-per-kpu', '2');
  await page.selectOption('#cfg-log', 'WARN');
  await page.selectOption('#cfg-metrics', 'OPERATOR');
  await page.fill('#cfg-group', 'app');
  await page.fill('#cfg-properties', 'region=eu, mode=test');
  await page.check('#cfg-snapshots');
  await page.check('#cfg-rollback');
  await page.screenshot({ path: `${ARTIFACTS}configuration.png` });
  await page.click('#cfg-update');
  await version(2);
  // UPDATING a moment: the application runs the new version.
  await page.waitForFunction(() => / version 2 is RUNNING$/.test(document.querySelector('#control .hint')?.textContent ?? ''));
  await page.click('#describe summary');
  const described = JSON.parse(await page.textContent('#describe pre'));
  const flink = described.ApplicationConfigurationDescription.FlinkApplicationConfigurationDescription;
  assert.equal(flink.CheckpointConfigurationDescription.CheckpointInterval, 30000);
  assert.equal(flink.ParallelismConfigurationDescription.Parallelism, 4);
  assert.equal(flink.MonitoringConfigurationDescription.LogLevel, 'WARN');
  assert.equal(flink.MonitoringConfigurationDescription.MetricsLevel, 'OPERATOR');
  // At OPERATOR level the metrics list each operator of the pump with its own figures.
  await page.waitForFunction(() => document.querySelectorAll('#metric-parts tbody tr').length > 1);
  const parts = await page.$$eval('#metric-parts tbody td:first-child', (cells) => cells.map((c) => c.textContent));
  assert.ok(parts.every((p) => p.startsWith('STREAM_PUMP: ')), parts.join('\n'));
  assert.ok(parts.some((p) => p.includes('Window')), parts.join('\n'));
  assert.deepEqual(described.ApplicationConfigurationDescription.ApplicationSnapshotConfigurationDescription, { SnapshotsEnabled: true });
  assert.deepEqual(described.ApplicationConfigurationDescription.ApplicationSystemRollbackConfigurationDescription, { RollbackEnabled: true });
  assert.deepEqual(described.ApplicationConfigurationDescription.EnvironmentPropertyDescriptions.PropertyGroupDescriptions,
    [{ PropertyGroupId: 'app', PropertyMap: { mode: 'test', region: 'eu' } }]);

  // AWS's checks, in AWS's words.
  await page.fill('#cfg-parallelism', '300');
  await page.click('#cfg-update');
  await page.locator('#panel-error').waitFor();
  assert.match(await error(), /^InvalidArgumentException: Parallelism must be between 1 and 256/);
  await page.fill('#cfg-parallelism', '64');
  await page.fill('#cfg-per-kpu', '1');
  await page.click('#cfg-update');
  await page.waitForFunction(() => /LimitExceededException/.test(document.querySelector('#panel-error')?.textContent ?? ''));
  await page.fill('#cfg-parallelism', '4');
  await page.fill('#cfg-per-kpu', '2');

  await page.fill('#cfg-subnets', 'subnet-1, subnet-2');
  await page.fill('#cfg-security-groups', 'sg-1');
  await page.click('#cfg-vpc-add');
  await page.locator('#configuration .vpc').waitFor();
  assert.equal(await page.locator('#panel-error').count(), 0);
  // A running application takes the change UPDATING, and takes no other until it is over.
  await page.waitForFunction(() => document.querySelector('#app-status')?.textContent === 'RUNNING');
  await page.fill('#cfg-subnets', 'subnet-3');
  await page.click('#cfg-vpc-add');
  await page.locator('#panel-error').waitFor();
  assert.equal(await error(), 'InvalidArgumentException: Kinesis Analytics currently supports only 1 VPC configuration(s)');
  await page.click('#configuration .vpc-delete');
  await page.waitForFunction(() => document.querySelectorAll('#configuration .vpc').length === 0);
  await page.waitForFunction(() => document.querySelector('#app-status')?.textContent === 'RUNNING');

  // A CloudWatch logging option, added and deleted by its id.
  const stream = 'arn:aws:logs:us-east-1:123456789012:log-group:kda:log-stream:playground';
  await page.fill('#cfg-log-stream', stream);
  await page.click('#cfg-log-add');
  await page.locator('#configuration .log-option').waitFor();
  assert.match(await page.textContent('#configuration .log-option'), new RegExp(`${stream} \\(\\d+\\.1\\)`));
  await page.waitForFunction(() => document.querySelector('#app-status')?.textContent === 'RUNNING');
  await page.click('#configuration .log-option-delete');
  await page.waitForFunction(() => document.querySelectorAll('#configuration .log-option').length === 0);
  await page.waitForFunction(() => document.querySelector('#app-status')?.textContent === 'RUNNING');

  await page.fill('#cfg-maintenance', '03:30');
  await page.click('#cfg-maintenance-set');
  await page.waitForFunction(() => /"ApplicationMaintenanceWindowStartTime": "03:30"/.test(document.querySelector('#describe pre').textContent));
  await page.click('#versions summary');
  assert.match(await page.textContent('#versions'), /version 1 \(/);
  await page.screenshot({ path: `${ARTIFACTS}application-configuration.png`, fullPage: true });
  // With every part of the panel shown, no id is used twice (the tests and labels rely on them).
  const duplicated = await page.evaluate(() => {
    const counts = new Map();
    for (const e of document.querySelectorAll('[id]')) counts.set(e.id, (counts.get(e.id) ?? 0) + 1);
    return [...counts].filter(([, n]) => n > 1).map(([id]) => id);
  });
  assert.deepEqual(duplicated, []);
  await page.click('#stop');
  assert.deepEqual(problems, []);
  await page.close();
});

test('Export to Flink: the job beside the code, what was translated how, the bundle as a zip file', async () => {
  const { page, problems } = await openPage();
  // The opening application (a STEP window over the ticker generator).
  await setField(page, '#app-name', 'ticker-demo');
  await page.click('#flink-export');
  await page.waitForSelector('#flink-job');
  assert.match(await page.textContent('#flink-original'), /STEP\("SOURCE_SQL_STREAM_001"\.ROWTIME BY INTERVAL '10' SECOND\)/);
  const job = await page.textContent('#flink-job');
  assert.match(job, /CREATE TABLE `SOURCE_SQL_STREAM_001` \(/);
  assert.match(job, /'path' = 'file:\/\/\/tmp\/ticker-demo\/data\/SOURCE_SQL_STREAM_001\.jsonl'/);
  assert.match(job, /TABLE\(TUMBLE\(TABLE `SOURCE_SQL_STREAM_001`, DESCRIPTOR\(`ROWTIME`\), INTERVAL '10' SECOND\)\)/);
  assert.match(await page.textContent('#flink-notes'), /generator runs without end: the job's input is its first 10000 rows/);
  await page.screenshot({ path: `${ARTIFACTS}flink-export.png` });
  const { name, bytes } = await downloaded(page, '#flink-download');
  assert.equal(name, 'ticker-demo-flink.zip');
  writeFileSync(`${ARTIFACTS}${name}`, bytes);
  const files = unzipStored(bytes);
  assert.deepEqual(Object.keys(files).sort(), ['README.md', 'data/SOURCE_SQL_STREAM_001.jsonl', 'expected/DESTINATION_SQL_STREAM.jsonl', 'job.sql', 'run.py'].map((f) => `ticker-demo/${f}`));
  assert.equal(files['ticker-demo/job.sql'], job, 'the job shown is the job in the bundle');
  assert.equal(files['ticker-demo/data/SOURCE_SQL_STREAM_001.jsonl'].trim().split('\n').length, 10000);
  const first = JSON.parse(files['ticker-demo/expected/DESTINATION_SQL_STREAM.jsonl'].split('\n')[0]);
  assert.deepEqual(Object.keys(first), ['ROWTIME', 'TICKER_SYMBOL', 'AVG_PRICE', 'TRADES']);
  assert.match(files['ticker-demo/run.py'], /^BASE = "file:\/\/\/tmp\/ticker-demo\/"$/m);

  // Over Kinesis: the job reads the stream the application's CreateApplication names, and the
  // page gives Managed Service for Apache Flink's CreateApplication for it.
  await page.selectOption('#flink-connector', 'kinesis');
  await page.waitForFunction(() => /'connector' = 'kinesis'/.test(document.querySelector('#flink-job')?.textContent ?? ''));
  assert.match(await page.textContent('#flink-job'), /'stream\.arn' = 'arn:aws:kinesis:us-east-1:123456789012:stream\/ticker'/);
  await page.screenshot({ path: `${ARTIFACTS}flink-export-kinesis.png` });
  const msf = await downloaded(page, '#flink-msf');
  assert.equal(msf.name, 'ticker-demo-msf.json');
  const request = JSON.parse(msf.bytes.toString());
  assert.equal(request.ApplicationName, 'ticker-demo-flink');
  assert.equal(request.RuntimeEnvironment, 'FLINK-1_20');
  const code = request.ApplicationConfiguration.ApplicationCodeConfiguration;
  assert.equal(code.CodeContentType, 'ZIPFILE');
  const zipped = unzipStored(Buffer.from(code.CodeContent.ZipFileContent, 'base64'));
  assert.match(zipped['ticker-demo/job.sql'], /'connector' = 'kinesis'/);
  assert.equal(request.ApplicationConfiguration.EnvironmentProperties.PropertyGroups[0].PropertyMap.python, 'ticker-demo/run.py');
  await page.click('#flink-close');
  assert.equal(await page.locator('#flink').count(), 0);

  // What Flink cannot express is refused at its place, or approximated when asked.
  await setSql(page, `CREATE OR REPLACE STREAM DEST (sym VARCHAR(4), n BIGINT);
CREATE OR REPLACE PUMP P AS INSERT INTO DEST
SELECT STREAM ticker_symbol, COUNT(*) FROM SOURCE_SQL_STREAM_001
WINDOWED BY STAGGER(PARTITION BY ticker_symbol RANGE INTERVAL '1' MINUTE);`);
  await page.click('#flink-export');
  await page.waitForSelector('#flink-error');
  assert.match(await page.textContent('#flink-error'), /^Line 4, column 13.*stagger/);
  assert.equal(await page.locator('#flink-download').count(), 0);
  await page.click('#flink-approximate');
  await page.waitForSelector('#flink-job');
  assert.match(await page.textContent('#flink-notes'), /Approximate: the stagger window became a tumbling window.*\(line 4, column 13\)/);
  assert.ok(await page.isChecked('#flink-approximate'));
  await page.click('#flink-close');

  // A file's rows go into the bundle whole.
  await loadFile(page, WEATHER_FILE, 'WEATHERSTREAM');
  await setSql(page, `CREATE OR REPLACE STREAM DEST (city VARCHAR(16), n BIGINT);
CREATE OR REPLACE PUMP P AS INSERT INTO DEST
SELECT STREAM city, COUNT(*) FROM WEATHERSTREAM GROUP BY city, FLOOR(WEATHERSTREAM.ROWTIME TO DAY);`);
  await page.click('#flink-export');
  await page.waitForSelector('#flink-job');
  const weather = unzipStored((await downloaded(page, '#flink-download')).bytes);
  assert.equal(weather['ticker-demo/data/WEATHERSTREAM.jsonl'].trim().split('\n').length, 18);
  assert.deepEqual(problems, []);
  await page.close();
});
