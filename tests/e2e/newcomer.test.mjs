// End-to-end (issue 23): what a new user met. The catalogue's search box keeps every key
// pressed and its focus, and finds FHIR codes; a share link reopens the same verdict in a fresh
// browser; on a phone the key field comes before the verdict and the verdict is in view after a
// paste; the environment lists lead with the ones outside developers use; no console error or
// failed request when there are no team notes; "Embed this" only from an http(s) address; a dark
// embed is dark through and through.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DIST, inView, live, open, start, wiki } from './harness.mjs';
import { SEED } from './pastes.mjs';

const KEY = 'AbCdEfGhIjKlMnOpQrStUvWxYz012345';
const catalogue = JSON.parse(readFileSync(new URL('../../src/catalogue/catalogue.json', import.meta.url), 'utf8'));
const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

test('the catalogue search keeps every key pressed and its focus, and its address', async () => {
  const { page, context, errors } = await open(env, '/#/catalogue');
  const box = page.getByLabel('Search the catalogue');
  await box.click();
  await box.pressSequentially('invalid_client');
  await page.waitForFunction(() => location.hash === '#/catalogue&q=invalid_client');
  assert.equal(await box.inputValue(), 'invalid_client');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'catalogue-q', 'focus stays in the box');
  const invalidClient = catalogue.errors.find((e) => e.error === 'invalid_client').id;
  await page.locator(`li[data-entry="${invalidClient}"]`).waitFor();
  // Typing on: the same box, still focused, with everything typed.
  await page.keyboard.press('Backspace');
  await page.keyboard.type('_x');
  await page.waitForFunction(() => location.hash === '#/catalogue&q=invalid_clien_x');
  assert.equal(await box.inputValue(), 'invalid_clien_x');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'catalogue-q');
  // The address reopens the search; back at the triage and forward again it still reads.
  await page.goto(`${env.origin}/#/`);
  await page.goto(`${env.origin}/#/catalogue&q=jti`);
  assert.equal(await page.getByLabel('Search the catalogue').inputValue(), 'jti');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the catalogue search finds FHIR codes, typed or in the address', async () => {
  const { page, context } = await open(env, '/#/catalogue');
  const box = page.getByLabel('Search the catalogue');
  await box.click();
  await box.pressSequentially('ACCESS_DENIED');
  await page.locator('li[data-entry="fhir-app-insufficient-permissions"]').waitFor();
  assert.equal(await box.inputValue(), 'ACCESS_DENIED');
  await page.goto(`${env.origin}/#/catalogue&q=RESOURCE_NOT_FOUND`);
  await page.locator('li[data-entry="fhir-resource-not-found"]').waitFor();
  await context.close();
});

test('a share link opened in a fresh browser shows the same verdict, judged at the same moment', async () => {
  // Sent 67 s after it expired, as the answer's Date: header says; shared a long time after.
  const jwt = [
    b64({ alg: 'RS512', typ: 'JWT', kid: 'test-1' }),
    b64({ iss: KEY, sub: KEY, aud: 'https://int.api.service.nhs.uk/oauth2/token', jti: '6b2a6f0e-3c1d-4b8e-9f47-2a1c5d9e8b71', iat: 1760000000, exp: 1760000240 }),
    'A'.repeat(342),
  ].join('.');
  const paste = `curl -X POST https://int.api.service.nhs.uk/oauth2/token -H 'Content-Type: application/x-www-form-urlencoded' -d 'grant_type=client_credentials&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=${jwt}'

HTTP/1.1 400 Bad Request
Date: Thu, 09 Oct 2025 08:58:27 GMT
`;
  const { page, context } = await open(env, '/');
  await page.getByLabel('API key').fill(KEY);
  await page.getByLabel(/Paste/).fill(paste);
  // A bare 400, and a request whose check at that status fails: the headline names the check
  // (an expired assertion), the pasted status agreeing with it.
  await page.locator('#verdict .headline').getByText(/JWT has expired/).waitFor();
  const headline = (await page.locator('#verdict .headline').innerText()).trim();
  const why = (await page.locator('#verdict').getByText(/shows a 400 answer but not its body/).first().innerText()).trim();
  const link = await page.locator('#share-link').inputValue();
  assert.ok(!link.includes(KEY) && !link.includes('A'.repeat(40)), 'no key, no signature');
  await context.close();

  const fresh = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const other = await fresh.newPage();
  await other.goto(link);
  await live(other);
  const reopened = other.locator('#verdict .headline');
  await reopened.waitFor();
  assert.equal((await reopened.innerText()).trim(), headline);
  assert.equal((await other.locator('#verdict').getByText(/shows a 400 answer but not its body/).first().innerText()).trim(), why);
  // Judged at the call the Date: header dates, not at the link's moment.
  await other.locator('section.findings').getByText(/expired 67 s before it was sent/).first().waitFor();
  await fresh.close();
});

