// End-to-end, issue 22: what a person sees for pastes the readers were made general for — the
// seed post shows one response and every id once, a library's traceback shows what was found and
// no ticket, and an assertion whose signature no RSA key makes is never predicted to succeed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { foreign, moreDetails, open, settled, start } from './harness.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const SEED = `Today when trying to continue development using the sandbox environments, when I go to authenticate, I am getting a 500 error: Invalid client identifier.
Request URL: https://sandbox.api.service.nhs.uk/oauth2/token
Method: POST
Response Content: “{“fault”:{“faultstring”:“Invalid client identifier {0}”,“detail”:{“errorcode”:“oauth.v2.InvalidClientIdentifier”}}}”

Reply: the same here, I get “{“fault”:{“faultstring”:“Invalid client identifier {0}”,“detail”:{“errorcode”:“oauth.v2.InvalidClientIdentifier”}}}”`;
const fixtures = JSON.parse(readFileSync(new URL('../fixtures/nhs/client_assertions.json', import.meta.url), 'utf8'));

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

test('the seed post, its answer quoted twice, shows one response section and every id once', async () => {
  const { page, context, requests, errors } = await open(env, '/');
  await page.getByLabel(/Paste/).fill(SEED);
  await page.locator('#verdict .headline').getByText('Invalid client identifier', { exact: false }).waitFor();
  await settled(page);
  assert.equal(await page.locator('section.body').count(), 1, 'one response section');
  const duplicates = await page.evaluate(() => {
    const seen = new Map();
    for (const el of document.querySelectorAll('[id]')) seen.set(el.id, (seen.get(el.id) || 0) + 1);
    return [...seen].filter(([, n]) => n > 1).map(([id]) => id);
  });
  assert.deepEqual(duplicates, [], 'ids used more than once');
  const results = await page.evaluate(`${AXE}; axe.run(document, { runOnly: ['duplicate-id-aria'], resultTypes: ['violations'] })`);
  assert.deepEqual(results.violations.map((v) => v.id), []);
  assert.deepEqual(foreign(requests, env.origin), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('an assertion with a 2-byte signature is not predicted to succeed', async () => {
  const { page, context, errors } = await open(env, '/');
  const valid = fixtures.cases.valid_int;
  const head = valid.jwt.split('.').slice(0, 2).join('.');
  // Sent while it was valid (the fixture's now): only the signature can fail it.
  await moreDetails(page);
  await page.locator('#failed-at').fill('2025-10-09T08:53:20Z');
  await page.getByLabel(/Paste/).fill(`curl -X POST https://int.api.service.nhs.uk/oauth2/token -d grant_type=client_credentials -d client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer -d client_assertion=${head}.MQ`);
  const headline = page.locator('#verdict .headline');
  await headline.waitFor();
  await page.locator('[data-code="signature-length-impossible"]').first().waitFor({ state: 'attached' });
  const text = await headline.innerText();
  assert.ok(!/200/.test(text), `not a success: ${text}`);
  assert.deepEqual(errors, []);
  await context.close();
});
