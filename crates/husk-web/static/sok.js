// Type-ahead for the search field on /sok (progressive enhancement: the page works without it).
// Fills a <datalist> with completions of the last word from /api/v1/search/suggest.
(() => {
  'use strict';
  const input = document.getElementById('sok-q');
  if (!input || !('fetch' in window)) return;
  const list = document.createElement('datalist');
  list.id = 'sok-forslag';
  input.after(list);
  input.setAttribute('list', list.id);
  let timer;
  let controller;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const q = input.value;
      if (q.trim().length < 2 || /\s$/.test(q)) {
        list.replaceChildren();
        return;
      }
      controller?.abort();
      controller = new AbortController();
      try {
        const response = await fetch(`/api/v1/search/suggest?q=${encodeURIComponent(q)}`, {
          signal: controller.signal,
          headers: { Accept: 'application/json' },
        });
        if (!response.ok) return;
        const data = await response.json();
        list.replaceChildren(
          ...data.suggestions.map((s) => {
            const option = document.createElement('option');
            option.value = s;
            return option;
          }),
        );
      } catch {
        // Aborted or offline: the field works as a plain search field.
      }
    }, 150);
  });
})();
