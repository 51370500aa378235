// Seed the fuzz corpus with every fixture and vector the tests use.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

const out = process.argv[2] || 'tests/fuzz/corpus/analyze';
mkdirSync(out, { recursive: true });
let n = 0;
const put = (s) => {
  if (typeof s !== 'string' || s.length === 0 || s.length > 200000) return;
  writeFileSync(join(out, createHash('sha1').update(s).digest('hex')), s);
  n++;
};
const walk = (v) => {
  if (typeof v === 'string') put(v);
  else if (Array.isArray(v)) v.forEach(walk);
  else if (v && typeof v === 'object') Object.values(v).forEach(walk);
};
const files = (dir) => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));
for (const f of files('tests/fixtures')) {
  const text = readFileSync(f, 'utf8');
  put(text);
  if (f.endsWith('.json')) walk(JSON.parse(text));
}
put(readFileSync('tests/bench/seed.txt', 'utf8'));
console.log(`fuzz corpus: ${n} seeds in ${out}`);
