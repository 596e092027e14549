/**
 * How a questionnaire is cut into pages, and how a page's form becomes answers. Pure functions
 * over the shared instrument definition; visibility is decided by `@vw/questionnaire` only.
 *
 * A page holds the items of one module, at most PAGE_SIZE of them, and never an item together
 * with an item its condition depends on: without JavaScript a follow-up question can only appear
 * after the page that answers its condition has been sent, so it starts the next page.
 */
import {
  conditionItems, itemOptions, SCALE_KINDS, shownAnswers, validateResponse, visibleItems,
  type Answers, type InstrumentDefinition, type Item, type ResponseIssue,
} from '@vw/questionnaire';
import type { Lang } from '$lib/i18n';
import type { ChoiceView, QuestionView } from '$lib/view-types';

export const PAGE_SIZE = 8;

export interface PageDef {
  module: string;
  items: string[];
}

/** The pages of an instrument, in order (independent of answers, so page numbers are stable). */
export function buildPages(def: InstrumentDefinition): PageDef[] {
  const pages: PageDef[] = [];
  let current: PageDef | undefined;
  for (const item of def.items) {
    const dependsOnCurrent = item.condition !== undefined && current !== undefined &&
      conditionItems(item.condition).some((code) => current!.items.includes(code));
    if (!current || current.module !== item.module || current.items.length >= PAGE_SIZE || dependsOnCurrent) {
      current = { module: item.module, items: [] };
      pages.push(current);
    }
    current.items.push(item.code);
  }
  return pages;
}

/** Indexes (into buildPages) of the pages that show at least one item for these answers. */
export function visiblePages(def: InstrumentDefinition, pages: PageDef[], answers: Answers): number[] {
  const visible = new Set(visibleItems(def, answers));
  return pages.flatMap((p, i) => (p.items.some((code) => visible.has(code)) ? [i] : []));
}

/**
 * The page to resume on: the last page shown for these answers that holds an answer (where the
 * respondent was when they stopped), or the first page when nothing is answered yet. Never a page
 * beyond one with an answer, so no question is skipped unseen.
 */
export function resumePage(def: InstrumentDefinition, pages: PageDef[], answers: Answers): number {
  const visible = visiblePages(def, pages, answers);
  const answered = visible.filter((i) => pages[i]!.items.some((code) => Object.hasOwn(answers, code)));
  return answered.at(-1) ?? visible[0] ?? 0;
}

/**
 * Where a page stands in the questionnaire, counted in sections (modules), not pages: the number
 * of pages depends on the answers (follow-up pages open and close as branches are answered), so a
 * page count would change its total under the respondent's eyes. The sections are fixed by the
 * instrument, so "section 2 of 3" is both true and stable.
 */
export function sectionProgress(pages: PageDef[], index: number): { current: number; total: number } {
  const modules = [...new Set(pages.map((p) => p.module))];
  return { current: modules.indexOf(pages[index]!.module) + 1, total: modules.length };
}

export type { ChoiceView, QuestionView } from '$lib/view-types';

export function choicesOf(item: Item, lang: Lang): ChoiceView[] {
  if (item.type === 'scale') {
    const k = SCALE_KINDS[item.scale];
    const out: ChoiceView[] = [];
    for (let v = k.min; v <= k.max; v += 1) out.push({ value: String(v), label: k.labels[v - k.min]?.[lang] ?? String(v) });
    return out;
  }
  return itemOptions(item).map((o) => ({ value: o.code, label: o.text[lang] }));
}

export function questionView(item: Item, lang: Lang, answers: Answers): QuestionView {
  const a = Object.hasOwn(answers, item.code) ? answers[item.code] : undefined;
  const selected = a === undefined ? [] : Array.isArray(a) ? a : [String(a)];
  return {
    code: item.code,
    kind: item.type === 'multi' ? 'checkbox' : item.type === 'text' ? 'text' : 'radio',
    text: item.text[lang],
    choices: choicesOf(item, lang),
    selected,
    ...(item.type === 'text' ? { maxLength: item.maxLength } : {}),
    multi: item.type === 'multi',
  };
}

/** The label of an answer, for the review step. */
export function answerLabel(item: Item, lang: Lang, value: Answers[string]): string {
  const choices = choicesOf(item, lang);
  const label = (v: string) => choices.find((c) => c.value === v)?.label ?? v;
  if (Array.isArray(value)) return value.map(label).join('; ');
  return typeof value === 'number' ? label(String(value)) : item.type === 'text' ? value : label(value);
}

/**
 * Reads a page's form into the answers: the page's items are replaced by what the form holds
 * (absent or empty = not answered), answers to items that became hidden are dropped.
 * Malformed values (a tampered form) are kept as they are, so validation reports them.
 */
export function applyPageForm(def: InstrumentDefinition, page: PageDef, answers: Answers, form: FormData): Answers {
  const next: Answers = { ...answers };
  for (const code of page.items) {
    delete next[code];
    const item = def.items.find((i) => i.code === code);
    if (!item) continue;
    const values = form.getAll(code).filter((v): v is string => typeof v === 'string');
    if (item.type === 'multi') {
      if (values.length > 0) next[code] = values;
    } else if (item.type === 'text') {
      const v = values[0]?.trim();
      if (v) next[code] = v;
    } else if (values[0] !== undefined && values[0] !== '') {
      const v = values[0];
      next[code] = item.type === 'scale' && /^\d+$/.test(v) ? Number(v) : v;
    }
  }
  return shownAnswers(def, next);
}

/** Issues of a draft that matter to the respondent (nothing is required while answering). */
export function draftIssues(def: InstrumentDefinition, answers: Answers): ResponseIssue[] {
  const r = validateResponse(def, answers);
  return r.ok ? [] : r.errors.filter((e) => e.code !== 'required_missing');
}
