import { evaluateCondition } from './conditions.js';
import { getAnswer } from './items.js';
import type { Answers, InstrumentDefinition } from './schema.js';

/**
 * One pass over the items in order. Conditions refer only to earlier items (checkDefinition
 * enforces it), so by the time an item is reached every item its condition names is settled.
 * Only answers of shown items feed later conditions: a stale answer to an item that became hidden
 * (the respondent went back and changed an earlier answer) must not open later items.
 */
function walk(def: InstrumentDefinition, answers: Readonly<Answers>): { visible: string[]; shown: Answers } {
  const shown: Answers = {};
  const visible: string[] = [];
  for (const item of def.items) {
    if (item.condition !== undefined && !evaluateCondition(item.condition, shown)) continue;
    visible.push(item.code);
    const value = getAnswer(answers, item.code);
    if (value !== undefined) shown[item.code] = value;
  }
  return { visible, shown };
}

/**
 * The item codes shown, in order, given the answers so far. An item whose condition depends on
 * an unanswered or hidden item is hidden.
 *
 * @example
 * visibleItems(werkbeleving, { sv_experienced: 1 }).includes('sv_form'); // false
 * visibleItems(werkbeleving, { sv_experienced: 3 }).includes('sv_form'); // true
 */
export function visibleItems(def: InstrumentDefinition, answers: Readonly<Answers>): string[] {
  return walk(def, answers).visible;
}

/**
 * The answers of shown items only (answers to hidden items and unknown keys dropped).
 *
 * @example
 * shownAnswers(werkbeleving, { sv_experienced: 1, sv_form: ['pesten'] }); // { sv_experienced: 1 }
 */
export function shownAnswers(def: InstrumentDefinition, answers: Readonly<Answers>): Answers {
  return walk(def, answers).shown;
}

/**
 * Whether one item is shown given the answers. Throws for an unknown item code.
 *
 * @example
 * isVisible(werkbeleving, 'rank_mil', { personnel_type: 'militair' }); // true
 */
export function isVisible(def: InstrumentDefinition, code: string, answers: Readonly<Answers>): boolean {
  if (!def.items.some((item) => item.code === code)) {
    throw new Error(`Instrument ${def.id}@${def.version} has no item "${code}"`);
  }
  return visibleItems(def, answers).includes(code);
}
