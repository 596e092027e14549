/**
 * One respondent's answers to `werkbeleving-sv@1` (codes from docs/instrument.md), drawn from a small
 * latent model: a general climate factor per respondent (lower in worse units and for victims)
 * drives the agree5 scales, and a probability of experiencing unwanted behaviour (set by the
 * caller from the respondent's unit, year and attributes) drives the social-safety module.
 */
import type { DemoParameters } from './parameters.js';
import { trendAt } from './parameters.js';
import type { Rng } from './prng.js';
import type { DemoAnswers } from './types.js';

export const GENDERS = ['man', 'vrouw', 'anders'] as const;
export const AGE_BANDS = ['tot25', '25_34', '35_44', '45_54', '55plus'] as const;
export const PERSONNEL_TYPES = ['militair', 'burger', 'extern'] as const;
export const RANKS_MIL = ['manschappen', 'onderofficieren', 'officieren'] as const;
export const SCALES_CIV = ['schaal_1_6', 'schaal_7_10', 'schaal_11plus'] as const;

/** A staff member's true attributes as indices into the arrays above; `rank` is -1 for `extern`. */
export interface Person {
  gender: number;
  age: number;
  type: number;
  rank: number;
}

/** The agree5 items of module `wb` with their scale, in questionnaire order. */
export const WB_ITEMS: readonly (readonly [item: string, scale: keyof DemoParameters['scales']['means']])[] = [
  ['wl1', 'werkdruk'], ['wl2', 'werkdruk'], ['wl3', 'werkdruk'],
  ['ld1', 'leiding'], ['ld2', 'leiding'], ['ld3', 'leiding'],
  ['tm1', 'team'], ['tm2', 'team'], ['tm3', 'team'],
  ['bt1', 'betrokkenheid'], ['bt2', 'betrokkenheid'], ['bt3', 'betrokkenheid'],
  ['ps1', 'psy_veiligheid'], ['ps2', 'psy_veiligheid'], ['ps3', 'psy_veiligheid'], ['ps4', 'psy_veiligheid'], ['ps5', 'psy_veiligheid'],
  ['vk1', 'vier_v'], ['vk2', 'vier_v'], ['vk3', 'vier_v'], ['vk4', 'vier_v'],
];
const SCALE_NAMES = ['werkdruk', 'leiding', 'team', 'betrokkenheid', 'psy_veiligheid', 'vier_v'] as const;
/** Small per-item differences in level, so items of one scale are not exchangeable. */
const ITEM_OFFSET = [0.15, -0.05, -0.1, 0.1, -0.1];

/** What the caller knows about the respondent's situation. */
export interface AnswerContext {
  year: number;
  /** Relative risk from the disclosure pattern is applied by the caller; this is the final probability. */
  pExperienced: number;
  /** Unit climate on the scale of the general factor (negative = worse). */
  climate: number;
  /** Team-observed probability for non-victims. */
  pTeamObserved: number;
}

/** How the respondent answers the background module, decided before anything else. */
export interface Disclosure {
  /** Answer per background item: the true code, `zeg_niet`, or null (left empty). */
  gender: string | null;
  age_band: string | null;
  personnel_type: string | null;
  rank: string | null;
  /** Relative risk belonging to the pattern (people who worry about anonymity report most). */
  risk: number;
}

export function discloseBackground(rng: Rng, person: Person, params: DemoParameters): Disclosure {
  const nr = params.nonresponse;
  if (rng.chance(nr.allBackgroundNotSay)) {
    return { gender: 'zeg_niet', age_band: 'zeg_niet', personnel_type: 'zeg_niet', rank: null, risk: params.risk.notDisclosed };
  }
  let withheld = false;
  const answer = (truth: string): string | null => {
    const r = rng.next();
    if (r < nr.backgroundNotSay) {
      withheld = true;
      return 'zeg_niet';
    }
    return r < nr.backgroundNotSay + nr.item ? null : truth;
  };
  const gender = answer(GENDERS[person.gender] ?? 'man');
  const ageBand = answer(AGE_BANDS[person.age] ?? '35_44');
  const type = answer(PERSONNEL_TYPES[person.type] ?? 'burger');
  let rank: string | null = null;
  if (type === 'militair') rank = answer(RANKS_MIL[person.rank] ?? 'onderofficieren');
  else if (type === 'burger') rank = answer(SCALES_CIV[person.rank] ?? 'schaal_7_10');
  return { gender, age_band: ageBand, personnel_type: type, rank, risk: withheld ? params.risk.partlyNotDisclosed : 1 };
}

