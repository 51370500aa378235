// scripts/serve.mjs serves its folder and nothing else (issue 24: `/..%2F…` escaped it): every
// encoded, doubled, backslashed or symlinked way out gets 400/403/404 and none of the files
// outside. Needs no build: it serves a temporary folder, next to a sibling folder whose name
// starts with the root's (the prefix check the old server made) and a secret above both.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '../../scripts/serve.mjs';

const SECRET = 'TOP-SECRET-OUTSIDE-THE-ROOT';
let dir;
let server;
let port;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'triage-serve-'));
  const root = join(dir, 'site');
  mkdirSync(join(root, 'a'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<p>index</p>');
  writeFileSync(join(root, 'a', 'b.txt'), 'inside');
  writeFileSync(join(root, 'a', 'b.txt.gz'), 'not really gzip');
  mkdirSync(join(dir, 'site-secret'));
  writeFileSync(join(dir, 'site-secret', 'secret.txt'), SECRET);
  writeFileSync(join(dir, 'secret.txt'), SECRET);
  symlinkSync(join(dir, 'secret.txt'), join(root, 'link.txt'));
  symlinkSync(join(dir, 'site-secret'), join(root, 'linked-dir'));
  server = await serve(root, 0, ['/tools/triage/', '/']);
  port = server.address().port;
});

after(async () => {
  await new Promise((ok) => server.close(ok));
  rmSync(dir, { recursive: true, force: true });
});

/** GET with the path sent exactly as written (fetch and URL would normalise `..` away). */
function get(path, headers = {}) {
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', headers }, (res) => {
      let body = '';
      res.setEncoding('latin1');
      res.on('data', (c) => { body += c; });
      res.on('end', () => ok({ status: res.statusCode, body, encoding: res.headers['content-encoding'] }));
    });
    req.on('error', fail);
    req.end();
  });
}

test('files inside the root are served, at / and under the mount', async () => {
  const plain = (r) => ({ status: r.status, body: r.body });
  assert.deepEqual(plain(await get('/')), { status: 200, body: '<p>index</p>' });
  assert.deepEqual(plain(await get('/a/b.txt')), { status: 200, body: 'inside' });
  assert.deepEqual(plain(await get('/tools/triage/a/b.txt')), { status: 200, body: 'inside' });
  assert.deepEqual(plain(await get('/a/./b.txt')), { status: 200, body: 'inside' });
  assert.deepEqual(plain(await get('/a/%62.txt')), { status: 200, body: 'inside' });
  assert.deepEqual(await get('/a/b.txt', { 'accept-encoding': 'gzip' }), { status: 200, body: 'not really gzip', encoding: 'gzip' });
  assert.equal((await get('/nope.txt')).status, 404);
});

test('no way out of the root: encoded, doubled, backslashed, NUL, symlinks', async () => {
  const ways = [
    '/..%2Fsecret.txt',
    '/..%2F..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd',
    '/%2e%2e/secret.txt',
    '/%2e%2e%2fsecret.txt',
    '/%2E%2E%2Fsecret.txt',
    '/../secret.txt',
    '/../../../../etc/passwd',
    '/a/../../secret.txt',
    '/a/..%2F..%2Fsecret.txt',
    '/..%2Fsite-secret%2Fsecret.txt',
    '/..%2fsite-secret/secret.txt',
    '/tools/triage/..%2F..%2F..%2Fsecret.txt',
    '/tools/triage/..%2Fsite-secret%2Fsecret.txt',
    '/..%5Csecret.txt',
    '/..\\secret.txt',
    '/%2e%2e%5csite-secret%5csecret.txt',
    '/..%252Fsecret.txt',
    '/%252e%252e%252fsecret.txt',
    '/secret.txt%00.html',
    '/%00',
    '/%E0%A4%A',
    '/%',
    '//etc/passwd',
    '/%2Fetc%2Fpasswd',
    '/link.txt',
    '/linked-dir/secret.txt',
    '/..%2Fsecret.txt.gz',
  ];
  for (const path of ways) {
    for (const headers of [{}, { 'accept-encoding': 'br, gzip' }]) {
      const { status, body } = await get(path, headers);
      assert.ok([400, 403, 404].includes(status), `${path}: ${status} ${body}`);
      assert.ok(!body.includes(SECRET) && !body.includes('root:'), `${path} leaked: ${body}`);
      assert.ok(!body.includes(dir), `${path}: the answer names the folder: ${body}`);
    }
  }
});
