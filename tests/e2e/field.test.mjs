// End-to-end: real pastes from the field corpus (tests/field/cases) give the page the same
// verdict as the command line — one core, two shells — including a library error that never
// reached the gateway and an answer from CIS2's own server.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { moreDetails, open, start } from './harness.mjs';

const CASES = [
  'i11a-ground-truth-aud-expired-token',
  'i11a-typography-fault-curly-quotes',
  'i11a-typography-quoted-wrapped-token',
  'i11b-server-cis2-apps-supplier-api-key-in-iss',
  'i15-client-side-jsonwebtoken-secret-not-private-key',
  'i15-tool-shapes-har-entry',
  'i15-clocks-bst-local-time-as-utc',
];
const root = new URL('../../', import.meta.url).pathname;
const cli = ['target/debug/auth-triage', 'target/release/auth-triage'].map((p) => join(root, p)).find(existsSync);

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

for (const id of CASES) {
  test(`field case ${id}: the page's verdict is the command line's`, async () => {
    assert.ok(cli, 'the auth-triage binary is built (cargo test builds it)');
    const c = JSON.parse(readFileSync(join(root, 'tests/field/cases', `${id}.json`), 'utf8'));
    const { page, context } = await open(env, '/');
    if (c.context.api_key) await page.getByLabel('API key').fill(c.context.api_key);
    if (c.context.env) await page.locator('#env').selectOption(c.context.env);
    await page.getByLabel(/Paste/).fill(c.paste);
    const headline = page.locator('#verdict .headline');
    await headline.waitFor();
    // The command line at the same moment (the page reads the real clock; so does the CLI without --now).
    const dir = mkdtempSync(join(tmpdir(), 'field-'));
    writeFileSync(join(dir, 'paste.txt'), c.paste);
    const args = ['--format', 'json', join(dir, 'paste.txt')];
    if (c.context.api_key) args.unshift('--key', c.context.api_key);
    if (c.context.env) args.unshift('--env', c.context.env);
    let out;
    try { out = execFileSync(cli, args, { encoding: 'utf8' }); } catch (e) { out = e.stdout; }
    const verdict = JSON.parse(out).verdict;
    assert.equal((await headline.innerText()).trim(), verdict.headline);
    const shown = await page.locator('#verdict').innerText();
    if (verdict.from === 'client') assert.match(shown, /no request reached the gateway/i);
    if (verdict.server === 'cis2') assert.match(shown, /CIS2/);
    // The expected headline of the corpus, as the page shows it.
    const want = c.expect.headline;
    if (want.error) assert.ok(shown.includes(want.error), `${id}: ${want.error} not in\n${shown}`);
    await moreDetails(page);
    await context.close();
  });
}
