// A minimal static file server for dist/: what any static host does, nothing more.
// Usage: node scripts/serve.mjs [dir] [port] [mount]   e.g. node scripts/serve.mjs dist 8080 /
// `mount` serves the same files under a sub-path too (e.g. /tools/triage/), to prove relative URLs.
// Compression as a static host does it: the build writes `x.br` and `x.gz` next to each text and
// wasm file; a request whose Accept-Encoding allows it gets the precompressed file with
// `Content-Encoding` and `Vary: Accept-Encoding` (brotli first, then gzip, else the file itself).
// It serves its folder only: the path is decoded once and normalised, and anything that would
// leave the folder (`..` in any encoding, a backslash, a NUL, a symlink pointing out) is refused
// with 400/403/404 (tests/e2e/serve.test.mjs).
import { createServer } from 'node:http';
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, isAbsolute, join, relative, resolve } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm', '.css': 'text/css; charset=utf-8', '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.txt': 'text/plain; charset=utf-8',
};

const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.wasm', '.css', '.json', '.svg', '.txt']);

/** `path` is `root` or below it (compared by path segments: `/srv/site-x` is not in `/srv/site`). */
function inside(root, path) {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** The file a request path (after the mount) names under `root`, or the status refusing it. */
async function locate(root, realRoot, encoded) {
  let rel;
  try {
    rel = decodeURIComponent(encoded);
  } catch {
    return { status: 400 };
  }
  // A NUL ends a path for the system; a backslash is a separator to Windows and URL parsers.
  if (rel.includes('\0') || rel.includes('\\')) return { status: 400 };
  if (rel.split('/').includes('..')) return { status: 403 };
  if (rel === '' || rel.endsWith('/')) rel += 'index.html';
  const file = join(root, rel);
  if (!inside(root, file)) return { status: 403 };
  // Symlinks are followed only when they stay inside the folder.
  const real = await realpath(file).catch(() => null);
  if (!real) return { status: 404 };
  if (!inside(realRoot, real)) return { status: 403 };
  return { file: real };
}

export function serve(dir, port = 0, mounts = ['/']) {
  const root = resolve(dir);
  const realRoot = realpath(root);
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://localhost');
      const mount = mounts.find((m) => url.pathname.startsWith(m));
      if (!mount) return send(res, 404, 'not found');
      const found = await locate(root, await realRoot, url.pathname.slice(mount.length));
      if (found.status) return send(res, found.status, found.status === 404 ? 'not found' : 'refused');
      const { file } = found;
      const info = await stat(file).catch(() => null);
      if (!info || !info.isFile()) return send(res, 404, 'not found');
      const headers = { 'content-type': TYPES[extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' };
      const accept = String(req.headers['accept-encoding'] || '');
      let body = null;
      for (const [enc, ext] of [['br', '.br'], ['gzip', '.gz']]) {
        if (!new RegExp(`\\b${enc}\\b`).test(accept)) continue;
        const packed = await realpath(file + ext).then(async (p) => (inside(await realRoot, p) ? stat(p) : null)).catch(() => null);
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
      // The error names paths on this machine: logged here, not sent.
      console.error(e);
      send(res, 500, 'internal error');
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
