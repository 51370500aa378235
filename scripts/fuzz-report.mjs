// One row per fuzz target: executions, exec/s, crashes, and the inputs saved, summed over what
// libFuzzer's workers printed (tests/fuzz/logs/<target>/fuzz-<n>.log).
// Usage: node scripts/fuzz-report.mjs <fuzz dir> <target>...
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir = 'tests/fuzz', ...args] = process.argv.slice(2);
const targets = args.length ? args : ['analyze', 'redaction', 'twin'];
const rows = [];
let failed = false;
for (const target of targets) {
  const logs = join(dir, 'logs', target);
  const artifacts = join(dir, 'artifacts', target);
  let execs = 0, rate = 0, crashes = 0, workers = 0;
  for (const f of existsSync(logs) ? readdirSync(logs).filter((f) => /^fuzz-\d+\.log$/.test(f)) : []) {
    const text = readFileSync(join(logs, f), 'utf8');
    workers++;
    // Final stats when the worker ended normally; else the last progress line.
    const units = text.match(/stat::number_of_executed_units:\s*(\d+)/);
    const last = [...text.matchAll(/^#(\d+)\s.*exec\/s: (\d+)/gm)].pop();
    execs += Number(units?.[1] ?? last?.[1] ?? 0);
    rate += Number(text.match(/stat::average_exec_per_sec:\s*(\d+)/)?.[1] ?? last?.[2] ?? 0);
    crashes += (text.match(/^==\d+== ERROR: libFuzzer|^thread '.*' panicked/gm) || []).length;
  }
  const saved = existsSync(artifacts) ? readdirSync(artifacts).filter((f) => /^(crash|oom|timeout|leak|slow-unit)-/.test(f)) : [];
  failed ||= crashes > 0;
  rows.push([target, execs.toLocaleString('en'), rate.toLocaleString('en'), String(crashes), String(workers), saved.length ? saved.map((s) => join(artifacts, s)).join(' ') : '-']);
}
const head = ['target', 'executions', 'exec/s', 'crashes', 'workers', 'saved inputs'];
const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (r) => r.map((c, i) => c.padEnd(width[i])).join('  ').trimEnd();
console.log(['fuzz:', line(head), ...rows.map(line)].join('\n'));
process.exit(failed ? 1 : 0);
