// gzip -9 of each wasm, whole and by section (code, data), and the floor they make together.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const budget = JSON.parse(readFileSync('size-budget.json', 'utf8')).first_load_gzip_bytes;
const gz = (b) => gzipSync(b, { level: 9 }).length;
function sections(buf) {
  const out = {};
  let i = 8;
  const leb = () => { let r = 0, s = 0, x; do { x = buf[i++]; r |= (x & 0x7f) << s; s += 7; } while (x & 0x80); return r >>> 0; };
  while (i < buf.length) {
    const id = buf[i++];
    const n = leb();
    const name = { 10: 'code', 11: 'data' }[id];
    if (name) out[name] = buf.subarray(i, i + n);
    i += n;
  }
  return out;
}
const fmt = (n) => n.toLocaleString('en-GB').padStart(9);
let code = 0, whole = 0;
console.log(`${'part'.padEnd(34)} ${'raw'.padStart(9)} ${'gzip'.padStart(9)} ${'code gz'.padStart(9)} ${'data gz'.padStart(9)}`);
for (const [label, path] of [['analysis core (analyze+ticket+share)', process.argv[2]], ['smallest Yew page', process.argv[3]]]) {
  const buf = readFileSync(path);
  const s = sections(buf);
  const c = s.code ? gz(s.code) : 0, d = s.data ? gz(s.data) : 0;
  code += c; whole += gz(buf);
  console.log(`${label.padEnd(34)} ${fmt(buf.length)} ${fmt(gz(buf))} ${fmt(c)} ${fmt(d)}`);
}
console.log(`floor, both wasm: ${whole.toLocaleString('en-GB')} gzip; their code alone: ${code.toLocaleString('en-GB')} gzip; budget for the whole first load: ${budget.toLocaleString('en-GB')}`);
