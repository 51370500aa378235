// Shared end-to-end harness: serve the built dist/ (at `/` and at a sub-path), drive Debian's
// Chromium with Playwright, and record every request and console error.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from '../../scripts/serve.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const DIST = join(here, '../../dist');
export const ARTIFACTS = join(here, 'artifacts');
export const SUBPATH = '/tools/triage/';

/** A team wiki on its own origin: the built page under /tools/triage/ and `wiki.html`, whose
 * `<head>` extra and `<body>` are given (an iframe of the page). Its origin, and `close()`. */
export async function wiki(body, head = '') {
  const dir = mkdtempSync(join(tmpdir(), 'triage-wiki-'));
  cpSync(DIST, join(dir, 'tools', 'triage'), { recursive: true });
  writeFileSync(join(dir, 'wiki.html'), `<!doctype html><html lang="en"><head><title>Team wiki</title>${head}</head><body>${body}</body></html>`);
  const server = await serve(dir, 0, ['/']);
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    close: async () => {
      await new Promise((ok) => server.close(ok));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function start() {
  const server = await serve(DIST, 0, [SUBPATH, '/']);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
  return {
    origin,
    browser,
    async close() {
      await browser.close();
      await new Promise((ok) => server.close(ok));
    },
  };
}

/** A new page that records requests and console errors; `url` is relative to the origin. */
export async function open(env, path = '/', { width = 1280, height = 900, colorScheme = 'light' } = {}) {
  const context = await env.browser.newContext({ viewport: { width, height }, colorScheme });
  const page = await context.newPage();
  const requests = [];
  const errors = [];
  page.on('request', (r) => requests.push(r.url()));
  // A missing team-notes.json is normal (the page stays silent); the browser still logs its 404.
  page.on('console', (m) => {
    if (m.type() === 'error' && !(m.location()?.url || '').endsWith('team-notes.json')) errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('dialog', (d) => { errors.push(`dialog opened: ${d.message()}`); d.dismiss(); });
  await page.goto(env.origin + path);
  // The first screen is in the HTML (prerendered); the app is usable once the wasm has
  // hydrated or rendered it (`#app[data-live]`). Its one request after load is
  // team-notes.json, made at start.
  await live(page);
  if (!requests.some((u) => u.endsWith('team-notes.json'))) {
    await page.waitForResponse((r) => r.url().endsWith('team-notes.json'));
  }
  // The on-demand parts the view shows at start (the builder under triage, the catalogue, the
  // Start-here path) load the second module once the page is live: wait until each is mounted,
  // so the requests a test counts after this are its own.
  await parts(page);
  return { page, context, requests, errors };
}

/** Wait until every on-demand part on the page is mounted (or said it could not load). */
export async function parts(page) {
  await page.waitForFunction(() => [...document.querySelectorAll('.part')].every((p) => p.dataset.state !== 'loading'));
}

/** Wait until the wasm has taken the page over; returns how: "hydrated" or "rendered". */
export async function live(page) {
  await page.locator('#app[data-live]').waitFor({ state: 'attached' });
  return page.locator('#app').getAttribute('data-live');
}

/** The details under the verdict follow it by tasks: with a paste, wait for the last of them
 * (the share link, and the ticket when the paste is worth one: `#slot-ticket[data-ready]`), so
 * what is checked or pictured is the whole page. */
export async function settled(page) {
  const pasted = await page.locator('#paste').evaluate((a) => a.value.trim() !== '').catch(() => false);
  if (pasted) await page.locator('#slot-ticket[data-ready] #share-link').waitFor();
}

export async function screenshot(page, name) {
  await settled(page);
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Every request went to the page's own origin. */
export function foreign(requests, origin) {
  return requests.filter((u) => !u.startsWith(origin + '/') && !u.startsWith('data:') && !u.startsWith('blob:'));
}

/** Unfold "More details: ticket, signature" (app id, app name, time, public key), folded by default. */
export async function moreDetails(page) {
  const more = page.locator('details#more-details');
  if (!(await more.evaluate((d) => d.open))) await more.locator('summary').click();
}

/** The element is inside the viewport, top and bottom, without scrolling the page. */
export async function inView(page, selector) {
  return page.locator(selector).first().evaluate((el) => {
    const b = el.getBoundingClientRect();
    return b.top >= 0 && b.bottom <= window.innerHeight && b.height > 0;
  });
}
