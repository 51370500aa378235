// Name a built file in dist/index.html for the page's own scripts: <meta name=… content=…>
// just before </head>, replacing one of the same name (a second run of the hook).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function headMeta(dir, name, content) {
  const file = join(dir, 'index.html');
  const html = readFileSync(file, 'utf8').replace(new RegExp(`<meta name="${name}"[^>]*>`), '');
  if (!/<\/head>/i.test(html)) throw new Error(`${name}: index.html has no </head>`);
  writeFileSync(file, html.replace(/<\/head>/i, () => `<meta name="${name}" content="${content}"></head>`));
}
