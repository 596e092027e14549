import { evaluateCondition } from './conditions.js';
import { getAnswer, getItem, itemOptions } from './items.js';
import { UNDISCLOSED, UNKNOWN_GROUP } from './schema.js';
import type { Answers, InstrumentDefinition } from './schema.js';
import { assertValidResponse } from './validate-response.js';

/*
 * Derivations take raw answers and validate them first: a derived reporting group or scale score
 * computed from answers that do not fit the instrument would silently change published figures.
 * The `…Of` helpers below work on answers that have already been validated.
 */

function disclosed(value: unknown): string | undefined {
  return typeof value === 'string' && value !== UNDISCLOSED ? value : undefined;
}

function groupsOf(def: InstrumentDefinition, answers: Answers): Record<string, string> {
  const groups: Record<string, string> = {};
  for (const dimension of def.dimensions) {
    if (dimension === 'all') continue;
    const derived = def.derived.find((candidate) => candidate.code === dimension);
    const sources = derived === undefined ? [dimension] : derived.sources;
    let group: string | undefined;
    for (const source of sources) {
      group = disclosed(getAnswer(answers, source));
      if (group !== undefined) break;
    }
    groups[dimension] = group ?? UNKNOWN_GROUP;
  }
  return groups;
}

function scoresOf(def: InstrumentDefinition, answers: Answers): Record<string, number | null> {
  const scores: Record<string, number | null> = {};
  for (const scale of def.scales) {
    const values: number[] = [];
    for (const code of scale.items) {
      const value = getAnswer(answers, code);
      if (typeof value !== 'number') continue;
      const reverse = getItem(def, code).reverse === true;
      values.push(reverse ? scale.range.min + scale.range.max - value : value);
    }
    scores[scale.code] = values.length >= scale.minAnswered ? values.reduce((sum, v) => sum + v, 0) / values.length : null;
  }
  return scores;
}

function inBaseOf(def: InstrumentDefinition, base: string, answers: Answers): boolean {
  if (base === 'all' || base === 'headcount') return true;
  const defined = def.bases.find((candidate) => candidate.code === base);
  if (defined === undefined) throw new Error(`Instrument ${def.id}@${def.version} has no base "${base}"`);
  return evaluateCondition(defined.condition, answers);
}

/**
 * The respondent's group in each reporting dimension (all but `all`). An empty answer, `zeg_niet`
 * and "not asked" all become `onbekend`; a derived dimension takes its first disclosed source.
 *
 * @example
 * reportingGroups(werkbeleving, { gender: 'zeg_niet', personnel_type: 'burger', scale_civ: 'schaal_7_10' });
 * // { gender: 'onbekend', age_band: 'onbekend', personnel_type: 'burger', rank_group: 'schaal_7_10' }
 */
export function reportingGroups(def: InstrumentDefinition, answers: Readonly<Answers>): Record<string, string> {
  return groupsOf(def, assertValidResponse(def, answers));
}

/**
 * Every group code of a reporting dimension, `onbekend` last (`all` has the single group `all`).
 * The population import and the analysis use it to know which cells exist.
 *
 * @example
 * dimensionGroups(werkbeleving, 'gender'); // ['man', 'vrouw', 'anders', 'onbekend']
 */
export function dimensionGroups(def: InstrumentDefinition, dimension: string): string[] {
  if (!def.dimensions.includes(dimension)) throw new Error(`Instrument ${def.id}@${def.version} has no reporting dimension "${dimension}"`);
  if (dimension === 'all') return ['all'];
  const derived = def.derived.find((candidate) => candidate.code === dimension);
  const sources = derived === undefined ? [dimension] : derived.sources;
  const groups = new Set<string>();
  for (const source of sources) {
    for (const option of itemOptions(getItem(def, source))) if (option.code !== UNDISCLOSED) groups.add(option.code);
  }
  return [...groups, UNKNOWN_GROUP];
}

/**
 * Scale scores: the mean of the answered items after reverse coding (x' = min + max − x, so
 * 6 − x on a 1–5 scale), or null when fewer than `minAnswered` items were answered.
 *
 * @example
 * scaleScores(werkbeleving, { wl1: 4, wl3: 2 }).werkdruk; // 4 (wl3 reversed: 6 − 2 = 4)
 */
export function scaleScores(def: InstrumentDefinition, answers: Readonly<Answers>): Record<string, number | null> {
  return scoresOf(def, assertValidResponse(def, answers));
}

/**
 * Whether a respondent belongs to a base: `all` and `headcount` hold everyone, other bases are
 * defined in the instrument by a condition.
 *
 * @example
 * inBase(werkbeleving, 'victims', { sv_experienced: 2 }); // true
 */
export function inBase(def: InstrumentDefinition, base: string, answers: Readonly<Answers>): boolean {
  return inBaseOf(def, base, assertValidResponse(def, answers));
}

/**
 * Whether the respondent is in the instrument's `victims` base (werkbeleving: sv_experienced ≥ 2).
 * Read from the definition so a later version can change the rule without code changes.
 *
 * @example
 * isVictim(werkbeleving, { sv_experienced: 1 }); // false
 */
export function isVictim(def: InstrumentDefinition, answers: Readonly<Answers>): boolean {
  return inBase(def, 'victims', answers);
}

/** What import and storage keep next to the answers (decision 001). */
export interface DerivedResponse {
  answers: Answers;
  groups: Record<string, string>;
  scales: Record<string, number | null>;
  bases: Record<string, boolean>;
}

/**
 * Validates once and derives everything stored with a response: normalised answers, reporting
 * groups, scale scores and base membership.
 *
 * @example
 * deriveResponse(werkbeleving, { sv_experienced: 3 }).bases.victims; // true
 */
export function deriveResponse(def: InstrumentDefinition, answers: Readonly<Answers>): DerivedResponse {
  return deriveValidatedResponse(def, assertValidResponse(def, answers));
}

/**
 * `deriveResponse` for answers that `validateResponse` has just returned as valid (it skips the
 * second validation: on the submit path validation is half the CPU).
 */
export function deriveValidatedResponse(def: InstrumentDefinition, valid: Answers): DerivedResponse {
  const bases: Record<string, boolean> = {};
  for (const base of def.bases) bases[base.code] = inBaseOf(def, base.code, valid);
  return { answers: valid, groups: groupsOf(def, valid), scales: scoresOf(def, valid), bases };
}

/** @internal Validated-answer forms, for modules that already validated. */
export const derivedFromValid = { groupsOf, scoresOf, inBaseOf };
