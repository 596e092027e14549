import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiErrorMessage, apiReason, knownReason } from './api-errors';

/** Every fixed reason text the admin services give (string literals passed as a reason). */
function reasonsInApi(): string[] {
  const root = new URL('../../../../api/src/', import.meta.url).pathname;
  const files = ['services/import-units.ts', 'services/import-population.ts', 'routes/admin/users-service.ts', 'routes/admin/organisations.ts', 'csv/parse.ts', 'csv/table.ts']
    .map((f) => join(root, f)).filter((f) => { try { readFileSync(f); return true; } catch { return false; } });
  const out = new Set<string>();
  for (const f of files) {
    const src = readFileSync(f, 'utf8');
    // Literal reasons, and template reasons with every ${…} filled with a sample value (7).
    for (const m of src.matchAll(/(?:bad\([^,]+,|reason: |\.(?:min|max|regex)\(.+?, )\s*(?:'([^']+)'|`([^`]+)`)/g)) {
      const text = m[1] ?? m[2]!.replace(/\$\{(?:[^{}]|\{[^{}]*\})*\}/g, '7');
      if (!/^[a-z"]|^\d|^ends|^duplicate|^unknown|^the/.test(text) || text.includes('${')) continue;
      out.add(text);
    }
  }
  return [...out];
}

describe('API errors in the page language', () => {
  it('translates the reasons people met on Dutch admin pages, keeping the values', () => {
    expect(apiReason('nl', 'duplicate code "A1" (first on line 3)')).toBe('code "A1" komt al voor (eerst op regel 3)');
    expect(apiReason('nl', '"ja" is not true or false')).toBe('"ja" is niet true of false');
    expect(apiReason('nl', 'at least 12 characters')).toBe('minstens 12 tekens');
    expect(apiReason('nl', 'Invalid email address')).toBe('geen geldig e-mailadres');
    expect(apiReason('nl', 'Too small: expected string to have >=1 characters')).toBe('minstens 1 teken(s)');
    // Instrument definitions: the common shapes.
    expect(apiReason('nl', 'unknown item "wl9"')).toBe('onbekende vraag "wl9"');
    expect(apiReason('nl', 'duplicate option code "ja" in item "sv1"')).toBe('antwoordoptie "ja" komt twee keer voor (vraag "sv1")');
    expect(apiReason('nl', 'module "m2" has no items')).toBe('module "m2" heeft geen vragen');
  });

  it('leaves English pages with the API text, and never shows unknown English text on a Dutch page', () => {
    expect(apiReason('en', 'at least 12 characters')).toBe('at least 12 characters');
    expect(apiReason('nl', 'something new the API says')).toBe('ongeldige waarde');
    expect(apiErrorMessage('nl', 'something new the API says', 409)).toMatch(/^dit botst/);
    expect(apiErrorMessage('nl', 'units: 2 errors; nothing was imported')).toBe('2 fout(en) in het bestand; er is niets ingelezen');
    expect(apiErrorMessage('nl', 'wave DEF-2031 exists already')).toBe('meting DEF-2031 bestaat al');
    expect(apiErrorMessage('nl', 'the release failed its disclosure audit and was not frozen: a suppressed figure could be computed from published ones (3 cells; checks: lp, rank). The cells are named in the server\'s log and by `release build` on the server'))
      .toMatch(/^de release is niet door de onthullingscontrole gekomen en is niet bevroren \(3 cel\(len\); controles: lp, rank\)/);
  });

  it('has a Dutch text for every fixed reason the admin services give', () => {
    const reasons = reasonsInApi();
    expect(reasons.length).toBeGreaterThan(15);
    expect(reasons.filter((r) => !knownReason(r))).toEqual([]);
  });
});
