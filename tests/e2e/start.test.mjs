// End-to-end: "Start here" (#/start). Served by a spawned `auth-triage twin` (its own origin,
// dist/): make a key pair, register it with the twin, build and sign, get a token (200) and call
// Hello World (200), each answer shown with the core's explanation, no request off the origin.
// Served by scripts/serve.mjs: the same path sends nothing. Permalinks by an answer's text; the
// view at 360 px. With SHOTS_START=DIR, screenshots at 1280 and 360, light and dark.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { foreign, open, start, DIST } from './harness.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const KEY = 'AbCdEfGhIjKlMnOpQrStUvWxYz012345';
const SHOTS = process.env.SHOTS_START;

/** The twin binary (built by `cargo test` before the end-to-end tests; built here if missing). */
function twinBinary() {
  const bin = join(process.env.CARGO_TARGET_DIR || join(root, 'target'), 'debug', 'auth-triage');
  if (!existsSync(bin)) execFileSync('cargo', ['build', '--locked', '--bin', 'auth-triage'], { cwd: root, stdio: 'inherit' });
  return bin;
}

/** `auth-triage twin` on a free port serving dist/; resolves to its origin and a stop(). */
function spawnTwin() {
  const child = spawn(twinBinary(), ['twin', '--listen', '127.0.0.1:0', '--env', 'int', '--page-dir', DIST], { cwd: root });
  const lines = [];
  return new Promise((ok, fail) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      lines.push(...String(d).split('\n').filter(Boolean));
      const m = out.match(/token endpoint on (http:\/\/127\.0\.0\.1:\d+)\/oauth2\/token/);
      if (m) ok({ origin: m[1], lines, stop: () => new Promise((done) => { child.once('exit', done); child.kill('SIGTERM'); }) });
    });
    child.once('exit', (code) => fail(new Error(`the twin exited (${code}): ${out}`)));
  });
}

let env;
let twin;
before(async () => {
  env = await start();
  twin = await spawnTwin();
});
after(async () => {
  await twin?.stop();
  await env?.close();
});

/** Make a key pair (step 4) and load it into the builder. */
async function makeKey(page) {
  await page.getByRole('button', { name: 'Generate RSA-4096 key pair' }).click();
  await page.locator('#gen-jwks').waitFor({ timeout: 60000 });
  await page.getByRole('button', { name: 'Use this key in the builder' }).click();
}

