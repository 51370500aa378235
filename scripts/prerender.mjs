// Post-build, first step: the page's first screen, rendered at build time by its own Yew
// components (server rendering, natively: `cargo run --features ssr --bin auth-triage-prerender`),
// written into `<div id="app">` of index.html with its shape (`data-shape`). The page then
// paints its first screen from the HTML, before any script or wasm, and the wasm hydrates it
// (src/ui/web/mod.rs `start`). The markup must not need what the CSP forbids: no inline style,
// no script, no event-handler attribute.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The first screen: `{ html, shape }` from the native renderer. */
export function firstScreen() {
  const env = { ...process.env };
  // Trunk's own build was for wasm32; this one is for the machine running it, with the
  // machine's stable toolchain (the page's pinned nightly and its std rebuild are for the wasm
  // only: Makefile, PAGE_TOOLCHAIN).
  for (const k of Object.keys(env)) if (k === 'CARGO_BUILD_TARGET' || k === 'RUSTUP_TOOLCHAIN' || k.startsWith('CARGO_UNSTABLE_')) delete env[k];
  const out = execFileSync('cargo', ['run', '--quiet', '--locked', '--features', 'ssr', '--bin', 'auth-triage-prerender'], {
    cwd: ROOT, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 16 << 20,
  });
  const screen = JSON.parse(out);
  if (typeof screen.html !== 'string' || !/^\d+-[0-9a-f]{16}$/.test(screen.shape)) throw new Error('prerender: unexpected output');
  return screen;
}

/** Check the markup against the CSP and the page's contract; return it, or throw. */
export function checked({ html, shape }) {
  const problems = [];
  if (/<script\b/i.test(html)) problems.push('a <script>');
  if (/\sstyle=/i.test(html)) problems.push('an inline style attribute (the CSP has no unsafe-inline)');
  if (/\son[a-z]+=/i.test(html)) problems.push('an inline event handler');
  for (const id of ['paste', 'api-key', 'start-h']) if (!html.includes(`id="${id}"`)) problems.push(`no #${id}`);
  if (!html.includes('href="#/catalogue"')) problems.push('no catalogue link');
  if (problems.length) throw new Error(`prerender: the first screen has ${problems.join(', ')}`);
  return { html, shape };
}

/** Write the first screen into the empty `#app` of `dir/index.html`. */
export function prerender(dir) {
  const { html, shape } = checked(firstScreen());
  const file = join(dir, 'index.html');
  const page = readFileSync(file, 'utf8');
  // Trunk minifies index.html: `<div id=app></div>` (quotes dropped) or as written.
  const empty = /<div id="?app"?><\/div>/;
  if (!empty.test(page)) throw new Error('prerender: index.html has no empty <div id="app"></div>');
  writeFileSync(file, page.replace(empty, () => `<div id="app" data-shape="${shape}">${html}</div>`));
  return html.length;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.env.TRUNK_STAGING_DIR || process.argv[2] || 'dist';
  console.log(`prerender: wrote the first screen into ${dir}/index.html (${prerender(dir).toLocaleString('en-GB')} bytes)`);
}
