// Size report of the release dist/: every file raw and gzip -9, and the first-load weight
// (html + js + wasm + css). Budget in size-budget.json; over budget exits 1.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, extname } from 'node:path';
import { gzipSync } from 'node:zlib';

const dir = process.argv[2] || 'dist';
const budget = JSON.parse(readFileSync('size-budget.json', 'utf8'));
const files = readdirSync(dir).filter((f) => !f.startsWith('.') && statSync(join(dir, f)).isFile()).sort();
const firstLoad = new Set(['.html', '.js', '.wasm', '.css']);
let total = 0, totalRaw = 0;
const rows = files.map((f) => {
  const buf = readFileSync(join(dir, f));
  const gz = gzipSync(buf, { level: 9 }).length;
  const first = firstLoad.has(extname(f));
  if (first) { total += gz; totalRaw += buf.length; }
  return { f, raw: buf.length, gz, first };
});
const w = Math.max(...rows.map((r) => r.f.length), 20);
const fmt = (n) => n.toLocaleString('en-GB').padStart(10);
console.log(`${'file'.padEnd(w)} ${'raw'.padStart(10)} ${'gzip -9'.padStart(10)}  first load`);
for (const r of rows) console.log(`${r.f.padEnd(w)} ${fmt(r.raw)} ${fmt(r.gz)}  ${r.first ? 'yes' : ''}`);
console.log(`${'first load total'.padEnd(w)} ${fmt(totalRaw)} ${fmt(total)}  (budget ${budget.first_load_gzip_bytes.toLocaleString('en-GB')} gzip)`);
if (total > budget.first_load_gzip_bytes) {
  console.error(`OVER BUDGET by ${(total - budget.first_load_gzip_bytes).toLocaleString('en-GB')} bytes gzip. Largest first-load files:`);
  for (const r of rows.filter((r) => r.first).sort((a, b) => b.gz - a.gz).slice(0, 3)) console.error(`  ${r.f}: ${r.gz} gzip`);
  process.exit(1);
}
