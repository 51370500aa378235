// End-to-end: the page a stuck developer and a wiki use — examples, ticket, share link,
// catalogue anchors, team notes, masking, script injection, storage, accessibility, layout.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIST, foreign, moreDetails, open, screenshot, settled, start, wiki } from './harness.mjs';
import { serve } from '../../scripts/serve.mjs';

const KEY = 'AbCdEfGhIjKlMnOpQrStUvWxYz012345';
const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const EXAMPLES = {
  'sandbox-invalid-client-identifier': 'oauth-v2-invalid-client-identifier',
  'prod-aud-on-int': 'aud-invalid',
  'exp-milliseconds': 'exp-too-far',
  'missing-typ': 'typ-invalid',
  'reused-jti': 'jti-non-unique',
  'guid-as-sub': 'iss-sub-invalid',
  'wrong-content-type': 'content-type-must-be-form-urlencoded',
};

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

async function example(page, id) {
  await page.locator(`button[data-example="${id}"]`).click();
  await page.locator('#verdict article.diagnosis').first().waitFor();
}

test('the support ticket is offered only when the platform team has something to look up', async () => {
  // A PyJWT traceback: the assertion was never made, no gateway answered. No ticket; the share
  // link still comes, with the details.
  const c = JSON.parse(readFileSync(new URL('../field/cases/i15-client-side-pyjwt-key-path-not-contents.json', import.meta.url), 'utf8'));
  const { page, context, errors } = await open(env, '/');
  await page.getByLabel('API key').fill(c.context.api_key);
  await page.getByLabel(/Paste/).fill(c.paste);
  await page.locator('#verdict .headline').getByText(c.expect.headline.error, { exact: false }).waitFor();
  await page.locator('#share-link').waitFor();
  assert.equal(await page.locator('#ticket-text').count(), 0, 'no ticket for an error that never left the client');
  assert.equal(await page.getByRole('heading', { name: 'Support ticket' }).count(), 0);
  // A gateway answer: the ticket is offered.
  await example(page, 'prod-aud-on-int');
  await page.locator('#ticket-text').waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('every example loads and shows its verdict', async () => {
  const { page, context, errors } = await open(env, '/');
  for (const [id, entry] of Object.entries(EXAMPLES)) {
    await example(page, id);
    await page.locator(`#verdict article.diagnosis[data-entry="${entry}"]`).first().waitFor();
    const first = await page.locator('#verdict article.diagnosis').first().getAttribute('data-entry');
    assert.equal(first, entry, id);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('ticket: key as first/last 4 only, no signature, copy works', async () => {
  const { page, context } = await open(env, '/');
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.origin });
  await example(page, 'prod-aud-on-int');
  await page.locator('#ticket-text').waitFor();
  assert.match(await page.locator('#ticket-text').innerText(), /Time of a failing call \(UTC\): \(fill in\)/, 'nothing invented');
  await moreDetails(page);
  await page.getByLabel(/App name/).fill('Triage demo');
  await page.getByLabel(/Application ID/).fill('3f1c2b7e-9a4d-4c1e-8b2a-5d6e7f8a9b0c');
  const ticket = page.locator('#ticket-text');
  await ticket.getByText(/Application name: Triage demo/).waitFor();
  const text = await ticket.innerText();
  assert.match(text, /API key \(first\/last 4 characters only\): AbCd…2345/);
  assert.match(text, /client_assertion=<redacted JWT>/);
  assert.match(text, /message_id: rrt-/);
  assert.ok(!text.includes(KEY), 'never the whole key');
  const paste = await page.getByLabel(/Paste/).inputValue();
  const jwt = paste.match(/client_assertion=(eyJ[^']+)/)[1];
  assert.ok(!text.includes(jwt.split('.')[2]), 'never the signature');
  await page.getByRole('button', { name: 'Copy ticket' }).click();
  await page.getByText('Copied.').waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), text);
  await context.close();
});

test('share link: no secret, and opening it reproduces the verdict', async () => {
  const { page, context } = await open(env, '/');
  await example(page, 'guid-as-sub');
  const headline = await page.locator('#verdict .headline').innerText();
  const link = await page.getByLabel('Share link').inputValue();
  assert.ok(link.includes('#share='), link);
  assert.ok(!link.includes('?'), 'state only in the fragment');
  const state = Buffer.from(link.split('#share=')[1], 'base64url').toString('utf8');
  assert.ok(!state.includes(KEY) && !link.includes(KEY), 'no API key');
  const paste = await page.getByLabel(/Paste/).inputValue();
  const sig = paste.match(/client_assertion=(eyJ[^']+)/)[1].split('.')[2];
  assert.ok(!state.includes(sig), 'no signature');
  const other = await open(env, link.slice(env.origin.length));
  await other.page.locator('#verdict .headline').waitFor();
  assert.equal(await other.page.locator('#verdict .headline').innerText(), headline);
  assert.match(await other.page.locator('section.findings').innerText(), /Opened from a share link/);
  assert.deepEqual(foreign(other.requests, env.origin), []);
  await other.context.close();
  await context.close();
});

test('catalogue: a stable anchor opens its entry, and search filters', async () => {
  const { page, context } = await open(env, '/#/errors/oauth-v2-invalid-client-identifier');
  const entry = page.locator('#errors-oauth-v2-invalid-client-identifier');
  await entry.waitFor();
  assert.match(await entry.innerText(), /Invalid client identifier \{0\}/);
  await page.goto(env.origin + '/#/catalogue');
  await page.getByLabel('Search the catalogue').fill('jti');
  await page.locator('li[data-entry="jti-non-unique"]').waitFor();
  assert.equal(await page.locator('li[data-entry="content-type-must-be-form-urlencoded"]').count(), 0);
  // The verdict links to its entry.
  await page.goto(env.origin + '/#/');
  await example(page, 'reused-jti');
  await page.locator('#verdict article.diagnosis h3 a').first().click();
  await page.locator('#errors-jti-non-unique').waitFor();
  await context.close();
});

/** Serve a copy of dist/ with a given team-notes.json (or none). */
async function withNotes(content, fn) {
  const dir = mkdtempSync(join(tmpdir(), 'triage-notes-'));
  cpSync(DIST, dir, { recursive: true });
  if (content !== null) writeFileSync(join(dir, 'team-notes.json'), content);
  const server = await serve(dir, 0, ['/']);
  const origin = `http://127.0.0.1:${server.address().port}`;
  try {
    await fn({ ...env, origin });
  } finally {
    await new Promise((ok) => server.close(ok));
    rmSync(dir, { recursive: true, force: true });
  }
}

test('team notes: present, absent, malformed', async () => {
  const notes = readFileSync(new URL('../../static/team-notes.example.json', import.meta.url), 'utf8');
  await withNotes(notes, async (e) => {
    const { page, context } = await open(e, '/#/errors/oauth-v2-invalid-client-identifier');
    const aside = page.locator('#errors-oauth-v2-invalid-client-identifier .team-notes');
    await aside.waitFor();
    assert.match(await aside.innerText(), /Team notes[\s\S]*#api-platform/);
    assert.equal(await aside.locator('a').getAttribute('rel'), 'noopener noreferrer');
    await context.close();
  });
  await withNotes(null, async (e) => {
    const { page, context } = await open(e, '/');
    await example(page, 'sandbox-invalid-client-identifier');
    assert.equal(await page.locator('.banner.warning').count(), 0, 'absent: silent');
    assert.equal(await page.locator('.team-notes').count(), 0);
    await context.close();
  });
  await withNotes('{"notes": {"errors/oauth-v2-invalid-client-identifier": [{"text": "x",}]}}', async (e) => {
    const { page, context, errors } = await open(e, '/');
    const banner = page.locator('.banner.warning');
    await banner.waitFor();
    assert.match(await banner.innerText(), /team-notes\.json is not valid: .*line 1 column/);
    await example(page, 'missing-typ');
    assert.equal(await page.locator('#verdict article.diagnosis').first().getAttribute('data-entry'), 'typ-invalid', 'the page works on');
    assert.deepEqual(errors, []);
    await context.close();
  });
});

const PAYLOADS = [
  '<script>alert(1)</script>', '<img src=x onerror=alert(2)>', '"><svg onload=alert(3)>', "javascript:alert(4)",
  '<iframe src="javascript:alert(5)"></iframe>', '<a href="javascript:alert(6)">x</a>', '{"error":"<img src=x onerror=alert(7)>","error_description":"<script>alert(8)</script>"}',
  '<svg><script>alert(9)</script></svg>', '<body onload=alert(10)>', '<details open ontoggle=alert(11)>', '<math><mi xlink:href="javascript:alert(12)">x</mi></math>',
  "'-alert(13)-'", '</textarea><script>alert(14)</script>', '<style>@import "//evil.example/x.css"</style>', '<input autofocus onfocus=alert(15)>',
  '<object data="javascript:alert(16)">', '<embed src="data:text/html,<script>alert(17)</script>">', '<video><source onerror=alert(18)>',
  `eyJhbGciOiJSUzUxMiJ9.${Buffer.from('{"iss":"<img src=x onerror=alert(19)>","aud":"javascript:alert(20)"}').toString('base64url')}.c2ln`,
  'curl -X POST "https://int.api.service.nhs.uk/oauth2/token" -H "X: <script>alert(21)</script>" -d "grant_type=<img src=x onerror=alert(22)>"',
];

test('20 script-injection payloads in every field: nothing runs, all shown as text', async () => {
  const { page, context, errors } = await open(env, '/');
  await page.evaluate(() => { window.__pwned = 0; window.alert = () => { window.__pwned += 1; }; });
  await moreDetails(page);
  const fields = [/Paste/, /API key/, /Application ID/, /App name/, /Time of a failing call/, /Public key or JWKS/, /^kid$/, /Private key \(PKCS#8/];
  for (const p of PAYLOADS) {
    for (const f of fields) await page.getByLabel(f).first().fill(p);
    await page.getByRole('button', { name: 'Show' }).or(page.getByRole('button', { name: 'Hide' })).click();
    assert.equal(await page.getByLabel(/Paste/).inputValue(), p);
  }
  await page.getByLabel(/Paste/).fill(PAYLOADS[18]);
  await page.locator('section.token').waitFor();
  assert.match(await page.locator('section.token').innerText(), /<img src=x onerror=alert\(19\)>/, 'shown as text');
  const injected = await page.evaluate(() => document.querySelectorAll('#app img, #app svg, #app iframe, #app object, #app embed, #app video, #app math, #app script, #app style, #app [onerror], #app [onload], #app a[href^="javascript:"]').length);
  assert.equal(injected, 0);
  assert.equal(await page.evaluate(() => window.__pwned), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the key is masked in the DOM, nothing is stored, nothing leaves', async () => {
  const { page, context, requests } = await open(env, '/');
  const loaded = requests.length;
  await example(page, 'prod-aud-on-int');
  const dom = () => page.evaluate(() => document.documentElement.outerHTML + document.body.innerText);
  assert.ok(!(await dom()).includes(KEY), 'masked: the key is nowhere in the DOM as text');
  assert.equal(await page.getByLabel(/API key/).getAttribute('type'), 'password');
  await page.getByRole('button', { name: 'Show' }).click();
  assert.equal(await page.getByLabel(/API key/).getAttribute('type'), 'text');
  assert.ok((await page.locator('section.token').innerText()).includes(KEY), 'shown on request');
  await page.getByRole('button', { name: 'Hide' }).click();
  assert.ok(!(await dom()).includes(KEY));
  assert.ok(!page.url().includes(KEY) && !page.url().includes('AbCd'), 'never in the URL');
  const stored = await page.evaluate(async () => ({
    local: localStorage.length, session: sessionStorage.length, cookie: document.cookie, idb: (await indexedDB.databases()).length,
  }));
  assert.deepEqual(stored, { local: 0, session: 0, cookie: '', idb: 0 });
  assert.equal(requests.length, loaded, 'no request after load');
  assert.deepEqual(foreign(requests, env.origin), []);
  await context.close();
});

test('inside an iframe of another page (a wiki), from a sub-path, in embed mode', async () => {
  const { origin, close } = await wiki('<h1>NHS auth</h1><iframe title="Auth Triage" src="/tools/triage/#embed" width="800" height="900"></iframe>');
  const context = await env.browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  try {
    await page.goto(origin + '/wiki.html');
    const frame = page.frameLocator('iframe[title="Auth Triage"]');
    await frame.locator('.page.embed h1').waitFor();
    await frame.getByLabel(/Paste/).fill('invalid');
    await frame.locator('[data-code="jwt-segment-count"]').waitFor();
    assert.equal(await frame.locator('nav').count(), 0);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    await close();
  }
});

test('embed mode drops the page chrome', async () => {
  const { page, context } = await open(env, '/#embed');
  assert.equal(await page.locator('nav').count(), 0);
  assert.equal(await page.locator('section.examples').count(), 0);
  assert.equal(await page.locator('.page.embed').count(), 1);
  await context.close();
});

test('keyboard: every control is reachable, focus is visible', async () => {
  const { page, context } = await open(env, '/');
  await example(page, 'missing-typ');
  await moreDetails(page);
  await page.locator('body').click({ position: { x: 1, y: 1 } });
  const seen = new Set();
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    const info = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return { id: 'body', outline: true };
      const style = getComputedStyle(el);
      return { id: el.id || el.textContent.trim().slice(0, 20), outline: style.outlineStyle !== 'none' && style.outlineWidth !== '0px' };
    });
    assert.ok(info.outline, `focus visible on ${info.id}`);
    seen.add(info.id);
  }
  for (const id of ['paste', 'api-key', 'env', 'app-id', 'app-name', 'failed-at', 'Copy ticket', 'share-link', 'Copy link']) {
    assert.ok(seen.has(id), `${id} reachable by Tab (${[...seen].join(', ')})`);
  }
  await page.locator('#api-key').focus();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  assert.equal(await page.getByLabel(/API key/).getAttribute('type'), 'text', 'Show works from the keyboard');
  await context.close();
});

for (const [width, scheme] of [[360, 'light'], [360, 'dark'], [1280, 'light'], [1280, 'dark']]) {
  test(`axe: no serious or critical violations, ${width}px ${scheme}; screenshot`, async () => {
    const { page, context } = await open(env, '/', { width, colorScheme: scheme });
    await example(page, 'sandbox-invalid-client-identifier');
    await settled(page);
    const results = await page.evaluate(`${AXE}; axe.run(document, { resultTypes: ['violations'] })`);
    const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert.deepEqual(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`), []);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no horizontal scroll at ${width}px (${overflow}px over)`);
    await screenshot(page, `page-${width}-${scheme}`);
    await context.close();
  });
}

test('axe on the catalogue', async () => {
  const { page, context } = await open(env, '/#/catalogue');
  await page.getByLabel('Search the catalogue').waitFor();
  const results = await page.evaluate(`${AXE}; axe.run(document, { resultTypes: ['violations'] })`);
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad.map((v) => v.id), []);
  await context.close();
});
