/**
 * Release builds that the platform process runs after it answers (decision 047, session 8
 * addendum): `npm start` loads the demo, serves the API and the apps, and only then builds the
 * demo's releases, one after another, each in its own process (a value-checked build keeps a core
 * busy for seconds at a time; in the API's own event loop it would stall every request).
 *
 * This module keeps, in the memory of the one process that runs them, which builds are still
 * waiting, which one runs and which failed, so the dashboard can say "being built" instead of
 * "no release". Metadata only: organisation, period and state, never a figure. An admin's build
 * (`POST /releases`, `buildListed`) is listed as building while it runs, and leaves the list when
 * it is frozen. A refused one stays, as failed, with why (`error`): the build form stops waiting
 * after a while (decision 086), and a defence window takes minutes, so the admin reads the refusal
 * on the waves page (session 11); so does a refused build of the platform's own queue (`runBuilds`,
 * session 12). The routes show that error to admins only. Builds of the CLI are not listed (they
 * run in another process).
 */
import { queryRows, sql, type Db } from '../db/client.js';
import { ORGANISATION as DEMO_ORGANISATION } from '../demo/tree.js';
import { getOrganisationByCode, getOrganisationById, listOrganisations } from '../repositories/organisations.js';
import { getWaveByCode } from '../repositories/waves.js';
import type { BuiltRelease, ReleaseBuilder } from './release-builder.js';

export type BuildState = 'waiting' | 'building' | 'failed';

export interface PendingBuild {
  organisationId: number;
  organisation: string;
  period: string;
  state: BuildState;
  /** Why an admin's build was refused (the error it answered with); routes show it to admins only. */
  error?: unknown;
}

const pending = new Map<string, PendingBuild>();
const key = (organisationId: number, period: string) => `${organisationId}|${period}`;

/** The builds not yet frozen, in the order they run; those of one organisation when given. */
export function pendingBuilds(organisationId?: number | null): PendingBuild[] {
  const all = [...pending.values()];
  return organisationId == null ? all : all.filter((b) => b.organisationId === organisationId);
}

/** For tests: forget every build. */
export function clearPendingBuilds(): void {
  pending.clear();
  running.clear();
}

/**
 * Admin builds running per key (two POSTs of one period may overlap; the later store is refused):
 * how many, whether one froze, and the last refusal.
 */
const running = new Map<string, { count: number; frozen: boolean; error: unknown }>();

/**
 * The organisation a build of `period` (with `org`, when given) is for, as the build resolves it
 * (a wave's own organisation; a window's named or only one), or null when the build itself will
 * refuse (not a wave and not a window `YYYY-YYYY`, an unknown organisation: it says why).
 */
async function organisationOfPeriod(db: Db, period: string, org: string | undefined): Promise<{ id: number; code: string } | null> {
  const wave = await getWaveByCode(db, period);
  if (wave) return (await getOrganisationById(db, wave.organisationId)) ?? null;
  if (!/^\d{4}-\d{4}$/.test(period)) return null;
  if (org) return (await getOrganisationByCode(db, org)) ?? null;
  const all = await listOrganisations(db);
  return all.length === 1 ? all[0]! : null;
}

/**
 * An admin's build (`POST /releases`) with `builder`, listed as `building` while it runs. Frozen,
 * it leaves the list; refused, it stays as `failed` with the error, until the period is built
 * again (two overlapping builds of one period: the last to answer decides).
 */
export async function buildListed(db: Db, builder: ReleaseBuilder, period: string, org: string | undefined): Promise<BuiltRelease> {
  const target = await organisationOfPeriod(db, period, org).catch(() => null);
  if (!target) return builder.build(db, period, { org });
  const k = key(target.id, period);
  const run = running.get(k) ?? { count: 0, frozen: false, error: undefined as unknown };
  run.count += 1;
  running.set(k, run);
  pending.set(k, { organisationId: target.id, organisation: target.code, period, state: 'building' });
  try {
    const built = await builder.build(db, period, { org });
    run.frozen = true;
    return built;
  } catch (e) {
    run.error = e;
    throw e;
  } finally {
    run.count -= 1;
    if (run.count === 0) {
      running.delete(k);
      if (run.frozen) pending.delete(k);
      else pending.set(k, { organisationId: target.id, organisation: target.code, period, state: 'failed', error: run.error });
    }
  }
}

export interface BuildJob { organisationId: number; organisation: string; period: string }

/**
 * Runs `build` for each job in turn (never two at once: each build suppresses with the releases
 * frozen before it, decision 047). Every job is listed as waiting at once; a frozen one leaves the
 * list; a failed one stays as failed with its error (the dashboard says so; an admin reads why on
 * the waves page), and the next job still runs.
 * `report` gets one line per job and, at the end, how many were frozen.
 */
export async function runBuilds(
  jobs: readonly BuildJob[],
  build: (job: BuildJob) => Promise<void>,
  report: (event: { job: BuildJob; index: number; seconds: number; error?: string } | { done: number; failed: number; seconds: number }) => void = () => {},
): Promise<{ done: number; failed: number }> {
  for (const j of jobs) pending.set(key(j.organisationId, j.period), { ...j, state: 'waiting' });
  const t0 = performance.now();
  let done = 0;
  let failed = 0;
  for (const [index, job] of jobs.entries()) {
    const k = key(job.organisationId, job.period);
    pending.set(k, { ...job, state: 'building' });
    const t = performance.now();
    try {
      await build(job);
      pending.delete(k);
      done += 1;
      report({ job, index, seconds: (performance.now() - t) / 1000 });
    } catch (err) {
      // Kept with why, like an admin's build: the routes show it to admins only.
      pending.set(k, { ...job, state: 'failed', error: err });
      failed += 1;
      report({ job, index, seconds: (performance.now() - t) / 1000, error: err instanceof Error ? err.message : String(err) });
    }
  }
  report({ done, failed, seconds: (performance.now() - t0) / 1000 });
  return { done, failed };
}

/**
 * The demo's waves (`DEF-<year>`) and, when they span three years or more, their window, that
 * have no frozen release yet; oldest first (each build respects the ones before it).
 */
export async function demoReleasesToBuild(db: Db): Promise<BuildJob[]> {
  const [org] = await queryRows<{ id: number }>(db, sql`select id from organisations where code = ${DEMO_ORGANISATION.code}`);
  if (!org) return [];
  const waves = await queryRows<{ code: string; year: number }>(db, sql`
    select code, extract(year from closes_at)::int as year from waves
    where organisation_id = ${org.id} and code ~ ${`^${DEMO_ORGANISATION.code}-[0-9]{4}$`} and closes_at <= now()
    order by closes_at`);
  const periods = waves.map((w) => w.code);
  const years = waves.map((w) => w.year);
  if (years.length > 0 && Math.max(...years) - Math.min(...years) >= 2) periods.push(`${Math.min(...years)}-${Math.max(...years)}`);
  const built = new Set((await queryRows<{ period: string }>(db, sql`select period from releases where organisation_id = ${org.id}`)).map((r) => r.period));
  return periods.filter((p) => !built.has(p)).map((period) => ({ organisationId: org.id, organisation: DEMO_ORGANISATION.code, period }));
}
