/**
 * Two release builds of one organisation at once (two `pnpm cli release build`, or the admin page
 * and the CLI). Each build suppresses with every release frozen before it fixed; a release frozen
 * by the other build while this one ran is not among them, so the two patterns do not respect
 * each other. The later store is refused with a clear message (and stores nothing); run again, it
 * respects the first. Before this, the pair either both froze (different periods: patterns that
 * ignore each other) or the second died on a raw `duplicate key … releases_pkey` (same period).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, sql } from '../src/db/client.js';
import { ConflictError } from '../src/errors.js';
import { buildRelease } from '../src/services/releases.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';
import { SMALL_ORGANISATION, valueFixture } from './helpers/value-fixture.js';

let t: TestDatabase;
const releaseIds = async () => (await queryRows<{ id: string }>(t.db, sql`select id from releases order by id`)).map((r) => r.id);

beforeAll(async () => {
  t = await createTestDatabase();
  await valueFixture(t.db, SMALL_ORGANISATION, { k: 5, kVictims: 3 }, [2024, 2025]);
}, 120_000);
afterAll(async () => { await t?.destroy(); });

/**
 * Starts the builds at once and records, per build, when it had read the earlier releases (its
 * first suppression line) and when it froze (its last line), in one sequence of events. Neither
 * stores before both are ready to store (or one has failed): left to the scheduler, a fast
 * machine could finish one build before the other read anything, and the two would not overlap;
 * and a build still computing when the other stores would name itself by the next free id.
 */
async function buildAtOnce(periods: string[]) {
  const events: string[] = [];
  let ready = 0;
  let allReady = () => {};
  const bothReady = new Promise<void>((resolve) => { allReady = resolve; });
  const results = await Promise.allSettled(periods.map((p, i) => buildRelease(t.db, p, {
    log: (line) => {
      if (line.startsWith('all: ')) events.push(`read ${i}`);
      if (line.startsWith('release ')) events.push(`froze ${i}`);
    },
    beforeStore: () => {
      if (++ready === periods.length) allReady();
      return bothReady;
    },
  }).finally(allReady)));
  // Overlapped: each read the earlier releases before the other froze (a refused build never froze).
  const at = (e: string) => (events.includes(e) ? events.indexOf(e) : Infinity);
  const overlapped = at('read 0') < at('froze 1') && at('read 1') < at('froze 0');
  return { results, overlapped };
}

describe('two release builds of one organisation at once', () => {
  it('refuses the later of two overlapping builds of different periods, clearly, storing nothing', async () => {
    const { results, overlapped } = await buildAtOnce(['VAL-2024', 'VAL-2025']);
    expect(overlapped).toBe(true);
    const refused = results.filter((r) => r.status === 'rejected');
    expect(refused).toHaveLength(1);
    const error = (refused[0] as PromiseRejectedResult).reason as Error;
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toMatch(/^release VAL-202[45]-r1 was not frozen: VAL-202[45]-r1 of VAL was frozen while it was being built, and every release must respect the ones before it; build the release of VAL-202[45] again$/);
    const frozen = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.id] : []));
    expect(await releaseIds()).toEqual(frozen);
    // run again, it builds (respecting the other)
    const again = /release of (\S+) again$/.exec(error.message)![1]!;
    expect((await buildRelease(t.db, again)).id).toBe(`${again}-r1`);
    expect(await releaseIds()).toEqual(['VAL-2024-r1', 'VAL-2025-r1']);
  }, 120_000);

  it('refuses the second of two builds of the same period with the same message, not a duplicate key', async () => {
    const { results, overlapped } = await buildAtOnce(['VAL-2025', 'VAL-2025']);
    expect(overlapped).toBe(true);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const error = (results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason as Error;
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toBe('release VAL-2025-r2 was not frozen: VAL-2025-r2 of VAL was frozen while it was being built, and every release must respect the ones before it; build the release of VAL-2025 again');
    expect(await releaseIds()).toEqual(['VAL-2024-r1', 'VAL-2025-r1', 'VAL-2025-r2']);
  }, 120_000);
});
