import { werkbeleving } from '@vw/questionnaire';
import { describe, expect, it } from 'vitest';
import { t, type Lang } from '$lib/i18n';
import { signpostOf } from './survey-view';

/** The signpost as the page renders it: before + (link | fallback) + after. */
function rendered(lang: Lang, url: string | null): string {
  const s = signpostOf(werkbeleving, 'sv', lang, url, 'title')!;
  expect(s.placeholder).toBe(true);
  return s.before + (s.url ?? t(lang, 'signpost.fallback')) + s.after;
}

describe('signpostOf', () => {
  it('puts the configured reporting-point link where the placeholder was', () => {
    expect(rendered('nl', 'https://meldpunt.example')).toMatch(/meldpunt van uw organisatie: https:\/\/meldpunt\.example$/);
  });

  it('without a link says where to find the reporting point, without repeating itself (nl and en)', () => {
    const nl = rendered('nl', null);
    expect(nl).toMatch(/of met het meldpunt van uw organisatie \(zie het intranet\)\.$/);
    expect(nl.match(/meldpunt van uw organisatie/g)).toHaveLength(1);
    const en = rendered('en', null);
    expect(en).toMatch(/your organisation's reporting point \(see the intranet\)\.$/);
    expect(en.match(/reporting point/g)).toHaveLength(1);
  });
});
