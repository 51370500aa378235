// The page's second module, on demand: the parts the first verdict does not need (the catalogue
// browser, the Start-here path, the builder and key maker, the panels under the verdict) are a
// wasm of their own, loaded once, when the first of them is shown (src/ui/web/on_demand.rs calls
// window.authTriageMore()). Same origin, same CSP: the build names the two files in
// <meta name="auth-triage-more"> (scripts/more.mjs); the single file inlines both instead
// (window.authTriageMoreInline, scripts/single-file.mjs). Nothing here reads or keeps what was
// pasted: the parts get their data from the page, in memory.
(function () {
  let loading = null;
  window.authTriageMore = function () {
    if (!loading) {
      loading = (async () => {
        if (document.querySelector('meta[name="auth-triage-build"][content="single-file"]')) {
          // The single file: the second module's glue is an inline module script of its own.
          if (!window.authTriageMoreInline) await new Promise((ready) => addEventListener('auth-triage-more-inline', ready, { once: true }));
          return window.authTriageMoreInline();
        }
        const meta = document.querySelector('meta[name="auth-triage-more"]');
        if (!meta) throw new Error('this build has no second module');
        const [js, wasm] = meta.content.split(' ');
        const mod = await import(new URL(js, document.baseURI).href);
        await mod.default({ module_or_path: new URL(wasm, document.baseURI) });
        return mod;
      })();
      // A failed load (the connection dropped) may be tried again.
      loading.catch(() => { loading = null; });
    }
    return loading;
  };
})();
