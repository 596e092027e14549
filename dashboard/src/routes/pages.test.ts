import { createRawSnippet } from 'svelte';
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import { describeAppLayout } from '@vw/app-shared/testing';
import type { Lang } from '$lib/i18n';
import type { SessionUser } from '$lib/types';
import Layout from './+layout.svelte';
import Home from './+page.svelte';

const ADMIN: SessionUser = { id: 1, email: 'admin@demo.example', role: 'admin', organisationId: null, scopeUnitId: null };
const COMMANDER: SessionUser = { id: 2, email: 'c@demo.example', role: 'commander', organisationId: 1, scopeUnitId: 5 };

const renderHome = (lang: Lang, user: SessionUser = COMMANDER): string =>
  render(Home, { props: { params: {}, data: { lang, user, csrf: 'token', path: '/', languageHref: '?lang=x' }, form: undefined } }).body;

describe('home page', () => {
  it('is Dutch for lang nl and explains the roles', () => {
    const html = renderHome('nl');
    expect(html).toContain('<h1>Welkom</h1>');
    expect(html).toContain('met de rol commandant');
    expect(html).toContain('Onderzoeker');
    expect(html).toContain('minstens 10 deelnemers');
    expect(html).not.toContain('/admin/users');
  });

  it('is English for lang en and lists the admin tasks for an admin', () => {
    const html = renderHome('en', ADMIN);
    expect(html).toContain('<h1>Welcome</h1>');
    expect(html).toContain('with the role administrator');
    expect(html).toContain('href="/admin/users"');
    expect(html).not.toContain('Welkom');
  });
});

const renderLayout = (lang: Lang, user: SessionUser | null = null): string => {
  const children = createRawSnippet(() => ({ render: () => '<p>page content</p>' }));
  return render(Layout, { props: { params: {}, data: { lang, user, csrf: user ? 'csrf-token' : null, path: '/', languageHref: `?lang=${lang === 'nl' ? 'en' : 'nl'}` }, children } }).body;
};

describeAppLayout((lang) => renderLayout(lang));

describe('layout', () => {
  it('offers only sign-in when signed out', () => {
    const html = renderLayout('en');
    expect(html).toContain('href="/login"');
    expect(html).not.toContain('/admin/');
    expect(html).not.toContain('Sign out');
  });

  it('shows the admin menu and a sign-out form with the CSRF token to an admin only', () => {
    const admin = renderLayout('en', ADMIN);
    for (const href of ['/admin/units', '/admin/instruments', '/admin/users', '/admin/organisations']) expect(admin).toContain(`href="${href}"`);
    expect(admin).toMatch(/<form method="POST" action="\/logout">[\s\S]*name="csrf" value="csrf-token"/);
    const commander = renderLayout('en', COMMANDER);
    expect(commander).not.toContain('/admin/');
    expect(commander).toContain('Signed in as c@demo.example (commander)');
  });
});
