// Before the wasm: an address that does not show the triage (the catalogue, an entry, embed mode,
// a share link) hides the prerendered triage screen until the wasm has rendered the right view,
// rather than show the wrong page meanwhile (style.css: html[data-start=other]). The wasm decides
// for itself (ui::prerender::hydratable); #app[data-live] ends this either way. No request, no
// storage: it reads the address's fragment only.
(function () {
  if (location.hash.replace(/^#\/?/, '') !== '') document.documentElement.setAttribute('data-start', 'other');
})();
