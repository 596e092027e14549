import { REPORTING_DIMENSIONS, dimensionGroups, werkbeleving } from '@vw/questionnaire';
import { describe, expect, it } from 'vitest';
import { DIMENSIONS, GROUP_ORDER, dimensionName, groupName } from './catalog';

describe('the reporting dimensions on the pages (decision 083)', () => {
  it('are the declared ones, with the instrument\'s groups in its order', () => {
    expect(DIMENSIONS).toBe(REPORTING_DIMENSIONS);
    for (const d of DIMENSIONS) expect(GROUP_ORDER[d]).toEqual(dimensionGroups(werkbeleving, d));
    expect(GROUP_ORDER.rank_group.at(-1)).toBe('onbekend');
  });

  it('have a label for every dimension and every group, in both languages', () => {
    for (const lang of ['nl', 'en'] as const) {
      for (const d of DIMENSIONS) {
        expect(dimensionName(lang, d)).not.toBe(d);
        for (const g of GROUP_ORDER[d]) expect(groupName(lang, d, g), `${lang} ${d}.${g}`).not.toBe(g.replace(/_/g, ' '));
      }
    }
  });
});