/** Average relative risk of the disclosure patterns, used to normalise the probabilities. */
export function expectedDisclosureRisk(params: DemoParameters): number {
  const nr = params.nonresponse;
  const partly = 1 - (1 - nr.backgroundNotSay) ** 4;
  const rest = partly * params.risk.partlyNotDisclosed + (1 - partly);
  return nr.allBackgroundNotSay * params.risk.notDisclosed + (1 - nr.allBackgroundNotSay) * rest;
}

function clampRound(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, Math.round(x)));
}

/** Multi-select answer: each option with its own probability; never empty (falls back to a weighted pick). */
function multi(rng: Rng, options: readonly (readonly [string, number])[]): string[] {
  const chosen: string[] = [];
  for (const [code, p] of options) if (rng.chance(p)) chosen.push(code);
  if (chosen.length === 0) {
    const pick = options[rng.weighted(options.map(([, p]) => p))];
    if (pick) chosen.push(pick[0]);
  }
  return chosen;
}

function freq(rng: Rng, weights: readonly number[]): number {
  return 2 + rng.weighted(weights);
}

type GenderGroup = 'man' | 'vrouw' | 'anders' | 'onbekend';

export function generateAnswers(rng: Rng, disclosure: Disclosure, ctx: AnswerContext, params: DemoParameters): DemoAnswers {
  const a: DemoAnswers = {};
  const skip = params.nonresponse.item;
  const answered = (): boolean => !rng.chance(skip);

  const victim = rng.chance(ctx.pExperienced);
  const g = 0.85 * rng.normal() + ctx.climate + (victim ? params.scales.victimShift : 0);

  // Module wb: one factor per scale, correlated through the general factor g.
  const sc = params.scales;
  const specific = Math.sqrt(1 - sc.generalLoading ** 2);
  const factors: Record<string, number> = {};
  for (const s of SCALE_NAMES) factors[s] = sc.generalLoading * g + specific * rng.normal();
  let position = 0;
  let previousScale = '';
  for (const [item, scale] of WB_ITEMS) {
    position = scale === previousScale ? position + 1 : 0;
    previousScale = scale;
    const value = clampRound(
      sc.means[scale] + (ITEM_OFFSET[position] ?? 0) + sc.itemLoading * (factors[scale] ?? 0) + sc.itemNoise * rng.normal(),
      1, 5,
    );
    if (answered()) a[item] = sc.reversed.includes(item) ? 6 - value : value;
  }
  if (answered()) a.sat = clampRound(7 + 1.1 * (0.6 * g + 0.8 * rng.normal()), 1, 10);
  if (answered()) {
    if (rng.chance(victim ? params.unsafe.victim : params.unsafe.nonVictim)) {
      a.sv_safe = rng.chance(0.3) ? 1 : 2;
    } else {
      const x = 0.6 * g + 0.8 * rng.normal();
      a.sv_safe = x < -0.6 ? 3 : x < 0.8 ? 4 : 5;
    }
  }

  // Module sv.
  const to = params.teamObserved;
  if (answered()) a.sv_team_observed = rng.chance(victim ? to.givenVictim : ctx.pTeamObserved) ? freq(rng, to.frequency) : 1;
  const experiencedAnswered = answered();
  if (experiencedAnswered) a.sv_experienced = victim ? freq(rng, params.experiencedFrequency) : 1;

  if (experiencedAnswered && victim) {
    const gg: GenderGroup = disclosure.gender === 'man' || disclosure.gender === 'vrouw' || disclosure.gender === 'anders' ? disclosure.gender : 'onbekend';
    const f = params.forms;
    if (answered()) {
      const forms = multi(rng, [
        ['kwaadspreken', f.kwaadspreken], ['pesten', f.pesten[gg]], ['intimidatie', f.intimidatie],
        ['seksuele_intimidatie', f.seksuele_intimidatie[gg]], ['agressie_verbaal', f.agressie_verbaal],
        ['agressie_fysiek', f.agressie_fysiek], ['discriminatie', f.discriminatie], ['uitsluiting', f.uitsluiting],
        ['stalking', f.stalking], ['anders', f.anders],
      ]);
      a.sv_form = forms;
      if (forms.includes('discriminatie') && answered()) {
        const sexFactor = gg === 'vrouw' ? 1.8 : gg === 'man' ? 0.4 : 1;
        a.sv_discr_ground = multi(rng, Object.entries(params.discrGround).map(([code, p]) => [code, code === 'geslacht' ? p * sexFactor : p] as const));
      }
    }
    const pe = params.perpetrator;
    if (answered()) {
      a.sv_perpetrator = rng.chance(pe.notSay)
        ? ['zeg_niet']
        : multi(rng, [
          ['collega', pe.collega], ['leidinggevende', pe.leidinggevende], ['hoger_leidinggevende', pe.hoger_leidinggevende],
          ['ondergeschikte', pe.ondergeschikte], ['intern_anders', pe.intern_anders], ['extern', pe.extern],
        ]);
    }
    const d = params.discussed;
    if (answered()) {
      a.sv_discussed = rng.chance(d.nobody)
        ? ['niemand']
        : multi(rng, [
          ['pleger', d.pleger], ['collega', d.collega], ['leidinggevende', d.leidinggevende],
          ['hoger_leidinggevende', d.hoger_leidinggevende], ['vertrouwenspersoon', trendAt(d.vertrouwenspersoon, ctx.year, params.trendYears)],
          ['maatschappelijk_werk', d.maatschappelijk_werk], ['integriteitsadviseur', d.integriteitsadviseur], ['zorg', d.zorg],
          ['geestelijk_verzorger', d.geestelijk_verzorger], ['prive', d.prive], ['anders', d.anders],
        ]);
    }
    if (answered()) {
      const routes = Object.entries(params.reported);
      const reported = routes[rng.weighted(routes.map(([, w]) => w))]?.[0] ?? 'nee';
      a.sv_reported = reported;
      if (reported === 'nee' && answered()) a.sv_not_reported = multi(rng, Object.entries(params.notReported));
    }
  }

  const aw = params.awareness;
  const yesno = (p: number): string => (rng.chance(p) ? 'ja' : 'nee');
  if (answered()) a.sv_aware_where = yesno(aw.where);
  if (answered()) a.sv_aware_complaints = yesno(aw.complaints);
  if (answered()) a.sv_aware_vp = yesno(aw.vp);
  if (answered()) a.sv_aware_code = yesno(trendAt(aw.code, ctx.year, params.trendYears));
  if (answered()) a.sv_willing = 1 + rng.weighted(params.willing);
  if (answered()) {
    const channels = Object.entries(params.channel);
    a.sv_channel = channels[rng.weighted(channels.map(([, w]) => w))]?.[0] ?? 'weet_niet';
  }
  if (answered()) a.sv_trust = clampRound(3.6 + 0.6 * g + 0.8 * rng.normal(), 1, 5);
  if (answered()) a.sv_fear = clampRound(2.5 - 0.5 * g + (victim ? 0.4 : 0) + 0.9 * rng.normal(), 1, 5);

  // Module bg, asked last.
  if (disclosure.gender !== null) a.gender = disclosure.gender;
  if (disclosure.age_band !== null) a.age_band = disclosure.age_band;
  if (disclosure.personnel_type !== null) a.personnel_type = disclosure.personnel_type;
  if (disclosure.rank !== null) {
    if (disclosure.personnel_type === 'militair') a.rank_mil = disclosure.rank;
    else if (disclosure.personnel_type === 'burger') a.scale_civ = disclosure.rank;
  }
  return a;
}
