// What the loader does when the page cannot start (WebAssembly switched off by a policy, the
// wasm blocked or not loaded, a trap while starting): the prerendered first screen would look
// usable and do nothing, so it says so in a banner pinned to the bottom of the window (outside
// #app: the served screen keeps its place). Shared by the served loader (csp-postbuild.mjs) and
// the single file (single-file.mjs).
export const FAILED = 'const __authTriageFailed=(e)=>{const p=document.createElement("p");p.className="banner warning";'
  + 'p.setAttribute("role","alert");p.id="start-failed";p.textContent="Auth Triage could not start in this browser: its '
  + 'WebAssembly did not run (switched off by a policy, blocked, or not loaded), so nothing you paste is analysed. '
  + 'Nothing was sent anywhere. ("+String(e&&e.message||e)+")";document.body.append(p);};';

// `loader` with every statement after its imports run inside try { … } catch → the banner.
export function guarded(loader) {
  const m = /^((?:\s*import[^;]*;)*)([\s\S]*)$/.exec(loader);
  return `${m[1]}${FAILED}try{${m[2].trim()}}catch(e){__authTriageFailed(e)}\n`;
}
