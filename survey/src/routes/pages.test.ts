import { createRawSnippet } from 'svelte';
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import { describeAppLayout } from '@vw/app-shared/testing';
import type { Lang } from '$lib/i18n';
import Layout from './+layout.svelte';
import Page from './+page.svelte';

const renderHome = (lang: Lang): string => render(Page, { props: { params: {}, data: { lang, home: '/' }, form: null } }).body;

const renderLayout = (lang: Lang): string => {
  const children = createRawSnippet(() => ({ render: () => '<p>page content</p>' }));
  return render(Layout, { props: { params: {}, data: { lang, home: '/' }, children } }).body;
};

describe('home page', () => {
  it('is Dutch for lang nl', () => {
    const html = renderHome('nl');
    expect(html).toContain('Welkom bij de vragenlijst over sociale veiligheid');
    expect(html).toContain('persoonlijke uitnodigingslink');
    expect(html).toContain('minstens 10 deelnemers');
    expect(html).not.toContain('Welcome');
  });

  it('is English for lang en', () => {
    const html = renderHome('en');
    expect(html).toContain('Welcome to the social safety survey');
    expect(html).toContain('personal invitation link');
    expect(html).toContain('at least 10 respondents');
    expect(html).not.toContain('Welkom');
  });
});

describeAppLayout(renderLayout);

describe('layout', () => {
  it('names the skip link in the page\'s language', () => {
    expect(renderLayout('en')).toContain('Skip to content');
  });
});
