// Post-build: dist/auth-triage.html, the whole page in one file that works opened from disk
// (file://), attached to a wiki page or mailed, fully offline. The CSS goes into a <style>, the
// wasm-bindgen glue and the loader into one inline module script, the wasm (gzip -9, base64) into
// a data block (<script type="application/octet-stream">, never executed). The CSP allows exactly
// that script and that style by their sha256, never 'unsafe-inline', and no request of any kind
// (connect-src 'none'): the loader decodes the bytes (DecompressionStream, no fetch) and hands
// them to wasm-bindgen's init.
import { guarded } from './boot-failure.mjs';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const SINGLE = 'auth-triage.html';

const sha256 = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

export function singleFile(dir) {
  let html = readFileSync(join(dir, 'index.html'), 'utf8');
  const files = readdirSync(dir);
  const one = (re) => {
    const f = files.filter((n) => re.test(n));
    if (f.length !== 1) throw new Error(`single-file: expected one ${re} in ${dir}, found ${f.join(', ') || 'none'}`);
    return readFileSync(join(dir, f[0]));
  };
  const css = one(/^style-.*\.css$/).toString('utf8');
  const glue = one(/^auth-triage-web-[^_]*\.js$/).toString('utf8');
  const wasm = one(/^auth-triage-web-.*_bg\.wasm$/);
  // The start guard (static/start-guard.js) runs inline, allowed by its hash like the loader.
  const guard = one(/^start-guard\.js$/).toString('utf8');
  // The second module (scripts/more.mjs): its glue inline too, its wasm in a data block of its
  // own, decoded only when the on-demand loader (static/on-demand.js, inline) first asks for it.
  const onDemand = one(/^on-demand\.js$/).toString('utf8');
  const moreGlue = one(/^auth-triage-more-[^_]*\.js$/).toString('utf8');
  const moreWasm = one(/^auth-triage-more-.*_bg\.wasm$/);
  // The catalogue's texts (scripts/texts.mjs), a JSON data block the first load reads.
  const texts = one(/^catalogue-texts-.*\.json$/).toString('utf8').replaceAll('</', '<\\/');

  // The glue is an ES module; inline it keeps its functions and drops its export list.
  const exportList = /export\s*\{\s*initSync\s*,\s*__wbg_init as default\s*\}\s*;?\s*$/;
  if (!exportList.test(glue)) throw new Error('single-file: the wasm-bindgen glue does not end with its expected export list');
  const loader = `${glue.replace(exportList, '')}
${guarded(`const data=document.getElementById("auth-triage-wasm");
const packed=Uint8Array.from(atob(data.textContent.trim()),(c)=>c.charCodeAt(0));data.remove();
const bytes=await new Response(new Blob([packed]).stream().pipeThrough(new DecompressionStream("gzip"))).arrayBuffer();
const wasm=await __wbg_init({module_or_path:bytes});
dispatchEvent(new CustomEvent("TrunkApplicationStarted",{detail:{wasm}}));`)}`;
  if (!exportList.test(moreGlue)) throw new Error('single-file: the second module\'s glue does not end with its expected export list');
  const more = `${moreGlue.replace(exportList, '')}
window.authTriageMoreInline=async()=>{const data=document.getElementById("auth-triage-more-wasm");
const packed=Uint8Array.from(atob(data.textContent.trim()),(c)=>c.charCodeAt(0));
const bytes=await new Response(new Blob([packed]).stream().pipeThrough(new DecompressionStream("gzip"))).arrayBuffer();
await __wbg_init({module_or_path:bytes});return {mount,update,unmount};};
dispatchEvent(new Event("auth-triage-more-inline"));`;
  const csp = [
    "default-src 'none'", `script-src ${sha256(loader)} ${sha256(guard)} ${sha256(onDemand)} ${sha256(more)} 'wasm-unsafe-eval'`, `style-src ${sha256(css)}`, 'img-src data:',
    "connect-src 'none'", "manifest-src 'none'", "object-src 'none'", "base-uri 'none'", "form-action 'none'",
  ].join('; ');

  const before = html;
  html = html
    // First, while the page's own markup is all there is (the scripts inlined below mention it).
    .replace(/<meta name="auth-triage-more" content="[^"]*">/, () => `<script type="module">${more}</script>`)
    .replace(/<meta name="auth-triage-texts" content="[^"]*">/, () => `<script type="application/json" id="auth-triage-texts">${texts}</script>`)
    .replace(/<meta[^>]*http-equiv="?Content-Security-Policy"?[^>]*>/i, `<meta http-equiv="Content-Security-Policy" content="${csp}"><meta name="auth-triage-build" content="single-file">`)
    .replace(/<link[^>]*rel="?stylesheet"?[^>]*>/i, () => `<style>${css}</style>`)
    .replace(/<link[^>]*rel="?(modulepreload|preload)"?[^>]*>/gi, '')
    .replace(/<script type="module" src="[^"]*"><\/script>/, () => `<script type="module">${loader}</script>`)
    .replace(/<script[^>]*\bsrc="?\.\/start-guard\.js"?[^>]*><\/script>/, () => `<script>${guard}</script>`)
    .replace(/<script[^>]*\bsrc="?\.\/on-demand\.js"?[^>]*><\/script>/, () => `<script>${onDemand}</script>`)
    .replace(/<\/body>/i, () => `<script type="application/octet-stream" id="auth-triage-wasm">${gzipSync(wasm, { level: 9 }).toString('base64')}</script>`
      + `<script type="application/octet-stream" id="auth-triage-more-wasm">${gzipSync(moreWasm, { level: 9 }).toString('base64')}</script></body>`);
  if (html === before || !html.includes('name="auth-triage-build"') || !html.includes('<style>') || /<link[^>]*(stylesheet|preload)/i.test(html)
      || /<script[^>]*\bsrc=/i.test(html) || !html.includes('id="auth-triage-wasm"')) {
    throw new Error('single-file: index.html did not have the expected shape (CSP meta, stylesheet, loader script)');
  }
  for (const [ok, what] of [[html.includes('id="auth-triage-more-wasm"'), 'its data block'], [html.includes('window.authTriageMoreInline='), 'its glue'],
    [!/<meta name="auth-triage-more" content=/.test(html), 'its meta gone'], [html.includes('id="auth-triage-texts"'), 'the catalogue\'s texts']]) {
    if (!ok) throw new Error(`single-file: the second module was not inlined (${what})`);
  }
  if ([loader, guard, onDemand, more].some((s) => s.includes('</script'))) throw new Error('single-file: a script holds "</script"');
  writeFileSync(join(dir, SINGLE), html);
  return html.length;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.env.TRUNK_STAGING_DIR || process.argv[2] || 'dist';
  console.log(`single-file: wrote ${SINGLE} (${singleFile(dir).toLocaleString('en-GB')} bytes)`);
}
