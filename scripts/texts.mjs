// Post-build: the catalogue's explanations as data for the page's first load, which is built
// without them (Cargo feature `texts` off; src/ui/web/texts.rs reads this file once the page is
// live, the verdict's headline needing none of it). Written from src/catalogue/catalogue.json
// (the one source) under a content-hashed name and named in <meta name="auth-triage-texts">;
// the single file inlines it as a JSON data block (scripts/single-file.mjs).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { headMeta } from './head-meta.mjs';

export function texts() {
  const cat = JSON.parse(readFileSync('src/catalogue/catalogue.json', 'utf8'));
  const findings = Object.fromEntries(cat.findings.map((f) => [f.id, { fix: f.fix }]));
  const errors = Object.fromEntries(cat.errors.map((e) => [e.id, {
    meaning: e.meaning, causes: e.causes.map((c) => c.text), fix: e.fix, documented: e.documented, enforced: e.enforced, source: e.source,
  }]));
  return JSON.stringify({ findings, errors });
}

export function writeTexts(dir) {
  const json = texts();
  const name = `catalogue-texts-${createHash('sha256').update(json).digest('hex').slice(0, 16)}.json`;
  writeFileSync(join(dir, name), json);
  headMeta(dir, 'auth-triage-texts', `./${name}`);
  return json.length;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.env.TRUNK_STAGING_DIR || process.argv[2] || 'dist';
  console.log(`texts: wrote the catalogue's texts (${writeTexts(dir).toLocaleString('en-GB')} bytes)`);
}
