// The search page's excerpts on a book opened from the disk (book/_ext/search_excerpts.py).
// searchtools.js fetch()es each result's page for an excerpt, which browsers refuse on file://;
// there, this answers those fetches with the page's text, written at build time (search-texts.js).
(() => {
  if (location.protocol !== "file:" || !window.BOOK_PAGE_TEXTS) return;
  const root = new URL(DOCUMENTATION_OPTIONS.URL_ROOT || "./", location.href).pathname;
  const realFetch = window.fetch;
  window.fetch = (input, init) => {
    const path = new URL(String(input), location.href).pathname;
    const name = decodeURIComponent(path.slice(root.length)).replace(/\.html$/, "");
    const text = path.startsWith(root) ? window.BOOK_PAGE_TEXTS[name] : undefined;
    if (text === undefined) return realFetch(input, init);
    const main = document.createElement("div");
    main.setAttribute("role", "main");
    main.textContent = text;
    return Promise.resolve(new Response(main.outerHTML, {headers: {"Content-Type": "text/html"}}));
  };
})();
