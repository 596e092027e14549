/**
 * Participation while a wave is open (decision 071): only units with headcount ≥ 2k, counted
 * through the end of yesterday, in steps of 5 points, and nothing before k have answered.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { werkbeleving } from '@vw/questionnaire';
import { eq } from 'drizzle-orm';
import { units, waveUnits } from '../../src/db/schema.js';
import { getParticipation, participationRate } from '../../src/services/participation.js';
import { insertResponses } from '../../src/services/responses.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { completeAnswers, createOpenWave, createOrganisation, createPopulation } from './factories.js';

describe('participationRate', () => {
  it('is shown only for headcount ≥ 2k and at least k answers, rounded down to 5 points', () => {
    expect(participationRate(7, 13, 7)).toBeNull(); // headcount below 2k
    expect(participationRate(6, 20, 7)).toBeNull(); // fewer than k answered
    expect(participationRate(0, 20, 7)).toBeNull(); // none answered: the same answer as 1 to k − 1
    expect(participationRate(7, 20, 7)).toBe(0.35);
    expect(participationRate(8, 20, 7)).toBe(0.4);
    expect(participationRate(9, 40, 7)).toBe(0.2); // 22.5% → 20%
    expect(participationRate(50, 40, 7)).toBe(1);
  });
});

describe('getParticipation', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await createOrganisation(t.db); // k = 7; TST has headcount 20, the others fewer than 14
    const wave = await createOpenWave(t.db);
    await createPopulation(t.db, wave.code);
    const [root] = await t.db.select().from(units).where(eq(units.code, 'TST'));
    const [wu] = await t.db.select().from(waveUnits).where(eq(waveUnits.waveId, wave.id));
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const answer = (submittedOn: string) => ({ id: randomUUID(), waveId: wave.id, unitId: root!.id, instrumentVersionId: wu!.instrumentVersionId, submittedOn, answers: completeAnswers(false) });
    // Eight answered yesterday, three today.
    await insertResponses(t.db, werkbeleving, [...Array.from({ length: 8 }, () => answer(day(-1))), ...Array.from({ length: 3 }, () => answer(day(0)))]);
  });
  afterAll(async () => { await t.destroy(); });

  it('counts through the end of yesterday, only for units with headcount ≥ 2k', async () => {
    const p = await getParticipation(t.db, 'TST-W1');
    expect(p.state).toBe('open');
    expect(p.through).toBe(new Date(Date.now() - 86_400_000).toISOString().slice(0, 10));
    // Today's three answers are not counted: 8 of 20 = 40%, not 11 of 20 = 55%.
    expect(p.units).toEqual([{ unit: 'TST', name: 'Testorganisatie', headcount: 20, rate: 0.4 }]);
  });

  it('shows nothing for a wave that is not open', async () => {
    const later = await getParticipation(t.db, 'TST-W1', new Date(Date.now() + 30 * 86_400_000));
    expect(later.state).toBe('closed');
    expect(later.units).toEqual([]);
  });
});
