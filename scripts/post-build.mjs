// Trunk's one post-build hook, in order (Trunk runs the hooks of a stage side by side):
// 0. more: the second module (the on-demand parts), built and named in index.html; texts: the
//    catalogue's explanations as data for the first load (built without them);
// 1. prerender: the first screen, rendered by the same Yew components natively, into #app;
// 2. csp-postbuild: Trunk's inline loader into a file, no inline script left in index.html;
// 3. single-file: dist/auth-triage.html, the whole page in one file for file://, wikis, mail;
// 4. precompress: .br and .gz next to each file, for the server (scripts/serve.mjs, any host).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { precompress } from './precompress.mjs';
import { prerender } from './prerender.mjs';
import { SINGLE, singleFile } from './single-file.mjs';
import { buildMore } from './more.mjs';
import { writeTexts } from './texts.mjs';

const dir = process.env.TRUNK_STAGING_DIR || process.argv[2] || 'dist';
console.log(`post-build: built the second module (${buildMore(dir).toLocaleString('en-GB')} bytes of wasm)`);
console.log(`post-build: wrote the catalogue's texts (${writeTexts(dir).toLocaleString('en-GB')} bytes)`);
console.log(`post-build: wrote the first screen into index.html (${prerender(dir).toLocaleString('en-GB')} bytes)`);
execFileSync(process.execPath, [fileURLToPath(new URL('./csp-postbuild.mjs', import.meta.url)), dir], { stdio: 'inherit' });
console.log(`post-build: wrote ${SINGLE} (${singleFile(dir).toLocaleString('en-GB')} bytes)`);
console.log(`post-build: wrote .br and .gz for ${precompress(dir)} files`);
