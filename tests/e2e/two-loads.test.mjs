// End-to-end: the page in two loads. The first load (the first wasm, its glue, the HTML, CSS
// and small scripts) is all the first verdict needs; the catalogue's texts and the second module
// (the on-demand parts) follow, each fetched once, from the page's own origin.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { foreign, live, moreDetails, open, start } from './harness.mjs';

const SEED = readFileSync(new URL('../bench/seed.txt', import.meta.url), 'utf8');
let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

test('the first verdict needs the first load only: with the rest blocked, the headline still comes', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const blocked = [];
  await context.route(/auth-triage-more-|catalogue-texts-/, (route) => { blocked.push(route.request().url()); return route.abort(); });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(env.origin + '/');
  await live(page);
  await page.getByLabel(/Paste/).fill(SEED);
  await page.locator('#verdict .headline').getByText('Invalid client identifier {0}').waitFor();
  // The explanation says it is on its way, rather than show empty headings.
  await page.locator('#verdict article.diagnosis .explaining').waitFor();
  // The parts say plainly they could not be loaded; nothing panicked.
  await page.locator('.part[data-state="failed"]').first().waitFor();
  assert.match(await page.locator('.part[data-state="failed"]').first().innerText(), /could not be loaded/);
  assert.ok(blocked.some((u) => /auth-triage-more-.*\.js$/.test(u)), blocked.join(', '));
  assert.ok(blocked.some((u) => /catalogue-texts-.*\.json$/.test(u)), blocked.join(', '));
  assert.deepEqual(errors, []);
  await context.close();
});

test('then the texts and the second module arrive once each, from the same origin', async () => {
  const { page, context, requests, errors } = await open(env, '/');
  await page.getByLabel(/Paste/).fill(SEED);
  await page.locator('#verdict article.diagnosis h4', { hasText: 'Likely causes' }).first().waitFor();
  await page.locator('#slot-ticket[data-ready] #share-link').waitFor();
  const count = (re) => requests.filter((u) => re.test(u)).length;
  assert.equal(count(/auth-triage-web-.*_bg\.wasm$/), 1, 'the first wasm once');
  assert.equal(count(/auth-triage-more-.*_bg\.wasm$/), 1, 'the second module once');
  assert.equal(count(/catalogue-texts-.*\.json$/), 1, 'the texts once');
  assert.deepEqual(foreign(requests, env.origin), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a PEM key is read by the second module (the first load has no PEM/DER reader): the signature checks', async () => {
  const fx = (f) => readFileSync(new URL(`../fixtures/nhs/${f}`, import.meta.url), 'utf8');
  const cases = JSON.parse(fx('client_assertions.json')).cases;
  const { page, context, requests, errors } = await open(env, '/');
  await page.getByLabel(/Paste/).fill(`${cases.valid_int.jwt}\n\n${fx('test-1.pem.pub')}`);
  await page.locator('#slot-keys').getByText(/The signature is valid: RS512 with the key you pasted/).waitFor();
  // The first load's own report has the key too: its verdict is not held back by it.
  assert.doesNotMatch(await page.locator('#verdict').innerText(), /Not read yet/);
  // A certificate in the key field, the same way.
  await page.getByLabel(/Paste/).fill(cases.valid_int.jwt);
  await moreDetails(page);
  await page.getByLabel(/Public key or JWKS/).fill(fx('test-1.crt'));
  await page.locator('#slot-keys').getByText(/X\.509 certificate/).waitFor();
  await page.locator('#slot-keys').getByText(/The signature is valid/).waitFor();
  assert.deepEqual(foreign(requests, env.origin), []);
  assert.deepEqual(errors, []);
  await context.close();
});
