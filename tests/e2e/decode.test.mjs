// End-to-end: the release dist/ in headless Chromium. Paste the RFC 7519 example JWT, see its
// decoded payload; nothing goes to another origin and no request at all follows the paste.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { foreign, open, screenshot, start, SUBPATH } from './harness.mjs';

const RFC7519 = 'eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

for (const [where, path] of [['root', '/'], ['sub-path', SUBPATH]]) {
  test(`served from ${where}: paste the RFC 7519 JWT and see it decoded`, async () => {
    const { page, context, requests, errors } = await open(env, path);
    assert.equal(await page.title(), 'Auth Triage');
    const loaded = requests.length;
    assert.ok(loaded >= 3, `page, js, wasm at least: ${requests.join(', ')}`);

    await page.getByLabel(/Paste/).fill(RFC7519);
    const token = page.locator('section.token');
    await token.locator('table.claims code.value', { hasText: '"joe"' }).waitFor();
    const text = await token.innerText();
    assert.match(text, /iss\s+"joe"/);
    assert.match(text, /exp\s+1300819380/);
    assert.match(text, /http:\/\/example.com\/is_root\s+true/);
    assert.match(text, /typ\s+"JWT"/);
    assert.match(text, /2011-03-22T18:43:00Z/);
    assert.match(text, /expired \d+ years ago/);
    // the exact JSON, key order kept, one click away
    await token.locator('summary').nth(1).click();
    assert.match(await token.innerText(), /\{\n\s+"iss": "joe",\n\s+"exp": 1300819380,\n\s+"http:\/\/example.com\/is_root": true\n\}/);

    assert.deepEqual(foreign(requests, env.origin), [], 'no request left the origin');
    assert.equal(requests.length, loaded, `no request after the paste: ${requests.slice(loaded).join(', ')}`);
    assert.deepEqual(errors, [], 'no console errors (CSP violations included)');
    if (where === 'root') await screenshot(page, 'decode-1280-light');
    await context.close();
  });
}

test('a malformed paste is explained, and pasted markup stays text', async () => {
  const { page, context, errors } = await open(env, '/', { width: 360, height: 800, colorScheme: 'dark' });
  await page.getByLabel(/Paste/).fill('Authorization: Bearer "eyJhbGciOiJSUzUxMiJ9.<script>alert(1)</script>.c2ln"');
  const findings = page.locator('section.findings');
  await findings.getByText(/base64url does not allow/).waitFor();
  const text = await findings.innerText();
  assert.match(text, /removed the “Authorization:” header name/);
  assert.match(text, /removed the “Bearer ” prefix/);
  assert.match(text, /error/i);
  assert.equal(await page.locator('#app script').count(), 0, 'no script element was created');
  assert.deepEqual(errors, []);
  await screenshot(page, 'malformed-360-dark');
  await context.close();
});

test('nothing is stored', async () => {
  const { page, context } = await open(env, '/');
  await page.getByLabel(/Paste/).fill(RFC7519);
  await page.locator('section.token').waitFor();
  const stored = await page.evaluate(async () => ({
    local: localStorage.length,
    session: sessionStorage.length,
    cookie: document.cookie,
    idb: (await indexedDB.databases()).length,
  }));
  assert.deepEqual(stored, { local: 0, session: 0, cookie: '', idb: 0 });
  await context.close();
});
