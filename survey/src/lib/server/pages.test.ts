import { conditionItems, werkbeleving } from '@vw/questionnaire';
import { describe, expect, it } from 'vitest';
import { applyPageForm, buildPages, PAGE_SIZE, visiblePages } from './pages';

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
