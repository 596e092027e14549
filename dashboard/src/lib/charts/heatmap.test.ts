import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import Heatmap from './heatmap.svelte';
import { heatmapRows, type HeatCell } from '$lib/report/org-view';

const rects = (html: string) => html.match(/<rect class="cell[^"]*"[^>]*>(?:<title>[^<]*<\/title>)?/g) ?? [];

describe('Heatmap (server render)', () => {
  const cells: HeatCell[][] = [
    [
      { text: '23%', suppressed: false, tone: 'higher', label: '23%, higher than the rest of the organisation', value: 0.23 },
      { text: '3,4', suppressed: false, tone: 'none', label: '3,4', value: 3.4 },
    ],
    [
      { text: 'fewer than 10 respondents', suppressed: true, tone: 'hidden', label: 'fewer than 10 respondents', value: null },
      { text: '3,9', suppressed: false, tone: 'lower', label: '3,9, lower than the rest of the organisation', value: 3.9 },
    ],
    [
      { text: '11%', suppressed: false, tone: 'none', label: '11%', value: 0.11 },
      { text: 'hidden to protect another group', suppressed: true, tone: 'hidden', label: 'hidden to protect another group', value: null },
    ],
  ];
  const rows = heatmapRows(cells.map((c, i) => ({ name: `Unit ${i + 1}`, cells: c })));
  const html = render(Heatmap, { props: { columns: ['Experienced', 'Leadership'], rows, label: 'Heatmap of 3 units' } }).body;

  it('is an image with a text alternative, drawn as SVG', () => {
    expect(html).toMatch(/class="heatmap-chart[^"]*" role="img" aria-label="Heatmap of 3 units"/);
    expect(html).toContain('<svg');
  });

  it('draws one rect per cell', () => {
    expect(rects(html)).toHaveLength(6);
  });

  it('hatches hidden cells, labels them with the reason and puts no value in their markup', () => {
    const hidden = rects(html).filter((t) => t.includes('suppressed'));
    expect(hidden).toHaveLength(2);
    for (const t of hidden) {
      expect(t).toContain('fill="url(#heatmap-hatch)"');
      expect(t).not.toMatch(/hsl\(/);
      // Apart from its geometry and the unit's name, nothing numeric: no value, no shade.
      const rest = t.replace(/ (x|y|width|height)="[^"]*"/g, '').replace(/svelte-\w+/, '').replace(/Unit \d: /, '').replace('fewer than 10', '');
      expect(rest).not.toMatch(/\d|%|data-value/);
    }
    expect(hidden[0]).toContain('<title>Unit 2: fewer than 10 respondents</title>');
    expect(hidden[1]).toContain('<title>Unit 3: hidden to protect another group</title>');
    expect(html.match(/class="mark[^"]*hidden-cell/g)).toHaveLength(2);
    expect(rows[1]!.cells[0]).toEqual({ suppressed: true, title: 'fewer than 10 respondents' });
  });

  it('colours published cells by value within their column and marks significance', () => {
    const shown = rects(html).filter((t) => !t.includes('suppressed'));
    expect(shown).toHaveLength(4);
    expect(shown.filter((t) => /class="cell (higher|lower)[ "]/.test(t))).toHaveLength(2);
    expect(html).toMatch(/class="mark[^"]*"[^>]*>▲</);
    expect(html).toMatch(/class="mark[^"]*"[^>]*>▼</);
    // The column's highest value is the darkest, its lowest the lightest.
    expect(rows[0]!.cells[0]).toMatchObject({ shade: 1, significance: 'higher' });
    expect(rows[2]!.cells[0]).toMatchObject({ shade: 0 });
    expect(shown[0]).toContain('hsl(205 60% 32%)');
  });
});
