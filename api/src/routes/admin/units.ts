/**
 * Units and headcounts: upload units.csv / population.csv (interchange.md), all or nothing. A bad
 * file is answered with 422 and every bad row (`issues: [{ line, column, reason }]`).
 */
import { Hono } from 'hono';
import { and, asc, eq } from 'drizzle-orm';
import type { AuthEnv } from '../../auth/middleware.js';
import type { Db } from '../../db/client.js';
import { organisations, population, units } from '../../db/schema.js';
import { NotFoundError, UsageError } from '../../errors.js';
import { importPopulation } from '../../services/import-population.js';
import { importUnits } from '../../services/import-units.js';

/**
 * Rows per upload: far above any organisation's unit tree or a wave's headcounts (the defence demo
 * has ~45,000 population rows per period), far below what would take gigabytes to check in one
 * request. Larger files go through the CLI (`pnpm cli import …`).
 */
export const MAX_UPLOAD_ROWS = 200_000;


class DryRun extends Error {}

/**
 * `?dryRun=true`: the import runs in full (every check, every write) inside a transaction that is
 * then rolled back, so the admin sees what the upload would change, or every bad row, and
 * nothing is stored.
 */
async function maybeDry<T extends object>(db: Db, dry: boolean, run: (db: Db) => Promise<T>): Promise<T | (T & { dryRun: true })> {
  if (!dry) return run(db);
  let result: T | undefined;
  await db.transaction(async (tx) => {
    result = await run(tx as unknown as Db);
    throw new DryRun();
  }).catch((e: unknown) => { if (!(e instanceof DryRun)) throw e; });
  return { ...(result as T), dryRun: true };
}

/** The body is the CSV text itself (`text/csv`). */
async function csvText(req: { text(): Promise<string> }): Promise<string> {
  const text = (await req.text()).replace(/^\uFEFF/, '');
  let lines = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    lines += 1;
    if (lines > MAX_UPLOAD_ROWS + 1) throw new UsageError(`a file may have at most ${MAX_UPLOAD_ROWS} rows per upload; import larger files with the command line (pnpm cli import)`);
  }
  return text;
}

export const unitRoutes = new Hono<AuthEnv>()
  .post('/units', async (c) => {
    const text = await csvText(c.req);
    const file = c.req.query('file') ?? 'units.csv';
    return c.json(await maybeDry(c.get('db'), c.req.query('dryRun') === 'true', (db) => importUnits(db, text, file)));
  })
  .post('/population', async (c) => {
    const text = await csvText(c.req);
    const file = c.req.query('file') ?? 'population.csv';
    return c.json(await maybeDry(c.get('db'), c.req.query('dryRun') === 'true', (db) => importPopulation(db, text, file)));
  })
  /** The unit tree of one organisation (or of all, without `?organisation=`), for scope pickers. */
  .get('/units', async (c) => {
    const db = c.get('db');
    const code = c.req.query('organisation');
    let q = db.select({
      id: units.id, code: units.code, name: units.name, level: units.level, parentId: units.parentId,
      organisation: organisations.code, excludedFromPooling: units.excludedFromPooling, validFrom: units.validFrom, validTo: units.validTo,
    }).from(units).innerJoin(organisations, eq(organisations.id, units.organisationId)).$dynamic();
    if (code) {
      const [org] = await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.code, code));
      if (!org) throw new NotFoundError(`unknown organisation "${code}"`);
      q = q.where(eq(units.organisationId, org.id));
    }
    return c.json({ units: await q.orderBy(asc(units.code)) });
  })
  /** Headcounts (dimension `all`) per unit and period, for the units tree; counts the admin uploaded. */
  .get('/population', async (c) => {
    const db = c.get('db');
    const rows = await db.select({ unit: units.code, period: population.period, headcount: population.headcount })
      .from(population).innerJoin(units, eq(units.id, population.unitId))
      .where(and(eq(population.dimension, 'all'), eq(population.group, 'all')));
    return c.json({ periods: [...new Set(rows.map((r) => r.period))].sort(), headcounts: rows });
  });
