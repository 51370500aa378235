// End-to-end (issue 12): a catalogue a team can link to, sources for people, embed that stays
// embedded. Index grouped by status and kind; search matching statuses and error codes; filters;
// the query in the address (`&q=` and `?q=`); one entry per view; every source a link.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS, open, start } from './harness.mjs';
import { SEED } from './pastes.mjs';

const catalogue = JSON.parse(readFileSync(new URL('../../src/catalogue/catalogue.json', import.meta.url), 'utf8'));
const errorsWith = (f) => catalogue.errors.filter(f).map((e) => e.id);

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

async function indexIds(page) {
  return page.locator('.catalogue li[data-entry]').evaluateAll((ls) => ls.map((l) => l.dataset.entry));
}
async function counted(page, n) {
  await page.locator('#catalogue-count').getByText(new RegExp(`^${n} platform errors`)).waitFor();
}

test('search matches status codes and error codes, in both address forms', async () => {
  const { page, context, errors } = await open(env, '/#/catalogue?q=401');
  const all401 = errorsWith((e) => e.status === 401);
  assert.ok(all401.length > 20, `${all401.length}`);
  await counted(page, all401.length);
  assert.equal(await page.getByLabel('Search the catalogue').inputValue(), '401', '?q= read from the address');
  const shown = await page.locator('.index-group[aria-label="Status 401"] li').evaluateAll((ls) => ls.map((l) => l.dataset.entry));
  assert.deepEqual(shown.sort(), [...all401].sort());
  for (const [q, want] of [['415', (e) => e.status === 415], ['unauthorized_client', (e) => e.error === 'unauthorized_client'], ['invalid_client', (e) => e.error === 'invalid_client']]) {
    await page.goto(`${env.origin}/#/catalogue&q=${q}`);
    const expected = errorsWith(want);
    assert.ok(expected.length > 0, q);
    await page.locator(`li[data-entry="${expected[0]}"]`).waitFor();
    const ids = await indexIds(page);
    for (const id of expected) assert.ok(ids.includes(id), `${q} finds ${id}`);
  }
  // jti from the address, in the &q= form
  await page.goto(`${env.origin}/#/catalogue&q=jti`);
  await page.locator('li[data-entry="jti-non-unique"]').waitFor();
  assert.equal(await page.getByLabel('Search the catalogue').inputValue(), 'jti');
  assert.deepEqual(errors, []);
  await context.close();
});

test('filters by status and error code, written into the address; the index is short', async () => {
  const { page, context } = await open(env, '/#/catalogue', { width: 1280, height: 800 });
  await counted(page, catalogue.errors.length);
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  assert.ok(height < 20000, `the whole index is ${height} px`);
  await page.getByLabel('HTTP status').selectOption('401');
  await counted(page, errorsWith((e) => e.status === 401).length);
  await page.waitForFunction(() => location.hash.includes('status=401'));
  await page.getByLabel('error code').selectOption('invalid_client');
  const both = errorsWith((e) => e.status === 401 && e.error === 'invalid_client');
  await counted(page, both.length);
  await page.waitForFunction(() => location.hash.includes('error=invalid_client'));
  await page.getByLabel('Search the catalogue').fill('identifier');
  await page.waitForFunction(() => location.hash.includes('q=identifier'));
  // The address reopens the same view.
  const address = await page.evaluate(() => location.hash);
  const other = await open(env, `/${address}`);
  await other.page.locator('#catalogue-count').waitFor();
  assert.equal(await other.page.locator('#catalogue-count').innerText(), await page.locator('#catalogue-count').innerText());
  assert.equal(await other.page.getByLabel('HTTP status').inputValue(), '401');
  await other.context.close();
  await context.close();
});

