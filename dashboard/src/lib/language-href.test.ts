import { describe, expect, it } from 'vitest';
import { languageHref } from './language-href';

describe('the language link', () => {
  it("keeps the page's query, switches lang, and drops a form action's name", () => {
    expect(languageHref(new URL('http://x/building?next=%2Funit%2FA'), 'en')).toBe('?next=%2Funit%2FA&lang=en');
    expect(languageHref(new URL('http://x/organisation?tier=brigade&lang=nl&dimension=gender'), 'en')).toBe('?tier=brigade&lang=en&dimension=gender');
    expect(languageHref(new URL('http://x/admin/waves?/build'), 'nl')).toBe('?lang=nl');
    expect(languageHref(new URL('http://x/'), 'en')).toBe('?lang=en');
  });
});
