import { conditionItems, werkbeleving } from '@vw/questionnaire';
import { describe, expect, it } from 'vitest';
import { applyPageForm, buildPages, PAGE_SIZE, resumePage, sectionProgress, visiblePages } from './pages';

describe('buildPages', () => {
  const pages = buildPages(werkbeleving);

  it('never puts a follow-up on the page of the question that opens it (works without JavaScript)', () => {
    for (const page of pages) {
      for (const code of page.items) {
        const item = werkbeleving.items.find((i) => i.code === code)!;
        if (item.condition) for (const dep of conditionItems(item.condition)) expect(page.items, `${code} depends on ${dep}`).not.toContain(dep);
      }
    }
  });

  it('keeps modules apart, in order, with at most PAGE_SIZE items per page', () => {
    expect(pages.every((p) => p.items.length <= PAGE_SIZE)).toBe(true);
    expect(pages.flatMap((p) => p.items)).toEqual(werkbeleving.items.map((i) => i.code));
  });

  it('shows the victim follow-up pages only to victims', () => {
    const followUp = pages.findIndex((p) => p.items.includes('sv_form'));
    expect(visiblePages(werkbeleving, pages, { sv_experienced: 1 })).not.toContain(followUp);
    expect(visiblePages(werkbeleving, pages, { sv_experienced: 3 })).toContain(followUp);
  });
});

describe('sectionProgress', () => {
  const pages = buildPages(werkbeleving);

  it('counts sections, so the total stays the same when follow-up pages open or close', () => {
    // The page count does change with the answers (the reason progress is not counted in pages).
    expect(visiblePages(werkbeleving, pages, { sv_experienced: 3 }).length).toBeGreaterThan(visiblePages(werkbeleving, pages, { sv_experienced: 1 }).length);
    const shown = pages.map((_, i) => sectionProgress(pages, i));
    expect(new Set(shown.map((p) => p.total))).toEqual(new Set([werkbeleving.modules.length]));
    expect(shown[0]).toEqual({ current: 1, total: 3 });
    expect(shown.at(-1)).toEqual({ current: 3, total: 3 });
    // Never goes backwards along the questionnaire.
    for (let i = 1; i < shown.length; i += 1) expect(shown[i]!.current).toBeGreaterThanOrEqual(shown[i - 1]!.current);
  });
});

describe('resumePage', () => {
  const pages = buildPages(werkbeleving);
  const pageOf = (code: string) => pages.findIndex((p) => p.items.includes(code));

  it('starts on the first page without answers', () => {
    expect(resumePage(werkbeleving, pages, {})).toBe(0);
  });

  it('returns to the last page that holds an answer, not to page 1', () => {
    const answers = { wl1: 2, wl2: 5, sv_experienced: 3 };
    expect(resumePage(werkbeleving, pages, answers)).toBe(pageOf('sv_experienced'));
    expect(pageOf('sv_experienced')).toBeGreaterThan(0);
  });

  it('ignores an answer on a page these answers no longer show', () => {
    // sv_form is a victim follow-up; after changing sv_experienced to "never" its page is hidden.
    const answers = { wl1: 2, sv_experienced: 1, sv_form: ['pesten'] };
    expect(resumePage(werkbeleving, pages, answers)).toBe(pageOf('sv_experienced'));
  });
});

describe('applyPageForm', () => {
  const pages = buildPages(werkbeleving);
  const svPage = pages.find((p) => p.items.includes('sv_experienced'))!;

  it('reads numbers, replaces the page answers and drops answers that became hidden', () => {
    const form = new FormData();
    form.set('sv_team_observed', '2');
    form.set('sv_experienced', '1');
    const out = applyPageForm(werkbeleving, svPage, { wl1: 4, sv_experienced: 3, sv_form: ['pesten'] }, form);
    expect(out).toEqual({ wl1: 4, sv_team_observed: 2, sv_experienced: 1 });
  });
});
