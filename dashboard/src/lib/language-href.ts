/**
 * The language link of every page: the same page and query (a report's release and choices,
 * /building's `next`) with `lang` switched. A form action's name (`?/build`) is not part of the page.
 */
export function languageHref(url: URL, lang: string): string {
  const query = new URLSearchParams(url.search);
  for (const key of [...query.keys()]) if (key.startsWith('/')) query.delete(key);
  query.set('lang', lang);
  return `?${query}`;
}
