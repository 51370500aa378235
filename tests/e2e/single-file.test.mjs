// End-to-end: dist/auth-triage.html, the whole page in one file, opened from disk (file://) with
// the network blocked, alone in a folder: the seed paste gets its verdict, with zero requests of
// any kind (not even a blocked one), no console error, and a CSP without 'unsafe-inline'. Its
// first screen is in its HTML, shown before any script runs, and hydrated.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { DIST } from './harness.mjs';

const SEED = readFileSync(new URL('../bench/seed.txt', import.meta.url), 'utf8');
let browser, dir;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'triage-single-'));
  copyFileSync(join(DIST, 'auth-triage.html'), join(dir, 'auth-triage.html'));
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
});
after(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the single file: CSP by hash, no external reference', () => {
  const html = readFileSync(join(DIST, 'auth-triage.html'), 'utf8');
  const csp = html.match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)[1];
  assert.doesNotMatch(csp, /unsafe-inline|'unsafe-eval'|'self'|\*/);
  assert.match(csp, /default-src 'none'/);
  // Four inline scripts, each allowed by its hash: the loader, the start guard, the on-demand
  // loader and the second module's glue (its wasm, like the first's, is a data block).
  assert.match(csp, /script-src 'sha256-[^']+' 'sha256-[^']+' 'sha256-[^']+' 'sha256-[^']+' 'wasm-unsafe-eval';/);
  assert.equal([...html.matchAll(/<script(?![^>]*type="application\/(octet-stream|json)")[^>]*>/g)].length, 4);
  // The catalogue's texts, a JSON data block (never executed).
  assert.equal([...html.matchAll(/<script type="application\/json" id="auth-triage-texts">/g)].length, 1);
  assert.equal([...html.matchAll(/<script type="application\/octet-stream" id="auth-triage-(more-)?wasm">/g)].length, 2);
  assert.match(csp, /connect-src 'none'/);
  assert.doesNotMatch(html, /<script[^>]*\bsrc=|<link[^>]*(stylesheet|preload)/i);
});

/** The single file opened from disk with the network blocked: every request the page tries,
 * seen by Chromium itself (file:// and data: included), and every console error or warning. */
async function offline() {
  const context = await browser.newContext({ offline: true });
  const requests = [];
  const errors = [];
  await context.route('**/*', (route) => {
    if (route.request().url().startsWith('file://') && route.request().resourceType() === 'document') return route.continue();
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  cdp.on('Network.requestWillBeSent', (e) => requests.push(e.request.url.slice(0, 80)));
  page.on('request', (r) => requests.push(r.url().slice(0, 80)));
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  const url = pathToFileURL(join(dir, 'auth-triage.html')).href;
  await page.goto(url);
  return { context, page, requests, errors, url };
}

test('opened from file:// offline, the seed paste gets its verdict with zero requests', async () => {
  const { context, page, requests, errors, url } = await offline();
  // The single file carries the prerendered first screen too, and hydrates it.
  await page.locator('#app[data-live="hydrated"]').waitFor({ state: 'attached' });
  // The document itself is the one load; nothing else.
  const loaded = requests.filter((u) => u !== url.slice(0, 80));
  assert.deepEqual(loaded, [], 'no request but the document');
  await page.getByLabel(/Paste/).fill(SEED);
  await page.locator('#verdict').getByText('Invalid client identifier {0}').first().waitFor();
  // The explanation, from the file's own copy of the catalogue's texts.
  await page.locator('#verdict article.diagnosis h4', { hasText: 'Likely causes' }).first().waitFor();
  await page.locator('#ticket-text').waitFor();
  assert.match(await page.locator('#found').innerText(), /Apigee fault/);
  assert.deepEqual(requests.filter((u) => u !== url.slice(0, 80)), [], 'no request after the paste');
  assert.deepEqual(errors, []);
  await context.close();
});

test('from file://, every on-demand part opens and works from the file alone', async () => {
  const { context, page, requests, errors, url } = await offline();
  await page.locator('#app[data-live]').waitFor({ state: 'attached' });
  // The builder and the key maker, under triage: a click there is the part's own.
  await page.locator('.builder').getByRole('button', { name: 'Build and sign' }).click();
  await page.locator('#api-key:focus').waitFor();
  assert.equal(await page.locator('#paste').inputValue(), '', 'the page\'s own handlers did not take the click');
  await page.getByRole('button', { name: 'Generate RSA-4096 key pair' }).click();
  await page.locator('#gen-jwks').waitFor({ timeout: 60000 });
  assert.equal(JSON.parse(await page.locator('#gen-jwks').innerText()).keys[0].kty, 'RSA');
  // The catalogue, its search typed key by key.
  await page.getByRole('link', { name: 'Error catalogue' }).first().click();
  await page.locator('#catalogue-q').pressSequentially('invalid_client');
  assert.equal(await page.locator('#catalogue-q').inputValue(), 'invalid_client');
  await page.locator('article.entry, .index-list li').first().waitFor();
  // The Start-here path.
  await page.getByRole('link', { name: 'Start here' }).first().click();
  await page.locator('#step-1').waitFor();
  assert.deepEqual(requests.filter((u) => u !== url.slice(0, 80) && !u.startsWith('blob:')), [], 'no request at all');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the single file shows its first screen before any script or wasm runs', async () => {
  // Scripts off: what is on screen is the file's own HTML, the first screen the build rendered.
  const context = await browser.newContext({ offline: true, javaScriptEnabled: false, viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(pathToFileURL(join(dir, 'auth-triage.html')).href);
  for (const selector of ['.top h1', '.privacy', '#paste', '#api-key', '#start-h', 'nav a[href="#/catalogue"]']) {
    const shown = await page.locator(selector).evaluate((el) => {
      const b = el.getBoundingClientRect();
      return b.height > 0 && b.top >= 0 && b.bottom <= innerHeight;
    });
    assert.ok(shown, `${selector} on the first screen`);
  }
  assert.equal(await page.locator('#app').getAttribute('data-live'), null);
  // With scripts off, the page says what it cannot do.
  assert.match(await page.locator('.noscript').innerText(), /needs JavaScript and WebAssembly/);
  await context.close();
});

test('the single file with WebAssembly switched off (a policy) says it could not start', async () => {
  const context = await browser.newContext({ offline: true, viewport: { width: 1280, height: 800 } });
  await context.addInitScript(() => { delete globalThis.WebAssembly; });
  const page = await context.newPage();
  await page.goto(pathToFileURL(join(dir, 'auth-triage.html')).href);
  const banner = page.locator('#start-failed[role="alert"]');
  await banner.waitFor();
  assert.match(await banner.innerText(), /^Auth Triage could not start in this browser: its WebAssembly did not run/);
  assert.equal(await page.locator('#app').getAttribute('data-live'), null);
  await context.close();
});

test('the single file opened at the catalogue: its inline start guard runs under the CSP, the catalogue renders', async () => {
  const context = await browser.newContext({ offline: true, viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${pathToFileURL(join(dir, 'auth-triage.html')).href}#/catalogue`);
  await page.locator('#app[data-live="rendered"]').waitFor({ state: 'attached' });
  await page.locator('#catalogue-h').waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.dataset.start), 'other', 'the guard ran');
  assert.deepEqual(errors, []);
  await context.close();
});
