/** How figures and suppressed cells are written on the pages and in the text alternatives. */
import { DEFAULT_K } from '@vw/analysis/rules';
import type { Lang } from '$lib/i18n';
import { t } from '$lib/i18n';
import type { ReleaseRecord } from './types';

const LOCALES: Record<Lang, string> = { nl: 'nl-NL', en: 'en-GB' };

export interface Rules {
  /** Minimum group size (k). */
  k: number;
  /** Minimum number of victims for victim-based figures. */
  kv: number;
}

/** The rules a release or report states, the platform's default (DEFAULT_K) where it states none. */
export function rulesWith(k: number | null | undefined, kv: number | null | undefined): Rules {
  return { k: k ?? DEFAULT_K, kv: kv ?? DEFAULT_K };
}

/**
 * A value as text: a share (0–1) as a percentage, a mean with one decimal.
 *
 * @example formatValue('nl', 0.125, 'share') // '12,5%'
 */
export function formatValue(lang: Lang, value: number, kind: 'share' | 'mean'): string {
  return formatter(lang, kind === 'share' ? 'percent' : 'decimal', 1, kind === 'share' ? 0 : 1).format(value);
}

export function formatNumber(lang: Lang, value: number, digits = 0): string {
  return formatter(lang, 'decimal', digits, digits).format(value);
}

// Building an Intl.NumberFormat costs ~100× formatting with one: a page of 300 units formats
// ~20,000 numbers, so the formatters are made once per (language, style, digits) and reused.
const formatters = new Map<string, Intl.NumberFormat>();
function formatter(lang: Lang, style: 'percent' | 'decimal', max: number, min: number): Intl.NumberFormat {
  const key = `${lang}|${style}|${max}|${min}`;
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = new Intl.NumberFormat(LOCALES[lang], { style, maximumFractionDigits: max, minimumFractionDigits: min })));
  return f;
}

/** Why a cell is not shown, in plain words ("fewer than 10 respondents"). */
export function suppressedText(lang: Lang, reason: string | null, rules: Rules): string {
  switch (reason) {
    case 'min_n':
      return t(lang, 'suppressed.min_n', { k: rules.k });
    case 'min_victims':
      return t(lang, 'suppressed.min_victims', { kv: rules.kv });
    case 'complementary':
      return t(lang, 'suppressed.complementary');
    case 'level':
      return t(lang, 'suppressed.level');
    case 'previous':
      return t(lang, 'suppressed.previous');
    case 'suppressed':
      return t(lang, 'suppressed.any', { k: rules.k });
    default:
      return t(lang, 'suppressed.other');
  }
}

export function kindOf(r: Pick<ReleaseRecord, 'option' | 'base'>): 'share' | 'mean' {
  return r.option === 'mean' ? 'mean' : 'share';
}

/** A cell ready to show: its value and interval as text, or why it is hidden. */
export interface CellText {
  suppressed: boolean;
  /** The value, or the suppression reason in words. */
  text: string;
  interval: string;
  n: string;
}

export function cellText(lang: Lang, row: ReleaseRecord | undefined, _rules?: Rules): CellText {
  if (!row) return { suppressed: true, text: t(lang, 'value.notAsked'), interval: '', n: '' };
  // One label on every screen, whatever the reason (explained once per page and on /help); the
  // exports keep the reason in words (suppressedText).
  if (row.suppressed || row.value === null) return { suppressed: true, text: t(lang, 'suppressed.label'), interval: '', n: '' };
  const kind = kindOf(row);
  const interval = row.ciLow !== null && row.ciHigh !== null && row.indicator !== 'response_rate'
    ? t(lang, 'value.interval', { low: formatValue(lang, row.ciLow, kind), high: formatValue(lang, row.ciHigh, kind) })
    : '';
  return { suppressed: false, text: formatValue(lang, row.value, kind), interval, n: row.n === null ? '' : formatNumber(lang, row.n) };
}
