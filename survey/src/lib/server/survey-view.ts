/** Builds what the survey pages show from a session, in one language. */
import { getItem, visibleItems, type InstrumentDefinition } from '@vw/questionnaire';
import type { SurveySession } from '@vw/api/survey';
import type { Lang } from '$lib/i18n';
import type { SignpostView } from '$lib/view-types';
import { buildPages, visiblePages, type PageDef } from './pages';

const pagesCache = new WeakMap<object, PageDef[]>();

/** Pages per definition object (a session is fetched per request; the cut is cheap but kept). */
export function pagesOf(def: InstrumentDefinition): PageDef[] {
  let p = pagesCache.get(def);
  if (!p) {
    p = buildPages(def);
    pagesCache.set(def, p);
  }
  return p;
}

export interface Flow {
  pages: PageDef[];
  /** Indexes of the pages shown for the current answers. */
  visible: number[];
}

export function flowOf(session: SurveySession): Flow {
  const def = session.instrument.definition;
  const pages = pagesOf(def);
  return { pages, visible: visiblePages(def, pages, session.answers) };
}

/** About ten seconds per question, rounded up to whole minutes. */
export function estimatedMinutes(def: InstrumentDefinition): number {
  return Math.max(1, Math.ceil((visibleItems(def, {}).length * 10) / 60));
}

const PLACEHOLDER = '{reporting_point_url}';

/** The module's intro (the social-safety signpost), split around the reporting-point link. */
export function signpostOf(def: InstrumentDefinition, module: string, lang: Lang, url: string | null, title: string): SignpostView | null {
  const intro = def.modules.find((m) => m.code === module)?.intro?.[lang];
  if (!intro) return null;
  const at = intro.indexOf(PLACEHOLDER);
  if (at < 0) return { title, before: intro, after: '', placeholder: false, url: null };
  const before = intro.slice(0, at);
  const after = intro.slice(at + PLACEHOLDER.length);
  if (url) return { title, before, after, placeholder: true, url };
  // No link configured: the sentence already names the reporting point, so the placeholder's
  // lead-in (": ") goes and the fallback only says where to find it ("(zie het intranet)").
  return { title, before: `${before.replace(/[\s:]+$/, '')} `, after: after === '' ? '.' : after, placeholder: true, url: null };
}

export function moduleTitle(def: InstrumentDefinition, module: string, lang: Lang): string {
  return def.modules.find((m) => m.code === module)?.title[lang] ?? module;
}

export { getItem };
