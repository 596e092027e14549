/**
 * Reporting dimensions and their groups for headcounts. Headcounts come from HR records, which
 * know no "not disclosed": the `onbekend` group exists only in survey results.
 */
import { REPORTING_DIMENSIONS, UNKNOWN_GROUP, dimensionGroups, werkbeleving } from '@vw/questionnaire';

/** dimension → the groups a population row may name (excluding `all`). */
export function reportingDimensions(): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const d of REPORTING_DIMENSIONS) out[d] = dimensionGroups(werkbeleving, d).filter((g) => g !== UNKNOWN_GROUP);
  return out;
}
