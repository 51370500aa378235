// Trunk post-build hook: move the inline module loader Trunk writes into index.html to a file
// (boot-<hash>.js), drop build-time nonces, and fail the build if any inline script remains.
// Our CSP has no 'unsafe-inline' for scripts, so an inline loader would never run.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { guarded } from './boot-failure.mjs';

const dir = process.env.TRUNK_STAGING_DIR || process.argv[2] || 'dist';
const file = join(dir, 'index.html');
let html = readFileSync(file, 'utf8');

html = html.replace(/\snonce="[^"]*"/g, '');
const inline = /<script(?![^>]*\bsrc=)([^>]*)>([\s\S]*?)<\/script>/g;
const scripts = [...html.matchAll(inline)].filter((m) => m[2].trim() !== '');
for (const m of scripts) {
  const body = guarded(m[2].trim());
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 16);
  const name = `boot-${hash}.js`;
  writeFileSync(join(dir, name), body);
  const type = /\btype=["']?module\b/.test(m[1]) ? ' type="module"' : '';
  html = html.replace(m[0], `<script${type} src="./${name}"></script>`);
}
if ([...html.matchAll(inline)].some((m) => m[2].trim() !== '')) {
  console.error('csp-postbuild: an inline script is left in index.html');
  process.exit(1);
}
if (/\son[a-z]+=/i.test(html)) {
  console.error('csp-postbuild: an inline event handler is in index.html');
  process.exit(1);
}
writeFileSync(file, html);
console.log(`csp-postbuild: moved ${scripts.length} inline script(s) out of index.html`);
