import { SCALE_KINDS, YESNO_OPTIONS } from './schema.js';
import type { AnswerValue, Answers, InstrumentDefinition, Item, Option } from './schema.js';

/**
 * The options a respondent can choose for an item: the defined options of single and multi
 * items, the fixed ja/nee of yesno items, none for scale and text items.
 *
 * @example
 * itemOptions({ code: 'q', module: 'm', type: 'yesno', text }).map((o) => o.code); // ['ja', 'nee']
 */
export function itemOptions(item: Item): readonly Option[] {
  switch (item.type) {
    case 'single':
    case 'multi':
      return item.options;
    case 'yesno':
      return YESNO_OPTIONS;
    default:
      return [];
  }
}

/**
 * The value range of a scale item, or undefined for other item types.
 *
 * @example
 * scaleRange({ code: 'sat', module: 'wb', type: 'scale', scale: 'mark10', text }); // { min: 1, max: 10 }
 */
export function scaleRange(item: Item): { min: number; max: number } | undefined {
  if (item.type !== 'scale') return undefined;
  const { min, max } = SCALE_KINDS[item.scale];
  return { min, max };
}

/**
 * Looks an item up by code; throws when the definition has no such item, because callers pass
 * codes that come from the definition itself and a miss is a programming error.
 *
 * @example
 * getItem(werkbeleving, 'sat').type; // 'scale'
 */
export function getItem(def: InstrumentDefinition, code: string): Item {
  const item = def.items.find((candidate) => candidate.code === code);
  if (item === undefined) throw new Error(`Instrument ${def.id}@${def.version} has no item "${code}"`);
  return item;
}

/**
 * Reads an answer without falling through to Object.prototype (an item called `constructor`
 * must not see a function).
 *
 * @example
 * getAnswer({ sat: 7 }, 'sat'); // 7
 */
export function getAnswer(answers: Readonly<Answers>, code: string): AnswerValue | undefined {
  return Object.hasOwn(answers, code) ? answers[code] : undefined;
}

/** Map from item code to item, built once per call site that looks up many codes. */
export function itemIndex(def: InstrumentDefinition): Map<string, Item> {
  return new Map(def.items.map((item) => [item.code, item]));
}
