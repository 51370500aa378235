// End-to-end: huge, binary and very long pastes give a clear message and a page that responds.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
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

test('a 5 MB paste: only the first 64 KiB is analysed, and the page says so', async () => {
  const { page, context, errors } = await open(env, '/');
  await paste(page, 'eyJhbGciOiJSUzUxMiJ9.'.repeat(250000));
  const f = page.locator('[data-code="input-truncated"]');
  await f.waitFor();
  assert.match(await f.innerText(), /The paste is 5250000 characters; the page kept only the first 65536 bytes, and analysed those/);
  // The box itself keeps only what was analysed: the browser never lays out megabytes.
  assert.equal(await page.locator('#paste').evaluate((a) => a.value.length), 65536);
  await stillResponsive(page);
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
