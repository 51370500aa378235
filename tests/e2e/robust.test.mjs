// End-to-end: huge, binary and very long pastes give a clear message and a page that responds.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { open, start } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

// What a paste does, as far as the page can tell: the value changes and an input event fires.
// (Playwright's fill types multi-line text slowly; a paste arrives at once.)
async function paste(page, text) {
  await page.evaluate((t) => {
    const area = document.querySelector('#paste');
    area.value = t;
    area.dispatchEvent(new Event('input', { bubbles: true }));
  }, text);
}

async function stillResponsive(page) {
  await page.getByLabel(/Paste/).fill('invalid');
  await page.locator('[data-code="jwt-segment-count"]').waitFor();
}

// A real paste (Ctrl+V from the clipboard): the page takes the paste event, so megabytes never
// enter the box; it reads them in slices and the box gets what is analysed.
async function clipboardPaste(page, context, text) {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin });
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.locator('#paste').focus();
  await page.keyboard.press('Control+V');
}

test('a 5 MB paste: the box keeps 64 KiB of it, and the page says so', async () => {
  const { page, context, errors } = await open(env, '/');
  await clipboardPaste(page, context, 'eyJhbGciOiJSUzUxMiJ9.'.repeat(250000));
  const f = page.locator('[data-code="input-truncated"]');
  await f.waitFor();
  assert.match(await f.innerText(), /The paste is 5250000 characters; the page kept 65536 bytes of it \(the lines around tokens, error bodies and requests, the latest first/);
  // The box itself keeps only what was analysed: the browser never lays out megabytes.
  assert.equal(await page.locator('#paste').evaluate((a) => a.value.length), 65536);
  await stillResponsive(page);
  assert.deepEqual(errors, []);
  await context.close();
});

const seed = readFileSync(new URL('../bench/seed.txt', import.meta.url), 'utf8');
function logEndingWithSeed(bytes) {
  const line = (i) => `2025-10-09T08:${String(i % 60).padStart(2, '0')}:00Z INFO worker ${i} GET /health 200 in 3 ms\n`;
  let log = '';
  for (let i = 0; log.length < bytes - seed.length; i++) log += line(i);
  return log + seed;
}

async function seedVerdictFromTheEnd(page, text) {
  await page.locator('#verdict').getByText('Invalid client identifier {0}').first().waitFor();
  await page.locator('#ticket-text').waitFor();
  assert.match(await page.locator('#found').innerText(), /Apigee fault/);
  assert.match(await page.locator('[data-code="input-truncated"]').innerText(), new RegExp(`The paste is ${text.length} characters`));
  assert.ok(await page.locator('#paste').evaluate((a) => a.value.length <= 65536 && a.value.endsWith('oauth.v2.InvalidClientIdentifier”}}}”\n')));
}

// A log ends with the failure: 5 MB of log lines, the seed forum paste at its very end. (How
// long the page's tasks are is measured by `make bench`, not asserted here.)
test('a 5 MB log pasted with the seed case at its very end gets the seed verdict', async () => {
  const { page, context, errors } = await open(env, '/');
  const text = logEndingWithSeed(5 * 1024 * 1024);
  await clipboardPaste(page, context, text);
  await seedVerdictFromTheEnd(page, text);
  assert.deepEqual(errors, []);
  await context.close();
});

test('pasted after text already in the box, the 5 MB paste goes where the caret is', async () => {
  const { page, context, errors } = await open(env, '/');
  const text = logEndingWithSeed(5 * 1024 * 1024);
  const typed = 'eyJhbGciOiJSUzUxMiJ9 typed first\n';
  await page.locator('#paste').fill(typed);
  await page.locator('#paste').evaluate((a) => a.setSelectionRange(a.value.length, a.value.length));
  await clipboardPaste(page, context, text);
  await seedVerdictFromTheEnd(page, typed + text);
  assert.ok(await page.locator('#paste').evaluate((a, t) => a.value.startsWith(t), typed));
  assert.deepEqual(errors, []);
  await context.close();
});

// Text that reaches the box without a paste event (set by a script, as an extension or a test
// would): taken out of the box at once and read the same way.
test('a 5 MB log put in the box by a script gets the same verdict', async () => {
  const { page, context, errors } = await open(env, '/');
  const text = logEndingWithSeed(5 * 1024 * 1024);
  await paste(page, text);
  await seedVerdictFromTheEnd(page, text);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a binary paste gives a clear message', async () => {
  const { page, context, errors } = await open(env, '/');
  let bin = '';
  for (let i = 0; i < 20000; i++) bin += String.fromCharCode((i * 7919) % 0xd7ff);
  await paste(page, bin);
  await page.locator('section.findings').waitFor();
  assert.match(await page.locator('section.findings').innerText(), /Nothing here looks like a JWT|segment/);
  await stillResponsive(page);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a 10,000-line paste gives a clear message', async () => {
  const { page, context, errors } = await open(env, '/');
  const lines = Array.from({ length: 10000 }, (_, i) => `2025-10-09T08:53:${String(i % 60).padStart(2, '0')}Z INFO request ${i} ok`).join('\n');
  await paste(page, lines);
  await page.locator('[data-code="nothing-recognised"]').waitFor();
  await stillResponsive(page);
  assert.deepEqual(errors, []);
  await context.close();
});
