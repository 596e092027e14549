import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, sql } from '../src/db/client.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';

let t: TestDatabase;
beforeAll(async () => { t = await createTestDatabase(); });
afterAll(async () => { await t.destroy(); });

describe('migrations', () => {
  it('create every table on an empty database', async () => {
    const rows = await queryRows<{ table_name: string }>(t.db, sql`
      select table_name from information_schema.tables where table_schema = 'public' order by table_name`);
    expect(rows.map((r) => r.table_name)).toEqual(expect.arrayContaining([
      'audit_log', 'drafts', 'instrument_versions', 'instruments', 'invitations', 'organisations',
      'population', 'responses', 'units', 'users', 'wave_units', 'waves',
    ]));
  });

  it('do nothing when applied a second time', async () => {
    const before = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
    await t.migrate();
    await t.migrate();
    const after = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
    expect(after[0]!.n).toBe(before[0]!.n);
    expect(before[0]!.n).toBeGreaterThanOrEqual(2);
  });

  it('refuse to change a published instrument version', async () => {
    await t.db.execute(sql`insert into instruments (code) values ('x')`);
    await t.db.execute(sql`insert into instrument_versions (instrument_id, version, definition)
      select id, 1, '{}'::jsonb from instruments where code = 'x'`);
    await expect(t.db.execute(sql`update instrument_versions set definition = '{"a":1}'::jsonb`)).rejects.toThrow();
    await expect(t.db.execute(sql`delete from instrument_versions`)).rejects.toThrow();
  });
});

describe('anonymity in the catalog', () => {
  it('has no foreign key between invitations (or drafts) and responses', async () => {
    const fks = await queryRows<{ src: string; dst: string }>(t.db, sql`
      select conrelid::regclass::text as src, confrelid::regclass::text as dst
      from pg_constraint where contype = 'f'`);
    const linked = new Set(['invitations', 'drafts']);
    for (const fk of fks) {
      const pair = [fk.src, fk.dst];
      expect(pair.includes('responses') && pair.some((p) => linked.has(p)), `${fk.src} -> ${fk.dst}`).toBe(false);
    }
    // and no path through the foreign-key graph either
    const adjacency = new Map<string, Set<string>>();
    for (const fk of fks) {
      if (!adjacency.has(fk.src)) adjacency.set(fk.src, new Set());
      adjacency.get(fk.src)!.add(fk.dst);
    }
    const reachable = (from: string) => {
      const seen = new Set([from]); const stack = [from];
      while (stack.length) for (const n of adjacency.get(stack.pop()!) ?? []) if (!seen.has(n)) { seen.add(n); stack.push(n); }
      return seen;
    };
    expect(reachable('invitations').has('responses')).toBe(false);
    expect(reachable('responses').has('invitations')).toBe(false);
  });

  it('gives responses no column that could hold a token, an invitation, an address or a time', async () => {
    const cols = await queryRows<{ column_name: string; data_type: string }>(t.db, sql`
      select column_name, data_type from information_schema.columns where table_name = 'responses'`);
    for (const c of cols) {
      expect(c.column_name).not.toMatch(/token|invitation|ip|agent|address|email|user/i);
      expect(c.data_type).not.toMatch(/timestamp|time/);
    }
    const invCols = await queryRows<{ column_name: string; data_type: string }>(t.db, sql`
      select column_name, data_type from information_schema.columns where table_name = 'invitations'`);
    for (const c of invCols) {
      expect(c.column_name).not.toMatch(/response/i);
      expect(c.data_type).not.toMatch(/timestamp|date|time/);
    }
  });

  it('has no index or column on responses that follows insertion order', async () => {
    const cols = await queryRows<{ column_name: string; column_default: string | null }>(t.db, sql`
      select column_name, column_default from information_schema.columns where table_name = 'responses'`);
    for (const c of cols) expect(c.column_default ?? '').not.toMatch(/nextval|now\(\)|current_timestamp/i);
    const idType = await queryRows<{ data_type: string }>(t.db, sql`
      select data_type from information_schema.columns where table_name = 'responses' and column_name = 'id'`);
    expect(idType[0]!.data_type).toBe('uuid');
  });
});
