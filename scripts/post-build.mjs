// Trunk's one post-build hook, in order (Trunk runs the hooks of a stage side by side):
// 1. csp-postbuild: Trunk's inline loader into a file, no inline script left in index.html;
// 2. single-file: dist/auth-triage.html, the whole page in one file for file://, wikis, mail;
// 3. precompress: .br and .gz next to each file, for the server (scripts/serve.mjs, any host).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { precompress } from './precompress.mjs';
import { SINGLE, singleFile } from './single-file.mjs';

const dir = process.env.TRUNK_STAGING_DIR || process.argv[2] || 'dist';
execFileSync(process.execPath, [fileURLToPath(new URL('./csp-postbuild.mjs', import.meta.url)), dir], { stdio: 'inherit' });
console.log(`post-build: wrote ${SINGLE} (${singleFile(dir).toLocaleString('en-GB')} bytes)`);
console.log(`post-build: wrote .br and .gz for ${precompress(dir)} files`);
