import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import Heatmap from './heatmap.svelte';
import { heatmapRows, unitPaths, type HeatCell } from '$lib/report/org-view';

const rects = (html: string) => html.match(/<rect class="cell[^"]*"[^>]*>(?:<title>[^<]*<\/title>)?/g) ?? [];

describe('Heatmap (server render)', () => {
  const cells: HeatCell[][] = [
    [
      // Significantly higher on an indicator where lower is better: worse.
      { text: '23%', suppressed: false, tone: 'worse', symbol: '▲', label: '23%, higher: worse than the rest of the organisation', value: 0.23 },
      { text: '3,4', suppressed: false, tone: 'neutral', symbol: null, label: '3,4', value: 3.4 },
    ],
    [
      { text: 'fewer than 10 respondents', suppressed: true, tone: 'hidden', symbol: null, label: 'fewer than 10 respondents', value: null },
      // Significantly lower on an indicator where higher is better: worse as well.
      { text: '3,9', suppressed: false, tone: 'worse', symbol: '▼', label: '3,9, lower: worse than the rest of the organisation', value: 3.9 },
    ],
    [
      { text: '11%', suppressed: false, tone: 'better', symbol: '▼', label: '11%, lower: better than the rest of the organisation', value: 0.11 },
      { text: 'hidden to protect another group', suppressed: true, tone: 'hidden', symbol: null, label: 'hidden to protect another group', value: null },
    ],
  ];
  const rows = heatmapRows(cells.map((c, i) => ({ path: `Unit ${i + 1}`, cells: c })));
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
      // Apart from its geometry and the unit's name, nothing numeric: no value, no shade.
      const rest = t.replace(/ (x|y|width|height)="[^"]*"/g, '').replace(/svelte-\w+/, '').replace(/Unit \d: /, '').replace('fewer than 10', '');
      expect(rest).not.toMatch(/\d|%|data-value/);
    }
    expect(hidden[0]).toContain('<title>Unit 2: fewer than 10 respondents</title>');
    expect(hidden[1]).toContain('<title>Unit 3: hidden to protect another group</title>');
    expect(html.match(/class="mark[^"]*hidden-cell/g)).toHaveLength(2);
    expect(rows[1]!.cells[0]).toEqual({ suppressed: true, title: 'fewer than 10 respondents' });
  });

  it('colours cells by meaning (better/worse by direction), not by value; arrows say higher/lower', () => {
    const shown = rects(html).filter((t) => !t.includes('suppressed'));
    expect(shown).toHaveLength(4);
    // The higher value (▲) on a lower-is-better figure and the lower value (▼) on a higher-is-better
    // figure are both orange (worse); the ▼ on a lower-is-better figure is blue (better).
    expect(shown[0]).toMatch(/class="cell worse[^"]*significant/);
    expect(shown[0]).toContain('fill="#f5b98a"');
    expect(shown[2]).toContain('fill="#f5b98a"');
    expect(shown[3]).toMatch(/class="cell better/);
    expect(shown[3]).toContain('fill="#9cc3e6"');
    // No significant difference: the same light grey whatever the value.
    expect(shown[1]).toContain('fill="#eef1f4"');
    expect(html).toMatch(/class="mark[^"]*"[^>]*>▲</);
    expect(html).toMatch(/class="mark[^"]*"[^>]*>▼</);
  });
});

describe('unitPaths', () => {
  const scopes = [
    { code: 'ROOT', name: 'Defensie', parent: null },
    { code: 'B13', name: '13 Lichte Brigade', parent: 'ROOT' },
    { code: 'B43', name: '43 Gemechaniseerde Brigade', parent: 'ROOT' },
    { code: 'BV13', name: '13 Bevo', parent: 'B13' },
    { code: 'BV43', name: '43 Bevo', parent: 'B43' },
    { code: 'A13', name: 'A-compagnie', parent: 'BV13' },
    { code: 'A43', name: 'A-compagnie', parent: 'BV43' },
    { code: 'C13', name: 'C-compagnie', parent: 'BV13' },
  ];
  it('shows the parent when units of several parents appear, and more ancestors until labels are unique', () => {
    const p = unitPaths(scopes, ['A13', 'A43', 'C13']);
    expect(p.get('A13')).toBe('13 Bevo › A-compagnie');
    expect(p.get('A43')).toBe('43 Bevo › A-compagnie');
    expect(p.get('C13')).toBe('13 Bevo › C-compagnie');
  });
  it('keeps plain names for units of one parent and never shows the root', () => {
    expect(unitPaths(scopes, ['A13', 'C13']).get('A13')).toBe('A-compagnie');
    expect(unitPaths(scopes, ['B13', 'B43']).get('B13')).toBe('13 Lichte Brigade');
  });
  it('goes up as far as needed', () => {
    const same = [...scopes.slice(0, 3), { code: 'X1', name: 'Bevo', parent: 'B13' }, { code: 'X2', name: 'Bevo', parent: 'B43' }, { code: 'Y1', name: 'A', parent: 'X1' }, { code: 'Y2', name: 'A', parent: 'X2' }];
    expect(unitPaths(same, ['Y1', 'Y2']).get('Y1')).toBe('13 Lichte Brigade › Bevo › A');
  });
});
