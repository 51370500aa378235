// End-to-end: signatures checked with WebCrypto, a key pair made in the browser, an assertion
// built and signed here — and no private key anywhere after "clear", no request off the page.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { foreign, moreDetails, open, start } from './harness.mjs';

const KEY = 'AbCdEfGhIjKlMnOpQrStUvWxYz012345';
const fx = (f) => readFileSync(new URL(`../fixtures/nhs/${f}`, import.meta.url), 'utf8');
const cases = JSON.parse(fx('client_assertions.json')).cases;
const JWKS = fx('jwks.json');

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

test('JWT + JWKS: signature valid; tampered: the reason', async () => {
  const { page, context, requests, errors } = await open(env, '/');
  await moreDetails(page);
  await page.getByLabel(/Public key or JWKS/).fill(JWKS);
  await page.getByLabel(/Paste/).fill(cases.valid_int.jwt);
  const status = page.locator('#slot-keys .sigstatus');
  await status.getByText(/The signature is valid: RS512 with key "test-1"/).waitFor();
  const sig = cases.valid_int.jwt.split('.')[2];
  const flipped = sig.slice(0, 20) + (sig[20] === 'A' ? 'B' : 'A') + sig.slice(21);
  await page.getByLabel(/Paste/).fill(cases.valid_int.jwt.replace(sig, flipped));
  await status.getByText(/does not match key "test-1"/).waitFor();
  await page.getByLabel(/Paste/).fill(cases.alg_rs256.jwt);
  await status.getByText(/valid RS256 signature .* only RS512/).waitFor();
  // Both together in the paste box work as well.
  await page.getByLabel(/Public key or JWKS/).fill('');
  await page.getByLabel(/Paste/).fill(`${cases.valid_int.jwt}\n\n${JWKS}`);
  await status.getByText(/The signature is valid/).waitFor();
  assert.deepEqual(foreign(requests, env.origin), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('make a key pair, build and sign, check it, then clear', async () => {
  const { page, context, requests, errors } = await open(env, '/');
  const loaded = requests.length;
  await page.getByLabel(/API key/).fill(KEY);
  await page.getByLabel('kid', { exact: true }).fill('gen-1');
  await page.getByRole('button', { name: 'Generate RSA-4096 key pair' }).click();
  const download = page.locator('#private-download');
  await download.waitFor({ timeout: 60000 });
  assert.match(await download.getAttribute('href'), /^blob:/);
  assert.equal(await download.getAttribute('download'), 'auth-triage-private-key.pem');
  const [file] = await Promise.all([page.waitForEvent('download'), download.click()]);
  const pem = readFileSync(await file.path(), 'utf8');
  assert.match(pem, /^-----BEGIN PRIVATE KEY-----\n[A-Za-z0-9+/=\n]+-----END PRIVATE KEY-----\n$/);
  const jwks = JSON.parse(await page.locator('#gen-jwks').innerText());
  assert.equal(jwks.keys[0].kid, 'gen-1');
  assert.equal(jwks.keys[0].alg, 'RS512');
  assert.equal(jwks.keys[0].d, undefined, 'public only');
  // Sign with the generated key and check the result with its JWKS.
  await page.getByRole('button', { name: 'Use this key in the builder' }).click();
  await page.getByRole('button', { name: 'Build and sign' }).click();
  await page.locator('#built-curl').waitFor();
  await page.getByRole('button', { name: 'Check this request above' }).click();
  await moreDetails(page);
  await page.getByLabel(/Public key or JWKS/).fill(JSON.stringify(jwks));
  await page.locator('#slot-keys .sigstatus').getByText(/The signature is valid: RS512 with key "gen-1"/).waitFor();
  assert.match(await page.locator('#verdict .headline').innerText(), /^200 OK/);
  assert.equal(await page.locator('li.finding.error').count(), 0, 'no error finding');
  // The private key exists only in memory; after "clear" it is nowhere.
  const secretLine = pem.split('\n')[5];
  // Loaded in memory, never written into a field (issue 12, item 7).
  await page.locator('#b-loaded').waitFor();
  assert.equal(await page.getByLabel(/Private key \(PKCS#8/).inputValue(), '', 'the generated key is never in a field');
  assert.ok(!(await page.evaluate(() => document.documentElement.outerHTML)).includes(pem.split('\n')[5]), 'nor in the DOM');
  assert.ok(secretLine.length > 40);
  await page.getByRole('button', { name: 'Clear private key' }).click();
  await page.locator('#private-download').waitFor({ state: 'detached' });
  const everywhere = await page.evaluate(() => [
    document.documentElement.outerHTML, document.body.innerText, location.href,
    JSON.stringify(Object.entries(localStorage)), JSON.stringify(Object.entries(sessionStorage)), document.cookie,
    ...[...document.querySelectorAll('textarea, input')].map((e) => e.value),
  ].join('\n'));
  assert.ok(!everywhere.includes(secretLine), 'private key gone from DOM, values, URL and storage');
  assert.deepEqual(foreign(requests, env.origin), []);
  const after = requests.slice(loaded).filter((u) => !u.startsWith('blob:'));
  assert.deepEqual(after, [], 'no request after load');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the fixture private key signs an assertion the analyzer passes', async () => {
  const { page, context } = await open(env, '/');
  await page.getByLabel(/API key/).fill(KEY);
  await page.getByLabel('kid', { exact: true }).fill('test-1');
  await page.getByLabel(/Private key \(PKCS#8/).fill(fx('test-1.pem'));
  await page.getByRole('button', { name: 'Build and sign' }).click();
  await page.locator('#built-curl').waitFor();
  const curl = await page.locator('#built-curl').innerText();
  assert.ok(!/client_id|Authorization/i.test(curl));
  await page.getByRole('button', { name: 'Check this request above' }).click();
  await moreDetails(page);
  await page.getByLabel(/Public key or JWKS/).fill(JWKS);
  await page.locator('#slot-keys .sigstatus').getByText(/The signature is valid/).waitFor();
  assert.equal(await page.locator('li.finding.error').count(), 0);
  await context.close();
});

test('a new key pair without a typed kid gets its RFC 7638 thumbprint as kid', async () => {
  const { page, context, errors } = await open(env, '/');
  await page.getByRole('button', { name: 'Generate RSA-4096 key pair' }).click();
  await page.locator('#gen-jwks').waitFor({ timeout: 60000 });
  const jwk = JSON.parse(await page.locator('#gen-jwks').innerText()).keys[0];
  const expected = createHash('sha256').update(`{"e":"${jwk.e}","kty":"RSA","n":"${jwk.n}"}`).digest('base64url');
  assert.equal(jwk.kid, expected);
  assert.equal(await page.locator('#gen-thumbprint').innerText(), expected);
  assert.equal(await page.getByLabel('kid', { exact: true }).inputValue(), expected, 'the builder signs with it');
  assert.deepEqual(errors, []);
  await context.close();
});