test('every source rendered is a link with a readable label (all catalogue entries)', async () => {
  const { page, context } = await open(env, '/#/catalogue');
  const ids = [...catalogue.errors.map((e) => `errors/${e.id}`), ...catalogue.findings.map((f) => `findings/${f.id}`)];
  const problems = await page.evaluate(async (ids) => {
    const bad = [];
    const bare = /^(F-\d+|IDS(-[A-Z]+)*|APIGEE-[A-Z0-9-]+|HWAE|HW|PDS|JWKS|UTILS|PYT|ESP|GH-\d+|NHS-[A-Z-]+|CIS2-[A-Z]+)$/;
    for (const id of ids) {
      location.hash = `#/${id}`;
      const sel = `#${id.replace('/', '-')}`;
      // Wait for the entry to render (a condition, not a time).
      while (!document.querySelector(sel)) await new Promise((ok) => requestAnimationFrame(ok));
      const entry = document.querySelector(sel);
      const rule = entry.querySelector('details.rule');
      if (!rule) { bad.push(`${id}: no folded rule`); continue; }
      if (rule.open) bad.push(`${id}: the rule is not folded`);
      if (!/Documented[\s\S]*Enforced/.test(rule.textContent)) bad.push(`${id}: no documented/enforced`);
      for (const li of rule.querySelectorAll('ul.sources li')) {
        const a = li.querySelector('a');
        if (!a || !/^https:\/\//.test(a.getAttribute('href'))) bad.push(`${id}: source not a link: ${li.textContent}`);
        if (a && (bare.test(a.textContent.trim()) || a.textContent.trim().length < 6)) bad.push(`${id}: bare label ${a.textContent}`);
        if (a && a.getAttribute('rel') !== 'noopener noreferrer') bad.push(`${id}: rel`);
      }
      if (/\bstep \d/i.test(entry.textContent)) bad.push(`${id}: internal step number`);
    }
    return bad;
  }, ids);
  assert.deepEqual(problems, []);
  await context.close();
});

test('embed stays embedded through every internal link; "Embed this" writes the snippet', async () => {
  const { page, context, errors } = await open(env, '/#embed', { width: 900, height: 600 });
  const allKeepEmbed = () => page.locator('#app a[href^="#"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')).filter((h) => !h.includes('embed')));
  await page.getByLabel(/Paste/).fill(SEED);
  await page.locator('#verdict article.diagnosis h3 a').first().waitFor();
  await page.locator('#ticket-text').waitFor();
  assert.deepEqual(await allKeepEmbed(), []);
  await page.locator('#verdict article.diagnosis h3 a').first().click();
  await page.locator('#errors-oauth-v2-invalid-client-identifier').waitFor();
  assert.match(page.url(), /embed/);
  assert.equal(await page.locator('.page.embed').count(), 1);
  assert.deepEqual(await allKeepEmbed(), []);
  await page.getByRole('link', { name: 'All errors and findings' }).click();
  await page.getByLabel('Search the catalogue').fill('jti');
  await page.waitForFunction(() => location.hash.includes('q=jti') && location.hash.includes('embed'));
  assert.deepEqual(await allKeepEmbed(), []);
  await page.locator('li[data-entry="jti-non-unique"] a').click();
  await page.locator('#errors-jti-non-unique').waitFor();
  assert.equal(await page.locator('.page.embed').count(), 1);
  await page.getByRole('link', { name: 'Back to triage' }).click();
  await page.getByLabel(/Paste/).waitFor();
  assert.equal(await page.locator('.page.embed').count(), 1, 'still embedded after the round trip');
  assert.equal(await page.locator('details.embed-this').count(), 0, 'no Embed this panel inside an embed');
  assert.deepEqual(errors, []);
  await context.close();

  const full = await open(env, '/#/catalogue?q=jti');
  await full.page.locator('li[data-entry="jti-non-unique"]').waitFor();
  await full.page.locator('details.embed-this summary').click();
  const snippet = await full.page.getByLabel('iframe snippet for this view').inputValue();
  assert.match(snippet, /^<iframe title="Auth Triage" src="http:\/\/127\.0\.0\.1:\d+\/#\/catalogue&q=jti&embed" width="900" height="600"><\/iframe>$/);
  await full.context.close();
});

test('a paste that is only prose points to the matching entries and says what to paste', async () => {
  const { page, context } = await open(env, '/');
  await page.getByLabel(/Paste/).fill('I keep getting 401 Unauthorized');
  const verdict = page.locator('#verdict.prose');
  await verdict.waitFor();
  const text = await verdict.innerText();
  assert.match(text, /401/);
  assert.match(text, /Paste what the gateway sent and what you sent/);
  const link = await verdict.getByRole('link', { name: 'See every 401 error' }).getAttribute('href');
  assert.equal(link, '#/catalogue&status=401');
  assert.ok((await verdict.locator('ul.index-list li').count()) > 0);
  await context.close();
});

for (const [width, height] of [[1280, 800], [360, 740]]) {
  test(`screenshots of each view at ${width}px`, async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const shot = (page, name, fullPage = false) => page.screenshot({ path: join(ARTIFACTS, `view-${name}-${width}.png`), fullPage });
    const { page, context } = await open(env, '/', { width, height });
    await page.getByLabel(/Paste/).fill(SEED);
    await page.locator('#verdict .headline').waitFor();
    await shot(page, 'triage');
    await page.goto(`${env.origin}/#/catalogue?q=401`);
    await page.locator('li[data-entry]').first().waitFor();
    await shot(page, 'catalogue');
    await page.goto(`${env.origin}/#/errors/aud-invalid`);
    await page.locator('#errors-aud-invalid details.rule summary').click();
    await shot(page, 'entry', true);
    await page.goto(`${env.origin}/#/&embed`);
    await page.getByLabel(/Paste/).fill('I keep getting 401 Unauthorized');
    await page.locator('#verdict.prose').waitFor();
    await shot(page, 'embed-prose');
    await context.close();
  });
}
