// Sum what libFuzzer's parallel workers printed: executions, crashes, and the saved inputs.
// Usage: node scripts/fuzz-report.mjs <log dir> <artifact dir>
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [logs = 'tests/fuzz/logs', artifacts = 'tests/fuzz/artifacts/analyze'] = process.argv.slice(2);
let execs = 0, crashes = 0, workers = 0;
for (const f of readdirSync(logs).filter((f) => /^fuzz-\d+\.log$/.test(f))) {
  const text = readFileSync(join(logs, f), 'utf8');
  workers++;
  // Final stats when the worker ended normally; else the last progress line.
  const units = text.match(/stat::number_of_executed_units:\s*(\d+)/);
  const last = [...text.matchAll(/^#(\d+)\s/gm)].pop();
  execs += Number(units?.[1] ?? last?.[1] ?? 0);
  crashes += (text.match(/^==\d+== ERROR: libFuzzer|^thread '.*' panicked/gm) || []).length;
}
const saved = existsSync(artifacts) ? readdirSync(artifacts).filter((f) => /^(crash|oom|timeout|leak)-/.test(f)) : [];
console.log(`fuzz: ${execs.toLocaleString('en')} executions in ${workers} worker(s); ${crashes} crash(es) this run; ${saved.length} saved input(s) in ${artifacts}${saved.length ? ': ' + saved.join(', ') : ''}`);
process.exit(crashes > 0 ? 1 : 0);
