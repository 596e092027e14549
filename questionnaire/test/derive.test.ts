import { describe, expect, it } from 'vitest';
import { deriveResponse, dimensionGroups, inBase, isVictim, reportingGroups, ResponseValidationError, scaleScores, werkbeleving } from '../src/index.js';

describe('reportingGroups', () => {
  it('takes disclosed answers as groups', () => {
    expect(reportingGroups(werkbeleving, { gender: 'vrouw', age_band: '35_44', personnel_type: 'militair', rank_mil: 'officieren' })).toEqual({
      gender: 'vrouw',
      age_band: '35_44',
      personnel_type: 'militair',
      rank_group: 'officieren',
    });
  });

  it('maps zeg_niet and empty answers to onbekend', () => {
    expect(reportingGroups(werkbeleving, { gender: 'zeg_niet', personnel_type: 'zeg_niet' })).toEqual({
      gender: 'onbekend',
      age_band: 'onbekend',
      personnel_type: 'onbekend',
      rank_group: 'onbekend',
    });
  });

  it('derives rank_group from rank_mil or scale_civ', () => {
    expect(reportingGroups(werkbeleving, { personnel_type: 'burger', scale_civ: 'schaal_7_10' }).rank_group).toBe('schaal_7_10');
    expect(reportingGroups(werkbeleving, { personnel_type: 'militair', rank_mil: 'zeg_niet' }).rank_group).toBe('onbekend');
    expect(reportingGroups(werkbeleving, { personnel_type: 'militair' }).rank_group).toBe('onbekend');
    expect(reportingGroups(werkbeleving, { personnel_type: 'extern' })).toMatchObject({ personnel_type: 'extern', rank_group: 'onbekend' });
  });

  it('rejects answers that contradict the conditions instead of deriving from them', () => {
    expect(() => reportingGroups(werkbeleving, { personnel_type: 'extern', rank_mil: 'officieren' })).toThrow(ResponseValidationError);
  });
});

describe('dimensionGroups', () => {
  it('lists the groups of each dimension with onbekend last', () => {
    expect(dimensionGroups(werkbeleving, 'all')).toEqual(['all']);
    expect(dimensionGroups(werkbeleving, 'gender')).toEqual(['man', 'vrouw', 'anders', 'onbekend']);
    expect(dimensionGroups(werkbeleving, 'personnel_type')).toEqual(['militair', 'burger', 'extern', 'onbekend']);
    expect(dimensionGroups(werkbeleving, 'rank_group')).toEqual(['manschappen', 'onderofficieren', 'officieren', 'schaal_1_6', 'schaal_7_10', 'schaal_11plus', 'onbekend']);
    expect(() => dimensionGroups(werkbeleving, 'unit')).toThrow(/no reporting dimension "unit"/);
  });
});

describe('scaleScores', () => {
  it('averages answered items after reverse coding (6 − x)', () => {
    // wl3 is reversed: 1 → 5, so (4 + 2 + 5) / 3.
    expect(scaleScores(werkbeleving, { wl1: 4, wl2: 2, wl3: 1 }).werkdruk).toBeCloseTo(11 / 3, 12);
    // ps3 and ps5 reversed: 2 → 4, 1 → 5; (5 + 4 + 4 + 3 + 5) / 5.
    expect(scaleScores(werkbeleving, { ps1: 5, ps2: 4, ps3: 2, ps4: 3, ps5: 1 }).psy_veiligheid).toBeCloseTo(21 / 5, 12);
    expect(scaleScores(werkbeleving, { ld1: 1, ld2: 2, ld3: 3 }).leiding).toBe(2);
  });

  it('needs 2 of 3, 4 of 5 and 3 of 4 answered items', () => {
    expect(scaleScores(werkbeleving, { tm1: 4 }).team).toBeNull();
    expect(scaleScores(werkbeleving, { tm1: 4, tm3: 3 }).team).toBe(3.5);
    expect(scaleScores(werkbeleving, { ps1: 5, ps2: 5, ps3: 5 }).psy_veiligheid).toBeNull();
    expect(scaleScores(werkbeleving, { ps1: 5, ps2: 5, ps3: 5, ps4: 5 }).psy_veiligheid).toBe(4);
    expect(scaleScores(werkbeleving, { vk1: 2, vk2: 2 }).vier_v).toBeNull();
    expect(scaleScores(werkbeleving, { vk1: 2, vk2: 2, vk4: 5 }).vier_v).toBe(3);
  });

  it('gives every scale, null when nothing was answered', () => {
    expect(scaleScores(werkbeleving, {})).toEqual({ werkdruk: null, leiding: null, team: null, betrokkenheid: null, psy_veiligheid: null, vier_v: null });
  });
});

describe('victims base', () => {
  it('isVictim: sv_experienced ≥ 2', () => {
    expect(isVictim(werkbeleving, { sv_experienced: 1 })).toBe(false);
    expect(isVictim(werkbeleving, { sv_experienced: 2 })).toBe(true);
    expect(isVictim(werkbeleving, { sv_experienced: 5 })).toBe(true);
    expect(isVictim(werkbeleving, {})).toBe(false);
  });

  it('follows the definition, not a hard-coded rule', () => {
    const stricter = { ...werkbeleving, bases: [{ ...werkbeleving.bases[0]!, condition: { item: 'sv_experienced', op: 'gte' as const, value: 3 } }] };
    expect(isVictim(stricter, { sv_experienced: 2 })).toBe(false);
    expect(inBase(werkbeleving, 'all', {})).toBe(true);
    expect(() => inBase(werkbeleving, 'nobody', {})).toThrow(/no base "nobody"/);
  });
});

describe('deriveResponse', () => {
  it('derives groups, scales and bases in one go', () => {
    const derived = deriveResponse(werkbeleving, { sv_experienced: 3, sv_form: ['uitsluiting', 'pesten'], wl1: 5, wl2: 5, gender: 'man' });
    expect(derived.answers.sv_form).toEqual(['pesten', 'uitsluiting']);
    expect(derived.groups.gender).toBe('man');
    expect(derived.scales.werkdruk).toBe(5);
    expect(derived.bases).toEqual({ victims: true });
  });
});

describe('deriveValidatedResponse', () => {
  it('derives exactly what deriveResponse derives, for validated answers', async () => {
    const { deriveResponse, deriveValidatedResponse, validateResponse, werkbeleving } = await import('../src/index.js');
    const answers = { sv_experienced: 4, sv_form: ['pesten'], sv_perpetrator: ['collega'], sv_discussed: ['niemand'], sv_reported: 'nee', wl1: 2, wl2: 3, wl3: 5, gender: 'vrouw' };
    const checked = validateResponse(werkbeleving, answers);
    expect(checked.ok).toBe(true);
    if (checked.ok) expect(deriveValidatedResponse(werkbeleving, checked.answers)).toEqual(deriveResponse(werkbeleving, answers));
  });
});
