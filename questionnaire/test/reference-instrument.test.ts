import { describe, expect, it } from 'vitest';
import {
  definitionIssues,
  fillPlaceholders,
  getReferenceInstrument,
  itemOptions,
  referenceInstruments,
  SCALE_KINDS,
  werkbeleving,
} from '../src/index.js';
import type { Item } from '../src/index.js';

const item = (code: string): Item => {
  const found = werkbeleving.items.find((candidate) => candidate.code === code);
  if (found === undefined) throw new Error(`missing item ${code}`);
  return found;
};
const optionCodes = (code: string) => itemOptions(item(code)).map((option) => option.code);

describe('werkbeleving-sv@1', () => {
  it('passes its own whole-definition check', () => {
    expect(definitionIssues(werkbeleving)).toEqual([]);
    expect(werkbeleving.id).toBe('werkbeleving-sv');
    expect(werkbeleving.version).toBe(1);
  });

  it('has modules wb, sv, bg in that order, with the items of docs/instrument.md', () => {
    expect(werkbeleving.modules.map((m) => m.code)).toEqual(['wb', 'sv', 'bg']);
    const byModule = (module: string) => werkbeleving.items.filter((i) => i.module === module).map((i) => i.code);
    expect(byModule('wb')).toEqual([
      'wl1', 'wl2', 'wl3', 'ld1', 'ld2', 'ld3', 'tm1', 'tm2', 'tm3', 'bt1', 'bt2', 'bt3',
      'ps1', 'ps2', 'ps3', 'ps4', 'ps5', 'vk1', 'vk2', 'vk3', 'vk4', 'sat', 'sv_safe',
    ]);
    expect(byModule('sv')).toEqual([
      'sv_team_observed', 'sv_experienced', 'sv_form', 'sv_discr_ground', 'sv_perpetrator', 'sv_discussed', 'sv_reported',
      'sv_not_reported', 'sv_aware_where', 'sv_aware_complaints', 'sv_aware_vp', 'sv_aware_code', 'sv_willing', 'sv_channel',
      'sv_trust', 'sv_fear',
    ]);
    expect(byModule('bg')).toEqual(['gender', 'age_band', 'personnel_type', 'rank_mil', 'scale_civ']);
    expect(werkbeleving.items.at(-1)?.module).toBe('bg');
  });

  it('uses the item types and scale kinds of docs/instrument.md', () => {
    const kinds = Object.fromEntries(werkbeleving.items.map((i) => [i.code, i.type === 'scale' ? i.scale : i.type]));
    for (const code of ['wl1', 'ps5', 'vk4', 'sv_safe', 'sv_willing', 'sv_trust', 'sv_fear']) expect(kinds[code]).toBe('agree5');
    expect(kinds).toMatchObject({
      sat: 'mark10',
      sv_team_observed: 'freq5',
      sv_experienced: 'freq5',
      sv_form: 'multi',
      sv_discr_ground: 'multi',
      sv_perpetrator: 'multi',
      sv_discussed: 'multi',
      sv_reported: 'single',
      sv_not_reported: 'multi',
      sv_aware_where: 'yesno',
      sv_aware_complaints: 'yesno',
      sv_aware_vp: 'yesno',
      sv_aware_code: 'yesno',
      sv_channel: 'single',
      gender: 'single',
    });
    expect(SCALE_KINDS.mark10).toMatchObject({ min: 1, max: 10 });
  });

  it('has exactly the option codes of docs/instrument.md', () => {
    expect(optionCodes('sv_form')).toEqual(['kwaadspreken', 'pesten', 'intimidatie', 'seksuele_intimidatie', 'agressie_verbaal', 'agressie_fysiek', 'discriminatie', 'uitsluiting', 'stalking', 'anders']);
    expect(optionCodes('sv_discr_ground')).toEqual(['afkomst', 'geslacht', 'seksuele_orientatie', 'genderidentiteit', 'religie', 'handicap', 'leeftijd', 'nationaliteit', 'politiek', 'burgerlijke_staat', 'arbeidsduur', 'anders']);
    expect(optionCodes('sv_perpetrator')).toEqual(['collega', 'leidinggevende', 'hoger_leidinggevende', 'ondergeschikte', 'intern_anders', 'extern', 'zeg_niet']);
    expect(optionCodes('sv_discussed')).toEqual(['niemand', 'pleger', 'collega', 'leidinggevende', 'hoger_leidinggevende', 'vertrouwenspersoon', 'maatschappelijk_werk', 'integriteitsadviseur', 'zorg', 'geestelijk_verzorger', 'prive', 'anders']);
    expect(optionCodes('sv_reported')).toEqual(['nee', 'leidinggevende', 'meldpunt', 'klacht', 'anders']);
    expect(optionCodes('sv_not_reported')).toEqual(['niet_ernstig', 'geen_effect', 'gevolgen', 'zelf_opgelost', 'weet_niet_waar', 'anders']);
    expect(optionCodes('sv_channel')).toEqual(['leidinggevende', 'vertrouwenspersoon', 'meldpunt', 'klachtencommissie', 'anders', 'weet_niet']);
    for (const code of ['sv_aware_where', 'sv_aware_complaints', 'sv_aware_vp', 'sv_aware_code']) expect(optionCodes(code)).toEqual(['ja', 'nee']);
    expect(optionCodes('gender')).toEqual(['man', 'vrouw', 'anders', 'zeg_niet']);
    expect(optionCodes('age_band')).toEqual(['tot25', '25_34', '35_44', '45_54', '55plus', 'zeg_niet']);
    expect(optionCodes('personnel_type')).toEqual(['militair', 'burger', 'extern', 'zeg_niet']);
    expect(optionCodes('rank_mil')).toEqual(['manschappen', 'onderofficieren', 'officieren', 'zeg_niet']);
    expect(optionCodes('scale_civ')).toEqual(['schaal_1_6', 'schaal_7_10', 'schaal_11plus', 'zeg_niet']);
  });

  it('marks exactly sv_perpetrator.zeg_niet and sv_discussed.niemand as exclusive', () => {
    const exclusive = werkbeleving.items.flatMap((i) => itemOptions(i).filter((o) => o.exclusive === true).map((o) => `${i.code}.${o.code}`));
    expect(exclusive).toEqual(['sv_perpetrator.zeg_niet', 'sv_discussed.niemand']);
  });

  it('reverse-scores exactly wl3, ps3 and ps5', () => {
    expect(werkbeleving.items.filter((i) => i.reverse === true).map((i) => i.code)).toEqual(['wl3', 'ps3', 'ps5']);
  });

  it('has the conditions of docs/instrument.md', () => {
    const conditions = Object.fromEntries(werkbeleving.items.filter((i) => i.condition !== undefined).map((i) => [i.code, i.condition]));
    const victims = { item: 'sv_experienced', op: 'gte', value: 2 };
    expect(conditions).toEqual({
      sv_form: victims,
      sv_discr_ground: { item: 'sv_form', op: 'includes', value: 'discriminatie' },
      sv_perpetrator: victims,
      sv_discussed: victims,
      sv_reported: victims,
      sv_not_reported: { item: 'sv_reported', op: 'eq', value: 'nee' },
      rank_mil: { item: 'personnel_type', op: 'eq', value: 'militair' },
      scale_civ: { item: 'personnel_type', op: 'eq', value: 'burger' },
    });
    expect(werkbeleving.bases).toMatchObject([{ code: 'victims', condition: victims }]);
  });

  it('has the scales with 2-of-3, 4-of-5 and 3-of-4 minimums', () => {
    expect(werkbeleving.scales.map((s) => [s.code, s.items.join(','), s.minAnswered])).toEqual([
      ['werkdruk', 'wl1,wl2,wl3', 2],
      ['leiding', 'ld1,ld2,ld3', 2],
      ['team', 'tm1,tm2,tm3', 2],
      ['betrokkenheid', 'bt1,bt2,bt3', 2],
      ['psy_veiligheid', 'ps1,ps2,ps3,ps4,ps5', 4],
      ['vier_v', 'vk1,vk2,vk3,vk4', 3],
    ]);
  });

  it('marks background items, all offering zeg_niet, and the reporting dimensions', () => {
    expect(werkbeleving.items.filter((i) => i.background === true).map((i) => i.code)).toEqual(['gender', 'age_band', 'personnel_type', 'rank_mil', 'scale_civ']);
    expect(werkbeleving.dimensions).toEqual(['all', 'gender', 'age_band', 'personnel_type', 'rank_group']);
    expect(werkbeleving.derived).toMatchObject([{ code: 'rank_group', sources: ['rank_mil', 'scale_civ'] }]);
  });

  it('carries the wording of docs/instrument.md in Dutch and English', () => {
    expect(item('wl3').text).toEqual({ nl: 'Na mijn werk voel ik me vaak uitgeput.', en: 'After work I often feel exhausted.' });
    expect(item('sv_experienced').text.nl).toBe('Bent u in de afgelopen 12 maanden zelf het doelwit geweest van ongewenst gedrag op het werk?');
    expect(itemOptions(item('sv_form')).find((o) => o.code === 'agressie_verbaal')?.text).toEqual({ nl: 'uitschelden of schreeuwen', en: 'verbal aggression' });
  });

  it('opens the sv module with the signpost: anonymous, not a reporting channel, where to go', () => {
    const intro = werkbeleving.modules[1]?.intro;
    expect(intro?.nl).toMatch(/anoniem/);
    expect(intro?.nl).toMatch(/geen manier om iets te melden/);
    expect(intro?.nl).toMatch(/vertrouwenspersoon/);
    expect(intro?.en).toMatch(/confidential adviser/);
    expect(fillPlaceholders(intro?.en ?? '', { reporting_point_url: 'https://example.org/meldpunt' })).toContain('https://example.org/meldpunt');
    expect(() => fillPlaceholders(intro?.nl ?? '', {})).toThrow(/reporting_point_url/);
  });

  it('is frozen and registered under its ID@VERSION key', () => {
    expect(Object.isFrozen(werkbeleving)).toBe(true);
    expect(Object.isFrozen(werkbeleving.items[0])).toBe(true);
    expect(Object.keys(referenceInstruments)).toEqual(['werkbeleving-sv@1']);
    expect(getReferenceInstrument('werkbeleving-sv@1')).toBe(werkbeleving);
    expect(() => getReferenceInstrument('werkbeleving-sv@2')).toThrow(/Unknown instrument/);
  });
});
