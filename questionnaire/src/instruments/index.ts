import { instrumentKey, parseDefinition } from '../check-definition.js';
import type { InstrumentDefinition } from '../schema.js';
import { werkbelevingSv1Source } from './werkbeleving-sv-1.js';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * The reference instrument werkbeleving-sv@1, parsed and checked at load time (a broken
 * definition fails every importer immediately) and frozen, because a published version must
 * never be edited in place.
 */
export const werkbeleving: InstrumentDefinition = deepFreeze(parseDefinition(werkbelevingSv1Source));

/** Shipped instruments keyed by `ID@VERSION`. */
export const referenceInstruments: Readonly<Record<string, InstrumentDefinition>> = Object.freeze({
  [instrumentKey(werkbeleving)]: werkbeleving,
});

/**
 * A shipped instrument by its `ID@VERSION` key; throws for an unknown key.
 *
 * @example
 * getReferenceInstrument('werkbeleving-sv@1') === werkbeleving; // true
 */
export function getReferenceInstrument(key: string): InstrumentDefinition {
  const def = Object.hasOwn(referenceInstruments, key) ? referenceInstruments[key] : undefined;
  if (def === undefined) {
    throw new Error(`Unknown instrument "${key}"; known: ${Object.keys(referenceInstruments).join(', ')}`);
  }
  return def;
}
