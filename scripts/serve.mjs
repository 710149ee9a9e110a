// A small static file server for the playground: 127.0.0.1 only, correct MIME types
// (application/wasm for streaming compilation), no caching so a rebuild shows at once, and
// each file compressed as the browser accepts it: the brotli or gzip copy that
// scripts/compress.mjs wrote beside it, when that copy is as new as the file.
// `node scripts/serve.mjs [--port 8080] [--dir www]`; also imported by the end-to-end tests.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.wasm': 'application/wasm', '.json': 'application/json',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.csv': 'text/csv', '.txt': 'text/plain',
};

// The copy of `file` to send: its brotli copy when the browser accepts brotli, else its gzip
// copy, else the file itself. A copy older than its file (edited since) is not used.
async function compressed(file, acceptEncoding) {
  const accepted = new Set(acceptEncoding.split(',')
    .map((e) => e.split(';').map((part) => part.trim()))
    .filter(([, q]) => !/^q=0(\.0*)?$/.test(q ?? ''))
    .map(([name]) => name));
  const { mtimeMs } = await stat(file);
  for (const [encoding, suffix] of [['br', '.br'], ['gzip', '.gz']]) {
    if (!accepted.has(encoding)) continue;
    const copy = await stat(file + suffix).catch(() => null);
    if (copy && copy.mtimeMs >= mtimeMs) return { path: file + suffix, encoding };
  }
  return { path: file, encoding: null };
}

export function serve(dir, port = 8080, host = '127.0.0.1') {
  const root = resolve(dir);
  const server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      let file = normalize(join(root, path));
      if (!file.startsWith(root)) { res.writeHead(403).end(); return; }
      if ((await stat(file).catch(() => null))?.isDirectory()) file = join(file, 'index.html');
      const { path: sent, encoding } = await compressed(file, req.headers['accept-encoding'] ?? '');
      const body = await readFile(sent);
      const headers = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store', vary: 'accept-encoding' };
      if (encoding) headers['content-encoding'] = encoding;
      res.writeHead(200, headers);
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => ok(server));
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : fallback;
  };
  const port = Number(arg('--port', process.env.PORT ?? 8080));
  const dir = arg('--dir', 'www');
  serve(dir, port)
    .then((server) => console.log(`kdalite playground: http://127.0.0.1:${server.address().port}/  (Ctrl+C stops it)`))
    .catch((e) => { console.error(`cannot serve on 127.0.0.1:${port}: ${e.message}`); process.exit(1); });
}
