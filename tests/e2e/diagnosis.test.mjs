// End-to-end: the seed forum paste on the release page shows the InvalidClientIdentifier
// diagnosis with the platform team's checks, and a fixture JWT shows the gateway's answer.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { foreign, open, screenshot, start } from './harness.mjs';

const KEY = 'AbCdEfGhIjKlMnOpQrStUvWxYz012345';
const SEED = `Today when trying to continue development using the sandbox environments, when I go to authenticate, I am getting a 500 error: Invalid client identifier.
Request URL: https://sandbox.api.service.nhs.uk/oauth2/token
Method: POST
Response Content: “{“fault”:{“faultstring”:“Invalid client identifier {0}”,“detail”:{“errorcode”:“oauth.v2.InvalidClientIdentifier”}}}”`;
const fixtures = JSON.parse(readFileSync(new URL('../fixtures/nhs/client_assertions.json', import.meta.url), 'utf8'));

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

test('the seed forum paste gets the InvalidClientIdentifier diagnosis', async () => {
  const { page, context, requests, errors } = await open(env, '/');
  const loaded = requests.length;
  await page.getByLabel(/API key/).fill(KEY);
  await page.getByLabel(/Paste/).fill(SEED);
  const verdict = page.locator('#verdict');
  await verdict.getByText('Invalid client identifier {0}').first().waitFor();
  const text = await verdict.innerText();
  assert.match(text, /does not say which identifier was rejected/);
  assert.match(text, /send no client_id \(or exactly the API key, never the Application ID\)/);
  assert.match(text, /active key equal to iss\/sub/);
  assert.match(text, /regenerated/);
  assert.match(text, /LIKELY/i);
  const found = await page.locator('#found').innerText();
  assert.match(found, /Apigee fault/);
  assert.match(found, /Sandbox/);
  assert.equal(requests.length, loaded, 'no request after typing');
  assert.deepEqual(foreign(requests, env.origin), []);
  assert.deepEqual(errors, []);
  await screenshot(page, 'seed-1280-light');
  await context.close();
});

test('a fixture JWT shows the exact gateway answer', async () => {
  const { page, context } = await open(env, '/');
  await page.getByLabel(/Paste/).fill(fixtures.cases.missing_typ.jwt);
  await page.locator('#verdict .headline').waitFor();
  // The fixture's exp is in 2025, long past; its iat says when it was made, so expiry is judged
  // as of the call (issue 12): the answer is the typ error it would have got then.
  const headline = await page.locator('#verdict .headline').innerText();
  assert.equal(headline, "400 invalid_request: Invalid 'typ' header in client_assertion JWT - must be 'JWT'");
  assert.match(await page.locator('#verdict ol.todo').innerText(), /typ/);
  assert.match(await page.locator('section.findings').innerText(), /typ/);
  await context.close();
});