async function shoot(page, name) {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

test('the whole path against the twin: key, register, build, token 200, Hello World 200, each explained', async () => {
  const twinEnv = { browser: env.browser, origin: twin.origin };
  const { page, context, requests, errors } = await open(twinEnv, '/#/start');
  await page.locator('#twin-banner').getByText(/served by the local twin \(Integration \(INT\)\)/).waitFor();
  await page.getByRole('button', { name: 'Make up a key for the twin' }).click();
  assert.match(await page.locator('#start-key').inputValue(), /^[0-9a-f]{32}$/);
  await makeKey(page);
  // Step 5: the JWKS as jwks.json, and registered with the twin.
  const jwksLink = page.locator('#step-5 #jwks-download');
  assert.equal(await jwksLink.getAttribute('download'), 'jwks.json');
  const [file] = await Promise.all([page.waitForEvent('download'), jwksLink.click()]);
  const jwks = JSON.parse(readFileSync(await file.path(), 'utf8'));
  assert.equal(jwks.keys[0].d, undefined, 'public only');
  await page.locator('#step-5').getByRole('button', { name: /register this public key with the twin/ }).click();
  await page.locator('#register-answer').getByText(`Registered with the twin: kid ${jwks.keys[0].kid}`).waitFor();
  // Step 6: build and sign; step 7: the token, explained by the core.
  await page.locator('#step-6').getByRole('button', { name: 'Build and sign' }).click();
  await page.locator('#step-6 #built-jwt').waitFor();
  // The code for the user's own stack may point at this twin.
  await page.locator('#step-6 #code-panel summary').click();
  await page.locator('#code-twin').check();
  await page.locator('#code-out').getByText(`${twin.origin}/oauth2/token`).first().waitFor();
  await page.locator('#step-7').getByRole('button', { name: /request a token from the twin/ }).click();
  const token = page.locator('#token-answer');
  await token.getByText('The twin answered 200').waitFor();
  await token.getByText(/Explained: 200 OK: an access token \(expires_in "599"\)/).waitFor();
  // Step 8: Hello World with the token.
  await page.locator('#step-8').getByRole('button', { name: /call Hello World on the twin/ }).click();
  const hello = page.locator('#hello-answer');
  await hello.getByText('The twin answered 200').waitFor();
  await hello.getByText('{"message":"Hello Application!"}').waitFor();
  await hello.getByText(/Explained: 200 OK: Hello World answered "Hello Application!"/).waitFor();
  await shoot(page, 'start-twin-1280-light');
  await page.setViewportSize({ width: 360, height: 800 });
  await shoot(page, 'start-twin-360-light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await shoot(page, 'start-twin-360-dark');
  await page.setViewportSize({ width: 1280, height: 900 });
  await shoot(page, 'start-twin-1280-dark');
  // What went out: the page's own files, team-notes.json, and the twin's three calls.
  assert.deepEqual(foreign(requests, twin.origin), []);
  const calls = requests.filter((u) => /\/(oauth2\/token|__twin\/register|hello-world\/)/.test(u)).map((u) => new URL(u).pathname);
  assert.deepEqual(calls, ['/__twin/register', '/oauth2/token', '/hello-world/hello/application']);
  assert.deepEqual(errors, []);
  assert.ok(twin.lines.some((l) => l.includes('POST /oauth2/token') && l.includes('-> 200 access token issued')), twin.lines.join('\n'));
  await context.close();
});

test('served by serve.mjs, the path offers no "try it" and sends nothing', async () => {
  const { page, context, requests, errors } = await open(env, '/#/start');
  const loaded = requests.length;
  await page.getByRole('heading', { name: 'Start here: from nothing to a first token' }).waitFor();
  await page.getByLabel(/Your app's Key/).fill(KEY);
  await makeKey(page);
  await page.locator('#step-6').getByRole('button', { name: 'Build and sign' }).click();
  await page.locator('#step-6 #built-jwt').waitFor();
  assert.equal(await page.locator('#twin-banner, #try-register, #try-token, #try-hello, #made-up-key').count(), 0);
  assert.deepEqual(requests.slice(loaded), [], 'nothing sent for the path');
  assert.deepEqual(foreign(requests, env.origin), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('#/catalogue?code=<an error_description> opens its entry; every step links to a catalogue entry', async () => {
  const code = encodeURIComponent("Missing 'kid' header in client_assertion JWT");
  const { page, context, errors } = await open(env, `/#/catalogue?code=${code}`);
  const entry = page.locator('article#errors-kid-missing');
  await entry.waitFor();
  assert.match(await entry.locator('h3').innerText(), /kid/i);
  // The start view's usual errors open entries too.
  await page.goto(`${env.origin}/#/start`);
  const links = await page.locator('.step .usual a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.ok(links.length >= 8);
  for (const href of links) {
    await page.goto(`${env.origin}/${href}`);
    await page.locator('article.entry').first().waitFor();
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('without an API key, "Build and sign" moves focus to the key field', async () => {
  const { page, context, errors } = await open(env, '/');
  await page.locator('.builder').getByRole('button', { name: 'Build and sign' }).click();
  await page.locator('#api-key:focus').waitFor();
  // The click was the builder's (a part of the second module), not one of the page's own
  // handlers: no example was loaded into the paste box.
  assert.equal(await page.locator('#paste').inputValue(), '');
  await page.getByRole('button', { name: 'Go to the API key field' }).waitFor();
  // The first screen links to the start view, and the key field does too.
  assert.equal(await page.locator('#start-link').getAttribute('href'), '#/start');
  assert.equal(await page.locator('#key-start-link').getAttribute('href'), '#/start');
  assert.deepEqual(errors, []);
  await context.close();
});

test('code for your own stack: tabs, copy, download; the private key only when asked', async () => {
  const { page, context, errors } = await open(env, '/#/start');
  await page.getByLabel(/Your app's Key/).fill(KEY);
  await makeKey(page);
  const panel = page.locator('#step-6 #code-panel');
  await panel.locator('summary').click();
  await page.locator('#code-out').getByText(/PyJWT|import jwt/).first().waitFor();
  // Masked while the key field is: the program shows the key's first/last 4.
  assert.ok(!(await page.locator('#code-out').innerText()).includes(KEY));
  await panel.getByRole('tab', { name: 'Node.js' }).click();
  assert.equal(await panel.getByRole('tab', { name: 'Node.js' }).getAttribute('aria-selected'), 'true');
  const link = page.locator('#code-download');
  await link.waitFor();
  assert.equal(await link.getAttribute('download'), 'nhs_token.mjs');
  const [file] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const program = readFileSync(await file.path(), 'utf8');
  assert.ok(program.includes(KEY), 'the download holds the key');
  assert.ok(!program.includes('PRIVATE KEY'), 'no private key unless asked');
  await page.locator('#code-embed-key').check();
  await page.locator('#code-out').getByText(/BEGIN PRIVATE KEY/).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('the start view at 360 px: nothing wider than the screen', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const { page, context, errors } = await open(env, '/#/start', { width: 360, height: 800, colorScheme });
    await page.getByRole('heading', { name: 'Start here: from nothing to a first token' }).waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `the page is ${width} px wide`);
    await page.locator('#step-1 .usual a').first().waitFor({ state: 'visible' });
    await shoot(page, `start-360-${colorScheme}`);
    await page.setViewportSize({ width: 1280, height: 900 });
    await shoot(page, `start-1280-${colorScheme}`);
    assert.deepEqual(errors, []);
    await context.close();
  }
});
