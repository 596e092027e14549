/**
 * Which way each figure is good, from the instrument model (`@vw/questionnaire`, one field per
 * indicator), and what a published comparison means for it. The heatmap, the funnel plot, the
 * arrows and the words ("better/worse than the rest") all read this one place, so a higher share
 * of people who fear reporting is never shown in the colour of a good result.
 */
import { indicatorDirection, werkbeleving, type IndicatorDirection } from '@vw/questionnaire';
import type { Lang } from '$lib/i18n';
import { t, type MessageKey } from '$lib/i18n';
import type { Comparison } from './types';

export type { IndicatorDirection };

/** `better`/`worse` for an indicator with a direction; `neutral` when neither way is better. */
export type Tone = 'better' | 'worse' | 'neutral';

export function directionOf(indicator: string): IndicatorDirection {
  return indicatorDirection(werkbeleving, indicator);
}

/** What a difference (unit minus the rest) means for `indicator`. */
export function toneOf(indicator: string, difference: number): Tone {
  const d = directionOf(indicator);
  if (d === 'neutral' || difference === 0) return 'neutral';
  return (difference > 0) === (d === 'higher') ? 'better' : 'worse';
}

export interface Marker {
  /** ▲ (higher) or ▼ (lower): the value's direction, never its judgement. */
  symbol: '▲' | '▼';
  /** `better`, `worse` or `neutral`: what colours follow. */
  tone: Tone;
  /** In words: "higher: better than the rest of the organisation". */
  text: string;
}

const AGAINST: Record<string, 'Org' | 'Parent' | 'Rest'> = { organisation_rest: 'Org', parent_rest: 'Parent', unit_rest: 'Rest' };

/** The marker of a published comparison, or null when it is not significant (after BH). */
export function comparisonMarker(lang: Lang, c: Pick<Comparison, 'indicator' | 'difference' | 'significant' | 'against'> | undefined, parentName = ''): Marker | null {
  if (!c || !c.significant || c.difference === 0) return null;
  const higher = c.difference > 0;
  const tone = toneOf(c.indicator, c.difference);
  const where = AGAINST[c.against] ?? 'Rest';
  const side = t(lang, higher ? 'sig.higherWord' : 'sig.lowerWord');
  const text = tone === 'neutral'
    ? t(lang, `sig.${higher ? 'higher' : 'lower'}${where}` as MessageKey, { name: parentName })
    : t(lang, 'sig.judged', { side, judgement: t(lang, `sig.${tone}${where}` as MessageKey, { name: parentName }) });
  return { symbol: higher ? '▲' : '▼', tone, text };
}

/** The position of a funnel point judged by the indicator's direction (outside the 95% limits). */
export function funnelTone(indicator: string, position: 'above998' | 'above95' | 'inside' | 'below95' | 'below998'): Tone {
  if (position === 'inside') return 'neutral';
  return toneOf(indicator, position.startsWith('above') ? 1 : -1);
}
