/**
 * While the platform is still building its releases (npm start's demo, decision 047 session 8),
 * a report without a release shows a clear state, not an error: the organisation page and the
 * /building page a unit report sends its reader to.
 */
import { describe, expect, it } from 'vitest';
import { render } from 'svelte/server';
import type { SessionUser } from '$lib/types';
import Building from './+page.svelte';
import Organisation from '../organisation/+page.svelte';

const RESEARCHER: SessionUser = { id: 3, email: 'r@demo.example', role: 'researcher', organisationId: 1, scopeUnitId: null };
const builds = [
  { organisation: 'DEF', period: 'DEF-2025', state: 'building' as const },
  { organisation: 'DEF', period: '2023-2025', state: 'waiting' as const },
];
const base = { user: RESEARCHER, csrf: 'token', path: '/', languageHref: '?lang=nl' };

describe('releases still being built', () => {
  it('the building page names each release with its state and links back, in both languages', () => {
    const en = render(Building, { props: { params: {}, data: { ...base, lang: 'en', builds, next: '/unit/DEF' }, form: undefined } }).body;
    expect(en).toContain('<h1>The results are being computed</h1>');
    expect(en).toContain('DEF-2025: being computed');
    expect(en).toContain('2023-2025: waiting');
    expect(en).toContain('href="/unit/DEF"');
    const nl = render(Building, { props: { params: {}, data: { ...base, lang: 'nl', builds: [{ ...builds[0]!, state: 'failed' as const }], next: '/' }, form: undefined } }).body;
    // Only a failed build left: the page no longer says the results are being computed.
    expect(nl).toContain('<h1>De resultaten konden niet worden gebouwd</h1>');
    expect(nl).not.toContain('worden berekend');
    expect(nl).toContain('DEF-2025: niet gebouwd: geweigerd of mislukt (een beheerder vindt de reden op de pagina Metingen)');
    const mixed = render(Building, { props: { params: {}, data: { ...base, lang: 'nl', builds: [{ ...builds[0]!, state: 'failed' as const }, builds[1]!], next: '/' }, form: undefined } }).body;
    expect(mixed).toContain('De resultaten worden berekend');
    expect(mixed).toContain('2023-2025: wacht');
  });

  it('the organisation page says "being built" while builds are pending and "no release" when none are', () => {
    const page = (b: typeof builds) => render(Organisation, { props: { params: {}, data: { ...base, lang: 'en', empty: true, orgs: [], builds: b } } } as never).body;
    const building = page(builds);
    expect(building).toContain('The results are being computed');
    expect(building).toContain('DEF-2025: being computed');
    expect(building).not.toContain('There is no frozen release yet.');
    const none = page([]);
    expect(none).toContain('There is no frozen release yet.');
    expect(none).not.toContain('being computed');
  });
});
