/**
 * A small, independent checker of responses against docs/instrument.md (`werkbeleving-sv@1`): item
 * codes, value ranges, option codes, conditions and exclusive options. Deliberately written
 * apart from the generator (and from @vw/questionnaire, still in progress) so the two can
 * disagree.
 */
type Answers = Record<string, string | number | string[]>;

const AGREE5 = [
  'wl1', 'wl2', 'wl3', 'ld1', 'ld2', 'ld3', 'tm1', 'tm2', 'tm3', 'bt1', 'bt2', 'bt3',
  'ps1', 'ps2', 'ps3', 'ps4', 'ps5', 'vk1', 'vk2', 'vk3', 'vk4', 'sv_safe', 'sv_willing', 'sv_trust', 'sv_fear',
];
const FREQ5 = ['sv_team_observed', 'sv_experienced'];
const YESNO = ['sv_aware_where', 'sv_aware_complaints', 'sv_aware_vp', 'sv_aware_code'];

const SINGLE: Record<string, string[]> = {
  sv_reported: ['nee', 'leidinggevende', 'meldpunt', 'klacht', 'anders'],
  sv_channel: ['leidinggevende', 'vertrouwenspersoon', 'meldpunt', 'klachtencommissie', 'anders', 'weet_niet'],
  gender: ['man', 'vrouw', 'anders', 'zeg_niet'],
  age_band: ['tot25', '25_34', '35_44', '45_54', '55plus', 'zeg_niet'],
  personnel_type: ['militair', 'burger', 'extern', 'zeg_niet'],
  rank_mil: ['manschappen', 'onderofficieren', 'officieren', 'zeg_niet'],
  scale_civ: ['schaal_1_6', 'schaal_7_10', 'schaal_11plus', 'zeg_niet'],
};

const MULTI: Record<string, { options: string[]; exclusive?: string }> = {
  sv_form: {
    options: ['kwaadspreken', 'pesten', 'intimidatie', 'seksuele_intimidatie', 'agressie_verbaal', 'agressie_fysiek',
      'discriminatie', 'uitsluiting', 'stalking', 'anders'],
  },
  sv_discr_ground: {
    options: ['afkomst', 'geslacht', 'seksuele_orientatie', 'genderidentiteit', 'religie', 'handicap', 'leeftijd',
      'nationaliteit', 'politiek', 'burgerlijke_staat', 'arbeidsduur', 'anders'],
  },
  sv_perpetrator: {
    options: ['collega', 'leidinggevende', 'hoger_leidinggevende', 'ondergeschikte', 'intern_anders', 'extern', 'zeg_niet'],
    exclusive: 'zeg_niet',
  },
  sv_discussed: {
    options: ['niemand', 'pleger', 'collega', 'leidinggevende', 'hoger_leidinggevende', 'vertrouwenspersoon',
      'maatschappelijk_werk', 'integriteitsadviseur', 'zorg', 'geestelijk_verzorger', 'prive', 'anders'],
    exclusive: 'niemand',
  },
  sv_not_reported: { options: ['niet_ernstig', 'geen_effect', 'gevolgen', 'zelf_opgelost', 'weet_niet_waar', 'anders'] },
};

export const ALL_ITEMS = [...AGREE5, ...FREQ5, ...YESNO, 'sat', ...Object.keys(SINGLE), ...Object.keys(MULTI)];

/** Whether an item is shown, given the answers so far (docs/instrument.md "shown when"). */
function shown(item: string, a: Answers): boolean {
  const experienced = typeof a.sv_experienced === 'number' && a.sv_experienced >= 2;
  switch (item) {
    case 'sv_form': case 'sv_perpetrator': case 'sv_discussed': case 'sv_reported':
      return experienced;
    case 'sv_discr_ground':
      return Array.isArray(a.sv_form) && a.sv_form.includes('discriminatie');
    case 'sv_not_reported':
      return a.sv_reported === 'nee';
    case 'rank_mil':
      return a.personnel_type === 'militair';
    case 'scale_civ':
      return a.personnel_type === 'burger';
    default:
      return true;
  }
}

/** Problems with one response; empty when it is valid. */
export function checkAnswers(a: Answers): string[] {
  const problems: string[] = [];
  const intIn = (v: unknown, lo: number, hi: number): boolean => typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi;
  for (const [item, value] of Object.entries(a)) {
    if (!ALL_ITEMS.includes(item)) {
      problems.push(`${item}: unknown item`);
      continue;
    }
    if (!shown(item, a)) problems.push(`${item}: answered but not shown`);
    if (AGREE5.includes(item) || FREQ5.includes(item)) {
      if (!intIn(value, 1, 5)) problems.push(`${item}: ${String(value)} not in 1..5`);
    } else if (item === 'sat') {
      if (!intIn(value, 1, 10)) problems.push(`sat: ${String(value)} not in 1..10`);
    } else if (YESNO.includes(item)) {
      if (value !== 'ja' && value !== 'nee') problems.push(`${item}: ${String(value)} not ja/nee`);
    } else if (item in SINGLE) {
      if (typeof value !== 'string' || !(SINGLE[item] ?? []).includes(value)) problems.push(`${item}: unknown option ${String(value)}`);
    } else {
      const spec = MULTI[item];
      if (!spec || !Array.isArray(value)) {
        problems.push(`${item}: not an array`);
        continue;
      }
      if (value.length === 0) problems.push(`${item}: empty`);
      if (new Set(value).size !== value.length) problems.push(`${item}: duplicate options`);
      for (const o of value) if (!spec.options.includes(o)) problems.push(`${item}: unknown option ${o}`);
      if (spec.exclusive && value.includes(spec.exclusive) && value.length > 1) problems.push(`${item}: ${spec.exclusive} combined with others`);
    }
  }
  return problems;
}
