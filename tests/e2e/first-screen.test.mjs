// End-to-end (issue 12): the answer on the first screen. After a paste, a fixture cURL with its
// error body, each example and a builder round trip, the verdict's heading and headline are in
// the viewport without the user scrolling — at 1280×800 and 360×740, light and dark, and in a
// 900×600 wiki iframe in embed mode. One coherent verdict for an old paste; nothing invented.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS, inView, moreDetails, open, start, wiki } from './harness.mjs';
import { SEED } from './pastes.mjs';

const KEY = 'AbCdEfGhIjKlMnOpQrStUvWxYz012345';
const fixtures = JSON.parse(readFileSync(new URL('../fixtures/nhs/client_assertions.json', import.meta.url), 'utf8')).cases;
const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
const TOKEN_URL = 'https://int.api.service.nhs.uk/oauth2/token';

/** A token call with its answer, as a developer pastes it from a terminal. */
function curlWith(jwt, { status = '401 Unauthorized', date = null, description = "Missing or invalid 'aud' claim in client_assertion JWT" } = {}) {
  return [
    `curl -X POST ${TOKEN_URL} \\`,
    `  -H 'Content-Type: application/x-www-form-urlencoded' \\`,
    `  -d 'grant_type=client_credentials&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=${jwt}'`,
    `HTTP/1.1 ${status}`,
    ...(date ? [`Date: ${date}`] : []),
    '',
    JSON.stringify({ error: 'invalid_request', error_description: description, message_id: 'rrt-42' }),
  ].join('\n');
}
const FIXTURE_CURL = curlWith(fixtures.aud_prod_on_int.jwt);

/** An assertion made long ago with a production aud, sent to INT: expired now, not at the call. */
const EXP = 1_760_000_240;
function oldAssertion({ iat = false } = {}) {
  const claims = { iss: KEY, sub: KEY, aud: 'https://api.service.nhs.uk/oauth2/token', jti: '6a1f5f3e-1b7c-4d0e-9c55-2f0c7c1a9b11', exp: EXP };
  if (iat) claims.iat = EXP - 240;
  return `${b64({ alg: 'RS512', typ: 'JWT', kid: 'test-1' })}.${b64(claims)}.c2lnbmF0dXJl`;
}

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

async function verdictInView(page, what) {
  const heading = await inView(page, '#verdict-h');
  const headline = await inView(page, '#verdict .headline');
  assert.ok(heading && headline, `${what}: verdict heading ${heading ? 'in' : 'out of'} view, headline ${headline ? 'in' : 'out of'} view (scrollY ${await page.evaluate(() => scrollY)})`);
}

for (const [width, height] of [[1280, 800], [360, 740]]) {
  for (const scheme of ['light', 'dark']) {
    test(`${width}×${height} ${scheme}: the verdict is on the first screen after a paste, a cURL and every example`, async () => {
      const { page, context, errors } = await open(env, '/', { width, height, colorScheme: scheme });
      await page.getByLabel(/Paste/).fill(SEED);
      await page.locator('#verdict .headline').getByText('Invalid client identifier {0}').waitFor();
      await verdictInView(page, 'seed post');
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, `first-screen-seed-${width}-${scheme}.png`) });
      await page.getByLabel(/Paste/).fill(FIXTURE_CURL);
      await page.locator('#verdict .headline').getByText(/'aud'/).waitFor();
      await verdictInView(page, 'fixture cURL with its error body');
      const ids = await page.locator('button[data-example]').evaluateAll((bs) => bs.map((b) => b.dataset.example));
      assert.ok(ids.length >= 7, ids.join(', '));
      for (const id of ids) {
        const before = await page.locator('#paste').inputValue();
        await page.locator(`button[data-example="${id}"]`).click();
        // Wait for the condition, never for a time: the example is loaded and its verdict in view.
        await page.waitForFunction((prev) => {
          const h = document.querySelector('#verdict .headline');
          const t = document.querySelector('#verdict-h');
          if (!h || !t || document.querySelector('#paste').value === prev) return false;
          const inside = (el) => { const b = el.getBoundingClientRect(); return b.top >= 0 && b.bottom <= innerHeight; };
          return inside(h) && inside(t);
        }, before);
        await verdictInView(page, `example ${id}`);
      }
      await page.screenshot({ path: join(ARTIFACTS, `first-screen-example-${width}-${scheme}.png`) });
      assert.deepEqual(errors, []);
      await context.close();
    });
  }
}

test('in a 900×600 wiki iframe in embed mode, the verdict is first', async () => {
  const { origin, close } = await wiki('<iframe title="Auth Triage" src="/tools/triage/#embed" width="900" height="600" style="border:0"></iframe>', '<style>body{margin:0}</style>');
  const context = await env.browser.newContext({ viewport: { width: 1000, height: 700 } });
  const page = await context.newPage();
  try {
    await page.goto(origin + '/wiki.html');
    const frame = page.frameLocator('iframe[title="Auth Triage"]');
    await frame.locator('.page.embed h1').waitFor();
    assert.doesNotMatch(await frame.locator('main').innerText(), /example/i, 'embed mode does not mention examples it does not show');
    for (const [paste, text] of [[SEED, 'Invalid client identifier {0}'], [FIXTURE_CURL, "'aud'"]]) {
      await frame.getByLabel(/Paste/).fill(paste);
      await frame.locator('#verdict .headline').getByText(text).waitFor();
      for (const sel of ['#verdict-h', '#verdict .headline']) {
        const ok = await frame.locator(sel).evaluate((el) => { const b = el.getBoundingClientRect(); return b.top >= 0 && b.bottom <= innerHeight && innerHeight === 600; });
        assert.ok(ok, `${sel} inside the 900×600 frame after ${text}`);
      }
    }
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'embed-iframe-900x600.png') });
  } finally {
    await context.close();
    await close();
  }
});

