import { conditionItems, werkbeleving } from '@vw/questionnaire';
import { describe, expect, it } from 'vitest';
import { applyPageForm, buildPages, PAGE_SIZE, sectionProgress, visiblePages } from './pages';

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
