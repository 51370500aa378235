// End-to-end: the first screen before the wasm. dist/index.html holds the first screen rendered
// at build time by the page's own Yew components (scripts/prerender.mjs); the wasm hydrates it
// on the plain address and renders afresh for any other start, or when the markup was changed.
// What a person typed before the wasm was ready is kept and analysed the moment it is.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS, inView, live, moreDetails, open, start } from './harness.mjs';
import { SEED } from './pastes.mjs';

const KEY = 'AbCdEfGhIjKlMnOpQrStUvWxYz012345';
const PEM = readFileSync(new URL('../fixtures/nhs/test-1.pem', import.meta.url), 'utf8');
const FIRST_SCREEN = {
  title: '.top h1', 'privacy line': '.privacy', 'paste box': '#paste', 'key field': '#api-key',
  'how it works': '#start-h', 'how it works text': '.start p', 'catalogue link': 'nav a[href="#/catalogue"]',
};

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

/** A context whose wasm requests wait until `release()`; `requested` resolves at the first one. */
async function heldWasm(context) {
  let release, requested;
  const gate = new Promise((ok) => { release = ok; });
  const asked = new Promise((ok) => { requested = ok; });
  await context.route('**/*.wasm', async (route) => {
    requested();
    await gate;
    await route.continue();
  });
  return { release, asked };
}

/** The page at `path` in `context` (a new one at 1280×800 if none), its wasm held until
 * `wasm.release()`: returns once the served HTML is in and the wasm has been asked for. */
async function openHeld(context, path = '/') {
  context ??= await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const wasm = await heldWasm(context);
  const page = await context.newPage();
  const messages = record(page);
  await page.goto(env.origin + path);
  await wasm.asked;
  return { context, wasm, page, messages };
}

/** Serve index.html changed by `change` (the page's HTML as some browser or extension sees it). */
async function changedIndex(context, change) {
  await context.route((url) => url.pathname === '/' || url.pathname.endsWith('/index.html'), async (route) => {
    const response = await route.fetch();
    await route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: change(await response.text()) });
  });
}

/** Every console message and page error, as "type: text". */
function record(page) {
  const messages = [];
  page.on('console', (m) => messages.push(`${m.type()}: ${m.text()} ${m.location()?.url || ''}`));
  page.on('pageerror', (e) => messages.push(`pageerror: ${e}`));
  return messages;
}

/** Errors and warnings, less the two the page always had: the team-notes.json 404 (absent
 * notes are normal) and Chromium's note that preloads ignore `integrity` (Trunk's links). */
function problems(messages) {
  return messages.filter((m) => /^(error|warning|pageerror)/.test(m)
    && !/team-notes\.json/.test(m) && !/integrity. attribute is currently ignored for preload/.test(m));
}

for (const [width, height] of [[1280, 800], [360, 740]]) {
  test(`${width}×${height}, the wasm blocked: the first screen is served, in view`, async () => {
    const context = await env.browser.newContext({ viewport: { width, height } });
    let blocked = 0;
    await context.route('**/*.wasm', (route) => { blocked++; return route.abort(); });
    const page = await context.newPage();
    await page.goto(env.origin + '/');
    await page.locator('#paste').waitFor();
    for (const [what, selector] of Object.entries(FIRST_SCREEN)) {
      assert.ok(await inView(page, selector), `${what} (${selector}) in view at ${width}×${height}`);
    }
    assert.match(await page.locator('.privacy').innerText(), /nothing you paste or type is sent or stored/);
    assert.equal(await page.locator('#start-h').innerText(), 'How it works');
    // The page was never taken over: this is the served HTML, not the wasm's render.
    await page.waitForFunction(() => performance.getEntriesByType('resource').some((r) => r.name.endsWith('.wasm')));
    assert.ok(blocked > 0, 'the wasm was asked for, and blocked');
    assert.equal(await page.locator('#app').getAttribute('data-live'), null);
    assert.match(await page.locator('#app').getAttribute('data-shape'), /^\d+-[0-9a-f]{16}$/);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, `prerender-wasm-blocked-${width}.png`) });
    await context.close();
  });
}

// The prerendered screen must not look usable when the page cannot start: the loader says so.
for (const [what, stop] of [
  ['the wasm is blocked', (context) => context.route('**/*.wasm', (route) => route.abort())],
  ['WebAssembly is switched off (a policy)', (context) => context.addInitScript(() => { delete globalThis.WebAssembly; })],
]) {
  test(`${what}: the page says it could not start, and nothing is sent`, async () => {
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
    await stop(context);
    const page = await context.newPage();
    const requests = [];
    page.on('request', (r) => requests.push(new URL(r.url()).origin));
    await page.goto(env.origin + '/');
    const banner = page.locator('#start-failed[role="alert"]');
    await banner.waitFor();
    assert.match(await banner.innerText(), /^Auth Triage could not start in this browser: its WebAssembly did not run/);
    assert.ok(await inView(page, '#start-failed'));
    assert.equal(await page.locator('#app').getAttribute('data-live'), null);
    assert.deepEqual([...new Set(requests)], [env.origin]);
    await context.close();
  });
}

