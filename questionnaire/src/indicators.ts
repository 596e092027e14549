import { derivedFromValid } from './derive.js';
import { getAnswer, getItem, itemOptions } from './items.js';
import type { Answers, Indicator, IndicatorDirection, InstrumentDefinition } from './schema.js';
import { assertValidResponse } from './validate-response.js';

/** One release-table row key: indicator × option × base, with how it is measured. */
export interface IndicatorCell {
  indicator: string;
  option: string;
  base: string;
  kind: 'proportion' | 'mean';
  spec: Indicator;
}

/**
 * A respondent's part in one cell: `null` when outside `n` (not in the base, or the denominator
 * item unanswered); `{ count }` (0 or 1) for a proportion; `{ value }` for a mean.
 * For the response rate every respondent counts 1 and `n` is the headcount from population.csv.
 */
export type IndicatorContribution = null | { count: 0 | 1 } | { value: number };

/**
 * The release-table cells of an instrument in definition order, with `each` expanded to the
 * item's option codes, so analysis iterates over data instead of hard-coding indicators.
 *
 * @example
 * indicatorCells(werkbeleving).filter((c) => c.indicator === 'sv_experienced').map((c) => c.option);
 * // ['any', 'often']
 */
export function indicatorCells(def: InstrumentDefinition): IndicatorCell[] {
  return def.indicators.flatMap((spec): IndicatorCell[] => {
    const cell = (option: string): IndicatorCell => ({ indicator: spec.code, option, base: spec.base, kind: spec.kind, spec });
    switch (spec.select) {
      case 'options': {
        const options = spec.options === 'each' ? itemOptions(getItem(def, spec.item)).map((option) => option.code) : spec.options;
        return options.map(cell);
      }
      case 'collapse':
        return spec.collapses.map(({ option }) => cell(option));
      case 'scale_mean':
      case 'item_mean':
        return [cell('mean')];
      case 'respondents':
        return [cell('all')];
    }
  });
}

function contributionOf(def: InstrumentDefinition, cell: IndicatorCell, answers: Answers): IndicatorContribution {
  const { spec } = cell;
  if (!derivedFromValid.inBaseOf(def, spec.base, answers)) return null;
  switch (spec.select) {
    case 'options': {
      if (getAnswer(answers, spec.denominator ?? spec.item) === undefined) return null;
      const value = getAnswer(answers, spec.item);
      const chosen = Array.isArray(value) ? value.includes(cell.option) : value === cell.option;
      return { count: chosen ? 1 : 0 };
    }
    case 'collapse': {
      if (getAnswer(answers, spec.denominator ?? spec.item) === undefined) return null;
      const code = spec.collapses.find(({ option }) => option === cell.option)?.collapse;
      const collapse = def.collapses.find((candidate) => candidate.code === code);
      if (collapse === undefined) throw new Error(`Indicator ${spec.code} has no collapse for option "${cell.option}"`);
      const value = getAnswer(answers, spec.item);
      return { count: typeof value === 'number' && value >= collapse.min && value <= collapse.max ? 1 : 0 };
    }
    case 'scale_mean': {
      const score = derivedFromValid.scoresOf(def, answers)[spec.scale];
      return score === null || score === undefined ? null : { value: score };
    }
    case 'item_mean': {
      const value = getAnswer(answers, spec.item);
      return typeof value === 'number' ? { value } : null;
    }
    case 'respondents':
      return { count: 1 };
  }
}

/**
 * One respondent's contribution to one release-table cell (answers are validated first).
 *
 * @example
 * const cell = indicatorCells(werkbeleving).find((c) => c.indicator === 'sv_unsafe')!;
 * measureIndicator(werkbeleving, cell, { sv_safe: 2 }); // { count: 1 }
 */
export function measureIndicator(def: InstrumentDefinition, cell: IndicatorCell, answers: Readonly<Answers>): IndicatorContribution {
  return contributionOf(def, cell, assertValidResponse(def, answers));
}

/**
 * A respondent's contribution to every cell, aligned with `indicatorCells(def)`; validates once.
 *
 * @example
 * measureIndicators(werkbeleving, { sv_experienced: 3 }).find((m) => m.indicator === 'sv_experienced' && m.option === 'any');
 * // { indicator: 'sv_experienced', option: 'any', base: 'all', kind: 'proportion', contribution: { count: 1 } }
 */
export function measureIndicators(
  def: InstrumentDefinition,
  answers: Readonly<Answers>,
): (Omit<IndicatorCell, 'spec'> & { contribution: IndicatorContribution })[] {
  const valid = assertValidResponse(def, answers);
  return indicatorCells(def).map((cell) => ({
    indicator: cell.indicator,
    option: cell.option,
    base: cell.base,
    kind: cell.kind,
    contribution: contributionOf(def, cell, valid),
  }));
}

/**
 * Which way an indicator of the instrument is good (`higher`, `lower`, `neutral`); an unknown code
 * is `neutral`. Pages colour and word comparisons by it, never by the sign of the difference alone.
 *
 * @example
 * indicatorDirection(werkbeleving, 'sv_trust'); // 'higher'
 * indicatorDirection(werkbeleving, 'sv_fear'); // 'lower'
 */
export function indicatorDirection(def: InstrumentDefinition, code: string): IndicatorDirection {
  return def.indicators.find((i) => i.code === code)?.direction ?? 'neutral';
}
