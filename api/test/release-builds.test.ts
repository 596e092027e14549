/**
 * Releases the platform builds after it answers (npm start's demo, decision 047 session 8): the
 * builds run one at a time, in order; each is listed as waiting, then building, and leaves the
 * list when frozen; a failed one stays as failed and the next still runs. `GET /release-builds`
 * shows a reader only their own organisation's builds, without figures.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildListed, clearPendingBuilds, demoReleasesToBuild, pendingBuilds, runBuilds, type BuildJob } from '../src/services/release-builds.js';
import { inProcessBuilder, type ReleaseBuilder } from '../src/services/release-builder.js';
import { ConflictError, NotFoundError } from '../src/errors.js';
import { loadDemo } from '../src/services/load-demo.js';
import { releases } from '../src/db/schema.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';
import { as, createFixture, EMAIL, signIn, type Fixture, type Session } from './auth/fixture.js';

const job = (organisationId: number, organisation: string, period: string): BuildJob => ({ organisationId, organisation, period });

afterEach(() => clearPendingBuilds());

describe('runBuilds', () => {
  it('runs the builds one after another and lists what is not yet frozen', async () => {
    const jobs = [job(1, 'A', 'A-2023'), job(1, 'A', 'A-2024'), job(1, 'A', '2023-2024')];
    const seen: string[][] = [];
    let running = 0;
    const events: string[] = [];
    const result = await runBuilds(jobs, async (j) => {
      running += 1;
      expect(running).toBe(1);
      seen.push(pendingBuilds().map((b) => `${b.period}:${b.state}`));
      await new Promise((r) => setTimeout(r, 5));
      running -= 1;
      if (j.period === 'A-2024') throw new Error('refused: built without the value check');
    }, (ev) => events.push('job' in ev ? `${ev.job.period}${ev.error ? ` failed: ${ev.error}` : ' frozen'}` : `done ${ev.done}, failed ${ev.failed}`));
    expect(seen).toEqual([
      ['A-2023:building', 'A-2024:waiting', '2023-2024:waiting'],
      ['A-2024:building', '2023-2024:waiting'],
      ['A-2024:failed', '2023-2024:building'],
    ]);
    expect(result).toEqual({ done: 2, failed: 1 });
    expect(events).toEqual(['A-2023 frozen', 'A-2024 failed: refused: built without the value check', '2023-2024 frozen', 'done 2, failed 1']);
    expect(pendingBuilds().map((b) => `${b.period}:${b.state}`)).toEqual(['A-2024:failed']);
  });

  it('filters by organisation', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const running = runBuilds([job(1, 'A', 'A-2023'), job(2, 'B', 'B-2023')], () => gate);
    expect(pendingBuilds(1).map((b) => b.period)).toEqual(['A-2023']);
    expect(pendingBuilds(2).map((b) => b.period)).toEqual(['B-2023']);
    expect(pendingBuilds(null)).toHaveLength(2);
    release();
    await running;
    expect(pendingBuilds()).toEqual([]);
  });
});

describe('GET /release-builds', () => {
  let t: TestDatabase;
  let f: Fixture;
  const sessions: Partial<Record<'admin' | 'researcher' | 'commander', Session>> = {};

  beforeAll(async () => {
    t = await createTestDatabase();
    f = await createFixture(t.db);
    for (const p of ['admin', 'researcher', 'commander'] as const) sessions[p] = await signIn(f.app, EMAIL[p]);
  });
  afterAll(async () => { await t?.destroy(); });

  const builds = async (who: Session | null) => {
    const res = await f.app.request('/release-builds', { headers: as(who) });
    return { status: res.status, body: res.status === 200 ? (await res.json()) as { builds: unknown[] } : null };
  };

  it('lists the builds of the reader\'s organisation (an admin: all), period and state only', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const running = runBuilds([job(f.orgId, 'ORG', 'ORG-2024'), job(f.orgId + 1000, 'ELSE', 'ELSE-2024')], () => gate);
    expect((await builds(sessions.commander!)).body).toEqual({ builds: [{ organisation: 'ORG', period: 'ORG-2024', state: 'building' }] });
    expect((await builds(sessions.researcher!)).body).toEqual({ builds: [{ organisation: 'ORG', period: 'ORG-2024', state: 'building' }] });
    expect((await builds(sessions.admin!)).body!.builds).toHaveLength(2);
    expect((await builds(null)).status).toBe(401);
    release();
    await running;
    expect((await builds(sessions.admin!)).body).toEqual({ builds: [] });
  });

  it('keeps an admin\'s refused build with why, for admins only: the refusal names cells', async () => {
    const why = 'earlier releases already reveal cells of 2021-2024 (all): ORG-2021-r1#ORG-2021|ORG|gender:man exposes 2021-2024|ORG|gender:vrouw';
    const refusing: ReleaseBuilder = { ...inProcessBuilder, build: () => Promise.reject(new ConflictError(why)) };
    await expect(buildListed(t.db, refusing, '2021-2024', 'ORG')).rejects.toThrow(ConflictError);
    expect((await builds(sessions.admin!)).body).toEqual({ builds: [{ organisation: 'ORG', period: '2021-2024', state: 'failed', refusal: why }] });
    expect((await builds(sessions.commander!)).body).toEqual({ builds: [{ organisation: 'ORG', period: '2021-2024', state: 'failed' }] });
    expect((await builds(sessions.researcher!)).body).toEqual({ builds: [{ organisation: 'ORG', period: '2021-2024', state: 'failed' }] });
    // An error that is not a refusal says nothing about itself.
    const crashing: ReleaseBuilder = { ...inProcessBuilder, build: () => Promise.reject(new Error('internal detail')) };
    await expect(buildListed(t.db, crashing, '2021-2024', 'ORG')).rejects.toThrow('internal detail');
    expect((await builds(sessions.admin!)).body).toEqual({ builds: [{ organisation: 'ORG', period: '2021-2024', state: 'failed', refusal: 'the build failed (see the server log)' }] });
  });

  it('keeps a refused build of the platform\'s own queue with why, for admins only', async () => {
    const why = 'the release failed its audit; it was not frozen: 3 counts of sv_experienced/any stay pinned';
    await runBuilds([job(f.orgId, 'ORG', 'ORG-2025')], () => Promise.reject(new ConflictError(why)));
    expect((await builds(sessions.admin!)).body).toEqual({ builds: [{ organisation: 'ORG', period: 'ORG-2025', state: 'failed', refusal: why }] });
    expect((await builds(sessions.commander!)).body).toEqual({ builds: [{ organisation: 'ORG', period: 'ORG-2025', state: 'failed' }] });
    expect((await builds(sessions.researcher!)).body).toEqual({ builds: [{ organisation: 'ORG', period: 'ORG-2025', state: 'failed' }] });
  });
});

describe('the demo releases npm start builds', () => {
  let t: TestDatabase;
  beforeAll(async () => { t = await createTestDatabase(); });
  afterAll(async () => { await t?.destroy(); });

  it('are none without the demo, its three waves and their window after loading it, and only the missing ones after an interrupted start', async () => {
    expect(await demoReleasesToBuild(t.db)).toEqual([]);
    await loadDemo(t.db, { size: 'small' });
    const jobs = await demoReleasesToBuild(t.db);
    expect(jobs.map((j) => `${j.organisation} ${j.period}`)).toEqual(['DEF DEF-2023', 'DEF DEF-2024', 'DEF DEF-2025', 'DEF 2023-2025']);
    // A start stopped after the first release was frozen: the next start builds the other three.
    await t.db.insert(releases).values({ id: 'DEF-2023-r1', organisationId: jobs[0]!.organisationId, period: 'DEF-2023', kind: 'wave', rules: { k: 10, kVictims: 10 }, summary: {}, frozenAt: new Date() });
    expect((await demoReleasesToBuild(t.db)).map((j) => j.period)).toEqual(['DEF-2024', 'DEF-2025', '2023-2025']);
  }, 300_000);
});

describe('an admin\'s build (POST /releases, decision 086)', () => {
  let t: TestDatabase;
  beforeAll(async () => { t = await createTestDatabase(); await loadDemo(t.db, { size: 'small' }); }, 300_000);
  afterAll(async () => { await t?.destroy(); });

  it('is listed as building while it runs, leaves the list when frozen, and stays as failed with the error when refused', async () => {
    // The real in-process build, noting the list when it starts.
    const seen: string[][] = [];
    const builder: ReleaseBuilder = { ...inProcessBuilder, build: (db, period, opts) => {
      seen.push(pendingBuilds().map((b) => `${b.organisation} ${b.period}:${b.state}`));
      return inProcessBuilder.build(db, period, opts);
    } };
    const [demo] = await demoReleasesToBuild(t.db);
    // The start's build of DEF-2023 failed: listed as failed.
    await runBuilds([demo!], () => Promise.reject(new Error('stopped')));
    await expect(buildListed(t.db, builder, 'DEF-2023', 'XYZ')).rejects.toThrow(NotFoundError);
    expect(seen.pop()).toEqual(['DEF DEF-2023:building']);
    expect(pendingBuilds().map((b) => `${b.period}:${b.state}`)).toEqual(['DEF-2023:failed']);
    expect(pendingBuilds()[0]!.error).toBeInstanceOf(NotFoundError);
    // An unknown period is not listed at all; the build refuses in its own words.
    await expect(buildListed(t.db, builder, 'NOPE', undefined)).rejects.toThrow('unknown period "NOPE"');
    expect(seen.pop()).toEqual(['DEF DEF-2023:failed']);
    // Frozen: it leaves the list.
    expect((await buildListed(t.db, builder, 'DEF-2023', undefined)).id).toBe('DEF-2023-r1');
    expect(seen.pop()).toEqual(['DEF DEF-2023:building']);
    expect(pendingBuilds()).toEqual([]);

    // Two overlapping builds of one period (two clicks): listed until both answered; one froze, so
    // it leaves the list even when the other, refused, answers last. (The builds are held at a gate
    // and answer in this order; the refusal is the real one of a period that does not exist.)
    let open = () => {};
    const gate = new Promise<void>((r) => { open = r; });
    let entered = 0;
    const held = (answer: (db: typeof t.db) => Promise<{ id: string; period: string; rows: number; suppressed: number }>): ReleaseBuilder =>
      ({ ...inProcessBuilder, build: async (db) => { entered++; await gate; return answer(db); } });
    const froze = buildListed(t.db, held(async () => ({ id: 'DEF-2024-r1', period: 'DEF-2024', rows: 1, suppressed: 0 })), 'DEF-2024', undefined);
    const refused = buildListed(t.db, held((db) => inProcessBuilder.build(db, 'NOPE')), 'DEF-2024', undefined);
    // Both are listed once both reached their builder (each first looks up the period's
    // organisation: on a loaded machine that took longer than a fixed wait, CI of session 13).
    while (entered < 2) await new Promise((r) => setTimeout(r, 10));
    expect(pendingBuilds().map((b) => `${b.period}:${b.state}`)).toEqual(['DEF-2024:building']);
    open();
    await froze;
    expect(pendingBuilds().map((b) => `${b.period}:${b.state}`)).toEqual(['DEF-2024:building']);
    await expect(refused).rejects.toThrow(NotFoundError);
    expect(pendingBuilds()).toEqual([]);
  }, 600_000);
});
