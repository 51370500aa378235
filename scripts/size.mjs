// Size report of the release dist/: every file raw, gzip -9 and brotli (the precompressed .br the
// build writes), the first load (html + js + wasm + css the first verdict needs) and the on-demand
// part (the second module) apart, and the single file auth-triage.html on its own line. A guard
// on each in size-budget.json (gzip); over a guard exits 1.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, extname } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';

// Inside the wasm: twiggy on wasm-bindgen's output (before wasm-opt strips the names), summed
// by crate, so the largest contributors have names.
function contributors() {
  const wasm = 'target/wasm-bindgen/release/auth-triage-web_bg.wasm';
  let csv;
  try {
    csv = execFileSync('twiggy', ['top', '-n', '100000', '--format', 'csv', wasm], { encoding: 'utf8', maxBuffer: 1 << 28 });
  } catch {
    console.error('  (install twiggy — cargo install --locked twiggy — to see contributors by crate)');
    return;
  }
  const sums = new Map();
  for (const line of csv.split('\n').slice(1)) {
    // CSV: Name,ShallowSize,…; a quoted name may hold commas and doubled quotes.
    let name, rest;
    if (line.startsWith('"')) {
      let i = 1;
      while (i < line.length && !(line[i] === '"' && line[i + 1] !== '"')) i += line[i] === '"' ? 2 : 1;
      name = line.slice(1, i).replaceAll('""', '"');
      rest = line.slice(i + 2);
    } else {
      [name, rest] = [line.slice(0, line.indexOf(',')), line.slice(line.indexOf(',') + 1)];
    }
    const size = Number(rest.split(',')[0]);
    if (!name || !Number.isFinite(size)) continue;
    if (/custom section|names/.test(name)) continue;
    let key = '[other]';
    if (/^data/.test(name)) key = '[data: strings and tables]';
    else {
      const crate = [...name.matchAll(/([a-z_][a-z0-9_]*)(?:\[[0-9a-f]+\])?::/g)].map((x) => x[1]).find((c) => !['impl', 'dyn', 'fn'].includes(c));
      if (crate) key = crate;
    }
    sums.set(key, (sums.get(key) || 0) + size);
  }
  console.error('  Largest contributors inside the wasm (bytes before wasm-opt, by crate):');
  for (const [k, v] of [...sums].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.error(`    ${String(v).padStart(9)}  ${k}`);
}

const dir = process.argv[2] || 'dist';
const budget = JSON.parse(readFileSync('size-budget.json', 'utf8'));
const SINGLE = 'auth-triage.html';
const files = readdirSync(dir)
  .filter((f) => !f.startsWith('.') && !/\.(br|gz)$/.test(f) && f !== SINGLE && statSync(join(dir, f)).isFile()).sort();
const brotli = (f, buf) => { try { return readFileSync(join(dir, `${f}.br`)).length; } catch { return brotliCompressSync(buf).length; } };
// Where each file belongs: the first load (what the first verdict needs: the HTML, its scripts,
// the first wasm, the CSS), the on-demand part (the second module, scripts/more.mjs, loaded when
// the first on-demand view is shown; the catalogue's texts, read once the page is live), or neither (data the page fetches on its own, examples).
const part = (f) => (/^(auth-triage-more-|catalogue-texts-)/.test(f) ? 'on demand' : ['.html', '.js', '.wasm', '.css'].includes(extname(f)) ? 'first load' : '');
const sums = { 'first load': { raw: 0, gz: 0, br: 0 }, 'on demand': { raw: 0, gz: 0, br: 0 } };
const rows = files.map((f) => {
  const buf = readFileSync(join(dir, f));
  const r = { f, raw: buf.length, gz: gzipSync(buf, { level: 9 }).length, br: brotli(f, buf), part: part(f) };
  if (r.part) for (const k of ['raw', 'gz', 'br']) sums[r.part][k] += r[k];
  return r;
});
const w = Math.max(...rows.map((r) => r.f.length), 26);
const fmt = (n) => n.toLocaleString('en-GB').padStart(10);
console.log(`${'file'.padEnd(w)} ${'raw'.padStart(10)} ${'gzip -9'.padStart(10)} ${'brotli'.padStart(10)}  part`);
for (const r of rows) console.log(`${r.f.padEnd(w)} ${fmt(r.raw)} ${fmt(r.gz)} ${fmt(r.br)}  ${r.part}`);
const guards = [['first load', budget.first_load_gzip_bytes], ['on demand', budget.on_demand_gzip_bytes]];
for (const [name, limit] of guards) {
  const t = sums[name];
  console.log(`${`${name} total`.padEnd(w)} ${fmt(t.raw)} ${fmt(t.gz)} ${fmt(t.br)}  (guard ${limit.toLocaleString('en-GB')} gzip)`);
}
try {
  const one = readFileSync(join(dir, SINGLE));
  console.log(`${`${SINGLE} (single file)`.padEnd(w)} ${fmt(one.length)} ${fmt(gzipSync(one, { level: 9 }).length)} ${fmt(brotli(SINGLE, one))}  (guard ${budget.single_file_gzip_bytes.toLocaleString('en-GB')} gzip)`);
  guards.push([SINGLE, budget.single_file_gzip_bytes, gzipSync(one, { level: 9 }).length]);
} catch { console.log(`(no ${SINGLE} in ${dir})`); }
let over = false;
for (const [name, limit, size = sums[name].gz] of guards) {
  if (size <= limit) continue;
  over = true;
  console.error(`OVER the ${name} guard by ${(size - limit).toLocaleString('en-GB')} bytes gzip. Largest files:`);
  for (const r of rows.filter((r) => r.part === name).sort((a, b) => b.gz - a.gz).slice(0, 3)) console.error(`  ${r.f}: ${r.gz} gzip`);
}
if (over) {
  contributors();
  process.exit(1);
}
