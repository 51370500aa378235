// End-to-end: what the one pipeline decides once reaches every output. A finding is drawn on the
// thing it is about only; the verdict, the ticket and the share link judge the same request; a
// WebCrypto failure is "could not verify", never a wrong key; quick edits in two fields survive.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { foreign, moreDetails, open, start } from './harness.mjs';

const KEY = 'AbCdEfGhIjKlMnOpQrStUvWxYz012345';
const fx = (f) => readFileSync(new URL(`../fixtures/nhs/${f}`, import.meta.url), 'utf8');
const cases = JSON.parse(fx('client_assertions.json')).cases;
const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

const curl = (jwt, url = 'https://int.api.service.nhs.uk/oauth2/token') => `curl -X POST ${url} \\
  -H 'Content-Type: application/x-www-form-urlencoded' \\
  --data-urlencode 'grant_type=client_credentials' \\
  --data-urlencode 'client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer' \\
  --data-urlencode 'client_assertion=${jwt}'`;

test("an assertion's claim errors are drawn on the assertion alone, not on an access token beside it", async () => {
  const { page, context } = await open(env, '/');
  // An access token (a JWT sent as Bearer to an API) above the token call with a wrong aud.
  const access = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64({ sub: 'someone', aud: 'https://example.org/api' })}.c2ln`;
  const paste = `curl https://int.api.service.nhs.uk/hello-world/hello/application -H 'Authorization: Bearer ${access}'\n\n${curl(cases.aud_prod_on_int.jwt)}`;
  await page.getByLabel('API key').fill(KEY);
  await page.getByLabel(/Paste/).fill(paste);
  await page.locator('#ticket-text').waitFor();
  const tokens = page.locator('#slot-tokens section.token');
  assert.equal(await tokens.count(), 2);
  const texts = await tokens.allInnerTexts();
  const assertion = texts.findIndex((t) => /client assertion/i.test(t));
  const other = 1 - assertion;
  assert.ok(assertion >= 0, texts.join('\n----\n'));
  assert.match(texts[assertion], /aud[\s\S]*✘/, 'the assertion carries its aud error');
  assert.doesNotMatch(texts[other], /✘/, `the access token carries none of the assertion's errors:\n${texts[other]}`);
  await context.close();
});

test('with an API call pasted above the token call, verdict, ticket and share link all judge the token call', async () => {
  const { page, context, requests } = await open(env, '/');
  const api = 'curl https://int.api.service.nhs.uk/personal-demographics/FHIR/R4/Patient/9000000009 -H "Authorization: Bearer abc"';
  await page.getByLabel('API key').fill(KEY);
  await page.getByLabel(/Paste/).fill(`${api}\n\nThen the token call:\n${curl(cases.missing_kid.jwt)}`);
  await page.locator('#ticket-text').waitFor();
  assert.match(await page.locator('#verdict .headline').innerText(), /kid/);
  const ticket = await page.locator('#ticket-text').innerText();
  const request = ticket.split('4. Request')[1].split('5. ')[0];
  assert.match(request, /\/oauth2\/token/);
  assert.doesNotMatch(request, /personal-demographics/);
  const link = await page.locator('#share-link').inputValue();
  const shared = JSON.parse(Buffer.from(link.split('share=')[1], 'base64url').toString());
  assert.match(shared.paste, /\/oauth2\/token/);
  assert.doesNotMatch(shared.paste, /personal-demographics/);
  assert.deepEqual(foreign(requests, env.origin), []);
  await context.close();
});

test('a key WebCrypto refuses is "could not verify", never "signed with a different key"', async () => {
  const { page, context, errors } = await open(env, '/');
  // The registered key with an exponent no RSA implementation accepts (e = 0).
  const jwks = JSON.parse(fx('jwks.json'));
  jwks.keys[0].e = 'AA';
  await moreDetails(page);
  await page.getByLabel(/Public key or JWKS/).fill(JSON.stringify(jwks));
  await page.getByLabel(/Paste/).fill(cases.valid_int.jwt);
  const status = page.locator('#slot-keys .sigstatus');
  await status.getByText(/could not verify/i).waitFor();
  const text = await status.innerText();
  assert.doesNotMatch(text, /does not match|different private key/, text);
  assert.deepEqual(errors, []);
  await context.close();
});

test('quick edits in two fields both survive', async () => {
  const { page, context } = await open(env, '/');
  await page.getByLabel(/Paste/).fill(curl(cases.valid_int.jwt));
  await moreDetails(page);
  const key = page.getByLabel('API key');
  const appId = page.getByLabel(/Application ID/);
  // Typed one after the other without waiting for the page to re-render in between.
  await key.pressSequentially(KEY, { delay: 0 });
  await appId.pressSequentially('3f1c2b7e-9a4d-4c1e-8b2a-5d6e7f8a9b0c', { delay: 0 });
  await page.locator('#ticket-text').getByText(/3f1c2b7e-9a4d-4c1e-8b2a-5d6e7f8a9b0c/).waitFor({ state: 'attached' });
  assert.equal(await key.inputValue(), KEY);
  assert.equal(await appId.inputValue(), '3f1c2b7e-9a4d-4c1e-8b2a-5d6e7f8a9b0c');
  assert.match(await page.locator('#ticket-text').innerText(), /AbCd…2345/);
  await context.close();
});
