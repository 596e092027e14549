import { createRawSnippet } from 'svelte';
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import type { Lang } from '$lib/i18n';
import DemoChart from './demo-chart/+page.svelte';
import { DEMO_DATA } from './demo-chart/demo-data';
import Layout from './+layout.svelte';
import Home from './+page.svelte';

const renderHome = (lang: Lang): string => render(Home, { props: { params: {}, data: { lang } } }).body;
const renderDemo = (lang: Lang): string => render(DemoChart, { props: { params: {}, data: { lang } } }).body;

describe('home page', () => {
  it('is Dutch for lang nl and explains the roles', () => {
    const html = renderHome('nl');
    expect(html).toContain('<h1>Inloggen</h1>');
    expect(html).toContain('Commandant');
    expect(html).toContain('Onderzoeker');
    expect(html).toContain('Beheerder');
    expect(html).toContain('minstens 10 deelnemers');
  });

  it('is English for lang en', () => {
    const html = renderHome('en');
    expect(html).toContain('<h1>Sign in</h1>');
    expect(html).toContain('Commander');
    expect(html).toContain('Researcher');
    expect(html).toContain('Administrator');
    expect(html).not.toContain('Inloggen');
  });
});

describe('demo chart page', () => {
  it('renders the chart on the server with one bar per data point', () => {
    const html = renderDemo('nl');
    expect(html).toContain('<svg');
    expect(html.match(/<rect\b/g)).toHaveLength(DEMO_DATA.length);
  });

  it('gives the chart a text alternative with the numbers', () => {
    const html = renderDemo('nl');
    const label = /role="img" aria-label="([^"]*)"/.exec(html)?.[1];
    expect(label).toContain('Staafdiagram');
    expect(label).toContain('Pesten 14,2%');
    expect(renderDemo('en')).toMatch(/aria-label="Bar chart[^"]*Bullying 14\.2%/);
  });

  it('shows the data in a table beneath the chart', () => {
    const html = renderDemo('en');
    expect(html.indexOf('<table')).toBeGreaterThan(html.indexOf('<svg'));
    expect(html.match(/<th scope="row"/g)).toHaveLength(DEMO_DATA.length);
    expect(html).toMatch(/<th scope="row"[^>]*>Sexual harassment<\/th>\s*<td class="number[^"]*">6\.5%<\/td>/);
  });
});

describe('layout', () => {
  const renderLayout = (lang: Lang): string => {
    const children = createRawSnippet(() => ({ render: () => '<p>page content</p>' }));
    return render(Layout, { props: { params: {}, data: { lang }, children } }).body;
  };

  it('has a skip link to the main landmark around the page', () => {
    const html = renderLayout('nl');
    expect(html).toMatch(/<a class="skip-link[^"]*" href="#main">Ga naar de inhoud<\/a>/);
    expect(html).toMatch(/<main id="main"[^>]*>[\s\S]*<p>page content<\/p>[\s\S]*<\/main>/);
  });

  it('offers the other language', () => {
    expect(renderLayout('nl')).toMatch(/href="\?lang=en"[^>]*>\s*English\s*</);
    expect(renderLayout('en')).toMatch(/href="\?lang=nl"[^>]*>\s*Nederlands\s*</);
  });
});