test('360×740: the key field comes before the verdict, and after a paste the verdict is in view', async () => {
  const { page, context } = await open(env, '/', { width: 360, height: 740 });
  const top = (sel) => page.locator(sel).first().evaluate((el) => el.getBoundingClientRect().top + scrollY);
  assert.ok(await inView(page, '#api-key'), 'the key field is on the first screen');
  await page.getByLabel(/Paste/).fill(SEED);
  await page.locator('#verdict .headline').waitFor();
  assert.ok(await top('#api-key') < await top('#verdict'), 'the key field before the verdict');
  assert.ok(await inView(page, '#verdict .headline'), 'the verdict is in view after the paste');
  await context.close();
});

test('the environment lists lead with INT, production and sandbox; the NHS-internal ones are under "more"', async () => {
  const { page, context } = await open(env, '/');
  for (const [list, first] of [['#env', ['', 'int', 'prod', 'sandbox']], ['#b-env', ['int', 'prod', 'sandbox']]]) {
    const values = () => page.locator(`${list} option`).evaluateAll((os) => os.map((o) => o.value));
    assert.deepEqual(await values(), first, list);
    const more = page.locator(`button.more-envs[aria-controls="${list.slice(1)}"]`);
    assert.equal(await more.getAttribute('aria-expanded'), 'false');
    await more.click();
    await page.locator(`${list} optgroup option[value="internal-dev"]`).waitFor({ state: 'attached' });
    assert.equal(await more.getAttribute('aria-expanded'), 'true');
    assert.deepEqual((await values()).slice(0, first.length), first, 'the outside developers\' ones stay first');
    await page.locator(list).selectOption('internal-qa');
    assert.equal(await page.locator(list).inputValue(), 'internal-qa');
    // Folded again, the chosen one stays listed.
    await more.click();
    assert.equal(await more.getAttribute('aria-expanded'), 'false');
    assert.equal(await page.locator(list).inputValue(), 'internal-qa');
  }
  await context.close();
});

test('no console error and no failed request when there are no team notes', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()} ${m.location()?.url || ''}`); });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e}`));
  page.on('requestfailed', (r) => problems.push(`failed: ${r.url()}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`${r.status()}: ${r.url()}`); });
  const notes = page.waitForResponse((r) => r.url().endsWith('team-notes.json'));
  await page.goto(`${env.origin}/`);
  await live(page);
  assert.equal((await notes).status(), 200);
  await page.getByLabel(/Paste/).fill(SEED);
  await page.locator('#slot-ticket[data-ready] #share-link').waitFor();
  assert.equal(await page.locator('.team-notes, .banner.warning').count(), 0, 'no notes, no warning');
  assert.deepEqual(problems, []);
  await context.close();
});

test('"Embed this" is offered from an http(s) address, not from the single file opened from disk', async () => {
  const { page, context } = await open(env, '/');
  await page.locator('#embed-this summary').getByText('Embed this').waitFor();
  await context.close();
  const dir = mkdtempSync(join(tmpdir(), 'triage-embed-'));
  copyFileSync(join(DIST, 'auth-triage.html'), join(dir, 'auth-triage.html'));
  try {
    const offline = await env.browser.newContext({ offline: true, viewport: { width: 1280, height: 900 } });
    const disk = await offline.newPage();
    await disk.goto(pathToFileURL(join(dir, 'auth-triage.html')).href);
    await live(disk);
    await disk.locator('#embed-this').waitFor({ state: 'hidden' });
    assert.equal(await disk.getByText('Embed this').filter({ visible: true }).count(), 0);
    await offline.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a dark embed is dark to its scroll bars', async () => {
  const w = await wiki('<iframe title="Auth Triage" src="/tools/triage/#embed" width="600" height="300"></iframe>');
  try {
    const context = await env.browser.newContext({ viewport: { width: 800, height: 600 }, colorScheme: 'dark' });
    const page = await context.newPage();
    await page.goto(`${w.origin}/wiki.html`);
    const frame = page.frameLocator('iframe');
    await frame.locator('#app[data-live]').waitFor({ state: 'attached' });
    const scheme = await frame.locator('html').evaluate((el) => getComputedStyle(el).colorScheme);
    assert.equal(scheme, 'dark', 'the frame\'s controls and scroll bars are drawn dark');
    // It scrolls (the frame is shorter than the page): the scroll bar is the dark one.
    assert.ok(await frame.locator('html').evaluate((el) => el.scrollHeight > el.clientHeight));
    await context.close();
    const light = await env.browser.newContext({ viewport: { width: 800, height: 600 }, colorScheme: 'light' });
    const lp = await light.newPage();
    await lp.goto(`${w.origin}/wiki.html`);
    await lp.frameLocator('iframe').locator('#app[data-live]').waitFor({ state: 'attached' });
    assert.notEqual(await lp.frameLocator('iframe').locator('html').evaluate((el) => getComputedStyle(el).colorScheme), 'dark');
    await light.close();
  } finally {
    await w.close();
  }
});
