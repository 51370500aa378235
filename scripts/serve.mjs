// A minimal static file server for dist/: what any static host does, nothing more.
// Usage: node scripts/serve.mjs [dir] [port] [mount]   e.g. node scripts/serve.mjs dist 8080 /
// `mount` serves the same files under a sub-path too (e.g. /tools/triage/), to prove relative URLs.
// Compression as a static host does it: the build writes `x.br` and `x.gz` next to each text and
// wasm file; a request whose Accept-Encoding allows it gets the precompressed file with
// `Content-Encoding` and `Vary: Accept-Encoding` (brotli first, then gzip, else the file itself).
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm', '.css': 'text/css; charset=utf-8', '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.txt': 'text/plain; charset=utf-8',
};

const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.wasm', '.css', '.json', '.svg', '.txt']);

export function serve(dir, port = 0, mounts = ['/']) {
  const root = resolve(dir);
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://localhost');
      const mount = mounts.find((m) => url.pathname.startsWith(m));
      if (!mount) return send(res, 404, 'not found');
      let rel = decodeURIComponent(url.pathname.slice(mount.length));
      if (rel === '' || rel.endsWith('/')) rel += 'index.html';
      const file = normalize(join(root, rel));
      if (!file.startsWith(root)) return send(res, 403, 'forbidden');
      const info = await stat(file).catch(() => null);
      if (!info || !info.isFile()) return send(res, 404, 'not found');
      const headers = { 'content-type': TYPES[extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' };
      const accept = String(req.headers['accept-encoding'] || '');
      let body = null;
      for (const [enc, ext] of [['br', '.br'], ['gzip', '.gz']]) {
        if (!new RegExp(`\\b${enc}\\b`).test(accept)) continue;
        const packed = await stat(file + ext).catch(() => null);
        if (packed?.isFile()) {
          body = await readFile(file + ext);
          Object.assign(headers, { 'content-encoding': enc, vary: 'Accept-Encoding' });
          break;
        }
      }
      body ??= await readFile(file);
      if (!headers['content-encoding'] && COMPRESSIBLE.has(extname(file))) headers.vary = 'Accept-Encoding';
      headers['content-length'] = body.length;
      res.writeHead(200, headers);
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (e) {
      send(res, 500, String(e));
    }
  });
  return new Promise((ok) => server.listen(port, '127.0.0.1', () => ok(server)));
}

function send(res, status, text) {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dir = 'dist', port = '8080', ...mounts] = process.argv.slice(2);
  const server = await serve(dir, Number(port), mounts.length ? mounts : ['/']);
  const { port: p } = server.address();
  console.log(`Serving ${dir}/ at http://127.0.0.1:${p}${mounts[0] || '/'}  (Ctrl-C to stop)`);
}
