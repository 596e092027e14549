/**
 * What docs/anonymity.md promises about the database and the logs, checked on a real database:
 * no shared value between invitations and responses, ids that do not follow insertion order, and
 * after closing a wave no row version or physical position that pairs an invitation with a response.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Whole-suite runs share two cores with heavy analysis tests: give database set-up room.
vi.setConfig({ hookTimeout: 120_000, testTimeout: 60_000 });
import { createApp } from '../../src/app.js';
import { queryRows, sql } from '../../src/db/client.js';
import { closeWave } from '../../src/services/invitations.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { completeAnswers, createOpenWave, createOrganisation, tokens } from './factories.js';

let t: TestDatabase;
let submitted: string[] = [];
const logged: string[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  await createOrganisation(t.db);
  await createOpenWave(t.db, { code: 'TST-AN' });
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => { logged.push(args.map(String).join(' ')); });
  }
  const app = createApp({ db: t.db });
  const all = await tokens(t.db, 'TST-AN', 'TST-A', 30);
  submitted = all.slice(0, 24);
  for (const [i, token] of submitted.entries()) {
    const answers = { ...completeAnswers(i % 3 === 0), sat: (i % 10) + 1 };
    await app.request('/survey/draft', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token, answers: { wl1: 1 } }) });
    const res = await app.request('/survey/submit', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token, answers, key: randomBytes(18).toString('base64url') }) });
    expect(res.status).toBe(200);
  }
  // a few failures too, so error paths are covered by the log check
  await app.request('/survey/submit', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: submitted[0], answers: { sat: 99 }, key: 'x'.repeat(22) }) });
  await app.request('/survey/session', { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.77' }, body: JSON.stringify({ token: 'q'.repeat(26) }) });
});
afterAll(async () => {
  vi.restoreAllMocks();
  await t.destroy();
});

type Row = { xmin: string; ctid: string };
const ctidKey = (ctid: string) => { const [page, item] = ctid.slice(1, -1).split(',').map(Number); return page! * 100_000 + item!; };

describe('while the wave is open', () => {
  it('responses equal submissions and carry no value of the invitation', async () => {
    const [r] = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from responses`);
    expect(r!.n).toBe(submitted.length);
    const shared = await queryRows(t.db, sql`
      select 1 from responses r join invitations i on i.unit_id = r.unit_id
      where r.answers::text like '%' || encode(i.token_hash, 'hex') || '%' or r.id::text = encode(i.token_hash, 'hex')`);
    expect(shared).toEqual([]);
  });

  it('gives response ids that do not follow insertion order', async () => {
    const rows = await queryRows<{ id: string; sat: number }>(t.db, sql`select id::text, (answers->>'sat')::int as sat from responses order by id`);
    const inserted = submitted.map((_, i) => (i % 10) + 1);
    expect(rows.map((r) => r.sat)).not.toEqual(inserted);
  });

  it('has no draft left for a submitted token', async () => {
    const [d] = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from drafts`);
    expect(d!.n).toBe(0);
  });

  it('does share transaction ids between a used invitation and its response (the documented risk)', async () => {
    // This is why closing a wave rewrites both tables: see docs/anonymity.md.
    const inv = await queryRows<Row>(t.db, sql`select xmin::text as xmin, ctid::text as ctid from invitations where used`);
    const resp = await queryRows<Row>(t.db, sql`select xmin::text as xmin, ctid::text as ctid from responses`);
    const invX = new Set(inv.map((r) => r.xmin));
    expect(resp.filter((r) => invX.has(r.xmin)).length).toBe(submitted.length);
  });
});

describe('after closing the wave', () => {
  beforeAll(async () => { await closeWave(t.db, 'TST-AN'); });

  it('no response shares a transaction id with an invitation in a way that singles one out', async () => {
    const inv = await queryRows<Row>(t.db, sql`select xmin::text as xmin from invitations`);
    const resp = await queryRows<Row>(t.db, sql`select xmin::text as xmin from responses`);
    expect(new Set(inv.map((r) => r.xmin)).size).toBe(1);
    expect(new Set(resp.map((r) => r.xmin)).size).toBe(1);
  });

  it('stores responses in the order of their random ids and invitations in the order of their hashes', async () => {
    const resp = await queryRows<{ id: string; ctid: string }>(t.db, sql`select id::text, ctid::text as ctid from responses order by id`);
    const byCtid = [...resp].sort((a, b) => ctidKey(a.ctid) - ctidKey(b.ctid));
    expect(byCtid.map((r) => r.id)).toEqual(resp.map((r) => r.id));
    const inv = await queryRows<{ h: string; ctid: string }>(t.db, sql`select encode(token_hash, 'hex') as h, ctid::text as ctid from invitations order by token_hash`);
    const invByCtid = [...inv].sort((a, b) => ctidKey(a.ctid) - ctidKey(b.ctid));
    expect(invByCtid.map((r) => r.h)).toEqual(inv.map((r) => r.h));
  });

  it('keeps the used flag and the counts', async () => {
    const [r] = await queryRows<{ used: number; unused: number }>(t.db, sql`select count(*) filter (where used)::int as used, count(*) filter (where not used)::int as unused from invitations`);
    expect(r).toEqual({ used: submitted.length, unused: 30 - submitted.length });
  });
});

describe('logs', () => {
  it('never contain a token, an answer or an address', () => {
    const text = logged.join('\n');
    for (const token of submitted) expect(text).not.toContain(token);
    expect(text).not.toContain('qqqqqqqqqq');
    expect(text).not.toContain('203.0.113.77');
    expect(text).not.toMatch(/sv_experienced|answers/);
  });
});
