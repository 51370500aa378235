// `make bench`: the native criterion benchmark and a browser benchmark of the release dist/ in
// headless Chromium, printed as one table. Numbers, not assertions: goals are shown beside them.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from '../../scripts/serve.mjs';

const ROOT = new URL('../..', import.meta.url).pathname;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => (ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(ms < 10 ? 2 : 0)} ms`);

// 1. Native: criterion.
// BENCH_NATIVE=0 skips it (for a quick look at the browser numbers).
const out = process.env.BENCH_NATIVE === '0' ? '' : execFileSync('cargo', ['bench', '--bench', 'analyze', '--', '--noplot'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
const native = [...out.matchAll(/analyze\/(.+?)\s*\n?\s*time:\s+\[\S+ \S+ (\S+) (\S+) \S+ \S+\]/g)].map((m) => [m[1].trim(), `${m[2]} ${m[3]}`]);

// 2. Browser.
const SEED = readFileSync(join(ROOT, 'tests/bench/seed.txt'), 'utf8');
const fixtures = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/nhs/client_assertions.json'), 'utf8'));
const full = `curl -X POST https://int.api.service.nhs.uk/oauth2/token -H 'Content-Type: application/x-www-form-urlencoded' -d 'grant_type=client_credentials&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=${fixtures.cases.aud_prod_on_int.jwt}'\n{"error":"invalid_request","error_description":"Missing or invalid 'aud' claim in client_assertion JWT"}\n`;
const MB1 = full.repeat(Math.floor((1 << 20) / full.length));
const MB5 = 'A'.repeat(5 << 20);

const dir = mkdtempSync(join(tmpdir(), 'triage-bench-'));
cpSync(join(ROOT, 'dist'), dir, { recursive: true });
const server = await serve(dir, 0, ['/']);
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
});
async function firstUsable(path) {
  const times = [];
  for (let i = 0; i < 7; i++) {
    const page = await browser.newPage();
    await page.goto(origin + path);
    await page.waitForSelector('#paste', { state: 'attached' });
    times.push(await page.evaluate(() => performance.now()));
    await page.close();
  }
  return median(times);
}
// The same markup with no wasm: the mounted page's HTML, scripts removed.
{
  const page = await browser.newPage();
  await page.goto(origin + '/');
  await page.waitForSelector('#paste');
  const html = (await page.content()).replace(/<script[\s\S]*?<\/script>/g, '').replace(/<link[^>]+(modulepreload|preload)[^>]*>/g, '');
  writeFileSync(join(dir, 'static.html'), html);
  await page.close();
}
const wasmUsable = await firstUsable('/');
const staticUsable = await firstUsable('/static.html');

// Cold: the first paste into a fresh page. Warm: after a different paste was analysed once
// (the wasm has been compiled by the optimising tier), as when someone edits a paste.
async function pasteToVerdict(text, waitFor, warm) {
  const times = [];
  for (let i = 0; i < 5; i++) {
    const page = await browser.newPage();
    await page.goto(origin + '/');
    await page.waitForSelector('#paste');
    if (warm) {
      await page.getByLabel(/Paste/).fill(fixtures.cases.missing_kid.jwt);
      await page.waitForSelector('#verdict article.diagnosis');
      await page.getByLabel(/Paste/).fill('');
      await page.waitForSelector('#verdict', { state: 'detached' });
    }
    times.push(await page.evaluate(async ([t, sel]) => {
      const area = document.querySelector('#paste');
      const done = new Promise((resolve) => {
        const obs = new MutationObserver(() => { if (document.querySelector(sel)) { obs.disconnect(); resolve(performance.now()); } });
        obs.observe(document.body, { childList: true, subtree: true, characterData: true });
      });
      const t0 = performance.now();
      area.value = t;
      area.dispatchEvent(new Event('input', { bubbles: true }));
      return (await done) - t0;
    }, [text, waitFor]));
    await page.close();
  }
  return median(times);
}
const seedCold = await pasteToVerdict(SEED, '#verdict article.diagnosis', false);
const seedMs = await pasteToVerdict(SEED, '#verdict article.diagnosis', true);
const mbMs = await pasteToVerdict(MB1, '#verdict article.diagnosis', true);

let longest = 0;
{
  const page = await browser.newPage();
  await page.goto(origin + '/');
  await page.waitForSelector('#paste');
  longest = await page.evaluate(async (t) => {
    const tasks = [];
    new PerformanceObserver((l) => tasks.push(...l.getEntries().map((e) => e.duration))).observe({ type: 'longtask', buffered: true });
    const area = document.querySelector('#paste');
    area.value = t;
    area.dispatchEvent(new Event('input', { bubbles: true }));
    await new Promise((r) => { const w = () => (document.querySelector('[data-code="input-truncated"]') ? setTimeout(r, 300) : setTimeout(w, 20)); w(); });
    return Math.max(0, ...tasks);
  }, MB5);
  await page.close();
}
await browser.close();
await new Promise((ok) => server.close(ok));
rmSync(dir, { recursive: true, force: true });

const ratio = wasmUsable / staticUsable;
const rows = [
  ...native.map(([n, t]) => [`native analyze: ${n}`, t, '—']),
  ['browser: first usable (wasm page)', fmt(wasmUsable), '≤ 1.5× static'],
  ['browser: first usable (same markup, static)', fmt(staticUsable), '—'],
  ['browser: ratio wasm / static', `${ratio.toFixed(2)}×`, ratio <= 1.5 ? 'met' : 'NOT met'],
  ['browser: paste → verdict, seed paste, first paste', fmt(seedCold), '—'],
  ['browser: paste → verdict, seed paste, warm', fmt(seedMs), seedMs <= 2 ? '≤ 2 ms: met' : '≤ 2 ms: NOT met'],
  ['browser: paste → verdict, 1 MB paste (box keeps 64 KiB), warm', fmt(mbMs), mbMs <= 16 ? '≤ 16 ms: met' : '≤ 16 ms: NOT met'],
  ['browser: longest task during a 5 MB paste (box keeps 64 KiB)', fmt(longest), longest <= 200 ? '≤ 200 ms: met' : '≤ 200 ms: NOT met'],
];
const w = Math.max(...rows.map((r) => r[0].length));
console.log(`\n${new Date().toISOString().slice(0, 10)} · ${cpus().length} × ${cpus()[0].model.trim()} · make bench\n`);
console.log(`| ${'measure'.padEnd(w)} | result | goal |\n|${'-'.repeat(w + 2)}|---|---|`);
for (const [a, b, c] of rows) console.log(`| ${a.padEnd(w)} | ${b} | ${c} |`);