test('typed before the wasm was ready: kept in every field and analysed the moment it is', async () => {
  const { context, wasm, page, messages } = await openHeld();
  // The wasm is held: type into the server-rendered form, as a person who does not wait would.
  await page.locator('#paste').fill(SEED);
  await page.locator('#api-key').fill(KEY);
  await page.locator('#env').selectOption('sandbox');
  await moreDetails(page); // <details> opens without any script
  await page.locator('#app-name').fill('Ward rounds app');
  assert.equal(await page.locator('#app').getAttribute('data-live'), null, 'still the served HTML while typing');
  assert.equal(await page.locator('#verdict').count(), 0);
  wasm.release();
  assert.equal(await live(page), 'hydrated');
  // The seed's verdict, without typing anything again.
  await page.locator('#verdict .headline').getByText('Invalid client identifier {0}').waitFor();
  await page.locator('#ticket-text').waitFor();
  // Hydrating sets every bound field from the state: each holds what was typed because the
  // state got it (the ticket has the app name), and the same elements stay, focus included.
  assert.equal(await page.locator('#paste').inputValue(), SEED);
  assert.equal(await page.locator('#api-key').inputValue(), KEY);
  assert.equal(await page.locator('#env').inputValue(), 'sandbox');
  assert.equal(await page.locator('#app-name').inputValue(), 'Ward rounds app');
  assert.match(await page.locator('#ticket-text').innerText(), /Ward rounds app/);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'app-name');
  // The builder is not on the first screen (it is an on-demand part): it comes once the page is
  // live, with the key typed before.
  await page.locator('.builder').getByRole('button', { name: 'Build and sign' }).waitFor();
  assert.deepEqual(problems(messages), []);
  await context.close();
});

// Megabytes pasted before the wasm was ready are already in the box (no page script saw the
// paste): the page takes them out of the box at once and reads them in slices, as it does a
// paste, and the box gets what is analysed.
test('a 5 MB log pasted before the wasm was ready: read once the page is live, the seed verdict', async () => {
  const { context, wasm, page, messages } = await openHeld();
  const line = (i) => `2025-10-09T08:${String(i % 60).padStart(2, '0')}:00Z INFO worker ${i} GET /health 200 in 3 ms\n`;
  const length = await page.evaluate(([seed, lines]) => {
    let log = lines.join('');
    while (log.length < 5 * 1024 * 1024 - seed.length) log += log;
    const text = log.slice(0, 5 * 1024 * 1024 - seed.length) + seed;
    document.querySelector('#paste').value = text;
    return text.length;
  }, [SEED, Array.from({ length: 1000 }, (_, i) => line(i))]);
  wasm.release();
  assert.equal(await live(page), 'hydrated');
  await page.locator('#verdict .headline').getByText('Invalid client identifier {0}').waitFor();
  assert.match(await page.locator('[data-code="input-truncated"]').innerText(), new RegExp(`The paste is ${length} characters`));
  assert.ok(await page.locator('#paste').evaluate((a) => a.value.length <= 65536 && a.value.endsWith('InvalidClientIdentifier”}}}”')));
  assert.deepEqual(problems(messages), []);
  await context.close();
});

test('the plain address hydrates with no console error or hydration warning, and works as before', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const messages = record(page);
  await page.goto(env.origin + '/');
  assert.equal(await live(page), 'hydrated');
  await page.locator('#paste').fill(SEED);
  await page.locator('#verdict .headline').getByText('Invalid client identifier {0}').waitFor();
  await page.locator('button[data-example="missing-typ"]').click();
  await page.locator('#verdict .headline').getByText(/typ/).waitFor();
  assert.deepEqual(problems(messages), []);
  assert.deepEqual(messages.filter((m) => /hydrat/i.test(m)), []);
  await context.close();
});

test('every other start renders afresh: catalogue, search, an entry, embed, a share link', async () => {
  // A share link, made by the page itself.
  const made = await open(env, '/');
  await made.page.locator('#paste').fill(SEED);
  const link = await made.page.locator('#share-link').inputValue();
  await made.context.close();
  const share = link.slice(link.indexOf('#'));
  for (const [path, shows] of [
    ['/#/catalogue', '#catalogue-h'],
    ['/#/catalogue?q=jti', 'li[data-entry="jti-non-unique"]'],
    ['/#/errors/aud-invalid', '#errors-aud-invalid'],
    ['/#embed', '.page.embed #paste'],
    [`/${share}`, '.banner.note'],
  ]) {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    const messages = record(page);
    await page.goto(env.origin + path);
    assert.equal(await live(page), 'rendered', path);
    await page.locator(shows).first().waitFor();
    if (path.includes('share=')) {
      assert.match(await page.locator('#paste').inputValue(), /Invalid client identifier/, 'the shared paste');
      await page.locator('#verdict .headline').getByText('Invalid client identifier {0}').waitFor();
    }
    assert.deepEqual(problems(messages), [], path);
    await context.close();
  }
});

