import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import BarChart from './bar-chart.svelte';

const data = [
  { label: 'a', value: 50 },
  { label: 'b', value: 25 },
  { label: 'c', value: 100 },
];

const rects = (html: string): string[] => html.match(/<rect\b[^>]*>/g) ?? [];
const attr = (tag: string, name: string): number => Number(new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1]);

describe('BarChart', () => {
  it('renders an svg with one rect per datum inside an image with a text alternative', () => {
    const html = render(BarChart, { props: { data, label: 'Three bars: a 50, b 25, c 100' } }).body;
    expect(html).toMatch(/<div class="bar-chart[^"]*" role="img" aria-label="Three bars: a 50, b 25, c 100"/);
    expect(html).toContain('<svg');
    expect(rects(html)).toHaveLength(3);
  });

  it('makes bar width proportional to the value against max, in percent of the chart', () => {
    const html = render(BarChart, { props: { data, label: 'bars', max: 200 } }).body;
    expect(rects(html).map((tag) => attr(tag, 'width'))).toEqual([25, 12.5, 50]);
  });

  it('stacks the bars top to bottom in data order without overlap', () => {
    const bars = rects(render(BarChart, { props: { data, label: 'bars' } }).body).map((tag) => ({
      y: attr(tag, 'y'),
      height: attr(tag, 'height'),
    }));
    expect(bars.every((bar) => bar.height > 0)).toBe(true);
    for (let i = 1; i < bars.length; i++) {
      const previous = bars[i - 1];
      const current = bars[i];
      if (!previous || !current) throw new Error('missing bar');
      expect(current.y).toBeGreaterThanOrEqual(previous.y + previous.height);
    }
    const last = bars.at(-1);
    expect((last?.y ?? 0) + (last?.height ?? 0)).toBeLessThanOrEqual(100);
  });

  it('draws the longest bar full width when no max is given', () => {
    const html = render(BarChart, { props: { data, label: 'bars' } }).body;
    expect(rects(html).map((tag) => attr(tag, 'width'))).toEqual([50, 25, 100]);
  });
});
