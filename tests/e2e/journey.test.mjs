// End-to-end: answers beyond the token endpoint, as a person sees them on the page. A PDS 403
// after a good token, a 429 from the token endpoint, a FHIR 404.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { foreign, open, start } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

async function verdictFor(paste) {
  const opened = await open(env, '/');
  await opened.page.getByLabel(/Paste/).fill(paste);
  await opened.page.locator('#verdict .headline').waitFor();
  return { ...opened, verdict: await opened.page.locator('#verdict').innerText() };
}

const PDS_403 = `2026-03-02 10:14:07 INFO  POST https://int.api.service.nhs.uk/oauth2/token -> 200 {"access_token":"Qm9xOEFyG3RkZ0xnT3VwRW","expires_in":"599","token_type":"Bearer","issued_at":"1772446447000"}
2026-03-02 10:14:08 INFO  GET https://int.api.service.nhs.uk/personal-demographics/FHIR/R4/Coverage?subscriber:identifier=9000000009
2026-03-02 10:14:08 ERROR HTTP 403 {"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"forbidden","details":{"coding":[{"system":"https://fhir.nhs.uk/R4/CodeSystem/Spine-ErrorOrWarningCode","version":"1","code":"ACCESS_DENIED","display":"Cannot GET resource with application-restricted access token"}]},"diagnostics":"Your app has insufficient permissions to use this operation. Please contact support."}]}`;

test('a PDS 403 ACCESS_DENIED after a 200 token: the token is fine, the API\'s access rule, the API\'s team', async () => {
  const { page, context, requests, errors, verdict } = await verdictFor(PDS_403);
  assert.match(verdict, /your token is fine/i);
  assert.match(verdict, /access mode/i);
  assert.doesNotMatch(verdict, /kid|signature verification/i);
  await page.locator('#ticket-text').waitFor();
  const ticket = await page.locator('#ticket-text').innerText();
  assert.match(ticket, /To: the API's own team/);
  const request = ticket.split('4. Request')[1]?.split('\n5.')[0] ?? '';
  assert.doesNotMatch(request, /OperationOutcome|insufficient permissions/, 'no response text in the request');
  assert.deepEqual(foreign(requests, env.origin), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a 429 from the token endpoint with a token fetched per call: rate limiting and token reuse', async () => {
  const paste = `def call_pds(nhs_number):
    token = get_token()   # signs a new client_assertion and POSTs /oauth2/token, every call
    return requests.get(f"{PDS}/Patient/{nhs_number}", headers={"Authorization": f"Bearer {token}"})

2026-03-02 10:20:01 WARN POST https://int.api.service.nhs.uk/oauth2/token -> 429 Too Many Requests`;
  const { context, errors, verdict } = await verdictFor(paste);
  assert.match(verdict, /rate limit/i);
  assert.match(verdict, /reuse/i);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a FHIR 404 is not an auth problem', async () => {
  const paste = `GET https://int.api.service.nhs.uk/personal-demographics/FHIR/R4/Patient/9000000001
HTTP/1.1 404 Not Found

{"resourceType":"OperationOutcome","issue":[{"severity":"information","code":"not-found","details":{"coding":[{"system":"https://fhir.nhs.uk/R4/CodeSystem/Spine-ErrorOrWarningCode","version":"1","code":"RESOURCE_NOT_FOUND","display":"Resource not found"}]}}]}`;
  const { context, errors, verdict } = await verdictFor(paste);
  assert.match(verdict, /not an authentication problem/i);
  assert.doesNotMatch(verdict, /client_assertion|kid|iss\/sub/i);
  assert.deepEqual(errors, []);
  await context.close();
});
