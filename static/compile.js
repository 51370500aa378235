// Start compiling the page's wasm from <head>, as its bytes arrive (WebAssembly.compileStreaming
// on the preloaded file), rather than once the module loader has run: the loader (boot-….js,
// scripts/csp-postbuild.mjs) hands the compiled module to wasm-bindgen. If this fails (a server
// that does not send application/wasm, an old browser), the loader fetches the file itself.
// It reads only the page's own <link rel="preload">; it sends nothing else.
(function () {
  const link = document.querySelector('link[rel="preload"][as="fetch"][href$=".wasm"]');
  if (!link || !WebAssembly.compileStreaming) return;
  const compiled = WebAssembly.compileStreaming(fetch(link.href, { integrity: link.integrity, credentials: 'same-origin' }));
  compiled.catch(() => {});
  window.__authTriageWasm = compiled;
})();
