// Post-build: next to every text and wasm file of dist/, `name.br` (brotli, best) and `name.gz`
// (gzip -9), the way static hosts serve precompressed files (scripts/serve.mjs does too).
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export const COMPRESSED = new Set(['.html', '.js', '.wasm', '.css', '.json', '.svg', '.txt']);

/** Files a team edits on its host (team-notes.json, replaced by its own notes): a stale
 * `.br`/`.gz` of the build's copy next to it would be served instead of the team's file. */
export const EDITED_ON_THE_HOST = new Set(['team-notes.json']);

export function precompress(dir) {
  let n = 0;
  for (const f of readdirSync(dir)) {
    const file = join(dir, f);
    if (!COMPRESSED.has(extname(f)) || EDITED_ON_THE_HOST.has(f) || !statSync(file).isFile()) continue;
    const buf = readFileSync(file);
    writeFileSync(`${file}.gz`, gzipSync(buf, { level: 9 }));
    writeFileSync(`${file}.br`, brotliCompressSync(buf, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: buf.length },
    }));
    n++;
  }
  return n;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.env.TRUNK_STAGING_DIR || process.argv[2] || 'dist';
  console.log(`precompress: wrote .br and .gz for ${precompress(dir)} files`);
}