// Before the wasm, an address for another view does not show the prerendered triage screen
// (static/start-guard.js): a catalogue link or an embedded view would otherwise show the wrong
// page until the wasm arrives. The plain address shows it at once.
test('before the wasm, another view\'s address shows "Loading…", not the triage screen', async () => {
  for (const [path, hidden] of [['/#/catalogue', true], ['/#/errors/aud-invalid', true], ['/#embed', true], ['/', false], ['/#/', false]]) {
    const { context, wasm, page, messages } = await openHeld(undefined, path);
    await page.locator('#app .page').waitFor({ state: 'attached' });
    assert.equal(await page.locator('#paste').isVisible(), !hidden, `${path}: the triage screen ${hidden ? 'hidden' : 'shown'}`);
    const before = await page.locator('#app').evaluate((el) => getComputedStyle(el, '::before').content);
    assert.equal(before, hidden ? '"Loading…"' : 'none', path);
    wasm.release();
    await live(page);
    assert.equal(await page.locator('#app').evaluate((el) => getComputedStyle(el, '::before').content), 'none', `${path}: live`);
    if (path === '/#/catalogue') await page.locator('#catalogue-h').waitFor();
    else if (path === '/#embed') await page.locator('.page.embed #paste').waitFor();
    else if (!hidden) assert.ok(await page.locator('#paste').isVisible());
    assert.deepEqual(problems(messages), [], path);
    await context.close();
  }
});

test('the prerendered first screen is the wasm\'s own first screen', async () => {
  // What the build wrote, as the browser parsed it (the wasm blocked) …
  const served = await env.browser.newContext();
  await served.route('**/*.wasm', (route) => route.abort());
  const a = await served.newPage();
  await a.goto(env.origin + '/');
  await a.locator('#paste').waitFor();
  // … and what the wasm renders into an empty #app.
  const fresh = await env.browser.newContext();
  await changedIndex(fresh, (html) => {
    const out = html.replace(/<div id="app" data-shape="[^"]*">[\s\S]*<\/div>(?=<\/body>)/, '<div id="app"></div>');
    assert.notEqual(out, html, 'the prerender was taken out');
    return out;
  });
  const b = await fresh.newPage();
  await b.goto(env.origin + '/');
  assert.equal(await live(b), 'rendered');
  // Elements with their attributes in order, the text, and each field's value. The server
  // writes a field's value as an attribute, Yew's client sets it as a property: values are
  // compared as properties. The embed snippet holds the page's address, which only the
  // browser knows (hydrating sets it).
  const tree = (page) => page.evaluate(() => {
    const out = [];
    const walk = (el) => {
      for (const c of el.children) {
        // An on-demand part's own markup is the second module's, mounted once the page is live
        // (its loading line goes then): the part's host is compared, not what is in it.
        if (c.classList.contains('part-loading')) continue;
        const attrs = [...c.attributes].filter((x) => x.name !== 'value' && x.name !== 'data-state').map((x) => (x.name === 'readonly' || x.name === 'selected' ? x.name : `${x.name}=${x.value}`)).sort();
        const value = 'value' in c && c.id !== 'embed-snippet' && c.tagName !== 'BUTTON' && c.tagName !== 'LI' ? ` = ${c.value}` : '';
        out.push(`${c.tagName.toLowerCase()}[${attrs.join(' ')}]${value}`);
        if (!c.classList.contains('part-root')) walk(c);
      }
    };
    const app = document.querySelector('#app');
    walk(app);
    const copy = app.cloneNode(true);
    for (const p of copy.querySelectorAll('.part')) p.replaceChildren();
    document.body.append(copy);
    const text = copy.innerText;
    copy.remove();
    return { elements: out, text };
  });
  const [prerendered, rendered] = [await tree(a), await tree(b)];
  assert.ok(prerendered.elements.length > 80, `${prerendered.elements.length} elements`);
  assert.deepEqual(prerendered.elements, rendered.elements);
  assert.equal(prerendered.text, rendered.text);
  await served.close();
  await fresh.close();
});

test('markup changed before the wasm ran (an extension\'s icon): rendered afresh, no panic, nothing typed lost', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  // A password manager's icon beside the key field: hydrating this tree would panic in Yew.
  await changedIndex(context, (html) => {
    const out = html.replace(/(<input[^>]*id="api-key"[^>]*>)/, '$1<span class="pm-icon"></span>');
    assert.notEqual(out, html);
    return out;
  });
  const { wasm, page, messages } = await openHeld(context);
  assert.equal(await page.locator('#app .pm-icon').count(), 1);
  await page.locator('#paste').fill(SEED);
  await page.locator('#paste').focus();
  wasm.release();
  assert.equal(await live(page), 'rendered');
  await page.locator('#verdict .headline').getByText('Invalid client identifier {0}').waitFor();
  assert.equal(await page.locator('#app .pm-icon').count(), 0, 'the changed markup was replaced');
  assert.equal(await page.locator('#paste').inputValue(), SEED);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'paste', 'back in the field the person was in');
  assert.deepEqual(problems(messages), []);
  await context.close();
});
