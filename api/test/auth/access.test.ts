import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditRead, canReadUnit, readableUnitIds, assertCanReadUnit } from '../../src/auth/access.js';
import { getSessionUser } from '../../src/auth/session.js';
import { auditLog } from '../../src/db/schema.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { EMAIL, PERSONAS, createFixture, signIn, type Fixture, type Persona } from './fixture.js';
import type { SessionUser } from '../../src/auth/session.js';

let database: TestDatabase;
let f: Fixture;
const who = {} as Record<Persona, SessionUser>;

beforeAll(async () => {
  database = await createTestDatabase();
  f = await createFixture(database.db);
  for (const p of PERSONAS) {
    const s = await signIn(f.app, EMAIL[p]);
    who[p] = (await getSessionUser(database.db, s.cookie.split('=')[1]))!;
  }
}, 120_000);
afterAll(async () => database.destroy());

// commander: COMP-A; otherCommander: COMP-B (a sibling under BRIG).
const MATRIX: [string, Record<Persona, boolean>][] = [
  ['ORG', { admin: true, researcher: true, commander: false, otherCommander: false }],
  ['BRIG', { admin: true, researcher: true, commander: false, otherCommander: false }],
  ['COMP-A', { admin: true, researcher: true, commander: true, otherCommander: false }],
  ['PLT-A1', { admin: true, researcher: true, commander: true, otherCommander: false }],
  ['COMP-B', { admin: true, researcher: true, commander: false, otherCommander: true }],
  ['OTHER-1', { admin: true, researcher: false, commander: false, otherCommander: false }],
  ['NOPE', { admin: false, researcher: false, commander: false, otherCommander: false }],
];

describe('canReadUnit', () => {
  for (const [code, expected] of MATRIX) {
    it.each(PERSONAS)(`${code} for %s, by code and by id`, async (p) => {
      expect(await canReadUnit(database.db, who[p], code)).toBe(expected[p]);
      const id = f.units.get(code)?.id ?? 999_999;
      expect(await canReadUnit(database.db, who[p], id)).toBe(expected[p]);
    });
  }

  it('assertCanReadUnit throws a 403 AuthError', async () => {
    await expect(assertCanReadUnit(database.db, who.commander, 'COMP-B')).rejects.toMatchObject({ status: 403, code: 'forbidden' });
    await expect(assertCanReadUnit(database.db, who.commander, 'PLT-A1')).resolves.toBeUndefined();
  });
});

describe('readableUnitIds', () => {
  it('lists a commander\'s subtree, a researcher\'s organisation, all for an admin', async () => {
    const id = (c: string) => f.units.get(c)!.id;
    expect(new Set((await readableUnitIds(database.db, who.commander)) as number[])).toEqual(new Set([id('COMP-A'), id('PLT-A1')]));
    expect(new Set((await readableUnitIds(database.db, who.researcher)) as number[])).toEqual(new Set(['ORG', 'BRIG', 'COMP-A', 'COMP-B', 'PLT-A1'].map(id)));
    expect(await readableUnitIds(database.db, who.admin)).toBe('all');
  });
});

describe('auditRead', () => {
  it('writes who read what', async () => {
    await auditRead(database.db, who.commander, 'report.unit', 'COMP-A@2024');
    const rows = await database.db.select().from(auditLog).where(eq(auditLog.userId, who.commander.id));
    expect(rows).toEqual([expect.objectContaining({ action: 'report.unit', target: 'COMP-A@2024' })]);
  });
});