test('an expired assertion with the 401 it got: the headline explains that 401, the to-do names every remaining defect', async () => {
  const { page, context } = await open(env, '/');
  await page.getByLabel(/API key/).fill(KEY);
  // The Date: header says when the call was made: before exp, so expiry was not the problem.
  await page.getByLabel(/Paste/).fill(curlWith(oldAssertion(), { date: new Date((EXP - 100) * 1000).toUTCString() }));
  const verdict = page.locator('#verdict');
  await verdict.locator('.headline').getByText(/^401 invalid_request: Missing or invalid 'aud' claim/).waitFor();
  const text = await verdict.innerText();
  assert.doesNotMatch(await verdict.locator('.headline').innerText(), /expired/);
  assert.doesNotMatch(text, /different request/, 'no contradiction: the pasted answer is what this request gets');
  const todo = await verdict.locator('ol.todo li').allInnerTexts();
  assert.ok(todo.length >= 2, todo.join(' | '));
  assert.ok(todo.some((t) => /aud/i.test(t)), `aud in the to-do: ${todo.join(' | ')}`);
  assert.ok(todo.some((t) => /environment/i.test(t)), `environment in the to-do: ${todo.join(' | ')}`);
  assert.equal(new Set(todo).size, todo.length, 'each fix once');
  assert.match(text, /This request would get the same answer\./, 'said once, not repeated');
  // The ticket carries the paste's own time, not the moment of pasting.
  await page.locator('#ticket-text').waitFor();
  assert.match(await page.locator('#ticket-text').innerText(), /Time of a failing call \(UTC\): 2025-10-09T08:55:40Z \(from the Date: header/);
  await context.close();
});

test('an old paste with no time at all: its answer, from a check after exp, is not doubted; the time field judges the call', async () => {
  const { page, context } = await open(env, '/');
  await page.getByLabel(/API key/).fill(KEY);
  await page.getByLabel(/Paste/).fill(curlWith(oldAssertion()));
  const verdict = page.locator('#verdict');
  await verdict.locator('.headline').getByText(/^401 invalid_request: Missing or invalid 'aud' claim/).waitFor();
  // The aud check comes after exp's: the answer shows exp passed when it was sent, so no note
  // about an old paste's expiry stands beside it.
  await page.locator('#ticket-text').waitFor();
  assert.doesNotMatch(await verdict.innerText(), /expected for an old paste/);
  assert.equal(await verdict.locator('.verdict-notes').count(), 0);
  assert.match(await page.locator('#ticket-text').innerText(), /Time of a failing call \(UTC\): \(fill in\)/);
  // A time that cannot be read is said, and not used.
  await moreDetails(page);
  await page.getByLabel(/Time of a failing call/).fill('yesterday at 9');
  await page.locator('#failed-at-help.bad').getByText(/ISO-8601/).waitFor();
  assert.equal(await page.getByLabel(/Time of a failing call/).getAttribute('aria-invalid'), 'true');
  await page.locator('#ticket-text').getByText('(fill in)', { exact: false }).first().waitFor();
  assert.doesNotMatch(await page.locator('#ticket-text').innerText(), /yesterday/);
  // A readable time before exp: judged at the call, the old-paste note goes and the ticket has it.
  await page.getByLabel(/Time of a failing call/).fill('2025-10-09T08:55:00Z');
  await page.locator('#ticket-text').getByText('Time of a failing call (UTC): 2025-10-09T08:55:00Z').waitFor();
  assert.equal(await verdict.locator('.verdict-notes').count(), 0);
  // After exp: expired at the call, and the to-do says so.
  await page.getByLabel(/Time of a failing call/).fill('2025-10-09T09:30:00Z');
  await verdict.locator('ol.todo').getByText(/expired/i).waitFor();
  await context.close();
});

test('a builder round trip brings the verdict into view', async () => {
  const { page, context } = await open(env, '/', { width: 360, height: 740 });
  await page.getByLabel(/API key/).fill(KEY);
  await page.getByLabel('kid', { exact: true }).fill('test-1');
  await page.getByLabel(/Private key \(PKCS#8/).fill(readFileSync(new URL('../fixtures/nhs/test-1.pem', import.meta.url), 'utf8'));
  await page.getByRole('button', { name: 'Build and sign' }).click();
  await page.locator('#built-curl').waitFor();
  await page.getByRole('button', { name: 'Copy assertion' }).waitFor();
  await page.getByRole('button', { name: 'Copy cURL' }).waitFor();
  await page.getByRole('button', { name: 'Check this request above' }).click();
  await page.waitForFunction(() => {
    const h = document.querySelector('#verdict .headline');
    if (!h) return false;
    const b = h.getBoundingClientRect();
    return b.top >= 0 && b.bottom <= innerHeight;
  });
  await verdictInView(page, 'builder round trip');
  await context.close();
});
