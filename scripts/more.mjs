// Post-build: the page's second module (src/bin/more.rs, feature `more`): the parts the first
// verdict does not need, loaded on demand by static/on-demand.js. Built here with the same cargo
// profile, toolchain and flags as Trunk's build of the first (the environment is the same: the
// Makefile's), bound by the same wasm-bindgen, optimised by the same wasm-opt with the flags
// index.html gives the first. Written beside it under content-hashed names, and named in
// <meta name="auth-triage-more"> for the loader.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { headMeta } from './head-meta.mjs';

export const MORE = 'auth-triage-more';

export function buildMore(dir) {
  const release = (process.env.TRUNK_PROFILE || 'release') === 'release';
  const target = process.env.CARGO_TARGET_DIR || 'target';
  const cargo = ['build', '--locked', '--offline', '--target', 'wasm32-unknown-unknown', '--bin', MORE, '--no-default-features', '--features', 'more'];
  if (release) cargo.push('--release');
  execFileSync('cargo', cargo, { stdio: 'inherit' });
  const out = join(target, 'more-bindgen');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const wasmIn = join(target, 'wasm32-unknown-unknown', release ? 'release' : 'debug', `${MORE}.wasm`);
  execFileSync('wasm-bindgen', ['--target', 'web', '--no-typescript', '--out-dir', out, '--out-name', MORE, wasmIn], { stdio: 'inherit' });
  const bound = join(out, `${MORE}_bg.wasm`);
  const wasm = join(out, `${MORE}.opt.wasm`);
  if (release) {
    const index = readFileSync('index.html', 'utf8');
    const level = /data-wasm-opt="([^"]*)"/.exec(index)?.[1] || 'z';
    const params = (/data-wasm-opt-params="([^"]*)"/.exec(index)?.[1] || '').split(/\s+/).filter(Boolean);
    execFileSync('wasm-opt', [`-O${level}`, ...params, bound, '-o', wasm], { stdio: 'inherit' });
  } else {
    copyFileSync(bound, wasm);
  }
  const glue = readFileSync(join(out, `${MORE}.js`));
  const bytes = readFileSync(wasm);
  const hash = createHash('sha256').update(glue).update(bytes).digest('hex').slice(0, 16);
  const names = [`${MORE}-${hash}.js`, `${MORE}-${hash}_bg.wasm`];
  writeFileSync(join(dir, names[0]), glue);
  writeFileSync(join(dir, names[1]), bytes);
  headMeta(dir, 'auth-triage-more', `./${names[0]} ./${names[1]}`);
  return bytes.length;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.env.TRUNK_STAGING_DIR || process.argv[2] || 'dist';
  console.log(`more: wrote the second module (${buildMore(dir).toLocaleString('en-GB')} bytes of wasm)`);
}
