// Writes a brotli (.br) and a gzip (.gz) copy beside each of the page's files, so the server
// sends the page compressed (scripts/serve.mjs picks the copy the browser accepts). A copy is
// made again only when its file is newer, so a run after a small change takes a moment; the
// wasm at brotli's best quality takes about 40 s, and saves a third of gzip's transfer.
// `node scripts/compress.mjs [DIR]` (default www).
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

// What is worth compressing: text and wasm, above a size where the headers cost more.
const COMPRESSIBLE = /\.(html|js|mjs|css|wasm|json|svg|csv|txt)$/;
const SMALLEST = 1024;

async function* files(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (COMPRESSIBLE.test(entry.name)) yield path;
  }
}

// True when `copy` is missing or older than `source`.
async function stale(copy, source) {
  const made = await stat(copy).catch(() => null);
  return !made || made.mtimeMs < source.mtimeMs;
}

const dir = process.argv[2] ?? 'www';
for await (const path of files(dir)) {
  const source = await stat(path);
  if (source.size < SMALLEST) continue;
  const [br, gz] = [`${path}.br`, `${path}.gz`];
  if (!(await stale(br, source)) && !(await stale(gz, source))) continue;
  const body = await readFile(path);
  const brotli = brotliCompressSync(body, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
  });
  const gzip = gzipSync(body, { level: 9 });
  await writeFile(br, brotli);
  await writeFile(gz, gzip);
  const kb = (n) => `${Math.round(n / 1e3)} KB`;
  console.log(`compress: ${path} ${kb(body.length)}: ${kb(brotli.length)} brotli, ${kb(gzip.length)} gzip`);
}
