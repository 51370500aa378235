// What is shipped names nothing of the machine that built it: no home directory, no checkout,
// no cargo registry path (panic locations in the wasm would otherwise carry them).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { homedir } from 'node:os';

const dist = join(process.cwd(), 'dist');

test('no build-machine path in any shipped file', () => {
  const machine = [homedir(), process.cwd(), '/.cargo/registry/', '/rustup/toolchains/'].filter((p) => p.length > 1);
  const leaks = [];
  for (const f of readdirSync(dist)) {
    if (f.endsWith('.br') || f.endsWith('.gz')) continue;
    const text = readFileSync(join(dist, f)).toString('latin1');
    for (const p of machine) {
      if (text.includes(p)) leaks.push(`${f}: ${p}`);
    }
  }
  assert.deepEqual(leaks, [], 'build-machine paths shipped');
});
