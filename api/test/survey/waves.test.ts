/** Administering waves through the CLI: create, invite (CSV), own items, open links, close. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Whole-suite runs share two cores with heavy analysis tests: give database set-up room.
vi.setConfig({ hookTimeout: 120_000, testTimeout: 60_000 });
import { createApp } from '../../src/app.js';
import { runCommand } from '../../src/cli/commands.js';
import { queryRows, sql } from '../../src/db/client.js';
import { hashCode, TOKEN_LENGTH } from '../../src/services/invitations.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrganisation, createPopulation } from './factories.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await createOrganisation(t.db);
  await createPopulation(t.db, 'TST-C1');
});
afterAll(async () => { await t.destroy(); });

async function cli(...argv: string[]): Promise<string[]> {
  const lines: string[] = [];
  await runCommand(t, argv, (l) => lines.push(l));
  return lines;
}

const future = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

describe('wave create', () => {
  it('creates a wave over all units of the organisation', async () => {
    const out = await cli('wave', 'create', '--code', 'TST-C1', '--org', 'TST', '--instrument', 'werkbeleving-sv@1', '--units', 'all', '--opens', future(2), '--closes', future(30));
    expect(out[0]).toMatch(/wave TST-C1 created \(census\)/);
    const rows = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from wave_units wu join waves w on w.id = wu.wave_id where w.code = 'TST-C1'`);
    expect(rows[0]!.n).toBe(4);
  });

  it('creates a sample wave over listed units', async () => {
    await cli('wave', 'create', '--code', 'TST-S1', '--org', 'TST', '--instrument', 'werkbeleving-sv@1', '--units', 'TST-A,TST-B', '--opens', '2020-01-01', '--closes', future(30), '--kind', 'sample');
    const rows = await queryRows<{ kind: string; n: number }>(t.db, sql`select w.kind, count(*)::int as n from wave_units wu join waves w on w.id = wu.wave_id where w.code = 'TST-S1' group by w.kind`);
    expect(rows).toEqual([{ kind: 'sample', n: 2 }]);
  });

  it.each([
    [['--units', 'all', '--opens', future(5), '--closes', future(2)], /open before it closes/],
    [['--units', 'NOPE', '--opens', future(1), '--closes', future(2)], /unknown unit/],
    [['--units', 'all', '--opens', 'gisteren', '--closes', future(2)], /not a date/],
    [['--units', 'all', '--opens', future(1), '--closes', future(2), '--kind', 'poll'], /census or sample/],
  ])('refuses bad arguments %#', async (args, message) => {
    await expect(cli('wave', 'create', '--code', 'TST-X', '--org', 'TST', '--instrument', 'werkbeleving-sv@1', ...args)).rejects.toThrow(message);
  });

  it('refuses a duplicate code', async () => {
    await expect(cli('wave', 'create', '--code', 'TST-C1', '--org', 'TST', '--instrument', 'werkbeleving-sv@1', '--units', 'all', '--opens', future(1), '--closes', future(2))).rejects.toThrow(/exists/);
  });
});

describe('wave invite', () => {
  it('prints CSV unit,link with one invitation per head of own staff, storing only hashes', async () => {
    const out = await cli('wave', 'invite', '--wave', 'TST-C1');
    expect(out[0]).toBe('unit,link');
    const rows = out.slice(1).map((l) => l.split(','));
    const perUnit = new Map<string, number>();
    for (const [unit] of rows) perUnit.set(unit!, (perUnit.get(unit!) ?? 0) + 1);
    // headcounts include sub-units: TST 20 - (12 + 6) = 2, TST-A 12 - 5 = 7
    expect(Object.fromEntries(perUnit)).toEqual({ TST: 2, 'TST-A': 7, 'TST-A1': 5, 'TST-B': 6 });
    const tokens = rows.map(([, link]) => /\/t\/([a-z2-7]+)$/.exec(link!)![1]!);
    expect(tokens.every((tk) => tk.length === TOKEN_LENGTH)).toBe(true);
    expect(new Set(tokens).size).toBe(tokens.length);
    const stored = await queryRows<{ h: string }>(t.db, sql`select encode(token_hash, 'hex') as h from invitations`);
    const hashes = new Set(stored.map((r) => r.h));
    for (const tk of tokens) expect(hashes.has(hashCode(tk).toString('hex'))).toBe(true);
    const dump = JSON.stringify(await queryRows(t.db, sql`select * from invitations`));
    for (const tk of tokens) expect(dump).not.toContain(tk);
  });

  it('takes --unit and --count', async () => {
    const out = await cli('wave', 'invite', '--wave', 'TST-C1', '--unit', 'TST-B', '--count', '3');
    expect(out.slice(1).map((l) => l.split(',')[0])).toEqual(['TST-B', 'TST-B', 'TST-B']);
  });

  it('needs --count when there is no headcount for the wave', async () => {
    await expect(cli('wave', 'invite', '--wave', 'TST-S1')).rejects.toThrow(/--count/);
    expect((await cli('wave', 'invite', '--wave', 'TST-S1', '--count', '1'))).toHaveLength(3);
  });

  it('uses at least 128 bits of randomness per token', () => {
    expect(TOKEN_LENGTH * 5).toBeGreaterThanOrEqual(128);
  });
});

describe('own items (commander items)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vw-items-'));
  const file = (items: unknown) => {
    const p = join(dir, `${Math.random()}.json`);
    writeFileSync(p, JSON.stringify(items));
    return p;
  };
  const own = [
    { code: 'eigen_oefening', type: 'scale', scale: 'agree5', text: { nl: 'De laatste oefening was goed voorbereid.', en: 'The last exercise was well prepared.' } },
    { code: 'eigen_kantine', type: 'yesno', text: { nl: 'Ik gebruik de kantine.', en: 'I use the canteen.' } },
  ];

  it('publishes a new version for the unit before the wave opens; the base version is unchanged', async () => {
    const out = await cli('wave', 'items', '--wave', 'TST-C1', '--unit', 'TST-A', file(own));
    expect(out[0]).toMatch(/TST-A of wave TST-C1 now answers werkbeleving-sv@2/);
    const rows = await queryRows<{ unit: string; ref: string; items: number }>(t.db, sql`
      select u.code as unit, i.code || '@' || v.version as ref, jsonb_array_length(v.definition->'items') as items
      from wave_units wu join waves w on w.id = wu.wave_id join units u on u.id = wu.unit_id
      join instrument_versions v on v.id = wu.instrument_version_id join instruments i on i.id = v.instrument_id
      where w.code = 'TST-C1' order by u.code`);
    const base = rows.find((r) => r.unit === 'TST-B')!;
    expect(base.ref).toBe('werkbeleving-sv@1');
    expect(rows.find((r) => r.unit === 'TST-A')).toEqual({ unit: 'TST-A', ref: 'werkbeleving-sv@2', items: base.items + 2 });
    const [def] = await queryRows<{ d: { items: { code: string; module: string }[] } }>(t.db, sql`select definition as d from instrument_versions where version = 2`);
    const codes = def!.d.items.map((i) => i.code);
    expect(codes.indexOf('eigen_oefening')).toBeLessThan(codes.indexOf('gender'));
    expect(codes.indexOf('eigen_oefening')).toBeGreaterThan(codes.indexOf('sv_fear'));
  });

  it.each([
    ['more than five items', Array.from({ length: 6 }, (_, i) => ({ ...own[1], code: `eigen_${i}` })), /at most 5/],
    ['an item with a condition', [{ ...own[1], condition: { item: 'wl1', op: 'answered' } }], /conditions/],
    ['a type the instrument does not use', [{ code: 'eigen_t', type: 'text', maxLength: 100, text: { nl: 'x', en: 'x' } }], /not used/],
    ['a code that exists', [{ ...own[1], code: 'wl1' }], /duplicate item code/],
  ])('refuses %s', async (_n, items, message) => {
    await expect(cli('wave', 'items', '--wave', 'TST-C1', '--unit', 'TST-B', file(items))).rejects.toThrow(message);
  });

  it('refuses once the wave has opened', async () => {
    await expect(cli('wave', 'items', '--wave', 'TST-S1', '--unit', 'TST-A', file(own))).rejects.toThrow(/has opened/);
  });
});

describe('open links and close', () => {
  it('prints one access code per unit and the invitations it starts work until close', async () => {
    const out = await cli('wave', 'open-links', '--wave', 'TST-S1');
    expect(out[0]).toBe('unit,link,code');
    expect(out).toHaveLength(3);
    const code = out[1]!.split(',')[2]!;
    const app = createApp({ db: t.db });
    const started = await app.request('/survey/open', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
    expect(started.status).toBe(200);
    const closed = await cli('wave', 'close', '--wave', 'TST-S1');
    expect(closed[0]).toMatch(/wave TST-S1 closed: 0 invitations used, 3 unused invitations stopped working/);
    const again = await app.request('/survey/open', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
    expect(again.status).toBe(409);
    await expect(cli('wave', 'invite', '--wave', 'TST-S1', '--count', '1')).rejects.toThrow(/closed/);
  });

  it('lists the wave commands in the usage text', async () => {
    await expect(cli('wave', 'frobnicate', '--wave', 'X')).rejects.toThrow(/create, invite, open-links, items or close/);
    const { USAGE } = await import('../../src/cli/commands.js');
    expect(USAGE).toContain('wave invite --wave W [--unit U] [--count N]');
  });
});
